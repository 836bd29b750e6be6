"""A message the learner must read once (for example, a progress file that was moved aside)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from nntutor.app.safe import fill, plain


class NoticeScreen(ModalScreen):
    BINDINGS = [Binding("escape,enter", "dismiss", "OK")]

    def __init__(self, title: str, message: str) -> None:
        super().__init__()
        self.title_text = title
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(id="notice"):
            yield Static(fill("[b]$title[/b]", title=self.title_text), id="notice-title")
            yield Static(plain(self.message), id="notice-message")
            yield Button("OK", id="notice-ok", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#notice-ok").focus()

    def on_button_pressed(self) -> None:
        self.dismiss()
