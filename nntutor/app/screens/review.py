"""The review section: what is due, and a mixed review session across lessons."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from nntutor.app.keys import localize_bindings
from nntutor.app.widgets.exercise_panel import ExercisePanel
from nntutor.i18n import Messages, t
from nntutor.textsafe import visible

STRINGS = Messages(
    "review",
    {
        "due": "Due for review now: {n}",
        "nothing_due": "Nothing is due. Exercises you answer come back here when it is time to review them.",
        "start": "Start review",
        "leech": "forgotten {n} times: re-read “{lesson}” (press r)",
        "session": "Review session",
        "next_one": "Ctrl+N: the next review",
        "finished": "That was the last one due. Esc returns to the queue.",
        "mistakes": "Mistakes today: {n}. Press m to practise them now (your review schedule stays as it is).",
        "practice": "Practice: today's mistakes",
        "practice_note": "Practice: answers here are not recorded; the review schedule stays as it is.",
        "no_mistakes": "No mistakes today: nothing to practise.",
    },
)


def tr(app, key: str, **kw) -> str:
    return t(key, app.lang, STRINGS, **kw)


class ReviewScreen(Screen):
    """The due queue; Enter starts a mixed session, r re-reads a leech's lesson."""

    BINDINGS = [
        Binding("enter,s", "start", "Start review"),
        Binding("r", "reread", "Re-read lesson"),
        Binding("m", "practise", "Mistakes"),
        Binding("1", "app.switch_mode('course')", "Course"),
        Binding("3", "app.switch_mode('progress')", "Progress"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="review-summary")
        yield OptionList(id="due-list")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_queue()
        localize_bindings(self, self.app.lang)
        self.query_one("#due-list").focus()

    def on_screen_resume(self) -> None:
        self.refresh_queue()

    def _items(self) -> list:
        """Due reviews whose lesson and exercise still exist in the course."""
        out = []
        for item in self.app.store.due_reviews():
            lesson = self.app.course.lesson(item.lesson_id)
            exercise = lesson.exercise(item.exercise_id) if lesson and lesson.available else None
            if exercise is not None:
                out.append((item, lesson, exercise))
        return out

    def _mistakes_today(self) -> list:
        """Exercises answered wrong today (local time) that still exist, most recent first.

        Practised apart from the schedule: a learner who just failed need not wait for FSRS."""
        today = datetime.now().astimezone().date()
        seen, out = set(), []
        for attempt in reversed(self.app.store.attempts()):
            key = (attempt.lesson_id, attempt.exercise_id)
            if attempt.at.astimezone().date() != today or key in seen:
                continue
            seen.add(key)
            if attempt.correct:
                continue
            lesson = self.app.course.lesson(attempt.lesson_id)
            exercise = lesson.exercise(attempt.exercise_id) if lesson and lesson.available else None
            if exercise is not None and exercise.kind != "lab_challenge":
                out.append((lesson, exercise))
        return out

    def refresh_queue(self) -> None:
        app = self.app
        self.items = self._items()
        self.mistakes = self._mistakes_today()
        summary = tr(app, "due", n=len(self.items)) if self.items else tr(app, "nothing_due")
        if self.mistakes:
            summary += "\n" + tr(app, "mistakes", n=len(self.mistakes))
        self.query_one("#review-summary", Static).update(summary)
        listing = self.query_one("#due-list", OptionList)
        listing.clear_options()
        for item, lesson, exercise in self.items:
            row = Text(visible(f" • {lesson.order}. {lesson.title.get(app.lang)} — {exercise.id}"))
            if item.is_leech:
                row.append(
                    "\n   ⚠ "
                    + visible(tr(app, "leech", n=item.lapses, lesson=lesson.title.get(app.lang))),
                    style="bold",
                )
            listing.add_option(Option(row))
        if self.items:
            listing.highlighted = 0

    @on(OptionList.OptionSelected, "#due-list")
    def _selected(self) -> None:
        self.action_start()

    def action_start(self) -> None:
        if self.items:
            index = self.query_one("#due-list", OptionList).highlighted or 0
            items = self.items[index:] + self.items[:index]
            self.app.push_screen(ReviewSessionScreen([(lesson, ex) for _, lesson, ex in items]))

    def action_practise(self) -> None:
        if not self.mistakes:
            self.app.notify(tr(self.app, "no_mistakes"))
            return
        self.app.push_screen(ReviewSessionScreen(self.mistakes, practice=True))

    def action_reread(self) -> None:
        index = self.query_one("#due-list", OptionList).highlighted
        if index is not None and index < len(self.items):
            self.app.open_lesson(self.items[index][1])


class ReviewSessionScreen(Screen):
    """Due exercises from several lessons, one after another."""

    BINDINGS = [Binding("escape", "app.pop_screen", "Back")]

    def __init__(self, items: list, practice: bool = False) -> None:
        super().__init__()
        self.items = items
        self.practice = practice

    def compose(self) -> ComposeResult:
        yield Header()
        if self.practice:
            yield Static(f"[b]{tr(self.app, 'practice_note')}[/b]", id="practice-note")
        yield ExercisePanel(self.items, practice=self.practice, id="panel")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = tr(self.app, "practice" if self.practice else "session")
        localize_bindings(self, self.app.lang)

    @on(ExercisePanel.Graded)
    def _graded(self, event: ExercisePanel.Graded) -> None:
        panel = self.query_one("#panel", ExercisePanel)
        if self.practice:
            return
        key = "finished" if panel.index + 1 >= len(self.items) else "next_one"
        self.app.notify(tr(self.app, key), timeout=4)
