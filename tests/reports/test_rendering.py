"""Issue 16: an annual report rendered on screen: every section in the order declared,
its statutory basis, narrative and blocks (figures, tables, charts with their tables,
lists, "none" sentences), members under the per-member section; text is escaped; drafts
are marked; "Change" links only on drafts."""

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import include, path

from lantern.documents.models import DRAFT_MARKING
from lantern.reports.models import ReportKind, ReportStatus
from lantern.reports.rendering import rendered_sections
from lantern.reports.sections import sections_for
from tests.factories import PartnershipFactory

from .report_fixtures import make_report

pytestmark = pytest.mark.django_db


def body(report, edit_links=False) -> str:
    sections = rendered_sections(report, edit_links=edit_links)
    return render_to_string(
        "reports/_report_body.html",
        {"report": report, "sections": sections, "edit_links": edit_links},
    )


def test_sections_in_declared_order_with_members_in_few_queries():
    report = make_report(PartnershipFactory())
    with CaptureQueriesContext(connection) as queries:
        sections = rendered_sections(report)
    assert len(queries) <= 2
    assert [s.key for s in sections] == [s.key for s in sections_for(ReportKind.SAB)]
    members = next(s for s in sections if s.key == "members").members
    assert [m.name for m in members] == ["Northshire Police", "Northshire County Council"]
    assert members[0].narrative == "What Northshire Police did."


def test_every_section_and_block_appears_in_order_with_its_numbers():
    report = make_report(PartnershipFactory())
    html = body(report)
    expected = [
        "What the Board did to achieve its objective",
        "Care Act 2014, Schedule 2, paragraph 4(1)(a)",
        "Narrative of objective.",
        "Referrals considered for a SAR",
        "What each member did to implement the strategy",
        "Northshire Police",
        "What Northshire Police did.",
        "Northshire County Council",
        "Reviews concluded in 2025 to 2026",
        "SAR-2024-003 (Adult D)",
        "SAR-2025-004 (Adult H)",
        "<svg",
        "Actions on review findings by quarter (the chart&#x27;s numbers)",
        "No decision not to implement a finding was taken in 2025 to 2026.",
        "People trained",
        "Priorities for next year",
    ]
    positions = [html.index(text) for text in expected]
    assert positions == sorted(positions)
    assert '<dd class="govuk-summary-list__value">418' in html
    assert '<th scope="col"' in html and '<th scope="row"' in html
    assert 'govuk-table__cell--numeric">7<' in html


def test_narrative_and_facts_are_escaped():
    report = make_report(PartnershipFactory())
    section = report.sections.get(key="objective")
    section.narrative = "<script>alert(1)</script>"
    section.save()
    html = body(report)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_draft_is_marked_and_an_approved_one_is_not():
    p = PartnershipFactory()
    assert DRAFT_MARKING in body(make_report(p))
    approved = make_report(PartnershipFactory(), status=ReportStatus.APPROVED)
    assert DRAFT_MARKING not in body(approved)


def _no_view(request, pk, key):  # stands in for helper C's section editor
    raise AssertionError("never called")


# A URLconf with only the section editor's route, so the links are proved whether or not
# the real editor is there yet.
urlpatterns = [
    path(
        "reports/annual/",
        include(([path("<int:pk>/sections/<str:key>/", _no_view, name="section_edit")], "reports")),
    )
]


@override_settings(ROOT_URLCONF=__name__)
def test_change_links_to_each_section_and_member_only_on_a_draft_when_asked():
    report = make_report(PartnershipFactory())
    html = body(report, edit_links=True)
    member = report.facts["members"][0]["key"]
    assert f'href="/reports/annual/{report.pk}/sections/objective/"' in html
    assert f'href="/reports/annual/{report.pk}/sections/{member}/"' in html
    assert (
        'Change<span class="govuk-visually-hidden"> What the Board did to achieve its '
        "objective</span>" in html
    )
    assert html.count(">Change<span") == len(sections_for(ReportKind.SAB)) + 2
    assert "Change<span" not in body(report, edit_links=False)
    approved = make_report(PartnershipFactory(), status=ReportStatus.APPROVED)
    assert "Change<span" not in body(approved, edit_links=True)


def test_without_the_section_editor_there_are_no_links_and_no_error():
    report = make_report(PartnershipFactory())
    with override_settings(ROOT_URLCONF="tests.reports.test_rendering_nourls"):
        assert "Change<span" not in body(report, edit_links=True)
