"""Publication services (issue 14, "Publications"): approval by the right group, embargo,
immutable versions, amendment and withdrawal with reasons, and the checks that keep the
subject's identity and anyone's contact details off the public site."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from lantern.audit.models import AuditEvent
from lantern.publications import services
from lantern.publications.models import AlreadyPublished, Publication, PublicationVersion, Status

from .conftest import OTHER_SUBJECT_NAME, SUBJECT_NAME, draft, published

pytestmark = pytest.mark.django_db


def test_a_draft_goes_through_approval_to_a_first_version(cast):
    """Rule: draft → awaiting approval → approved → published, each recorded, and the audit
    trail has every write."""
    publication = draft(cast)
    assert publication.status == Status.DRAFT
    services.publication_submit(publication=publication, user=cast.li_member)
    assert (
        publication.status == Status.AWAITING_APPROVAL
        and publication.submitted_by == cast.li_member
    )
    services.publication_approve(publication=publication, user=cast.li_chair)
    assert publication.status == Status.APPROVED
    assert publication.approved_as == "Chair of the Learning & Improvement sub-group"
    version = services.publication_publish(publication=publication, user=cast.unit)
    assert (version.number, version.change, version.title) == (1, "published", publication.title)
    assert version.section == "childrens-reviews"
    assert Publication.objects.get(pk=publication.pk).status == Status.PUBLISHED
    assert AuditEvent.objects.filter(object_type="publications.publicationversion").count() == 1
    assert AuditEvent.objects.filter(object_type="publications.publication").count() >= 4


def test_rule_only_the_li_chair_or_the_business_manager_approves(cast):
    """Rule (issue 14): approval by the right group — the Learning & Improvement
    sub-group's chair, or the Business Manager on its behalf; not its members, not the
    Business Unit officer, not another group's chair, not another partnership."""
    publication = draft(cast)
    services.publication_submit(publication=publication, user=cast.li_member)
    for person in (cast.li_member, cast.unit, cast.qap_chair, cast.auditor, cast.stranger):
        with pytest.raises(PermissionDenied):
            services.publication_approve(publication=publication, user=person)
    assert Publication.objects.get(pk=publication.pk).status == Status.AWAITING_APPROVAL
    services.publication_approve(publication=publication, user=cast.manager)
    assert publication.approved_as.startswith("Business Manager, on behalf of")


def test_rule_nothing_is_published_before_approval(cast):
    publication = draft(cast)
    with pytest.raises(ValidationError, match="before it is approved"):
        services.publication_publish(publication=publication, user=cast.manager)
    services.publication_submit(publication=publication, user=cast.li_member)
    with pytest.raises(ValidationError):
        services.publication_publish(publication=publication, user=cast.manager)
    assert not PublicationVersion.objects.exists()


def test_rule_an_edit_after_approval_needs_approval_again(cast):
    publication = draft(cast)
    services.publication_submit(publication=publication, user=cast.li_member)
    services.publication_approve(publication=publication, user=cast.li_chair)
    services.publication_update(publication=publication, user=cast.li_member, summary="Changed.")
    assert publication.status == Status.DRAFT and publication.approved_by is None


def test_rule_the_embargo_must_be_in_the_future_and_is_kept(cast):
    publication = draft(cast)
    services.publication_submit(publication=publication, user=cast.li_member)
    services.publication_approve(publication=publication, user=cast.li_chair)
    past = timezone.now() - datetime.timedelta(minutes=1)
    with pytest.raises(ValidationError, match="future"):
        services.publication_publish(publication=publication, user=cast.unit, embargo_until=past)
    later = timezone.now() + datetime.timedelta(days=2)
    version = services.publication_publish(
        publication=publication, user=cast.unit, embargo_until=later
    )
    assert version.public_from == later and publication.embargo_until == later


def test_rule_the_name_check_refuses_the_subjects_identity(cast):
    """Rule: nothing public carries the subject's identity: their name (any part that
    identifies them), date of birth or address — of this case's subject or of another
    case's. Refused at submission, and nothing changes."""
    for field, text in [
        ("summary", f"{SUBJECT_NAME} was known to agencies."),
        ("body", "Mr Quillfeather's school raised concerns."),
        ("key_findings", ["Born on 17 March 2014, the child was seen by the GP."]),
        ("themes", ["Neglect at 14 Marlpit Lane"]),
        ("title", f"Learning about {OTHER_SUBJECT_NAME}"),
        # Another case's subject, spread out or in look-alike letters, is still found.
        ("summary", "The adult, B r a c k e n r i d g e, lived alone."),
        ("summary", "Ms Br\u0430ckenridge lived alone."),  # a Cyrillic "а"
    ]:
        publication = draft(cast, **{field: text})
        with pytest.raises(ValidationError) as refused:
            services.publication_submit(publication=publication, user=cast.li_member)
        assert "identifies a person" in " ".join(refused.value.messages), field
        assert Publication.objects.get(pk=publication.pk).status == Status.DRAFT


def test_rule_contact_details_are_refused(cast):
    """Rule: nothing public carries a person's contact details: e-mail addresses and
    telephone numbers are refused (and ordinary numbers and dates are not)."""
    for text, what in [
        ("Contact jo.bloggs@example.org for more.", "e-mail address"),
        ("Ring the duty team on 01234 567890.", "telephone number"),
        ("Or +44 (0)20 7946 0000 out of hours.", "telephone number"),
        ("Mobile 07700-900123.", "telephone number"),
    ]:
        publication = draft(cast, body=text)
        with pytest.raises(ValidationError, match=what):
            services.publication_submit(publication=publication, user=cast.li_member)
    fine = draft(cast, body="In 2024, 12 of 140 referrals (8.5%) were late; 2023-24 data.")
    services.publication_submit(publication=fine, user=cast.li_member)


def test_rule_a_drafts_marking_is_refused(cast):
    publication = draft(cast, body="UNPUBLISHED DRAFT — STRICTLY CONFIDENTIAL\n\nText.")
    with pytest.raises(ValidationError, match="never published"):
        services.publication_submit(publication=publication, user=cast.li_member)


def test_rule_the_checks_run_again_at_publication(cast):
    """The subject's details may change after approval: publication checks again."""
    publication = draft(cast, summary="Agencies knew the family as the Marlow family.")
    services.publication_submit(publication=publication, user=cast.li_member)
    services.publication_approve(publication=publication, user=cast.li_chair)
    cast.case.subject.full_name = "Elowen Marlow"
    cast.case.subject.save()
    with pytest.raises(ValidationError, match="identifies a person"):
        services.publication_publish(publication=publication, user=cast.unit)
    assert not PublicationVersion.objects.exists()


def test_amendment_is_a_new_version_with_its_reason_and_the_first_is_kept(cast):
    publication = published(cast)
    with pytest.raises(ValidationError):
        services.publication_amend(publication=publication, user=cast.li_chair, reason=" ")
    with pytest.raises(PermissionDenied):
        services.publication_amend(
            publication=publication, user=cast.li_member, reason="x", summary="y"
        )
    version = services.publication_amend(
        publication=publication, user=cast.li_chair, reason="A date was wrong.", summary="New."
    )
    assert (version.number, version.change, version.reason, version.summary) == (
        2,
        "amended",
        "A date was wrong.",
        "New.",
    )
    first = publication.versions.get(number=1)
    assert first.summary == "Agencies did not share what they knew about neglect."
    assert version.published_on == first.published_on
    with pytest.raises(ValidationError, match="identifies a person"):
        services.publication_amend(
            publication=publication, user=cast.manager, reason="r", summary=SUBJECT_NAME
        )
    assert publication.versions.count() == 2


def test_a_version_is_never_changed(cast):
    version = published(cast).versions.get()
    version.summary = "Rewritten"
    with pytest.raises(AlreadyPublished):
        version.save()


def test_withdrawal_needs_a_reason_and_keeps_nothing_of_the_content(cast):
    publication = published(cast)
    with pytest.raises(ValidationError, match="why"):
        services.publication_withdraw(publication=publication, user=cast.manager, reason="")
    version = services.publication_withdraw(
        publication=publication, user=cast.manager, reason="The family asked us to."
    )
    assert publication.status == Status.WITHDRAWN
    assert (version.change, version.reason, version.summary, version.body) == (
        "withdrawn",
        "The family asked us to.",
        "",
        "",
    )
    with pytest.raises(ValidationError):
        services.publication_withdraw(publication=publication, user=cast.manager, reason="again")


def test_recommendations_and_their_actions_are_copied_only_when_chosen(cast):
    from lantern.actions.models import Action, Recommendation
    from tests.factories import AgencyFactory, GroupFactory

    group = GroupFactory(partnership=cast.partnership)
    recommendation = Recommendation.objects.create(
        partnership=cast.partnership,
        case=cast.case,
        number=1,
        text="Share concerns early.",
        monitoring_group=group,
        owner=cast.manager,
        impact_measure="Audit",
        created_by=cast.manager,
        impact_review_on=datetime.date(2027, 1, 1),
    )
    Action.objects.create(
        recommendation=recommendation,
        number=1,
        title="Train every team",
        lead_agency=AgencyFactory(partnership=cast.partnership, name="Demo Police"),
        owner=cast.manager,
        due=datetime.date(2030, 1, 1),
        success_measure="All trained",
        created_by=cast.manager,
    )
    hidden = published(cast)
    assert hidden.versions.get().actions == []
    shown = published(cast, show_actions=True)
    [rec] = shown.versions.get().actions
    assert rec["text"] == "Share concerns early."
    assert rec["actions"][0] | {"due": None} == {
        "title": "Train every team",
        "agency": "Demo Police",
        "status": "Not started",
        "due": None,
    }


def test_create_refuses_people_who_do_not_draft_and_bad_input_changes_nothing(cast):
    for person in (cast.outsider, cast.auditor, cast.qap_chair, cast.stranger):
        with pytest.raises(PermissionDenied):
            draft_by(cast, person)
    with pytest.raises(ValidationError) as refused:
        services.publication_create(
            partnership=cast.partnership,
            user=cast.li_member,
            kind="poem",
            title=" ",
            summary="",
            external_url="http://insecure.example.org",
        )
    assert set(refused.value.message_dict) == {"kind", "title", "summary", "external_url"}
    assert not Publication.objects.exists()


def draft_by(cast, person):
    return services.publication_create(
        partnership=cast.partnership, user=person, kind="briefing", title="T", summary="S"
    )


@time_machine.travel(datetime.datetime(2026, 12, 4, 9, 0, tzinfo=datetime.UTC), tick=False)
def test_report_publish_makes_a_publication_for_the_case(cast):
    """The kernel's report_publish (CSPR, SAR, DHR) puts the report on the public site:
    the pathway's own sign-off is its approval; the text passes the same checks."""
    from lantern.publications.reports import publication_from_report

    publication = publication_from_report(
        case=cast.case,
        url="https://example.org/child-k",
        on=datetime.date(2026, 12, 1),
        user=cast.manager,
    )
    assert publication.status == Status.PUBLISHED
    version = publication.versions.get()
    assert version.pseudonym == "Child K" and SUBJECT_NAME not in version.title
    assert version.published_on == datetime.date(2026, 12, 1)
    assert version.external_url == "https://example.org/child-k"
    # Published again with the same link: nothing new.
    publication_from_report(
        case=cast.case,
        url="https://example.org/child-k",
        on=datetime.date(2026, 12, 1),
        user=cast.manager,
    )
    assert publication.versions.count() == 1


def test_report_publish_waits_as_a_draft_when_the_text_fails_a_check(cast):
    from lantern.actions.models import Finding
    from lantern.publications.reports import publication_from_report

    Finding.objects.create(
        case=cast.case, number=1, text=f"{SUBJECT_NAME} was missed.", created_by=cast.manager
    )
    publication = publication_from_report(
        case=cast.case, url="https://example.org/k", on=timezone.localdate(), user=cast.manager
    )
    assert publication.status == Status.DRAFT and "identifies a person" in publication.note
    assert not publication.versions.exists()
