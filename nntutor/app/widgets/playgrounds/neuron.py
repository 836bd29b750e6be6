"""The neuron playground (lesson 2): move w and b, pick the activation, watch a = f(w·x + b)."""

from __future__ import annotations

import math
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.widgets import Static
from textual_plotext import PlotextPlot

from nntutor.app.widgets.playgrounds.base import Playground
from nntutor.course.formula import fmt
from nntutor.playgrounds.neuron import ACTIVATIONS, Neuron

X_RANGE = (-5.0, 5.0)
LIMIT = 8.0  # |w| and |b| stay within this
FINE, COARSE = 0.25, 1.0
SYMBOL = {"sigmoid": "σ", "tanh": "tanh", "relu": "ReLU"}


def _clamp(value: float, limit: float) -> float:
    return max(-limit, min(limit, round(value, 6)))


class NeuronPlayground(Playground):
    """a = f(w·x + b) over x ∈ [−5, 5], with z, a and f′(z) at a probe point."""

    DEFAULT_CSS = """
    NeuronPlayground #neuron-row {
        height: 1fr;
    }
    NeuronPlayground #neuron-plot {
        width: 1fr;
        height: 1fr;
    }
    NeuronPlayground #neuron-values {
        width: 30;
        height: 1fr;
        padding: 0 0 0 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right", "nudge('w', 1)", "w", key_display="←→"),
        Binding("left", "nudge('w', -1)", "w", show=False),
        Binding("shift+right", "nudge('w', 4)", "w", show=False),
        Binding("shift+left", "nudge('w', -4)", "w", show=False),
        Binding("up", "nudge('b', 1)", "b", key_display="↑↓"),
        Binding("down", "nudge('b', -1)", "b", show=False),
        Binding("shift+up", "nudge('b', 4)", "b", show=False),
        Binding("shift+down", "nudge('b', -4)", "b", show=False),
        Binding("a", "cycle_activation", "activation"),
        Binding("x", "probe(1)", "probe x", key_display="x X"),
        Binding("X", "probe(-1)", "probe x", show=False),
        Binding("r", "reset", "reset"),
    ]

    neuron: reactive[Neuron] = reactive(Neuron, init=False)

    def compose(self) -> ComposeResult:
        with Horizontal(id="neuron-row"):
            yield PlotextPlot(id="neuron-plot")
            yield Static(id="neuron-values")

    def on_mount(self) -> None:
        self.ready = True
        self._draw()

    def watch_neuron(self) -> None:
        self._draw()

    # --- keys ----------------------------------------------------------------------------------
    def action_nudge(self, name: str, steps: int) -> None:
        n = self.neuron
        delta = FINE * steps
        if name == "w":
            self.neuron = Neuron(_clamp(n.w + delta, LIMIT), n.b, n.activation, n.x)
        else:
            self.neuron = Neuron(n.w, _clamp(n.b + delta, LIMIT), n.activation, n.x)

    def action_cycle_activation(self) -> None:
        n = self.neuron
        following = ACTIVATIONS[(ACTIVATIONS.index(n.activation) + 1) % len(ACTIVATIONS)]
        self.neuron = Neuron(n.w, n.b, following, n.x)

    def action_probe(self, steps: int) -> None:
        n = self.neuron
        x = max(X_RANGE[0], min(X_RANGE[1], round(n.x + FINE * steps, 6)))
        self.neuron = Neuron(n.w, n.b, n.activation, x)

    def action_reset(self) -> None:
        self.neuron = Neuron(activation=self.neuron.activation)

    # --- drawing -------------------------------------------------------------------------------
    def _draw(self) -> None:
        if not self.ready:
            return
        self._draw_plot()
        self.query_one("#neuron-values", Static).update(self.values_text())

    def _draw_plot(self) -> None:
        n = self.neuron
        plot = self.query_one("#neuron-plot", PlotextPlot)
        plt = plot.plt
        plt.clear_figure()
        xs, ys = n.curve(*X_RANGE, points=161)
        f = SYMBOL[n.activation]
        plt.title(f"a = {f}({fmt(n.w)}·x + {fmt(n.b)})".replace("+ −", "− "))
        plt.xlim(*X_RANGE)
        if n.activation == "sigmoid":
            plt.ylim(-0.05, 1.05)
            plt.yticks([0, 0.5, 1])
        elif n.activation == "tanh":
            plt.ylim(-1.05, 1.05)
            plt.yticks([-1, 0, 1])
        else:
            top = max(1, math.ceil(max(ys)))
            plt.ylim(-0.05 * top, top * 1.05)
            plt.yticks([0, top / 2, top])
        threshold = n.threshold
        if threshold is not None and X_RANGE[0] <= threshold <= X_RANGE[1]:
            plt.vline(threshold, "gray")
        plt.plot(xs, ys, marker="braille", color="cyan")
        plt.scatter([n.x], [n.a], marker="●", color="orange")
        plt.xlabel("x")
        plot.refresh()

    def values_text(self) -> Text:
        """The panel beside the chart: w, b, the probe, z, a, f′(z) and a remark."""
        n = self.neuron
        f = SYMBOL[n.activation]
        text = Text()
        text.append(f"a = {f}(w·x + b)\n\n", style="bold")
        probe = self.say("neuron.probe")
        width = max(len(probe), 1)
        for label, value, keys in (("w", n.w, "←→"), ("b", n.b, "↑↓"), (probe, n.x, "x X")):
            text.append(f"{label:<{width}} = {fmt(value):<8}", style="bold")
            text.append(f"{keys}\n", style="dim")
        text.append("\n")
        text.append(f"z = w·x + b = {fmt(n.z)}\n")
        text.append(f"a = {f}(z) = {fmt(n.a)}\n")
        text.append(f"{f}′(z) = {fmt(n.slope)}\n\n")
        threshold = n.threshold
        if threshold is None:
            text.append(self.say("neuron.switch_none") + "\n")
        else:
            text.append(self.say("neuron.switch", x=fmt(threshold)) + "\n")
        remark = self._remark()
        if remark:
            text.append(remark, style="italic")
        return text

    def _remark(self) -> str:
        n = self.neuron
        if n.activation == "relu" and n.z < 0:
            return self.say("neuron.dead")
        if n.activation != "relu" and abs(n.z) >= 4:
            return self.say("neuron.saturated")
        if n.w < 0:
            return self.say("neuron.flipped")
        if abs(n.w) >= 3:
            return self.say("neuron.steep")
        if 0 < abs(n.w) <= 0.5:
            return self.say("neuron.flat")
        return ""
