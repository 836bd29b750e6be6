"""SVG snapshots of the Try-it playgrounds at 80×24."""

from __future__ import annotations

from pathlib import Path

COURSE = Path(__file__).parent / "playground_course"
SIZE = (80, 24)


def opened(lesson_id: str, *keys: str):
    """A run_before that opens the lesson's Try-it tab, presses ``keys`` and waits for the workers."""

    async def run_before(pilot) -> None:
        app = pilot.app
        app.open_lesson(app.course.lesson(lesson_id))
        await pilot.pause()
        await pilot.press("y", *keys)
        await app.workers.wait_for_complete()
        await pilot.pause()

    return run_before


def test_neuron(snap_compare, make_app):
    run_before = opened("neuron", "right", "right", "right", "down", "down")
    assert snap_compare(make_app(lessons=COURSE), terminal_size=SIZE, run_before=run_before)


def test_neuron_relu_russian(snap_compare, make_app):
    run_before = opened("neuron", "a", "a", "down", "down", "down", "down", "x", "x")
    assert snap_compare(
        make_app(lang="ru", lessons=COURSE), terminal_size=SIZE, run_before=run_before
    )


def test_graph_backward(snap_compare, make_app):
    keys = ["right"] * 9  # five nodes forward, the seed, three nodes back: at a = σ(z)
    run_before = opened("graph", *keys)
    assert snap_compare(make_app(lessons=COURSE), terminal_size=SIZE, run_before=run_before)


def test_graph_node_used_twice(snap_compare, make_app):
    run_before = opened("graph", "g", "right", "right", "right", "right", "right")
    assert snap_compare(make_app(lessons=COURSE), terminal_size=SIZE, run_before=run_before)


def test_descent_curve(snap_compare, make_app):
    run_before = opened("descent", "space", "space", "space", "space")
    assert snap_compare(make_app(lessons=COURSE), terminal_size=SIZE, run_before=run_before)


def test_descent_valley_zigzag(snap_compare, make_app):
    run_before = opened("descent", "s", "s", *["space"] * 6)
    assert snap_compare(make_app(lessons=COURSE), terminal_size=SIZE, run_before=run_before)


def test_descent_diverged(snap_compare, make_app):
    run_before = opened(
        "descent", "plus", "plus", "plus", "plus", "plus", "plus", "plus", "plus", *["space"] * 20
    )
    assert snap_compare(make_app(lessons=COURSE), terminal_size=SIZE, run_before=run_before)
