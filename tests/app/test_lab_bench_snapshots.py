"""An SVG snapshot of the backprop replay at 80×24: the step that passes δ one layer down,
with the entry to predict marked. float64 keeps the printed numbers the same on other CPUs."""

from __future__ import annotations

from nntutor.lab import LabRequest
from tests.app.test_lab import settle

RUN = {
    "dataset": "spirals",
    "samples": 200,
    "hidden": [4, 3],
    "epochs": 10,
    "pace": 0,
    "seed": 2,
    "dtype": "float64",
    "lr": 0.03,
}


def test_backprop_replay_80x24(snap_compare, make_app):
    app = make_app()
    app.open_lab(LabRequest(RUN))

    async def run_before(pilot) -> None:
        await settle(pilot.app, pilot)
        await pilot.press("space")
        await settle(pilot.app, pilot)
        await pilot.press("b")
        await pilot.pause()
        await pilot.press("enter", "enter", "enter", "enter")  # δ₄, ∂C/∂W₃ shown; δ₃ to predict
        await pilot.pause()

    assert snap_compare(app, run_before=run_before, terminal_size=(80, 24))
