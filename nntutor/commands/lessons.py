"""`nntutor lessons`: list the course, validate a course folder, grade an answer, show an exercise."""

from __future__ import annotations

import argparse
import sys

from nntutor.commands._common import add_subcommand
from nntutor.textsafe import echo, echo_json

CORRECT, WRONG, INVALID = 0, 1, 2


def register(subparsers) -> None:
    parser = add_subcommand(
        subparsers, "lessons", help="list the lessons, or validate a course folder"
    )
    parser.add_argument(
        "--json", action="store_true", help="print the lessons as JSON, for scripts"
    )
    parser.add_argument(
        "--exercises",
        action="store_true",
        help="also list each lesson's exercises as LESSON/EXERCISE ids (for answer, show, code)",
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
    answer = sub.add_parser(
        "answer",
        help="grade an answer to an exercise, as the app would (records nothing)",
        description=(
            "Grade ANSWER to the exercise LESSON/EXERCISE (ids as in `nntutor lessons --json`). "
            "Choices: their numbers (1,3) or texts; a derivation: its steps separated by "
            "newlines or ';'. Exit status: 0 correct, 1 wrong, 2 unreadable answer or unknown "
            "exercise. An ANSWER that starts with '-' goes after '--': "
            "nntutor lessons answer the-neuron/sigmoid-derivative -- '-sigma(z)'."
        ),
    )
    _course_options(answer, "language of the verdict (default: from locale)")
    answer.add_argument(
        "exercise", metavar="LESSON/EXERCISE", help="e.g. the-neuron/sigmoid-derivative"
    )
    answer.add_argument("answer", metavar="ANSWER", help="the answer, as typed in the app")
    answer.add_argument(
        "--seed",
        type=int,
        default=0,
        metavar="N",
        help="which variant of a randomised numeric exercise (default: 0)",
    )
    answer.add_argument("--json", action="store_true", help="print the verdict as JSON")
    answer.set_defaults(handler=run_answer)
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
    show.add_argument(
        "exercise", metavar="LESSON/EXERCISE", help="e.g. backpropagation/full-pass-delta3"
    )
    show.add_argument(
        "--seed", type=int, default=0, metavar="N", help="which variant to draw (default: 0)"
    )
    _course_options(show, "language of the texts (default: from locale)")
    show.add_argument(
        "--solution",
        action="store_true",
        help="also print the solution, the variant's values and the anticipated mistakes",
    )
    show.set_defaults(handler=run_show)


def _course_options(parser: argparse.ArgumentParser, lang_help: str) -> None:
    """--lang (any language with a catalog) and --lessons, also accepted after the subcommand."""
    from nntutor.i18n import LANGUAGES

    parser.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS, help=lang_help)
    parser.add_argument(
        "--lessons",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="a course folder instead of the built-in one",
    )


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
            if getattr(args, "exercises", False):
                for ex in lesson.exercises:
                    echo(f"       {lesson.id}/{ex.id}  ({ex.kind})")
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


def _find_exercise(course, ref: str):
    """(lesson, exercise, None), or (None, None, why) for an id that names nothing usable."""
    lesson_id, sep, exercise_id = ref.partition("/")
    if not sep or not lesson_id or not exercise_id:
        return (
            None,
            None,
            f"expected LESSON/EXERCISE, e.g. the-neuron/sigmoid-derivative, not {ref!r}",
        )
    lesson = course.lesson(lesson_id)
    if lesson is None:
        known = ", ".join(lesson.id for lesson in course.lessons)
        return None, None, f"no lesson {lesson_id!r} in {course.root}; lessons: {known}"
    if not lesson.available:
        return None, None, f"lesson {lesson_id!r} is unavailable: {lesson.reason}"
    exercise = lesson.exercise(exercise_id)
    if exercise is None:
        known = ", ".join(e.id for e in lesson.exercises) or "none"
        return (
            None,
            None,
            f"no exercise {exercise_id!r} in lesson {lesson_id!r}; its exercises: {known}",
        )
    return lesson, exercise, None


def run_answer(args: argparse.Namespace) -> int:
    from nntutor.course import strings
    from nntutor.course.grading import grade
    from nntutor.course.numeric import FormulaError, variant
    from nntutor.i18n import resolve_language, t

    course = _course(getattr(args, "lessons", None))
    lesson, exercise, why = _find_exercise(course, args.exercise)
    if exercise is None:
        echo(f"nntutor lessons answer: {why}", file=sys.stderr)
        return INVALID
    lang = resolve_language(getattr(args, "lang", None))
    if exercise.kind == "code":
        from nntutor.paths import data_dir
        from nntutor.runner.trust import is_trusted

        if not is_trusted(course.root, data_dir(getattr(args, "data_dir", None))):
            echo(
                f"nntutor lessons answer: {course.root}: this folder's code runs only "
                "after you agree: nntutor code check ID FILE --trust",
                file=sys.stderr,
            )
            return INVALID
    drawn = None
    if exercise.kind == "numeric":
        try:
            drawn = variant(exercise, args.seed)
        except FormulaError as exc:
            echo(f"nntutor lessons answer: {args.exercise}: {exc}", file=sys.stderr)
            return INVALID
    verdict = grade(exercise, args.answer, drawn, lang=lang)
    status = INVALID if not verdict.valid else CORRECT if verdict.correct else WRONG
    if args.json:
        data = {"exercise": f"{lesson.id}/{exercise.id}", "kind": exercise.kind}
        if drawn is not None and exercise.randomised:
            data.update(seed=drawn.seed, values=drawn.values)
        echo_json({**data, **verdict.to_json()}, indent=2)
        return status
    if drawn is not None and exercise.randomised:
        values = ", ".join(f"{name} = {value:g}" for name, value in drawn.values.items())
        echo(f"{values} (--seed {drawn.seed})")
    if not verdict.valid:
        step = verdict.first_wrong_step
        where = f" ({strings.text('step', lang, n=step)})" if step else ""
        echo(f"✗{where} " + t("invalid", lang, why=verdict.message))
        return status
    if verdict.interpreted_as:
        read = verdict.interpreted_as.replace("\n", "\n    ")
        echo(f"{t('interpreted_as', lang)}: {read}")
    echo(f"✓ {t('correct', lang)}" if verdict.correct else f"✗ {t('wrong', lang)}")
    if verdict.shown:
        echo("  " + t("your_answer", lang, answer=verdict.shown))
    if verdict.message:
        echo("  " + verdict.message.replace("\n", "\n  "))
    if verdict.expected and not verdict.correct:
        echo(f"  → {verdict.expected}")
    return status


def run_show(args: argparse.Namespace) -> int:
    """`nntutor lessons show LESSON/EXERCISE`: 0 when printed, 2 when it cannot be."""
    from nntutor.course.formula import FormulaError
    from nntutor.course.render import render_exercise
    from nntutor.i18n import resolve_language

    course = _course(getattr(args, "lessons", None))
    _lesson, exercise, why = _find_exercise(course, args.exercise)
    if exercise is None:
        echo(f"nntutor lessons show: {why}", file=sys.stderr)
        return INVALID
    lang = resolve_language(getattr(args, "lang", None))
    try:
        text = render_exercise(exercise, args.seed, lang, solution=args.solution)
    except FormulaError as exc:
        echo(f"nntutor lessons show: {args.exercise}: {exc}", file=sys.stderr)
        return INVALID
    echo(text)
    return 0
