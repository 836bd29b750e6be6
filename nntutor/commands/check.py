"""`nntutor check`: is an answer equal to a reference expression? For learners, authors and scripts."""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from nntutor.commands._common import add_subcommand

EQUIVALENT, NOT_EQUIVALENT, INVALID = 0, 1, 2


def register(subparsers) -> None:
    parser = add_subcommand(
        subparsers,
        "check",
        help="check that a formula equals the expected one",
        description=(
            "Check that ANSWER equals REFERENCE over the reals, say how ANSWER was read and, "
            "when it is not equal, what went wrong. Exit status: 0 equivalent, 1 not equivalent, "
            "2 invalid input or could not check. An ANSWER that starts with '-' goes after '--', "
            "with the options before it: nntutor check --expected 'x' -- '-x'."
        ),
    )
    parser.add_argument(
        "answer", nargs="?", metavar="ANSWER", help="the formula to check, e.g. 'x*sigma(w*x+b)'"
    )
    parser.add_argument("--expected", metavar="REFERENCE", help="the correct formula")
    parser.add_argument(
        "--var",
        dest="vars",
        action="extend",
        nargs="+",
        metavar="NAME",
        default=[],
        help="declare the variables (then 'wx' reads as w·x); default: the names in REFERENCE",
    )
    parser.add_argument(
        "--domain",
        dest="domains",
        action="append",
        default=[],
        metavar="NAME=LOW:HIGH",
        help="where to sample NAME (default -2:2), e.g. --domain x=0.5:2",
    )
    parser.add_argument(
        "--define",
        dest="defines",
        action="append",
        default=[],
        metavar="NAME=FORMULA",
        help="a name the question defines, e.g. --define 'a=sigma(w*x+b)'",
    )
    parser.add_argument(
        "--tolerance",
        type=float,
        default=0.0,
        metavar="REL",
        help="accept a relative error up to REL (for rounded decimals; default: exact)",
    )
    parser.add_argument(
        "--batch",
        metavar="FILE.jsonl",
        help='check every line {"answer", "expected", "vars"?, "defines"?} of FILE (\'-\' for stdin)',
    )
    parser.add_argument(
        "--json", action="store_true", help="print results as JSON objects, one per line"
    )
    # a value that starts with "-" (--expected -x, or ANSWER -x after the options) is a formula,
    # not an option: argparse takes such values only when they look like negative numbers
    parser._negative_number_matcher = re.compile(r"^-(?!-).+$")
    parser.set_defaults(handler=run)


class BadOption(ValueError):
    pass


def _parse_domains(items: list[str]) -> dict[str, tuple[float, float]]:
    domains = {}
    for item in items:
        name, _, interval = item.partition("=")
        low, _, high = interval.partition(":")
        try:
            domains[name.strip()] = (float(low), float(high))
        except ValueError:
            raise BadOption(
                f"nntutor check: --domain {item!r}: expected NAME=LOW:HIGH, e.g. x=0.5:2"
            ) from None
    return domains


def _status(result) -> int:
    if not result.valid:
        return INVALID
    return EQUIVALENT if result.equivalent else NOT_EQUIVALENT


def _print_human(result, lang: str, prefix: str = "") -> None:
    from nntutor.checker.messages import text

    if result.interpreted_as:
        print(f"{prefix}{text('cli_interpreted', lang)}: {result.interpreted_as}")
        if "\n" in result.pretty:
            for line in result.pretty.splitlines():
                print(f"{prefix}    {line}")
    if not result.valid:
        print(f"{prefix}✗ {text('cli_invalid', lang)}: {result.error or result.feedback}")
        if result.suggestion:
            print(f"{prefix}  {result.suggestion}")
        return
    verdict = "cli_equivalent" if result.equivalent else "cli_not_equivalent"
    if result.equivalent and result.method == "numeric":
        verdict = "cli_not_proved"
    mark = "✓" if result.equivalent else "✗"
    print(f"{prefix}{mark} {text(verdict, lang)} ({result.method}, {result.ms:.0f} ms)")
    if not result.equivalent and result.feedback:
        print(f"{prefix}  {result.feedback}")


def run(args: argparse.Namespace) -> int:
    from nntutor.checker import Checker
    from nntutor.i18n import resolve_language

    lang = resolve_language(getattr(args, "lang", None))
    if hasattr(
        sys.stdout, "reconfigure"
    ):  # an undecodable byte in ANSWER must not crash the printing
        sys.stdout.reconfigure(errors="replace")
    if args.batch:
        if args.answer is not None:
            print("nntutor check: give either ANSWER or --batch, not both", file=sys.stderr)
            return INVALID
        with Checker() as checker:
            return _run_batch(checker, args.batch, args.json, lang)
    if args.answer is None or args.expected is None:
        print(
            "nntutor check: give ANSWER and --expected REFERENCE (or --batch FILE)", file=sys.stderr
        )
        return INVALID
    try:
        domains = _parse_domains(args.domains) or None
    except BadOption as exc:
        print(exc, file=sys.stderr)
        return INVALID
    defines = {}
    for item in args.defines:
        name, eq, formula = item.partition("=")
        if not eq or not name.strip():
            print(f"nntutor check: --define {item!r}: expected NAME=FORMULA", file=sys.stderr)
            return INVALID
        defines[name.strip()] = formula
    with Checker() as checker:
        result = checker.check(
            args.answer,
            args.expected,
            vars=args.vars or None,
            domains=domains,
            defines=defines or None,
            tolerance=args.tolerance,
            lang=lang,
        )
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False))
    else:
        _print_human(result, lang)
    return _status(result)


def _run_batch(checker, path: str, as_json: bool, lang: str) -> int:
    from nntutor.checker import CheckResult
    from nntutor.checker.messages import text

    try:
        lines = (
            sys.stdin.readlines()
            if path == "-"
            else Path(path).read_text(encoding="utf-8").splitlines()
        )
    except (OSError, UnicodeDecodeError) as exc:
        print(f"nntutor check: cannot read {path}: {exc}", file=sys.stderr)
        return INVALID
    worst = EQUIVALENT
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            case = json.loads(line)
            if not isinstance(case, dict) or not isinstance(case.get("answer"), str):
                raise TypeError
            if not isinstance(case.get("expected"), str):
                raise TypeError
            result = checker.check(
                case["answer"],
                case["expected"],
                vars=case.get("vars") or None,
                domains=case.get("domains") or None,
                tolerance=float(case.get("tolerance") or 0.0),
                lang=lang,
                defines=case.get("defines") or None,
            )
        except (ValueError, TypeError, AttributeError):
            message = text("cli_bad_line", lang, n=number)
            result = CheckResult(valid=False, feedback=message, error=message)
        worst = max(worst, _status(result))
        if as_json:
            print(json.dumps(result.to_json(), ensure_ascii=False), flush=True)
        else:
            _print_human(result, lang, prefix=f"{number}: ")
    return worst
