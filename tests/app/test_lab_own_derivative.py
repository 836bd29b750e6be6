"""The lab's own-derivative box: a deliberately wrong σ′ makes the curves part."""

from __future__ import annotations

from textual.widgets import Input, Static

from nntutor.app.widgets.lab.own_derivative import OwnDerivativeDialog
from nntutor.lab import LabRequest
from tests.app.test_lab import settle

SETTINGS = {
    "dataset": "moons",
    "samples": 200,
    "hidden": [6],
    "epochs": 15,
    "pace": 0,
    "seed": 1,
    "optimizer": "sgd",
    "lr": 0.5,
}


async def train_with(app, pilot, formula: str) -> str:
    dialog = app.screen
    assert isinstance(dialog, OwnDerivativeDialog)
    dialog.query_one(Input).value = formula
    await pilot.press("enter")
    await app.workers.wait_for_complete()
    await pilot.pause()
    return str(dialog.query_one("#own-result", Static).render())


async def test_a_wrong_sigma_prime_parts_the_curves_and_the_right_one_does_not(make_app):
    app = make_app()
    app.store.record_attempt(
        "backpropagation",
        "d-sigmoid-db",
        "-sigma(wx+b)(1 - sigma(wx+b))",
        False,
        skills=["backprop"],
    )
    app.open_lab(LabRequest(dict(SETTINGS)))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("d")
        await pilot.pause()
        dialog = app.screen
        # the first target is σ′, prefilled with the learner's last (wrong) answer
        assert dialog.query_one(Input).value == "-sigma(wx+b)(1 - sigma(wx+b))"
        shown = await train_with(app, pilot, dialog.query_one(Input).value)
        assert "the losses part at epoch" in shown and "-1.00" in shown
        shown = await train_with(app, pilot, "sigma(wx+b)(1 - sigma(wx+b))")
        assert "stay together for all 15 epochs" in shown and "+1.00 · +1.00" in shown
        shown = await train_with(app, pilot, "asin(b)")
        assert "Cannot train with it" in shown
        await pilot.press("escape")
        assert not isinstance(app.screen, OwnDerivativeDialog)
