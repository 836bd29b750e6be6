"""One neuron up close: what it computes, its weights and bias, and its output over the input plane."""

from __future__ import annotations

import numpy as np
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from nntutor.app.widgets.lab.plane import PlaneView
from nntutor.app.widgets.lab.strings import lang_of, tr
from nntutor.lab import Neuron

MAX_LISTED = 3


def _weights_lines(weights: np.ndarray, names: list[str], lang: str) -> list[str]:
    """The largest incoming weights, one per line, in input order."""
    order = sorted(np.argsort(-np.abs(weights))[:MAX_LISTED].tolist())
    lines = [f"{'w' if n == 0 else ' '}  {names[i]} {weights[i]:+.3f}" for n, i in enumerate(order)]
    more = len(weights) - len(order)
    if more > 0:
        lines.append(f"   [dim]{tr(lang, 'neuron.smaller', n=more)}[/dim]")
    return lines


def describe(neuron: Neuron, sizes: tuple[int, ...], lang: str = "en") -> str:
    """The neuron's place, its rule, its bias and largest weights, in a narrow column."""
    layers = len(sizes) - 1
    last = neuron.layer == layers - 1
    if not last:
        where = tr(lang, "neuron.hidden", layer=neuron.layer + 1, n=neuron.index + 1)
    elif neuron.activation == "softmax":
        where = tr(lang, "neuron.class", k=neuron.index)
    elif neuron.activation == "sigmoid" and sizes[-1] == 1:
        where = tr(lang, "neuron.p1")
    else:
        where = tr(lang, "neuron.output", n=neuron.index + 1)
    if neuron.layer == 0:
        inputs, a_in = [f"x{i + 1}" for i in range(sizes[0])], "x"
    else:
        inputs, a_in = (
            [f"h{neuron.layer}.{i + 1}" for i in range(sizes[neuron.layer])],
            f"h{neuron.layer}",
        )
    rule = "softmax(z)" if neuron.activation == "softmax" else f"{neuron.activation}(w·{a_in}+b)"
    lines = [f"[b]{where}[/b]", f"a = {rule}", f"b  {neuron.bias:+.3f}"]
    lines += _weights_lines(neuron.weights_in, inputs, lang)
    if neuron.weights_out is not None:
        w = neuron.weights_out
        lines.append(f"out |w| ≤ {np.max(np.abs(w)):.2f} ({len(w)})")
    if neuron.plane is not None:
        lines.append(f"[dim]{tr(lang, 'neuron.plane')}[/dim]")
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
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def compose(self) -> ComposeResult:
        yield Static(f"[dim]{tr(lang_of(self), 'neuron.choose')}[/dim]", id="neuron-text")
        yield PlaneView(show_points=False, id="neuron-plane")

    @property
    def plane_view(self) -> PlaneView:
        return self.query_one("#neuron-plane", PlaneView)

    def show(self, neuron: Neuron | None, sizes: tuple[int, ...]) -> None:
        lang = lang_of(self)
        text = self.query_one("#neuron-text", Static)
        if neuron is None:
            text.update(f"[dim]{tr(lang, 'neuron.choose')}[/dim]")
            self.plane_view.show(None)
            return
        text.update(describe(neuron, sizes, lang))
        self.plane_view.show(neuron.plane, "" if neuron.plane else tr(lang, "neuron.needs_plane"))
