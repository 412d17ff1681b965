"""The demo partnership: shaped like the seed framework's, loaded idempotently."""

import pytest
from django.core.management import call_command

from lantern.accounts.models import Role, User
from lantern.demo.data import DEMO_PASSWORD
from lantern.demo.services import demo_load
from lantern.partnerships.models import Agency, Partnership

pytestmark = pytest.mark.django_db


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
    assert "people: 0 added, 19 already there" in out
    assert "children's cases: 0 added" in out
    assert (User.objects.count(), Agency.objects.count()) == counts
    manager.refresh_from_db()
    assert manager.full_name == "Changed By Hand"


def test_demo_has_childrens_cases_in_four_states():
    from lantern.agencyrequests.selectors import late_requests
    from lantern.children.models import RapidReview

    demo_load()
    reviews = {r.case.pseudonym: r for r in RapidReview.objects.select_related("case")}
    assert set(reviews) == {"Child A", "Child B", "Child C", "Child D"}
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
