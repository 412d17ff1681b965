"""Each pathway's timetable, declared once. Keys are the pathway keys of lantern.cases.

Sources: Working Together to Safeguard Children 2023 (WT2023) for the statutory
timescales; the partnership's Learning and Improvement Framework for the defaults,
which a partnership may change for itself (see LocalTimescale).
"""

from .periods import Period, Unit
from .rules import START, StepRule, Timetable

WD = Unit.WORKING_DAYS
WT2023 = "Working Together to Safeguard Children 2023"
FRAMEWORK = "Learning and Improvement Framework (default)"

RAPID_REVIEW = Timetable(
    pathway="rapid-review",
    start_label="Referral received",
    anchor_choices=(
        (START, "When the referral is received"),
        ("panel-notified", "When the local authority notifies the National Panel (WT2023)"),
    ),
    conditions=(("looked-after", "A looked-after child has died"),),
    steps=(
        StepRule(
            "scoping-sent",
            "Scoping template and letter sent to every involved agency",
            Period(2, WD),
            source=FRAMEWORK,
        ),
        StepRule(
            "scoping-returned",
            "Agencies return scoping",
            Period(5, WD),
            after="scoping-sent",
            source=FRAMEWORK,
        ),
        StepRule(
            "meeting",
            "Rapid review meeting held",
            Period(13, WD),
            earliest=Period(7, WD),
            source=FRAMEWORK,
        ),
        StepRule(
            "complete",
            "Rapid review complete",
            Period(15, WD),
            statutory=True,
            source=WT2023,
        ),
        StepRule(
            "outcome-sent",
            "Rapid review sent to the National Panel; agencies and referrer told the outcome",
            Period(2, WD),
            after="meeting",
            source=FRAMEWORK,
        ),
        # "Within 5 working days of becoming aware": the referral is how the LA becomes
        # aware, so this counts from the start whatever the partnership's anchor.
        StepRule(
            "panel-notified",
            "Local authority notifies the National Panel of the serious incident",
            Period(5, WD),
            after=START,
            statutory=True,
            source=WT2023,
        ),
        StepRule(
            "sos-ofsted-notified",
            "Secretary of State and Ofsted notified of the death of a looked-after child",
            Period(5, WD),
            after=START,
            statutory=True,
            only_if="looked-after",
            source=WT2023,
        ),
    ),
)

CSPR = Timetable(
    pathway="cspr",
    start_label="Decision to hold a CSPR",
    steps=(
        StepRule(
            "complete",
            "Review complete: final report agreed",
            Period(6, Unit.MONTHS),
            source=FRAMEWORK,
        ),
        # Back-scheduled from the planned publication date: when that date is agreed (by
        # changing the publication step's due date), this moves with it.
        StepRule(
            "final-report-sent",
            "Final report sent to the National Panel and the Secretary of State",
            Period(7, WD),
            after="publication",
            before=True,
            statutory=True,
            source=WT2023 + ": at least 7 working days before publication",
        ),
        StepRule(
            "publication",
            "Report published (planned date)",
            Period(7, WD),
            after="complete",
            source=FRAMEWORK,
        ),
    ),
)

WEEKS, MONTHS = Unit.WEEKS, Unit.MONTHS
CARE_ACT = "Care Act 2014 s44; " + FRAMEWORK
HOME_OFFICE = "Home Office DHR statutory guidance 2016 (default)"

SAR_REFERRAL = Timetable(
    pathway="sar-referral",
    start_label="SAR referral received",
    steps=(
        StepRule(
            "scoping-returned", "Scoping returns from every involved agency", Period(20, WD),
            source=FRAMEWORK,
        ),
        StepRule(
            "decision", "Sub-group decides whether to convene a SAR", Period(8, WEEKS),
            earliest=Period(6, WEEKS), source=FRAMEWORK,
        ),
        StepRule(
            "chair-agreed", "Independent Chair agrees the SAR", Period(10, WD),
            after="decision", source=FRAMEWORK,
        ),
    ),
)  # fmt: skip

SAR = Timetable(
    pathway="sar",
    start_label="SAR commissioned",
    steps=(
        StepRule(
            "reviewers-commissioned", "Reviewers commissioned", Period(3, WEEKS),
            source=FRAMEWORK,
        ),
        StepRule(
            "initial-scoping-meeting", "Initial scoping meeting (reviewers and SAR Panel)",
            Period(4, WEEKS), after="reviewers-commissioned", source=FRAMEWORK,
        ),
        StepRule(
            "draft-report", "Draft final report to the SAR Panel", Period(5, MONTHS),
            source=FRAMEWORK,
        ),
        # The framework's "5½ months": two weeks after the draft report is due (5 months).
        StepRule(
            "sar-committee", "SAR Committee", Period(2, WEEKS), after="draft-report",
            source=FRAMEWORK + ": 5½ months",
        ),
        StepRule(
            "sab-signoff", "SAB sign-off; decision to publish the full report or a summary",
            Period(6, MONTHS), source=CARE_ACT,
        ),
        StepRule(
            "family-shared", "Report shared with the family", Period(2, WEEKS),
            after="sab-signoff", source=FRAMEWORK,
        ),
        StepRule("publication", "Publication", Period(7, MONTHS), source=FRAMEWORK),
        StepRule("learning-event", "Learning event", Period(9, MONTHS), source=FRAMEWORK),
    ),
)  # fmt: skip

DHR = Timetable(
    pathway="dhr",
    start_label="Notification of the death",
    steps=(
        StepRule(
            "decision", "Decision whether to hold a DHR", Period(1, MONTHS), source=HOME_OFFICE,
        ),
        StepRule(
            "report", "Overview report complete", Period(6, MONTHS), after="decision",
            source=HOME_OFFICE,
        ),
    ),
)  # fmt: skip

MACFA = Timetable(
    pathway="macfa",
    start_label="QA&P meeting that will receive the audit",
    steps=(
        # Everything counts back: the audit 4 weeks before the QA&P meeting, the rest
        # from the audit date. Back-scheduled dates roll back to a working day.
        StepRule("audit", "Audit held", Period(4, WEEKS), before=True, source=FRAMEWORK),
        StepRule(
            "tool-devised", "Theme published, theme lead named, scope agreed, audit tool devised",
            Period(7, WEEKS), after="audit", before=True, source=FRAMEWORK,
        ),
        StepRule(
            "cases-selected", "Cases randomly selected", Period(6, WEEKS), after="audit",
            before=True, source=FRAMEWORK,
        ),
        StepRule(
            "template-sent", "Audit template sent to the agency leads", Period(5, WEEKS),
            after="audit", before=True, source=FRAMEWORK,
        ),
        StepRule(
            "programme-sent", "Programme sent to invitees", Period(1, WEEKS), after="audit",
            before=True, source=FRAMEWORK,
        ),
        # The meeting the whole timetable counts back from: the report is due at it.
        StepRule(
            "report-presented", "Report and action plan presented at the QA&P meeting",
            Period(0, WEEKS), source=FRAMEWORK,
        ),
    ),
)  # fmt: skip

TIMETABLES: dict[str, Timetable] = {
    t.pathway: t for t in (RAPID_REVIEW, CSPR, SAR_REFERRAL, SAR, DHR, MACFA)
}

#: What people call each timetable (a SAR case runs the referral's, then the review's).
TIMETABLE_NAMES: dict[str, str] = {
    "rapid-review": "Rapid review",
    "cspr": "Child Safeguarding Practice Review",
    "sar-referral": "Safeguarding Adult Review: referral to decision",
    "sar": "Safeguarding Adult Review: the review",
    "dhr": "Domestic Homicide Review",
    "macfa": "Multi-agency case file audit",
}
