"""Rule (issue 11): a request always has a recipient. A SAR's scoping send and its IMR
requests, to an agency with no representative on the case, ask the sender to name one,
or go to that agency's safeguarding lead; nothing is ever sent to nobody, and the
confirmation lists exactly who was asked."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from lantern.accounts.models import Role
from lantern.adults import review as sar_review
from lantern.adults import services
from lantern.agencyrequests.models import AgencyRequest
from lantern.agencyrequests.recipients import name_field
from lantern.cases.models import Capacity, CaseMembership
from lantern.partnerships.models import AgencyKind
from lantern.work.selectors import work_for
from tests.factories import AgencyFactory, UserFactory

from .conftest import TODAY, referral_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def club(partnership):
    """An agency with no safeguarding lead and nobody on any case: only a support worker."""
    return AgencyFactory(partnership=partnership, name="Day Centre", kind=AgencyKind.OTHER)


@pytest.fixture
def worker(partnership, club):
    return UserFactory(
        partnership=partnership, agency=club, full_name="Dee Worker", email="dee@centre.example"
    )


@pytest.fixture
def police_rep(partnership, agencies):
    return UserFactory(
        partnership=partnership, agency=agencies["Police"], full_name="Pat Rep",
        email="pat@police.example", roles=[(Role.NOMINATED_REPRESENTATIVE, agencies["Police"])],
    )  # fmt: skip


def _lead(agency):
    return agency.role_assignments.get(role=Role.SAFEGUARDING_LEAD).person


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def _recipients(case, kind):
    return {
        r.agency.name: list(r.recipients.all())
        for r in AgencyRequest.objects.filter(case=case, kind=kind)
    }


# SAR scoping ------------------------------------------------------------------------------


@pytest.fixture
def signed_off(referrer, agencies, club, worker, police_rep, manager, chair, panel_chair):
    """Involved: Police (a nominated representative), Council (only its safeguarding lead)
    and the Day Centre (nobody but a worker); screened and signed off for scoping."""
    involved = [agencies["Police"], agencies["Council"], club]
    referral = services.referral_submit(
        user=referrer, data=referral_data(agencies, involved_agencies=involved)
    )
    services.referral_screen(referral=referral, user=manager, panel_chair=panel_chair, on=TODAY)
    services.scoping_sign_off(referral=referral, user=chair)
    mail.outbox.clear()
    return referral


def _button(referral):
    return reverse("adults:button", args=[referral.case.reference, "scoping-send"])


def _page(referral, name="scoping-send"):
    return reverse("adults:action", args=[referral.case.reference, name])


def test_sar_scoping_button_with_an_agency_nobody_can_be_asked_for_shows_the_naming_page(
    client, manager, signed_off, agencies
):
    """The SAR page's one-click button leads to the naming page, not a dead end; the
    refused send writes nothing (not even the nominated representatives) and sends nothing."""
    client.force_login(manager)
    response = client.post(_button(signed_off))
    # By GET, so a reload does not post again (found on a walk: a reload gave a 405).
    assert response.status_code == 302
    response = client.get(response["Location"])
    body = response.content.decode()
    assert response.status_code == 200
    assert "Who is asked for Day Centre?" in body
    assert "govuk-error-summary" not in body  # nothing was asked of the user yet
    # Council, with nobody on the case, still shows its safeguarding lead chosen.
    council_lead = _lead(agencies["Council"])
    chosen = response.context["form"][name_field(agencies["Council"].pk)].value()
    assert str(chosen) == str(council_lead.pk)
    assert not AgencyRequest.objects.filter(case=signed_off.case).exists()
    assert not CaseMembership.objects.filter(
        case=signed_off.case, capacity=Capacity.AGENCY_REPRESENTATIVE
    ).exists()
    assert mail.outbox == []


def test_sar_scoping_page_lists_who_is_asked_and_defaults_an_agency_to_its_lead(
    client, manager, signed_off, agencies, club, worker, police_rep
):
    client.force_login(manager)
    response = client.get(_page(signed_off))
    assert response.status_code == 200
    form = response.context["form"]
    rows = {row.agency.name: row for row in form.asking_rows()}
    assert rows["Police"].on_case == [police_rep] and rows["Police"].field is None
    council = name_field(agencies["Council"].pk)
    assert rows["Council"].leads == [_lead(agencies["Council"])]
    assert form[council].value() == _lead(agencies["Council"]).pk
    assert form[name_field(club.pk)].value() is None
    assert list(form.fields[name_field(club.pk)].queryset) == [worker]


def test_sar_scoping_naming_a_person_sends_them_the_request_and_the_confirmation_names_them(
    client, manager, signed_off, agencies, club, worker, police_rep
):
    client.force_login(manager)
    council_lead = _lead(agencies["Council"])
    response = client.post(
        _page(signed_off),
        {name_field(club.pk): worker.pk, name_field(agencies["Council"].pk): council_lead.pk},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("adults:case", args=[signed_off.case.reference])
    asked = _recipients(signed_off.case, "scoping")
    assert asked["Day Centre"] == [worker]
    assert asked["Council"] == [council_lead]
    assert asked["Police"] == [police_rep]
    assert CaseMembership.objects.get(case=signed_off.case, person=worker).agency == club
    assert any(i.kind == "request" and i.title.startswith("Day Centre:") for i in work_for(worker))
    [message] = _messages(response)
    assert "Day Centre: Dee Worker (dee@centre.example)" in message
    assert f"Council: Council lead ({council_lead.email})" in message
    assert "Police: Pat Rep (pat@police.example)" in message


def test_sar_scoping_naming_someone_of_another_agency_is_refused_and_nothing_is_sent(
    client, manager, signed_off, club, police_rep
):
    client.force_login(manager)
    response = client.post(_page(signed_off), {name_field(club.pk): police_rep.pk})
    assert response.status_code == 200
    assert "Choose one of Day Centre&#x27;s people" in response.content.decode()
    assert not AgencyRequest.objects.filter(case=signed_off.case).exists()
    assert mail.outbox == []


def test_sar_scoping_button_still_sends_at_once_when_every_agency_has_someone(
    client, manager, referrer, agencies, chair, panel_chair
):
    """Council and Police have nobody on the case: each one's safeguarding lead is asked."""
    referral = services.referral_submit(user=referrer, data=referral_data(agencies))
    services.referral_screen(referral=referral, user=manager, panel_chair=panel_chair, on=TODAY)
    services.scoping_sign_off(referral=referral, user=chair)
    client.force_login(manager)
    response = client.post(_button(referral))
    assert response.status_code == 302
    asked = _recipients(referral.case, "scoping")
    assert asked["Council"] == [_lead(agencies["Council"])]
    [message] = _messages(response)
    assert f"Council: Council lead ({_lead(agencies['Council']).email})" in message


# IMRs ---------------------------------------------------------------------------------------


@pytest.fixture
def imr_ready(sar, club, partnership):
    """A SAR at its IMRs, with two agencies involved since scoping and nobody of theirs on
    the case: the Day Centre (no lead) and Housing (a safeguarding lead)."""
    housing = AgencyFactory(partnership=partnership, name="Housing", kind=AgencyKind.OTHER)
    UserFactory(
        partnership=partnership, agency=housing, full_name="Housing lead",
        email="lead@housing.example", roles=[(Role.SAFEGUARDING_LEAD, housing)],
    )  # fmt: skip
    sar.case.sar_referral.involved_agencies.add(club, housing)
    for step_id in ("reviewers-commissioned", "initial-scoping-meeting"):
        sar_review.sar_step_done(sar=sar, step_id=step_id, on=TODAY)
    mail.outbox.clear()
    return sar


def _imr_post(agencies, **names):
    due = TODAY + datetime.timedelta(weeks=6)
    return {
        "agencies": [a.pk for a in agencies],
        "due_0": due.day, "due_1": due.month, "due_2": due.year,
        **names,
    }  # fmt: skip


def test_imr_page_asks_to_name_someone_for_an_agency_with_nobody_and_defaults_to_a_lead(
    client, manager, imr_ready, club, worker
):
    client.force_login(manager)
    housing = imr_ready.case.sar_referral.involved_agencies.get(name="Housing")
    response = client.get(_page(imr_ready.case.sar_referral, "imrs"))
    assert response.status_code == 200
    form = response.context["form"]
    assert "Who is asked for Day Centre?" in response.content.decode()
    assert list(form.fields[name_field(club.pk)].queryset) == [worker]
    assert form[name_field(club.pk)].value() is None
    # Housing's safeguarding lead is the default choice.
    assert form[name_field(housing.pk)].value() == _lead(housing).pk
    # Council already has its lead on the case from scoping: no choice for it.
    council = imr_ready.case.sar_referral.involved_agencies.get(name="Council")
    assert name_field(council.pk) not in form.fields


def test_imr_without_a_name_for_an_agency_with_nobody_is_refused_and_nothing_is_sent(
    client, manager, imr_ready, club
):
    client.force_login(manager)
    response = client.post(_page(imr_ready.case.sar_referral, "imrs"), _imr_post([club]))
    assert response.status_code == 200
    assert "Name a person to represent Day Centre on this case." in response.content.decode()
    assert not AgencyRequest.objects.filter(case=imr_ready.case, kind="imr").exists()
    assert mail.outbox == []


def test_imr_naming_a_person_sends_them_the_request_and_the_confirmation_names_them(
    client, manager, imr_ready, club, worker
):
    referral = imr_ready.case.sar_referral
    housing = referral.involved_agencies.get(name="Housing")
    client.force_login(manager)
    response = client.post(
        _page(referral, "imrs"),
        _imr_post(
            [club, housing],
            **{name_field(club.pk): worker.pk, name_field(housing.pk): _lead(housing).pk},
        ),
    )
    assert response.status_code == 302
    asked = _recipients(imr_ready.case, "imr")
    assert asked == {"Day Centre": [worker], "Housing": [_lead(housing)]}
    assert any(
        i.kind == "request" and i.title == "Day Centre: Individual Management Review"
        for i in work_for(worker)
    )
    [message] = _messages(response)
    assert message == (
        "The IMR requests have been sent. Asked: Day Centre: Dee Worker (dee@centre.example); "
        "Housing: Housing lead (lead@housing.example)."
    )


def test_imr_naming_someone_of_another_agency_is_refused_and_nothing_is_sent(
    client, manager, imr_ready, club, police_rep
):
    client.force_login(manager)
    response = client.post(
        _page(imr_ready.case.sar_referral, "imrs"),
        _imr_post([club], **{name_field(club.pk): police_rep.pk}),
    )
    assert response.status_code == 200
    assert "Choose one of Day Centre&#x27;s people" in response.content.decode()
    assert not AgencyRequest.objects.filter(case=imr_ready.case, kind="imr").exists()
    assert mail.outbox == []
