"""The private calendar feed (no sign-in: calendar apps cannot sign in, so the address
is the key) and the account page's "reset the address"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from lantern.audit.context import Actor, acting_as, client_ip
from lantern.audit.recorder import record_read

from .events import PUBLISH, calendar_ics
from .feed import feed_occasions
from .services import feed_key_for_token, feed_reset, sequences_known


@require_safe
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The person's meetings and due dates as iCalendar. A token made up or reset is a
    404, as is a person no longer active. Each read is on the audit trail as theirs."""
    key = feed_key_for_token(token)
    if key is None:
        raise Http404("No such calendar.")
    person = key.person
    occasions = sequences_known(feed_occasions(person, today=timezone.localdate()))
    with acting_as(Actor(user=person, ip_address=client_ip(request), channel="web")):
        record_read(key, what="calendar feed")
    body = calendar_ics(occasions, method=PUBLISH, name="Lantern: my meetings and due dates")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="lantern.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@require_POST
def feed_reset_view(request: HttpRequest) -> HttpResponse:
    feed_reset(person=request.user)
    messages.success(
        request,
        "Your calendar address has been reset. The old address no longer works: "
        "subscribe to the new one.",
    )
    return redirect("accounts:account")
