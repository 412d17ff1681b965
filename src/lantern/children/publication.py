"""Nothing is published that still names the subject (domain.md: published items never
name the subject; the issue: refused while the text contains the real name, date of
birth or address as recorded on the case)."""

import datetime
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    what: str  # e.g. "the child's surname"
    found: str  # the words as they stand in the text


def _words(text: str) -> str:
    return " ".join(re.findall(r"[\w'’-]+", text.lower()))


def _contains(haystack: str, needle: str) -> bool:
    needle = _words(needle)
    return (
        bool(needle) and re.search(rf"(?<![\w]){re.escape(needle)}(?![\w])", haystack) is not None
    )


def _date_forms(day: datetime.date) -> list[str]:
    d, m, y = day.day, day.month, day.year
    month, mon = day.strftime("%B"), day.strftime("%b")
    return [
        f"{d} {month} {y}", f"{d} {mon} {y}", f"{d:02d} {month} {y}", f"{month} {d} {y}",
        f"{d}/{m}/{y}", f"{d:02d}/{m:02d}/{y}", f"{d}.{m}.{y}", f"{d:02d}.{m:02d}.{y}",
        f"{d}-{m}-{y}", f"{d:02d}-{m:02d}-{y}", f"{y}-{m:02d}-{d:02d}",
        f"{d:02d}/{m:02d}/{y % 100:02d}",
    ]  # fmt: skip


_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.I)


def identifying_details(
    text: str, *, full_name: str, date_of_birth: datetime.date | None, address: str
) -> list[Finding]:
    """Every way `text` still identifies the subject. Empty means it may be published."""
    words = _words(text)
    flat = " ".join(text.lower().split())
    findings: list[Finding] = []
    if _contains(words, full_name):
        findings.append(Finding("the child's full name", full_name))
    parts = [p for p in re.findall(r"[\w'’-]+", full_name) if len(p) >= 3]
    for position, part in enumerate(parts):
        if _contains(words, part) and not any(f.found == full_name for f in findings[:1]):
            label = (
                "first name"
                if position == 0
                else "surname"
                if position == len(parts) - 1
                else "middle name"
            )
            findings.append(Finding(f"the child's {label}", part))
    if date_of_birth:
        for form in _date_forms(date_of_birth):
            if form.lower() in flat or _contains(words, form):
                findings.append(Finding("the child's date of birth", form))
                break
    for line in re.split(r"[\n,]+", address):
        line = line.strip()
        if len(line) >= 5 and _contains(words, line):
            findings.append(Finding("a line of the child's address", line))
    for postcode in _POSTCODE.findall(address):
        if re.sub(r"\s", "", postcode.lower()) in re.sub(r"\s", "", flat):
            findings.append(Finding("the child's postcode", postcode))
    return findings
