"""Recording what the exercise panel and the lab judged: attempts, and a lesson completed."""

from __future__ import annotations

from collections.abc import Sequence

from nntutor.course.grading import LabRun, Verdict, grade
from nntutor.course.model import Exercise, Lesson


def complete_lesson_if_done(app, lesson: Lesson, states) -> None:
    """Mark the lesson complete once every exercise (lab challenges too) is solved."""
    solved = all(states.get(e.id) and states[e.id].solved for e in lesson.exercises)
    if solved and app.store.lesson_status(lesson.id) != "completed":
        app.store.mark_lesson_complete(lesson.id)
        app.notify(app.tr("lesson_done"), timeout=6)


def record_lab_run(
    app,
    lesson: Lesson,
    ex: Exercise,
    reports: Sequence,
    hidden: Sequence[int],
    answer: str,
    problem: str | None = None,
    duration_s: float | None = None,
) -> Verdict:
    """Grade a lab challenge run (the engine's epoch reports) and record it as an attempt."""
    verdict = grade(ex, LabRun(reports, hidden, answer, problem), lang=app.lang)
    state = app.store.exercise_states(lesson.id).get(ex.id)
    app.store.record_attempt(
        lesson.id,
        ex.id,
        verdict.answer,
        verdict.correct,
        skills=list(ex.skills),
        feedback=verdict.message,
        hints_used=state.hints_shown if state else 0,
        solution_seen=bool(state and state.solution_seen),
        duration_s=duration_s,
    )
    if verdict.correct:
        complete_lesson_if_done(app, lesson, app.store.exercise_states(lesson.id))
    return verdict
