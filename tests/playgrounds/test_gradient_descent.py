"""Gradient descent on the lessons' surfaces: convergence, oscillation, divergence, local minima."""

from __future__ import annotations

import math
import random

import pytest

from nntutor.playgrounds.computation_graph import central_difference
from nntutor.playgrounds.gradient_descent import LEARNING_RATES, SURFACES, Descent


def test_lesson_6_table():
    """C(w) = (w − 3)² from w = 0 with ε = 0.1, as lesson 6 tabulates it."""
    d = Descent(SURFACES["curve"], (0.0,), 0.1)
    d.run(4)
    assert [round(p[0], 3) for p in d.path] == [0, 0.6, 1.08, 1.464, 1.771]
    d.run(6)
    assert d.w[0] == pytest.approx(2.678, abs=5e-4)
    assert d.gradient[0] == pytest.approx(-0.644, abs=5e-4)


@pytest.mark.parametrize(
    ("rate", "after_10"),
    [(0.01, 0.55), (0.1, 2.68), (0.9, 2.68), (1.1, -15.6)],
)
def test_lesson_6_learning_rates(rate, after_10):
    d = Descent(SURFACES["curve"], (0.0,), rate)
    d.run(10)
    assert d.w[0] == pytest.approx(after_10, abs=0.05)  # the lesson rounds to 3 digits


def test_curve_convergence_oscillation_and_divergence_by_learning_rate():
    curve = SURFACES["curve"]

    def walk(rate: float, steps: int) -> Descent:
        d = Descent(curve, curve.lesson_start, rate)
        d.run(steps)
        return d

    assert walk(0.01, 3).behaviour() == "creeping"
    assert walk(0.1, 3).behaviour() == "descending"
    assert walk(0.1, 500).behaviour() == "converged"
    assert walk(0.9, 3).behaviour() == "zigzag"  # 1 − 2ε = −0.8
    assert walk(0.9, 500).behaviour() == "converged"
    bounce = walk(1.0, 20)  # 1 − 2ε = −1: 0, 6, 0, 6, …
    assert bounce.behaviour() == "bouncing" and {round(p[0], 9) for p in bounce.path} == {0, 6}
    assert walk(1.1, 3).behaviour() == "diverging"
    gone = walk(1.1, 500)
    assert gone.diverged and gone.behaviour() == "diverged"
    assert gone.steps < 500 and all(math.isfinite(p[0]) for p in gone.path)
    assert gone.step() is False  # a diverged walk stays put, it does not raise


def test_valley_limits_by_the_steepest_direction():
    """Lesson 6: on w₁² + 10·w₂² from (−4, 1), ε = 0.09 zigzags in, ε = 0.11 flies out."""
    valley = SURFACES["valley"]
    zig = Descent(valley, (-4.0, 1.0), 0.09)
    zig.run(3)
    assert [round(p[1], 4) for p in zig.path] == [1, -0.8, 0.64, -0.512]
    assert zig.behaviour() == "zigzag"
    zig.run(500)
    assert zig.converged
    out = Descent(valley, (-4.0, 1.0), 0.11)
    out.run(500)
    assert out.diverged
    assert valley.factors(0.09) == pytest.approx((0.82, -0.8))
    assert valley.factors(0.11) == pytest.approx((0.78, -1.2))


def test_non_convex_curve_has_a_local_minimum():
    bumpy = SURFACES["bumpy"]
    stuck = Descent(bumpy, bumpy.lesson_start, bumpy.lesson_rate)
    stuck.run(1000)
    assert stuck.behaviour() == "local_minimum"
    assert stuck.w[0] == pytest.approx(1.934, abs=1e-3)
    found = Descent(bumpy, (-1.0,), 0.03)
    found.run(1000)
    assert found.behaviour() == "converged"
    assert found.w[0] == pytest.approx(bumpy.minimum[0], abs=1e-3)
    assert bumpy.gradient(bumpy.minimum)[0] == pytest.approx(0, abs=1e-3)


@pytest.mark.parametrize("surface_id", list(SURFACES))
@pytest.mark.parametrize("rate", LEARNING_RATES)
def test_every_rate_on_every_surface_ends_without_error(surface_id, rate):
    surface = SURFACES[surface_id]
    d = Descent(surface, surface.lesson_start, rate)
    d.run(2000)
    assert d.behaviour() in {
        "converged",
        "local_minimum",
        "diverged",
        "bouncing",
        "zigzag",
        "diverging",
        "creeping",
        "descending",
    }
    assert all(all(math.isfinite(v) for v in p) for p in d.path)


@pytest.mark.parametrize("surface_id", list(SURFACES))
def test_gradients_of_the_surfaces(surface_id):
    surface = SURFACES[surface_id]
    rng = random.Random(1)
    for _ in range(5):
        w = surface.random_start(rng)
        assert surface.inside(w)
        for i in range(surface.dims):

            def along(v: float, i: int = i, w: tuple = w) -> float:
                return surface.loss(tuple(v if k == i else w[k] for k in range(surface.dims)))

            assert surface.gradient(w)[i] == pytest.approx(
                central_difference(along, w[i]), rel=1e-6, abs=1e-6
            )


def test_the_ladder_has_the_rates_the_lesson_names():
    assert LEARNING_RATES[0] == 0.01 and LEARNING_RATES[-1] == 1.5
    assert {0.09, 0.1, 0.11, 0.9, 1.1} <= set(LEARNING_RATES)
    with pytest.raises(ValueError):
        Descent(SURFACES["curve"], (0.0, 1.0), 0.1)
    with pytest.raises(ValueError):
        Descent(SURFACES["curve"], (0.0,), 0.0)
