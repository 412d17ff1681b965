"""The pathways a case can follow, declared once as data.

Each pathway names its stages in order. Later work adds each pathway's steps and
timescales here (for the statutory clock); views and the kernel read them from this
registry rather than from code per pathway.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Pathway:
    key: str
    name: str
    subject_kind: str  # "child", "adult" or "" (an audit has no single subject)
    stages: tuple[tuple[str, str], ...]

    def stage_label(self, stage: str) -> str:
        return dict(self.stages).get(stage, stage)

    @property
    def first_stage(self) -> str:
        return self.stages[0][0]


PATHWAYS: dict[str, Pathway] = {
    p.key: p
    for p in [
        Pathway(
            "rapid-review",
            "Rapid review",
            "child",
            (
                ("referral", "Referral"),
                ("notification", "Notification to the National Panel"),
                ("scoping", "Scoping returns"),
                ("meeting", "Rapid review meeting"),
                ("outcome", "Decision and outcome"),
                ("closed", "Closed"),
            ),
        ),
        Pathway(
            "cspr",
            "Child Safeguarding Practice Review",
            "child",
            (
                ("commissioning", "Commissioning"),
                ("review", "Review in progress"),
                ("report", "Report"),
                ("publication", "Publication"),
                ("closed", "Closed"),
            ),
        ),
        Pathway(
            "sar",
            "Safeguarding Adult Review",
            "adult",
            (
                ("referral", "Referral"),
                ("screening", "Screening"),
                ("scoping", "Scoping"),
                ("decision", "Decision"),
                ("review", "Review in progress"),
                ("report", "Report and sign-off"),
                ("publication", "Publication"),
                ("closed", "Closed"),
            ),
        ),
        Pathway(
            "dhr",
            "Domestic Homicide Review",
            "adult",
            (
                ("notification", "Notification"),
                ("decision", "Decision"),
                ("review", "Review in progress"),
                ("home-office", "Home Office Quality Assurance Panel"),
                ("publication", "Publication"),
                ("closed", "Closed"),
            ),
        ),
        Pathway(
            "macfa",
            "Multi-agency case file audit",
            "",
            (
                ("preparation", "Preparation"),
                ("returns", "Agency returns"),
                ("audit", "Audit and learning event"),
                ("report", "Findings and report"),
                ("closed", "Closed"),
            ),
        ),
        # National learning (a national SAR, a Panel review) adopted locally: it has no
        # subject and no timetable, but carries recommendations and actions like a review.
        Pathway(
            "national",
            "National learning adopted locally",
            "",
            (
                ("adopted", "Adopted"),
                ("closed", "Closed"),
            ),
        ),
    ]
}

PATHWAY_CHOICES = [(p.key, p.name) for p in PATHWAYS.values()]
