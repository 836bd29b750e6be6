"""Choosing a weights file to save to or load from: a path to type, and the files already there."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from nntutor.app.safe import plain
from nntutor.app.widgets.lab.strings import lang_of, tr


def weight_files(folders: list[Path], limit: int = 30) -> list[Path]:
    """The .npz files in ``folders``, newest first."""
    found: dict[Path, float] = {}
    for folder in folders:
        try:
            for path in folder.expanduser().glob("*.npz"):
                try:
                    found[path.resolve()] = path.stat().st_mtime
                except OSError:
                    continue
        except OSError:
            continue
    return sorted(found, key=lambda p: -found[p])[:limit]


class FileDialog(ModalScreen[str | None]):
    """Type a path (Enter), or pick a listed file (↓ then Enter); Esc cancels."""

    DEFAULT_CSS = """
    FileDialog {
        align: center middle;
    }
    FileDialog > Vertical {
        width: 70;
        max-width: 95%;
        height: auto;
        max-height: 90%;
        border: round $accent;
        background: $surface;
        padding: 0 1;
    }
    FileDialog #file-title {
        text-style: bold;
    }
    FileDialog OptionList {
        height: auto;
        max-height: 10;
    }
    FileDialog #file-error {
        color: $error;
        height: auto;
    }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        title: str,
        path: str,
        files: list[Path],
        check: Callable[[str], str | None] | None = None,
    ) -> None:
        super().__init__()
        self.title_text, self.path, self.files, self.check = title, path, files, check

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(plain(self.title_text), id="file-title")
            yield Input(self.path, id="file-input")
            if self.files:
                yield Static(tr(lang_of(self), "dialog.pick"), classes="dim")
                yield OptionList(
                    *[Option(plain(p), id=str(i)) for i, p in enumerate(self.files)], id="file-list"
                )
            yield Static(tr(lang_of(self), "dialog.ok"), classes="dim")
            yield Static("", id="file-error", markup=False)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def key_down(self) -> None:
        if self.files and self.query_one(Input).has_focus:
            self.query_one(OptionList).focus()

    def _finish(self, value: str) -> None:
        value = value.strip()
        if not value:
            return
        problem = self.check(value) if self.check else None
        if problem:
            self.query_one("#file-error", Static).update(plain(problem))
            return
        self.dismiss(value)

    @on(Input.Submitted)
    def _typed(self, event: Input.Submitted) -> None:
        event.stop()
        self._finish(event.value)

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._finish(str(self.files[int(event.option.id)]))

    def action_cancel(self) -> None:
        self.dismiss(None)
