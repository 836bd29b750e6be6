"""What every playground shares: focus, the learner's language, footer keys in that language."""

from __future__ import annotations

import dataclasses

from textual.binding import BindingsMap
from textual.containers import Vertical

from nntutor.app.widgets.playgrounds.strings import key_label, say


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
        if self.lang != "en":
            translated = BindingsMap()
            for bindings in self._bindings.key_to_bindings.values():
                for binding in bindings:
                    label = key_label(binding.description, self.lang)
                    translated._add_binding(dataclasses.replace(binding, description=label))
            self._bindings = translated
            self.refresh_bindings()
