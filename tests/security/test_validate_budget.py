"""A course whose answer-key checks each take the checker's full 3 s cannot keep `lessons
validate` busy for minutes: the checks share a budget, and what did not fit is reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from nntutor.course import validate
from nntutor.course.model import Course, Exercise, Lesson, Mistake, Text


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class SlowChecker:
    """Every check takes the checker's full 3 s (on the test's clock), and passes."""

    checks = 0

    def __init__(self, clock: Clock) -> None:
        self.clock = clock

    def check(self, answer, expected, mistakes=None, **_):
        type(self).checks += 1
        self.clock.now += 3.0

        class Result:
            valid = True
            authoring_error = None
            error = None
            feedback = ""
            equivalent = mistakes is None and (answer == expected or answer.startswith("x +"))
            mistake_index = next(
                (i for i, (text, _) in enumerate(mistakes or []) if text == answer), None
            )

        return Result()

    def close(self) -> None:
        pass


def slow_lesson(n_exercises: int) -> Lesson:
    lesson = Lesson(id="slow", order=1, folder=Path("01-slow"), title=Text({"en": "Slow"}))
    for k in range(n_exercises):
        lesson.exercises.append(
            Exercise(
                id=f"d{k}",
                kind="expression",
                skills=(),
                prompt=Text({"en": "?"}),
                hints=(),
                solution=Text({"en": "x"}),
                expected="x",
                vars=("x",),
                steps=tuple(f"x + {i} - {i}" for i in range(40)),
                mistakes=tuple(Mistake(f"{i}*x", Text({"en": "no"})) for i in range(2, 22)),
            )
        )
    return lesson


@pytest.fixture
def slow_checker(monkeypatch):
    import nntutor.checker

    clock = Clock()
    monkeypatch.setattr(validate, "_clock", clock)
    monkeypatch.setattr(nntutor.checker, "Checker", lambda: SlowChecker(clock))
    SlowChecker.checks = 0
    return clock


def test_one_slow_exercise_is_cut_at_its_budget_and_reported(slow_checker):
    course = Course(root=Path("."), title=Text({"en": "c"}), lessons=[slow_lesson(1)])
    report = validate.validate_course(course)
    assert report.ok  # nothing wrong was found: skipping is not a failure
    [skipped] = report.skipped
    assert skipped.severity == "skipped" and "exercise d0" in skipped.where
    assert "of 61 answer-key checks not run" in skipped.message
    assert slow_checker.now <= validate.EXERCISE_BUDGET_S + 3.0  # not 61 × 3 s


def test_many_slow_exercises_stop_at_the_course_budget(slow_checker):
    course = Course(root=Path("."), title=Text({"en": "c"}), lessons=[slow_lesson(10)])
    report = validate.validate_course(course)
    assert report.ok
    assert len(report.skipped) == 10  # every exercise says what was not checked
    assert slow_checker.now <= validate.ANSWER_BUDGET_S + 3.0
    assert "the course's time" in report.skipped[-1].message


def test_a_problem_found_before_the_time_ran_out_still_fails(slow_checker):
    lesson = slow_lesson(1)
    ex = lesson.exercises[0]
    ex.steps = ("2*x", *ex.steps)  # a wrong step, checked first
    course = Course(root=Path("."), title=Text({"en": "c"}), lessons=[lesson])
    report = validate.validate_course(course)
    assert not report.ok
    assert [p.severity for p in report.problems] == ["error", "skipped"]
    assert "'2*x' is not equal to expected" in report.problems[0].message
