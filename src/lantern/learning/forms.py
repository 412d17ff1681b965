"""The learning library's forms (issue 14): the search and its filters (a GET form, so a
search is a shareable address), an item of national learning added by hand, and an
item's themes confirmed.

The search form refuses what it cannot search for with a message saying why, rather
than quietly searching for something else: a control character, a query longer than
anyone types, a year that is not a year, a filter value the page never offered."""

import datetime
import unicodedata
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone

from lantern.partnerships.models import Agency, Partnership
from lantern.web.forms import GovukDateField, GovukForm

from .models import ItemKind, Theme
from .validation import EARLIEST, MAX_TEXT, MAX_TITLE, MAX_URL

#: A search longer than this is a paste of a whole passage, not a search.
MAX_QUERY = 200
#: Whitespace a browser may send from a text box (a paste): read as a space.
_SPACES = {"\t", "\n", "\r"}


def _control_character(raw: str) -> str | None:
    for char in raw:
        if char in _SPACES:
            continue
        if unicodedata.category(char) in {"Cc", "Cs"}:
            return f"U+{ord(char):04X}"
    return None


def _themes_of(partnership: Partnership) -> Any:
    return Theme.objects.for_partnership(partnership.pk).active().order_by("name")


class LibrarySearchForm(GovukForm):
    q = forms.CharField(
        label="Search the library",
        required=False,
        help_text="Words, phrases in double quotes, or acronyms such as MCA, DoLS or MARAC.",
    )
    theme = forms.MultipleChoiceField(
        label="Theme",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Theme: choose themes from the list."},
    )
    kind = forms.MultipleChoiceField(
        label="Kind",
        required=False,
        choices=ItemKind.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Kind: choose kinds from the list."},
    )
    year = forms.CharField(label="Year", required=False, help_text="For example, 2024")
    agency = forms.ChoiceField(
        label="Agency",
        required=False,
        error_messages={"invalid_choice": "Agency: choose an agency from the list."},
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # clean_q names a NUL as it names any control character (Django's own validator
        # would say "Null characters are not allowed" first).
        self.fields["q"].validators = []
        self.fields["theme"].choices = [(t.slug, t.name) for t in _themes_of(partnership)]  # type: ignore[attr-defined]
        agencies = Agency.objects.filter(partnership=partnership).order_by("name")
        self.fields["agency"].choices = [  # type: ignore[attr-defined]
            ("", "Any agency"),
            *((str(a.pk), a.name) for a in agencies),
        ]
        self.fields["year"].widget.attrs.update(
            {"inputmode": "numeric", "class": "govuk-input govuk-input--width-4"}
        )

    def clean_q(self) -> str:
        # The raw text, before the cleaning every form does (lantern.web.text), which
        # would quietly drop a control character rather than say so.
        raw = str(self.data.get("q", ""))
        bad = _control_character(raw)
        if bad:
            raise ValidationError(
                f"The search contains a control character ({bad}). Type the words again without it."
            )
        query = " ".join(raw.split())
        if len(query) > MAX_QUERY:
            raise ValidationError(
                f"The search is {len(query):,} characters long. Use at most {MAX_QUERY} "
                "characters: a few words find more than a whole passage."
            )
        return query

    def clean_year(self) -> int | None:
        raw = (self.cleaned_data.get("year") or "").strip()
        if not raw:
            return None
        this_year = timezone.localdate().year
        if not (raw.isascii() and raw.isdigit() and len(raw) == 4):
            raise ValidationError("Year must be a year written as 4 digits, like 2024.")
        year = int(raw)
        if not EARLIEST.year <= year <= this_year:
            raise ValidationError(f"Year must be between {EARLIEST.year} and {this_year}.")
        return year

    def clean_agency(self) -> int | None:
        value = self.cleaned_data.get("agency")
        return int(value) if value else None


def theme_field(partnership: Partnership) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        queryset=_themes_of(partnership),
        label="Themes",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        to_field_name="slug",
        error_messages={"invalid_choice": "Themes: choose themes from the list."},
    )


class ThemesForm(GovukForm):
    """An item's themes, confirmed by a person (Lantern's suggestions ticked first)."""

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["themes"] = theme_field(partnership)


_URL_MESSAGE = "Enter a web address starting http:// or https://."


class NationalItemForm(GovukForm):
    """An item of national learning added by hand. The service checks every field again
    (lantern.learning.validation), with the same words as the import."""

    title = forms.CharField(label="Title", max_length=MAX_TITLE)
    url = forms.URLField(
        label="Web address of the source",
        max_length=MAX_URL,
        assume_scheme="https",
        help_text="Where a reader finds it, for example on the national SAR library.",
        validators=[URLValidator(schemes=["http", "https"], message=_URL_MESSAGE)],
        error_messages={"invalid": _URL_MESSAGE},
    )
    published_on = GovukDateField(
        label="Date published", required=False, help_text="For example, 27 3 2024"
    )
    text = forms.CharField(
        label="Summary of the learning",
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="What happened, what was learned, and what to do differently: the words "
        "people will search for.",
    )
    #: Set once Lantern's suggestions have been shown, so that saving then saves the
    #: themes as ticked (even none).
    suggested = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["themes"] = theme_field(partnership)
        self.fields["title"].error_messages["required"] = "Enter the title."
        self.fields["url"].error_messages["required"] = "Enter the web address of the source."
        self.fields["text"].error_messages["required"] = "Enter the summary of the learning."

    def clean_published_on(self) -> datetime.date | None:
        day = self.cleaned_data.get("published_on")
        if day is not None and day > timezone.localdate():
            raise ValidationError("The date published must be today or in the past.")
        if day is not None and day < EARLIEST:
            raise ValidationError(f"The date published must be in {EARLIEST.year} or later.")
        return day
