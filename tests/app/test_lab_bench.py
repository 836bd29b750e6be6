"""The lab's experiment bench driven by Pilot at 80×24, keys only: backprop replay with a
prediction recorded, points added and deleted on the boundary, the hidden space, neurons off
and frozen."""

from __future__ import annotations

import numpy as np

from nntutor.app.widgets.lab.editable_plane import EditablePlane
from nntutor.app.widgets.lab.hidden_view import HiddenPicture, HiddenSpaceScreen
from nntutor.app.widgets.lab.replay_view import ReplayScreen
from nntutor.app.widgets.lab.value_dialog import ValueDialog
from nntutor.lab import LabRequest
from tests.app.test_lab import settle

SPIRALS = {
    "dataset": "spirals",
    "samples": 200,
    "hidden": [6, 5],
    "epochs": 4,
    "pace": 0,
    "seed": 2,
}


def lab_app(make_app, lang: str = "en", **options):
    app = make_app(lang=lang)
    app.open_lab(LabRequest({**SPIRALS, **options}))
    return app


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


async def test_replay_steps_the_backward_pass_and_records_predictions(make_app):
    app = lab_app(make_app)
    async with app.run_test(size=(80, 24)) as pilot:
        lab = await settle(app, pilot)
        await pilot.press("space")
        lab = await settle(app, pilot)
        weights_before = lab.session.trainer.network.get_weights()
        await pilot.press("b")
        await pilot.pause()
        replay = app.screen
        assert isinstance(replay, ReplayScreen) and replay.one_example
        steps = replay.replay.steps
        assert [s.kind for s in steps] == [
            "output",
            "grads",
            "below",
            "grads",
            "below",
            "grads",
            "update",
        ]
        shown = replay.text.plain
        assert "δ₄ = (softmax(z₄) − y) / N" in shown and "Predict δ₄[1," in shown
        # the sign of the asked entry, right
        truth = replay.question.truth(replay.step)
        await pilot.press("plus" if truth > 0 else "minus")
        await pilot.pause()
        assert "✓ Right" in replay.text.plain
        await pilot.press("enter")  # to ∂C/∂W₃
        await pilot.pause()
        assert replay.step.kind == "grads" and "∂C/∂W₃ = Σ δ₄·a₃ᵀ" in replay.text.plain
        # a typed number, wrong on purpose
        truth = replay.question.truth(replay.step)
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, ValueDialog)
        await pilot.press("a", "b", "enter")  # not a number: the dialog says so and stays
        await pilot.pause()
        assert isinstance(app.screen, ValueDialog)
        await pilot.press("backspace", "backspace", *str(round(truth * 3 + 1, 3)), "enter")
        await pilot.pause()
        assert app.screen is replay and "✗ Not quite" in replay.text.plain
        await pilot.press("enter", "enter")  # on to δ₃, then reveal it without predicting
        await pilot.pause()
        assert replay.step.kind == "below" and replay.revealed and replay.verdict is None
        assert "W₃ᵀδ₄" in replay.text.plain and "f′(z₃)" in replay.text.plain
        await pilot.press("enter")
        await pilot.pause()
        assert replay.step.kind == "grads"
        while replay.step.kind != "update":
            await pilot.press("enter")
            await pilot.pause()
        await pilot.press("enter")  # apply the update
        await pilot.pause()
        shown = replay.text.plain
        assert "loss on this batch" in shown and "2 predictions recorded" in shown
        assert replay.query_one("#replay-planes").display
        assert replay.query_one("#replay-after").plane is not None
        await pilot.press("escape")
        lab = await settle(app, pilot)
        assert app.screen is lab
        after = lab.session.trainer.network.get_weights()
        assert not np.array_equal(after[0][0], weights_before[0][0])  # the update was applied
    attempts = app.store.attempts("@lab", "replay")
    assert [a.correct for a in attempts] == [True, False]
    assert attempts[0].answer.startswith("sign(δ₄[1,") and attempts[0].skills == ("backprop",)
    assert app.store.due_reviews() == []


async def test_replay_in_russian_with_a_batch(make_app):
    app = lab_app(make_app, lang="ru")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("b")
        await pilot.pause()
        replay = app.screen
        await pilot.press("e")  # a mini-batch instead of one example
        await pilot.pause()
        assert not replay.one_example and replay.replay.examples == 32
        shown = replay.text.plain
        assert "мини-батч из 32 примеров" in shown and "Предскажите" in shown
        await pilot.press("escape")
        await pilot.pause()


async def test_points_are_added_and_deleted_with_the_cursor(make_app):
    app = lab_app(make_app)
    async with app.run_test(size=(80, 24)) as pilot:
        lab = await settle(app, pilot)
        count = len(lab.session.train_points[0])
        await pilot.press("e")
        lab = await settle(app, pilot)
        plane = lab.query_one("#view-boundary", EditablePlane)
        assert lab.view == "boundary" and plane.has_focus
        assert "adding class 0" in text_of(lab, "#lab-viewbar")
        await pilot.press("left", "left", "up", "enter")
        await pilot.press("c", "enter")
        assert "adding class 1" in text_of(lab, "#lab-viewbar")
        lab = await settle(app, pilot)
        X, y = lab.session.train_points
        assert len(X) == count + 2 and y[-2:].tolist() == [0, 1]
        assert lab.session.trainer.train_size == count + 2
        await pilot.press("x")
        lab = await settle(app, pilot)
        assert len(lab.session.train_points[0]) == count + 1
        await pilot.press("space")  # training goes on with the edited points
        lab = await settle(app, pilot)
        assert lab.state == "finished"
        await pilot.press("escape")
        await pilot.pause()
        assert lab.controls.has_focus and "Decision" in text_of(lab, "#lab-viewbar")


async def test_a_click_on_the_boundary_adds_a_point_there(make_app):
    app = lab_app(make_app)
    async with app.run_test(size=(80, 24)) as pilot:
        lab = await settle(app, pilot)
        count = len(lab.session.train_points[0])
        await pilot.press("e")
        lab = await settle(app, pilot)
        plane = lab.query_one("#view-boundary", EditablePlane)
        await pilot.click(plane, offset=(3, 2))
        lab = await settle(app, pilot)
        X, _ = lab.session.train_points
        assert len(X) == count + 1
        x1, x2 = plane.point_at(3, 2)
        assert X[-1].tolist() == [x1, x2]


async def test_points_cannot_be_edited_on_one_input_data(make_app):
    app = lab_app(make_app, dataset="sine", hidden=[4])
    async with app.run_test(size=(80, 24)) as pilot:
        lab = await settle(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        assert lab.controls.has_focus
        assert any("2 inputs; this data has 1" in n.message for n in app._notifications)


async def test_the_hidden_space_follows_training(make_app):
    app = lab_app(make_app, epochs=20)
    async with app.run_test(size=(80, 24)) as pilot:
        lab = await settle(app, pilot)
        await pilot.press("i")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HiddenSpaceScreen) and screen.depth == 2
        start = screen.query_one(HiddenPicture).space.points.copy()
        assert "hidden layer 2 (5 neurons)" in screen.title_text
        await pilot.press("space")  # the lab trains beneath
        await settle(app, pilot)
        screen.redraw()
        assert not np.allclose(screen.query_one(HiddenPicture).space.points, start)
        await pilot.press("right", "up", "up", "down", "down", "down")
        assert screen.axes == (1, 0)
        await pilot.press("right_square_bracket")
        assert screen.depth == 0 and "the input" in screen.title_text
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is lab


async def test_the_hidden_space_with_input_features_names_them(make_app):
    app = lab_app(make_app, dataset="circles", features="x1,x2,x1^2,x2^2")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("i")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HiddenSpaceScreen) and screen.depth == 2
        await pilot.press("right_square_bracket")
        assert screen.depth == 0
        assert "the input features (x1, x2, x1^2, x2^2)" in screen.title_text
        assert "x: x1 · y: x2" in screen.title_text
        await pilot.press("right", "right", "up", "up")
        assert screen.axes == (2, 3) and "x: x1^2 · y: x2^2" in screen.title_text
        assert screen.query_one(HiddenPicture).space.width == 4
        await pilot.press("escape")


async def test_a_neuron_off_and_a_neuron_frozen(make_app):
    app = lab_app(make_app)
    async with app.run_test(size=(80, 24)) as pilot:
        lab = await settle(app, pilot)
        await pilot.press("o")
        await pilot.pause()
        assert not lab.session.switches.off  # the network view is not shown: nothing chosen
        await pilot.press("v", "v", "v")
        lab = await settle(app, pilot)
        assert lab.view == "network"
        await pilot.press("tab", "down")
        lab = await settle(app, pilot)
        assert lab.neuron == (0, 1)
        await pilot.press("o", "f")
        lab = await settle(app, pilot)
        assert lab.session.switches.off == {(0, 1)} and lab.session.switches.is_frozen(0, 1)
        assert "off: h1.2 · frozen: h1.2" in text_of(lab, "#lab-hint")
        assert lab.network_view.diagram.marks == {(0, 1): "◇"}
        await pilot.press("down")  # the cursor moves on: the mark shows
        assert "◇" in str(lab.network_view.diagram.render())
        await pilot.press("up")
        frozen = lab.session.trainer.network.get_weights()[0][0][1].copy()
        await pilot.press("space")
        lab = await settle(app, pilot)
        layer = lab.session.trainer.network.layers[0].snapshot()
        assert np.all(layer["a"][:, 1] == 0)
        assert np.array_equal(lab.session.trainer.network.get_weights()[0][0][1], frozen)
        await pilot.press("o")  # on again
        lab = await settle(app, pilot)
        assert not lab.session.switches.off
