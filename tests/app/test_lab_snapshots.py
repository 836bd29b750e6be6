"""SVG snapshots of the lab at 80×24 and 120×40, after a small seeded run.

The speed figure differs from run to run, so it is switched off here; float64 keeps the
printed losses the same on other CPUs.
"""

from __future__ import annotations

import pytest

from nntutor.app.widgets.lab import status
from nntutor.lab import LabRequest
from tests.app.test_lab import settle

RUN = {
    "dataset": "spirals",
    "samples": 300,
    "hidden": [12, 12],
    "epochs": 40,
    "pace": 0,
    "seed": 2,
    "dtype": "float64",
    "lr": 0.03,
}


@pytest.fixture(autouse=True)
def no_timing(monkeypatch):
    monkeypatch.setattr(status, "SHOW_TIMING", False)


def lab_app(make_app, **options):
    app = make_app()
    app.open_lab(LabRequest({**RUN, **options}))
    return app


def trained(*keys: str):
    async def run_before(pilot) -> None:
        app = pilot.app
        await settle(app, pilot)
        await pilot.press("space")
        await settle(app, pilot)
        for key in keys:
            await pilot.press(key)
            await settle(app, pilot)

    return run_before


def test_lab_loss_80x24(snap_compare, make_app):
    assert snap_compare(lab_app(make_app), run_before=trained(), terminal_size=(80, 24))


def test_lab_boundary_80x24(snap_compare, make_app):
    assert snap_compare(lab_app(make_app), run_before=trained("v"), terminal_size=(80, 24))


def test_lab_network_80x24(snap_compare, make_app):
    assert snap_compare(
        lab_app(make_app), run_before=trained("v", "v", "v", "tab", "down"), terminal_size=(80, 24)
    )


def test_lab_wide_120x40(snap_compare, make_app):
    assert snap_compare(lab_app(make_app), run_before=trained(), terminal_size=(120, 40))


def test_lab_diverged_80x24(snap_compare, make_app):
    app = make_app()
    app.open_lab(
        LabRequest(
            {"dataset": "sine", "optimizer": "sgd", "lr": 5.0, "pace": 0, "dtype": "float64"}
        )
    )
    assert snap_compare(app, run_before=trained(), terminal_size=(80, 24))
