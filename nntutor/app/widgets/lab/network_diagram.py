"""The network drawn as layers of neurons, with each weight matrix as a Hinton diagram.

Between two columns of neurons sits the weight matrix W of the layer on the right: one
row per neuron of that layer, one column per neuron it listens to. A weight's colour is
its sign (blue +, orange −) and its glyph its size (· ▪ ■ █). Arrows move a cursor over
the neurons; the chosen neuron's row (weights in) and column (weights out) are marked.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from nntutor.app.widgets.lab.strings import lang_of, tr

POSITIVE, NEGATIVE = "#0877bd", "#f59322"
GLYPHS = ("·", "▪", "■", "█")
MONO_POSITIVE, MONO_NEGATIVE = ("·", "+", "+", "#"), ("·", "-", "-", "=")
MARK = "on #3a3a3a"


def glyph_levels(W: np.ndarray, scale: float) -> np.ndarray:
    """0 … 3 for |w| relative to ``scale`` (the largest |w| of the layer)."""
    if scale <= 0:
        return np.zeros(W.shape, dtype=int)
    rel = np.abs(W) / scale
    return np.digitize(rel, (0.15, 0.45, 0.8))


class Runs:
    """Builds a line of Text, joining neighbours of the same style into one span.

    A terminal gets one escape sequence per span, so a diagram of hundreds of glyphs costs
    far less to send when equal neighbours share one."""

    def __init__(self, text: Text) -> None:
        self.text = text
        self._chars: list[str] = []
        self._style: Style | str | None = None

    def add(self, chars: str, style: Style | str | None = None) -> None:
        if style != self._style:
            self.flush()
            self._style = style
        self._chars.append(chars)

    def flush(self) -> None:
        if self._chars:
            self.text.append("".join(self._chars), style=self._style)
            self._chars = []


class NetworkDiagram(Widget, can_focus=True):
    """Columns of neurons with their weight matrices between them; posts ``NeuronChosen``."""

    DEFAULT_CSS = """
    NetworkDiagram {
        width: 1fr;
        height: 1fr;
        text-wrap: nowrap;
        text-overflow: clip;
    }
    """

    BINDINGS = [
        Binding("up,k", "move(0, -1)", "Neuron up", show=False),
        Binding("down,j", "move(0, 1)", "Neuron down", show=False),
        Binding("left,h", "move(-1, 0)", "Layer left", show=False),
        Binding("right", "move(1, 0)", "Layer right", show=False),
    ]

    cursor: reactive[tuple[int, int]] = reactive((0, 0))

    @dataclass
    class NeuronChosen(Message):
        layer: int
        index: int

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.sizes: tuple[int, ...] = ()
        self.weights: list[tuple[np.ndarray, np.ndarray]] | None = None
        self.activations: tuple[str, ...] = ()
        self._top = 0
        self._first = 0  # the first weight matrix on show, when not all of them fit
        self.marks: dict[tuple[int, int], str] = {}  # (layer, index) → glyph: neurons off, frozen

    def show(self, sizes: tuple[int, ...], weights, activations: tuple[str, ...]) -> None:
        changed_shape = tuple(sizes) != self.sizes
        self.sizes, self.weights, self.activations = tuple(sizes), weights, tuple(activations)
        if changed_shape:
            layer, index = self.cursor
            layer = min(layer, max(0, len(self.sizes) - 2))
            index = min(index, max(0, self.sizes[layer + 1] - 1)) if len(self.sizes) > 1 else 0
            self.set_reactive(NetworkDiagram.cursor, (layer, index))
        self.refresh(layout=changed_shape)  # a new shape: a new width (get_content_width)

    def action_move(self, d_layer: int, d_index: int) -> None:
        if len(self.sizes) < 2:
            return
        layer, index = self.cursor
        layer = max(0, min(len(self.sizes) - 2, layer + d_layer))
        index = max(0, min(self.sizes[layer + 1] - 1, index + d_index))
        self.cursor = (layer, index)

    def watch_cursor(self, cursor: tuple[int, int]) -> None:
        self.post_message(self.NeuronChosen(*cursor))
        self.refresh()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    # ---- drawing -----------------------------------------------------------------------------
    MIN_COLUMNS = 3  # matrices narrower than this are paged through rather than squeezed

    def _layout(self, width: int) -> tuple[int, int, list[int]]:
        """Which weight matrices show in ``width`` (first, last + 1) and how many columns of each.

        All of them when they fit, squeezed (with …) down to ``MIN_COLUMNS`` columns; else a
        page of consecutive matrices around the cursor's layer, ← → paging through the rest."""
        wants = list(self.sizes[:-1])
        count = len(wants)
        cap = max(wants) if wants else 0
        floor = min(cap, self.MIN_COLUMNS)
        while cap > floor and self._width([min(w, cap) for w in wants]) > width:
            cap -= 1
        shown = [min(w, cap) for w in wants]
        if self._width(shown) <= width or count <= 1:
            self._first = 0
            return 0, count, shown
        layer = self.cursor[0]
        first = min(self._first, layer)
        room = width - 2  # a page marks the layers beyond it (› on the right)

        def fits(lo: int, hi: int) -> bool:
            return self._width(shown[lo:hi]) <= room

        while first < layer and not fits(first, layer + 1):
            first += 1
        last = layer + 1
        while last < count and fits(first, last + 1):
            last += 1
        while first > 0 and fits(first - 1, last):
            first -= 1
        self._first = first
        return first, last, shown

    def _width(self, shown: list[int]) -> int:
        # input labels (3), then per layer: space, block (at least 2 wide), space, neuron, label (2)
        return 3 + sum(max(2, s) + 5 for s in shown)

    DETAIL_WIDTH = 21  # the neuron's numbers beside the diagram need this much

    def get_content_width(self, container, viewport) -> int:
        """All the room the neuron's detail does not need, or less: matrices are cut only when
        they truly do not fit (and then the diagram pages through its layers)."""
        if len(self.sizes) < 2:
            return 30
        room = max(12, container.width - self.DETAIL_WIDTH)
        return min(room, self._width(list(self.sizes[:-1])))

    def render(self) -> Text:
        sizes = self.sizes
        width, height = self.size
        lang = lang_of(self)
        if len(sizes) < 2 or self.weights is None:
            return Text(tr(lang, "net.empty"), style="dim")
        mono = bool(getattr(self.app, "no_color", False))
        first, last, all_cols = self._layout(width)
        layers = list(range(first, last))
        layer_c, index_c = self.cursor
        tallest = max(sizes[first : last + 1])
        count = len(all_cols)
        paging = first > 0 or last < count
        rows = max(1, height - 1 - paging)  # a page says which layers it shows
        if tallest > rows and not paging:
            rows = max(1, height - 2)  # one line says how many neurons are out of view
        if index_c < self._top:
            self._top = index_c
        elif index_c >= self._top + rows:
            self._top = index_c - rows + 1
        self._top = max(0, min(self._top, max(0, tallest - rows)))
        top = self._top
        out = Text(no_wrap=True, overflow="crop")
        if first == 0:
            header = Text(f"{tr(lang, 'net.in'):<3}"[:3], style="bold")
        else:  # the page starts at a hidden layer: ‹ says there is more on the left
            header = Text(f"‹h{first}"[:3].ljust(3), style="bold")
        for k in layers:
            shown = all_cols[k]
            name = tr(lang, "net.out") if k == count - 1 else f"h{k + 1}"
            header.append(f" {f'W{k + 1}':<{max(2, shown)}} ", style="dim")
            header.append(f"{name:<3}", style="bold")
        if last < count:
            header.append(" ›", style="bold")
        out.append_text(header)
        scales = [float(np.max(np.abs(W))) if W.size else 0.0 for W, _ in self.weights]
        for row in range(top, min(tallest, top + rows)):
            text = Text("\n")
            line = Runs(text)
            if first == 0:
                line.add(f"x{row + 1:<2}"[:3] if row < sizes[0] else "   ", "dim")
            else:
                line.add("  ●" if row < sizes[first] else "   ", "dim")
            for k in layers:
                shown = all_cols[k]
                W, b = self.weights[k]
                start = max(0, min(top, W.shape[1] - shown)) if W.shape[1] > shown else 0
                line.add(" ")
                if row < W.shape[0]:
                    levels = glyph_levels(W[row, start : start + shown], scales[k])
                    for j, (w, level) in enumerate(
                        zip(W[row, start : start + shown].tolist(), levels.tolist(), strict=True)
                    ):
                        if mono:
                            glyph, style = (
                                (MONO_POSITIVE if w >= 0 else MONO_NEGATIVE)[level],
                                Style(),
                            )
                        else:
                            glyph, style = (
                                GLYPHS[level],
                                Style(color=POSITIVE if w >= 0 else NEGATIVE),
                            )
                        if (k == layer_c and row == index_c) or (
                            k == layer_c + 1 and start + j == index_c
                        ):
                            style += Style.parse(MARK)  # the chosen neuron's weights in and out
                        if j == shown - 1 and start + shown < W.shape[1]:
                            glyph = "…"
                        line.add(glyph, style)
                    line.add(" " * (max(2, shown) - shown))
                else:
                    line.add(" " * max(2, shown))
                line.add(" ")
                if row < sizes[k + 1]:
                    chosen = k == layer_c and row == index_c
                    style = (
                        Style(color=POSITIVE if float(b[row]) >= 0 else NEGATIVE)
                        if not mono
                        else Style()
                    )
                    if chosen:
                        style += (
                            Style(reverse=True, bold=True)
                            if self.has_focus
                            else Style(underline=True, bold=True)
                        )
                    line.add("◉" if chosen else self.marks.get((k, row), "●"), style)
                    is_out = k == count - 1
                    line.add(f" {row}" if is_out and sizes[-1] > 1 else "  ", "dim")
                else:
                    line.add("   ")
            line.flush()
            out.append_text(text)
        footer = []
        if tallest > rows:
            below = max(0, tallest - (top + rows))
            footer.append(tr(lang, "net.rows", top=top, below=below))
        if paging:
            footer.append(tr(lang, "net.layers", first=first + 1, last=last, n=count))
        if footer:
            out.append("\n   " + " · ".join(footer), style="dim")
        return out
