"""Publications: draft → awaiting approval → approved → published, then amended or
withdrawn with a reason (issue 14). Each service validates first, then writes in one
transaction; the audit trail records every row it writes (lantern.audit, tracked in
apps.py). Publishing, amending and withdrawing each write a new immutable
PublicationVersion and retire the public site's cache (lantern.publications.public)."""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from lantern.access.policy import (
    Perm,
    can_approve_publications,
    can_draft_publications,
    has_perm,
    same_partnership,
)
from lantern.partnerships.models import Partnership
from lantern.web.versioning import save_versioned

from . import checks, public
from .library import library_enter
from .models import (
    EDITABLE_STATUSES,
    PUBLIC_STATUSES,
    Kind,
    Publication,
    PublicationVersion,
    Status,
    VersionChange,
    section_of,
)

#: The fields of a publication's text that a person edits.
CONTENT_FIELDS = (
    "kind",
    "case",
    "title",
    "pseudonym",
    "summary",
    "body",
    "themes",
    "key_findings",
    "show_actions",
    "external_url",
)


# Validation -------------------------------------------------------------------------------


def _content_errors(partnership: Partnership, content: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if content.get("kind") not in Kind.values:
        errors["kind"] = "Choose what kind of publication it is."
    if not (content.get("title") or "").strip():
        errors["title"] = "Enter a title."
    if not (content.get("summary") or "").strip():
        errors["summary"] = "Enter a summary."
    case = content.get("case")
    if case is not None and case.partnership_id != partnership.pk:
        errors["case"] = "Choose a review or audit of this partnership."
    url = (content.get("external_url") or "").strip()
    if url and not url.startswith("https://"):
        errors["external_url"] = "Enter a link that starts with https://"
    if case is not None and case.subject_id and not (content.get("pseudonym") or "").strip():
        errors["pseudonym"] = (
            f"Enter the pseudonym the publication uses for the subject (the case uses "
            f"“{case.pseudonym or 'none yet'}”)."
        )
    return errors


def _parts(publication: Publication, actions: list[dict[str, Any]]) -> list[checks.Part]:
    """Every piece of text that would become public."""
    parts = [
        checks.Part("the title", publication.title),
        checks.Part("the pseudonym", publication.pseudonym),
        checks.Part("the summary", publication.summary),
        checks.Part("the report", publication.body),
    ]
    parts += [checks.Part(f"theme {n}", t) for n, t in enumerate(publication.themes, 1)]
    parts += [checks.Part(f"key finding {n}", f) for n, f in enumerate(publication.key_findings, 1)]
    for rec in actions:
        parts.append(checks.Part(f"recommendation {rec['number']}", rec["text"]))
        for action in rec["actions"]:
            parts.append(
                checks.Part(f"an action of recommendation {rec['number']}", action["title"])
            )
    return [p for p in parts if p.text.strip()]


def public_problems(publication: Publication) -> list[str]:
    """Why this publication's text may not become public (empty: it may). The name check,
    contact details and draft markings (lantern.publications.checks)."""
    parts = _parts(publication, actions_snapshot(publication))
    problems = checks.marking_problems(parts) + checks.contact_problems(parts)
    problems += checks.name_problems(parts, publication.partnership_id, publication.case)
    case = publication.case
    if case is not None and case.subject_id and not publication.pseudonym.strip():
        problems.append("Enter the pseudonym the publication uses for the subject.")
    return problems


def actions_snapshot(publication: Publication) -> list[dict[str, Any]]:
    """The source case's recommendations and the status of their actions today, as the
    public page will show them (empty unless the partnership chose to show them)."""
    if not publication.show_actions or publication.case_id is None:
        return []
    from lantern.actions.models import Recommendation

    today = timezone.localdate()
    recommendations = (
        Recommendation.objects.filter(case_id=publication.case_id)
        .prefetch_related("actions__lead_agency")
        .order_by("number")
    )
    return [
        {
            "number": rec.number,
            "text": rec.text,
            "actions": [
                {
                    "title": action.title,
                    "agency": action.lead_agency.name,
                    "status": action.state_label(today),
                    "due": action.due.isoformat(),
                }
                for action in sorted(rec.actions.all(), key=lambda a: a.number)
            ],
        }
        for rec in recommendations
    ]


def _refuse_unless(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _status_must_be(publication: Publication, statuses: tuple[str, ...], doing: str) -> None:
    if publication.status not in statuses:
        raise ValidationError(
            f"A publication that is {publication.get_status_display().lower()} cannot be {doing}."
        )


def may_publish(user: Any) -> bool:
    """Putting an approved publication out: an approver, or the Business Unit."""
    return can_approve_publications(user) or has_perm(user, Perm.CHANGE_ALL_CASES)


# Drafting ---------------------------------------------------------------------------------


def _clean(content: dict[str, Any]) -> dict[str, Any]:
    content = dict(content)
    for name in ("title", "pseudonym", "summary", "body", "external_url"):
        if name in content:
            content[name] = (content[name] or "").strip()
    for name in ("themes", "key_findings"):
        if name in content:
            content[name] = [str(item).strip() for item in content[name] or [] if str(item).strip()]
    return content


def publication_create(*, partnership: Partnership, user: Any, **content: Any) -> Publication:
    """A new draft. Drafts may say anything; the checks run before it can be submitted."""
    _refuse_unless(
        user.partnership_id == partnership.pk and can_draft_publications(user),
        "Only the Business Unit and the Learning and Improvement sub-group draft publications.",
    )
    unknown = set(content) - set(CONTENT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")
    content = _clean(content)
    if errors := _content_errors(partnership, content):
        raise ValidationError(errors)
    with transaction.atomic():
        return Publication.objects.create(partnership=partnership, created_by=user, **content)


def publication_update(
    *,
    publication: Publication,
    user: Any,
    version: int | None = None,
    seen: dict[str, str] | None = None,
    **content: Any,
) -> Publication:
    """Changes the working copy. An edit after submission or approval sends it back to
    draft: what was approved is not what it now says. Made from an older `version`, it
    raises lantern.web.versioning.EditConflict and saves nothing (issue 12, item 12)."""
    _refuse_unless(
        same_partnership(user, publication) and can_draft_publications(user),
        "You can read this publication but not change it.",
    )
    _status_must_be(publication, EDITABLE_STATUSES, "edited: amend it instead")
    content = _clean(content)
    unknown = set(content) - set(CONTENT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")
    merged = {name: getattr(publication, name) for name in CONTENT_FIELDS} | content
    if errors := _content_errors(publication.partnership, merged):
        raise ValidationError(errors)
    for name, value in content.items():
        setattr(publication, name, value)
    publication.status = Status.DRAFT
    publication.approved_by, publication.approved_at, publication.approved_as = None, None, ""
    fields = [*content, "status", "approved_by", "approved_at", "approved_as"]
    with transaction.atomic():
        save_versioned(publication, fields, version=version, seen=seen)
    return publication


def publication_submit(*, publication: Publication, user: Any) -> Publication:
    """Sends the draft to the L&I sub-group for approval, once nothing in it may not be
    public."""
    _refuse_unless(
        same_partnership(user, publication) and can_draft_publications(user),
        "You can read this publication but not submit it.",
    )
    _status_must_be(publication, (Status.DRAFT,), "submitted")
    if problems := public_problems(publication):
        raise ValidationError(problems)
    publication.status = Status.AWAITING_APPROVAL
    publication.submitted_by, publication.submitted_at = user, timezone.now()
    with transaction.atomic():
        publication.save()
    return publication


def approver_label(user: Any) -> str:
    from lantern.accounts.models import Role

    if Role.BUSINESS_MANAGER in user.role_set():
        return "Business Manager, on behalf of the Learning & Improvement sub-group"
    return "Chair of the Learning & Improvement sub-group"


def publication_approve(*, publication: Publication, user: Any) -> Publication:
    """The L&I sub-group's approval: its chair, or the Business Manager on its behalf."""
    _refuse_unless(
        same_partnership(user, publication) and can_approve_publications(user),
        "Only the chair of the Learning and Improvement sub-group, or the Business Manager "
        "on its behalf, approves a publication.",
    )
    _status_must_be(publication, (Status.AWAITING_APPROVAL,), "approved")
    if problems := public_problems(publication):
        raise ValidationError(problems)
    publication.status = Status.APPROVED
    publication.approved_by, publication.approved_at = user, timezone.now()
    publication.approved_as = approver_label(user)
    with transaction.atomic():
        publication.save()
    return publication


def write_version(
    publication: Publication,
    *,
    user: Any,
    change: str,
    public_from: datetime.datetime,
    reason: str = "",
    published_on: datetime.date | None = None,
) -> PublicationVersion:
    last = publication.versions.order_by("-number").first()
    withdrawn = change == VersionChange.WITHDRAWN
    version = PublicationVersion(
        publication=publication,
        partnership_id=publication.partnership_id,
        number=(last.number + 1) if last else 1,
        change=change,
        reason=reason,
        kind=publication.kind,
        section=section_of(publication.kind, publication.case.pathway if publication.case else ""),
        title=publication.title,
        pseudonym=publication.pseudonym,
        summary="" if withdrawn else publication.summary,
        body="" if withdrawn else publication.body,
        themes=[] if withdrawn else publication.themes,
        key_findings=[] if withdrawn else publication.key_findings,
        actions=[] if withdrawn else actions_snapshot(publication),
        external_url="" if withdrawn else publication.external_url,
        published_on=published_on
        or (last.published_on if last else timezone.localdate(public_from)),
        public_from=public_from,
        created_by=user,
    )
    version.save()
    return version


def publication_publish(
    *, publication: Publication, user: Any, embargo_until: datetime.datetime | None = None
) -> PublicationVersion:
    """Puts the approved publication on the public site: at once, or not before the
    embargo's date and time."""
    _refuse_unless(
        same_partnership(user, publication) and may_publish(user),
        "Only the Business Unit or an approver publishes.",
    )
    _status_must_be(publication, (Status.APPROVED,), "published before it is approved")
    now = timezone.now()
    if embargo_until is not None and embargo_until <= now:
        raise ValidationError(
            {"embargo_until": "The embargo must end in the future, or leave it blank."}
        )
    if problems := public_problems(publication):
        raise ValidationError(problems)
    public_from = embargo_until or now
    publication.status = Status.PUBLISHED
    publication.embargo_until = embargo_until
    with transaction.atomic():
        publication.save()
        version = write_version(
            publication, user=user, change=VersionChange.PUBLISHED, public_from=public_from
        )
        library_enter(version)
        public.site_changed(publication.partnership_id)
    return version


def publication_amend(
    *, publication: Publication, user: Any, reason: str, **content: Any
) -> PublicationVersion:
    """A published publication, changed: a new version, with the reason, approved by the
    L&I sub-group (its chair or the Business Manager). Not public before its embargo."""
    _refuse_unless(
        same_partnership(user, publication) and can_approve_publications(user),
        "Only the chair of the Learning and Improvement sub-group, or the Business Manager, "
        "amends a publication.",
    )
    _status_must_be(publication, PUBLIC_STATUSES, "amended")
    reason = (reason or "").strip()
    content = _clean(content)
    merged = {name: getattr(publication, name) for name in CONTENT_FIELDS} | content
    errors = _content_errors(publication.partnership, merged)
    if not reason:
        errors["reason"] = "Enter why it is amended: the public page says so."
    if errors:
        raise ValidationError(errors)
    for name, value in content.items():
        setattr(publication, name, value)
    if problems := public_problems(publication):
        raise ValidationError(problems)
    now = timezone.now()
    public_from = max(now, publication.embargo_until) if publication.embargo_until else now
    publication.status = Status.AMENDED
    publication.approved_by, publication.approved_at = user, now
    publication.approved_as = approver_label(user)
    with transaction.atomic():
        publication.save()
        version = write_version(
            publication,
            user=user,
            change=VersionChange.AMENDED,
            public_from=public_from,
            reason=reason,
        )
        library_enter(version)
        public.site_changed(publication.partnership_id)
    return version


def publication_withdraw(*, publication: Publication, user: Any, reason: str) -> PublicationVersion:
    """Takes it off the public site, with the reason: its page then says it was withdrawn,
    and why, and shows nothing of what it said."""
    _refuse_unless(
        same_partnership(user, publication) and can_approve_publications(user),
        "Only the chair of the Learning and Improvement sub-group, or the Business Manager, "
        "withdraws a publication.",
    )
    _status_must_be(publication, PUBLIC_STATUSES, "withdrawn")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Enter why it is withdrawn: the public page says so."})
    publication.status = Status.WITHDRAWN
    with transaction.atomic():
        publication.save()
        version = write_version(
            publication,
            user=user,
            change=VersionChange.WITHDRAWN,
            public_from=timezone.now(),
            reason=reason,
        )
        library_enter(version)
        public.site_changed(publication.partnership_id)
    return version
