"""``nntutor doctor``: parse the arguments, run the checks in ``nntutor.doctor``, render them.

The checks themselves (and the fix for each problem) live in ``nntutor.doctor``;
this module only shows them, as text for a person or as JSON for scripts.
"""

from __future__ import annotations

import argparse
import shutil
from dataclasses import asdict

from nntutor.commands._common import add_subcommand
from nntutor.doctor.result import NOTE, OK, PROBLEM, Check
from nntutor.textsafe import echo, echo_json


def register(subparsers) -> None:
    parser = add_subcommand(
        subparsers,
        "doctor",
        help="check Python, libraries, terminal, data folder and GPU, with a fix for each problem",
        description="Check that nntutor can run well here: Python and libraries, the terminal "
        "(size, colours, encoding, SSH), the data folder, the course, the CPU and the GPU "
        "(CuPy, the device, a tiny training step on it). Exits 1 when it finds a problem.",
    )
    parser.add_argument("--json", action="store_true", help="print the checks as JSON, for scripts")
    parser.add_argument(
        "--no-training", action="store_true", help="skip the tiny training steps on the CPU and GPU"
    )
    parser.set_defaults(handler=run)


LABELS = {OK: "ok", NOTE: "note", PROBLEM: "PROBLEM"}


def render(checks: list[Check], width: int = 100) -> str:
    import textwrap

    def block(first: str, text: str) -> list[str]:
        return textwrap.wrap(
            text,
            max(40, width - 1),
            initial_indent=first,
            subsequent_indent=" " * 11,
            break_on_hyphens=False,
        ) or [first]

    lines = []
    section = None
    for check in checks:
        if check.section != section:
            section = check.section
            lines.append(f"\n{section}")
        lines += block(f"  {LABELS[check.status]:<8} ", check.message)
        if check.fix:
            lines += block(f"  {'':<8} fix: ", check.fix)
    problems = sum(c.status == PROBLEM for c in checks)
    notes = sum(c.status == NOTE for c in checks)
    verdict = (
        "nntutor is ready to use here."
        if not problems
        else f"{problems} problem(s) found: see each 'fix' above."
    )
    lines.append(f"\n{verdict} ({notes} note(s))")
    return "\n".join(lines).lstrip("\n")


def run(args: argparse.Namespace) -> int:
    from nntutor.doctor import all_checks
    from nntutor.paths import data_dir

    checks = all_checks(
        data_dir(getattr(args, "data_dir", None)),
        getattr(args, "lessons", None),
        train=not getattr(args, "no_training", False),
    )
    if args.json:
        echo_json([asdict(c) for c in checks], indent=2, default=str)
    else:
        echo(render(checks, shutil.get_terminal_size((100, 24)).columns))
    return 1 if any(c.status == PROBLEM for c in checks) else 0
