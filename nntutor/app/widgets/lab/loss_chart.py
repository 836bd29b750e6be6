"""The loss curves: training and validation loss per epoch, in braille, downsampled."""

from __future__ import annotations

import math

from textual_plotext import PlotextPlot

from nntutor.app.widgets.lab.session import Curves


def log_scale_helps(values: list[float]) -> bool:
    finite = [v for v in values if v is not None and math.isfinite(v)]
    return bool(finite) and min(finite) > 0 and max(finite) / min(finite) > 50


HUGE = 1e12  # above this a loss is drawn as its log10


def finite_points(xs: list, ys: list) -> tuple[list, list]:
    pairs = [(x, y) for x, y in zip(xs, ys) if y is not None and math.isfinite(y)]
    return [x for x, _ in pairs], [y for _, y in pairs]


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
        plt.xlabel("epoch")
        curves = self.curves
        if curves is None or not curves.epochs:
            plt.title("loss: press Space to train")
            plt.xlim(0, 10)
            plt.ylim(0, 1)
            return
        train = finite_points(curves.epochs, curves.train_loss)
        val = (
            finite_points(curves.epochs, curves.val_loss)
            if curves.val_loss is not None
            else ([], [])
        )
        values = train[1] + val[1]
        if values and max(values) > HUGE:  # a run blowing up: plotext cannot scale such numbers
            train = (train[0], [math.log10(max(v, 1e-300)) for v in train[1]])
            val = (val[0], [math.log10(max(v, 1e-300)) for v in val[1]])
            plt.ylabel("log10 of the loss")
        elif log_scale_helps(values):
            plt.yscale("log")
        if train[0]:  # after a divergence the last values are NaN: draw what came before
            plt.plot(*train, label="train", marker="braille", color="orange")
        if val[0]:
            plt.plot(*val, label="validation", marker="braille", color="cyan")
        if curves.epochs[-1] <= 1:
            plt.xlim(0, 2)
        self.redraws += 1
