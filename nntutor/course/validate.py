"""The course's self-test: structure, both languages, and every answer key.

Structure comes from the loader. On top of it this module checks what needs the
other cores: every reference answer passes its own check and every anticipated
mistake is judged wrong (checker), every randomised exercise yields a finite
answer for 20 seeds, and, on request, every lab challenge's reference
configuration reaches its target (engine).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from nntutor.course.model import Course, Exercise, Lesson, Problem

SEEDS = range(20)

# Answer-key checks run in the checker's worker, up to its 3 s each. A course folder may come
# from anyone: one whose 40 steps and 20 mistakes all take the full 3 s must not keep
# `validate` busy for minutes. So the checks share a budget: what does not fit is skipped and
# reported (severity "skipped"), which is not a problem of the course (the exit code is 0).
ANSWER_BUDGET_S = 60.0  # all answer-key checks of a course together
EXERCISE_BUDGET_S = 20.0  # the checks of one exercise


_clock = time.monotonic  # the tests put a clock of their own here


class OutOfTime(Exception):
    """Raised by ``TimedChecker.check`` once the budget is spent (no check is cut short)."""


class TimedChecker:
    """The checker, refusing to start a check once the course's or the exercise's time is up."""

    def __init__(self, checker, budget_s: float = ANSWER_BUDGET_S, clock=None) -> None:
        self.checker, self.clock, self.budget_s = checker, clock or _clock, budget_s
        self.course_deadline = self.clock() + budget_s
        self.started = 0
        self.exercise_deadline = self.course_deadline
        self.exercise_budget_s = EXERCISE_BUDGET_S

    def start_exercise(self) -> None:
        self.exercise_deadline = min(self.course_deadline, self.clock() + self.exercise_budget_s)
        self.started = 0

    def out_of_time(self) -> bool:
        return self.clock() >= self.exercise_deadline

    def check(self, *args, **kwargs):
        if self.out_of_time():
            raise OutOfTime
        self.started += 1
        return self.checker.check(*args, **kwargs)

    def skipped(self, path: str, where: str, total: int) -> Problem:
        """The report of an exercise whose checks did not all fit in the time."""
        course = self.clock() >= self.course_deadline
        whose = "the course's" if course else "this exercise's"
        budget = self.budget_s if course else self.exercise_budget_s
        return Problem(
            path,
            where,
            f"{max(0, total - self.started)} of {total} answer-key checks not run: {whose} "
            f"time for them ({budget:g} s) ran out",
            severity="skipped",
        )


@dataclass
class Report:
    course: Course
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """No problem; checks skipped for time (severity "skipped") are reported, not failed."""
        return all(p.severity == "skipped" for p in self.problems)

    @property
    def skipped(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "skipped"]


def _where(lesson: Lesson, ex: Exercise) -> tuple[str, str]:
    return f"{lesson.folder.name}/lesson.toml", f"exercise {ex.id}"


def check_numeric(lesson: Lesson, ex: Exercise) -> list[Problem]:
    from nntutor.course.numeric import FormulaError, variant

    out = []
    path, where = _where(lesson, ex)
    for seed in SEEDS if ex.randomised else [0]:
        try:
            v = variant(ex, seed)
        except FormulaError as exc:
            out.append(Problem(path, where, f"seed {seed}: the answer formula fails: {exc}"))
            break
        if not math.isfinite(v.answer):
            out.append(Problem(path, where, f"seed {seed}: the answer is not a finite number"))
            break
    return out


def check_expressions(lesson: Lesson, ex: Exercise, checker, lang: str = "en") -> list[Problem]:
    """Reference passes its own check; steps equal it; each mistake is judged wrong with its feedback."""
    path, where = _where(lesson, ex)
    out: list[Problem] = []
    kw = dict(
        vars=list(ex.vars),
        domains=ex.domains or None,
        tolerance=ex.tolerance,
        lang=lang,
        defines=dict(ex.defines) or None,
    )
    own = checker.check(ex.expected, ex.expected, **kw)
    if own.authoring_error:
        return [Problem(path, where, f"expected: {own.authoring_error}")]
    if not own.valid or not own.equivalent:
        return [
            Problem(
                path,
                where,
                f"expected {ex.expected!r} does not pass its own check: {own.error or own.feedback}",
            )
        ]
    try:
        for i, step in enumerate(ex.steps):
            res = checker.check(step, ex.expected, **kw)
            if not res.valid or not res.equivalent:
                out.append(
                    Problem(
                        path,
                        f"{where} steps[{i}]",
                        f"{step!r} is not equal to expected ({res.error or res.feedback})",
                    )
                )
        mistakes = [(m.answer, m.feedback.get(lang)) for m in ex.mistakes]
        for i, m in enumerate(ex.mistakes):
            res = checker.check(m.answer, ex.expected, mistakes=mistakes, **kw)
            if not res.valid:
                out.append(
                    Problem(
                        path,
                        f"{where} mistakes[{i}]",
                        f"{m.answer!r} is not valid input: {res.error}",
                    )
                )
            elif res.equivalent:
                out.append(
                    Problem(
                        path,
                        f"{where} mistakes[{i}]",
                        f"{m.answer!r} is equivalent to expected, so it is not a mistake",
                    )
                )
            elif res.mistake_index != i:
                out.append(
                    Problem(
                        path,
                        f"{where} mistakes[{i}]",
                        f"{m.answer!r} did not produce its own feedback (matched {res.mistake_index})",
                    )
                )
    except OutOfTime:  # only a TimedChecker raises it
        total = 1 + len(ex.steps) + len(ex.mistakes) + (ex.kind == "derivation")
        out.append(checker.skipped(path, where, total))
    return out


def derivative_of_start(ex: Exercise) -> str:
    """d(start)/d(wrt) in the checker's own syntax (parsed by its parser, differentiated by SymPy).

    Raises the parser's ParseError when ``start`` is not valid input.
    """
    import sympy as sp

    from nntutor.checker.functions import one_line
    from nntutor.checker.parser import parse

    expr = parse(ex.start, list(ex.vars)).expr
    symbol = parse(ex.wrt, list(ex.vars)).expr  # the parser's own name for it (w1 is w_1)
    return one_line(sp.diff(expr, symbol))


def check_derivation_start(
    lesson: Lesson, ex: Exercise, checker, lang: str = "en"
) -> list[Problem]:
    """The derivative of ``start`` with respect to ``wrt`` is ``expected`` (judged by the checker)."""
    from nntutor.checker.parser import ParseError

    path, where = _where(lesson, ex)
    if not ex.start:
        return [Problem(path, f"{where} start", "a derivation needs start, the expression derived")]
    try:
        derivative = derivative_of_start(ex)
    except ParseError as exc:
        why = exc.message(lang)
        return [Problem(path, f"{where} start", f"{ex.start!r} is not valid input: {why}")]
    kw = dict(vars=list(ex.vars), domains=ex.domains or None, tolerance=ex.tolerance, lang=lang)
    res = checker.check(derivative, ex.expected, **kw)
    if res.valid and res.equivalent:
        return []
    return [
        Problem(
            path,
            f"{where} wrt",
            f"the derivative of start with respect to {ex.wrt!r} is {derivative}, "
            f"which is not expected {ex.expected!r}: check wrt, start and expected",
        )
    ]


def check_lab(lesson: Lesson, ex: Exercise) -> list[Problem]:
    """Train the reference configuration and check that it meets the target."""
    from nntutor.course.challenges import run_reference
    from nntutor.engine import ConfigError, TrainingDiverged

    path, where = _where(lesson, ex)
    try:
        met, achieved = run_reference(ex)
    except (ConfigError, TrainingDiverged, ValueError) as exc:  # learner-readable messages
        return [Problem(path, where, f"the reference configuration fails: {exc}")]
    if not met:
        target = ex.lab["target"]
        return [
            Problem(
                path,
                where,
                f"the reference reaches {target['metric']} = {achieved:.4g}, target {target['value']}",
            )
        ]
    return []


def validate_course(
    course: Course,
    *,
    languages: tuple[str, ...] = ("en", "ru"),
    answers: bool = True,
    run_labs: bool = False,
    progress: Callable[[str], None] | None = None,
    budget_s: float = ANSWER_BUDGET_S,
) -> Report:
    report = Report(course)
    report.problems = [p for p in course.all_problems if p.lang is None or p.lang in languages]
    if not answers:
        return report
    checker = None
    try:
        for lesson in course.lessons:
            if not lesson.available:
                continue
            if progress:
                progress(lesson.id)
            for ex in lesson.exercises:
                if ex.kind == "numeric":
                    report.problems += check_numeric(lesson, ex)
                elif ex.kind in ("expression", "derivation"):
                    if checker is None:
                        from nntutor.checker import Checker

                        checker = TimedChecker(Checker(), budget_s)
                    checker.start_exercise()
                    try:
                        report.problems += check_expressions(lesson, ex, checker)
                        if ex.kind == "derivation" and not checker.out_of_time():
                            report.problems += check_derivation_start(lesson, ex, checker)
                    except OutOfTime:
                        total = 1 + len(ex.steps) + len(ex.mistakes) + (ex.kind == "derivation")
                        report.problems.append(checker.skipped(*_where(lesson, ex), total))
                elif ex.kind == "lab_challenge" and run_labs:
                    report.problems += check_lab(lesson, ex)
    finally:
        if checker is not None:
            checker.checker.close()
    return report


def lessons_json(course: Course) -> list[dict]:
    """What ``nntutor lessons --json`` prints."""
    out = []
    for lesson in course.lessons:
        out.append(
            {
                "id": lesson.id,
                "order": lesson.order,
                "title": lesson.title.by_lang,
                "languages": list(lesson.languages),
                "available": lesson.available,
                "reason": lesson.reason or None,
                "exercises": [{"id": ex.id, "kind": ex.kind} for ex in lesson.exercises],
            }
        )
    return out


def default_root(override: str | None = None) -> Path:
    from nntutor.paths import lessons_dir

    return lessons_dir(override)
