"""What each annual report contains, declared once: its sections in order.

The SAB's report answers each item of the Care Act 2014, Schedule 2, paragraph 4(1); the
children's safeguarding partners' yearly report answers Working Together 2023 (chapter 2:
what the partners did as a result of the arrangements, including on child safeguarding
practice reviews, how effective they have been, the learning and its impact). Every
section shows what Lantern's records say (lantern.reports.annual_facts draws it) and has a
narrative written in Lantern. "What each member did" has one narrative per member agency,
keyed "member:<agency id>".
"""

from dataclasses import dataclass

from .models import ReportKind

CARE_ACT = "Care Act 2014, Schedule 2, paragraph 4(1)"
WT2023 = "Working Together to Safeguard Children 2023"


@dataclass(frozen=True)
class SectionSpec:
    key: str
    title: str
    basis: str  # the statutory item it answers ("" when the framework's own)
    prompt: str  # what its narrative should say, shown beside the box
    per_member: bool = False  # a narrative for each member agency

    @property
    def statutory(self) -> bool:
        return bool(self.basis)


SAB_SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec(
        "objective", "What the Board did to achieve its objective", f"{CARE_ACT}(a)",
        "How the Board helped and protected adults with care and support needs at risk of "
        "abuse or neglect this year: its work, with the figures below.",
    ),
    SectionSpec(
        "strategy", "What the Board did to implement its strategy", f"{CARE_ACT}(b)",
        "Progress on each priority of the strategic plan, with evidence of its impact.",
    ),
    SectionSpec(
        "members", "What each member did to implement the strategy", f"{CARE_ACT}(c)",
        "In each member's own words: what it did this year to implement the strategy.",
        per_member=True,
    ),
    SectionSpec(
        "sars-concluded", "Findings of safeguarding adult reviews concluded in the year",
        f"{CARE_ACT}(d)",
        "Whether or not they began this year. Never name the adult: use the review's "
        "pseudonym.",
    ),
    SectionSpec(
        "sars-ongoing", "Safeguarding adult reviews ongoing at the end of the year",
        f"{CARE_ACT}(e)",
        "Whether or not they began this year; say why any has taken longer than six months.",
    ),
    SectionSpec(
        "sars-implementing", "What the Board did to implement the findings of its reviews",
        f"{CARE_ACT}(f)",
        "The actions taken on SAR findings this year and the evidence that they made a "
        "difference.",
    ),
    SectionSpec(
        "sars-not-implementing", "Findings the Board decided not to implement, and why",
        f"{CARE_ACT}(g)",
        "Each decision taken this year not to implement a SAR finding, with its reasons.",
    ),
    SectionSpec(
        "audits", "Case file audits", "",
        "What the multi-agency case file audits found about practice with adults.",
    ),
    SectionSpec(
        "training", "Training and its impact", "",
        "What the training programme changed in practice, from the surveys three months on "
        "and managers' observations.",
    ),
    SectionSpec(
        "evaluation", "How the Board checked its learning (the 360 evaluation)", "",
        "What was reported, to which group, and when, for each line of the evaluation table.",
    ),
    SectionSpec(
        "priorities", "Priorities for next year", "",
        "What the Board will focus on next year, and why.",
    ),
)  # fmt: skip

CHILDREN_SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec(
        "activity", "What the safeguarding partners did", WT2023,
        "What the partners did this year as a result of the arrangements.",
    ),
    SectionSpec(
        "reviews", "Rapid reviews and child safeguarding practice reviews", WT2023,
        "The serious incidents notified, the rapid reviews held and their decisions, and the "
        "reviews concluded or still in progress. Never name a child: use the pseudonym.",
    ),
    SectionSpec(
        "learning", "The learning from reviews", WT2023,
        "What the reviews concluded this year found, and the themes across them.",
    ),
    SectionSpec(
        "actions", "Decisions and actions taken on reviews' recommendations", WT2023,
        "What the partners decided and did to implement the recommendations of local and "
        "national reviews, the improvements that followed, and any finding not acted on, "
        "with the reasons.",
    ),
    SectionSpec(
        "impact", "Evidence of impact, including training", WT2023,
        "The evidence that the work, including training, changed outcomes for children and "
        "families.",
    ),
    SectionSpec(
        "effectiveness", "How effective the arrangements have been", WT2023,
        "Where there has been little or no progress on agreed priorities, and why.",
    ),
    SectionSpec(
        "feedback", "Feedback from children and families", WT2023,
        "How the partners sought and used the views of children and families.",
    ),
    SectionSpec(
        "audits", "Case file audits", "",
        "What the multi-agency case file audits found about practice with children.",
    ),
    SectionSpec(
        "evaluation", "How the partners checked their learning (the 360 evaluation)", "",
        "What was reported, to which group, and when, for each line of the evaluation table.",
    ),
    SectionSpec(
        "priorities", "Priorities for next year", "",
        "What the partners will focus on next year, and why.",
    ),
)  # fmt: skip

SECTIONS: dict[str, tuple[SectionSpec, ...]] = {
    ReportKind.SAB: SAB_SECTIONS,
    ReportKind.CHILDREN: CHILDREN_SECTIONS,
}

MEMBER_PREFIX = "member:"


def sections_for(kind: str) -> tuple[SectionSpec, ...]:
    return SECTIONS[kind]


def section_spec(kind: str, key: str) -> SectionSpec:
    """The spec of a section key (a member's key gives its per-member section's spec)."""
    if key.startswith(MEMBER_PREFIX):
        return next(s for s in SECTIONS[kind] if s.per_member)
    return next(s for s in SECTIONS[kind] if s.key == key)


def member_key(agency_id: int) -> str:
    return f"{MEMBER_PREFIX}{agency_id}"
