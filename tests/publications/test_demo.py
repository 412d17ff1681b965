"""The demo (issue 14): its published review and audit, and a national briefing, are on
the demo partnership's public site, and loading the demo again adds nothing."""

import pytest

from lantern.demo.services import demo_load
from lantern.publications.models import Publication, Status

pytestmark = pytest.mark.django_db


def test_the_demos_published_reviews_and_audit_are_public(client):
    demo_load()
    public = Publication.objects.filter(status__in=[Status.PUBLISHED, Status.AMENDED])
    kinds = sorted(public.values_list("kind", flat=True))
    assert kinds == ["audit_summary", "briefing", "cspr_full"]
    # Child D's page was amended to add the action plan made after publication.
    child_d = public.get(kind="cspr_full")
    assert child_d.status == Status.AMENDED
    assert child_d.versions.get(number=2).actions
    page = client.get("/p/demo/learning/").content.decode()
    assert "Child D" in page
    assert "Case file audit: self-neglect in adults living alone" in page
    assert "Cawston Park" in page
    assert "Oscar" not in page and "Invented" not in page  # Child D's name in the demo
    item = client.get(f"/p/demo/learning/{child_d.pk}/").content.decode()
    assert "What the partnership has done" in item and "Oscar" not in item
    before = Publication.objects.count()
    assert demo_load().created["publications"] == 0
    assert Publication.objects.count() == before
