"""The loss curves: training and validation loss per epoch, in braille, downsampled."""

from __future__ import annotations

import math

from textual_plotext import PlotextPlot

from nntutor.app.widgets.lab.strings import lang_of, tr
from nntutor.lab import Curves


def log_scale_helps(values: list[float]) -> bool:
    finite = [v for v in values if v is not None and math.isfinite(v)]
    return bool(finite) and min(finite) > 0 and max(finite) / min(finite) > 50


def finite_points(xs: list, ys: list) -> tuple[list, list]:
    pairs = [(x, y) for x, y in zip(xs, ys, strict=True) if y is not None and math.isfinite(y)]
    return [x for x, _ in pairs], [y for _, y in pairs]


def log_ticks(low: float, high: float) -> tuple[list[float], list[str]]:
    """Tick positions (in log10 units) and labels for values from ``low`` to ``high`` (both > 0)."""
    first, last = math.floor(math.log10(low)), math.ceil(math.log10(high))
    steps = (1, 2, 5) if last - first <= 3 else (1,)
    ticks = []
    for power in range(first, last + 1):
        for step in steps:
            value = step * 10.0**power
            if low / 1.0001 <= value <= high * 1.0001:
                ticks.append(value)
    if len(ticks) < 2:
        ticks = [low, high]
    every = max(1, len(ticks) // 6)
    ticks = ticks[::every]
    return [math.log10(t) for t in ticks], [_tick_label(t) for t in ticks]


def _tick_label(value: float) -> str:
    if 1e-3 <= value < 1e4:
        return f"{value:.3g}"
    mantissa, exponent = f"{value:.0e}".split("e")
    return f"{mantissa}e{int(exponent)}"


def plot_log(plt, series: list[tuple[list, list, dict]]) -> None:
    """Plot ``series`` on a log10 y axis, transforming the data here.

    plotext's own log scale transforms the stored data in place on every build, and a widget
    builds on every render, so a second render would take the log of a log."""
    values = [y for _, ys, _ in series for y in ys if y > 0]
    if not values:
        return
    floor = min(values)
    for xs, ys, options in series:
        plt.plot(xs, [math.log10(max(y, floor)) for y in ys], **options)
    ticks, labels = log_ticks(min(values), max(values))
    plt.yticks(ticks, labels)


class LossChart(PlotextPlot):
    """Training and validation loss per epoch; ``show`` replaces the data and redraws."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.curves: Curves | None = None
        self.redraws = 0

    def on_mount(self) -> None:
        super().on_mount()
        self._draw()

    def show(self, curves: Curves | None) -> None:
        self.curves = curves
        self._draw()
        self.refresh()  # the plot widget itself: refreshing the app does not redraw it

    def _draw(self) -> None:
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        lang = lang_of(self)
        plt.xlabel(tr(lang, "epoch"))
        curves = self.curves
        if curves is None or not curves.epochs:
            plt.title(f"{tr(lang, 'loss')}: {tr(lang, 'chart.start')}")
            plt.xlim(0, 10)
            plt.ylim(0, 1)
            return
        train = finite_points(curves.epochs, curves.train_loss)
        val = (
            finite_points(curves.epochs, curves.val_loss)
            if curves.val_loss is not None
            else ([], [])
        )
        series = [
            (*train, {"label": tr(lang, "chart.train"), "marker": "braille", "color": "orange"})
        ]
        if val[0]:
            series.append(
                (
                    *val,
                    {"label": tr(lang, "chart.validation"), "marker": "braille", "color": "cyan"},
                )
            )
        series = [
            s for s in series if s[0]
        ]  # after a divergence the last values are NaN: draw what came before
        values = train[1] + val[1]
        if log_scale_helps(values):  # also a run blowing up to 1e300, which plotext cannot scale
            plot_log(plt, series)
        else:
            for xs, ys, options in series:
                plt.plot(xs, ys, **options)
        if curves.epochs[-1] <= 1:
            plt.xlim(0, 2)
        self.redraws += 1
