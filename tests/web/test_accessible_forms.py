"""Errors a screen reader announces (issue 12, item 15) and titles that tell pages apart
(issue 12, item 16), checked on the HTML Lantern sends."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from lantern.accounts.models import Role
from lantern.partnerships.models import GroupKind
from tests.factories import CaseFactory, GroupFactory, PartnershipFactory, UserFactory


class _Page(HTMLParser):
    """The page's title, its elements' ids, and each element's aria-describedby."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.described: dict[str, list[str]] = {}  # element id (or tag) -> ids it names
        self.title = ""
        self._in_title = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if attrs.get("aria-describedby"):
            key = attrs.get("id") or f"<{tag} name={attrs.get('name')}>"
            self.described[key] = attrs["aria-describedby"].split()
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def _check_errors_are_announced(html: str) -> _Page:
    page = _Page(html)
    missing = {
        key: ref for key, refs in page.described.items() for ref in refs if ref not in page.ids
    }
    assert not missing, f"aria-describedby names ids not on the page: {missing}"
    errors = {i[: -len("-error")] for i in page.ids if i.endswith("-error")}
    assert errors, "the form shows no field errors"
    for field in errors:
        # The input itself, or the fieldset of a date, radios or checkboxes around it.
        refs = page.described.get(field) or [
            ref for refs in page.described.values() for ref in refs if ref == f"{field}-hint"
        ]
        assert f"{field}-error" in page.described.get(field, []) or any(
            f"{field}-error" in refs for refs in page.described.values()
        ), f"{field}'s error message is not in any aria-describedby ({refs})"
    return page


@pytest.mark.parametrize("pathway", ["rapid-review", "cspr", "sar", "dhr", "national"])
def test_add_a_recommendation_announces_every_error_on_every_pathway(client, db, pathway):
    """Issue 12, item 15: on "Add a recommendation" (all five pathways) each field with an
    error names its error message in aria-describedby, and every id an aria-describedby
    names is on the page (the group select named one that was not); the title starts
    with "Error: "."""
    partnership = PartnershipFactory()
    GroupFactory(partnership=partnership, kind=GroupKind.LI)
    case = CaseFactory(partnership=partnership, pathway=pathway)
    manager = UserFactory(partnership=partnership, roles=[Role.BUSINESS_MANAGER])
    client.force_login(manager)
    url = reverse("actions:recommendation_add", args=[case.reference])
    response = client.post(
        url,
        {
            "save": "1",
            "text": "",
            "monitoring_group": "999999",
            "owner": "999999",
            "impact_measure": "",
            "impact_review_on_0": "31",
            "impact_review_on_1": "2",
            "impact_review_on_2": "2027",
        },
    )
    assert response.status_code == 200
    page = _check_errors_are_announced(response.content.decode())
    assert page.title.strip().startswith("Error: Add a recommendation")
    assert "(error)" not in page.title
    # The group select names its error, and the recommendation box its hint and error.
    assert "id_monitoring_group-error" in page.described["id_monitoring_group"]
    assert page.described["id_text"][0] == "id_text-hint"


def test_an_error_title_starts_with_error_once(client, db):
    """Issue 12, item 15: GOV.UK's "Error: " at the start of the title, once, on the audit
    forms that had their own prefix as well as base.html's " (error)"."""
    partnership = PartnershipFactory()
    manager = UserFactory(partnership=partnership, roles=[Role.BUSINESS_MANAGER])
    client.force_login(manager)
    response = client.post(reverse("audits:new"), {"theme": ""})
    page = _Page(response.content.decode())
    assert page.title.strip().startswith("Error: Open an audit"), page.title
    assert page.title.count("Error") == 1 and "(error)" not in page.title


GENERIC = "This field is required."


def _error_messages(html: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", m).replace("Error:", "").strip()
        for m in re.findall(r'<p id="[^"]+-error" class="govuk-error-message">(.*?)</p>', html)
    ]


def test_sign_in_password_pages_and_a_new_audit_say_what_is_missing(client, db):
    """Issue 12, item 15: no "This field is required." on sign-in, password reset, change
    of password or /audits/new/: each blank field says what to enter."""
    body = client.post(reverse("accounts:login"), {}).content.decode()
    assert _error_messages(body) == ["Enter your e-mail address.", "Enter your password."]
    assert GENERIC not in body

    reset = client.post(reverse("accounts:password_reset"), {}).content.decode()
    assert _error_messages(reset) == ["Enter the e-mail address you sign in with."]

    partnership = PartnershipFactory()
    manager = UserFactory(partnership=partnership, roles=[Role.BUSINESS_MANAGER])
    client.force_login(manager)
    change = client.post(reverse("accounts:password_change"), {}).content.decode()
    assert _error_messages(change) == [
        "Enter your current password.",
        "Enter a new password.",
        "Enter the new password again.",
    ]
    audit = client.post(reverse("audits:new"), {"cases_to_draw": ""}).content.decode()
    messages = _error_messages(audit)
    assert "Enter the number of cases to draw at random." in messages
    assert GENERIC not in audit


def test_sign_in_has_no_autofocus_to_skip_the_skip_link(client, db):
    """Issue 12, item 16: Django's sign-in form focuses the e-mail box on load, which
    skips the skip link and the heading; Lantern's does not."""
    body = client.get(reverse("accounts:login")).content.decode()
    assert "autofocus" not in body
