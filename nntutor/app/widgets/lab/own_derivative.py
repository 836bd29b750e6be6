"""Train with your own derivative: pick a derivative exercise, train the lab's network with your answer.

Two copies of the lab's network train from the same weights: one with the engine's
derivative, one with the learner's (its last answer to that exercise, or a formula
typed here). The box shows both loss curves, the cosine of the gradients per layer
and the first epoch where the losses part. The work is nntutor/lab/own_derivative.py.
"""

from __future__ import annotations

import math

from rich.markup import escape
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from nntutor.app.widgets.experiment_view import sparkline
from nntutor.i18n import Messages, t

MAX_EPOCHS = 200

STRINGS = Messages(
    "own_derivative",
    {
        "title": "Train with your own derivative",
        "yours": "your answer: {answer}",
        "none": "not answered yet: type one",
        "keys": "↑↓ choose · type or edit the formula · Enter: train · Esc: close",
        "running": "Training both networks…",
        "read_as": "read as {shown} → NumPy: {code}",
        "engine": "engine",
        "mine": "yours",
        "cosines": "cos(gradients) per layer: {values}",
        "parted": "the losses part at epoch {epoch} (differ by more than 10 %)",
        "same": "the losses stay together for all {n} epochs",
        "diverged": "your network diverged at epoch {epoch}",
        "failed": "Cannot train with it: {why}",
    },
)


def _tr(widget, key: str, **kwargs) -> str:
    return t(key, getattr(widget.app, "lang", "en"), STRINGS, **kwargs)


def comparison_text(widget, own, result) -> str:
    """The curves and the figures, as markup."""
    finite = [v for v in result.engine_losses + result.own_losses if math.isfinite(v) and v > 0]
    low, high = (min(finite), max(finite)) if finite else (1.0, 2.0)
    high = max(high, low * 1.0001)
    mine = [v if math.isfinite(v) else math.inf for v in result.own_losses]
    lines = [
        escape(_tr(widget, "read_as", shown=own.shown, code=own.code)),
        f"{escape(_tr(widget, 'engine')):<7} {sparkline(result.engine_losses, low, high)} "
        f"{result.engine_losses[-1]:.4g}",
        f"{escape(_tr(widget, 'mine')):<7} {sparkline(mine, low, high)} "
        f"{result.own_losses[-1]:.4g}",
    ]
    last = next((c for c in reversed(result.cosines) if c), [])
    if last:
        values = " · ".join(f"{c:+.2f}" for c in last)
        lines.append(escape(_tr(widget, "cosines", values=values)))
    if result.own_diverged_at is not None:
        lines.append(escape(_tr(widget, "diverged", epoch=result.own_diverged_at)))
    if result.parted_at is not None:
        lines.append(f"[b]{escape(_tr(widget, 'parted', epoch=result.parted_at))}[/b]")
    else:
        lines.append(escape(_tr(widget, "same", n=len(result.engine_losses))))
    return "\n".join(lines)


class OwnDerivativeDialog(ModalScreen[None]):
    """The derivative exercises, the learner's answer to the chosen one, and the two runs."""

    DEFAULT_CSS = """
    OwnDerivativeDialog {
        align: center middle;
    }
    OwnDerivativeDialog > Vertical {
        width: 78;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: round $accent;
        background: $surface;
        padding: 0 1;
    }
    OwnDerivativeDialog OptionList {
        height: auto;
        max-height: 6;
    }
    OwnDerivativeDialog #own-result {
        height: auto;
    }
    """

    BINDINGS = [Binding("escape", "close", "Close")]

    def __init__(self, config, answers: dict[tuple[str, str], str]) -> None:
        super().__init__()
        from nntutor.lab.own_derivative import TARGETS

        self.config, self.answers, self.targets = config, answers, TARGETS

    def compose(self) -> ComposeResult:
        lang = getattr(self.app, "lang", "en")
        with Vertical():
            yield Static(f"[b]{escape(_tr(self, 'title'))}[/b]")
            yield OptionList(
                *[
                    Option(escape(target.label.get(lang, target.label["en"])))
                    for target in self.targets
                ],
                id="own-targets",
            )
            yield Static("", id="own-answer", markup=False)
            yield Input("", id="own-formula")
            yield Static(_tr(self, "keys"), classes="dim", markup=False)
            yield Static("", id="own-result")

    def on_mount(self) -> None:
        targets = self.query_one(OptionList)
        targets.highlighted = 0
        self._show_answer(0)
        self.query_one(Input).focus()

    @property
    def target(self):
        index = self.query_one(OptionList).highlighted or 0
        return self.targets[index]

    def _show_answer(self, index: int) -> None:
        target = self.targets[index]
        answer = self.answers.get((target.lesson, target.exercise))
        if answer and "\n" in answer:
            answer = [line for line in answer.splitlines() if line.strip()][-1]
        line = _tr(self, "yours", answer=answer) if answer else _tr(self, "none")
        self.query_one("#own-answer", Static).update(line)
        self.query_one(Input).value = answer or ""

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_answer(event.option_index)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.query_one(Input).focus()

    def key_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def key_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value.strip():
            return
        self.query_one("#own-result", Static).update(escape(_tr(self, "running")))
        self._train(self.target, event.value)

    @work(thread=True, exclusive=True, group="own-derivative", exit_on_error=False)
    def _train(self, target, text: str) -> None:
        from textual.worker import get_current_worker

        from nntutor.engine.errors import ConfigError
        from nntutor.lab.own_derivative import OwnDerivativeRun, own_derivative

        lang = getattr(self.app, "lang", "en")
        try:
            own = own_derivative(target, text, lang)
            comparison = OwnDerivativeRun(self.config, own)
            result = None
            for _ in range(min(self.config.epochs, MAX_EPOCHS)):
                if get_current_worker().is_cancelled:
                    return
                result = comparison.epoch()
            shown = comparison_text(self, own, result)
        except ConfigError as exc:
            shown = escape(_tr(self, "failed", why=str(exc)))
        self.app.call_from_thread(self.query_one("#own-result", Static).update, shown)

    def action_close(self) -> None:
        self.workers.cancel_group(self, "own-derivative")
        self.dismiss(None)
