"""The name check: nothing is published that still identifies the subject.

domain.md: published items never name the subject. Every publish flow (CSPR, SAR, DHR)
calls `name_check(document, case)` and refuses while it returns anything, linking to
`name_check_url(document, case)`, where the findings are listed and the Business
Manager may accept a passage that does not identify the subject, with a reason.

The rules themselves are in lantern.documents.namerules, the reading of each format in
lantern.documents.passages.
"""

import hashlib
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from lantern.access.policy import Perm, has_perm, same_partnership
from lantern.cases.models import Case

from . import namerules
from .models import Document, NameCheckAcceptance
from .passages import Passage, document_passages, document_text

__all__ = [
    "Finding",
    "acceptances",
    "all_findings",
    "document_passages",
    "document_text",
    "name_check",
    "name_check_accept",
    "name_check_url",
]


@dataclass(frozen=True)
class Finding:
    what: str  # "the child's surname"
    found: str  # the passage as it stands in the document, with some words around it
    where: str  # "body", "table", "header", "comment", "page 3", "PDF metadata: Title"

    @property
    def key(self) -> str:
        """Names this finding in a form without repeating the passage in the page's URL."""
        text = "\x1f".join((self.what, self.found, self.where))
        return hashlib.sha256(text.encode()).hexdigest()[:32]


def _subject(case: Case) -> namerules.Subject | None:
    subject = case.subject
    if subject is None or not subject.full_name.strip():
        return None
    return namerules.Subject(
        full_name=subject.full_name,
        date_of_birth=subject.date_of_birth,
        address=subject.address,
        pseudonym=case.pseudonym,
    )


def findings_in(passages: list[Passage], subject: namerules.Subject, kind: str) -> list[Finding]:
    """Every finding in these passages, in document order, each passage reported once."""
    findings: list[Finding] = []
    for passage in passages:
        for hit in namerules.passage_hits(passage.text, passage.where, subject):
            what = hit.what.replace("the subject's", f"the {kind}'s")
            finding = Finding(what, hit.context(), hit.where)
            if finding not in findings:
                findings.append(finding)
    return findings


def all_findings(document: Document, case: Case) -> list[Finding]:
    """Every finding, accepted or not. Raises ValidationError for a format Lantern
    cannot read: a check that could not see the text must not pass the document."""
    subject = _subject(case)
    if subject is None or case.subject is None:
        return []
    kind = case.subject.get_kind_display().lower()
    return findings_in(document_passages(document), subject, kind)


def _accepted_keys(document: Document) -> set[tuple[str, str, str]]:
    return set(document.name_check_acceptances.values_list("what", "passage", "where"))


def name_check(document: Document, case: Case) -> list[Finding]:
    """What still identifies the case's subject in `document`, less the passages the
    Business Manager accepted for this version. Empty: it may be published."""
    findings = all_findings(document, case)
    if not findings:
        return []
    accepted = _accepted_keys(document)
    return [f for f in findings if (f.what, f.found, f.where) not in accepted]


def name_check_url(document: Document, case: Case) -> str:
    """The page listing the findings (and where the Business Manager accepts them)."""
    return reverse("documents:name_check", args=[case.reference, document.pk])


def acceptances(document: Document) -> list[NameCheckAcceptance]:
    return list(document.name_check_acceptances.select_related("accepted_by"))


def name_check_accept(
    *, document: Document, case: Case, finding_key: str, reason: str, user: Any
) -> NameCheckAcceptance:
    """The Business Manager accepts one flagged passage, with the reason. Only a passage
    the check flags now, on this version, can be accepted, and only once."""
    if not (same_partnership(user, case) and has_perm(user, Perm.ACCEPT_NAME_CHECK)):
        raise PermissionDenied("Only the Business Manager can accept a passage.")
    if document.case_id != case.pk:
        raise ValidationError("Choose a document of this case.")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter why this passage does not identify the subject."})
    finding = next((f for f in name_check(document, case) if f.key == finding_key), None)
    if finding is None:
        raise ValidationError(
            "That passage is not flagged on this version any more, or was already accepted."
        )
    with transaction.atomic():
        return NameCheckAcceptance.objects.create(
            document=document,
            what=finding.what,
            passage=finding.found,
            where=finding.where,
            reason=reason,
            accepted_by=user,
        )
