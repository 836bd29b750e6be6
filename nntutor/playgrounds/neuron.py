"""The neuron playground (lesson 2): a = f(w·x + b) for one input, and f′.

Plain floats only: no NumPy, no SymPy, no Textual.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from nntutor.course.formula import sigmoid

ACTIVATIONS: tuple[str, ...] = ("sigmoid", "tanh", "relu")


def activate(name: str, z: float) -> float:
    """f(z) for ``name`` in ACTIVATIONS."""
    if name == "sigmoid":
        return sigmoid(z)
    if name == "tanh":
        return math.tanh(z)
    if name == "relu":
        return max(0.0, z)
    raise ValueError(f"unknown activation {name!r}; use one of: {', '.join(ACTIVATIONS)}")


def activation_slope(name: str, z: float) -> float:
    """f′(z): σ(1 − σ), 1 − tanh², and 0 or 1 for ReLU (0 at z = 0, as libraries do)."""
    if name == "sigmoid":
        s = sigmoid(z)
        return s * (1.0 - s)
    if name == "tanh":
        t = math.tanh(z)
        return 1.0 - t * t
    if name == "relu":
        return 1.0 if z > 0 else 0.0
    raise ValueError(f"unknown activation {name!r}; use one of: {', '.join(ACTIVATIONS)}")


@dataclass(frozen=True)
class Neuron:
    """One neuron with one input: z = w·x + b, a = f(z), probed at ``x``."""

    w: float = 1.0
    b: float = 0.0
    activation: str = "sigmoid"
    x: float = 1.0

    @property
    def z(self) -> float:
        return self.w * self.x + self.b

    @property
    def a(self) -> float:
        return activate(self.activation, self.z)

    @property
    def slope(self) -> float:
        """f′(z) at the probe."""
        return activation_slope(self.activation, self.z)

    @property
    def threshold(self) -> float | None:
        """Where the neuron switches on, w·x + b = 0, that is x = −b/w (None when w = 0)."""
        if self.w == 0:
            return None
        return -self.b / self.w

    def output(self, x: float) -> float:
        return activate(self.activation, self.w * x + self.b)

    def curve(
        self, lo: float = -5.0, hi: float = 5.0, points: int = 201
    ) -> tuple[list[float], list[float]]:
        """(xs, a(xs)) on ``points`` evenly spaced x from ``lo`` to ``hi``."""
        if points < 2:
            raise ValueError("a curve needs at least 2 points")
        xs = [lo + (hi - lo) * i / (points - 1) for i in range(points)]
        return xs, [self.output(x) for x in xs]
