"""The course's self-test: structure, both languages, and every answer key.

Structure comes from the loader. On top of it this module checks what needs the
other cores: every reference answer passes its own check and every anticipated
mistake is judged wrong (checker), every randomised exercise yields a finite
answer for 20 seeds, and, on request, every lab challenge's reference
configuration reaches its target (engine).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from nntutor.course.model import Course, Exercise, Lesson, Problem

SEEDS = range(20)


@dataclass
class Report:
    course: Course
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


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
                    path, f"{where} mistakes[{i}]", f"{m.answer!r} is not valid input: {res.error}"
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

                        checker = Checker()
                    report.problems += check_expressions(lesson, ex, checker)
                    if ex.kind == "derivation":
                        report.problems += check_derivation_start(lesson, ex, checker)
                elif ex.kind == "lab_challenge" and run_labs:
                    report.problems += check_lab(lesson, ex)
    finally:
        if checker is not None:
            checker.close()
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
