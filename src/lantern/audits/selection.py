"""The random selection of cases. The draw itself is pure and reproducible:
random.Random(seed).sample(sorted(references), n), so anyone with the recorded seed and
list can re-run it and get the same cases."""

import datetime
import random
import re
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .models import Audit, Draw
from .services import step_happened

_HAS_DIGIT = re.compile(r"\d")


def parse_references(text: str) -> tuple[list[str], list[str]]:
    """The references pasted one a line, and what is wrong with them.

    Refused: blank lines between references, duplicates, and anything without a digit,
    which looks like a name rather than a pseudonymised case reference."""
    lines = text.strip().splitlines()
    references: list[str] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        reference = line.strip()
        if not reference:
            problems.append(f"Line {number} is blank: enter one case reference a line.")
        elif not _HAS_DIGIT.search(reference):
            problems.append(
                f"Line {number} looks like a name, not a case reference: "
                "enter pseudonymised references only."
            )
        elif reference.casefold() in seen:
            first = seen[reference.casefold()]
            problems.append(f"Line {number} repeats line {first} ({reference}).")
        else:
            seen[reference.casefold()] = number
            references.append(reference)
    if not lines:
        problems.append("Enter the eligible case references, one a line.")
    return references, problems


def draw(references: list[str], count: int, seed: int) -> list[str]:
    """The reproducible draw."""
    # Not a secret: the draw must be re-runnable from its recorded seed, which is secret-grade.
    return random.Random(seed).sample(sorted(references), count)  # noqa: S311


def current_draw(audit: Audit) -> Draw | None:
    return audit.draws.order_by("-drawn_at", "-pk").first()


def cases_draw(
    *,
    audit: Audit,
    user: Any,
    references_text: str,
    count: int | None = None,
    reason: str = "",
    at: datetime.datetime | None = None,
) -> Draw:
    """Draws the cases and records the seed, the list, who and when (now, unless `at`
    says it happened earlier). A redraw needs a reason; the earlier draws stay on record.
    Step "cases-selected" done on the first."""
    count = count or audit.cases_to_draw
    references, problems = parse_references(references_text)
    errors: dict[str, Any] = {}
    if problems:
        errors["references"] = problems
    elif count > len(references):
        errors["references"] = (
            f"Enter at least {count} eligible case references: there are {len(references)}."
        )
    if count < 1:
        errors["count"] = "Draw at least one case."
    earlier = current_draw(audit)
    if earlier is not None and not reason.strip():
        errors["reason"] = "Cases have already been drawn: give the reason for drawing again."
    if audit.returns.exists():
        errors["__all__"] = "The templates have gone to the agencies: the cases can't be redrawn."
    if errors:
        raise ValidationError(errors)
    seed = secrets.randbits(63)  # fits a signed 64-bit column
    now = at or timezone.now()
    with transaction.atomic():
        record = Draw.objects.create(
            audit=audit,
            seed=seed,
            eligible=sorted(references),
            count=count,
            selected=draw(references, count, seed),
            drawn_by=user,
            drawn_at=now,
            redraw_reason=reason.strip(),
        )
        step_happened(audit, "cases-selected", timezone.localdate(now))
    return record


def draw_verifies(record: Draw) -> bool:
    """Re-runs a recorded draw: True when it gives the same cases."""
    return draw(record.eligible, record.count, record.seed) == record.selected
