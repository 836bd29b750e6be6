"""Small helpers shared by the subcommands."""

from __future__ import annotations

import argparse


def add_subcommand(
    subparsers, name: str, help: str, description: str | None = None
) -> argparse.ArgumentParser:
    from nntutor.cli import add_global_options

    parser = subparsers.add_parser(name, help=help, description=description or help)
    add_global_options(parser, defaults=False)
    return parser
