"""The learning library's search (issue 14), under the same rules as its pages.

Who reads what (lantern.learning.selectors.library_items_for_user): the caller's own
partnership only; its published and national learning to every member; a case's
findings and recommendations only to those who may read the case. A caller of another
partnership gets no results, never another partnership's items.
"""

import datetime

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from lantern.learning.models import ItemKind
from lantern.learning.reads import record_results_read
from lantern.learning.selectors import MAX_LIMIT, Hit, library_search

from ..auth import caller
from ..errors import responses

router = Router(tags=["Learning library"])


class LibrarySearchFilters(Schema):
    q: str = Field(
        "",
        max_length=500,
        description="What to look for. Acronyms and their expansions find each other "
        '(MCA, "mental capacity act"); words in double quotes are one phrase. Blank lists '
        "the newest items.",
    )
    limit: int = Field(10, ge=1, le=MAX_LIMIT, description="How many results.")
    kind: ItemKind | None = Field(None, description="Only items of this kind.")
    theme: str | None = Field(None, max_length=60, description="Only items with this theme (slug).")
    year: int | None = Field(None, ge=1945, le=2100, description="Only items published that year.")


class LibraryHit(Schema):
    ref: str
    title: str
    kind: ItemKind
    score: float = Field(description="Higher is better; compare within one search only.")
    snippet: str = Field(description="The passage that matched, as plain text.")
    url: str = Field(description="Where it is published; empty if nowhere.")
    published_on: datetime.date | None
    themes: list[str] = Field(description="Its themes' slugs.")


class LibrarySearchOut(Schema):
    query: str
    results: list[LibraryHit]


_PARAMETERS = set(LibrarySearchFilters.model_fields)


def _hit(hit: Hit) -> LibraryHit:
    item = hit.item
    return LibraryHit(
        ref=item.ref,
        title=item.title,
        kind=ItemKind(item.kind),
        score=float(f"{hit.score:.4g}"),
        snippet=" ".join(hit.snippet.split()),
        url=item.url,
        published_on=item.published_on,
        themes=[t.slug for t in item.themes.all()],
    )


@router.get(
    "/search",
    response=responses(LibrarySearchOut, 401, 422),
    summary="Search the learning library",
    operation_id="library_search",
    url_name="library-search",
)
def library_search_view(
    request: HttpRequest, filters: Query[LibrarySearchFilters]
) -> LibrarySearchOut:
    """The library items the caller may read that best match `q`, best first, each with
    the passage that matched. A parameter that is not a filter is refused."""
    unknown = [name for name in request.GET if name not in _PARAMETERS]
    if unknown:
        message = f"Not a filter. The filters are {', '.join(sorted(_PARAMETERS))}."
        raise ValidationError({name: message for name in unknown})
    user = caller(request)
    hits = library_search(
        partnership=user.partnership,  # type: ignore[arg-type]  # BearerToken: never None
        query=filters.q,
        user=user,
        limit=filters.limit,
        kinds=[filters.kind] if filters.kind else (),
        themes=[filters.theme] if filters.theme else (),
        years=[filters.year] if filters.year else (),
    )
    record_results_read(hits, where="learning library search (API)")
    return LibrarySearchOut(query=filters.q, results=[_hit(h) for h in hits])
