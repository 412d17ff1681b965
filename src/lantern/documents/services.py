"""Writes to documents: uploads (with version chains) and documents Lantern generates."""

from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db import transaction

from lantern.cases.models import Case, Confidentiality
from lantern.meetings.models import Meeting
from lantern.web.uploads import UploadRefused, check_upload

from .generate import Sections, render_docx, render_pdf
from .models import Document, DocumentKind
from .storage import stage_file

MAX_SIZE = 20 * 1024 * 1024
#: The formats accepted, and the type each is always sent as (never the browser's guess).
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".doc": "application/msword",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".csv": "text/csv",
    ".txt": "text/plain",
}
FORMATS = "PDF, DOCX, DOC, ODT, XLSX, CSV or TXT"


def _file_problems(file: File | None) -> list[str]:
    if file is None:
        return ["Select a file."]
    # Its name, size and content (lantern.web.uploads): an HTML page named .pdf is refused.
    try:
        check_upload(file, allowed=[s.lstrip(".") for s in CONTENT_TYPES], max_bytes=MAX_SIZE)
    except UploadRefused as refused:
        return list(refused.messages)
    return []


def document_upload(
    *,
    case: Case,
    title: str,
    kind: str,
    file: File | None,
    user: Any,
    is_draft: bool,
    meeting: Meeting | None = None,
    supersedes: Document | None = None,
    confidentiality: str = "",
) -> Document:
    """Store a file as a document of the case, or as the next version of `supersedes`.
    Drafts are always strictly confidential."""
    errors: dict[str, list[str]] = {}
    if file_problems := _file_problems(file):
        errors["file"] = file_problems
    if not title.strip():
        errors["title"] = ["Enter a title for the document."]
    if kind not in DocumentKind.values:
        errors["kind"] = ["Choose what kind of document this is."]
    if meeting is not None and meeting.case_id != case.pk:
        errors["meeting"] = ["Choose a meeting of this case."]
    if supersedes is not None:
        if supersedes.case_id != case.pk:
            errors["supersedes"] = ["Choose a document of this case."]
        elif Document.objects.filter(supersedes=supersedes).exists():
            errors["supersedes"] = [
                "A newer version of that document has been added: choose the latest version."
            ]
    if errors:
        raise ValidationError(errors)
    assert file is not None
    suffix = PurePath(file.name or "").suffix.lower()
    document = Document(
        case=case,
        meeting=meeting,
        title=title.strip(),
        kind=kind,
        version=supersedes.version + 1 if supersedes else 1,
        supersedes=supersedes,
        is_draft=is_draft,
        confidentiality=Confidentiality.STRICTLY_CONFIDENTIAL
        if is_draft
        else (confidentiality or case.confidentiality),
        filename=PurePath(file.name or "document").name[-200:],
        content_type=CONTENT_TYPES[suffix],
        size=file.size,
        uploaded_by=user,
    )
    # Written under .incoming/ and moved into place when the row commits: a crash or a
    # rollback leaves no file without a row (issue 12, item 13).
    with transaction.atomic():
        stage_file(document.file, document.filename, file)
        document.save()
    return document


def document_generate(
    *, case: Case, title: str, kind: str, sections: Sections, user: Any, draft: bool
) -> tuple[Document, Document]:
    """Write the document as DOCX and PDF, marked on every page, and keep both.

    Each is stored as the next version of the latest one of its format with the same
    title and kind, so regenerating a template builds its version chain."""
    marking = Confidentiality(
        Confidentiality.STRICTLY_CONFIDENTIAL if draft else case.confidentiality
    ).label.upper()
    rendered = [
        (suffix, render(title=title, sections=sections, marking=marking, draft=draft))
        for suffix, render in ((".docx", render_docx), (".pdf", render_pdf))
    ]
    stored = []
    with transaction.atomic():
        for suffix, content in rendered:
            latest = (
                case.documents.filter(title=title, kind=kind, filename__endswith=suffix)
                .filter(superseded_by__isnull=True)
                .order_by("-version")
                .first()
            )
            stored.append(
                document_upload(
                    case=case,
                    title=title,
                    kind=kind,
                    file=ContentFile(content, name=f"{case.reference} {title}{suffix}"),
                    user=user,
                    is_draft=draft,
                    supersedes=latest,
                )
            )
    return stored[0], stored[1]
