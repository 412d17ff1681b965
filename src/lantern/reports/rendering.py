"""An annual report as it is shown: its sections in order, each with its narrative and
the blocks of facts drawn for it (report.facts), members under the per-member section.

One place combines the three sources (the declared sections, the stored facts and the
narratives), so the page, the DOCX, the PDF and the public page all say the same thing.
"""

from dataclasses import dataclass, field
from typing import Any

from django.urls import NoReverseMatch, reverse

from lantern.documents.charts import bar_chart_svg

from .models import AnnualReport
from .sections import sections_for


@dataclass
class RenderedMember:
    key: str
    name: str
    narrative: str
    blocks: list[dict[str, Any]]
    edit_url: str = ""


@dataclass
class RenderedSection:
    key: str
    title: str
    basis: str
    prompt: str
    narrative: str
    blocks: list[dict[str, Any]]
    members: list[RenderedMember] = field(default_factory=list)
    edit_url: str = ""


def _edit_url(report: AnnualReport, key: str) -> str:
    # The section editor is another helper's page: until it exists, no link.
    try:
        return reverse("reports:section_edit", args=[report.pk, key])
    except NoReverseMatch:
        return ""


def _shown(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The blocks as stored, a chart given its SVG (bar_chart_svg escapes every text)."""
    out = []
    for block in blocks:
        if block.get("type") == "chart":
            series = [(name, list(values)) for name, values in block["series"]]
            svg = bar_chart_svg(title=block["title"], labels=block["labels"], series=series)
            block = {**block, "svg": svg}
        out.append(block)
    return out


def rendered_sections(report: AnnualReport, *, edit_links: bool = False) -> list[RenderedSection]:
    """The report's sections in order (one query for the narratives). Edit links only
    while the report is a draft and when asked for."""
    narratives = dict(report.sections.values_list("key", "narrative"))
    facts = report.facts or {}
    blocks_of = facts.get("sections", {})
    links = edit_links and report.is_draft
    out = []
    for spec in sections_for(report.kind):
        members = []
        if spec.per_member:
            for member in facts.get("members", []):
                key = member["key"]
                members.append(
                    RenderedMember(
                        key=key,
                        name=member["name"],
                        narrative=narratives.get(key, ""),
                        blocks=_shown(member.get("blocks", [])),
                        edit_url=_edit_url(report, key) if links else "",
                    )
                )
        out.append(
            RenderedSection(
                key=spec.key,
                title=spec.title,
                basis=spec.basis,
                prompt=spec.prompt,
                narrative=narratives.get(spec.key, ""),
                blocks=_shown(blocks_of.get(spec.key, [])),
                members=members,
                edit_url=_edit_url(report, spec.key) if links else "",
            )
        )
    return out
