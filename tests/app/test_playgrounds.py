"""Pilot tests of the Try-it playgrounds: neuron, graph, descent, on a course of three tiny lessons."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from textual.widgets import Input, Static, TabbedContent

from nntutor.app.widgets.playgrounds import PLAYGROUNDS
from nntutor.app.widgets.playgrounds.descent import SurfaceMap, surface_map
from nntutor.app.widgets.playgrounds.graph import GraphPlayground, tree_rows
from nntutor.course.formula import fmt
from nntutor.playgrounds.computation_graph import graph_difference
from nntutor.playgrounds.gradient_comparison import engine_gradient
from nntutor.playgrounds.gradient_descent import LEARNING_RATES, SURFACES
from nntutor.playgrounds.lesson_graphs import GRAPHS

COURSE = Path(__file__).parent / "playground_course"


async def open_try(app, pilot, lesson_id: str):
    app.open_lesson(app.course.lesson(lesson_id))
    await pilot.pause()
    await pilot.press("y")
    await pilot.pause()
    playground = app.screen.query_one("#playground")
    assert app.screen.query_one("#tabs", TabbedContent).active == "try"
    return playground


def shown(widget: Static) -> str:
    return str(widget.render())


def footer_keys(app) -> dict[str, str]:
    """What the footer offers now: key → description."""
    return {
        key: binding.description
        for key, (_, binding, enabled, _) in app.screen.active_bindings.items()
        if binding.show and enabled
    }


def test_every_lesson_playground_has_a_view():
    assert set(PLAYGROUNDS) == {"neuron", "graph", "descent"}


# --- neuron --------------------------------------------------------------------------------------


async def test_neuron_keys_move_w_b_activation_and_probe(make_app):
    app = make_app(lessons=COURSE)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_try(app, pilot, "neuron")
        assert app.focused is view
        panel = view.query_one("#neuron-values", Static)
        assert "w       = 1" in shown(panel) and "a = σ(z) = 0.7311" in shown(panel)
        await pilot.press("right", "right", "up")
        assert (view.neuron.w, view.neuron.b) == (1.5, 0.25)
        z = 1.5 * 1 + 0.25
        a = 1 / (1 + math.exp(-z))
        text = shown(panel)
        assert f"z = w·x + b = {fmt(z)}" in text
        assert f"a = σ(z) = {fmt(a)}" in text
        assert f"σ′(z) = {fmt(a * (1 - a))}" in text
        assert f"x = −b/w = {fmt(-0.25 / 1.5)}" in text
        plot = view.query_one("#neuron-plot")
        assert "a = σ(1.5·x + 0.25)" in plot.render().plain
        await pilot.press("a")
        assert view.neuron.activation == "tanh"
        assert f"tanh′(z) = {fmt(1 - math.tanh(z) ** 2)}" in shown(panel)
        await pilot.press("x", "x", "X")
        assert view.neuron.x == 1.25
        await pilot.press(
            "a", "down", "down", "down", "left", "left", "left", "left", "left", "left"
        )
        assert view.neuron.activation == "relu" and (view.neuron.w, view.neuron.b) == (0.0, -0.5)
        assert "ReLU′(z) = 0" in shown(panel) and "w = 0" in shown(panel)
        await pilot.press("shift+left")
        assert view.neuron.w == -1.0
        view.action_nudge("w", -1000)
        assert view.neuron.w == -8.0  # clamped
        await pilot.press("r")
        assert (view.neuron.w, view.neuron.b, view.neuron.activation) == (1.0, 0.0, "relu")


async def test_neuron_footer_and_the_lesson_keys_still_work(make_app):
    app = make_app(lessons=COURSE)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_try(app, pilot, "neuron")
        keys = footer_keys(app)
        assert keys["a"] == "activation" and keys["right"] == "w" and keys["x"] == "probe x"
        assert keys["escape"] == "Back"  # the lesson's own keys are untouched
        await pilot.press("t")
        assert app.screen.query_one("#tabs", TabbedContent).active == "text"
        await pilot.press("y")
        assert app.screen.query_one("#tabs", TabbedContent).active == "try"
        assert app.focused.id == "playground"


async def test_neuron_in_russian(make_app):
    app = make_app(lang="ru", lessons=COURSE)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_try(app, pilot, "neuron")
        assert "точка x" in shown(view.query_one("#neuron-values", Static))
        assert footer_keys(app)["a"] == "активация"


# --- graph ---------------------------------------------------------------------------------------


async def test_graph_steps_forward_then_backward(make_app):
    app = make_app(lessons=COURSE)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_try(app, pilot, "graph")
        assert isinstance(view, GraphPlayground)
        title, tree, step = (
            view.query_one(f"#graph-{n}", Static) for n in ("title", "tree", "step")
        )
        assert "forward 0/5" in shown(title)
        assert "x = 2, w = 0.5, b = −1, y = 1" in shown(step)
        await pilot.press("right")
        assert "u = w·x = 0.5·2 = 1" in shown(step)
        await pilot.press("space", "right", "right", "right")
        assert "C = d² = (−0.5)² = 0.25" in shown(step)
        await pilot.press("right")
        assert "backward 1/6" in shown(title) and "∂C/∂C = 1" in shown(step)
        await pilot.press("right", "right", "right")
        assert "∂C/∂z += ∂C/∂a · σ′(z) = (−1) · 0.25 = −0.25" in shown(step)
        await pilot.press("left")
        assert "∂C/∂a += ∂C/∂d · 1 = (−1) · 1 = −1" in shown(step)
        await pilot.press("end")
        assert "done" in shown(title)
        assert "∂C/∂x = −0.125, ∂C/∂w = −0.5, ∂C/∂b = −0.25, ∂C/∂y = 1" in shown(step)
        lines = shown(tree).splitlines()
        row = next(line for line in lines if "├─ w " in line)
        assert row.split()[-2:] == ["0.5", "−0.5"]  # value, then ∂C/∂w
        await pilot.press("home")
        assert view.index == 0 and "forward 0/5" in shown(title)


async def test_graph_shows_accumulation_when_a_node_is_used_twice(make_app):
    app = make_app(lessons=COURSE)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_try(app, pilot, "graph")
        await pilot.press("g")
        assert view.graph.id == "shared"
        step = view.query_one("#graph-step", Static)
        await pilot.press(
            "right", "right", "right", "right"
        )  # forward q, f; seed; backward through f
        assert "∂f/∂x += ∂f/∂f · 1 = 1 · 1 = 1" in shown(step)
        assert "x is used 2 times" in shown(step) and "more paths still to add" in shown(step)
        tree = shown(view.query_one("#graph-tree", Static))
        assert tree.count("1…") >= 2  # both drawings of x: a partial gradient
        await pilot.press("right")  # backward through q: the second path adds to the first
        assert "∂f/∂x += ∂f/∂q · y = 1 · (−2) = −2  → 1 + (−2) = −1" in shown(step)
        tree = shown(view.query_one("#graph-tree", Static))
        x_rows = [line for line in tree.splitlines() if line.strip().endswith("−1") and "x" in line]
        assert len(x_rows) == 2  # x appears twice in the tree, with the same summed gradient
        await pilot.press("g")
        assert view.graph.id == "square"
        await pilot.press("end")
        assert "∂C/∂w = 4, ∂C/∂x = 1" in shown(step)
        await pilot.press("g")
        assert view.graph.id == "linear"  # lesson 10's neuron without an activation
        await pilot.press("end")
        assert "∂C/∂w = 12, ∂C/∂x = 8, ∂C/∂b = 4, ∂C/∂y = −4" in shown(step)
        await app.workers.wait_for_complete()
        await pilot.pause()
        compare = shown(view.query_one("#graph-compare", Static))
        assert compare.count("12") == 3  # backprop, engine, finite difference
        await pilot.press("g")
        assert view.graph.id == "neuron"


async def test_graph_new_values_keep_gradients_right(make_app):
    app = make_app(lessons=COURSE)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_try(app, pilot, "graph")
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert view.inputs != dict(GRAPHS["neuron"].defaults)
        compare = shown(view.query_one("#graph-compare", Static))
        backprop = GRAPHS["neuron"].backward(view.inputs)["w"]
        difference = graph_difference(GRAPHS["neuron"], view.inputs, "w")
        assert abs(backprop - difference) < 1e-8
        engine = engine_gradient("neuron", view.inputs)
        assert engine == pytest.approx(backprop, rel=1e-12)
        assert (
            compare.count(fmt(backprop, 6)) >= 2
        )  # backprop and engine (and usually the difference)
        assert fmt(difference, 6) in compare
        await pilot.press("l")
        assert view.inputs == dict(GRAPHS["neuron"].defaults)


async def test_graph_learner_formula_beside_backprop_engine_and_difference(make_app):
    app = make_app(lessons=COURSE)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_try(app, pilot, "graph")
        await pilot.press("f")
        answer = view.query_one("#graph-answer", Input)
        assert app.focused is answer
        answer.value = "2(σ(wx+b) - y)·σ(wx+b)(1 - σ(wx+b))·x"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        compare = shown(view.query_one("#graph-compare", Static)).splitlines()
        rows = {line[:18].strip(): line[18:].split() for line in compare[1:]}
        assert rows["your formula"] == ["−0.5", "✓"]
        assert rows["backprop (graph)"] == ["−0.5"]
        assert rows["engine backprop"] == ["−0.5"]
        assert rows["finite difference"] == ["−0.5"]
        verdict = view.query_one("#graph-verdict", Static)
        assert "Right" in shown(verdict) and verdict.has_class("correct")
        # the formula follows the values: new values, the same agreement
        view.focus()
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        compare = shown(view.query_one("#graph-compare", Static)).splitlines()
        rows = {line[:18].strip(): line[18:].split() for line in compare[1:]}
        assert rows["your formula"][0] == rows["backprop (graph)"][0] == rows["engine backprop"][0]
        # a wrong formula: its value, a cross, the checker's reason
        answer.value = "2*(sigma(w*x+b) - y)*x"
        answer.focus()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        compare = shown(view.query_one("#graph-compare", Static)).splitlines()
        rows = {line[:18].strip(): line[18:].split() for line in compare[1:]}
        at = view.inputs
        expected = 2 * (1 / (1 + math.exp(-(at["w"] * at["x"] + at["b"]))) - at["y"]) * at["x"]
        assert rows["your formula"] == [fmt(expected, 6), "✗"]
        assert view.query_one("#graph-verdict", Static).has_class("wrong")
        # unreadable input is explained, and nothing breaks
        answer.value = "2*(a - y)"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "not a variable" in shown(view.query_one("#graph-verdict", Static))


async def test_graph_in_russian(make_app):
    app = make_app(lang="ru", lessons=COURSE)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_try(app, pilot, "graph")
        assert "прямой проход 0/5" in shown(view.query_one("#graph-title", Static))
        assert footer_keys(app)["g"] == "граф"


def test_engine_gradient_of_both_networks():
    for graph_id in ("neuron", "linear"):
        graph = GRAPHS[graph_id]
        for inputs in (graph.defaults, {"x": -1.3, "w": 1.7, "b": 0.4, "y": 0.0}):
            expected = graph.backward(inputs)["w"]
            assert engine_gradient(graph_id, inputs) == pytest.approx(expected, rel=1e-12)
    with pytest.raises(ValueError, match="not a network"):
        engine_gradient("shared", GRAPHS["shared"].defaults)


def test_tree_rows_draw_every_use():
    rows = tree_rows(GRAPHS["shared"])
    assert [name for _, name in rows] == ["f", "q", "x", "y", "x"]
    assert [prefix for prefix, _ in rows] == ["", "├─ ", "│  ├─ ", "│  └─ ", "└─ "]


# --- descent -------------------------------------------------------------------------------------


async def test_descent_steps_rates_and_surfaces(make_app):
    app = make_app(lessons=COURSE)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_try(app, pilot, "descent")
        info = view.query_one("#descent-info", Static)
        assert "step 0" in shown(info) and "ε = 0.1" in shown(info)
        await pilot.press("space", "space", "space")
        text = shown(info)
        assert "step 3" in text and "w      = 1.464" in text and "dC/dw  = −3.072" in text
        assert "(w − 3) × 0.8" in text and "Walking smoothly down" in text
        await pilot.press("plus")
        assert view.rate == 0.11 and view.descent.steps == 0  # a new ε starts the walk again
        await pilot.press("minus", "minus")
        assert view.rate == 0.09
        await pilot.press("right")  # move the start
        assert view.descent.path[0] == (0.5,)
        await pilot.press("l")
        assert view.descent.path[0] == (0.0,) and view.rate == 0.1
        await pilot.press("r")
        assert view.descent.path[0] != (0.0,) and SURFACES["curve"].inside(view.descent.path[0])
        await pilot.press("s")
        assert view.surface.id == "bumpy"
        await pilot.press("s")
        assert view.surface.id == "valley" and view.rate == 0.09
        assert view.query_one("#descent-charts").current == "descent-map"
        await pilot.press("space")
        text = shown(info)
        assert "w  = (−3.28, −0.8)" in text and "w₁ × 0.82" in text and "w₂ × −0.8" in text
        await pilot.press("up")
        assert view.descent.path[0] == (-4.0, 1.25) and view.descent.steps == 0


async def test_descent_runs_and_shows_divergence_in_words(make_app):
    app = make_app(lessons=COURSE)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_try(app, pilot, "descent")
        view.rate_index = len(LEARNING_RATES) - 2
        await pilot.press("plus", "plus")
        assert view.rate == 1.5  # the top of the ladder, and no further
        await pilot.press("p")
        assert view.running
        for _ in range(100):
            if not view.running:
                break
            view.tick()
        assert not view.running and view.descent.diverged
        await pilot.pause()
        text = shown(view.query_one("#descent-info", Static))
        assert "Diverged" in text and "Lower ε" in text
        await pilot.press("space", "p")  # nothing more to do, and no error
        assert not view.running and view.descent.diverged
        await pilot.press("minus", "minus", "minus", "minus", "minus", "minus")
        assert view.rate == 0.11 and not view.descent.diverged


async def test_descent_pause_and_bouncing(make_app):
    app = make_app(lessons=COURSE)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_try(app, pilot, "descent")
        await pilot.press("p")
        assert view.running and "running" in shown(view.query_one("#descent-info", Static))
        await pilot.press("p")
        assert not view.running and "paused" in shown(view.query_one("#descent-info", Static))
        while view.rate < 1.0:
            await pilot.press("plus")
        await pilot.press("space", "space", "space", "space")
        assert [p[0] for p in view.descent.path] == [0, 6, 0, 6, 0]
        assert "Bouncing" in shown(view.query_one("#descent-info", Static))


async def test_descent_in_russian_and_larger(make_app):
    app = make_app(lang="ru", lessons=COURSE)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_try(app, pilot, "descent")
        await pilot.press("space")
        assert "шаг 1" in shown(view.query_one("#descent-info", Static))
        assert footer_keys(app)["s"] == "поверхность"


def test_surface_map_marks_the_path_and_a_point_off_the_map():
    valley = SURFACES["valley"]
    text = surface_map(valley, [(-4.0, 1.0), (-3.28, -0.8), (-2.69, 0.64)], 40, 12).plain
    lines = text.splitlines()
    assert len(lines) == 12 and all(len(line) <= 40 for line in lines)
    assert "0" in text and "1" in text and "●" in text and "★" in text
    off = surface_map(valley, [(-4.0, 1.0), (-3.0, 40.0)], 40, 12).plain
    assert "↑" in off and "●" not in off
    assert isinstance(SurfaceMap().render().plain, str)


async def test_graph_formula_box_esc_returns_to_the_playground(make_app):
    """Esc in the formula box gives the keys back to the playground; it does not leave the lesson."""
    app = make_app(lessons=COURSE)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_try(app, pilot, "graph")
        await pilot.press("f")
        assert app.focused is view.query_one("#graph-answer", Input)
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused is view
        assert app.screen.query_one("#tabs", TabbedContent).active == "try"
