"""The partnership's standard survey questions, one set a stage. A partnership (or a
course) changes or adds questions on the questions page; these are where it starts.

Each question says what it measures (Measure), so the impact page counts like with like
however the partnership words it: confidence before and after, the share reporting a
change in practice, the share of managers who saw a change."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from lantern.access.policy import can_manage_training
from lantern.partnerships.models import Partnership
from lantern.web.text import clean_text

from .models import Course, Measure, QuestionKind, Stage, SurveyQuestion

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


def _stages_with_questions(partnership_id: int) -> set[str]:
    return set(
        SurveyQuestion.objects.filter(partnership_id=partnership_id, course=None).values_list(
            "stage", flat=True
        )
    )


def ensure_standard_questions(partnership_id: int) -> int:
    """Adds the standard questions of any stage the partnership has no question for yet
    (so a partnership that has worded its own keeps them). Returns how many were added.

    Called where invitations are made (surveys.py) and on the signed-in questions page,
    never by the public survey page, which only reads. Adding takes a lock on the
    partnership's row and looks again, so two callers at once add the set once."""
    if _stages_with_questions(partnership_id) >= set(Stage.values):
        return 0  # the usual case: nothing to add, nothing locked
    with transaction.atomic():
        Partnership.objects.select_for_update().filter(pk=partnership_id).first()
        return _add_standard_questions(partnership_id)


def _add_standard_questions(partnership_id: int) -> int:
    have = _stages_with_questions(partnership_id)
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


# Changing the questions (the questions page). A question already answered keeps what it
# asks and how (stage, kind, measure): its wording may be tidied, but old and new answers
# are counted together on the impact page, so a different question is a new question,
# and the old one is retired (is_active), never deleted.

#: How a question of each measure may be answered: the impact page averages the 1 to 5
#: scales, counts the yeses and quotes the written examples, so a confidence question
#: answered yes or no, or an example on a scale, would count nothing or nonsense.
KINDS_FOR: dict[str, set[str]] = {
    Measure.CONFIDENCE_BEFORE: {QuestionKind.SCALE},
    Measure.CONFIDENCE_AFTER: {QuestionKind.SCALE},
    Measure.KNOWLEDGE: {QuestionKind.SCALE},
    Measure.PRACTICE_CHANGE: {QuestionKind.YES_NO},
    Measure.OBSERVED_CHANGE: {QuestionKind.YES_NO},
    Measure.EXAMPLE: {QuestionKind.TEXT},
    Measure.OTHER: set(QuestionKind.values),
}
KIND_ERRORS = {
    Measure.CONFIDENCE_BEFORE: "A question about confidence must be answered on a scale of "
    "1 to 5: choose that, or choose that it measures something else.",
    Measure.CONFIDENCE_AFTER: "A question about confidence must be answered on a scale of "
    "1 to 5: choose that, or choose that it measures something else.",
    Measure.KNOWLEDGE: "A question about knowledge must be answered on a scale of 1 to 5: "
    "choose that, or choose that it measures something else.",
    Measure.PRACTICE_CHANGE: "A question about a change in practice must be answered yes or "
    "no: choose that, or choose that it measures something else.",
    Measure.OBSERVED_CHANGE: "A question about a change the manager saw must be answered yes "
    "or no: choose that, or choose that it measures something else.",
    Measure.EXAMPLE: "An example must be a written answer: choose that, or choose that it "
    "measures something else.",
}

QUESTION_FIELDS = ("stage", "text", "hint", "kind", "measure", "required", "order", "is_active")
FIXED_ONCE_ANSWERED = ("stage", "kind", "measure")


def _question_errors(content: dict[str, Any]) -> dict[str, str]:
    errors = {}
    text = str(content.get("text") or "").strip()
    if not text:
        errors["text"] = "Enter the question."
    elif len(text) > 300:
        errors["text"] = "The question must be 300 characters or fewer."
    elif text != clean_text(text) or "\n" in text:
        errors["text"] = "The question must be one line with no control characters."
    hint = str(content.get("hint") or "")
    if len(hint) > 300 or hint != clean_text(hint) or "\n" in hint:
        errors["hint"] = "The hint must be one line of 300 characters or fewer."
    if content.get("stage") not in Stage.values:
        errors["stage"] = "Choose which survey the question is in."
    if content.get("kind") not in QuestionKind.values:
        errors["kind"] = "Choose how the question is answered."
    if content.get("measure") not in Measure.values:
        errors["measure"] = "Choose what the question measures."
    order = content.get("order")
    if not isinstance(order, int) or not 0 <= order <= 999:
        errors["order"] = "Enter an order from 0 to 999."
    kind, measure = str(content.get("kind")), str(content.get("measure"))
    if "kind" not in errors and "measure" not in errors and kind not in KINDS_FOR[measure]:
        errors["measure"] = KIND_ERRORS[Measure(measure)]
    return errors


def _must_manage(user: Any, course: Course | None) -> None:
    if not can_manage_training(user):
        raise PermissionDenied("Only the L&D co-ordinator and the Business Unit change questions.")
    if course is not None and course.partnership_id != user.partnership_id:
        raise PermissionDenied("That course is another partnership's.")


def question_create(*, user: Any, course: Course | None = None, **content: Any) -> SurveyQuestion:
    """A new question: the partnership's standard one (no course) or a course's own."""
    _must_manage(user, course)
    content = {name: content[name] for name in QUESTION_FIELDS if name in content}
    content.setdefault("is_active", True)
    content.setdefault("required", False)
    if isinstance(content.get("text"), str):
        content["text"] = content["text"].strip()
    if errors := _question_errors(content):
        raise ValidationError(errors)
    with transaction.atomic():
        if course is None:
            # The standard set is made first, so adding one question does not stop the
            # others of its stage being added.
            ensure_standard_questions(user.partnership_id)
        return SurveyQuestion.objects.create(
            partnership_id=user.partnership_id, course=course, **content
        )


def question_answered(question: SurveyQuestion) -> bool:
    return question.answers.exists()


def question_update(*, user: Any, question: SurveyQuestion, **content: Any) -> SurveyQuestion:
    """Changes a question. Once answered, its stage, kind and measure stay as they are."""
    _must_manage(user, None)
    if question.partnership_id != user.partnership_id:
        raise PermissionDenied("That question is another partnership's.")
    content = {name: content[name] for name in QUESTION_FIELDS if name in content}
    if isinstance(content.get("text"), str):
        content["text"] = content["text"].strip()
    merged = {name: getattr(question, name) for name in QUESTION_FIELDS} | content
    errors = _question_errors(merged)
    if question_answered(question):
        for name in FIXED_ONCE_ANSWERED:
            if merged[name] != getattr(question, name):
                errors[name] = (
                    "The question has been answered, so this cannot change: retire it and "
                    "add a new question instead."
                )
    if errors:
        raise ValidationError(errors)
    changed = [name for name in QUESTION_FIELDS if merged[name] != getattr(question, name)]
    for name in changed:
        setattr(question, name, merged[name])
    if changed:
        with transaction.atomic():
            question.save(update_fields=changed)
    return question


def question_remove(*, user: Any, question: SurveyQuestion) -> str:
    """Deletes a question nobody has answered; retires one that has been (its answers
    stay, and count on the impact page). Returns "deleted" or "retired"."""
    _must_manage(user, None)
    if question.partnership_id != user.partnership_id:
        raise PermissionDenied("That question is another partnership's.")
    with transaction.atomic():
        if question_answered(question):
            if question.is_active:
                question.is_active = False
                question.save(update_fields=["is_active"])
            return "retired"
        question.delete()
    return "deleted"
