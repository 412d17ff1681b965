"""Rule (issue 11): a request always has a recipient. The rapid review's scoping send to an
agency with no representative on the case asks the sender to name one, or goes to that
agency's safeguarding lead; nothing is ever sent to nobody, and the confirmation lists
exactly who was asked."""

import datetime

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from lantern.accounts.models import Role
from lantern.agencyrequests.models import AgencyRequest
from lantern.agencyrequests.recipients import name_field
from lantern.cases.models import Capacity, CaseMembership
from lantern.children import services
from lantern.partnerships.models import AgencyKind
from lantern.work.selectors import work_for
from tests.factories import AgencyFactory, UserFactory

from .conftest import TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def club(partnership):
    """An agency with no safeguarding lead and nobody on any case: only a youth worker."""
    return AgencyFactory(partnership=partnership, name="Youth Club", kind=AgencyKind.OTHER)


@pytest.fixture
def worker(partnership, club):
    return UserFactory(
        partnership=partnership, agency=club, full_name="Yan Worker", email="yan@club.example"
    )


@pytest.fixture
def police_rep(partnership, agencies):
    return UserFactory(
        partnership=partnership, agency=agencies["Police"], full_name="Pat Rep",
        email="pat@police.example", roles=[(Role.NOMINATED_REPRESENTATIVE, agencies["Police"])],
    )  # fmt: skip


def _accepted(referrer, manager, agencies, involved):
    """A referral accepted and notified to the Panel: ready for the scoping send."""
    review = services.referral_submit(
        user=referrer,
        data={
            "referring_agency": agencies["School"], "authorised_by": "Pat Lead",
            "authorised_on": TODAY - datetime.timedelta(days=1), "child_name": "Jamie Example",
            "date_of_birth": datetime.date(2019, 6, 4), "address": "1 Example Street",
            "looked_after": False, "incident_on": TODAY - datetime.timedelta(days=2),
            "harm": "serious_harm", "abuse_or_neglect": "suspected",
            "what_happened": "Unexplained injuries.", "involved_agencies": involved,
        },
    )  # fmt: skip
    services.referral_accept(review=review)
    services.panel_notified(review=review, user=manager, on=TODAY)
    mail.outbox.clear()
    return review


@pytest.fixture
def review(referrer, manager, agencies, club, worker, police_rep):
    """Involved: Police (a nominated representative), Council (only its safeguarding lead),
    Youth Club (nobody at all but a worker), and the referring School (the referrer)."""
    return _accepted(referrer, manager, agencies, [agencies["Police"], agencies["Council"], club])


def _url(review):
    return reverse("children:scoping_send", args=[review.case.reference])


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_one_click_send_with_an_agency_nobody_can_be_asked_for_shows_the_naming_page(
    client, manager, review, club
):
    """The review page's button (a bare POST) leads to the naming page, not a dead end,
    by GET (a reload must not post again; found on a walk: it gave a 405), and without an
    error for a choice not yet offered; nothing is written or sent."""
    client.force_login(manager)
    response = client.post(_url(review))
    assert response.status_code == 302 and response["Location"] == _url(review)
    response = client.get(response["Location"])
    body = response.content.decode()
    assert response.status_code == 200
    assert "Who is asked for Youth Club?" in body
    assert "Name who is asked for each agency marked below." in body
    assert "govuk-error-summary" not in body
    assert not AgencyRequest.objects.filter(case=review.case).exists()
    assert mail.outbox == []
    # The refused send is rolled back whole: no representative added, no step recorded.
    assert not CaseMembership.objects.filter(
        case=review.case, capacity=Capacity.AGENCY_REPRESENTATIVE
    ).exists()
    assert not review.case.steps.filter(step_id="scoping-sent", done_on__isnull=False).exists()


def test_the_page_lists_who_is_asked_and_an_agency_with_a_lead_defaults_to_them(
    client, manager, review, agencies, club, worker, police_rep
):
    client.force_login(manager)
    response = client.get(_url(review))
    assert response.status_code == 200
    form = response.context["form"]
    rows = {row.agency.name: row for row in form.asking_rows()}
    # Police's nominated representative joins the case and is asked: no choice needed.
    assert rows["Police"].on_case == [police_rep] and rows["Police"].field is None
    # Council has nobody on the case: its safeguarding lead is the default choice.
    council_lead = agencies["Council"].role_assignments.get(role=Role.SAFEGUARDING_LEAD).person
    council = name_field(agencies["Council"].pk)
    assert rows["Council"].leads == [council_lead]
    assert form[council].value() == council_lead.pk
    assert f'<option value="{council_lead.pk}" selected>' in response.content.decode()
    # Youth Club has nobody and no lead: the sender chooses one of its people.
    youth = name_field(club.pk)
    assert rows["Youth Club"].leads == [] and form[youth].value() is None
    assert list(form.fields[youth].queryset) == [worker]
    assert "Pat Rep (pat@police.example)" in response.content.decode()


def test_naming_a_person_sends_them_the_request_and_the_confirmation_names_them(
    client, manager, review, agencies, club, worker, police_rep
):
    council_lead = agencies["Council"].role_assignments.get(role=Role.SAFEGUARDING_LEAD).person
    client.force_login(manager)
    response = client.post(
        _url(review),
        {name_field(club.pk): worker.pk, name_field(agencies["Council"].pk): council_lead.pk},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("children:review", args=[review.case.reference])
    requests = {r.agency.name: r for r in AgencyRequest.objects.filter(case=review.case)}
    assert set(requests) == {"Police", "Council", "Youth Club", "School"}
    assert list(requests["Youth Club"].recipients.all()) == [worker]
    assert list(requests["Council"].recipients.all()) == [council_lead]
    assert list(requests["Police"].recipients.all()) == [police_rep]
    # The named person joins the case for their agency and finds the request on My work.
    assert CaseMembership.objects.get(case=review.case, person=worker).agency == club
    assert any(
        item.kind == "request" and item.title.startswith("Youth Club:") for item in work_for(worker)
    )
    assert worker.email in {address for m in mail.outbox for address in m.to}
    [message] = _messages(response)
    assert "Youth Club: Yan Worker (yan@club.example)" in message
    assert f"Council: Council lead ({council_lead.email})" in message
    assert "Police: Pat Rep (pat@police.example)" in message


def test_naming_someone_of_another_agency_is_refused_and_nothing_is_sent(
    client, manager, review, club, police_rep
):
    client.force_login(manager)
    response = client.post(_url(review), {name_field(club.pk): police_rep.pk})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Choose one of Youth Club&#x27;s people" in body
    assert not AgencyRequest.objects.filter(case=review.case).exists()
    assert mail.outbox == []
    assert not any(i.kind == "request" for i in work_for(police_rep))


def test_the_one_click_send_still_sends_at_once_when_every_agency_has_someone(
    client, manager, referrer, agencies
):
    """Council has nobody on the case, so its safeguarding lead is asked without a page."""
    review = _accepted(referrer, manager, agencies, [agencies["Council"]])
    council_lead = agencies["Council"].role_assignments.get(role=Role.SAFEGUARDING_LEAD).person
    client.force_login(manager)
    response = client.post(_url(review))
    assert response.status_code == 302
    council = AgencyRequest.objects.get(case=review.case, agency=agencies["Council"])
    assert list(council.recipients.all()) == [council_lead]
    [message] = _messages(response)
    assert f"Council: Council lead ({council_lead.email})" in message


def test_the_page_is_refused_once_the_scoping_requests_are_sent(
    client, manager, referrer, agencies
):
    review = _accepted(referrer, manager, agencies, [agencies["Council"]])
    client.force_login(manager)
    client.post(_url(review))
    response = client.get(_url(review))
    assert response.status_code == 302
    assert "The scoping requests have already been sent." in _messages(response)


def test_only_whoever_runs_the_case_opens_the_scoping_send(client, referrer, review):
    """The referrer reads the case but does not send its requests: nothing is sent."""
    client.force_login(referrer)
    assert client.get(_url(review)).status_code == 403
    assert client.post(_url(review)).status_code == 403
    assert not AgencyRequest.objects.filter(case=review.case).exists()
