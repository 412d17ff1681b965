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
    assert "people: 0 added, 11 already there" in out
    assert (User.objects.count(), Agency.objects.count()) == counts
    manager.refresh_from_db()
    assert manager.full_name == "Changed By Hand"
