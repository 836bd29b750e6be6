"""Computation graphs: forward values, backward gradients added (+=) per path, replayable walks."""

from __future__ import annotations

import random

import pytest

from nntutor.playgrounds.computation_graph import Graph, Node, graph_difference
from nntutor.playgrounds.lesson_graphs import GRAPHS, random_inputs


def test_lesson_5_graph_values_and_gradients():
    """The numbers lesson 5 works out by hand for w = 0.5, x = 2, b = −1, y = 1."""
    graph = GRAPHS["neuron"]
    values = graph.forward(graph.defaults)
    assert (values["u"], values["z"], values["a"], values["d"], values["C"]) == (
        1,
        0,
        0.5,
        -0.5,
        0.25,
    )
    grads = graph.backward(graph.defaults)
    assert grads["C"] == 1 and grads["d"] == -1 and grads["a"] == -1
    assert grads["z"] == grads["u"] == grads["b"] == -0.25
    assert grads["w"] == -0.5 and grads["x"] == -0.125


@pytest.mark.parametrize("graph_id", list(GRAPHS))
@pytest.mark.parametrize("seed", range(6))
def test_backward_matches_central_differences(graph_id, seed):
    graph = GRAPHS[graph_id]
    inputs = random_inputs(graph, random.Random(seed)) if seed else dict(graph.defaults)
    grads = graph.backward(inputs)
    for name in graph.inputs:
        numeric = graph_difference(graph, inputs, name)
        assert grads[name] == pytest.approx(numeric, rel=1e-6, abs=1e-8), name


def test_a_node_used_twice_accumulates_its_gradient():
    """Lesson 5, trap 1: f = x·y + x with x = 3, y = −2, so ∂f/∂x = y + 1 = −1 (not −2, not 1)."""
    graph = GRAPHS["shared"]
    walk = graph.walk(graph.defaults)
    assert [s.phase for s in walk.steps] == ["forward", "forward", "seed", "backward", "backward"]
    to_x = [c for s in walk.steps for c in s.contributions if c.target == "x"]
    assert [c.amount for c in to_x] == [1, -2]
    assert [c.after for c in to_x] == [1, -1]
    assert to_x[1].before == 1  # the second path adds to the first
    assert "+=" in to_x[1].rule and "1 + (−2) = −1" in to_x[1].rule
    # halfway, x has received one of its two contributions: known but not complete
    halfway = walk.state(4)
    assert halfway.grads["x"] == 1 and "x" not in halfway.complete
    done = walk.state(len(walk.steps))
    assert done.grads["x"] == -1 and "x" in done.complete
    assert graph_difference(graph, graph.defaults, "x") == pytest.approx(-1)


def test_a_product_of_a_node_with_itself_adds_both_factors():
    graph = GRAPHS["square"]  # C = u·u with u = w·x: ∂C/∂u = u + u
    grads = graph.backward({"w": 0.5, "x": 2.0})
    assert grads["u"] == 2 and grads["w"] == 4 and grads["x"] == 1
    terms = graph.walk(graph.defaults).steps[-2].contributions
    assert [t.target for t in terms] == ["u", "u"]


def test_walk_states_replay_forward_then_backward():
    graph = GRAPHS["neuron"]
    walk = graph.walk(graph.defaults)
    assert walk.forward_steps == 5 and len(walk.steps) == 11
    start = walk.state(0)
    assert set(start.values) == set(graph.inputs) and not start.grads and start.step is None
    after_two = walk.state(2)
    assert set(after_two.values) == set(graph.inputs) | {"u", "z"}
    seeded = walk.state(6)
    assert seeded.grads == {"C": 1.0} and seeded.step.phase == "seed"
    sigma = walk.steps[8]  # the backward step through a = σ(z)
    assert sigma.node == "a"
    assert sigma.contributions[0].rule == "∂C/∂z += ∂C/∂a · σ′(z) = (−1) · 0.25 = −0.25"
    assert walk.state(99).index == len(walk.steps) and walk.state(-3).index == 0


def test_node_formulas_with_numbers():
    values = {"w": 0.5, "x": 2.0, "u": 1.0, "b": -1.0, "z": 0.0, "a": 0.5, "y": 1.0, "d": -0.5}
    assert Node("u", "mul", ("w", "x")).substituted(values) == "0.5·2"
    assert Node("z", "add", ("u", "b")).substituted(values) == "1 + (−1)"
    assert Node("a", "sigmoid", ("z",)).substituted(values) == "σ(0)"
    assert Node("d", "sub", ("a", "y")).substituted(values) == "0.5 − 1"
    assert Node("C", "square", ("d",)).substituted(values) == "(−0.5)²"


def test_a_malformed_graph_is_refused():
    with pytest.raises(ValueError, match="before it is defined"):
        Graph("bad", "", (Node("u", "mul", ("w", "x")),), {}, "w", "")
    with pytest.raises(ValueError, match="takes 2 inputs"):
        Graph("bad", "", (Node("x", "input"), Node("u", "mul", ("x",))), {"x": 1}, "x", "")
    with pytest.raises(ValueError, match="needs a value"):
        GRAPHS["neuron"].forward({"x": 1})
