"""Command-line entry point: argument parsing only.

Each subcommand lives in its own module under ``nntutor.commands`` and exposes
``register(subparsers)``; the module's handler is set with
``parser.set_defaults(handler=run)`` and returns an exit code. Modules must keep
their top-level imports light (no numpy, sympy or textual) so that ``--help``
stays fast; heavy imports go inside ``run``.

``main`` registers only the subcommand the command line names (none for a bare
``nntutor``, which opens the course): importing every command module costs the
first screen about 40 ms. Help, an unknown command or a mistake in the global
options registers them all, so argparse's messages list every command.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Iterable

from nntutor import __version__
from nntutor.commands._common import add_global_options


def command_names() -> list[str]:
    """The subcommands, one module each in ``nntutor.commands``, without importing them."""
    from nntutor import commands

    return sorted(
        info.name
        for info in pkgutil.iter_modules(commands.__path__)
        if not info.name.startswith("_")
    )


class _ProbeFailed(Exception):
    pass


class _Probe(argparse.ArgumentParser):
    def error(self, message: str):  # leave the message to the full parser
        raise _ProbeFailed(message)


def commands_needed(argv: list[str]) -> list[str] | None:
    """The subcommands ``argv`` needs registered: the one it names, none when it names none
    (the course opens), ``None`` (all of them) for help, ``--version`` and anything unclear."""
    probe = _Probe(add_help=False)
    add_global_options(probe)
    probe.add_argument("command", nargs="?")
    try:
        known, rest = probe.parse_known_args(argv)
    except _ProbeFailed:
        return None
    if known.command is None:
        return [] if not rest else None
    return [known.command] if known.command in command_names() else None


def build_parser(commands: Iterable[str] | None = None) -> argparse.ArgumentParser:
    """The parser with ``commands`` registered (by default every subcommand)."""
    parser = argparse.ArgumentParser(
        prog="nntutor",
        description="Learn how neural networks work, in your terminal. Run without a command to open the course.",
    )
    parser.add_argument("--version", action="version", version=f"nntutor {__version__}")
    add_global_options(parser)
    parser.set_defaults(handler=None)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in command_names() if commands is None else commands:
        module = importlib.import_module(f"nntutor.commands.{name}")
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    if argv is None:
        argv = sys.argv[1:]
    parser = build_parser(commands_needed(argv))
    args = parser.parse_args(argv)
    handler = args.handler
    if handler is None:
        from nntutor.commands._app import run_app

        handler = run_app
    try:
        return int(handler(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader went away (`nntutor lessons --json | head`): not an error of ours
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
