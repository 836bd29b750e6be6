"""The lab without a screen: a training session, the frames it draws from, presets and weights.

Uses the engine and the course, never Textual: a script or a test can run a lab session on
its own (see docs/lab.md). Names load on first use, so ``import nntutor.lab`` stays light.

- ``config``: ``LabConfig``, the engine's settings plus an activation per layer and a pace;
- ``presets``: named starting points (``PRESETS``, ``preset_config``);
- ``frames``: what a session hands its screen (``Frame``, ``Curves``, ``Plane``, ``Neuron``, …);
- ``session``: ``LabSession`` and its training loop, ``ChallengeRun``;
- ``request``: ``LabRequest``, what opening the lab asks for;
- ``weights``: saving a session, and reading weights files back (``config_for_weights``);
- ``replay``: backprop replayed step by step on a frozen batch, with predictions to check;
- ``hidden_space``: the input plane and the data as a hidden layer sees them;
- ``neurons``: switching neurons off and freezing them; ``points``: editing the training points.
"""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "LabConfig": "config",
    "LAB_ONLY": "config",
    "DEFAULT_PACE": "config",
    "Preset": "presets",
    "PRESETS": "presets",
    "preset_config": "presets",
    "CURVE_POINTS": "frames",
    "Curves": "frames",
    "Frame": "frames",
    "Neuron": "frames",
    "Outcome": "frames",
    "Plane": "frames",
    "Wants": "frames",
    "curves_of": "frames",
    "downsample": "frames",
    "ChallengeRun": "session",
    "DEFAULT_UPDATES": "session",
    "LabSession": "session",
    "lab_words": "session",
    "LabRequest": "request",
    "LAB_FORMAT": "weights",
    "config_for_weights": "weights",
    "save_session": "weights",
    "weight_shapes": "weights",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'nntutor.lab' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"nntutor.lab.{module}"), name)
    globals()[name] = value
    return value
