"""An experiment's run, drawn under its prediction: one loss curve per run, as a sparkline.

Shown by the exercise panel for the ``experiment`` kind once the engine has run it
(course/experiments.py); small enough for 80×24.
"""

from __future__ import annotations

import math

from rich.markup import escape
from textual.widgets import Static

from nntutor.course.experiments import DIVERGED_LOSS, ExperimentRun
from nntutor.i18n import Messages, t

BARS = "▁▂▃▄▅▆▇█"
WIDTH = 40
STRINGS = Messages(
    "experiment_view",
    {
        "curves": "training loss per epoch (log scale) · seed {seed}",
    },
)


def sparkline(values: list[float], low: float, high: float, width: int = WIDTH) -> str:
    """Values on a log scale between ``low`` and ``high``, at most ``width`` characters; ✗ past a blow-up."""
    if not values:
        return ""
    step = max(1, math.ceil(len(values) / width))
    shown = values[::step]
    span = max(math.log(high) - math.log(low), 1e-12)
    out = []
    for value in shown:
        if value >= DIVERGED_LOSS or not math.isfinite(value):
            out.append("✗")
            continue
        level = (math.log(max(value, low)) - math.log(low)) / span
        out.append(BARS[min(len(BARS) - 1, max(0, int(level * (len(BARS) - 1) + 0.5)))])
    return "".join(out)


def run_picture(run: ExperimentRun, lang: str) -> str:
    """The runs' loss curves on one shared scale, with a line that says what they show (markup)."""
    finite = [
        v
        for r in run.results.values()
        for v in r.losses
        if math.isfinite(v) and 0 < v < DIVERGED_LOSS
    ]
    if not finite:
        return ""
    low, high = min(finite), max(finite)
    high = max(high, low * 1.0001)
    lines = [f"[dim]{escape(t('curves', lang, STRINGS, seed=run.seed))}[/dim]"]
    for name, result in run.results.items():
        line = sparkline(result.losses, low, high)
        if result.diverged_at is not None:
            line += "✗"
        lines.append(f"{escape(name)} {line}")
    return "\n".join(lines)


class ExperimentView(Static):
    """The run's curves; empty until the prediction is committed and the run is done."""

    DEFAULT_CSS = """
    ExperimentView {
        height: auto;
        margin: 1 0 0 0;
    }
    """

    def show_run(self, run: ExperimentRun | None, lang: str) -> None:
        self.update(run_picture(run, lang) if run is not None else "")
