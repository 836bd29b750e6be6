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


def plot_log(plt, series: list[tuple[list, list, dict]]) -> list[tuple[list, list, dict]]:
    """Plot ``series`` on a log10 y axis, transforming the data here; returns the series as
    plotted (y in log10 units), for labels placed on them.

    plotext's own log scale transforms the stored data in place on every build, and a widget
    builds on every render, so a second render would take the log of a log."""
    values = [y for _, ys, _ in series for y in ys if y > 0]
    if not values:
        return []
    floor = min(values)
    plotted = []
    for xs, ys, options in series:
        logs = [math.log10(max(y, floor)) for y in ys]
        plt.plot(xs, logs, **options)
        plotted.append((xs, logs, options))
    ticks, labels = log_ticks(min(values), max(values))
    plt.yticks(ticks, labels)
    return plotted


# Each series has its own marker, so it reads without colour (NO_COLOR, a monochrome terminal):
# training a braille line, validation dots; and each line is labelled at its end.
TRAIN_MARKER, VAL_MARKER = "braille", "•"


def label_ends(
    plt, series: list[tuple[list, list, dict]], names: list[str], rows: int = 12
) -> None:
    """Write each series' name at its last point (right-aligned, so it stays inside the plot);
    a single point keeps its marker (the legend names it). Ends closer than a row apart (of
    ``rows`` in the plot) are spread over neighbouring rows, so no label covers another."""
    ends = [
        (ys[-1], xs[-1], name, options)
        for (xs, ys, options), name in zip(series, names, strict=True)
        if len(xs) > 1
    ]
    if not ends:
        return
    values = [y for _, ys, _ in series for y in ys]
    step = (max(values) - min(values)) / max(1, rows - 1) or 1.0
    placed: list[float] = []
    for y, x, name, options in sorted(ends, key=lambda end: end[0]):
        while any(abs(y - other) < step for other in placed):
            y += step
        placed.append(y)
        plt.text(name, x, y, alignment="right", color=options.get("color"))


class LossChart(PlotextPlot):
    """Training and validation loss per epoch; ``show`` replaces the data and redraws."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.curves: Curves | None = None
        self.first_batches: list[float] | None = None
        self.diverged: int | None = None  # the epoch a run diverged in
        self.redraws = 0

    def on_mount(self) -> None:
        super().on_mount()
        self._draw()

    def show(
        self,
        curves: Curves | None,
        first_batches: list[float] | None = None,
        diverged: int | None = None,
    ) -> None:
        """Draw ``curves``; before the first epoch's loss is known, ``first_batches`` (the batch
        losses so far); ``diverged``, the epoch a run diverged in, is said in the title."""
        self.curves, self.first_batches, self.diverged = curves, first_batches, diverged
        self._draw()
        self.refresh()  # the plot widget itself: refreshing the app does not redraw it

    def _draw(self) -> None:
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        lang = lang_of(self)
        plt.xlabel(tr(lang, "epoch"))
        curves = self.curves
        if self.diverged is not None:
            plt.title(tr(lang, "chart.diverged", n=self.diverged))
        if curves is None or not (curves.epochs or self.first_batches):
            if self.diverged is None:
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
        train_name, val_name = tr(lang, "chart.train"), tr(lang, "chart.validation")
        if not train[0] and self.first_batches:  # no epoch ended well: the batches before
            batches = self.first_batches
            train = finite_points(list(range(1, len(batches) + 1)), batches)
            plt.xlabel(tr(lang, "chart.batches"))
            if self.diverged is not None:
                plt.title(tr(lang, "chart.diverged_batch"))
        series = [(*train, {"label": train_name, "marker": TRAIN_MARKER, "color": "orange"})]
        names = [train_name]
        if val[0]:
            series.append((*val, {"label": val_name, "marker": VAL_MARKER, "color": "cyan"}))
            names.append(tr(lang, "val"))
        kept = [(s, n) for s, n in zip(series, names, strict=True) if s[0]]
        # after a divergence the last values are NaN: draw what came before
        series, names = [s for s, _ in kept], [n for _, n in kept]
        if not series:
            plt.xlim(0, 10)
            plt.ylim(0, 1)
            return
        values = [y for _, ys, _ in series for y in ys]
        if log_scale_helps(values):  # also a run blowing up to 1e300, which plotext cannot scale
            series = plot_log(plt, series)
        else:
            for xs, ys, options in series:
                plt.plot(xs, ys, **options)
        label_ends(plt, series, names, rows=max(4, self.size.height - 5))
        if series[0][0][-1] <= 1:
            plt.xlim(0, 2)
        self.redraws += 1
