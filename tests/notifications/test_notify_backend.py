"""Issue 13: with LANTERN_EMAIL=notify, e-mail goes through GOV.UK Notify's API (here a
local server answering as Notify does), one call per address, subject and body as the
template's personalisation."""

import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.mail import EmailMessage

from lantern.notifications.notify_backend import NotifyBackend

SERVICE, SECRET, TEMPLATE = uuid.uuid4(), uuid.uuid4(), str(uuid.uuid4())


class FakeNotify(BaseHTTPRequestHandler):
    received: list = []
    status = 201

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        FakeNotify.received.append((self.path, self.headers["Authorization"], body))
        self.send_response(FakeNotify.status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        answer = (
            {"id": str(uuid.uuid4())}
            if FakeNotify.status == 201
            else {
                "status_code": FakeNotify.status,
                "errors": [{"error": "BadRequestError", "message": "Can't send to this recipient"}],
            }
        )
        self.wfile.write(json.dumps(answer).encode())

    def log_message(self, *args):
        pass


@pytest.fixture
def notify_api(settings):
    FakeNotify.received, FakeNotify.status = [], 201
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeNotify)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.LANTERN_NOTIFY_BASE_URL = f"http://127.0.0.1:{server.server_address[1]}"
    settings.LANTERN_NOTIFY_API_KEY = f"lantern_test-{SERVICE}-{SECRET}"
    settings.LANTERN_NOTIFY_TEMPLATE_ID = TEMPLATE
    yield FakeNotify
    server.shutdown()
    server.server_close()


def test_issue_13_notify_sends_each_address_through_the_template(notify_api):
    message = EmailMessage("[Lantern] Hello", "The body.", to=["a@example.org", "b@example.org"])
    assert NotifyBackend().send_messages([message]) == 1
    assert [r[0] for r in notify_api.received] == ["/v2/notifications/email"] * 2
    assert notify_api.received[0][1].startswith("Bearer ")
    assert notify_api.received[0][2] == {
        "email_address": "a@example.org",
        "template_id": TEMPLATE,
        "personalisation": {"subject": "[Lantern] Hello", "body": "The body."},
    }


def test_issue_13_a_refusal_from_notify_is_raised_for_the_task_to_record(notify_api):
    from notifications_python_client.errors import HTTPError

    notify_api.status = 400
    with pytest.raises(HTTPError):
        NotifyBackend().send_messages([EmailMessage("S", "B", to=["x@example.org"])])


def test_issue_13_notify_without_its_key_says_what_is_missing(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.LANTERN_NOTIFY_API_KEY = ""
    with pytest.raises(ImproperlyConfigured, match="LANTERN_NOTIFY_API_KEY"):
        NotifyBackend()
