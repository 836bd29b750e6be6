"""One neuron up close: what it computes, its weights and bias, and its output over the input plane."""

from __future__ import annotations

import numpy as np
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from nntutor.app.widgets.lab.plane import PlaneView
from nntutor.app.widgets.lab.session import Neuron

MAX_LISTED = 4


def _weights_text(weights: np.ndarray, names: list[str]) -> str:
    order = np.argsort(-np.abs(weights))[:MAX_LISTED]
    parts = [f"{names[i]} {weights[i]:+.2f}" for i in sorted(order.tolist())]
    more = len(weights) - len(order)
    return "  ".join(parts) + (f"  (+{more} smaller)" if more > 0 else "")


def describe(neuron: Neuron, sizes: tuple[int, ...]) -> str:
    layers = len(sizes) - 1
    last = neuron.layer == layers - 1
    if not last:
        where = f"layer {neuron.layer + 1} · neuron {neuron.index + 1}"
    elif neuron.activation == "softmax":
        where = f"output · class {neuron.index}"
    elif neuron.activation == "sigmoid" and sizes[-1] == 1:
        where = "output · P(class 1)"
    else:
        where = f"output {neuron.index + 1}"
    inputs = (
        [f"x{i + 1}" for i in range(sizes[0])]
        if neuron.layer == 0
        else [f"h{neuron.layer}.{i + 1}" for i in range(sizes[neuron.layer])]
    )
    lines = [
        f"[b]{where}[/b] · {neuron.activation}",
        f"a = {neuron.activation}(w·a_in + b)",
        f"b = {neuron.bias:+.3f}",
        f"w in: {_weights_text(neuron.weights_in, inputs)}",
    ]
    if neuron.weights_out is not None:
        w = neuron.weights_out
        lines.append(f"w out: {len(w)} weights, |w| up to {np.max(np.abs(w)):.2f}")
    if neuron.plane is not None:
        lines.append("[dim]its output over the input plane:[/dim]")
    return "\n".join(lines)


class NeuronDetail(Vertical):
    """The chosen neuron's numbers above a plane of its output."""

    DEFAULT_CSS = """
    NeuronDetail {
        width: 1fr;
        height: 1fr;
    }
    NeuronDetail > #neuron-text {
        height: auto;
    }
    """

    def compose(self) -> ComposeResult:
        yield Static("[dim]Choose a neuron with the arrow keys.[/dim]", id="neuron-text")
        yield PlaneView(show_points=False, id="neuron-plane")

    @property
    def plane_view(self) -> PlaneView:
        return self.query_one("#neuron-plane", PlaneView)

    def show(self, neuron: Neuron | None, sizes: tuple[int, ...]) -> None:
        text = self.query_one("#neuron-text", Static)
        if neuron is None:
            text.update("[dim]Choose a neuron with the arrow keys.[/dim]")
            self.plane_view.show(None)
            return
        text.update(describe(neuron, sizes))
        self.plane_view.show(
            neuron.plane, "" if neuron.plane else "(needs data with 1 or 2 inputs)"
        )
