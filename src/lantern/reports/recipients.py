"""Who each annual report must be sent to, declared once.

The SAB sends its report to the local authority's chief executive and leader, the local
policing body, the local Healthwatch and the chair of the Health and Wellbeing Board
(Care Act 2014, Schedule 2, paragraph 4(2)). Working Together 2023 asks the children's
safeguarding partners to send their published yearly report to the Child Safeguarding
Practice Review Panel and to Foundations (the What Works Centre) within seven days of
publication: a default the partnership should check locally.
"""

from dataclasses import dataclass

from .models import ReportKind

OTHER = "other"


@dataclass(frozen=True)
class Recipient:
    key: str
    label: str
    basis: str


RECIPIENTS: dict[str, tuple[Recipient, ...]] = {
    ReportKind.SAB: (
        Recipient("la-chief-executive", "The local authority's chief executive",
                  "Care Act 2014, Sch. 2, para 4(2)(a)"),
        Recipient("la-leader", "The leader of the local authority",
                  "Care Act 2014, Sch. 2, para 4(2)(a)"),
        Recipient("policing-body", "The local policing body (Police and Crime Commissioner)",
                  "Care Act 2014, Sch. 2, para 4(2)(b)"),
        Recipient("healthwatch", "The local Healthwatch organisation",
                  "Care Act 2014, Sch. 2, para 4(2)(c)"),
        Recipient("hwb-chair", "The chair of the Health and Wellbeing Board",
                  "Care Act 2014, Sch. 2, para 4(2)(d)"),
    ),
    ReportKind.CHILDREN: (
        Recipient("national-panel", "The Child Safeguarding Practice Review Panel",
                  "Working Together 2023: within 7 days of publication"),
        Recipient("foundations", "Foundations (the What Works Centre for Children and "
                  "Families)", "Working Together 2023: within 7 days of publication"),
    ),
}  # fmt: skip

#: Days after publication by which the children's report reaches its recipients.
CHILDREN_SEND_WITHIN_DAYS = 7


def recipients_for(kind: str) -> tuple[Recipient, ...]:
    return RECIPIENTS[kind]


def recipient_label(kind: str, key: str) -> str:
    if key == OTHER:
        return "Another recipient"
    return next(r.label for r in RECIPIENTS[kind] if r.key == key)
