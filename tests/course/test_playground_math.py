"""The playgrounds' mathematics: neuron, computation graphs, gradient descent, formula values."""

from __future__ import annotations

import math
import random
import subprocess
import sys

import pytest

from nntutor.course.playground_math import (
    ACTIVATIONS,
    GRAPHS,
    LEARNING_RATES,
    SURFACES,
    Descent,
    FormulaError,
    Graph,
    Neuron,
    Node,
    activate,
    activation_slope,
    central_difference,
    evaluate,
    fmt,
    graph_difference,
    random_inputs,
)

# --- neuron --------------------------------------------------------------------------------------


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


# --- computation graphs --------------------------------------------------------------------------


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


# --- gradient descent ----------------------------------------------------------------------------


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


# --- formula values ------------------------------------------------------------------------------


def test_evaluate_reads_the_checkers_one_line_form():
    at = {"x": 2.0, "w": 0.5, "b": -1.0, "y": 1.0}
    text = "x·(1 - σ(b + w·x))·(-2·y + 2·σ(b + w·x))·σ(b + w·x)"
    assert evaluate(text, at) == pytest.approx(-0.5)
    assert evaluate(
        "x·(-2·y + 2·σ(b + w·x))·exp(-b - w·x)/(exp(-b - w·x) + 1)^2", at
    ) == pytest.approx(-0.5)
    assert evaluate(
        "|x| + max(0, w) + min(x, w, b) + 1/1000 + log(2) + sqrt(4)", at
    ) == pytest.approx(2 + 0.5 - 1 + 0.001 + math.log(2) + 2)
    assert evaluate("e^2 + π - pi", {}) == pytest.approx(math.e**2)
    assert evaluate("-x^2", {"x": 3}) == -9  # − binds looser than ^
    assert evaluate("2^3^2", {}) == 512  # ^ is right-associative
    assert evaluate("2**3*x", {"x": 1}) == 8
    assert evaluate("tanh(0) + heaviside(x) + softplus(0) + relu(-x)", {"x": 1}) == pytest.approx(
        1 + math.log(2)
    )
    assert evaluate("1.5e-3 + .5", {}) == pytest.approx(0.5015)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("x/0", "domain"),
        ("log(-1)", "domain"),
        ("sqrt(-x)", "domain"),
        ("(-8)^(1/3)", "domain"),
        ("10^10^8", "overflow"),
        ("exp(exp(exp(exp(100))))", "overflow"),
        ("foo(x)", "name"),
        ("q + 1", "name"),
        ("(x", "syntax"),
        ("x +", "syntax"),
        ("", "syntax"),
        ("x y", "syntax"),
        ('__import__("os")', "syntax"),
        ("x.__class__", "syntax"),
        ("x[0]", "syntax"),
        ("lambda: 1", "syntax"),
        ("max()", "syntax"),
        ("(" * 100 + "x" + ")" * 100, "long"),
        ("x+" * 1200 + "x", "long"),
    ],
)
def test_evaluate_refuses_what_it_cannot_compute(text, code):
    with pytest.raises(FormulaError) as info:
        evaluate(text, {"x": 1.0})
    assert info.value.code == code


def test_fmt_writes_numbers_as_the_lessons_do():
    assert fmt(-0.25) == "−0.25"
    assert fmt(0.0) == "0" and fmt(-0.0) == "0"
    assert fmt(1 / 3) == "0.3333"
    assert fmt(-1.5e6) == "−1.5e6"
    assert fmt(float("inf")) == "∞" and fmt(float("-inf")) == "−∞" and fmt(float("nan")) == "NaN"
    assert fmt(-0.5, 6) == "−0.5"


def test_the_module_imports_neither_textual_nor_sympy_nor_numpy():
    code = (
        "import sys, nntutor.course.playground_math; "
        "print(sorted(m for m in ('textual', 'sympy', 'numpy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
