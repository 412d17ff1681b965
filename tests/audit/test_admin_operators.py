"""Issue 12, item 3: platform operators see no safeguarding content, and what they read is
logged like everyone's.

Rules: the platform admin (/platform-admin/) shows audit events as metadata only (when,
who, which kind of record, its id, the partnership), never what happened (`changes`) nor
a record's label (which can carry a case's title); it searches only who acted; an
event has no page of its own there. No ModelAdmin offers case records. Every list or
record an operator opens there is a read on the audit trail.
"""

import pytest
from django.contrib import admin
from django.urls import reverse

from lantern.audit.models import AuditEvent
from lantern.cases.services import case_update
from tests.factories import CaseFactory, UserFactory

pytestmark = pytest.mark.django_db

NARRATIVE = "Bruising seen by the nursery on Monday"
RENAMED = "Injuries the parents could not explain"

#: The only models the platform admin offers: partnerships, people's accounts and what
#: operating them needs (sign-in lockouts, two-factor devices), and the trail's metadata.
OPERATING_MODELS = {
    "partnerships.partnership",
    "accounts.user",
    "audit.auditevent",
    "auth.group",
    "otp_totp.totpdevice",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
    "django_tasks_database.dbtaskresult",  # background tasks: metadata only (lantern.ops.admin)
    "sso.identityprovider",  # sign-in configuration, no case content (docs/sign-in.md)
    "sso.signinpolicy",
}


@pytest.fixture
def operator():
    return UserFactory(partnership=None, is_superuser=True, is_staff=True, full_name="Op")


@pytest.fixture
def case():
    """A case whose title (its audit label) and changes carry a narrative."""
    case = CaseFactory(title=NARRATIVE)
    case_update(case=case, title=RENAMED)
    return case


def _content(case):
    return [NARRATIVE, RENAMED, case.subject.full_name, str(case)]


def test_issue_12_item_3_the_audit_event_list_shows_metadata_and_no_content(client, operator, case):
    client.force_login(operator)
    response = client.get(reverse("admin:audit_auditevent_changelist"))
    assert response.status_code == 200
    page = response.content.decode()
    for text in _content(case):
        assert text not in page
    # What the operator does see: that the case was created and changed, and by whom.
    assert "cases.case" in page and str(case.pk) in page
    shown = response.context["cl"].result_list
    assert shown and all(
        {"changes", "object_label"} <= event.get_deferred_fields() for event in shown
    )


def test_issue_12_item_3_the_audit_event_search_looks_only_at_who_acted(client, operator, case):
    client.force_login(operator)
    url = reverse("admin:audit_auditevent_changelist")
    for text in (NARRATIVE.split()[0], RENAMED, case.reference, case.subject.full_name):
        response = client.get(url, {"q": text})
        assert response.context["cl"].result_count == 0, text
    member = UserFactory(partnership=case.partnership, email="someone@example.org")
    client.force_login(member)  # signing in is on the trail, as theirs
    client.force_login(operator)
    found = client.get(url, {"q": "someone@example.org"}).context["cl"].result_count
    assert found >= 1


def test_issue_12_item_3_an_audit_event_has_no_page_in_the_admin(client, operator, case):
    event = AuditEvent.objects.filter(object_type="cases.case", action="update").latest("id")
    client.force_login(operator)
    for name in ("admin:audit_auditevent_change", "admin:audit_auditevent_history"):
        response = client.get(reverse(name, args=[event.pk]))
        assert response.status_code == 403
        for text in _content(case):
            assert text not in response.content.decode()


def test_issue_12_item_3_no_admin_offers_case_records_or_shows_their_content(
    client, operator, case
):
    """Every ModelAdmin registered: only operating models, and none of their lists or
    records shows a case's content."""
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert registered <= OPERATING_MODELS
    client.force_login(operator)
    pages = [reverse("admin:index")]
    for model in admin.site._registry:
        opts = model._meta
        pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    pages.append(reverse("admin:partnerships_partnership_change", args=[case.partnership.pk]))
    manager = UserFactory(partnership=case.partnership)
    pages.append(reverse("admin:accounts_user_change", args=[manager.pk]))
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        for text in _content(case):
            assert text not in response.content.decode(), (url, text)


def test_issue_12_item_3_what_an_operator_opens_in_the_admin_is_logged_as_a_read(
    client, operator, case
):
    person = UserFactory(partnership=case.partnership, full_name="Pat Manager")
    client.force_login(operator)
    client.get(reverse("admin:accounts_user_change", args=[person.pk]), REMOTE_ADDR="10.1.2.3")
    client.get(reverse("admin:audit_auditevent_changelist"), {"action__exact": "read"})
    reads = AuditEvent.objects.filter(action="read", actor=operator).order_by("id")
    assert [(e.object_type, e.object_id, e.partnership_id) for e in reads] == [
        # On the person's partnership's trail, where its Business Manager sees it.
        ("accounts.user", str(person.pk), case.partnership_id),
        ("audit.auditevent", "", None),
    ]
    account, trail = reads
    assert account.changes == {"viewed": "platform administration"}
    assert account.ip_address == "10.1.2.3"
    assert trail.changes == {
        "viewed": "platform administration: list of audit events",
        "query": "action__exact=read",
    }


def test_issue_12_item_3_a_refused_page_or_a_change_is_not_logged_as_a_read(client, operator, case):
    event = AuditEvent.objects.latest("id")
    client.force_login(operator)
    client.get(reverse("admin:audit_auditevent_change", args=[event.pk]))
    assert not AuditEvent.objects.filter(action="read", actor=operator).exists()


def test_issue_12_item_3_a_background_task_shows_operators_what_ran_never_what_it_carried(
    client, operator
):
    """A queued e-mail's task carries the whole message (here a password-reset link): the
    platform admin's task pages show when and how it ran, never its arguments, its return
    value or its traceback; and the look is logged as a read."""
    import datetime

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    secret = "https://lantern.example.org/account/reset/MQ/secret-token-123/"
    task = DBTaskResult.objects.create(
        task_path="lantern.notifications.tasks.send_message",
        args_kwargs={"args": [{"body": f"Reset your password: {secret}"}], "kwargs": {}},
        backend_name="default",
        queue_name="default",
        run_after=timezone.now() - datetime.timedelta(minutes=1),
        traceback=f"SMTPRecipientsRefused while sending {secret}",
        exception_class_path="smtplib.SMTPRecipientsRefused",
    )
    client.force_login(operator)
    pages = [
        reverse("admin:django_tasks_database_dbtaskresult_changelist"),
        reverse("admin:django_tasks_database_dbtaskresult_change", args=[task.pk]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert "secret-token-123" not in page and "Reset your password" not in page, url
        assert "send_message" in page  # what ran is there
    reads = AuditEvent.objects.filter(
        actor=operator, action="read", object_type="django_tasks_database.dbtaskresult"
    )
    assert reads.count() == 2
