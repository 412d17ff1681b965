"""Rule: a DHR is for a death at 16 or over, by a relative, (ex) partner or household member."""

import datetime

import pytest

from lantern.dhr.rules import age_on, notification_problems

D = datetime.date
TODAY = D(2026, 3, 10)


def _problems(**overrides):
    args = {
        "date_of_birth": D(1990, 1, 1), "date_of_death": D(2026, 3, 1),
        "notified_on": D(2026, 3, 2), "relationship": "partner", "today": TODAY,
    }  # fmt: skip
    args.update(overrides)
    return notification_problems(**args)


def test_a_qualifying_death_has_no_problems():
    assert _problems() == {}


@pytest.mark.parametrize("relationship", ["relative", "partner", "ex_partner", "household"])
def test_rule_each_qualifying_relationship_is_accepted(relationship):
    assert _problems(relationship=relationship) == {}


def test_rule_another_relationship_is_refused_with_the_list():
    message = _problems(relationship="other")["relationship"]
    assert "relative, a current or former intimate partner or a member of the same household" in (
        message
    )


def test_rule_age_at_death_must_be_16_or_over():
    # 16th birthday on 1 March 2026, the day of death: qualifies.
    assert _problems(date_of_birth=D(2010, 3, 1)) == {}
    # One day short of 16.
    message = _problems(date_of_birth=D(2010, 3, 2))["date_of_birth"]
    assert "was 15 when they died" in message and "16 or over" in message


def test_age_counts_birthdays_not_years():
    assert age_on(D(2000, 12, 31), D(2026, 12, 30)) == 25
    assert age_on(D(2000, 2, 29), D(2026, 3, 1)) == 26


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"date_of_death": D(2026, 3, 11)}, "date_of_death", "cannot be in the future"),
        ({"date_of_birth": D(2026, 3, 2)}, "date_of_birth", "before the date of death"),
        ({"notified_on": D(2026, 3, 11)}, "notified_on", "cannot be in the future"),
        ({"notified_on": D(2026, 2, 28)}, "notified_on", "before the death"),
    ],
)
def test_rule_dates_must_be_in_order(overrides, field, message):
    assert message in _problems(**overrides)[field]
