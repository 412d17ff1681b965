"""The partnership's standard survey questions, one set a stage. A partnership (or a
course) changes or adds questions on the questions page; these are where it starts.

Each question says what it measures (Measure), so the impact page counts like with like
however the partnership words it: confidence before and after, the share reporting a
change in practice, the share of managers who saw a change."""

from .models import Measure, QuestionKind, Stage, SurveyQuestion

#: (stage, text, hint, kind, measure, required)
STANDARD: list[tuple[str, str, str, str, str, bool]] = [
    (
        Stage.ON_THE_DAY,
        "How confident were you in this area of practice before the training?",
        "1 is not at all confident, 5 is very confident.",
        QuestionKind.SCALE,
        Measure.CONFIDENCE_BEFORE,
        True,
    ),
    (
        Stage.ON_THE_DAY,
        "How confident are you now, after the training?",
        "1 is not at all confident, 5 is very confident.",
        QuestionKind.SCALE,
        Measure.CONFIDENCE_AFTER,
        True,
    ),
    (
        Stage.ON_THE_DAY,
        "How far did the training increase your knowledge?",
        "1 is not at all, 5 is a great deal.",
        QuestionKind.SCALE,
        Measure.KNOWLEDGE,
        True,
    ),
    (
        Stage.ON_THE_DAY,
        "What will you do differently?",
        "",
        QuestionKind.TEXT,
        Measure.OTHER,
        False,
    ),
    (
        Stage.FOLLOW_UP,
        "How confident are you now in this area of practice?",
        "1 is not at all confident, 5 is very confident.",
        QuestionKind.SCALE,
        Measure.CONFIDENCE_AFTER,
        True,
    ),
    (
        Stage.FOLLOW_UP,
        "Have you changed your practice because of the training?",
        "",
        QuestionKind.YES_NO,
        Measure.PRACTICE_CHANGE,
        True,
    ),
    (
        Stage.FOLLOW_UP,
        "Give an example of what you now do differently",
        "Leave out anything that could identify a child, adult or family.",
        QuestionKind.TEXT,
        Measure.EXAMPLE,
        False,
    ),
    (
        Stage.MANAGER,
        "Have you seen a change in their practice, or in your team's, since the training?",
        "",
        QuestionKind.YES_NO,
        Measure.OBSERVED_CHANGE,
        True,
    ),
    (
        Stage.MANAGER,
        "What difference has it made for the team or service?",
        "Leave out anything that could identify a child, adult or family.",
        QuestionKind.TEXT,
        Measure.EXAMPLE,
        False,
    ),
]


def ensure_standard_questions(partnership_id: int) -> int:
    """Adds the standard questions of any stage the partnership has no question for yet
    (so a partnership that has worded its own keeps them). Returns how many were added."""
    have = set(
        SurveyQuestion.objects.filter(partnership_id=partnership_id, course=None).values_list(
            "stage", flat=True
        )
    )
    rows = [
        SurveyQuestion(
            partnership_id=partnership_id,
            stage=stage,
            text=text,
            hint=hint,
            kind=kind,
            measure=measure,
            required=required,
            order=order,
        )
        for order, (stage, text, hint, kind, measure, required) in enumerate(STANDARD, start=1)
        if stage not in have
    ]
    for row in rows:
        row.save()  # one by one: the audit trail follows each question
    return len(rows)
