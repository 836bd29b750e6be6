"""Choosing one of the lab's presets."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from nntutor.app.widgets.lab.strings import lang_of, tr
from nntutor.lab import PRESETS


class PresetPicker(ModalScreen[str | None]):
    """↑ ↓ and Enter pick a preset; Esc cancels. Dismisses with its name."""

    DEFAULT_CSS = """
    PresetPicker {
        align: center middle;
    }
    PresetPicker > Vertical {
        width: 76;
        max-width: 95%;
        height: auto;
        max-height: 90%;
        border: round $accent;
        background: $surface;
        padding: 0 1;
    }
    PresetPicker OptionList {
        height: auto;
        max-height: 20;
    }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        with Vertical():
            lang = lang_of(self)
            yield Static(tr(lang, "presets"))
            options = []
            for preset in PRESETS.values():
                row = Text(f"{preset.name:<13}", style="bold")
                row.append(preset.describe(lang))
                options.append(Option(row, id=preset.name))
            yield OptionList(*options, id="preset-list")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
