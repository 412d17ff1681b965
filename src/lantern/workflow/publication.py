"""Publication, the same for every pathway: the step's gates, a link, and the name check
(nothing published may still identify the subject). One service, used by the CSPR, the
SAR and the DHR."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lantern.cases.models import Case

from .gates import step_problems
from .services import step_record

#: How each pathway speaks of its subject in a refusal.
SUBJECT_WORDS = {
    "rapid-review": ("the child", "the child's", "Child A"),
    "cspr": ("the child", "the child's", "Child A"),
    "sar": ("the adult", "the adult's", "Adult A"),
    "dhr": ("the person who died", "the victim's", "a pseudonym"),
}


def name_problems(document: Any, case: Case) -> list[str]:
    """Every way `document` still identifies the case's subject, as one message (empty:
    it may be published). The one place the kernel calls the name check; passages a
    Business Manager accepted with a reason are not counted again."""
    from lantern.documents.namecheck import name_check, name_check_url

    if case.subject is None:
        return []
    try:
        found = name_check(document, case)
    except ValidationError as error:
        return list(error.messages)
    if not found:
        return []
    who, whose, _example = SUBJECT_WORDS.get(case.pathway, SUBJECT_WORDS["sar"])
    # The name check speaks of "the child's" or "the adult's"; each pathway names its own.
    listed = "; ".join(f"{_own(f.what, whose)} in the {f.where} (“{f.found}”)" for f in found)
    if case.pseudonym:
        pseudonym = f"the pseudonym “{case.pseudonym}”"
    else:
        pseudonym = f"a pseudonym (one no other case uses, such as “{free_pseudonym(case)}”)"
    return [
        f"The report still names {who}: {listed}. Replace them with {pseudonym} and upload "
        "the report again as a new version, or, where a passage does not name them, the "
        f"Business Manager may accept it with a reason: {name_check_url(document, case)}"
    ]


def report_publish(
    *, record: Any, document: Any, step_id: str, on: datetime.date, url: str, user: Any = None
) -> Any:
    """Records that the pathway's report (`record` has `published_on` and
    `publication_url`) was published on `on` at `url`, once its step's gates and the name
    check pass; then the clock's step and the case's stage, in one transaction."""
    case = record.case
    problems = step_problems(case, step_id, user=user, on=on)
    if on > timezone.localdate():
        problems.append("The date of publication cannot be in the future.")
    if not url.strip():
        problems.append("Enter the link to the published report.")
    if case.subject is not None and not case.pseudonym.strip():
        who = SUBJECT_WORDS.get(case.pathway, SUBJECT_WORDS["sar"])[0]
        problems.append(
            f"Choose the pseudonym the published report uses for {who} first, under Change "
            f"the case details (“{free_pseudonym(case)}” is free): nothing is published "
            "before its subject has one."
        )
    if document is not None and not document.is_draft:
        problems += name_problems(document, case)
    if problems:
        raise ValidationError(problems)
    record.published_on = on
    record.publication_url = url.strip()
    with transaction.atomic():
        record.save()
        step_record(case=case, step_id=step_id, on=on, user=user, check=False)
        # The report's page on the partnership's public site (issue 14).
        from lantern.publications.reports import publication_from_report

        publication_from_report(case=case, url=record.publication_url, on=on, user=user)
    return record


def _own(what: str, whose: str) -> str:
    return what.replace("the child's", whose).replace("the adult's", whose)


def final_report_problems(document: Any, case: Case) -> list[str]:
    """A report to publish is a final (not draft) document of this case."""
    if document.case_id != case.pk:
        return ["Choose a document of this review."]
    if document.is_draft:
        return ["A draft cannot be the final report: choose the final version."]
    return []


def free_pseudonym(case: Case) -> str:
    """A pseudonym for the case's subject that no other case of the partnership uses:
    "Child A", "Child B"... (or "Adult A"...), the first free."""
    word = "Child" if case.pathway in ("rapid-review", "cspr") else "Adult"
    taken = {
        p.strip().casefold()
        for p in Case.objects.filter(partnership_id=case.partnership_id)
        .exclude(pk=case.pk)
        .values_list("pseudonym", flat=True)
    }
    for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        if f"{word} {letter}".casefold() not in taken:
            return f"{word} {letter}"
    for number in range(1, 10_000):
        if f"{word} {number}".casefold() not in taken:
            return f"{word} {number}"
    return word
