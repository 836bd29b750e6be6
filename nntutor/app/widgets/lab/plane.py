"""A plane view: the network's answer (or one neuron's output) over the input plane, with the data."""

from __future__ import annotations

import numpy as np
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from nntutor.app.widgets.lab.canvas import (
    StyleCache,
    curve_image,
    image_strips,
    mono_strips,
    plane_image,
    point_cells,
)
from nntutor.lab import Plane

BLANK = Style()  # filters such as NO_COLOR's monochrome need a style on every segment


class PlaneView(Widget):
    """Draws a ``Plane`` in half-block pixels, redrawing only when the picture changed."""

    DEFAULT_CSS = """
    PlaneView {
        width: 1fr;
        height: 1fr;
    }
    """

    def __init__(self, show_points: bool = True, **kwargs) -> None:
        super().__init__(**kwargs)
        self.show_points = show_points
        self.plane: Plane | None = None
        self.message = ""
        self._points: list[tuple[np.ndarray, np.ndarray, bool]] = []
        self._strips: list[Strip] | None = None
        self._key: tuple | None = None
        self._styles = StyleCache()
        self.redraws = 0  # how many times the picture changed (tests read it)

    # ---- what to draw ------------------------------------------------------------------------
    def set_points(self, train: tuple | None, val: tuple | None) -> None:
        """The training and validation points, (X, y) each, drawn over the plane."""
        self._points = [
            (p[0], p[1], is_val) for p, is_val in ((train, False), (val, True)) if p is not None
        ]
        self._key = None
        self.refresh()

    def pixels(self) -> tuple[int, int]:
        """(columns, rows) of pixels a plane should have to fill this view."""
        width, height = self.size
        return max(2, width), max(2, 2 * height)

    def show(self, plane: Plane | None, message: str = "") -> None:
        self.plane, self.message = plane, message
        if self._rebuild():
            self.refresh()

    class Resized(Message):
        """The view changed size: planes computed for the old size are only stretched to fit."""

    def on_resize(self) -> None:
        self._key = None
        self._rebuild()
        self.refresh()
        self.post_message(self.Resized())

    # ---- drawing -----------------------------------------------------------------------------
    def _rebuild(self) -> bool:
        """Recompute the strips; False when they look exactly as before (nothing to send)."""
        width, height = self.size
        plane = self.plane
        if plane is None or width < 2 or height < 1:
            key = ("message", self.message, width, height)
            if key == self._key:
                return False
            self._key, self._strips = key, None
            return True
        mono = bool(getattr(self.app, "no_color", False))
        base = self._base()
        points = self._points if self.show_points else []
        if plane.kind == "curve":
            image = curve_image(plane, height, width, base, [(X, y) for X, y, _ in points])
            cells: dict = {}
        else:
            image = plane_image(plane, height, width, base)
            cells = point_cells(points, plane.extent, height, width)
        key = ("plane", mono, width, height, image.tobytes(), tuple(sorted(cells.items())))
        if key == self._key:
            return False
        self._key = key
        if mono and plane.kind == "curve":
            bright = (image != np.array(base)).any(axis=2)
            self._strips = [
                Strip(
                    [
                        Segment(
                            "".join(
                                "*" if bright[2 * r, c] or bright[2 * r + 1, c] else " "
                                for c in range(width)
                            ),
                            BLANK,
                        )
                    ],
                    width,
                )
                for r in range(height)
            ]
        elif mono:
            self._strips = mono_strips(plane, height, width, cells)
        else:
            self._strips = image_strips(image, cells, self._styles)
        self.redraws += 1
        return True

    def _base(self) -> tuple[int, int, int]:
        colour = self.background_colors[1]
        return (colour.r, colour.g, colour.b)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if self._strips is None:
            if self._key is None:
                self._rebuild()
            if self._strips is None:
                return self._message_line(y, width)
        if y < len(self._strips):
            return self._strips[y]
        return Strip.blank(width, BLANK)

    def _message_line(self, y: int, width: int) -> Strip:
        console = self.app.console
        lines = Text(self.message).wrap(console, max(1, width - 2)) if self.message else []
        top = max(0, (self.size.height - len(lines)) // 2)
        if not top <= y < top + len(lines):
            return Strip.blank(width, BLANK)
        line = lines[y - top]
        line = Text(" " * max(0, (width - line.cell_len) // 2)) + line
        return Strip(list(line.render(console))).crop_extend(0, width, BLANK)
