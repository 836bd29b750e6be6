"""The hidden space: two neurons of a layer as axes, the input grid and the data as that layer
sees them, redrawn while the lab trains. The numbers are ``nntutor.lab.hidden_space``'s."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Static

from nntutor.app.keys import localize_bindings
from nntutor.app.widgets.lab.bench_strings import say
from nntutor.app.widgets.lab.canvas import class_rgb
from nntutor.lab.hidden_space import HiddenSpace, of_session

REDRAW_EVERY = 0.5  # seconds between redraws while the screen is open
GRID_STYLE = Style(color="rgb(120,120,120)")


def picture(space: HiddenSpace, cols: int, rows: int, mono: bool = False) -> Text:
    """The grid's lines as dim dots and the points as class-coloured dots, in cols × rows cells."""
    x0, x1, y0, y1 = space.extent
    chars = np.full((rows, cols), " ", dtype=object)
    styles: dict[tuple[int, int], Style] = {}

    def cells(points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        c = ((points[:, 0] - x0) / ((x1 - x0) or 1) * (cols - 1)).round().astype(int)
        r = ((y1 - points[:, 1]) / ((y1 - y0) or 1) * (rows - 1)).round().astype(int)
        return r.clip(0, rows - 1), c.clip(0, cols - 1)

    for line in space.lines:
        steps = np.linspace(0, 1, 4)[:-1]
        dense = np.concatenate(
            [line[:-1] + (line[1:] - line[:-1]) * t for t in steps] + [line[-1:]]
        )
        r, c = cells(dense)
        chars[r, c] = "·"
    r, c = cells(space.points)
    labels = np.asarray(space.labels)
    integer = np.issubdtype(labels.dtype, np.integer) or np.all(np.mod(labels, 1) == 0)
    for rr, cc, k in zip(r.tolist(), c.tolist(), labels.tolist(), strict=True):
        if integer:
            chars[rr, cc] = str(int(k) % 10) if mono else "•"
            rgb = class_rgb(int(k))
            styles[(rr, cc)] = Style(bold=True) if mono else Style(color=f"rgb{rgb}", bold=True)
        else:
            chars[rr, cc] = "•"
    out = Text(no_wrap=True, overflow="crop")
    for row in range(rows):
        if row:
            out.append("\n")
        for col in range(cols):
            ch = chars[row, col]
            out.append(ch, styles.get((row, col), GRID_STYLE if ch == "·" else None))
    return out


class HiddenPicture(Widget):
    """Draws a ``HiddenSpace`` to fill its size."""

    DEFAULT_CSS = """
    HiddenPicture {
        height: 1fr;
        width: 1fr;
    }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.space: HiddenSpace | None = None
        self.message = ""

    def show(self, space: HiddenSpace | None, message: str = "") -> None:
        self.space, self.message = space, message
        self.refresh()

    def render(self) -> Text:
        width, height = self.size
        if self.space is None or width < 4 or height < 2:
            return Text(self.message, style="dim")
        return picture(self.space, width, height, bool(getattr(self.app, "no_color", False)))


class HiddenSpaceScreen(Screen[None]):
    """[ ] choose the layer, ←→ ↑↓ the two neurons; Space trains on in the lab beneath."""

    DEFAULT_CSS = """
    HiddenSpaceScreen #hidden-title {
        height: auto;
        padding: 0 1;
        text-style: bold;
    }
    HiddenSpaceScreen #hidden-picture {
        border: round $panel-lighten-2;
    }
    HiddenSpaceScreen #hidden-legend {
        height: auto;
        padding: 0 1;
        color: $text-muted;
    }
    """

    BINDINGS = [
        Binding("right_square_bracket", "layer(1)", "Layer", key_display="]"),
        Binding("left_square_bracket", "layer(-1)", "Layer", key_display="[", show=False),
        Binding("right", "axis(0, 1)", "x →", show=False),
        Binding("left", "axis(0, -1)", "x ←", show=False),
        Binding("up", "axis(1, 1)", "y ↑", show=False),
        Binding("down", "axis(1, -1)", "y ↓", show=False),
        Binding("space", "train", "Run/pause"),
        Binding("escape", "close", "Close"),
    ]

    def __init__(self, session, toggle_run: Callable[[], None] | None = None) -> None:
        super().__init__()
        self.session = session
        self.toggle_run = toggle_run
        self.depth = max(0, len(session.sizes) - 2)  # the last hidden layer
        self.axes = (0, min(1, self.width_of(self.depth) - 1))
        self.title_text = ""

    @property
    def lang(self) -> str:
        return getattr(self.app, "lang", "en")

    def compose(self) -> ComposeResult:
        yield Static(id="hidden-title")
        yield HiddenPicture(id="hidden-picture")
        yield Static(id="hidden-legend")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        localize_bindings(self, self.lang)
        self.query_one("#hidden-legend", Static).update(
            say(self.lang, "hidden_legend") + "\n" + say(self.lang, "hidden_keys")
        )
        self.redraw()
        self.set_interval(REDRAW_EVERY, self.redraw)

    def width_of(self, layer: int) -> int:
        return self.session.sizes[layer]

    def action_layer(self, step: int) -> None:
        self.depth = (self.depth + step) % (len(self.session.sizes) - 1)
        self.axes = tuple(min(a, self.width_of(self.depth) - 1) for a in self.axes)
        self.redraw()

    def action_axis(self, which: int, step: int) -> None:
        axes = list(self.axes)
        axes[which] = (axes[which] + step) % self.width_of(self.depth)
        self.axes = (axes[0], axes[1])
        self.redraw()

    def action_train(self) -> None:
        if self.toggle_run is not None:
            self.toggle_run()

    def action_close(self) -> None:
        self.dismiss(None)

    def compute(self) -> HiddenSpace | None:
        """The hidden space now, from a copy of the weights taken under the session's lock."""
        session = self.session
        if not session.lock.acquire(timeout=0.05):
            return None  # the trainer holds it for a step: the next redraw will do
        try:
            weights = session.trainer.network.get_weights()
        finally:
            session.lock.release()
        with np.errstate(all="ignore"):
            space = of_session(session, self.depth, self.axes, weights)
        if not (np.all(np.isfinite(space.points)) and np.all(np.isfinite(space.extent))):
            return None
        return space

    def redraw(self) -> None:
        lang = self.lang
        space = self.compute()
        if space is None:
            return
        i, j = space.axes
        features = self.session.config.features
        if self.depth == 0 and features:  # the network reads these, not x₁, x₂
            layer = say(lang, "input_features", names=", ".join(features))
            title = say(lang, "feature_title", layer=layer, x=features[i], y=features[j])
        else:
            layer = (
                say(lang, "input_layer")
                if self.depth == 0
                else say(lang, "hidden_layer", k=self.depth, n=space.width)
            )
            title = say(lang, "hidden_title", layer=layer, i=i + 1, j=j + 1)
        if space.width == 1:
            title += "\n" + say(lang, "hidden_one")
        self.title_text = title
        self.query_one("#hidden-title", Static).update(Text(title))
        picture_widget = self.query_one(HiddenPicture)
        x0, x1, y0, y1 = space.extent
        picture_widget.border_subtitle = f"→ {x0:.2g} … {x1:.2g} · ↑ {y0:.2g} … {y1:.2g}"
        picture_widget.show(space)
