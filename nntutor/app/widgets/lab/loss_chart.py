"""The loss curves: training and validation loss per epoch, in braille, downsampled."""

from __future__ import annotations

import math

from textual_plotext import PlotextPlot

from nntutor.app.widgets.lab.session import Curves


def log_scale_helps(values: list[float]) -> bool:
    finite = [v for v in values if v is not None and math.isfinite(v)]
    return bool(finite) and min(finite) > 0 and max(finite) / min(finite) > 50


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
        values = curves.train_loss + (curves.val_loss or [])
        if log_scale_helps(values):
            plt.yscale("log")
        plt.plot(curves.epochs, curves.train_loss, label="train", marker="braille", color="orange")
        if curves.val_loss is not None:
            plt.plot(
                curves.epochs, curves.val_loss, label="validation", marker="braille", color="cyan"
            )
        if curves.epochs[-1] <= 1:
            plt.xlim(0, 2)
        self.redraws += 1
