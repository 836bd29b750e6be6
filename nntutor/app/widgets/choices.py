"""The answer lists of choice exercises: one answer (arrows, Enter) or several (Space marks)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList

from nntutor.app.keys import localize_bindings
from nntutor.app.safe import plain


class ChoiceList(OptionList):
    """Single choice: arrows move, Enter answers. A long option wraps onto as many lines as it
    needs."""


class MultiChoiceList(OptionList):
    """Multiple choice: Space marks, Enter answers.

    Each option starts with its box, ``[x]`` marked or ``[ ]`` not, so the state reads without
    colour (NO_COLOR); a long option wraps onto as many lines as it needs, the box on the first."""

    BINDINGS = [
        Binding("space", "toggle", "Mark", show=False),
        Binding("enter", "submit", "Answer", show=False),  # as the Check button says
    ]

    MARKED, UNMARKED = "[x] ", "[ ] "

    @dataclass
    class Submitted(Message):
        selection_list: MultiChoiceList

    def __init__(self, *choices: tuple[str, int], **kwargs) -> None:
        self._texts = {value: text for text, value in choices}
        self._values = [value for _, value in choices]
        self._marked: set[int] = set()
        super().__init__(*[self._prompt(value) for value in self._values], **kwargs)

    def _prompt(self, value: int):
        box = self.MARKED if value in self._marked else self.UNMARKED
        return plain(box + self._texts[value])  # a lesson's brackets are not markup

    @property
    def selected(self) -> list[int]:
        """The values of the marked options, in their order."""
        return [value for value in self._values if value in self._marked]

    def on_mount(self) -> None:
        localize_bindings(self, self.app.lang)

    def toggle_index(self, index: int) -> None:
        value = self._values[index]
        self._marked ^= {value}
        self.replace_option_prompt_at_index(index, self._prompt(value))

    def action_toggle(self) -> None:
        if self.highlighted is not None:
            self.toggle_index(self.highlighted)

    def action_submit(self) -> None:
        self.post_message(self.Submitted(self))

    def action_select(self) -> None:  # a click marks (Enter answers: the binding above)
        self.action_toggle()
