"""The code exercise's two questions: run a course folder's tests? throw my code away?"""

from __future__ import annotations

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from nntutor.i18n import Messages
from nntutor.textsafe import visible

STRINGS = Messages(
    "code_dialogs",
    {
        "trust.title": "Run this course's code?",
        "trust.body": "The code exercises of the course folder\n\n  {folder}\n\ncome with their own tests, written in Python. They will run on this computer as you, with your files and permissions (in a child process with time, memory and output limits). Agree only if you trust whoever wrote this course. nntutor remembers your answer for this folder.",
        "trust.yes": "Run its tests",
        "trust.no": "Not now",
        "reset.title": "Reset to the starter?",
        "reset.body": "Your code in {path} will be replaced by the starter file. This cannot be undone.",
        "reset.yes": "Reset, discard my code",
        "reset.no": "Keep my code",
    },
)


tr = STRINGS.text


class ConfirmDialog(ModalScreen[bool]):
    """A question with two buttons; dismissed with True for yes. Escape means no."""

    DEFAULT_CSS = """
    ConfirmDialog { align: center middle; }
    ConfirmDialog > Vertical {
        width: 90%; max-width: 76; height: auto; max-height: 90%;
        border: round $warning; background: $surface; padding: 0 1;
    }
    ConfirmDialog .dialog-title { text-style: bold; }
    ConfirmDialog .dialog-body { margin: 1 0; }
    ConfirmDialog Horizontal { height: auto; }
    ConfirmDialog Button { margin: 0 1 0 0; }
    """
    BINDINGS = [Binding("escape", "no", "No", show=False)]

    def __init__(self, title: str, body: str, yes: str, no: str, *, dialog_id: str) -> None:
        super().__init__(id=dialog_id)
        self.title_text, self.body, self.yes, self.no = title, body, yes, no

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(escape(self.title_text), classes="dialog-title")
            yield Static(escape(self.body), classes="dialog-body")
            with Horizontal():
                yield Button(self.no, id="dialog-no", variant="primary")
                yield Button(self.yes, id="dialog-yes", variant="warning")

    def on_mount(self) -> None:
        self.query_one("#dialog-no", Button).focus()  # the safe answer is the default

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "dialog-yes")

    def action_no(self) -> None:
        self.dismiss(False)


def trust_dialog(lang: str, folder: str) -> ConfirmDialog:
    """Asks once per course folder (given with --lessons) before its code exercises' tests run."""
    return ConfirmDialog(
        tr(lang, "trust.title"),
        tr(lang, "trust.body", folder=visible(folder)),
        tr(lang, "trust.yes"),
        tr(lang, "trust.no"),
        dialog_id="trust-dialog",
    )


def reset_dialog(lang: str, path: str) -> ConfirmDialog:
    return ConfirmDialog(
        tr(lang, "reset.title"),
        tr(lang, "reset.body", path=visible(path)),
        tr(lang, "reset.yes"),
        tr(lang, "reset.no"),
        dialog_id="reset-dialog",
    )
