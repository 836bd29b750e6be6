"""The neuron playground's mathematics: activations, their slopes, one neuron's curve."""

from __future__ import annotations

import math

import pytest

from nntutor.playgrounds.computation_graph import central_difference
from nntutor.playgrounds.neuron import ACTIVATIONS, Neuron, activate, activation_slope


@pytest.mark.parametrize("name", ACTIVATIONS)
@pytest.mark.parametrize("z", [-6.0, -1.3, -0.2, 0.4, 2.0, 7.5])
def test_activation_slope_matches_central_difference(name, z):
    numeric = central_difference(lambda v: activate(name, v), z)
    assert activation_slope(name, z) == pytest.approx(numeric, abs=1e-7)


def test_activations_as_lesson_2_gives_them():
    # the worked example of lesson 2: z = −0.5
    assert activate("sigmoid", -0.5) == pytest.approx(0.378, abs=5e-4)
    assert activate("tanh", -0.5) == pytest.approx(-0.462, abs=5e-4)
    assert activate("relu", -0.5) == 0
    assert activation_slope("sigmoid", 0) == 0.25
    assert activation_slope("tanh", 0) == 1
    assert activation_slope("relu", 0) == 0  # as libraries do
    assert activate("sigmoid", -1000) == 0 and activate("sigmoid", 1000) == 1  # no overflow
    with pytest.raises(ValueError, match="unknown activation"):
        activate("swish", 0)


def test_neuron_values_threshold_and_curve():
    n = Neuron(w=2.0, b=-1.0, activation="sigmoid", x=1.0)
    assert n.z == 1.0
    assert n.a == pytest.approx(1 / (1 + math.exp(-1)))
    assert n.slope == pytest.approx(n.a * (1 - n.a))
    assert n.threshold == 0.5  # −b/w
    assert Neuron(w=0.0).threshold is None
    xs, ys = n.curve(-5, 5, points=11)
    assert xs[0] == -5 and xs[-1] == 5 and len(ys) == 11
    assert ys[5] == pytest.approx(activate("sigmoid", -1.0))
