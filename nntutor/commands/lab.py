"""``nntutor lab``: open the app straight into the lab, with the network these flags describe.

Takes the flags of ``nntutor train`` (``--activation`` may also list one activation per
hidden layer: ``relu,relu,tanh``), plus a preset, the pace, the screen update rate and
weights to load. Exit codes: 0 done, 2 a setting or file that cannot work.
"""

from __future__ import annotations

import argparse
import sys

from nntutor.commands._common import add_subcommand
from nntutor.commands.train import add_training_arguments
from nntutor.commands.train import options_from_args as training_options
from nntutor.engine.errors import ConfigError
from nntutor.textsafe import echo

PRESET_NAMES = (
    "spirals",
    "xor",
    "circles",
    "moons",
    "deep-sigmoid",
    "deep-relu",
    "overfit",
    "sine",
    "large",
)


def register(subparsers) -> None:
    parser = add_subcommand(
        subparsers,
        "lab",
        help="build and train networks live: loss curves, decision boundary, inside the network",
        description="Open the lab: train a network live and watch its loss curves, its decision boundary, "
        "its gradients and its neurons. The flags set the network it opens with; every one of them "
        "can be changed in the lab.",
    )
    add_training_arguments(parser)
    lab = parser.add_argument_group("lab")
    lab.add_argument(
        "--preset", choices=PRESET_NAMES, help="start from a preset (flags given override it)"
    )
    lab.add_argument(
        "--pace",
        metavar="N",
        help="epochs per second while training, or max (default 30: slow enough to watch)",
    )
    lab.add_argument(
        "--updates",
        type=float,
        metavar="N",
        help="screen updates per second while training (default 4; 1 over slow links; env NNTUTOR_LAB_UPDATES)",
    )
    lab.add_argument(
        "--load", metavar="F.npz", help="load these weights (saved by the lab or by nntutor train)"
    )
    parser.set_defaults(handler=run)


def options_from_args(args: argparse.Namespace) -> dict:
    """The lab options the flags give (only those given, so that a preset fills the rest)."""
    options = training_options(args)
    pace = getattr(args, "pace", None)
    if pace is not None:
        if str(pace).lower() in ("max", "0"):
            options["pace"] = 0.0
        else:
            try:
                options["pace"] = float(pace)
            except ValueError:
                raise ConfigError(
                    f"--pace takes a number of epochs per second or max; got {pace!r}"
                ) from None
    updates = getattr(args, "updates", None)
    if updates is not None:
        if not updates > 0:
            raise ConfigError(
                f"--updates takes a positive number of screen updates per second; got {updates:g}"
            )
        options["updates"] = updates
    weights = getattr(args, "load", None) or getattr(args, "init_weights", None)
    if weights:
        options["weights"] = weights
    if getattr(args, "preset", None):
        options["preset"] = args.preset
    return options


def run(args: argparse.Namespace) -> int:
    try:
        options = options_from_args(args)
        _check(options)
    except ConfigError as exc:
        echo(f"nntutor lab: {exc}", file=sys.stderr)
        return 2
    from nntutor.commands._app import run_app

    args.lab = options
    return run_app(args)


def _check(options: dict) -> None:
    """Fail before the app starts on settings that cannot work (the lab would say so too, later)."""
    from pathlib import Path

    from nntutor.lab import PRESETS, LabConfig, config_for_weights

    settings = {k: v for k, v in options.items() if k not in ("updates", "weights", "preset")}
    base = (
        LabConfig.from_options(PRESETS[options["preset"]].options) if "preset" in options else None
    )
    config = LabConfig.from_options(settings, base=base)
    if "weights" in options:
        if not Path(options["weights"]).expanduser().is_file():
            raise ConfigError(f"no weights file at {options['weights']}")
        config_for_weights(options["weights"], config)
