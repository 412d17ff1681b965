"""Pages of the multi-agency chronology: the timeline, uploads, single entries, exports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from lantern.access.policy import Perm, can, membership
from lantern.audit.recorder import record_read
from lantern.cases.access import get_case_for_user
from lantern.cases.models import Capacity, Case
from lantern.web.forms import add_service_errors
from lantern.web.listing import page_of
from lantern.web.query import query_int
from lantern.web.versioning import EditConflict

from . import exports, services
from .access import agencies_for, get_agency, get_import, get_rw_case, get_rw_entry
from .forms import EntryEditForm, EntryForm, FilterForm, UploadForm
from .parsing import MAX_ROWS
from .selectors import TimelinePaginator, entries, latest_imports, lines_of, summary, timeline

#: Rows a page of the timeline: a page of 200 spent two thirds of its time rendering (issue 13).
PAGE_SIZE = 100


def may_mark(user: object, case: Case) -> bool:
    """Key practice episodes are the review's judgement: its managers' and reviewers'."""
    if can(user, Perm.CHANGE_CASE, case):
        return True
    member = membership(user, case)
    return member is not None and member.capacity == Capacity.REVIEWER


def page_problem(asked: str | None, shown: int, pages: int) -> str:
    """What to tell someone whose `?page=` names no page of the chronology (issue 13):
    they see the nearest page, and why it is not the one they asked for."""
    if not asked:
        return ""
    quoted = asked if len(asked) <= 20 else asked[:19] + "…"
    try:
        number = int(asked)
    except ValueError:
        return f"‘{quoted}’ is not a page number, so this is page 1 of the chronology."
    if number == shown:
        return ""
    if number < 1:
        return "Pages are numbered from 1, so this is page 1 of the chronology."
    of = f"{pages} page{'' if pages == 1 else 's'}"
    return f"There is no page {number}: the chronology has {of}, so this is page {shown}."


def entries_url(case: Case) -> str:
    """Where the entries' pages start: the table adds "<pk>/edit/", "<pk>/delete/" and
    "<pk>/key/" (urls.py), instead of reversing each for every row (issue 13)."""
    return reverse("chronology:chronology", args=[case.reference]) + "entries/"


@login_required
def chronology(request: HttpRequest, reference: str) -> HttpResponse:
    """One page of the timeline with its stored flags, filtered, ordered and counted by
    the database: the same queries at any size (issue 13). A filter date that cannot be
    read is shown as an error, with no entries: the whole list would look filtered."""
    case = get_case_for_user(request.user, reference, what="multi-agency chronology")
    form = FilterForm(request.GET)
    filters = form.filters()
    whole = summary(case)
    listing, lines, problem = None, [], ""
    if not form.errors:
        found = entries(case, filters)
        listing = page_of(
            request, found, form=form, page_size=PAGE_SIZE, paginator=TimelinePaginator
        )
        page = listing.page
        problem = page_problem(request.GET.get("page"), page.number, page.paginator.num_pages)
        lines = lines_of(page.object_list, whole.agency_names)
    upload_agencies = list(agencies_for(request.user, case))
    return render(
        request,
        "chronology/chronology.html",
        {
            "case": case,
            "timeline": whole,
            "lines": lines,
            "entries_url": entries_url(case),
            "listing": listing,
            "page_problem": problem,
            "filters": filters,
            "form": form,
            "query": listing.query if listing else "",
            "agencies": sorted(whole.agency_names.items(), key=lambda item: item[1]),
            "upload_agencies": upload_agencies,
            "editable": {a.pk for a in upload_agencies},
            "imports": latest_imports(case),
            "may_mark": may_mark(request.user, case),
        },
    )


@login_required
def upload(request: HttpRequest, reference: str, agency_id: int) -> HttpResponse:
    case = get_rw_case(request.user, reference)
    agency = get_agency(request.user, case, agency_id)
    posted = request.method == "POST"
    form = UploadForm(request.POST, request.FILES) if posted else UploadForm()
    if posted and form.is_valid():
        batch = services.chronology_import(
            case=case, agency=agency, user=request.user, file=form.cleaned_data["file"]
        )
        return redirect("chronology:import", reference=case.reference, pk=batch.pk)
    return render(
        request,
        "chronology/upload.html",
        {"case": case, "agency": agency, "form": form, "max_rows": MAX_ROWS},
    )


@login_required
def import_detail(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    case = get_rw_case(request.user, reference)
    batch = get_import(case, pk)
    get_agency(request.user, case, batch.agency_id)
    return render(request, "chronology/import.html", {"case": case, "batch": batch})


@login_required
def template_download(request: HttpRequest, reference: str, fmt: str) -> HttpResponse:
    case = get_rw_case(request.user, reference)
    # "abc", "1e3" or 5,000 digits is no agency: a 404 like any other unknown one.
    agency = get_agency(request.user, case, query_int(request.GET.get("agency")) or 0)
    if fmt == "csv":
        body, kind = exports.template_csv(agency.name), "text/csv; charset=utf-8"
    else:
        body, kind = exports.template_xlsx(agency.name), exports.XLSX_TYPE
    return _download(body, kind, f"chronology-template.{fmt}")


@login_required
def export(request: HttpRequest, reference: str, fmt: str) -> HttpResponse:
    case = get_case_for_user(request.user, reference, what=f"multi-agency chronology ({fmt})")
    form = FilterForm(request.GET)
    filters = form.filters()
    if form.errors:
        # Not the whole chronology as if filtered: the page, which says what to correct.
        url = reverse("chronology:chronology", args=[case.reference])
        return redirect(f"{url}?{request.GET.urlencode()}#timeline")
    whole = timeline(case, filters)
    build = exports.chronology_docx if fmt == "docx" else exports.chronology_xlsx
    body = build(case, whole.lines, whole.agency_names)
    kind = exports.DOCX_TYPE if fmt == "docx" else exports.XLSX_TYPE
    return _download(body, kind, f"{case.reference}-chronology.{fmt}")


def _download(body: bytes, kind: str, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def entry_add(request: HttpRequest, reference: str, agency_id: int) -> HttpResponse:
    case = get_rw_case(request.user, reference)
    agency = get_agency(request.user, case, agency_id)
    form = EntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.entry_add(case=case, agency=agency, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"The entry has been added to {agency}'s chronology.")
            return redirect("chronology:chronology", reference=case.reference)
    return render(request, "chronology/entry.html", {"case": case, "agency": agency, "form": form})


@login_required
def entry_edit(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    case = get_rw_case(request.user, reference)
    entry = get_rw_entry(request.user, case, pk)
    initial = {name: getattr(entry, name) for name in EntryForm.base_fields}
    form = EntryEditForm(request.POST or None, initial=initial, record=entry)
    if request.method == "POST" and form.is_valid():
        try:
            services.entry_change(entry=entry, **form.answers(), **form.versioned())
        except ValidationError as error:
            add_service_errors(form, error)
        except EditConflict as conflict:
            form.show_conflict(conflict)
        else:
            messages.success(request, "The entry has been changed.")
            return redirect("chronology:chronology", reference=case.reference)
    else:
        record_read(entry, what="a chronology entry")
    return render(
        request,
        "chronology/entry.html",
        {"case": case, "agency": entry.agency, "form": form, "entry": entry},
    )


@login_required
def entry_delete(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    case = get_rw_case(request.user, reference)
    entry = get_rw_entry(request.user, case, pk)
    if request.method == "POST":
        services.entry_remove(entry=entry)
        messages.success(request, "The entry has been removed.")
        return redirect("chronology:chronology", reference=case.reference)
    return render(request, "chronology/delete.html", {"case": case, "entry": entry})


@login_required
@require_POST
def entry_key(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    case = get_rw_case(request.user, reference)
    if not may_mark(request.user, case):
        raise PermissionDenied("Only the review's managers and reviewers mark key episodes.")
    entry = case.chronology_entries.filter(pk=pk).first()
    if entry is None:
        raise Http404("No such entry.")
    marked = request.POST.get("key_episode") == "yes"
    services.entry_mark(entry=entry, key_episode=marked)
    done = "marked as" if marked else "no longer marked as"
    messages.success(request, f"The entry is {done} a key practice episode.")
    url = reverse("chronology:chronology", args=[case.reference])
    return redirect(f"{url}#entry-{entry.pk}")
