"""The timetable preview, and the partnership's timescales, closures and clock settings.

Every page is tried with the four people (style.md, 'Access'): the Business Manager
(may change), the read-only auditor (may look), an outsider in the same partnership
(403) and a Business Manager of another partnership (404 on our records).
"""

from datetime import date

import pytest
from django.urls import reverse

from lantern.clock.models import ClockSettings, ClosureDay, LocalTimescale

pytestmark = pytest.mark.django_db

LIST = reverse("clock:timescales")
PREVIEW = reverse("clock:preview")
MEETING = reverse("clock:timescale_edit", args=["rapid-review", "meeting"])
COMPLETE = reverse("clock:timescale_edit", args=["rapid-review", "complete"])
CLOSURE_ADD = reverse("clock:closure_add")
SETTINGS = reverse("clock:settings")


def as_(client, person):
    client.force_login(person)
    return client


def preview_query(pathway="rapid-review", day="21", month="12", year="2026", **extra):
    return {"pathway": pathway, "start_0": day, "start_1": month, "start_2": year, **extra}


class TestPreview:
    def test_sign_in_is_required(self, client):
        response = client.get(PREVIEW)
        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]

    def test_anyone_in_a_partnership_may_plan_with_it(self, client, clock_cast):
        response = as_(client, clock_cast.outsider).get(PREVIEW)
        assert response.status_code == 200
        assert "Show the timetable" in response.content.decode()

    def test_shows_each_steps_dates_in_a_table(self, client, clock_cast):
        body = as_(client, clock_cast.outsider).get(PREVIEW, preview_query()).content.decode()
        assert "Rapid review: clock starting 21 December 2026" in body  # the caption
        assert "Mon 4 Jan 2027" in body and "Tue 12 Jan 2027" in body  # the meeting window
        assert "Thu 14 Jan 2027" in body
        assert body.count("govuk-tag--blue") == 2  # two statutory steps
        assert "Secretary of State and Ofsted" not in body

    def test_the_looked_after_steps_on_request(self, client, clock_cast):
        query = preview_query(conditions="looked-after")
        body = as_(client, clock_cast.outsider).get(PREVIEW, query).content.decode()
        assert "Secretary of State and Ofsted" in body

    @pytest.mark.parametrize(
        ("query", "message"),
        [
            (preview_query(day="31", month="2"), "Date the clock starts must be a real date."),
            (preview_query(year="26"), "must be a real date, like 27 3 2026"),
            (preview_query(day=""), "Date the clock starts must include a day."),
            (preview_query(day="", month="", year=""), "Enter the date the clock starts."),
            (preview_query(year="1999"), "must be between 2000 and 2099"),
            (preview_query(pathway=""), "Choose the pathway."),
            (preview_query(pathway="nonsense"), "Choose a pathway."),
        ],
    )
    def test_bad_input_is_explained(self, client, clock_cast, query, message):
        response = as_(client, clock_cast.outsider).get(PREVIEW, query)
        body = response.content.decode()
        assert response.status_code == 200
        assert "There is a problem" in body
        assert message in body
        assert "<caption" not in body

    def test_a_local_timescale_change_alters_the_preview(self, client, clock_cast):
        """A partnership's own timescales show in its preview; not in anyone else's."""
        client = as_(client, clock_cast.manager)
        response = client.post(MEETING, {"amount": "10", "earliest_amount": "5"})
        assert response.status_code == 302
        body = client.get(PREVIEW, preview_query()).content.decode()
        assert "Wed 30 Dec 2026" in body and "Thu 7 Jan 2027" in body  # day 5 to day 10
        assert "Tue 12 Jan 2027" not in body
        other = as_(client, clock_cast.stranger).get(PREVIEW, preview_query()).content.decode()
        assert "Tue 12 Jan 2027" in other


class TestTimescalesList:
    def test_manager_sees_defaults_local_values_and_may_change(self, client, clock_cast):
        LocalTimescale.objects.create(
            partnership=clock_cast.partnership, pathway="rapid-review", step_id="meeting", amount=10
        )
        body = as_(client, clock_cast.manager).get(LIST).content.decode()
        assert "7 to 13 working days after" in body  # the default
        assert "7 to 10 working days after" in body  # this partnership's
        assert MEETING in body
        assert COMPLETE not in body  # statutory: no change link
        assert "Add a closure day" in body

    def test_auditor_reads_but_is_offered_no_changes(self, client, clock_cast):
        response = as_(client, clock_cast.auditor).get(LIST)
        body = response.content.decode()
        assert response.status_code == 200
        assert "Rapid review meeting held" in body
        assert MEETING not in body and "Add a closure day" not in body

    def test_outsider_gets_403(self, client, clock_cast):
        assert as_(client, clock_cast.outsider).get(LIST).status_code == 403

    def test_stranger_sees_only_their_own_partnerships(self, client, clock_cast):
        ClosureDay.objects.create(
            partnership=clock_cast.partnership, date=date(2026, 12, 29), reason="Our office move"
        )
        body = as_(client, clock_cast.stranger).get(LIST).content.decode()
        assert "Our office move" not in body

    def test_query_count_stays_flat_as_closures_and_local_values_grow(
        self, client, clock_cast, django_assert_num_queries
    ):
        client = as_(client, clock_cast.manager)
        # Queries, the same for 1 closure or 21: 1 session, 2 the signed-in user, 3 their
        # authenticator (two-factor middleware), 4 their partnership (two-factor and
        # header), 5 their roles (policy), 6 the clock settings, 7 the local timescales,
        # 8 the closure days; no session write (issue 13: renewed at most once a minute).
        client.get(LIST)  # warm the session
        with django_assert_num_queries(8):
            client.get(LIST)
        ClockSettings.objects.create(partnership=clock_cast.partnership, due_soon_days=5)
        for day in range(1, 22):
            ClosureDay.objects.create(
                partnership=clock_cast.partnership, date=date(2030, 1, 1 + day), reason="x"
            )
        for step_id in ("scoping-sent", "scoping-returned", "meeting", "outcome-sent"):
            LocalTimescale.objects.create(
                partnership=clock_cast.partnership,
                pathway="rapid-review",
                step_id=step_id,
                amount=3 if step_id != "meeting" else 12,
            )
        with django_assert_num_queries(8):
            client.get(LIST)


class TestTimescaleEdit:
    def test_matrix(self, client, clock_cast):
        for who, status in [("manager", 200), ("auditor", 403), ("outsider", 403)]:
            assert as_(client, getattr(clock_cast, who)).get(MEETING).status_code == status, who

    def test_manager_changes_a_timescale_and_it_is_audited(self, client, clock_cast):
        response = as_(client, clock_cast.manager).post(MEETING, {"amount": "10"})
        assert response.status_code == 302
        local = LocalTimescale.objects.get(partnership=clock_cast.partnership)
        assert (local.step_id, local.amount, local.earliest_amount) == ("meeting", 10, None)

    @pytest.mark.parametrize("who", ["auditor", "outsider"])
    def test_others_of_the_partnership_cannot_change_it(self, client, clock_cast, who):
        response = as_(client, getattr(clock_cast, who)).post(MEETING, {"amount": "10"})
        assert response.status_code == 403
        assert not LocalTimescale.objects.exists()

    def test_a_stranger_changes_only_their_own_partnerships(self, client, clock_cast):
        as_(client, clock_cast.stranger).post(MEETING, {"amount": "10"})
        assert not LocalTimescale.objects.filter(partnership=clock_cast.partnership).exists()

    def test_mistakes_are_explained(self, client, clock_cast):
        response = as_(client, clock_cast.manager).post(
            MEETING, {"amount": "5", "earliest_amount": "7"}
        )
        body = response.content.decode()
        assert "The earliest date must be on or before the due date" in body
        assert "between 1 and 5 working days" in body
        response = as_(client, clock_cast.manager).post(MEETING, {"amount": "many"})
        assert "Enter a whole number of working days." in response.content.decode()
        assert not LocalTimescale.objects.exists()

    def test_statutory_timescales_are_refused(self, client, clock_cast):
        """The statutory ones cannot be changed, even by the Business Manager."""
        client = as_(client, clock_cast.manager)
        body = client.get(COMPLETE).content.decode()
        assert "This is a statutory timescale" in body
        assert "<form" not in body.split("<main")[1]
        response = client.post(COMPLETE, {"amount": "20"})
        assert response.status_code == 200
        assert "statutory timescale" in response.content.decode()
        assert not LocalTimescale.objects.exists()

    def test_unknown_steps_are_404(self, client, clock_cast):
        client = as_(client, clock_cast.manager)
        url = reverse("clock:timescale_edit", args=["rapid-review", "nonsense"])
        assert client.get(url).status_code == 404
        url = reverse("clock:timescale_edit", args=["nonsense", "meeting"])
        assert client.get(url).status_code == 404


class TestClosures:
    def closure_data(self, day="29", reason="Office move"):
        return {"date_0": day, "date_1": "12", "date_2": "2026", "reason": reason}

    def test_manager_adds_a_closure_day(self, client, clock_cast):
        client = as_(client, clock_cast.manager)
        assert client.get(CLOSURE_ADD).status_code == 200
        response = client.post(CLOSURE_ADD, self.closure_data(), follow=True)
        assert "29 December 2026 is now a closure day." in response.content.decode()
        assert ClosureDay.objects.get().partnership == clock_cast.partnership

    def test_a_day_that_does_not_count_anyway_is_explained(self, client, clock_cast):
        response = as_(client, clock_cast.manager).post(CLOSURE_ADD, self.closure_data("28"))
        assert "28 December 2026 is already not a working day (a bank holiday)." in (
            response.content.decode()
        )
        response = as_(client, clock_cast.manager).post(CLOSURE_ADD, self.closure_data(reason=""))
        assert "Enter the reason for the closure." in response.content.decode()
        assert not ClosureDay.objects.exists()

    @pytest.mark.parametrize("who", ["auditor", "outsider"])
    def test_others_of_the_partnership_cannot_add(self, client, clock_cast, who):
        response = as_(client, getattr(clock_cast, who)).post(CLOSURE_ADD, self.closure_data())
        assert response.status_code == 403
        assert not ClosureDay.objects.exists()

    def test_removal_matrix(self, client, clock_cast):
        closure = ClosureDay.objects.create(
            partnership=clock_cast.partnership, date=date(2026, 12, 29), reason="Move"
        )
        url = reverse("clock:closure_remove", args=[closure.pk])
        for who, status in [("stranger", 404), ("auditor", 403), ("outsider", 403)]:
            assert as_(client, getattr(clock_cast, who)).post(url).status_code == status, who
        assert ClosureDay.objects.exists()
        assert as_(client, clock_cast.manager).get(url).status_code == 405
        assert as_(client, clock_cast.manager).post(url).status_code == 302
        assert not ClosureDay.objects.exists()


class TestClockSettings:
    def test_manager_chooses_to_count_from_the_notification(self, client, clock_cast):
        """The rapid review's anchor is the partnership's choice (WT2023: notification)."""
        client = as_(client, clock_cast.manager)
        assert client.get(SETTINGS).status_code == 200
        response = client.post(
            SETTINGS, {"rapid_review_anchor": "panel-notified", "due_soon_days": "5"}
        )
        assert response.status_code == 302
        settings = ClockSettings.objects.get(partnership=clock_cast.partnership)
        assert (settings.rapid_review_anchor, settings.due_soon_days) == ("panel-notified", 5)
        body = client.get(PREVIEW, preview_query()).content.decode()
        assert "Tue 19 Jan 2027" in body  # the meeting, 13 working days after 30 Dec
        listing = client.get(LIST).content.decode()
        assert "When the local authority notifies the National Panel" in listing

    def test_bad_values_are_explained(self, client, clock_cast):
        response = as_(client, clock_cast.manager).post(
            SETTINGS, {"rapid_review_anchor": "start", "due_soon_days": "30"}
        )
        assert "Enter a number of working days from 0 to 20." in response.content.decode()
        assert not ClockSettings.objects.exists()

    @pytest.mark.parametrize("who", ["auditor", "outsider"])
    def test_others_of_the_partnership_cannot_change_them(self, client, clock_cast, who):
        client = as_(client, getattr(clock_cast, who))
        assert client.get(SETTINGS).status_code == 403
        data = {"rapid_review_anchor": "panel-notified", "due_soon_days": "5"}
        assert client.post(SETTINGS, data).status_code == 403
        assert not ClockSettings.objects.exists()
