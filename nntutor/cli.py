"""Command-line entry point: argument parsing only.

Each subcommand lives in its own module under ``nntutor.commands`` and exposes
``register(subparsers)``; the module's handler is set with
``parser.set_defaults(handler=run)`` and returns an exit code. Modules must keep
their top-level imports light (no numpy, sympy or textual) so that ``--help``
stays fast; heavy imports go inside ``run``.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

from nntutor import __version__
from nntutor.commands._common import add_global_options


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nntutor",
        description="Learn how neural networks work, in your terminal. Run without a command to open the course.",
    )
    parser.add_argument("--version", action="version", version=f"nntutor {__version__}")
    add_global_options(parser)
    parser.set_defaults(handler=None)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    from nntutor import commands

    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"nntutor.commands.{info.name}")
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
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
