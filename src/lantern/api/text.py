"""No operation is given text with a NUL character in it.

PostgreSQL cannot store NUL (U+0000) in text, so a string carrying one would fail at the
database, a 500, where SQLite would store it. Every operation's arguments are checked once
ninja has validated them and before the operation runs: a 422 naming the field, on any
database, and nothing done. Every other control character is cleaned out as the forms
clean it (lantern.web.text), so what the API stores any export can write.
"""

from collections.abc import Callable, Iterator
from functools import wraps
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from pydantic import BaseModel

from lantern.web.text import clean_strings

from .errors import NON_FIELD

NUL = "\x00"
NUL_REFUSED = "Text cannot contain the null character (U+0000)."


def _fields_with_nul(value: Any, path: tuple[str, ...]) -> Iterator[str]:
    """The fields, named as 422s name them ("evidence_links.0.url"), whose text has a NUL."""
    if isinstance(value, str):
        if NUL in value:
            yield ".".join(path) or NON_FIELD
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _fields_with_nul(getattr(value, name), (*path, name))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _fields_with_nul(key, path)
            yield from _fields_with_nul(item, (*path, str(key)))
    elif isinstance(value, list | tuple | set | frozenset):
        for index, item in enumerate(value):
            yield from _fields_with_nul(item, (*path, str(index)))


def _cleaned(value: Any) -> Any:
    """The value with its text cleaned (lantern.web.text), a schema's fields in place."""
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            # object.__setattr__: a frozen schema is cleaned too, without re-validation.
            object.__setattr__(value, name, _cleaned(getattr(value, name)))
        return value
    if isinstance(value, list):
        return [_cleaned(item) for item in value]
    return clean_strings(value)


def refuse_nul(view_func: Callable[..., Any]) -> Callable[..., Any]:
    """Applied by the API to every operation. A schema's fields are named on their own (its
    argument's name is not), a path or query argument by its name."""

    @wraps(view_func)
    def operation(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        fields = [
            field
            for name, value in kwargs.items()
            for field in _fields_with_nul(value, () if isinstance(value, BaseModel) else (name,))
        ]
        if fields:
            raise ValidationError({field: NUL_REFUSED for field in fields})
        cleaned = {name: _cleaned(value) for name, value in kwargs.items()}
        return view_func(request, *args, **cleaned)

    return operation
