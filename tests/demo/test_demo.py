"""The demo partnership: shaped like the seed framework's, loaded idempotently."""

import pytest
from django.core.management import call_command

from lantern.accounts.models import Role, User
from lantern.demo.data import DEMO_PASSWORD
from lantern.demo.services import demo_load
from lantern.partnerships.models import Agency, Partnership

# The demo is loaded once for the module (tests/conftest.py); each test loads it again,
# which the rule "idempotent" says changes nothing.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_once")]


def test_demo_has_one_person_in_every_role():
    demo_load()
    partnership = Partnership.objects.get(name="Demo Safeguarding Partnership")
    held = set(
        User.objects.filter(partnership=partnership).values_list(
            "role_assignments__role", flat=True
        )
    )
    assert held >= set(Role.values)
    manager = User.objects.get(email="business.manager@example.org")
    assert manager.check_password(DEMO_PASSWORD)
    assert Role.BUSINESS_MANAGER in manager.role_set()


def test_demo_has_a_dozen_agencies_with_the_three_statutory_partners():
    demo_load()
    agencies = Agency.objects.filter(partnership__slug="demo")
    assert agencies.count() >= 12
    assert set(agencies.statutory_partners().values_list("statutory_partner", flat=True)) == {
        "local_authority",
        "icb",
        "police",
    }
    assert Partnership.objects.get(slug="demo").groups.count() == 7


def test_loading_again_keeps_existing_data(capsys):
    call_command("demo")
    manager = User.objects.get(email="business.manager@example.org")
    manager.full_name = "Changed By Hand"
    manager.save()
    counts = (User.objects.count(), Agency.objects.count())
    call_command("demo")
    out = capsys.readouterr().out
    assert "people: 0 added, 28 already there" in out
    assert "children's cases: 0 added" in out
    assert "rapid reviews received in the last financial year: 0 added" in out
    assert "case file audits presented in the last financial year: 0 added" in out
    assert (User.objects.count(), Agency.objects.count()) == counts
    manager.refresh_from_db()
    assert manager.full_name == "Changed By Hand"


def test_demo_has_childrens_cases_in_four_states():
    from lantern.agencyrequests.selectors import late_requests
    from lantern.children.models import RapidReview

    demo_load()
    reviews = {r.case.pseudonym: r for r in RapidReview.objects.select_related("case")}
    # Child E to H are the demo year's (tests/demo/test_demo_year.py).
    assert set(reviews) == {f"Child {c}" for c in "ABCDEFGH"}
    # A rapid review with a late scoping return (the hospital's).
    assert [str(r.agency) for r in late_requests(reviews["Child A"].case)] == [
        "Demo Hospitals NHS Foundation Trust"
    ]
    # One awaiting the National Panel's response.
    assert reviews["Child B"].outcome_sent_on and not reviews["Child B"].panel_response
    # A CSPR with a draft, marked as one.
    drafting = reviews["Child C"].case
    assert drafting.pathway == "cspr" and drafting.documents.filter(is_draft=True).exists()
    # A published CSPR, whose report passed the check for the child's identity.
    assert reviews["Child D"].case.cspr.published_on is not None


def test_rule_every_demo_agency_has_an_active_safeguarding_lead():
    """Rule: a request goes to the agency's safeguarding lead when nobody on the case
    answers for it, so every demo agency has one (Meadowview Care Home included)."""
    from lantern.agencyrequests.recipients import agency_leads

    demo_load()
    agencies = Agency.objects.filter(partnership__slug="demo")
    leads = agency_leads(agencies.values_list("pk", flat=True))
    assert {a.name for a in agencies if not leads.get(a.pk)} == set()


def test_meadowview_care_home_has_a_representative_and_a_lead_who_can_sign_in():
    demo_load()
    home = Agency.objects.get(partnership__slug="demo", name="Meadowview Care Home")
    for email, role in [
        ("carehome.rep@example.org", Role.NOMINATED_REPRESENTATIVE),
        ("carehome.lead@example.org", Role.SAFEGUARDING_LEAD),
    ]:
        person = User.objects.get(email=email)
        assert person.is_active and person.agency == home
        assert person.check_password(DEMO_PASSWORD)
        assert person.role_assignments.filter(role=role, agency=home).exists()


def test_rule_no_open_demo_request_has_nobody_to_reach():
    """Rule: nothing is sent to nobody. Every waiting demo request names active people
    asked, and a new request from any open demo case to any demo agency would reach
    somebody (lantern.agencyrequests.recipients.request_reach)."""
    from lantern.agencyrequests.models import AgencyRequest
    from lantern.agencyrequests.recipients import request_reach
    from lantern.cases.models import Case, CaseStatus

    demo_load()
    waiting = AgencyRequest.objects.filter(case__partnership__slug="demo").waiting()
    assert waiting.exists()
    for request in waiting.prefetch_related("recipients"):
        asked = list(request.recipients.all())
        assert asked and all(p.is_active for p in asked), request
    agencies = list(Agency.objects.filter(partnership__slug="demo"))
    open_cases = Case.objects.filter(partnership__slug="demo", status=CaseStatus.OPEN)
    assert open_cases.exists()
    for case in open_cases:
        reaches, errors = request_reach(case=case, agencies=agencies)
        assert errors == {}, (case.reference, errors)
        assert all(reach.people for reach in reaches.values()), case.reference


def test_demo_library_holds_a_dozen_items_of_national_learning_found_by_search():
    """Issue 14, Demo: a dozen items of national learning, imported with the library's own
    import (the file a Business Manager could pass to `lantern library import`), loaded
    again without duplicates, and found by search with the field's acronyms."""
    from lantern.learning.models import LibraryItem
    from lantern.learning.selectors import library_search

    demo_load()
    partnership = Partnership.objects.get(slug="demo")
    national = LibraryItem.objects.filter(partnership=partnership, kind="national")
    assert national.count() >= 12
    demo_load()
    assert LibraryItem.objects.filter(partnership=partnership, kind="national").count() == (
        national.count()
    )
    manager = User.objects.get(email="business.manager@example.org")
    hits = library_search(partnership=partnership, user=manager, query="SUDI")
    assert "national-sudi-out-of-routine" in [h.item.ref for h in hits]
