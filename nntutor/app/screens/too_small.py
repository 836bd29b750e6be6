"""Shown instead of a cramped, cut-off screen when the terminal is below the minimum size."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Static


class TooSmallScreen(ModalScreen):
    """Covers everything until the terminal is large enough again; nothing underneath is lost."""

    def compose(self) -> ComposeResult:
        yield Static(id="too-small")

    def show_size(self, width: int, height: int) -> None:
        from nntutor.app.app import MIN_HEIGHT, MIN_WIDTH

        if not self.query("#too-small"):
            return  # not composed yet: on_mount shows the size then
        message = self.app.tr("too_small", w=MIN_WIDTH, h=MIN_HEIGHT, cw=width, ch=height)
        self.query_one("#too-small", Static).update(f"{message}\n\nCtrl+Q: {self.app.tr('quit')}")

    def on_mount(self) -> None:
        self.show_size(*self.app.size)
