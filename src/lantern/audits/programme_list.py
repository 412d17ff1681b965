"""The audit programme as a list that grows year on year: the year shown, a search,
filters and a sort, read from the query string (lantern.web.listing does the pages)."""

import datetime
from collections.abc import Mapping
from typing import Any

from django import forms
from django.db.models import Q, QuerySet

from lantern.cases.models import CaseStatus
from lantern.web.forms import GovukForm

from .models import Audit, AuditKind

#: The years the programme can show; outside them a year is a typing mistake.
FIRST_YEAR, LAST_YEAR = 2000, 2100
_YEAR_MESSAGE = f"Enter a year between {FIRST_YEAR} and {LAST_YEAR}, for example 2026."

#: order_by() for each `sort` value of ProgrammeFilterForm; the id last, so that no
#: audit is on two pages.
PROGRAMME_ORDERINGS: dict[str, tuple[str, ...]] = {
    "meeting": ("qap_meeting_on", "theme", "pk"),
    "meeting_desc": ("-qap_meeting_on", "theme", "pk"),
    "reference": ("case__reference", "pk"),
    "theme": ("theme", "pk"),
}


class ProgrammeFilterForm(GovukForm):
    """The programme's year, search, filters and sort (all optional: no year is this
    year, blank filters mean any). A bad value is shown in the error summary and
    ignored; the rest still apply."""

    year = forms.IntegerField(
        required=False,
        label="Year",
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        help_text="Of the QA&P meeting that receives the audit",
        error_messages={
            "invalid": _YEAR_MESSAGE,
            "min_value": _YEAR_MESSAGE,
            "max_value": _YEAR_MESSAGE,
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
    )
    q = forms.CharField(
        required=False, max_length=100, label="Search", help_text="Reference, theme or theme lead"
    )
    kind = forms.ChoiceField(
        required=False,
        label="Cases audited",
        choices=[("", "Children's and adults'"), *AuditKind.choices],
        error_messages={"invalid_choice": "Choose children's or adults' cases from the list."},
    )
    status = forms.ChoiceField(
        required=False,
        label="Open or closed",
        choices=[("", "Open and closed"), *CaseStatus.choices],
        error_messages={"invalid_choice": "Choose open or closed."},
    )
    sort = forms.ChoiceField(
        required=False,
        label="Sort by",
        choices=[
            ("meeting", "QA&P meeting, earliest first"),
            ("meeting_desc", "QA&P meeting, latest first"),
            ("reference", "Reference"),
            ("theme", "Theme"),
        ],
        error_messages={"invalid_choice": "Choose how to sort the audits from the list."},
    )


def year_shown(cleaned: Mapping[str, Any], today: datetime.date) -> int:
    """The year asked for, or this year when none (or a bad one) was."""
    return cleaned.get("year") or today.year


def filter_programme(
    audits: QuerySet[Audit], cleaned: Mapping[str, Any], today: datetime.date
) -> QuerySet[Audit]:
    """Narrows `audits` to the year shown, then by the search and filters. The search
    looks in the reference, the theme and the theme lead's name."""
    audits = audits.filter(qap_meeting_on__year=year_shown(cleaned, today))
    text = (cleaned.get("q") or "").strip()
    if text:
        audits = audits.filter(
            Q(case__reference__icontains=text)
            | Q(theme__icontains=text)
            | Q(theme_lead__full_name__icontains=text)
        )
    if cleaned.get("kind"):
        audits = audits.filter(kind=cleaned["kind"])
    if cleaned.get("status"):
        audits = audits.filter(case__status=cleaned["status"])
    return audits


def narrowed(cleaned: Mapping[str, Any]) -> bool:
    """Whether a search or filter narrows the year's programme (the year and the sort
    only choose which audits and in what order)."""
    return any(value for name, value in cleaned.items() if name not in ("year", "sort"))
