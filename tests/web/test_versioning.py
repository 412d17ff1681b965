"""No edit is lost (issue 12, item 12): every editable record carries a version; a save made
from an older copy is refused with what the other person changed, and nothing is saved.

The kernel (lantern.web.versioning) is proved here on the case, and on the case edit
page with two people editing at once; each other editable page has its own conflict test
beside its other tests.
"""

import json

import pytest
from django.test import Client
from django.urls import reverse

from lantern.cases.models import Capacity, Case
from lantern.cases.services import case_update
from lantern.web.versioning import EditConflict, fingerprint, save_versioned
from tests.factories import CaseFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def _fresh(case: Case) -> Case:
    return Case.objects.get(pk=case.pk)


class TestSaveVersioned:
    def test_a_save_bumps_the_version_issue_12_item_12(self):
        case = CaseFactory(title="First title")
        assert case.version == 1
        case_update(case=_fresh(case), title="Second title", version=1)
        stored = _fresh(case)
        assert (stored.title, stored.version) == ("Second title", 2)

    def test_a_save_from_an_older_version_is_refused_and_saves_nothing_issue_12_item_12(self):
        case = CaseFactory(title="Original", pseudonym="Child A")
        bens_copy = fingerprint(_fresh(case), ["title", "pseudonym"])
        case_update(case=_fresh(case), title="Anna's title", version=1)
        with pytest.raises(EditConflict) as raised:
            case_update(
                case=_fresh(case),
                title="Ben's title",
                pseudonym="Child B",
                version=1,
                seen=bens_copy,
            )
        conflict = raised.value
        assert [(c.name, c.theirs, c.yours) for c in conflict.changes] == [
            ("title", "Anna's title", "Ben's title")
        ]
        assert conflict.version == 2
        stored = _fresh(case)
        # Nothing of Ben's save was written, not even the field Anna did not touch.
        assert (stored.title, stored.pseudonym, stored.version) == ("Anna's title", "Child A", 2)

    def test_without_what_was_seen_every_differing_field_counts_issue_12_item_12(self):
        """An API caller names only a version: any stored value that differs from what it
        sent is one it would overwrite."""
        case = CaseFactory(title="Original", pseudonym="Child A")
        case_update(case=_fresh(case), title="Anna's title", version=1)
        with pytest.raises(EditConflict) as raised:
            case_update(case=_fresh(case), pseudonym="Child B", version=1)
        assert [c.name for c in raised.value.changes] == ["pseudonym"]

    def test_a_change_to_other_fields_is_saved_on_top_of_theirs_issue_12_item_12(self):
        """With fingerprints of what the editor saw, a save whose fields the other person
        did not touch loses nothing, so it goes through and keeps both."""
        case = CaseFactory(title="Original", pseudonym="Child A")
        seen = fingerprint(_fresh(case), ["title", "pseudonym"])
        case_update(case=_fresh(case), title="Anna's title", version=1)
        case_update(case=_fresh(case), pseudonym="Child B", version=1, seen=seen)
        stored = _fresh(case)
        assert (stored.title, stored.pseudonym, stored.version) == ("Anna's title", "Child B", 3)

    def test_the_same_answer_from_both_is_no_conflict_issue_12_item_12(self):
        case = CaseFactory(title="Original")
        seen = fingerprint(_fresh(case), ["title"])
        case_update(case=_fresh(case), title="Agreed", version=1)
        case_update(case=_fresh(case), title="Agreed", version=1, seen=seen)
        assert _fresh(case).title == "Agreed"

    def test_a_deleted_record_is_a_conflict_too_issue_12_item_12(self):
        case = CaseFactory()
        stale = _fresh(case)
        Case.objects.filter(pk=case.pk).update(version=5)
        Case.objects.filter(pk=case.pk).delete()
        with pytest.raises(EditConflict) as raised:
            save_versioned(stale, ["title"], version=1)
        assert raised.value.record is None
        assert "deleted" in raised.value.message

    def test_the_conflict_names_who_saved_from_the_audit_trail_issue_12_item_12(self, cast):
        anna, ben = Client(), Client()
        anna.force_login(cast.member)
        second = MembershipFactory(case=cast.case, capacity=Capacity.LEAD).person
        ben.force_login(second)
        url = reverse("cases:edit", args=[cast.case.reference])
        form = {"title": "Anna's", "confidentiality": "strictly_confidential", "version": "1"}
        anna.post(url, form)
        with pytest.raises(EditConflict) as raised:
            case_update(case=_fresh(cast.case), title="Ben's", version=1)
        assert raised.value.by == str(cast.member)


class TestCaseEditPage:
    """Two people edit /cases/<ref>/edit/ at once: the second sees what changed, and
    nothing the first saved is lost."""

    def _edit(self, case):
        return reverse("cases:edit", args=[case.reference])

    def _shown_form(self, client, case) -> dict[str, str]:
        """The hidden version and fingerprint as the edit page renders them."""
        page = client.get(self._edit(case)).content.decode()
        import re

        version = re.search(r'name="version" value="(\d+)"', page)
        seen = re.search(r'name="seen" value="([^"]*)"', page)
        assert version and seen, "the edit form carries its version and fingerprint"
        return {"version": version.group(1), "seen": seen.group(1).replace("&quot;", '"')}

    def test_second_save_sees_what_changed_and_loses_nothing_issue_12_item_12(self, cast):
        case = cast.case
        case.title = "Original title"
        case.pseudonym = "Child A"
        case.save()
        other_lead = MembershipFactory(case=case, capacity=Capacity.LEAD).person
        anna, ben = Client(), Client()
        anna.force_login(cast.member)
        ben.force_login(other_lead)
        annas_copy = self._shown_form(anna, case)
        bens_copy = self._shown_form(ben, case)
        assert annas_copy["version"] == "1"
        json.loads(annas_copy["seen"])

        saved = anna.post(
            self._edit(case),
            {
                "title": "Anna's title",
                "pseudonym": "Child A",
                "confidentiality": "strictly_confidential",
                **annas_copy,
            },
        )
        assert saved.status_code == 302

        refused = ben.post(
            self._edit(case),
            {
                "title": "Ben's title",
                "pseudonym": "Child A",
                "confidentiality": "strictly_confidential",
                **bens_copy,
            },
        )
        assert refused.status_code == 200
        page = refused.content.decode()
        assert "govuk-error-summary" in page
        assert "nothing you sent has been saved" in page
        assert "Anna&#x27;s title" in page and "Ben&#x27;s title" in page
        stored = _fresh(case)
        assert (stored.title, stored.version) == ("Anna's title", 2)

        # Having seen Anna's answer, Ben saves again on purpose: the form now carries
        # the version he was shown, so his save goes through.
        again = refused.context["form"].data
        resent = ben.post(self._edit(case), dict(again.items()))
        assert resent.status_code == 302
        assert _fresh(case).title == "Ben's title"

    def test_edits_to_different_fields_both_survive_issue_12_item_12(self, cast):
        case = cast.case
        other_lead = MembershipFactory(case=case, capacity=Capacity.LEAD).person
        anna, ben = Client(), Client()
        anna.force_login(cast.member)
        ben.force_login(other_lead)
        base = {"title": case.title, "pseudonym": case.pseudonym}
        annas_copy = self._shown_form(anna, case)
        bens_copy = self._shown_form(ben, case)
        anna.post(
            self._edit(case),
            {
                **base,
                "title": "Anna's title",
                "confidentiality": case.confidentiality,
                **annas_copy,
            },
        )
        response = ben.post(
            self._edit(case),
            {**base, "confidentiality": "official_sensitive", **bens_copy},
        )
        assert response.status_code == 302
        stored = _fresh(case)
        assert (stored.title, stored.confidentiality) == ("Anna's title", "official_sensitive")


def test_a_crafted_version_is_a_message_not_a_500_issue_12_item_12(cast, client):
    client.force_login(cast.member)
    url = reverse("cases:edit", args=[cast.case.reference])
    for version in ("abc", "-1", str(2**63)):
        response = client.post(
            url, {"title": "x", "confidentiality": "strictly_confidential", "version": version}
        )
        assert response.status_code == 200
        assert "This page is out of date" in response.content.decode()
    assert _fresh(cast.case).title != "x"


def test_the_audit_trail_lists_the_answers_changed_not_the_version_issue_12_item_12(cast):
    from lantern.audit.models import AuditEvent

    case_update(case=_fresh(cast.case), title="Renamed", version=1)
    change = AuditEvent.objects.filter(action="update", object_type="cases.case").get()
    assert set(change.changes) == {"title"}
    assert _fresh(cast.case).version == 2
