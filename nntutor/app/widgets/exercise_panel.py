"""The exercise panel: one exercise at a time, its answer widget, feedback, hints and solution."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Input, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from nntutor.app.keys import localize_bindings
from nntutor.app.safe import escape, plain
from nntutor.app.widgets.choices import ChoiceList, MultiChoiceList
from nntutor.app.widgets.code_panel import CodePanel
from nntutor.app.widgets.exercise_records import complete_lesson_if_done
from nntutor.app.widgets.safe_markdown import SafeMarkdown
from nntutor.course.grading import Verdict, grade, is_slow
from nntutor.course.model import Exercise, Lesson
from nntutor.course.numeric import Variant, fill, variant
from nntutor.i18n import Messages, t

OPEN_IN_LAB = {"en": "Open in the lab", "ru": "Открыть в лаборатории"}
LAB_LINE = {
    "en": "dataset: {dataset} · target: {goal} · max epochs: {epochs}",
    "ru": "данные: {dataset} · цель: {goal} · эпох не больше: {epochs}",
}


MAX_PRETTY_LINES = 5

STRINGS = Messages(
    "panel",
    {
        "new_numbers": "New numbers",
        "offer_new": "Ctrl+R or “New numbers”: the same question with other values.",
        "for_these_values": "For these values ({values}): {answer}",
        "only_numeric": "New numbers are for questions with numbers.",
    },
)


def ptr(app, key: str, **kwargs: object) -> str:
    return t(key, app.lang, STRINGS, **kwargs)


def values_text(drawn: Variant) -> str:
    """The drawn values as the question states them, then the quantities worked out from them
    (a lesson's derived quantities): ``w = −0.5, x = 3; z = −0.5``."""

    def listed(names) -> str:
        return ", ".join(f"{name} = {fill('{' + name + '}', drawn.scope)}" for name in names)

    text = listed(drawn.values)
    return f"{text}; {listed(drawn.derived)}" if drawn.derived else text


def fresh_seed(base: int, count: int) -> int:
    """The seed of the learner's ``count``-th request for new numbers since ``base``."""
    digest = hashlib.sha256(f"{base}\0new\0{count}".encode()).digest()
    return int.from_bytes(digest[:8], "big") >> 1


class ExercisePanel(Vertical):
    """Shows the lesson's exercises one at a time."""

    # the buttons show these keys (and the help lists them): the footer keeps its room for the
    # lesson's keys and Quit at 80 columns
    BINDINGS = [
        Binding("ctrl+n", "move(1)", "Next ex.", show=False),
        Binding("ctrl+b", "move(-1)", "Prev ex.", show=False),
        Binding("ctrl+t", "hint", "Hint", show=False),
        Binding("ctrl+o", "solution", "Solution", show=False),
        Binding("ctrl+r", "new_numbers", "New numbers", show=False),
    ]

    @dataclass
    class ExerciseShown(Message):
        exercise_id: str

    @dataclass
    class Graded(Message):
        exercise_id: str
        verdict: Verdict

    def __init__(
        self, items: list[tuple[Lesson, Exercise]], practice: bool = False, **kwargs
    ) -> None:
        """``items``: the exercises to show, each with its lesson (a review mixes lessons).

        ``practice``: answers are graded and shown but not recorded, so that retrying today's
        mistakes leaves the review schedule and mastery as they were."""
        super().__init__(**kwargs)
        self.items = items
        self.practice = practice
        self.index = 0
        self.variant: Variant | None = None
        self.shown_at = time.monotonic()
        self.hints_shown = 0
        self.solution_seen = False
        self._watching_screens = False
        self._fresh = 0  # requests for new numbers in this panel
        self._experiment = None  # the experiment prediction being graded

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="exercise-scroll"):
            yield Static(id="exercise-title")
            yield SafeMarkdown(id="exercise-prompt")
            yield Vertical(id="answer")
            yield Static(id="preview")
            yield Static(id="feedback")
            yield SafeMarkdown(id="hints")
            yield SafeMarkdown(id="solution")
        with Horizontal(id="exercise-buttons"):
            yield Button(self.app.tr("check"), id="check", variant="primary")
            yield Button(
                OPEN_IN_LAB.get(self.app.lang, OPEN_IN_LAB["en"]), id="open-lab", variant="primary"
            )
            yield Button(f"{self.app.tr('hint')} ^t", id="hint")
            yield Button(f"{self.app.tr('solution')} ^o", id="solution-btn")
            yield Button(f"{ptr(self.app, 'new_numbers')} ^r", id="new-numbers")
            yield Button("‹ ^b", id="prev")
            yield Button("^n ›", id="next")

    @property
    def current(self) -> Exercise:
        return self.items[self.index][1]

    @property
    def lesson(self) -> Lesson:
        return self.items[self.index][0]

    def on_mount(self) -> None:
        localize_bindings(self, self.app.lang)
        if not self.items:
            self.query_one("#exercise-title", Static).update("—")
            self.query_one("#exercise-buttons").display = False
            return
        self.call_after_refresh(self._show_first)

    async def _show_first(self) -> None:
        # read the index now: the screen may have chosen a saved exercise after we mounted
        await self.show_exercise(self.index)

    def show_exercise_id(self, exercise_id: str) -> None:
        ids = [e.id for _, e in self.items]
        if exercise_id in ids:
            self.index = ids.index(exercise_id)

    # --- showing an exercise ---------------------------------------------------------------------
    async def show_exercise(self, index: int) -> None:
        if not self.items:
            return
        app = self.app
        self.index = max(0, min(index, len(self.items) - 1))
        ex = self.current
        state = app.store.exercise_states(self.lesson.id).get(ex.id)
        self.hints_shown = state.hints_shown if state else 0
        self.solution_seen = bool(state and state.solution_seen)
        self.variant = None
        if ex.kind == "numeric":
            # the numbers stay until solved or the learner asks for new ones: the variant of the
            # last attempt (solved or not), else the first
            seed = state.last_seed if state and state.last_seed is not None else None
            if seed is None:
                seed = app.store.variant_seed(self.lesson.id, ex.id)
            self.variant = variant(ex, seed)
        self.shown_at = time.monotonic()
        self._update_title(state)
        await self.query_one("#exercise-prompt", SafeMarkdown).update(
            self._fill(ex.prompt.get(app.lang))
        )
        answer = self.query_one("#answer", Vertical)
        await answer.remove_children()
        await answer.mount(*self._answer_widgets(ex))
        self.query_one("#preview", Static).update("")
        last = (
            f"{app.tr('your_last_answer', answer=escape(state.last_answer))}"
            if state and state.last_answer
            else ""
        )
        feedback = self.query_one("#feedback", Static)
        feedback.update(last)
        feedback.remove_class("correct", "wrong", "-stale")
        await self._render_hints()
        await self._render_solution()
        self.query_one("#check", Button).display = ex.kind != "lab_challenge"
        self.query_one("#open-lab", Button).display = ex.kind == "lab_challenge"
        self.query_one("#new-numbers", Button).display = ex.kind == "numeric" and bool(ex.params)
        self.post_message(self.ExerciseShown(ex.id))
        self.query_one("#exercise-scroll", VerticalScroll).scroll_home(animate=False)
        if self.is_on_screen:
            self.focus_answer()

    def _fill(self, text: str) -> str:
        return self.variant.fill(text, self.app.lang) if self.variant else text

    def _update_title(self, state) -> None:
        app = self.app
        ex = self.current
        parts = [
            app.tr("exercise_of", n=self.index + 1, total=len(self.items)),
            app.tr(f"kind.{ex.kind}"),
        ]
        if state and state.attempts:
            parts.append(app.tr("attempts", n=state.attempts))
        if state and state.solved:
            parts.append(f"✓ {app.tr('solved')}")
        self.query_one("#exercise-title", Static).update(" · ".join(parts))

    def _answer_widgets(self, ex: Exercise) -> list:
        app = self.app
        if ex.kind == "single_choice":
            return [
                ChoiceList(
                    *[Option(plain(c.text.get(app.lang))) for c in ex.choices],
                    id="answer-widget",
                )
            ]
        if ex.kind == "multiple_choice":
            return [
                MultiChoiceList(
                    *[(plain(c.text.get(app.lang)), i) for i, c in enumerate(ex.choices)],
                    id="answer-widget",
                )
            ]
        if ex.kind == "numeric":
            return [Input(placeholder=app.tr("type_number"), id="answer-widget")]
        if ex.kind == "experiment":
            from nntutor.app.widgets.experiment_view import ExperimentView

            asked = (
                ChoiceList(*[Option(c.text.get(app.lang)) for c in ex.choices], id="answer-widget")
                if ex.choices
                else Input(placeholder=app.tr("type_number"), id="answer-widget")
            )
            return [asked, ExperimentView(id="experiment-view")]
        if ex.kind == "expression":
            return [Input(placeholder=app.tr("type_formula"), id="answer-widget")]
        if ex.kind == "code":  # the learner's file, its tests and watch mode: code_panel.py
            return [CodePanel(self.lesson, ex, review=self.app.current_mode == "review")]
        if ex.kind == "derivation":
            start = ex.start
            return [
                Static(plain(f"∂/∂{ex.wrt} [ {start} ]"), classes="derivation-start"),
                TextArea(id="answer-widget", soft_wrap=True, show_line_numbers=True),
                Static(app.tr("type_steps"), classes="dim"),
            ]
        return [Static(self._lab_text(ex), id="answer-widget")]

    def _lab_text(self, ex: Exercise) -> str:
        lab = ex.lab
        target = lab.get("target", {})
        opts = " ".join(
            f"--{k.replace('_', '-')} {','.join(map(str, v)) if isinstance(v, list) else v}"
            for k, v in lab.get("preset", {}).items()
        )
        goal = (
            f"{target.get('metric')} {'≥' if target.get('metric') == 'val_acc' else '≤'} "
            f"{target.get('value')}"
        )
        line = LAB_LINE.get(self.app.lang, LAB_LINE["en"]).format(
            dataset=lab.get("dataset"), goal=goal, epochs=lab.get("max_epochs")
        )
        return escape(
            f"{self.app.tr('lab_hint')}\n{line}\n"
            f"nntutor train --dataset {lab.get('dataset')} {opts}"
        )

    def focus_answer(self) -> None:
        widgets = self.query("#answer-widget")
        if widgets and widgets.first().focusable:
            # a code editor sits below the task: focusing it must not scroll the task away
            widgets.first().focus(scroll_visible=self.current.kind != "code")
        elif self.items and self.current.kind == "lab_challenge":
            self.query_one("#open-lab", Button).focus()
        else:
            self.query_one("#next", Button).focus()

    async def _render_hints(self) -> None:
        ex = self.current
        shown = ex.hints[: self.hints_shown]
        text = "\n\n".join(
            f"**{self.app.tr('hint')} {i + 1}.** {self._fill(h.get(self.app.lang))}"
            for i, h in enumerate(shown)
        )
        await self.query_one("#hints", SafeMarkdown).update(text)

    async def _render_solution(self) -> None:
        ex = self.current
        text = (
            f"**{self.app.tr('solution')}.** {self._fill(ex.solution.get(self.app.lang))}"
            if self.solution_seen
            else ""
        )
        if text and self.variant is not None:  # the learner's own numbers, worked out
            text += "\n\n" + self._for_these_values()
        await self.query_one("#solution", SafeMarkdown).update(text)

    def _for_these_values(self) -> str:
        drawn = self.variant
        answer = fill("{answer}", {"answer": drawn.answer})
        return (
            "**"
            + ptr(self.app, "for_these_values", values=values_text(drawn), answer=answer)
            + "**"
        )

    async def action_new_numbers(self) -> None:
        """The same numeric question with other values; the feedback and answer box start afresh."""
        ex = self.current
        if ex.kind != "numeric" or not ex.params:
            self.app.notify(ptr(self.app, "only_numeric"))
            return
        self._fresh += 1
        base = self.app.store.variant_seed(self.lesson.id, ex.id)
        self.variant = variant(ex, fresh_seed(base, self._fresh))
        self.shown_at = time.monotonic()
        feedback = self.query_one("#feedback", Static)
        feedback.update("")
        feedback.remove_class("correct", "wrong", "-stale")
        await self._refresh_prompt()
        self.focus_answer()

    # --- actions ---------------------------------------------------------------------------------
    async def action_move(self, step: int) -> None:
        await self.show_exercise(self.index + step)

    async def action_hint(self) -> None:
        ex = self.current
        if self.hints_shown >= len(ex.hints):
            self.app.notify(self.app.tr("no_more_hints"))
            return
        self.hints_shown += 1
        if not self.practice:
            self.app.store.record_hint(self.lesson.id, ex.id, self.hints_shown - 1)
        await self._render_hints()

    async def action_solution(self) -> None:
        if not self.solution_seen:
            self.solution_seen = True
            if not self.practice:
                self.app.store.record_solution_viewed(self.lesson.id, self.current.id)
        await self._render_solution()
        self.query_one("#exercise-scroll", VerticalScroll).scroll_end(animate=False)

    @on(Button.Pressed)
    async def _button(self, event: Button.Pressed) -> None:
        event.stop()
        match event.button.id:
            case "check":
                self.submit()
            case "open-lab":
                self.open_in_lab()
            case "hint":
                await self.action_hint()
            case "solution-btn":
                await self.action_solution()
            case "new-numbers":
                await self.action_new_numbers()
            case "prev":
                await self.action_move(-1)
            case "next":
                await self.action_move(1)

    @on(OptionList.OptionSelected, "#answer-widget")
    @on(MultiChoiceList.Submitted)
    @on(Input.Submitted, "#answer-widget")
    def _submitted(self, event: Message) -> None:
        event.stop()
        self.submit()

    @on(Input.Changed, "#answer-widget")
    @on(TextArea.Changed, "#answer-widget")
    def _dim_feedback(self, event: Message) -> None:
        """A new answer being typed: the feedback on the last one fades (it stays readable)."""
        feedback = self.query_one("#feedback", Static)
        typed = event.value if isinstance(event, Input.Changed) else event.text_area.text
        feedback.set_class(bool(typed.strip()), "-stale")

    @on(Input.Changed, "#answer-widget")
    @on(TextArea.Changed, "#answer-widget")
    def _changed(self, event: Message) -> None:
        """The live "interpreted as" preview: of the answer, or of a derivation's current step."""
        if self.current.kind == "expression":
            text = event.value
        elif self.current.kind == "derivation":
            area = event.text_area
            row = area.cursor_location[0]
            lines = area.text.split("\n")
            text = lines[row] if row < len(lines) and lines[row].strip() else ""
            if not text:  # the cursor on an empty line: the last step written
                text = next((line for line in reversed(lines) if line.strip()), "")
        else:
            return
        if text.strip():
            self._preview(text, self.current)
        else:
            self.query_one("#preview", Static).update("")

    @work(thread=True, exclusive=True, group="preview", exit_on_error=False)
    def _preview(self, text: str, ex: Exercise) -> None:
        time.sleep(0.25)  # debounce: an exclusive worker cancels the previous one while this sleeps
        from textual.worker import get_current_worker

        if get_current_worker().is_cancelled:
            return
        preview = self.app.checker.preview(
            text, vars=list(ex.vars), lang=self.app.lang, defines=dict(ex.defines) or None
        )
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_preview, preview)

    def _show_preview(self, preview) -> None:
        widget = self.query_one("#preview", Static)
        if preview.valid:
            # the 2-D drawing when it is short; a tall one would push the feedback off an 80×24 screen
            tall = preview.pretty.count("\n") >= MAX_PRETTY_LINES
            shown = preview.interpreted_as if tall else preview.pretty
            notes = "".join(f"\n[dim]{escape(note)}[/dim]" for note in preview.notes)
            widget.update(f"{self.app.tr('interpreted_as')}:\n{escape(shown)}{notes}")
        else:
            hint = f"\n{escape(preview.suggestion)}" if preview.suggestion else ""
            widget.update(f"[b]{escape(preview.error or '')}[/b]{hint}")

    @on(CodePanel.Checked)
    def _code_checked(self, event: CodePanel.Checked) -> None:
        """A run of the learner's file: an attempt when it ran and the code changed since the last."""
        event.stop()
        state = self.app.store.exercise_states(self.lesson.id).get(event.exercise_id)
        repeated = state is not None and state.last_answer == event.verdict.answer
        if event.verdict.valid and not repeated:
            self._finish(event.verdict, event.exercise_id)

    # --- lab challenges --------------------------------------------------------------------------
    def open_in_lab(self) -> None:
        """Open the lab with the challenge's preset and locks; its runs are judged and recorded there."""
        from nntutor.course.challenges import challenge_options
        from nntutor.lab.request import LabRequest

        ex = self.current
        if ex.kind != "lab_challenge":
            return
        if not self._watching_screens:
            self._watching_screens = True
            self.app.screen_change_signal.subscribe(self, self._screen_changed)
        self.app.open_lab(
            LabRequest(
                challenge_options(ex, "preset"),
                ex.lab.get("locked", ()),
                challenge=(self.lesson, ex),
            )
        )

    async def _screen_changed(self, screen) -> None:
        """Back from the lab: show what it recorded (attempts, solved, the last run)."""
        if screen is self.screen and self.items and self.current.kind == "lab_challenge":
            await self.show_exercise(self.index)

    # --- grading ---------------------------------------------------------------------------------
    def _typed_answer(self, ex: Exercise):
        """What the learner gave, from the answer widget; None when there is nothing to grade."""
        app = self.app
        feedback = self.query_one("#feedback", Static)
        if ex.kind == "single_choice":
            picked = self.query_one("#answer-widget", ChoiceList).highlighted
            if picked is None:
                feedback.update(app.tr("pick_one"))
            return picked
        if ex.kind == "multiple_choice":
            picked = set(self.query_one("#answer-widget", MultiChoiceList).selected)
            if not picked:
                feedback.update(app.tr("pick_some"))
            return picked or None
        if ex.kind == "numeric":
            return self.query_one("#answer-widget", Input).value
        if ex.kind == "expression":
            typed = self.query_one("#answer-widget", Input).value
            return typed if typed.strip() else None
        if ex.kind == "derivation":
            typed = self.query_one("#answer-widget", TextArea).text
            return typed if typed.strip() else None
        if ex.kind == "experiment":  # the prediction, and the seed of this attempt's run
            from nntutor.course.experiments import ExperimentAnswer

            if ex.choices:
                picked = self.query_one("#answer-widget", ChoiceList).highlighted
                if picked is None:
                    feedback.update(app.tr("pick_one"))
                    return None
            else:
                picked = self.query_one("#answer-widget", Input).value
            seed = app.store.variant_seed(self.lesson.id, ex.id) % 2**31
            self._experiment = ExperimentAnswer(picked, seed)
            return self._experiment
        return None  # a lab challenge is answered in the lab

    def submit(self) -> None:
        ex = self.current
        if ex.kind == "code":
            self.query_one(CodePanel).run_tests()
            return
        answer = self._typed_answer(ex)
        if answer is None:
            return
        if is_slow(ex):
            waiting = "experiment_running" if ex.kind == "experiment" else "checking"
            self.query_one("#feedback", Static).update(self.app.tr(waiting))
            self._grade_in_worker(ex, answer, self.variant)
        else:
            self._finish(grade(ex, answer, self.variant, lang=self.app.lang))

    @work(thread=True, exclusive=True, group="check", exit_on_error=False)
    def _grade_in_worker(self, ex: Exercise, answer, drawn: Variant | None) -> None:
        app = self.app
        verdict = grade(ex, answer, drawn, lang=app.lang, checker=app.checker)
        app.call_from_thread(self._finish, verdict, ex.id)

    def _finish(self, verdict: Verdict, exercise_id: str | None = None) -> None:
        """Record the attempt (committed first), then show the feedback."""
        app = self.app
        ex = self.current
        if exercise_id is not None and exercise_id != ex.id:
            return  # the learner moved on while the checker worked
        feedback = self.query_one("#feedback", Static)
        if not verdict.valid:
            feedback.update(
                f"{app.tr('invalid', why=escape(verdict.message))}\n{app.tr('invalid_free')}"
            )
            return
        if not self.practice:
            app.store.record_attempt(
                self.lesson.id,
                ex.id,
                verdict.answer,
                verdict.correct,
                skills=list(ex.skills),
                feedback=verdict.message,
                hints_used=self.hints_shown,
                solution_seen=self.solution_seen,
                seed=self.variant.seed if self.variant else None,
                duration_s=time.monotonic() - self.shown_at,
            )
        if ex.kind == "experiment":
            self.query_one("#experiment-view").show_run(self._experiment.run, app.lang)
        mark = "✓ " + app.tr("correct") if verdict.correct else "✗ " + app.tr("wrong")
        lines = [f"[b]{mark}[/b]"]
        shown = verdict.shown or (verdict.answer if ex.kind == "numeric" else "")
        if shown:
            lines.append(app.tr("your_answer", answer=escape(shown)))
        if verdict.message:
            lines.append(escape(verdict.message))
        if verdict.expected and not verdict.correct:
            if self.variant is None:
                lines.append(f"→ {escape(verdict.expected)}")
            elif self.solution_seen:  # a numeric answer: only beside its worked solution
                lines.append(escape(self._for_these_values().strip("*")))
        if self.variant is not None and ex.params and verdict.correct:
            lines.append(f"[dim]{escape(ptr(app, 'offer_new'))}[/dim]")
        feedback.update("\n".join(lines))
        feedback.remove_class("-stale")
        self.call_after_refresh(feedback.scroll_visible, animate=False)
        feedback.set_class(verdict.correct, "correct")
        feedback.set_class(not verdict.correct, "wrong")
        states = app.store.exercise_states(self.lesson.id)
        self._update_title(states.get(ex.id))
        if verdict.correct and not self.practice:
            self._maybe_complete(states)
        elif not verdict.correct and self.hints_shown < len(ex.hints):
            self.call_later(self.action_hint)
        self.post_message(self.Graded(ex.id, verdict))

    async def _refresh_prompt(self) -> None:
        await self.query_one("#exercise-prompt", SafeMarkdown).update(
            self._fill(self.current.prompt.get(self.app.lang))
        )
        await self._render_hints()
        await self._render_solution()
        widget = self.query_one("#answer-widget", Input)
        widget.value = ""

    def _maybe_complete(self, states) -> None:
        complete_lesson_if_done(self.app, self.lesson, states)
