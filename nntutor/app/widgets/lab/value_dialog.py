"""A small box to type one value (a control's), checked before it closes."""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from nntutor.app.safe import plain
from nntutor.app.widgets.lab.strings import lang_of, tr


class ValueDialog(ModalScreen[str | None]):
    """Enter accepts (when ``check`` returns no complaint), Esc cancels; dismisses with the text or None."""

    DEFAULT_CSS = """
    ValueDialog {
        align: center middle;
    }
    ValueDialog > Vertical {
        width: 56;
        max-width: 95%;
        height: auto;
        border: round $accent;
        background: $surface;
        padding: 0 1;
    }
    ValueDialog #value-title {
        text-style: bold;
    }
    ValueDialog #value-error {
        color: $error;
        height: auto;
    }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        title: str,
        value: str,
        check: Callable[[str], str | None] | None = None,
        hint: str = "",
    ) -> None:
        super().__init__()
        self.title_text, self.value, self.check, self.hint = title, value, check, hint

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(plain(self.title_text), id="value-title")
            yield Input(self.value, id="value-input")
            yield Static(
                plain(self.hint or tr(lang_of(self), "dialog.apply")),
                id="value-hint",
                classes="dim",
            )
            yield Static("", id="value-error", markup=False)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        problem = self.check(event.value) if self.check else None
        if problem:
            self.query_one("#value-error", Static).update(plain(problem))
            return
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
