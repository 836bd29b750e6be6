"""A lesson: its text and its exercises, in two tabs."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static, TabbedContent, TabPane

from nntutor.app.keys import localize_bindings
from nntutor.app.widgets.exercise_panel import ExercisePanel
from nntutor.app.widgets.safe_markdown import SafeMarkdown
from nntutor.course.model import Lesson
from nntutor.textsafe import visible


class LessonScreen(Screen):
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("t", "show_tab('text')", "Text"),
        Binding("e", "show_tab('exercises')", "Exercises"),
        Binding("y", "show_tab('try')", "Try it"),
        Binding("j", "scroll(1)", "Down", show=False),
        Binding("k", "scroll(-1)", "Up", show=False),
    ]

    def __init__(self, lesson: Lesson, section: str | None = None) -> None:
        super().__init__()
        self.lesson = lesson
        self.section = section or "text"

    def compose(self) -> ComposeResult:
        app = self.app
        text, fell_back = self.lesson.text(app.lang)
        yield Header()
        with TabbedContent(initial="text", id="tabs"):
            with TabPane(app.tr("text"), id="text"):
                with VerticalScroll(id="reader", can_focus=True):
                    if fell_back:
                        yield Static(app.tr("fallback_note"), classes="fallback-note")
                    yield SafeMarkdown(text, id="lesson-text")
            with TabPane(f"{app.tr('exercises')} ({len(self.lesson.exercises)})", id="exercises"):
                yield ExercisePanel([(self.lesson, e) for e in self.lesson.exercises], id="panel")
            if self.lesson.playground:
                from nntutor.app.widgets.playgrounds import PLAYGROUNDS

                with TabPane(app.tr("try_it"), id="try"):
                    yield PLAYGROUNDS[self.lesson.playground](id="playground")
        yield Footer()

    @property
    def panel(self) -> ExercisePanel:
        return self.query_one("#panel", ExercisePanel)

    def on_mount(self) -> None:
        localize_bindings(self, self.app.lang)
        if any(e.kind in ("expression", "derivation") for e in self.lesson.exercises):
            self.app.warm_up_checker()  # in a worker thread: the first preview need not wait
        self.app.sub_title = visible(f"{self.lesson.order}. {self.lesson.title.get(self.app.lang)}")
        if self.section.startswith("exercise:"):
            self.panel.show_exercise_id(self.section.split(":", 1)[1])
            self.action_show_tab("exercises")
        elif self.section == "try" and self.lesson.playground:
            self.action_show_tab("try")
        else:
            self.query_one("#reader").focus()
        self._remember()

    def _remember(self) -> None:
        active = self.query_one("#tabs", TabbedContent).active
        if active == "try":
            section = "try"  # Continue (c) comes back to the playground
        elif active != "exercises" or not self.lesson.exercises:
            section = "text"
        else:
            section = f"exercise:{self.panel.current.id}"
        self.app.store.set_position(self.lesson.id, section)

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "show_tab" and parameters == ("try",):
            return bool(self.lesson.playground)
        return True

    def action_show_tab(self, tab: str) -> None:
        tabs = self.query_one("#tabs", TabbedContent)
        if tab == "try" and not self.lesson.playground:
            return
        tabs.active = tab
        if tab == "text":
            self.query_one("#reader").focus()
        elif tab == "try":
            self.query_one("#playground").focus()
        else:
            self.panel.focus_answer()
        self._remember()

    @on(TabbedContent.TabActivated)
    def _tab_changed(self) -> None:
        self._remember()

    @on(ExercisePanel.ExerciseShown)
    def _exercise_shown(self) -> None:
        self._remember()

    def action_scroll(self, lines: int) -> None:
        self.query_one("#reader", VerticalScroll).scroll_relative(y=lines, animate=False)

    def action_back(self) -> None:
        self.app.sub_title = visible(self.app.course.title.get(self.app.lang))
        self.app.pop_screen()
