"""Backprop replay: the lab's own network, one frozen batch, the backward pass one step at a time.

Each step shows its rule in the lessons' notation, what it uses, and (once revealed) what it
computes. Before a step is revealed the learner may predict the marked entry, its value
(p) or only its sign (+ − 0): the prediction is checked against the engine's number and
recorded as an attempt. After the last layer, Enter applies the update and shows the loss
and the boundary before and after. The logic is ``nntutor.lab.replay``'s.
"""

from __future__ import annotations

import time

from rich.markup import escape
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from nntutor.app.keys import localize_bindings
from nntutor.app.widgets.lab.bench_strings import say
from nntutor.app.widgets.lab.matrix_text import matrix_text, number
from nntutor.app.widgets.lab.plane import PlaneView
from nntutor.lab.replay import Question, Replay, Step, Verdict, check, check_sign, freeze

PLANE_PIXELS = (36, 14)  # the small before/after boundaries (stretched to fit their views)


class ReplayScreen(Screen[bool]):
    """Dismisses with True when the update was applied (the lab redraws), else False."""

    DEFAULT_CSS = """
    ReplayScreen #replay-body {
        height: 1fr;
        padding: 0 1;
    }
    ReplayScreen #replay-text {
        height: auto;
    }
    ReplayScreen #replay-planes {
        display: none;
        height: 9;
    }
    ReplayScreen #replay-planes.-shown {
        display: block;
    }
    ReplayScreen #replay-planes PlaneView {
        border: round $panel-lighten-2;
        width: 1fr;
    }
    """

    BINDINGS = [
        Binding("enter,right", "next", "Next step"),
        Binding("left", "back", "Back", show=False),
        Binding("p", "predict", "Predict"),
        Binding("plus,equals_sign", "sign('+')", "+", show=False),
        Binding("minus", "sign('−')", "−", show=False),
        Binding("0", "sign('0')", "0", show=False),
        Binding("e", "toggle_example", "Example/batch"),
        Binding("n", "new_draw", "New batch"),
        Binding("escape", "close", "Close"),
    ]

    def __init__(self, session) -> None:
        super().__init__()
        self.session = session
        self.one_example = True
        self.draw = 0
        self.replay: Replay | None = None
        self.index = 0
        self.revealed = False
        self.question: Question | None = None
        self.verdict: Verdict | None = None
        self.message = ""
        self.updated = False
        self.shown_at = time.monotonic()
        self.recorded = 0
        self.text = Text()  # what the screen shows now

    @property
    def lang(self) -> str:
        return getattr(self.app, "lang", "en")

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="replay-body"):
            yield Static(id="replay-text")
            with Horizontal(id="replay-planes"):
                yield PlaneView(id="replay-before")
                yield PlaneView(id="replay-after")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        localize_bindings(self, self.lang)
        self._freeze()

    # ---- state -------------------------------------------------------------------------------
    def _freeze(self) -> None:
        session = self.session
        with session.lock:
            self.replay = freeze(session, one_example=self.one_example, draw=self.draw)
        self.index, self.revealed, self.verdict, self.message = 0, False, None, ""
        self._ask()
        self.query_one("#replay-planes").set_class(False, "-shown")
        self._show_text()

    def _ask(self) -> None:
        self.question = self.replay.question(self.index, seed=self.draw)
        self.shown_at = time.monotonic()

    @property
    def step(self) -> Step:
        return self.replay.steps[self.index]

    # ---- actions -----------------------------------------------------------------------------
    def action_next(self) -> None:
        if self.step.kind == "update":
            if not self.revealed:
                self._apply()
            else:
                self.action_close()
            return
        if not self.revealed:
            self.revealed = True
        else:
            self.index += 1
            self.revealed, self.verdict, self.message = False, None, ""
            self._ask()
        self._show_text()

    def action_back(self) -> None:
        if self.index > 0 and not (self.step.kind == "update" and self.revealed):
            self.index -= 1
            self.revealed, self.verdict, self.message = True, None, ""
            self.question = self.replay.question(self.index, seed=self.draw)
            self._show_text()

    def action_predict(self) -> None:
        if self.revealed or self.question is None:
            self._say(say(self.lang, "already_shown"))
            return
        from nntutor.app.widgets.lab.value_dialog import ValueDialog

        step, question = self.step, self.question

        def readable(text: str) -> str | None:
            return (
                None if check(step, question, text) is not None else say(self.lang, "not_a_number")
            )

        def done(text: str | None) -> None:
            if text is not None:
                self._judge(check(step, question, text))

        self.app.push_screen(
            ValueDialog(
                say(self.lang, "predict_title", what=self._entry_name()),
                "",
                readable,
                hint=say(self.lang, "predict_hint"),
            ),
            done,
        )

    def action_sign(self, sign: str) -> None:
        if self.revealed or self.question is None:
            self._say(say(self.lang, "already_shown"))
            return
        self._judge(check_sign(self.step, self.question, sign))

    def action_toggle_example(self) -> None:
        self.one_example = not self.one_example
        self._freeze()

    def action_new_draw(self) -> None:
        self.draw += 1
        self._freeze()

    def action_close(self) -> None:
        self.dismiss(self.updated)

    # ---- predictions -------------------------------------------------------------------------
    def _entry_name(self) -> str:
        q = self.question
        return f"{self.step.results[q.quantity].symbol}[{q.row + 1},{q.col + 1}]"

    def _judge(self, verdict: Verdict | None) -> None:
        if verdict is None:
            return
        self.verdict = verdict
        self.revealed = True
        truth = number(verdict.truth).strip()
        feedback = say(self.lang, "right" if verdict.correct else "wrong", answer=truth)
        try:
            self.app.store.record_attempt(
                "@lab",
                "replay",
                verdict.answer,
                verdict.correct,
                skills=["backprop"],
                feedback=f"{self._entry_name()} = {truth}",
                duration_s=time.monotonic() - self.shown_at,
            )
            self.recorded += 1
        except (AttributeError, ValueError) as exc:  # no store (a bare app), or a bad record
            feedback += f" ({escape(str(exc))})"
        self.message = feedback
        self._show_text()

    def _say(self, text: str) -> None:
        self.message = text
        self._show_text()

    # ---- the update --------------------------------------------------------------------------
    def _apply(self) -> None:
        session = self.session
        with session.lock:
            before = session.output_plane(*PLANE_PIXELS) if session.can_draw_plane else None
            result = self.replay.apply()
            after = session.output_plane(*PLANE_PIXELS) if session.can_draw_plane else None
        self.updated = True
        self.revealed = True
        self.result = result
        planes = self.query_one("#replay-planes")
        if before is not None and after is not None:
            before_view = self.query_one("#replay-before", PlaneView)
            after_view = self.query_one("#replay-after", PlaneView)
            for view in (before_view, after_view):
                view.set_points(session.train_points, None)
            before_view.border_title = say(self.lang, "before")
            after_view.border_title = say(self.lang, "after")
            before_view.show(before)
            after_view.show(after)
            planes.set_class(True, "-shown")
        self._show_text()

    # ---- drawing -----------------------------------------------------------------------------
    def _show_text(self) -> None:
        self.text = self.describe()
        self.query_one("#replay-text", Static).update(self.text)

    def describe(self) -> Text:
        lang, replay, step = self.lang, self.replay, self.step
        width = max(40, self.size.width - 2 if self.size.width else 78)
        mono = bool(getattr(self.app, "no_color", False))
        out = Text(no_wrap=False)
        what = (
            say(lang, "one_example") if self.one_example else say(lang, "batch", n=replay.examples)
        )
        steps = len(replay.steps)
        out.append(
            say(lang, "title", net=self.session.network_name, what=what, k=self.index + 1, n=steps),
            style="bold",
        )
        out.append("\n" + step.rule, style="bold cyan")
        for key, values in step.notes:
            out.append("\n" + say(lang, f"note.{key}", **values), style="dim")
        out.append("\n")
        more = say(lang, "more_rows")
        if step.kind == "update":
            return self._describe_update(out)
        for q in step.inputs:
            out.append("\n")
            out.append_text(self._matrix(q, width, mono, more))
        if self.revealed:
            for q in step.worked:
                out.append("\n")
                out.append_text(self._matrix(q, width, mono, more))
        mark = None
        if self.question is not None:
            mark = (self.question.row, self.question.col)
        for i, q in enumerate(step.results):
            out.append("\n")
            chosen = mark if self.question is not None and self.question.quantity == i else None
            out.append_text(
                self._matrix(q, width, mono, more, hidden=not self.revealed, mark=chosen)
            )
        out.append("\n\n")
        if not self.revealed and self.question is not None:
            out.append(say(lang, "ask", what=self._entry_name(), where=self._where()), style="bold")
            out.append("\n" + say(lang, "ask_keys"), style="dim")
        elif self.index + 1 < len(replay.steps):
            out.append(say(lang, "enter_next"), style="dim")
        if self.message:
            style = "bold green" if self.verdict and self.verdict.correct else "bold"
            out.append("\n" + self.message, style=style)
        return out

    def _where(self) -> str:
        q, step = self.question, self.step
        quantity = step.results[q.quantity]
        if quantity.rows_are == "neurons":
            return say(self.lang, "where_weight", j=q.row + 1, k=q.col + 1)
        if quantity.rows_are == "one":
            return say(self.lang, "where_neuron", j=q.col + 1)
        return say(self.lang, "where_example", i=q.row + 1, j=q.col + 1)

    def _matrix(self, q, width, mono, more, hidden=False, mark=None) -> Text:
        rows = 1 if q.rows_are == "one" else (3 if not self.one_example else 4)
        return matrix_text(q.symbol, q.engine, width, rows, mono, hidden, mark, more=more)

    def _describe_update(self, out: Text) -> Text:
        lang = self.lang
        if not self.revealed:
            out.append("\n" + say(lang, "update_ready"), style="bold")
            return out
        r = self.result
        out.append(
            "\n"
            + say(
                lang,
                "loss_batch",
                before=f"{r.batch_loss_before:.4f}",
                after=f"{r.batch_loss_after:.4f}",
            )
        )
        out.append(
            "\n"
            + say(
                lang,
                "loss_train",
                before=f"{r.train_loss_before:.4f}",
                after=f"{r.train_loss_after:.4f}",
            )
        )
        out.append(
            "\n" + say(lang, "update_done", optimizer=r.optimizer, lr=f"{r.lr:g}"), style="dim"
        )
        if self.recorded:
            out.append("\n" + say(lang, "recorded", n=self.recorded), style="dim")
        return out
