"""The boundary view with a cursor: add a point of the chosen class, or delete the nearest.

Focused (the lab's e), the arrows move a cursor cell by cell, Enter adds a point of the
chosen class there, c picks the next class, x deletes the training point nearest the cursor,
Esc hands the keys back. A mouse click adds a point where it lands, a right click deletes
the nearest. The view only posts what the learner asked for; the lab edits the data.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.strip import Strip

from nntutor.app.widgets.lab.canvas import class_rgb
from nntutor.app.widgets.lab.plane import PlaneView

CURSOR = "✚"


class EditablePlane(PlaneView, can_focus=True):
    """A ``PlaneView`` that, while focused, shows a cursor and posts point edits."""

    BINDINGS = [
        Binding("up,k", "move(0, -1)", "Up", show=False),
        Binding("down,j", "move(0, 1)", "Down", show=False),
        Binding("left,h", "move(-1, 0)", "Left", show=False),
        Binding("right,l", "move(1, 0)", "Right", show=False),
        Binding("enter,a", "add", "Add point"),
        Binding("x,delete,backspace", "delete", "Delete point"),
        Binding("c", "next_class", "Class"),
        Binding("escape", "done", "Done"),
    ]

    @dataclass
    class PointAdded(Message):
        x1: float
        x2: float
        label: int

    @dataclass
    class PointDeleted(Message):
        x1: float
        x2: float

    class Done(Message):
        """The learner finished editing (Esc)."""

    @dataclass
    class ClassChosen(Message):
        label: int

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._cursor: tuple[int, int] | None = None  # (column, row) in cells; None: the centre
        self.label = 0
        self.class_count = 2

    # ---- the cursor --------------------------------------------------------------------------
    @property
    def cursor(self) -> tuple[int, int]:
        width, height = self.size
        if self._cursor is None:
            return (max(0, width // 2), max(0, height // 2))
        col, row = self._cursor
        return (max(0, min(width - 1, col)), max(0, min(height - 1, row)))

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def action_move(self, dx: int, dy: int) -> None:
        width, height = self.size
        col, row = self.cursor
        self._cursor = (max(0, min(width - 1, col + dx)), max(0, min(height - 1, row + dy)))
        self.refresh()

    def point_at(self, col: int, row: int) -> tuple[float, float] | None:
        """The input-plane point at the centre of cell (col, row), or None without a plane."""
        plane = self.plane
        width, height = self.size
        if plane is None or plane.kind != "classes" or width < 1 or height < 1:
            return None
        x0, x1, y0, y1 = plane.extent
        return (
            x0 + (col + 0.5) / width * (x1 - x0),
            y1 - (row + 0.5) / height * (y1 - y0),
        )

    def action_add(self) -> None:
        point = self.point_at(*self.cursor)
        if point is not None:
            self.post_message(self.PointAdded(point[0], point[1], self.label))

    def action_delete(self) -> None:
        point = self.point_at(*self.cursor)
        if point is not None:
            self.post_message(self.PointDeleted(*point))

    def action_next_class(self) -> None:
        self.label = (self.label + 1) % max(1, self.class_count)
        self.post_message(self.ClassChosen(self.label))
        self.refresh()

    def action_done(self) -> None:
        self.post_message(self.Done())

    def on_click(self, event: events.Click) -> None:
        self._cursor = (event.x, event.y)
        point = self.point_at(event.x, event.y)
        if point is None:
            return
        if event.button == 3:
            self.post_message(self.PointDeleted(*point))
        else:
            self.post_message(self.PointAdded(point[0], point[1], self.label))
        self.refresh()

    # ---- drawing -----------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        col, row = self.cursor
        if not self.has_focus or y != row or col >= strip.cell_length:
            return strip
        mono = bool(getattr(self.app, "no_color", False))
        rgb = class_rgb(self.label)
        style = (
            Style(bold=True, reverse=True)
            if mono
            else Style(color=f"rgb({rgb[0]},{rgb[1]},{rgb[2]})", bgcolor="white", bold=True)
        )
        return Strip.join(
            [strip.crop(0, col), Strip([Segment(CURSOR, style)], 1), strip.crop(col + 1)]
        )
