"""Health check, security headers, error pages and the 'my work' dashboard."""

from unittest import mock

import pytest
from django.core.cache import cache
from django.db import DatabaseError
from django.test import override_settings
from django.urls import reverse

from lantern.cases.models import Capacity
from tests.factories import CaseFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_healthz_answers_503_when_the_database_does_not(client):
    with mock.patch("lantern.web.views.connection.cursor", side_effect=DatabaseError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503


def test_security_headers_on_every_page(client):
    response = client.get(reverse("accounts:login"))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self' 'nonce-" in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    nonce = csp.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in response.content.decode()


@override_settings(
    SECURE_HSTS_SECONDS=31536000,
    SESSION_COOKIE_SECURE=True,
    CSRF_COOKIE_SECURE=True,
    SECURE_SSL_REDIRECT=True,
)
def test_https_gets_hsts_secure_cookies_and_http_is_redirected(client):
    response = client.get(reverse("accounts:login"), secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response.cookies["csrftoken"]["secure"]
    plain = client.get(reverse("accounts:login"))
    assert plain.status_code == 301
    assert plain["Location"].startswith("https://")


def test_404_page_is_in_the_service_style(client):
    client.force_login(UserFactory())
    response = client.get("/cases/NO-SUCH-CASE/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "govuk-template" in body
    assert "Page not found" in body


def test_500_page_renders_without_the_database(client):
    from lantern.web.errors import server_error

    with mock.patch(
        "django.db.backends.base.base.BaseDatabaseWrapper.cursor", side_effect=DatabaseError
    ):
        response = server_error(None)
    assert response.status_code == 500
    assert "Sorry, there is a problem with Lantern" in response.content.decode()


class TestDashboard:
    def test_empty_states_say_what_will_appear(self, client):
        client.force_login(UserFactory())
        body = client.get(reverse("web:dashboard")).content.decode()
        assert "You are not on any open case." in body
        # My work's one list (lantern.work) says what it will hold.
        assert "Nothing is waiting for you." in body
        assert "scoping returns, individual management reviews" in body
        assert "actions you own and referrals returned to you" in body

    def test_lists_my_open_cases_with_my_part_only(self, client):
        mine = CaseFactory(pseudonym="Child M")
        me = MembershipFactory(case=mine, capacity=Capacity.REVIEWER).person
        other = CaseFactory(partnership=mine.partnership, pseudonym="Child N")
        client.force_login(me)
        body = client.get(reverse("web:dashboard")).content.decode()
        # Cases are named by pseudonym and pathway ("Child M — rapid review").
        assert mine.display_title in body
        assert "Reviewer" in body
        assert other.display_title not in body and other.reference not in body
        assert "Demo" not in body

    def test_header_names_the_partnership(self, client):
        user = UserFactory()
        client.force_login(user)
        assert user.partnership.name in client.get(reverse("web:dashboard")).content.decode()


def test_my_work_query_count_stays_flat_as_cases_grow(client, django_assert_max_num_queries):
    """My cases with next steps and timelines, overdue and due this week: no query per case."""
    import datetime

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lantern.clock.services import case_schedule

    me = UserFactory()

    def add_cases(n):
        for _ in range(n):
            case = CaseFactory(partnership=me.partnership)
            MembershipFactory(case=case, person=me, capacity=Capacity.REVIEWER)
            case_schedule(case=case, pathway="rapid-review", start=datetime.date(2026, 11, 2))

    add_cases(2)
    client.force_login(me)
    client.get(reverse("web:dashboard"))
    cache.clear()  # worked out, not kept from the visit before (issue 13)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("web:dashboard"))
    add_cases(10)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("web:dashboard"))
    assert len(response.context["cases"]) == 12
    assert len(many.captured_queries) == len(few.captured_queries)
    # The page itself, on top of session, user and roles: a bounded number in total.
    # (Requests waiting for your agency is two: the agencies the person acts for by role,
    # which action updates reach, then the requests; tests/web/test_my_requests.py.)
    with django_assert_max_num_queries(40):
        client.get(reverse("web:dashboard"))


def test_overdue_steps_name_their_case(client):
    import datetime

    from lantern.clock.services import case_schedule

    case = CaseFactory()
    manager = UserFactory(partnership=case.partnership, roles=["business_manager"])
    case_schedule(case=case, pathway="rapid-review", start=datetime.date(2026, 1, 5))
    client.force_login(manager)
    body = client.get(reverse("web:dashboard")).content.decode()
    assert "Overdue" in body
    # The Business Manager runs every case: the overdue step is on their list, named by
    # its case and linked to the page of its pathway where it is done.
    assert f'href="/children/{case.reference}/notification/"' in body
    assert case.reference in body and case.display_title in body
