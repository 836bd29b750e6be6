"""The Textual app: sections as modes, each keeping its own screen stack."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events, on, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from nntutor.app.keys import localize_bindings
from nntutor.app.screens.course_map import CourseMapScreen
from nntutor.i18n import t
from nntutor.lab.request import LabRequest
from nntutor.textsafe import visible

if TYPE_CHECKING:
    from nntutor.checker import Checker
    from nntutor.course.model import Course, Lesson
    from nntutor.practice.store import ProgressStore

MIN_WIDTH, MIN_HEIGHT = 60, 18


# Sections other than the course map are imported when first opened: the first screen comes up
# without the exercise panel's widgets, the charts or numpy.
def _review_screen() -> Screen:
    from nntutor.app.screens.review import ReviewScreen

    return ReviewScreen()


def _progress_screen() -> Screen:
    from nntutor.app.screens.progress import ProgressScreen

    return ProgressScreen()


def _lab_screen() -> Screen:
    """The lab's screen, imported on first use (it loads NumPy and the engine)."""
    from nntutor.app.screens.lab import LabScreen

    return LabScreen()


@dataclass
class Settings:
    """What the command line chose."""

    lessons_dir: Path
    data_dir: Path
    lang: str = "en"
    profile: str = "default"
    mouse: bool = True


class NNTutorApp(App):
    """nntutor's terminal interface."""

    CSS_PATH = "app.tcss"  # the lab's own stylesheet comes with its screen, on first use
    TITLE = "nntutor"
    # the screen gets -narrow below 100 columns: app.tcss trims the footer there, so that its
    # last keys (Quit, Help) stay on screen at 80×24 too
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-normal")]
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("f1,question_mark", "help", "Help", key_display="?"),
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("1", "switch_mode('course')", "Course", show=False),
        Binding("2", "switch_mode('review')", "Review", show=False),
        Binding("3", "switch_mode('progress')", "Progress", show=False),
        Binding("4", "switch_mode('lab')", "Lab", show=False),
    ]
    # Start in the course map's mode rather than switch to it on mount: switch_mode holds the
    # screen's updates back for 50 ms (to mask a transition) and reparses the stylesheet again.
    DEFAULT_MODE = "course"
    MODES = {
        "course": CourseMapScreen,
        "review": _review_screen,
        "progress": _progress_screen,
        "lab": _lab_screen,
    }

    def __init__(self, settings: Settings, course: Course, store: ProgressStore) -> None:
        super().__init__()
        self.settings = settings
        self.course = course
        self.store = store
        self._checker: Checker | None = None
        self.sub_title = visible(course.title.get(settings.lang))
        # before any screen is composed: the course map's footer shows these keys from its start
        localize_bindings(self, settings.lang)

    def on_mount(self) -> None:
        self.switch_mode("course")
        notice = self.store.notice_in(self.lang)
        if notice:
            from nntutor.app.screens.notice import NoticeScreen

            self.push_screen(NoticeScreen(t("store_notice_title", self.lang), notice))
        self._time_mark = time.monotonic()
        self.set_interval(30, self._record_time)
        self._guard_size(*self.size)

    def switch_mode(self, mode: str):
        """Switch section; a section entered while the terminal is too small is covered too."""
        result = super().switch_mode(mode)
        self._title_mode(mode)
        self.call_after_refresh(lambda: self._guard_size(*self.size))
        return result

    def _title_mode(self, mode: str) -> None:
        """The header names the section in the learner's language; the course map, the course.

        A section's base screen carries its own subtitle, so leaving it leaves its name behind;
        the course map (and a lesson on top of it) use the app's, which the lesson sets."""
        stack = self._screen_stacks.get(mode) or []
        if mode in ("review", "progress", "lab") and stack:
            stack[0].sub_title = self.tr(mode)

    def on_resize(self, event: events.Resize) -> None:
        self._guard_size(event.size.width, event.size.height)

    def _guard_size(self, width: int, height: int) -> None:
        from nntutor.app.screens.too_small import TooSmallScreen

        too_small = width < MIN_WIDTH or height < MIN_HEIGHT
        showing = isinstance(self.screen, TooSmallScreen) if self.screen_stack else False
        if too_small and not showing:
            self.push_screen(TooSmallScreen())
        elif too_small and showing:
            self.screen.show_size(width, height)
        elif showing:
            self.pop_screen()

    def _record_time(self) -> None:
        """Time spent, added every 30 s (a kill loses at most that), to the open lesson if any."""
        now = time.monotonic()
        stack = self.screen_stack
        screen = stack[-1] if stack else None
        # no import here: if the lesson screen was never loaded, no lesson is open (and quitting
        # must not pay for importing it)
        lesson_screen = sys.modules.get("nntutor.app.screens.lesson")
        is_lesson = lesson_screen is not None and isinstance(screen, lesson_screen.LessonScreen)
        lesson_id = screen.lesson.id if is_lesson else None
        self.store.add_time(now - self._time_mark, lesson_id=lesson_id)
        self._time_mark = now

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: str = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every notification is plain text: messages carry file names, errors and lesson text,
        which must neither act as markup nor send control characters (see nntutor/app/safe.py)."""
        kwargs = {} if timeout is None else {"timeout": timeout}
        super().notify(
            visible(str(message), keep_newlines=True),
            title=visible(str(title)),
            severity=severity,
            markup=False,
            **kwargs,
        )

    @property
    def lang(self) -> str:
        return self.settings.lang

    def tr(self, key: str, **kwargs: object) -> str:
        return t(key, self.settings.lang, **kwargs)

    # --- the checker is started lazily, off the UI thread ----------------------------------------
    @property
    def checker(self) -> Checker:
        if self._checker is None:
            from nntutor.checker import Checker

            self._checker = Checker()
        return self._checker

    @work(thread=True, exclusive=True, group="checker-warmup", exit_on_error=False)
    def warm_up_checker(self) -> None:
        self.checker.start()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """One place where every failed worker is reported, so no error takes the app down."""
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            error = event.worker.error
            self.notify(
                f"{type(error).__name__}: {error}",
                title=self.tr("something_wrong"),
                severity="error",
                timeout=8,
            )

    # --- navigation ------------------------------------------------------------------------------
    def open_lesson(self, lesson: Lesson, section: str | None = None) -> None:
        from nntutor.app.screens.lesson import LessonScreen

        if not lesson.available:
            self.notify(
                self.tr("unavailable_lesson", reason=lesson.reason), severity="warning", timeout=8
            )
            return
        if self.current_mode != "course":
            self.switch_mode("course")
        self.push_screen(LessonScreen(lesson, section))

    def open_lab(self, request: LabRequest | None = None) -> None:
        """Switch to the lab; a request with options, a challenge or locks reconfigures it (the
        teacher's cut). Before the app runs (``nntutor lab``), the request waits until it is ready."""
        if not self.is_running:
            self._lab_request = request or LabRequest()
            return
        self.switch_mode("lab")
        if request is not None and request.reconfigures:
            self.screen_stack[0].configure(request)

    @on(events.Ready)
    def _open_requested_lab(self) -> None:
        request = getattr(self, "_lab_request", None)
        if request is not None:
            self._lab_request = None
            self.call_later(self.open_lab, request)

    def action_help(self) -> None:
        from nntutor.app.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_continue(self) -> None:
        position = self.store.last_position()
        lesson = self.course.lesson(position.lesson_id) if position else None
        if lesson is None or not lesson.available:
            lesson = self.course.recommended_next(self.store.lesson_statuses())
            section = None
        else:
            section = position.section
        if lesson is not None:
            self.open_lesson(lesson, section)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield SystemCommand(self.tr("continue_where"), "c", self.action_continue)
        yield SystemCommand(self.tr("course"), "1", lambda: self.switch_mode("course"))
        yield SystemCommand(self.tr("review"), "2", lambda: self.switch_mode("review"))
        yield SystemCommand(self.tr("progress"), "3", lambda: self.switch_mode("progress"))
        yield SystemCommand(self.tr("lab"), "4", lambda: self.switch_mode("lab"))
        for lesson in self.course.lessons:
            if lesson.available:
                yield SystemCommand(
                    f"{lesson.order}. {lesson.title.get(self.lang)}",
                    self.tr("open"),
                    lambda lesson=lesson: self.open_lesson(lesson),
                    discover=False,
                )
        yield SystemCommand(self.tr("help"), "?", self.action_help)
        yield from super().get_system_commands(screen)

    async def action_quit(self) -> None:
        self.exit()

    def on_unmount(self) -> None:
        self._record_time()
        if self._checker is not None:
            self._checker.close()
