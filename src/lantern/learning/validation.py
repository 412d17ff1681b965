"""What a library item may hold, checked field by field before anything is written
(issue 14). The import reads each JSON Lines object through `clean_record`; the service
checks the same fields with `check_fields`, so a page, the import and the publications
service refuse the same things with the same words."""

import datetime
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone

from .models import IMPORT_KINDS, ItemKind

MAX_REF = 100
MAX_TITLE = 300
MAX_URL = 500
MAX_TEXT = 500_000
#: The earliest date a published review can carry (the first public inquiries into a
#: child's death were in the 1940s), and no date after today.
EARLIEST = datetime.date(1945, 1, 1)

IMPORT_FIELDS = {"ref", "title", "kind", "url", "text", "themes", "published_on"}
REQUIRED_FIELDS = ("ref", "title", "kind", "url", "text")
_LINE_BREAKS = {"\n", "\r", "\t"}
_url = URLValidator(schemes=["http", "https"])


def _bad_character(value: str, *, breaks_allowed: bool) -> str | None:
    for char in value:
        category = unicodedata.category(char)
        if category == "Cs":
            return "an invalid character (a lone surrogate)"
        if category == "Cc" and not (breaks_allowed and char in _LINE_BREAKS):
            return f"a control character (U+{ord(char):04X})"
        if char in "\u2028\u2029" and not breaks_allowed:
            return "a line break"
    return None


def check_string(
    name: str, value: Any, *, max_length: int, required: bool = True, multiline: bool = False
) -> str:
    """`value` as a clean string, or ValidationError saying what is wrong with it."""
    if not isinstance(value, str):
        raise ValidationError(f"'{name}' must be a string, not {_type_name(value)}.")
    if required and not value.strip():
        raise ValidationError(f"'{name}' must not be blank.")
    if len(value) > max_length:
        raise ValidationError(
            f"'{name}' is {len(value):,} characters long; at most {max_length:,}."
        )
    bad = _bad_character(value, breaks_allowed=multiline)
    if bad:
        raise ValidationError(f"'{name}' contains {bad}.")
    return value.strip() if not multiline else value


def check_ref(value: Any) -> str:
    ref = check_string("ref", value, max_length=MAX_REF)
    if ref != value:
        raise ValidationError("'ref' must not start or end with spaces.")
    return ref


def check_kind(value: Any, *, allowed: tuple[str, ...] = IMPORT_KINDS) -> str:
    if not isinstance(value, str) or value not in allowed:
        shown = value if isinstance(value, str) else _type_name(value)
        raise ValidationError(f"'kind' must be one of {', '.join(allowed)}; not '{shown}'.")
    return value


def check_url(value: Any) -> str:
    url = check_string("url", value, max_length=MAX_URL, required=False)
    if url:
        try:
            _url(url)
        except ValidationError:
            raise ValidationError(f"'url' must be an http or https address; not '{url}'.") from None
    return url


def check_date(value: Any, *, today: datetime.date | None = None) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        date = value
    elif isinstance(value, str):
        try:
            date = datetime.date.fromisoformat(value)
        except ValueError:
            raise ValidationError(
                f"'published_on' must be a date written YYYY-MM-DD; not '{value}'."
            ) from None
        if len(value) != 10:
            raise ValidationError(f"'published_on' must be written YYYY-MM-DD; not '{value}'.")
    else:
        raise ValidationError(f"'published_on' must be a string, not {_type_name(value)}.")
    today = today or timezone.localdate()
    if date is not None and not EARLIEST <= date <= today:
        raise ValidationError(
            f"'published_on' {date.isoformat()} is not a publication date: "
            f"it must be between {EARLIEST.isoformat()} and today ({today.isoformat()})."
        )
    return date


def check_theme_names(value: Any) -> list[str]:
    if not isinstance(value, list):
        raise ValidationError(f"'themes' must be a list of theme names, not {_type_name(value)}.")
    names: list[str] = []
    for entry in value:
        if not isinstance(entry, str):
            raise ValidationError(f"'themes' must hold strings, not {_type_name(entry)}.")
        names.append(check_string("themes", entry, max_length=100))
    return names


def _type_name(value: Any) -> str:
    return {
        type(None): "null",
        bool: "true or false",
        int: "a number",
        float: "a number",
        list: "a list",
        dict: "an object",
        str: "a string",
    }.get(type(value), type(value).__name__)


@dataclass(frozen=True)
class Record:
    """One valid line of an import. `themes` and `published_on` are None when the line
    leaves them out: an update then keeps what the item has."""

    ref: str
    title: str
    kind: str
    url: str
    text: str
    themes: list[str] | None
    published_on: datetime.date | None
    has_published_on: bool


def clean_record(
    data: Any, *, today: datetime.date | None = None
) -> tuple[Record | None, list[str]]:
    """A JSON Lines object as a Record, or every message about what is wrong with it."""
    if not isinstance(data, dict):
        return None, [f"each line must be a JSON object, not {_type_name(data)}."]
    errors: list[str] = []
    unknown = sorted(set(data) - IMPORT_FIELDS)
    if unknown:
        errors.append(
            "unknown field "
            + ", ".join(f"'{u}'" for u in unknown)
            + " (allowed: "
            + ", ".join(sorted(IMPORT_FIELDS))
            + ")."
        )
    missing = [name for name in REQUIRED_FIELDS if name not in data]
    if missing:
        errors.append("missing " + ", ".join(f"'{m}'" for m in missing) + ".")
    checks = {
        "ref": check_ref,
        "title": lambda v: check_string("title", v, max_length=MAX_TITLE),
        "kind": check_kind,
        "url": check_url,
        "text": lambda v: check_string("text", v, max_length=MAX_TEXT, multiline=True),
        "themes": check_theme_names,
        "published_on": lambda v: check_date(v, today=today),
    }
    clean: dict[str, Any] = {}
    for name, check in checks.items():
        if name in data:
            try:
                clean[name] = check(data[name])
            except ValidationError as error:
                errors.extend(error.messages)
    if errors:
        return None, errors
    return (
        Record(
            ref=clean["ref"],
            title=clean["title"],
            kind=clean["kind"],
            url=clean["url"],
            text=clean["text"],
            themes=clean.get("themes"),
            published_on=clean.get("published_on"),
            has_published_on="published_on" in data,
        ),
        [],
    )


ALL_KINDS: tuple[str, ...] = tuple(k.value for k in ItemKind)
