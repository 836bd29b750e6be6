"""Gradient norms per layer over the epochs, on a log scale: vanishing gradients show as a gap."""

from __future__ import annotations

import math

from textual_plotext import PlotextPlot

from nntutor.app.widgets.lab.loss_chart import label_ends, plot_log
from nntutor.app.widgets.lab.strings import lang_of, tr
from nntutor.lab import Curves

LAYER_COLOURS = ("red", "orange", "yellow", "green", "cyan", "blue", "magenta", "white")
# one marker per series, so that the layers read apart without colour too
LAYER_MARKERS = ("braille", "•", "+", "x", "o", "*", "#", "=")


def short_names(count: int, lang: str = "en") -> list[str]:
    """Line-end labels: L1, L2 … for hidden layers and the output's short name for the last."""
    return [f"L{i + 1}" if i < count - 1 else tr(lang, "net.out") for i in range(count)]


def layer_names(count: int, lang: str = "en") -> list[str]:
    """'layer 1' … for hidden layers and 'output' for the last."""
    return [
        tr(lang, "chart.layer", n=i + 1) if i < count - 1 else tr(lang, "chart.output")
        for i in range(count)
    ]


class GradientChart(PlotextPlot):
    """‖∇‖ of each layer's weights and biases at the end of each epoch."""

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
        self.refresh()

    def _draw(self) -> None:
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        lang = lang_of(self)
        plt.xlabel(tr(lang, "epoch"))
        curves = self.curves
        if curves is None or not curves.epochs or not curves.grad_norms:
            plt.title(f"{tr(lang, 'view.gradients')}: {tr(lang, 'chart.start')}")
            plt.xlim(0, 10)
            plt.ylim(0, 1)
            return
        names = layer_names(len(curves.grad_norms), lang)
        ends = short_names(len(curves.grad_norms), lang)
        layers = list(enumerate(curves.grad_norms))
        if len(layers) > len(LAYER_COLOURS):  # many layers: the first, a few between, the last
            keep = sorted({0, len(layers) - 1, *range(0, len(layers), max(1, len(layers) // 6))})
            layers = [layers[i] for i in keep]
        series = []
        for n, (i, norms) in enumerate(layers):
            values = [min(max(v, 1e-12), 1e12) if math.isfinite(v) else 1e12 for v in norms]
            colour = LAYER_COLOURS[i % len(LAYER_COLOURS)]
            marker = LAYER_MARKERS[n % len(LAYER_MARKERS)]
            series.append(
                (curves.epochs, values, {"label": names[i], "marker": marker, "color": colour})
            )
        plotted = plot_log(plt, series)
        label_ends(plt, plotted, [ends[i] for i, _ in layers], rows=max(4, self.size.height - 5))
        if curves.epochs[-1] <= 1:
            plt.xlim(0, 2)
        self.redraws += 1
