"""Lists of records that grow: search, filters, sort and pages from the query string.

A list page declares a filter form (a GovukForm whose fields are the search box, the
filters and `sort`) and how each cleaned value narrows the queryset; `paginate_list()`
does the rest, the same way for every list, and the template includes
"govuk/pagination.html" with `listing`:

    listing = paginate_list(request, queryset, form=form, apply=apply, sorts=SORTS,
                            default_sort="opened")

A list that filters in its own way (the audit trail) pages with `page_of()` alone.

A bad value (an unknown pathway, a sort nobody offers) is shown in the error summary
and that one filter is ignored: the page never fails, and the other filters still apply.
The page number is forgiving: junk, 0 or a negative number gives page 1, too high the
last page. Two queries: the count and the page.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

PAGE_SIZE = 25

Q = TypeVar("Q", bound=QuerySet[Any])


@dataclass(frozen=True)
class PageLink:
    """One item of the GOV.UK pagination component: a number, or an ellipsis (number 0)."""

    number: int
    href: str = ""
    current: bool = False

    @property
    def ellipsis(self) -> bool:
        return self.number == 0


@dataclass
class Listing:
    page: Page
    form: forms.Form
    #: The query string without the page number, for links that keep the filters.
    query: str
    links: list[PageLink] = field(default_factory=list)
    #: True when any search or filter narrows the list (the page says "no cases match").
    filtered: bool = False

    @property
    def items(self) -> Any:
        return self.page.object_list

    def href(self, number: int) -> str:
        return f"?{self.query}&page={number}" if self.query else f"?page={number}"

    @property
    def previous_href(self) -> str:
        return self.href(self.page.previous_page_number()) if self.page.has_previous() else ""

    @property
    def next_href(self) -> str:
        return self.href(self.page.next_page_number()) if self.page.has_next() else ""


def page_numbers(current: int, last: int) -> list[int]:
    """The pages the GOV.UK pagination shows: first, last, the current one and its
    neighbours, with 0 where pages are left out (an ellipsis)."""
    shown = sorted({1, last, current - 1, current, current + 1} & set(range(1, last + 1)))
    numbers: list[int] = []
    for number in shown:
        if numbers and number - numbers[-1] > 1:
            numbers.append(0)
        numbers.append(number)
    return numbers


def paginate_list(
    request: HttpRequest,
    queryset: Q,
    *,
    form: forms.Form,
    apply: Callable[[Q, Mapping[str, Any]], Q],
    sorts: Mapping[str, Sequence[Any]],
    default_sort: str,
    page_size: int = PAGE_SIZE,
) -> Listing:
    """The page of `queryset` that the request's search, filters, sort and page ask for.

    `apply(queryset, cleaned)` narrows the queryset by the valid values (blank ones are
    passed as given: `apply` skips them). `sorts` maps each `sort` value the form offers to
    its order_by() arguments; an id comes last so that pages never overlap.
    """
    form.is_valid()  # Fills cleaned_data with the valid values and errors for the rest.
    cleaned = getattr(form, "cleaned_data", {})
    queryset = apply(queryset, cleaned)
    sort = cleaned.get("sort") or default_sort
    queryset = queryset.order_by(*sorts.get(sort, sorts[default_sort]))
    listing = page_of(request, queryset, form=form, page_size=page_size)
    listing.filtered = any(value for name, value in cleaned.items() if name != "sort")
    return listing


def _page_number(asked: str | None) -> int:
    """The page a query string's `page` asks for: 1 unless it is a whole number above 1.

    Django's get_page gives the *last* page for 0 or a negative number (they raise
    EmptyPage, as a page past the end does), so ?page=0 would show the end of the list.
    """
    try:
        return max(int(asked or 1), 1)
    except (TypeError, ValueError):
        return 1


def page_of(
    request: HttpRequest,
    queryset: QuerySet[Any],
    *,
    form: forms.Form,
    page_size: int = PAGE_SIZE,
    paginator: type[Paginator] = Paginator,
) -> Listing:
    """The requested page of an already filtered and ordered queryset, with the links of
    the GOV.UK pagination (govuk/pagination.html) that keep the query string's filters.
    `paginator` may count differently (the audit trail's counts up to a limit)."""
    page = paginator(queryset, page_size).get_page(_page_number(request.GET.get("page")))
    query = request.GET.copy()
    query.pop("page", None)
    listing = Listing(page=page, form=form, query=query.urlencode())
    if page.paginator.num_pages > 1:
        listing.links = [
            PageLink(n, listing.href(n), n == page.number) if n else PageLink(0)
            for n in page_numbers(page.number, page.paginator.num_pages)
        ]
    return listing
