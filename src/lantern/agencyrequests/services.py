"""Writes to requests to agencies. Each validates first, then writes in one transaction.

E-mails go out through lantern.notifications once the write is done, so a refused
write sends nothing.
"""

import datetime
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from lantern.access.policy import Perm, can, can_act_for_agency
from lantern.cases.models import Capacity, Case, CaseMembership, CaseStatus
from lantern.clock.working import partnership_working_day_problem
from lantern.documents.storage import stage_file
from lantern.notifications.services import lantern_link, notify
from lantern.partnerships.models import Agency

from .elsewhere import ANSWERED_ELSEWHERE, answer_page
from .models import AFTER_CLOSING, WAITING, AgencyRequest, Chase, RequestKind, RequestStatus
from .recipients import Reach, describe, request_reach
from .selectors import CaseContacts, case_contacts, latest_batch
from .uploads import validate_response_file

if TYPE_CHECKING:
    from lantern.actions.models import Action


def request_link(request: AgencyRequest) -> str:
    """Where the agency answers: the request page, or the page of its own (elsewhere.py)."""
    page = answer_page(request)
    return lantern_link(
        page or reverse("agencyrequests:detail", args=[request.case.reference, request.pk])
    )


def _contacts(case: Case) -> CaseContacts:
    return case_contacts([case.pk])[case.pk]


def _tell(request: AgencyRequest, to: list[Any], *, kind: str, subject: str) -> None:
    notify(
        to=to,
        subject=f"{subject}: {request.case.reference}",
        template=f"agencyrequests/email/{kind}.txt",
        context={"request": request, "link": request_link(request)},
        case=request.case,
        kind=f"request_{kind}",
    )


def requests_send(
    *,
    case: Case,
    agency_ids: Iterable[int],
    kind: str,
    title: str,
    instructions: str,
    due: datetime.date,
    secure_records: bool = False,
    sent_on: datetime.date | None = None,
    action: "Action | None" = None,
    named: Mapping[int, Any] | None = None,
) -> list[AgencyRequest]:
    """One request to each agency, and an e-mail to each person asked for it.

    Who is asked is chosen by recipients.request_reach: the agency's people on the case,
    a person `named` for it (agency id → person), the action's owner, or else its
    safeguarding lead; whoever is asked and not on the case is added to it as the
    agency's representative. An agency nobody can be asked for is refused (nothing is
    written) with a message asking for a name. Each request returned carries `asked`,
    the people asked. An action update names its `action` (of this case), and may be
    asked for after the case has closed: audits and DHRs close before their action
    plans finish."""
    ids = sorted(set(agency_ids))
    title = title.strip()
    sent_on = sent_on or timezone.localdate()
    errors: dict[str, str] = {}
    if case.status != CaseStatus.OPEN and kind not in AFTER_CLOSING:
        raise ValidationError("Requests cannot be sent on a closed case.")
    if kind not in RequestKind.values:
        errors["kind"] = "Choose what the agencies are asked for."
    elif (kind == RequestKind.ACTION_UPDATE) != (
        action is not None and action.recommendation.case_id == case.pk
    ):
        errors["kind"] = "An action update is asked for on the action's page, about that action."
    if not title:
        errors["title"] = "Enter a title for the request."
    elif len(title) > 200:
        errors["title"] = "The title must be 200 characters or fewer."
    agencies = list(Agency.objects.filter(partnership_id=case.partnership_id, pk__in=ids).active())
    if not ids:
        errors["agencies"] = "Choose at least one agency."
    elif len(agencies) != len(ids):
        errors["agencies"] = "Choose agencies of this partnership that are still active."
    if due < sent_on:
        errors["due"] = "The due date must be on or after the day the request is sent."
    elif problem := partnership_working_day_problem(case.partnership_id, due):
        errors["due"] = problem  # due dates are counted in working days
    reaches: dict[int, Reach] = {}
    if "agencies" not in errors and "kind" not in errors:
        reaches, unreached = request_reach(case=case, agencies=agencies, named=named, action=action)
        errors.update(unreached)
    already = AgencyRequest.objects.filter(case=case, agency_id__in=ids, kind=kind, title=title)
    if not errors and already.exists():
        names = ", ".join(str(r.agency) for r in already.select_related("agency"))
        errors["title"] = f"{names} already have a request with this title: choose another title."
    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        sent = []
        for agency in agencies:
            reach = reaches[agency.pk]
            for person in reach.joining:
                # Joins the case, or (a referrer or observer) now represents the agency on it.
                CaseMembership.objects.update_or_create(
                    case=case,
                    person=person,
                    defaults={"capacity": Capacity.AGENCY_REPRESENTATIVE, "agency": agency},
                )
            request = AgencyRequest.objects.create(
                case=case,
                agency=agency,
                kind=kind,
                title=title,
                instructions=instructions.strip(),
                sent_on=sent_on,
                due=due,
                secure_records_requested=secure_records,
                action=action,
            )
            request.recipients.set(reach.people)
            request.asked = reach.people  # type: ignore[attr-defined]
            sent.append(request)
    for request in sent:
        asked = request.asked  # type: ignore[attr-defined]
        # An action's owner is told by the action tracker's own message, which names the
        # action (actions.services.action_update_request): not twice.
        to = [p for p in asked if action is None or p.pk != action.owner_id]
        _tell(request, to, kind="sent", subject=title)
    return sent


def requests_add(
    *,
    case: Case,
    kind: str,
    agency_ids: Iterable[int],
    due: datetime.date | None = None,
    named: Mapping[int, Any] | None = None,
    sent_on: datetime.date | None = None,
) -> list[AgencyRequest]:
    """Asks more agencies for what the case's latest batch of `kind` asked (a scoping
    return, IMRs…): the same title and instructions, due on the batch's date unless a
    new `due` is given. Sent through requests_send, under all its rules."""
    sent_on = sent_on or timezone.localdate()
    if kind in ANSWERED_ELSEWHERE:
        raise ValidationError(
            "Audit returns and action updates are added on the audit's or action's pages."
        )
    batch = latest_batch(case, kind)
    if batch is None:
        raise ValidationError("Nothing of this kind has been asked for on this case yet.")
    ids = set(agency_ids)
    asked = case.agency_requests.filter(kind=kind, title=batch.title, agency_id__in=ids)
    if asked.exists():
        names = ", ".join(str(r.agency) for r in asked.select_related("agency"))
        raise ValidationError({"agencies": f"{names} already asked for this: choose others."})
    if due is None and batch.due < sent_on:
        raise ValidationError(
            {"due": f"The batch was due on {batch.due:%-d %B %Y}: give a new due date."}
        )
    return requests_send(
        case=case,
        agency_ids=ids,
        kind=kind,
        title=batch.title,
        instructions=batch.instructions,
        due=due or batch.due,
        secure_records=batch.secure_records_requested,
        sent_on=sent_on,
        named=named,
    )


def request_chase(*, request: AgencyRequest, user: Any) -> Chase:
    """A reminder now, to everyone asked for the agency and its people now on the case,
    recorded on the request (and so on the audit trail) and in the notifications."""
    if not can(user, Perm.CHANGE_CASE, request.case):
        raise PermissionDenied("Only whoever runs the case can chase a request.")
    if request.status not in WAITING:
        raise ValidationError(
            f"This request is {request.get_status_display().lower()}: there is nothing to chase."
        )
    if request.case.status != CaseStatus.OPEN and request.kind not in AFTER_CLOSING:
        raise ValidationError("The case is closed: its requests are no longer chased.")
    people = {p.pk: p for p in request.recipients.filter(is_active=True)}
    for person in _contacts(request.case).for_agency(request.agency_id):
        people.setdefault(person.pk, person)
    if request.action is not None and request.action.owner.is_active:
        people.setdefault(request.action.owner_id, request.action.owner)
    if not people:
        raise ValidationError(
            f"Nobody active is asked for {request.agency}: send the request again and "
            "name a person."
        )
    to = sorted(people.values(), key=lambda p: p.full_name)
    with transaction.atomic():
        chase = Chase.objects.create(
            request=request, chased_by=user, sent_to="; ".join(describe(p) for p in to)
        )
    notify(
        to=to,
        subject=f"Reminder: {request.title} ({request.case.reference})",
        template="agencyrequests/email/chase.txt",
        context={"request": request, "link": request_link(request), "chaser": user},
        case=request.case,
        kind="request_chased",
    )
    chase.people = to  # type: ignore[attr-defined]
    return chase


def request_tell_sent(request: AgencyRequest) -> None:
    """E-mails the request again to whoever was asked (e.g. a case added to an audit
    return already sent)."""
    _tell(request, list(request.recipients.all()), kind="sent", subject=request.title)


def _check_answering(request: AgencyRequest, user: Any) -> None:
    if not can_act_for_agency(user, request.case, request.agency_id):
        raise PermissionDenied(f"Only {request.agency}'s representatives can answer this.")
    if elsewhere := ANSWERED_ELSEWHERE.get(request.kind):
        raise ValidationError(elsewhere.refusal)
    if request.status not in WAITING:
        raise ValidationError(
            f"This return is {request.get_status_display().lower()}: it can no longer be changed."
        )


def _file_errors(file: UploadedFile | None) -> dict[str, list[str]]:
    if file is None:
        return {}
    try:
        validate_response_file(file)
    except ValidationError as error:
        return error.message_dict
    return {}


def _write_answer(
    request: AgencyRequest, user: Any, response: str, file: UploadedFile | None, secured: bool
) -> None:
    """Sets the answer on `request` (saving an uploaded file to storage); not saved."""
    request.response = response.strip()
    if file is not None:
        old = request.response_file.name
        # In place only once the answer commits: a crash leaves no orphan (issue 12, item 13).
        stage_file(request.response_file, file.name or "return", file)
        if old:
            storage = request.response_file.storage
            transaction.on_commit(lambda: storage.delete(old))
    if secured and request.secure_records_requested and not request.records_secured_confirmed_at:
        request.records_secured_confirmed_by = user
        request.records_secured_confirmed_at = timezone.now()


def request_save_draft(
    *,
    request: AgencyRequest,
    user: Any,
    response: str,
    file: UploadedFile | None = None,
    records_secured: bool = False,
) -> AgencyRequest:
    """Keeps the agency's unfinished answer. A returned request stays returned."""
    _check_answering(request, user)
    if errors := _file_errors(file):
        raise ValidationError(errors)
    with transaction.atomic():
        _write_answer(request, user, response, file, records_secured)
        if request.status == RequestStatus.SENT:
            request.status = RequestStatus.IN_PROGRESS
        request.save()
    return request


def request_submit(
    *,
    request: AgencyRequest,
    user: Any,
    response: str,
    file: UploadedFile | None = None,
    records_secured: bool,
) -> AgencyRequest:
    """Hands the agency's answer to the Business Unit, and tells the case's leads."""
    _check_answering(request, user)
    errors: dict[str, Any] = _file_errors(file)
    if not response.strip() and file is None and not request.response_file:
        errors["response"] = "Enter your agency's return, or upload it as a file."
    if (
        request.secure_records_requested
        and not records_secured
        and not request.records_secured_confirmed_at
    ):
        errors["records_secured"] = "Confirm that your agency has secured its records."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        _write_answer(request, user, response, file, records_secured)
        request.status = RequestStatus.SUBMITTED
        request.submitted_by = user
        request.submitted_at = timezone.now()
        request.save()
    _tell(
        request,
        _contacts(request.case).leads,
        kind="submitted",
        subject=f"{request.agency} has submitted {request.title}",
    )
    return request


def _check_reviewing(request: AgencyRequest, user: Any) -> None:
    if not can(user, Perm.CHANGE_CASE, request.case):
        raise PermissionDenied("Only the Business Unit or the case's lead can do that.")
    if request.status != RequestStatus.SUBMITTED:
        raise ValidationError("Only a submitted return can be accepted or sent back.")


def request_accept(*, request: AgencyRequest, user: Any) -> AgencyRequest:
    _check_reviewing(request, user)
    with transaction.atomic():
        request.status = RequestStatus.ACCEPTED
        request.reviewed_by = user
        request.reviewed_at = timezone.now()
        request.save()
    to = [request.submitted_by] if request.submitted_by else []
    _tell(request, to, kind="accepted", subject=f"Return accepted: {request.title}")
    return request


def request_return(*, request: AgencyRequest, user: Any, reason: str) -> AgencyRequest:
    """Sends the return back to the agency, with the reasons, to answer again."""
    _check_reviewing(request, user)
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the return is being sent back."})
    elsewhere = ANSWERED_ELSEWHERE.get(request.kind)
    with transaction.atomic():
        if elsewhere is not None and elsewhere.reopen is not None:
            elsewhere.reopen(request)  # e.g. the audit's returns, to correct on their pages
        request.status = RequestStatus.RETURNED
        request.returned_reason = reason.strip()
        request.reviewed_by = user
        request.reviewed_at = timezone.now()
        request.save()
    to = _contacts(request.case).for_agency(request.agency_id)
    if request.submitted_by:
        to.append(request.submitted_by)
    _tell(request, to, kind="returned", subject=f"Return sent back: {request.title}")
    return request


def request_record_answer(*, request: AgencyRequest, user: Any, response: str) -> AgencyRequest:
    """Marks a request answered by a page of its own (an action update), which has checked
    under the policy that `user` may answer for the agency. Accepted at once: the answer
    is recorded where it belongs and there is nothing for the Business Unit to send back."""
    if request.status not in WAITING:
        raise ValidationError("This request has already been answered.")
    with transaction.atomic():
        request.response = response.strip()
        request.status = RequestStatus.ACCEPTED
        request.submitted_by = user
        request.submitted_at = timezone.now()
        request.save()
    return request
