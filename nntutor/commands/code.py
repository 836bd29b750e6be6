"""`nntutor code`: print a code exercise's starter or solution, or check a file against its tests."""

from __future__ import annotations

import argparse
import sys

from nntutor.commands._common import add_subcommand
from nntutor.i18n import Messages

PASSED, FAILED, COULD_NOT_RUN = 0, 1, 2

STRINGS = Messages(
    "code",
    {
        "bad_id": "nntutor code: {id!r} is not LESSON/EXERCISE, e.g. backpropagation/dense-backward",
        "no_lesson": "nntutor code: no lesson {lesson!r}; `nntutor lessons` lists them",
        "unavailable": "nntutor code: the lesson {lesson!r} cannot be used: {reason}",
        "no_exercise": "nntutor code: the lesson {lesson!r} has no code exercise {exercise!r}; its code exercises: {known}",
        "none": "none",
        "untrusted": "nntutor code: {folder} is not the built-in course. Its tests are Python code that would run as you, with your permissions. If you trust its author, run again with --trust (asked once per folder).",
        "passed": "passed",
        "failed": "failed",
        "error": "could not run",
        "limit": "stopped at a limit",
        "mistake": "A known mistake: {feedback}",
        "printed": "Your code printed:",
        "verdict": "{passed}/{total} tests passed ({status}, {ms:.0f} ms)",
    },
)


def register(subparsers) -> None:
    parser = add_subcommand(
        subparsers,
        "code",
        help="code exercises: print a starter or a solution, check your file",
        description=(
            "Code exercises, named LESSON/EXERCISE (e.g. backpropagation/dense-backward). "
            "`check` exits 0 when every test passes, 1 when a test fails, 2 when the file could "
            "not run (syntax error, exception on loading, a limit hit)."
        ),
    )
    sub = parser.add_subparsers(dest="code_command", metavar="ACTION", required=True)
    for name, text in (("starter", "print the starter file"), ("solution", "print the reference")):
        p = add_subcommand(sub, name, help=text)
        p.add_argument("id", metavar="ID", help="LESSON/EXERCISE")
        p.set_defaults(handler=run_print, what=name)
    check = add_subcommand(
        sub,
        "check",
        help="run an exercise's tests on your file",
        description="Run the exercise's tests on FILE in a limited child process.",
    )
    check.add_argument("id", metavar="ID", help="LESSON/EXERCISE")
    check.add_argument("file", metavar="FILE", help="your Python file")
    check.add_argument("--json", action="store_true", help="print the result as JSON")
    check.add_argument(
        "--trust",
        action="store_true",
        help="agree to run the code exercises of this --lessons folder (remembered)",
    )
    check.add_argument("--timeout", type=float, default=10.0, metavar="S", help="wall-time limit")
    check.set_defaults(handler=run_check)


def _t(key: str, lang: str, **kw) -> str:
    from nntutor.i18n import t

    return t(key, lang, STRINGS, **kw)


def _find(args: argparse.Namespace, lang: str):
    """(course, lesson, exercise) or a message."""
    from nntutor.course.loader import load_course
    from nntutor.paths import lessons_dir

    lesson_id, sep, exercise_id = args.id.partition("/")
    if not sep or not lesson_id or not exercise_id:
        return None, _t("bad_id", lang, id=args.id)
    course = load_course(lessons_dir(getattr(args, "lessons", None)))
    lesson = course.lesson(lesson_id)
    if lesson is None:
        return None, _t("no_lesson", lang, lesson=lesson_id)
    if not lesson.available:
        return None, _t("unavailable", lang, lesson=lesson_id, reason=lesson.reason)
    exercise = lesson.exercise(exercise_id)
    if exercise is None or exercise.kind != "code":
        known = ", ".join(e.id for e in lesson.exercises if e.kind == "code")
        return None, _t(
            "no_exercise",
            lang,
            lesson=lesson_id,
            exercise=exercise_id,
            known=known or _t("none", lang),
        )
    return (course, lesson, exercise), None


def _lang(args) -> str:
    from nntutor.i18n import resolve_language

    return resolve_language(getattr(args, "lang", None))


def run_print(args: argparse.Namespace) -> int:
    from nntutor.runner import solution_text, starter_text
    from nntutor.textsafe import echo

    lang = _lang(args)
    found, problem = _find(args, lang)
    if found is None:
        echo(problem, file=sys.stderr)
        return COULD_NOT_RUN
    text = (starter_text if args.what == "starter" else solution_text)(found[2])
    echo(text.rstrip("\n"))
    return 0


def run_check(args: argparse.Namespace) -> int:
    from pathlib import Path

    from nntutor.paths import data_dir
    from nntutor.runner import Limits, check_code
    from nntutor.runner.trust import is_trusted, trust
    from nntutor.textsafe import echo, echo_json

    lang = _lang(args)
    found, problem = _find(args, lang)
    if found is None:
        echo(problem, file=sys.stderr)
        return COULD_NOT_RUN
    course, _lesson, exercise = found
    store = data_dir(getattr(args, "data_dir", None))
    if not is_trusted(course.root, store):
        if not args.trust:
            echo(_t("untrusted", lang, folder=str(course.root)), file=sys.stderr)
            return COULD_NOT_RUN
        trust(course.root, store)
    limits = Limits(wall_s=max(1.0, min(args.timeout, 600.0)))
    report = check_code(exercise, Path(args.file), lang, limits)
    status = PASSED if report.passed else FAILED if report.status == "failed" else COULD_NOT_RUN
    if args.json:
        echo_json(report.to_json())
        return status
    for test in report.tests:
        mark = "✓" if test.passed else "✗"
        echo(f"{mark} {test.name}" + (f": {test.message}" if test.message else ""))
    if report.error:
        echo(report.error)
    if report.feedback:
        echo(_t("mistake", lang, feedback=report.feedback))
    if report.output:
        echo(_t("printed", lang))
        echo(report.output.rstrip("\n"))
    if not report.tests:
        return status
    n = sum(t.passed for t in report.tests)
    echo(
        _t(
            "verdict",
            lang,
            passed=n,
            total=len(report.tests),
            status=_t(report.status, lang),
            ms=report.ms,
        )
    )
    return status
