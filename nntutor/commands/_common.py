"""Small helpers shared by the subcommands."""

from __future__ import annotations

import argparse

from nntutor.i18n import LANGUAGES


def add_subcommand(
    subparsers, name: str, help: str, description: str | None = None
) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(name, help=help, description=description or help)
    add_global_options(parser, defaults=False)
    return parser


def add_global_options(parser: argparse.ArgumentParser, *, defaults: bool = True) -> None:
    """Options accepted both before and after the subcommand name."""
    sup = None if defaults else argparse.SUPPRESS
    parser.add_argument(
        "--lessons",
        metavar="DIR",
        default=sup,
        help="run another course folder instead of the built-in one",
    )
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        default=sup,
        help="where progress is stored (default: your user data dir; env NNTUTOR_DATA_DIR)",
    )
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=sup,
        help="language of lessons and interface (default: from locale)",
    )
    parser.add_argument(
        "--profile",
        metavar="NAME",
        default=sup,
        help="learner profile, for several learners on one account",
    )
    parser.add_argument(
        "--no-mouse",
        action="store_true",
        default=sup if not defaults else False,
        help="turn mouse tracking off (less traffic over slow links)",
    )
