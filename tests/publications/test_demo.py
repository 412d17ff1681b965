"""The demo (issue 14): its published review and audit, and a national briefing, are on
the demo partnership's public site, and loading the demo again adds nothing."""

import pytest

from lantern.demo.services import demo_load
from lantern.publications.models import Publication, Status

pytestmark = pytest.mark.django_db


def test_the_demos_published_reviews_and_audit_are_public(client):
    demo_load()
    published = Publication.objects.filter(status=Status.PUBLISHED)
    kinds = sorted(published.values_list("kind", flat=True))
    assert kinds == ["audit_summary", "briefing", "cspr_full"]
    page = client.get("/p/demo/learning/").content.decode()
    assert "Child D" in page
    assert "Case file audit: self-neglect in adults living alone" in page
    assert "Cawston Park" in page
    assert "Oscar" not in page and "Invented" not in page  # Child D's name in the demo
    before = Publication.objects.count()
    assert demo_load().created["publications"] == 0
    assert Publication.objects.count() == before
