"""What must be true of every word before it becomes public (issue 14).

Nothing public ever carries:
- the identity of a case's subject: the name check (lantern.documents.namerules), run
  against the subject of the publication's own case *and* of every other case of the
  partnership, since a briefing can name a child from another review;
- a person's contact details: e-mail addresses and telephone numbers are refused;
- a draft or a confidential paper: the marking every draft carries ("UNPUBLISHED DRAFT —
  STRICTLY CONFIDENTIAL") and the confidentiality markings are refused. Lantern never
  attaches an uploaded file (a draft, an agency's return) to a publication: the public
  report is made from the publication's own checked text.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from lantern.cases.models import Case
from lantern.documents import namerules
from lantern.documents.normalise import normalise

#: An e-mail address (also written "name at example dot org" is not caught: keep simple).
EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
#: A UK telephone number: 0 or +44 then 9 or 10 more digits, with spaces, dots, hyphens
#: or brackets between them ("01234 567890", "+44 (0)20 7946 0000", "07700-900123").
PHONE = re.compile(r"(?<![\w+])(?:\+44[\s.-]*(?:\(0\)[\s.-]*)?|\(?0)(?:\d[\s.)-]{0,2}){9,10}(?!\d)")
#: Markings that only a draft or a confidential paper carries.
MARKINGS = (
    "unpublished draft",
    "strictly confidential",
    "official – sensitive",
    "official-sensitive",
    "official sensitive",
)


@dataclass(frozen=True)
class Part:
    where: str  # "the summary", "key finding 2"
    text: str


def contact_problems(parts: Iterable[Part]) -> list[str]:
    problems = []
    for part in parts:
        for match in EMAIL.finditer(part.text):
            problems.append(
                f"Remove the e-mail address from {part.where} (“{match.group()}”): nothing "
                "published carries a person's contact details."
            )
        for match in PHONE.finditer(part.text):
            digits = re.sub(r"\D", "", match.group())
            if len(digits) >= 10:
                problems.append(
                    f"Remove the telephone number from {part.where} (“{match.group().strip()}”): "
                    "nothing published carries a person's contact details."
                )
    return problems


def marking_problems(parts: Iterable[Part]) -> list[str]:
    problems = []
    for part in parts:
        folded = part.text.casefold().replace("—", "–")
        for marking in MARKINGS:
            if marking in folded:
                problems.append(
                    f"{part.where.capitalize()} carries the marking “{marking.upper()}”: a "
                    "draft or a confidential paper is never published. Write the public text "
                    "itself."
                )
                break
    return problems


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


def _squashed(text: str) -> str:
    """The text as the name check's reader sees it (look-alike letters, accents and
    invisible characters undone), lower case, with nothing but letters and digits: a name
    spread out ("L i l y") or broken across a line is one run of letters here."""
    return _NOT_WORD.sub("", normalise(text).text.casefold())


_NOT_WORD = re.compile(r"[\W_]+")


def _clues(subject: namerules.Subject) -> list[str]:
    """What a text must contain, squashed, to have any chance of naming the subject: a
    name part, an address word or the postcode's halves, or the year of birth. Only then
    does the full check run (it costs ~30 ms per subject on a long report, and a
    partnership has hundreds of subjects). Initials alone, and a birthday without its
    year, are looked for only for the publication's own case."""
    words = [w for w in _squashed_words(subject.full_name) if w]
    for line in subject.address.splitlines():
        words += [w for w in _squashed_words(line) if len(w) >= 3]
    if subject.date_of_birth:
        words.append(str(subject.date_of_birth.year))
    return words


def _squashed_words(text: str) -> list[str]:
    return [_squashed(word) for word in text.split()]


def name_problems(parts: list[Part], partnership_id: int, own_case: Case | None) -> list[str]:
    """Every passage that identifies the subject of a case of the partnership: in full
    for the publication's own case; for every other case where the text could name them
    at all (_clues). The source case's subject is named as "the child" or "the adult";
    another case's is not said (the person drafting may not be allowed to know whose name
    it is)."""
    squashed = [_squashed(part.text) for part in parts]
    cases = Case.objects.filter(partnership_id=partnership_id, subject__isnull=False)
    problems: list[str] = []
    for case in cases.select_related("subject").only(
        "pk",
        "pseudonym",
        "subject__full_name",
        "subject__date_of_birth",
        "subject__address",
        "subject__kind",
    ):
        subject = _subject(case)
        if subject is None:
            continue
        own = own_case is not None and case.pk == own_case.pk
        kind = case.subject.get_kind_display().lower() if case.subject else "subject"
        whose = f"the {kind}'s" if own else "the subject of another review's"
        clues = [] if own else _clues(subject)
        for part, text in zip(parts, squashed, strict=True):
            if not own and not any(clue in text for clue in clues):
                continue
            for hit in namerules.passage_hits(part.text, part.where, subject):
                what = hit.what.replace("the subject's", whose)
                problems.append(
                    f"{part.where.capitalize()} identifies a person: {what} (“{hit.context()}”). "
                    "Use the pseudonym and leave out what identifies them."
                )
    return problems
