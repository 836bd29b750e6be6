"""``nntutor progress``: the learner's record from the command line (summary, export, import, reset)."""

from __future__ import annotations

import argparse
import sys

from nntutor.commands._common import add_subcommand
from nntutor.textsafe import echo, echo_json, json_text, visible


def register(subparsers) -> None:
    parser = add_subcommand(
        subparsers,
        "progress",
        help="show your progress; export, import or reset it",
        description="Show your progress: lessons, attempts, mastery per skill, reviews due, time spent. "
        "With an action, move it to another machine or reset part of it.",
    )
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.set_defaults(handler=run, progress_action=None)
    actions = parser.add_subparsers(dest="progress_action", metavar="ACTION")

    export = add_subcommand(
        actions, "export", help="write your progress to FILE ('-' for standard output)"
    )
    export.add_argument("file", metavar="FILE")

    imp = add_subcommand(
        actions,
        "import",
        help="merge a progress file written by 'export' ('-' for standard input); importing twice changes nothing",
    )
    imp.add_argument("file", metavar="FILE")

    reset = add_subcommand(actions, "reset", help="forget an exercise, a lesson, or everything")
    which = reset.add_mutually_exclusive_group(required=True)
    which.add_argument("--exercise", metavar="LESSON/EXERCISE", help="one exercise of a lesson")
    which.add_argument("--lesson", metavar="LESSON", help="a whole lesson")
    which.add_argument("--all", action="store_true", help="everything in this profile")
    reset.add_argument("--yes", action="store_true", help="do not ask for confirmation")


def run(args: argparse.Namespace) -> int:
    from nntutor.i18n import resolve_language
    from nntutor.paths import data_dir
    from nntutor.practice.store import DEFAULT_PROFILE, ProgressStore

    profile = getattr(args, "profile", None) or DEFAULT_PROFILE
    try:
        store = ProgressStore.open(data_dir(getattr(args, "data_dir", None)), profile)
    except ValueError as error:
        echo(f"nntutor: {error}", file=sys.stderr)
        return 2
    with store:
        if store.problem:
            echo(store.notice_in(resolve_language(getattr(args, "lang", None))), file=sys.stderr)
        action = getattr(args, "progress_action", None)
        if action is None:
            return _show(store, as_json=getattr(args, "json", False))
        if not store.persistent:
            echo(
                f"nntutor: the progress file cannot be used, so '{action}' is not possible",
                file=sys.stderr,
            )
            return 1
        if action == "export":
            return _export(store, args.file)
        if action == "import":
            return _import(store, args.file)
        return _reset(store, args)


def _show(store, *, as_json: bool) -> int:
    summary = store.summary()
    if as_json:
        echo_json(summary, indent=2)
        return 0
    echo(format_summary(summary, store.path))
    return 0


def format_summary(summary: dict, path=None) -> str:
    """The summary as plain text for a terminal (ids only: titles belong to the course)."""
    where = f"  ({path})" if path else "  (not saved)"
    lines = [f'Progress of profile "{summary["profile"]}"{where}', ""]
    lessons = summary["lessons"]
    if not lessons and not summary["attempts"]["total"]:
        lines.append("Nothing recorded yet. Run `nntutor` to start the course.")
        return "\n".join(lines)

    completed = sum(1 for info in lessons.values() if info["status"] == "completed")
    started = sum(1 for info in lessons.values() if info["status"] == "started")
    attempts = summary["attempts"]
    reviews = summary["reviews"]
    forecast = reviews["forecast"]
    upcoming = " · ".join(f"{row['date'][5:]} {row['due']}" for row in forecast)
    rows = [
        ("Lessons", f"{completed} completed, {started} started"),
        ("Attempts", f"{attempts['total']}, {attempts['correct']} right"),
        ("Time spent", _duration(summary["time_spent_s"])),
        ("Reviews", f"{reviews['due_now']} due now"),
        (f"Next {len(forecast)} days", upcoming),
    ]
    if summary["streak"] is not None:
        rows.append(("Streak", f"{summary['streak']} day{'s' if summary['streak'] != 1 else ''}"))
    lines += [f"{label:<12}{value}" for label, value in rows]

    if summary["skills"]:
        lines += ["", "Skills"]
        width = max(len(skill) for skill in summary["skills"])
        for skill, state in summary["skills"].items():
            filled = round(state["progress"] * 10)
            bar = "█" * filled + "░" * (10 - filled)
            lines.append(
                f"  {skill:<{width}}  {state['level']:<10}  {bar}  {state['correct']}/{state['attempts']} right"
            )
    if lessons:
        lines += ["", "Lessons"]
        width = max(len(lesson_id) for lesson_id in lessons)
        for lesson_id, info in lessons.items():
            lines.append(
                f"  {lesson_id:<{width}}  {info['status']:<9}  {info['exercises_solved']} solved, "
                f"{info['attempts']} attempts, {_duration(info['time_s'])}"
            )
    if reviews["leeches"]:
        lines += ["", "Keep slipping (re-reading the lesson will help)"]
        for item in reviews["leeches"]:
            lines.append(
                f"  {item['lesson_id']}/{item['exercise_id']}  forgotten {item['lapses']} times"
            )
    return "\n".join(lines)


def _duration(seconds: float) -> str:
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60} min"


def _export(store, file: str) -> int:
    from nntutor.practice import transfer

    data = store.export_dict()
    count = len(data["attempts"])
    if file == "-":
        sys.stdout.write(json_text(data, indent=1, sort_keys=True) + "\n")
        echo(f"Exported {count} attempts.", file=sys.stderr)
        return 0
    try:
        transfer.save(data, file)
    except OSError as error:
        echo(f"nntutor: cannot write {file}: {error.strerror or error}", file=sys.stderr)
        return 1
    echo(f'Exported {count} attempts of profile "{store.profile}" to {file}.')
    return 0


def _import(store, file: str) -> int:
    from nntutor.practice import transfer

    name = "standard input" if file == "-" else file
    try:
        data = transfer.load_stream(sys.stdin.buffer) if file == "-" else transfer.load(file)
    except OSError as error:
        echo(f"nntutor: cannot read {name}: {error.strerror or error}", file=sys.stderr)
        return 1
    except transfer.InvalidProgressFile as error:
        echo(
            f"nntutor: {name} was not imported; your progress is unchanged. Problems:",
            file=sys.stderr,
        )
        for problem in error.problems[:20]:
            echo(f"  {problem}", file=sys.stderr)
        if len(error.problems) > 20:
            echo(f"  ... and {len(error.problems) - 20} more", file=sys.stderr)
        return 1
    except ValueError as error:  # a name the system cannot take (an embedded NUL)
        echo(f"nntutor: cannot read {name}: {error}", file=sys.stderr)
        return 1
    report = store.import_dict(data)
    echo(
        f"Imported {report.attempts_added} attempts "
        f"({report.attempts_already_present} were already here), "
        f"{report.lessons_completed_added} newly completed lessons."
    )
    return 0


def _reset(store, args: argparse.Namespace) -> int:
    if args.exercise:
        lesson_id, _, exercise_id = args.exercise.partition("/")
        if not lesson_id or not exercise_id:
            echo(
                "nntutor: --exercise takes LESSON/EXERCISE, for example the-neuron/sigmoid-range",
                file=sys.stderr,
            )
            return 2
        what = f"exercise {lesson_id}/{exercise_id}"
    elif args.lesson:
        what = f"lesson {args.lesson}"
    else:
        what = "ALL progress"
    if not args.yes:
        if not sys.stdin.isatty():
            echo(
                "nntutor: reset needs confirmation: run it on a terminal, or pass --yes",
                file=sys.stderr,
            )
            return 2
        reply = input(
            visible(f'Reset {what} of profile "{store.profile}"? This cannot be undone. [y/N] ')
        )
        if reply.strip().lower() not in ("y", "yes"):
            echo("Nothing was reset.")
            return 1
    if args.exercise:
        removed = store.reset_exercise(lesson_id, exercise_id)
    elif args.lesson:
        removed = store.reset_lesson(args.lesson)
    else:
        removed = store.reset_all()
    echo(f"Reset {what}: {removed} attempts removed.")
    return 0
