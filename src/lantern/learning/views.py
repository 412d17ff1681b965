"""The learning library's pages (issue 14): search with filters, one item, and national
learning added or edited by hand with Lantern's theme suggestions for a person to confirm.

Who reads what is lantern.learning.selectors' rule, for every page here: an item the
person may not read is a 404, as if it did not exist. Who adds and edits is
lantern.access.policy.can_manage_library (403 for anyone else).
"""

import secrets
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify

from lantern.access.policy import Perm, can_manage_library, can_read_publications, has_perm
from lantern.audit.recorder import record_read
from lantern.web.forms import add_service_errors
from lantern.web.listing import page_of

from .forms import LibrarySearchForm, NationalItemForm, ThemesForm
from .models import ItemKind, LibraryItem
from .reads import record_results_read
from .selectors import MAX_LIMIT, can_read_library_item, library_items_for_user, library_search
from .services import library_item_upsert
from .themes import Suggestion, theme_suggestions

PAGE_SIZE = 20


# The search -------------------------------------------------------------------------------


def _narrowing(cleaned: dict[str, Any]) -> dict[str, Any]:
    return {
        "kinds": cleaned.get("kind") or [],
        "themes": cleaned.get("theme") or [],
        "years": [cleaned["year"]] if cleaned.get("year") else [],
        "agencies": [cleaned["agency"]] if cleaned.get("agency") else [],
    }


@login_required
def library(request: HttpRequest) -> HttpResponse:
    """The best MAX_LIMIT matches, PAGE_SIZE a page. A search or filter the form refuses
    shows its message and no results (nothing is searched for that was not asked)."""
    user: Any = request.user
    partnership = user.partnership
    if partnership is None:
        raise Http404("No library.")
    form = LibrarySearchForm(request.GET, partnership=partnership)
    hits: list[Any] = []
    query = ""
    narrowing: dict[str, Any] = {}
    if form.is_valid():
        query = form.cleaned_data["q"]
        narrowing = _narrowing(form.cleaned_data)
        hits = library_search(
            partnership=partnership, user=user, query=query, limit=MAX_LIMIT, **narrowing
        )
    filtered = bool(query) or any(narrowing.values())
    total = None
    if form.is_valid() and not filtered:
        total = library_items_for_user(user).count()
    listing = page_of(request, hits, form=form, page_size=PAGE_SIZE)  # type: ignore[arg-type]
    listing.filtered = filtered
    record_results_read(listing.items, where="learning library search results")
    return render(
        request,
        "learning/library.html",
        {
            "form": form,
            "listing": listing,
            "page": listing.page,
            "hits": listing.items,
            "query": query,
            "filtered": filtered,
            "capped": len(hits) >= MAX_LIMIT,
            "max_results": MAX_LIMIT,
            "total": total,
            "filter_count": sum(len(v) for v in narrowing.values()),
            "can_manage": can_manage_library(user),
            "can_publish": can_read_publications(user),
            # An item's page links back to these results (the search, filters and page).
            "back": request.GET.urlencode() if form.is_valid() else "",
        },
    )


# One item ----------------------------------------------------------------------------------


def get_item_for_user(user: Any, pk: int) -> LibraryItem:
    """The item if this person may read it; 404 otherwise (they must not learn it exists).
    A case's confidential learning read is logged as a read of the case."""
    item = (
        library_items_for_user(user)
        .filter(pk=pk)
        .select_related("case", "partnership")
        .prefetch_related("themes", "agencies")
        .first()
    )
    if item is None or not can_read_library_item(user, item):
        raise Http404("No such item in your library.")
    if item.case is not None:
        record_read(item.case, what=f"learning library item {item.ref}")
    return item


@dataclass(frozen=True)
class SourceLink:
    text: str
    href: str


def _source_parts(item: LibraryItem) -> tuple[str, int] | None:
    label, _, pk = item.source_key.partition(":")
    return (label, int(pk)) if label and pk.isdigit() else None


def source_link(user: Any, item: LibraryItem) -> SourceLink | None:
    """Where the item came from, if this person may open it there; else its public
    address, if it has one."""
    parts = _source_parts(item)
    case = item.case
    if parts is not None:
        label, pk = parts
        if label == "actions.recommendation":
            href = reverse("actions:recommendation", args=[pk])
            return SourceLink("Open the recommendation", href)
        if label == "actions.finding" and case is not None:
            if case.pathway == "macfa":
                href = reverse("audits:findings", args=[case.reference])
            else:
                href = reverse("actions:case", args=[case.reference])
            return SourceLink(f"Open the findings of {case.reference}", href)
        if label == "audits.audit" and case is not None:
            href = reverse("audits:audit", args=[case.reference])
            return SourceLink(f"Open the audit {case.reference}", href)
        if label == "publications.publication" and can_read_publications(user):
            return SourceLink("Open the publication", reverse("publications:detail", args=[pk]))
    if item.url:
        return SourceLink("Read it at its source", item.url)
    return None


def _source_label(item: LibraryItem) -> str:
    parts = _source_parts(item)
    if parts is None:
        return "Added by hand or imported" if item.kind in _HAND_KINDS else "Lantern"
    return {
        "actions.finding": "A finding of a review or audit",
        "actions.recommendation": "A recommendation of a review or audit",
        "audits.audit": "An audit's learning summary",
        "publications.publication": "A publication of the partnership",
    }.get(parts[0], "Lantern")


_HAND_KINDS = {"cspr", "sar", "dhr", "audit", "briefing", "national"}


def _editable(item: LibraryItem) -> bool:
    """An item added by hand or imported (no local record behind it) is edited here."""
    return not item.source_key and item.case is None


def _themes_confirmable(item: LibraryItem) -> bool:
    """A publication's themes are the publication's; any other item's are confirmed here."""
    parts = _source_parts(item)
    return parts is None or parts[0] != "publications.publication"


#: A search's query string longer than this is not kept for the way back.
MAX_BACK = 2000


def _back_to(request: HttpRequest) -> str:
    """The results the person came from: the library's own address with their query
    string (only ever the library's address: the path is not theirs to choose)."""
    back = request.GET.get("back", "")
    if not back or len(back) > MAX_BACK:
        return reverse("learning:library")
    return reverse("learning:library") + "?" + QueryDict(back).urlencode()


@login_required
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    item = get_item_for_user(user, pk)
    manage = can_manage_library(user)
    return render(
        request,
        "learning/item.html",
        {
            "item": item,
            "themes": list(item.themes.all()),
            "agencies": list(item.agencies.all()),
            "pathway": item.case.pathway_def.name if item.case else item.get_kind_display(),
            "source_label": _source_label(item),
            "source": source_link(user, item),
            "can_edit": manage and _editable(item),
            "can_confirm_themes": manage and _themes_confirmable(item),
            # National learning is adopted locally as before (issue 5): a case of its own
            # carries the partnership's recommendations; the form starts with this title.
            "adopt_href": (
                reverse("actions:national_new")
                + "?"
                + QueryDict.fromkeys(["title"], value=item.title[:200]).urlencode()
                if item.kind == ItemKind.NATIONAL and has_perm(user, Perm.CHANGE_ALL_CASES)
                else ""
            ),
            "back_href": _back_to(request),
            "from_results": "back" in request.GET,
        },
    )


# Adding and editing -----------------------------------------------------------------------


def _check_manager(user: Any) -> None:
    if not can_manage_library(user):
        raise PermissionDenied(
            "Only the Business Manager and the chair of the Learning and Improvement "
            "sub-group add to the library and change it."
        )


def _new_ref(partnership_id: int, title: str) -> str:
    """A ref no other item has: from the title, with a random tail so that two people
    adding the same title at once never update each other's item."""
    stem = slugify(title)[:60].strip("-") or "item"
    while True:
        ref = f"national-{stem}-{secrets.token_hex(3)}"
        if not LibraryItem.objects.filter(partnership_id=partnership_id, ref=ref).exists():
            return ref


def _suggested(form_data: QueryDict, suggestions: list[Suggestion]) -> QueryDict:
    data = form_data.copy()
    data.setlist("themes", [s.theme.slug for s in suggestions])
    data["suggested"] = "True"
    return data


def _suggestion_notes(suggestions: list[Suggestion]) -> dict[str, str]:
    return {s.theme.slug: ", ".join(f"‘{k}’" for k in s.keywords) for s in suggestions}


@login_required
def item_add(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    _check_manager(user)
    return _national_form(request, user, item=None)


@login_required
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    item = get_item_for_user(user, pk)
    _check_manager(user)
    if not _editable(item):
        raise PermissionDenied(
            "This item is kept in step with the record it came from: change that record."
        )
    return _national_form(request, user, item=item)


def _national_form(request: HttpRequest, user: Any, *, item: LibraryItem | None) -> HttpResponse:
    """Saving first shows Lantern's suggested themes ticked; saving again (the person has
    seen and confirmed them) writes. "Suggest themes" asks again after the text changes."""
    partnership = user.partnership
    suggestions: list[Suggestion] = []
    if request.method != "POST":
        initial: dict[str, Any] = {}
        if item is not None:
            initial = {
                "title": item.title,
                "url": item.url,
                "published_on": item.published_on,
                "text": item.text,
                "themes": [t.slug for t in item.themes.all()],
                "suggested": True,
            }
        form = NationalItemForm(initial=initial, partnership=partnership)
    else:
        form = NationalItemForm(request.POST, partnership=partnership)
        if form.is_valid():
            asked = "suggest" in request.POST
            if asked or not form.cleaned_data["suggested"]:
                suggestions = theme_suggestions(
                    partnership=partnership,
                    text=f"{form.cleaned_data['title']}\n{form.cleaned_data['text']}",
                )
                form = NationalItemForm(
                    _suggested(request.POST, suggestions), partnership=partnership
                )
                form.is_valid()
            else:
                saved = _save_national(form, partnership, item)
                if saved is not None:
                    verb = "added to" if item is None else "changed in"
                    messages.success(request, f"‘{saved.title}’ is {verb} the library.")
                    return redirect("learning:item", pk=saved.pk)
    return render(
        request,
        "learning/item_form.html",
        {
            "form": form,
            "item": item,
            "suggestions": suggestions,
            "shown_suggestions": request.method == "POST" and bool(form.data.get("suggested")),
            "pre_ticked": bool(suggestions),
            "notes": _suggestion_notes(suggestions),
        },
    )


def _save_national(
    form: NationalItemForm, partnership: Any, item: LibraryItem | None
) -> LibraryItem | None:
    data = form.cleaned_data
    try:
        return library_item_upsert(
            partnership=partnership,
            ref=item.ref if item else _new_ref(partnership.pk, data["title"]),
            kind=item.kind if item else ItemKind.NATIONAL,
            title=data["title"],
            text=data["text"],
            url=data["url"],
            themes=list(data["themes"]),
            published_on=data["published_on"],
            agencies=None,
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return None


def _source_of(item: LibraryItem) -> models.Model | None:
    """The record an item was built from, so that writing the item again keeps the key."""
    parts = _source_parts(item)
    if parts is None:
        return None
    label, pk = parts
    model = apps.get_model(label)
    return model._default_manager.filter(pk=pk).first()


@login_required
def item_themes(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm an item's themes: with none yet, Lantern's suggestions come ticked."""
    user: Any = request.user
    item = get_item_for_user(user, pk)
    _check_manager(user)
    if not _themes_confirmable(item):
        raise PermissionDenied("A publication's themes are changed on the publication.")
    partnership = user.partnership
    suggestions = theme_suggestions(partnership=partnership, text=f"{item.title}\n{item.text}")
    current = [t.slug for t in item.themes.all()]
    if request.method == "POST":
        form = ThemesForm(request.POST, partnership=partnership)
        if form.is_valid():
            try:
                library_item_upsert(
                    partnership=partnership,
                    ref=item.ref,
                    kind=item.kind,
                    title=item.title,
                    text=item.text,
                    url=item.url,
                    themes=list(form.cleaned_data["themes"]),
                    published_on=item.published_on,
                    agencies=None,
                    source=_source_of(item),
                    case=item.case,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "The item's themes are saved.")
                return redirect("learning:item", pk=item.pk)
    else:
        ticked = current or [s.theme.slug for s in suggestions]
        form = ThemesForm(initial={"themes": ticked}, partnership=partnership)
    return render(
        request,
        "learning/item_themes.html",
        {
            "form": form,
            "item": item,
            "suggestions": suggestions,
            "pre_ticked": not current and bool(suggestions),
            "notes": _suggestion_notes(suggestions),
        },
    )
