"""Themes (issue 14): the national taxonomy seeded by migration, a partnership's own
themes, and Lantern's suggestions for a new item's text (a person confirms them)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from lantern.learning.models import LibraryItem, Theme, ThemeOrigin
from lantern.learning.themes import theme_suggestions
from tests.factories import CaseFactory, PartnershipFactory

from .helpers import item

pytestmark = pytest.mark.django_db


def slugs(suggestions):
    return [s.theme.slug for s in suggestions]


def test_the_national_themes_are_seeded_from_both_sources():
    national = Theme.objects.filter(partnership=None)
    assert {
        "self-neglect",
        "domestic-abuse",
        "mental-capacity",
        "exploitation",
        "multi-agency-working",
        "transitions",
    } <= set(national.values_list("slug", flat=True))
    assert national.filter(origin=ThemeOrigin.SAR_ANALYSIS).count() >= 20
    assert national.filter(origin=ThemeOrigin.NSPCC).count() >= 15


def test_suggests_themes_from_the_text_strongest_first():
    """Issue 14: Lantern suggests themes for a new item from its text."""
    p = PartnershipFactory()
    text = (
        "Mr B lived alone and his self-neglect and hoarding worsened after discharge from "
        "hospital. No MCA assessment was recorded about his refusal of care."
    )
    found = slugs(theme_suggestions(partnership=p, text=text))
    assert found[0] == "self-neglect"
    assert {"mental-capacity", "transitions"} <= set(found)


def test_acronyms_in_the_text_suggest_their_themes():
    """An acronym counts as its expansion: 'CCE' suggests child criminal exploitation,
    'DoLS' mental capacity."""
    p = PartnershipFactory()
    assert "child-criminal-exploitation" in slugs(
        theme_suggestions(partnership=p, text="CCE was missed.")
    )
    assert "mental-capacity" in slugs(
        theme_suggestions(partnership=p, text="Her deprivation of liberty had lapsed.")
    )


def test_a_partnerships_own_theme_is_suggested_only_to_it():
    p, other = PartnershipFactory(), PartnershipFactory()
    Theme.objects.create(
        partnership=p,
        slug="cost-of-living",
        name="Cost of living",
        keywords="cost of living\nfuel poverty",
    )
    text = "Fuel poverty left the home unheated."
    assert "cost-of-living" in slugs(theme_suggestions(partnership=p, text=text))
    assert "cost-of-living" not in slugs(theme_suggestions(partnership=other, text=text))


def test_theme_slugs_are_unique_per_partnership_and_nationally():
    p = PartnershipFactory()
    Theme.objects.create(partnership=p, slug="local", name="Local")
    with pytest.raises(IntegrityError), transaction.atomic():
        Theme.objects.create(partnership=p, slug="local", name="Again")
    with pytest.raises(IntegrityError), transaction.atomic():
        Theme.objects.create(partnership=None, slug="self-neglect", name="Again")
    Theme.objects.create(partnership=PartnershipFactory(), slug="local", name="Elsewhere")


def test_the_database_refuses_an_unknown_kind_and_a_finding_without_a_case():
    """Issue 14: DB constraints for kind choices and uniqueness."""
    p = PartnershipFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        LibraryItem.objects.create(partnership=p, ref="x", kind="blog", title="t", text="t")
    with pytest.raises(IntegrityError), transaction.atomic():
        LibraryItem.objects.create(partnership=p, ref="x", kind="finding", title="t", text="t")
    LibraryItem.objects.create(partnership=p, ref="x", kind="sar", title="t", text="t")
    with pytest.raises(IntegrityError), transaction.atomic():
        LibraryItem.objects.create(partnership=p, ref="x", kind="sar", title="t", text="t")


def test_the_service_refuses_unknown_themes_and_another_partnerships_case():
    p = PartnershipFactory()
    with pytest.raises(ValidationError, match="unknown theme 'astrology'"):
        item(p, "a", "Text.", themes=["astrology"])
    with pytest.raises(ValidationError, match="not one of this partnership's"):
        item(p, "b", "Text.", kind="finding", case=CaseFactory())
    with pytest.raises(ValidationError, match="belongs to a case"):
        item(p, "c", "Text.", kind="recommendation")
    assert not LibraryItem.objects.filter(partnership=p).exists()
