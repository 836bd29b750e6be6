"""`nntutor lessons`: list the course, and validate a course folder."""

from __future__ import annotations

import argparse
import sys

from nntutor.commands._common import add_subcommand
from nntutor.textsafe import echo, echo_json


def register(subparsers) -> None:
    parser = add_subcommand(
        subparsers, "lessons", help="list the lessons, or validate a course folder"
    )
    parser.add_argument(
        "--json", action="store_true", help="print the lessons as JSON, for scripts"
    )
    parser.set_defaults(handler=run_list)
    sub = parser.add_subparsers(dest="lessons_command", metavar="ACTION")
    validate = sub.add_parser(
        "validate",
        help="check a course folder: structure, both languages, every answer key",
        description="Check a course folder and exit non-zero on any problem.",
    )
    validate.add_argument(
        "dir", nargs="?", help="the course folder (default: the built-in course, or --lessons)"
    )
    validate.add_argument(
        "--languages", default="en,ru", help="languages every text must have (default: en,ru)"
    )
    validate.add_argument(
        "--structure-only", action="store_true", help="skip checking answer keys with the checker"
    )
    validate.add_argument(
        "--run-labs",
        action="store_true",
        help="also train every lab challenge's reference configuration",
    )
    validate.add_argument(
        "--trust",
        action="store_true",
        help="agree to run this folder's code exercises (their tests are Python; remembered)",
    )
    validate.add_argument("--json", action="store_true", help="print the problems as JSON")
    validate.set_defaults(handler=run_validate)


def _course(path: str | None):
    from nntutor.course.loader import load_course
    from nntutor.paths import lessons_dir

    return load_course(lessons_dir(path))


def run_list(args: argparse.Namespace) -> int:
    from nntutor.course.validate import lessons_json
    from nntutor.i18n import resolve_language

    course = _course(getattr(args, "lessons", None))
    if args.json:
        echo_json(lessons_json(course), indent=2)
        return 0
    lang = resolve_language(getattr(args, "lang", None))
    for problem in course.problems:
        echo(f"! {problem}", file=sys.stderr)
    for lesson in course.lessons:
        title = lesson.title.get(lang)
        if lesson.available:
            kinds = sorted({ex.kind for ex in lesson.exercises})
            echo(
                f"{lesson.order:>3}  {lesson.id:<28} {title}  ({len(lesson.exercises)} exercises: {', '.join(kinds)})"
            )
        else:
            echo(
                f"{lesson.order if lesson.order < 10**6 else '?':>3}  {lesson.id:<28} unavailable: {lesson.reason}"
            )
    return 0


def _may_run_code(args: argparse.Namespace, course) -> bool:
    """The built-in course's code exercises run; another folder's after --trust, once."""
    from nntutor.paths import data_dir
    from nntutor.runner.trust import is_trusted, trust

    store = data_dir(getattr(args, "data_dir", None))
    if is_trusted(course.root, store):
        return True
    if args.trust:
        trust(course.root, store)
        return True
    return False


def _untrusted_problems(course) -> list:
    from nntutor.course.model import Problem

    out = []
    for lesson in course.lessons:
        for ex in lesson.exercises:
            if ex.kind == "code":
                out.append(
                    Problem(
                        f"{lesson.folder.name}/lesson.toml",
                        f"exercise {ex.id}",
                        "not run: the folder's code exercises run only after --trust",
                    )
                )
    return out


def run_validate(args: argparse.Namespace) -> int:
    from nntutor.course.validate import validate_course

    course = _course(args.dir or getattr(args, "lessons", None))
    languages = tuple(x.strip() for x in args.languages.split(",") if x.strip())
    interactive = sys.stderr.isatty() and not args.json
    progress = (
        (lambda lesson_id: echo(f"checking {lesson_id} …", file=sys.stderr))
        if interactive
        else None
    )
    run_code = _may_run_code(args, course)
    report = validate_course(
        course,
        languages=languages,
        answers=not args.structure_only,
        run_labs=args.run_labs,
        run_code=run_code,
        progress=progress,
    )
    if not run_code and not args.structure_only:
        report.problems += _untrusted_problems(course)
    if args.json:
        echo_json(
            [
                {"path": p.path, "where": p.where, "message": p.message, "severity": p.severity}
                for p in report.problems
            ],
            indent=2,
        )
    else:
        for problem in report.problems:
            echo(f"{problem.severity}: {problem}")
        n_ex = sum(len(lesson.exercises) for lesson in course.lessons)
        verdict = "OK" if report.ok else f"{len(report.problems)} problem(s)"
        echo(f"{course.root}: {len(course.lessons)} lessons, {n_ex} exercises: {verdict}")
    return 0 if report.ok else 1
