"""What every playground shares: focus, the learner's language, footer keys in that language."""

from __future__ import annotations

from textual.containers import Vertical

from nntutor.app.keys import localize_bindings
from nntutor.app.widgets.playgrounds.strings import KEYS_RU, say


class Playground(Vertical, can_focus=True):
    """A focusable view for a lesson's Try-it tab; its keys show in the footer while it has focus."""

    DEFAULT_CSS = """
    Playground {
        height: 1fr;
        padding: 0 1;
    }
    Playground:focus {
        background-tint: $foreground 3%;
    }
    """

    ready = False  # set once the children are mounted: drawing waits for it

    @property
    def lang(self) -> str:
        return getattr(self.app, "lang", "en")

    def say(self, key: str, **params: object) -> str:
        return say(key, self.lang, **params)

    def on_mount(self) -> None:
        localize_bindings(self, self.lang, KEYS_RU if self.lang == "ru" else None)
