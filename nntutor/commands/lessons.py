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
    validate.add_argument("--json", action="store_true", help="print the problems as JSON")
    validate.set_defaults(handler=run_validate)
    _register_show(sub)


def _register_show(sub) -> None:
    show = sub.add_parser(
        "show",
        help="print an exercise as the learner sees it (for authors)",
        description=(
            "Print an exercise as the learner sees it: a randomised variant filled in, its hints,"
            " and with --solution the worked solution, the variant's derived values and the"
            " anticipated mistakes. Example: nntutor lessons show backpropagation/full-pass-delta3"
            " --seed 3 --lang ru --solution"
        ),
    )
    show.add_argument("exercise", metavar="LESSON/EXERCISE", help="lesson id and exercise id")
    show.add_argument("--seed", type=int, default=0, help="the variant to draw (default: 0)")
    show.add_argument("--lang", dest="show_lang", help="en or ru (default: the interface's)")
    show.add_argument(
        "--solution", action="store_true", help="also print the solution and its values"
    )
    show.set_defaults(handler=run_show)


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
    report = validate_course(
        course,
        languages=languages,
        answers=not args.structure_only,
        run_labs=args.run_labs,
        progress=progress,
    )
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


def run_show(args: argparse.Namespace) -> int:
    """`nntutor lessons show LESSON/EXERCISE`: 0 when printed, 2 when it cannot be found."""
    from nntutor.course.formula import FormulaError
    from nntutor.course.render import render_exercise
    from nntutor.i18n import LANGUAGES, resolve_language

    course = _course(getattr(args, "lessons", None))
    lesson_id, _, exercise_id = args.exercise.partition("/")
    lesson = course.lesson(lesson_id) or next(
        (x for x in course.lessons if x.folder.name == lesson_id), None
    )
    if lesson is None:
        ids = ", ".join(x.id for x in course.lessons)
        echo(f"no lesson {lesson_id!r}; the lessons are: {ids}", file=sys.stderr)
        return 2
    exercise = lesson.exercise(exercise_id)
    if exercise is None:
        ids = ", ".join(e.id for e in lesson.exercises)
        echo(
            f"no exercise {exercise_id!r} in {lesson.id}; write LESSON/EXERCISE, one of: {ids}",
            file=sys.stderr,
        )
        return 2
    if args.show_lang and args.show_lang not in LANGUAGES:
        echo(f"unknown language {args.show_lang!r}; use one of: {', '.join(LANGUAGES)}",
             file=sys.stderr)
        return 2
    lang = args.show_lang or resolve_language(getattr(args, "lang", None))
    try:
        text = render_exercise(exercise, args.seed, lang, solution=args.solution)
    except FormulaError as exc:
        echo(f"{lesson.id}/{exercise.id}: the exercise's formulas fail: {exc}", file=sys.stderr)
        return 2
    echo(text)
    return 0
