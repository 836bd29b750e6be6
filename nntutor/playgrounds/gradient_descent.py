"""Gradient descent (lesson 6): a walk w ← w − ε·∇C(w) on a 1-D curve, a bumpy curve, a 2-D valley.

Plain floats only: no NumPy, no SymPy, no Textual.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field

LEARNING_RATES: tuple[float, ...] = (
    0.01,
    0.03,
    0.05,
    0.09,
    0.1,
    0.11,
    0.3,
    0.5,
    0.9,
    1.0,
    1.1,
    1.5,
)


def nearest_rate_index(rate: float) -> int:
    """The index in LEARNING_RATES of the rate closest to ``rate``."""
    return min(range(len(LEARNING_RATES)), key=lambda i: abs(LEARNING_RATES[i] - rate))


DIVERGED_AT = 1e6  # |w| beyond this, or a loss that overflows, ends the walk
CONVERGED_BELOW = 1e-6  # a gradient norm this small is a stationary point


Point = tuple[float, ...]


@dataclass(frozen=True)
class Surface:
    """A loss C(w) over one or two weights, with its gradient and where the lesson starts."""

    id: str
    formula: str
    dims: int
    loss: Callable[[Point], float]
    gradient: Callable[[Point], Point]
    lesson_start: Point
    lesson_rate: float
    bounds: tuple[tuple[float, float], ...]  # the box drawn, per weight
    minimum: Point  # the global minimum
    curvatures: tuple[float, ...] | None = None  # C'' per weight for a quadratic (None otherwise)

    def factors(self, rate: float) -> tuple[float, ...] | None:
        """For a quadratic: what one step multiplies each weight's distance to the minimum by."""
        if self.curvatures is None:
            return None
        return tuple(1.0 - rate * c for c in self.curvatures)

    def random_start(self, rng: random.Random) -> Point:
        """A start inside the drawn box, away from the minimum, rounded to one decimal."""
        while True:
            point = tuple(
                round(rng.uniform(lo + 0.1 * (hi - lo), hi - 0.1 * (hi - lo)), 1)
                for lo, hi in self.bounds
            )
            if math.dist(point, self.minimum) > 0.25 * (self.bounds[0][1] - self.bounds[0][0]) / 2:
                return point

    def inside(self, point: Point) -> bool:
        return all(lo <= v <= hi for v, (lo, hi) in zip(point, self.bounds, strict=True))


def _bumpy_loss(w: Point) -> float:
    v = w[0]
    return 0.25 * v**4 - 2.0 * v**2 + 0.5 * v + 5.0


def _bumpy_gradient(w: Point) -> Point:
    v = w[0]
    return (v**3 - 4.0 * v + 0.5,)


SURFACES: dict[str, Surface] = {
    s.id: s
    for s in (
        Surface(
            id="curve",
            formula="C(w) = (w − 3)²",
            dims=1,
            loss=lambda w: (w[0] - 3.0) ** 2,
            gradient=lambda w: (2.0 * (w[0] - 3.0),),
            lesson_start=(0.0,),
            lesson_rate=0.1,
            bounds=((-3.0, 9.0),),
            minimum=(3.0,),
            curvatures=(2.0,),
        ),
        Surface(
            id="bumpy",
            formula="C(w) = w⁴/4 − 2w² + w/2 + 5",
            dims=1,
            loss=_bumpy_loss,
            gradient=_bumpy_gradient,
            lesson_start=(3.0,),
            lesson_rate=0.03,
            bounds=((-3.2, 3.2),),
            minimum=(-2.05979,),  # the root of w³ − 4w + 1/2 left of the hump
        ),
        Surface(
            id="valley",
            formula="C(w₁, w₂) = w₁² + 10·w₂²",
            dims=2,
            loss=lambda w: w[0] ** 2 + 10.0 * w[1] ** 2,
            gradient=lambda w: (2.0 * w[0], 20.0 * w[1]),
            lesson_start=(-4.0, 1.0),
            lesson_rate=0.09,
            bounds=((-5.0, 5.0), (-2.5, 2.5)),
            minimum=(0.0, 0.0),
            curvatures=(2.0, 20.0),
        ),
    )
}


def _norm(v: Point) -> float:
    return math.sqrt(sum(c * c for c in v))


@dataclass
class Descent:
    """A walk w ← w − ε·∇C(w) on ``surface`` from ``start``.

    ``path`` holds every point reached (all finite). When a step overflows or
    leaves |w| ≤ DIVERGED_AT, the walk stops and ``diverged`` is set; it never raises.
    """

    surface: Surface
    start: Point
    rate: float
    path: list[Point] = field(default_factory=list)
    losses: list[float] = field(default_factory=list)
    diverged: bool = False

    def __post_init__(self) -> None:
        if len(self.start) != self.surface.dims:
            raise ValueError(f"{self.surface.id} needs a start with {self.surface.dims} weights")
        if not self.rate > 0:
            raise ValueError("the learning rate must be positive")
        self.path = [tuple(float(v) for v in self.start)]
        self.losses = [self.surface.loss(self.path[0])]

    @property
    def w(self) -> Point:
        return self.path[-1]

    @property
    def loss(self) -> float:
        return self.losses[-1]

    @property
    def gradient(self) -> Point:
        return self.surface.gradient(self.w)

    @property
    def steps(self) -> int:
        return len(self.path) - 1

    @property
    def converged(self) -> bool:
        return not self.diverged and _norm(self.gradient) < CONVERGED_BELOW

    def step(self) -> bool:
        """One update; False when the walk cannot go on (it diverged or it is at a stationary point)."""
        if self.diverged or self.converged:
            return False
        try:
            grad = self.gradient
            new = tuple(w - self.rate * g for w, g in zip(self.w, grad, strict=True))
            loss = self.surface.loss(new)
        except (OverflowError, ValueError):
            self.diverged = True
            return False
        if not all(math.isfinite(v) and abs(v) <= DIVERGED_AT for v in new) or not math.isfinite(
            loss
        ):
            self.diverged = True
            return False
        self.path.append(new)
        self.losses.append(loss)
        return True

    def run(self, steps: int) -> int:
        """Up to ``steps`` updates; how many were taken."""
        taken = 0
        while taken < steps and self.step():
            taken += 1
        return taken

    def behaviour(self) -> str:
        """What the walk is doing, judged from its last steps.

        One of: ``start`` (no step yet), ``diverged``, ``converged``, ``local_minimum``
        (converged, but higher than the global minimum), ``diverging`` (the loss grew
        on each of the last steps), ``bouncing`` (it jumps across without getting
        lower), ``zigzag`` (it jumps across the minimum and gets lower), ``creeping``
        (it gets lower by under 5 % a step), ``descending``.
        """
        if self.diverged:
            return "diverged"
        if self.converged:
            best = self.surface.loss(self.surface.minimum)
            return "local_minimum" if self.loss > best + 1e-3 else "converged"
        if self.steps == 0:
            return "start"
        losses = self.losses
        recent = losses[-4:]
        if len(recent) >= 3 and all(b > a * (1 + 1e-9) for a, b in itertools.pairwise(recent)):
            return "diverging"
        if len(self.path) >= 3 and self._crossing():
            # jumping across the minimum: compare with two steps back (the same side)
            before = losses[-3] if len(losses) >= 4 else losses[-2]
            if losses[-1] > before * (1 + 1e-6):
                return "diverging"
            if losses[-1] >= before * (1 - 1e-6):
                return "bouncing"
            return "zigzag"
        if losses[-1] < losses[-2]:
            return "creeping" if losses[-2] - losses[-1] < 0.05 * abs(losses[-2]) else "descending"
        return "creeping" if losses[-1] == losses[-2] else "diverging"

    def _crossing(self) -> bool:
        """The last two steps went in opposite directions along some weight."""
        a, b, c = self.path[-3], self.path[-2], self.path[-1]
        return any((b[i] - a[i]) * (c[i] - b[i]) < 0 for i in range(self.surface.dims))
