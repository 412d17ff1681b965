"""The reporting pack as a document prepared in the background (lantern.documents.jobs):
declared once here, found by the kernel when its worker runs a job."""

import datetime
from typing import Any

from django.utils.text import slugify

from lantern.documents.jobs import Builder, Report, register
from lantern.documents.models import DocumentJob
from lantern.partnerships.models import Group

from . import pack_documents
from .pack import build_pack
from .pack_access import get_group_for_pack

FORMAT_NAMES = {"docx": "Word document", "pdf": "PDF", "xlsx": "spreadsheet"}


def pack_params(group: Group, meeting: datetime.date) -> dict[str, Any]:
    return {"group": group.pk, "meeting": meeting.isoformat()}


def pack_filename(group: Group, meeting: datetime.date, fmt: str) -> str:
    return f"reporting-pack-{slugify(group.short_name or group.name)}-{meeting}.{fmt}"


def pack_job_group(user: Any, params: dict[str, Any]) -> Group:
    return get_group_for_pack(user, int(params["group"]))


def pack_job_meeting(job: DocumentJob) -> datetime.date:
    return datetime.date.fromisoformat(job.params["meeting"])


def _check(user: Any, params: dict[str, Any]) -> None:
    pack_job_group(user, params)


def _build(job: DocumentJob, report: Report) -> tuple[str, bytes]:
    reader = job.requested_by
    group = pack_job_group(reader, job.params)
    meeting = pack_job_meeting(job)
    report("Gathering the actions the pack reports", 10)
    built = build_pack(reader, group, meeting)
    report(f"Writing the {FORMAT_NAMES[job.fmt]}: {len(built.lines)} actions", 40)
    body = pack_documents.BUILDERS[job.fmt](built)
    return pack_filename(group, meeting, job.fmt), body


PACK = register(
    Builder(
        name="actions.reporting_pack",
        formats=pack_documents.CONTENT_TYPES,
        check=_check,
        build=_build,
    )
)
