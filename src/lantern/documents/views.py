import io
import logging
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render

from lantern.access.policy import Perm, can, has_perm
from lantern.audit.recorder import record_read
from lantern.cases.access import get_case_for_user, get_rw_case_for_user
from lantern.web.forms import add_service_errors
from lantern.web.listing import paginate_list

from . import namecheck, services
from .access import refusal
from .forms import DocumentFilterForm, NameCheckAcceptForm, UploadForm
from .generate import stamp_docx, stamp_pdf
from .models import Document
from .selectors import (
    DOCUMENT_ORDERINGS,
    documents_for_user,
    filter_documents,
    jobs_being_prepared,
)

logger = logging.getLogger(__name__)
DOCX = ".docx"


@login_required
def document_list(request: HttpRequest, reference: str) -> HttpResponse:
    # Queries: the count and the page of the documents this person may open ("latest"
    # and what they may not open are worked out in that query), and the ones they asked
    # for that are still being prepared. None per row.
    case = get_case_for_user(request.user, reference, what="documents")
    listing = paginate_list(
        request,
        documents_for_user(request.user, case),
        form=DocumentFilterForm(request.GET),
        apply=filter_documents,
        sorts=DOCUMENT_ORDERINGS,
        default_sort="title",
    )
    context = {
        "case": case,
        "listing": listing,
        "form": listing.form,
        "documents": listing.items,
        "can_upload_document": can(request.user, Perm.CONTRIBUTE, case),
        "jobs_being_prepared": jobs_being_prepared(request.user, case),
    }
    return render(request, "documents/index.html", context)


@login_required
def document_upload(request: HttpRequest, reference: str) -> HttpResponse:
    case = get_rw_case_for_user(request.user, reference, Perm.CONTRIBUTE)
    # Only those who run the case choose meeting papers.
    meetings = case.meetings.all() if can(request.user, Perm.CHANGE_CASE, case) else None
    latest = documents_for_user(request.user, case).filter(superseded_by__isnull=True)
    form = UploadForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        case=case,
        meetings=meetings,
        documents=latest,
        initial={k: request.GET[k] for k in ("meeting", "supersedes") if k in request.GET},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document = services.document_upload(
                case=case,
                title=data["title"],
                kind=data["kind"],
                file=data["file"],
                user=request.user,
                is_draft=data["is_draft"],
                meeting=data.get("meeting"),
                supersedes=data.get("supersedes"),
                confidentiality=data["confidentiality"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{document} has been added.")
            if document.meeting_id:
                return redirect(
                    "meetings:detail", reference=case.reference, meeting_id=document.meeting_id
                )
            return redirect("documents:list", reference=case.reference)
    return render(request, "documents/upload.html", {"case": case, "form": form})


def _draft_marked(document: Document, stamp: Callable[[bytes], bytes]) -> bytes | None:
    with document.file.open("rb") as stored:
        data = stored.read()
    try:
        return stamp(data)
    except Exception:  # a file Word cannot read either: it is still marked by its name
        logger.warning("Could not mark draft document %s", document.pk, exc_info=True)
        return None


@login_required
def document_download(request: HttpRequest, reference: str, document_id: int) -> HttpResponseBase:
    # Fetched without logging a read of the case: the read logged is of the document,
    # and only once the policy has allowed it (a refused read is not a read).
    case = get_rw_case_for_user(request.user, reference, Perm.VIEW_CASE)
    document = get_object_or_404(case.documents.select_related("meeting"), pk=document_id)
    reason = refusal(request.user, document)
    if reason:
        raise PermissionDenied(reason)
    record_read(document, what=f"download of version {document.version}")
    filename = document.filename
    body = None
    if document.is_draft:
        filename = f"UNPUBLISHED DRAFT - STRICTLY CONFIDENTIAL - {filename}"
        if filename.lower().endswith(DOCX):
            body = _draft_marked(document, stamp_docx)
        elif filename.lower().endswith(".pdf"):
            body = _draft_marked(document, stamp_pdf)
    response = FileResponse(
        io.BytesIO(body) if body is not None else document.file.open("rb"),
        as_attachment=True,
        filename=filename,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def name_check_page(request: HttpRequest, reference: str, document_id: int) -> HttpResponse:
    """What the name check finds in one document, and the passages accepted. The
    Business Manager may accept a passage with a reason; everyone else only reads."""
    case = get_rw_case_for_user(request.user, reference, Perm.VIEW_SUBJECT)
    document = get_object_or_404(case.documents.select_related("meeting"), pk=document_id)
    if reason := refusal(request.user, document):
        raise PermissionDenied(reason)
    may_accept = has_perm(request.user, Perm.ACCEPT_NAME_CHECK)
    if request.method == "POST" and not may_accept:
        raise PermissionDenied("Only the Business Manager can accept a passage.")
    # The findings quote the subject's identity: reading them is a read of the subject.
    record_read(case, what=f"name check of {document}")
    if case.subject is not None:
        record_read(case.subject, what=f"identity, in the name check of {document}")
    posted = NameCheckAcceptForm(request.POST) if request.method == "POST" else None
    if posted is not None and posted.is_valid():
        try:
            namecheck.name_check_accept(
                document=document,
                case=case,
                finding_key=posted.cleaned_data["finding"],
                reason=posted.cleaned_data["reason"],
                user=request.user,
            )
        except ValidationError as error:
            add_service_errors(posted, error)
        else:
            messages.success(request, "The passage has been accepted, with your reason.")
            return redirect(namecheck.name_check_url(document, case))
    problem = ""
    try:
        findings = namecheck.name_check(document, case)
    except ValidationError as error:
        findings, problem = [], " ".join(error.messages)
    rows = []
    for finding in findings:
        form = None
        if may_accept:
            chosen = posted is not None and posted.data.get("finding") == finding.key
            form = posted if chosen else NameCheckAcceptForm(initial={"finding": finding.key})
            form.auto_id = f"id_{finding.key[:12]}_%s"  # one id per form on the page
        rows.append({"finding": finding, "form": form})
    context = {
        "case": case,
        "document": document,
        "rows": rows,
        "problem": problem,
        "form": posted,
        "accepted": namecheck.acceptances(document),
        "may_accept": may_accept,
    }
    status = 400 if posted is not None and posted.errors else 200
    return render(request, "documents/name_check.html", context, status=status)
