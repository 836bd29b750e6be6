"""A code exercise: the learner's file in an editor, its tests run in the runner's child process.

The file lives in the learner's workspace (``runner.workspace_file``) and is saved as they type,
atomically. It may be edited in another editor too (vim over SSH): the panel polls the file's
modification time, reloads the editor and runs the tests again (watch mode).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, replace
from pathlib import Path

from rich.markup import escape
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Button, Static, TextArea

from nntutor.course.grading import Verdict, grade
from nntutor.course.model import Exercise, Lesson
from nntutor.i18n import Messages
from nntutor.textsafe import visible

SAVE_AFTER_S = 0.4  # typing pauses this long, then the file is written
WATCH_EVERY_S = 0.1  # how often the file's modification time is looked at (a stat: microseconds)
WIDE = 100  # from this many columns the results sit beside the code

STRINGS = Messages(
    "code_panel",
    {
        "file": "Your file (saved as you type; edit it here or in your own editor):",
        "run": "Run tests (F5)",
        "reset": "Reset to starter",
        "in_lab": "Train it in the lab",
        "no_results": "Press F5 or “Run tests” to run the tests. Saving the file in another editor runs them too.",
        "running": "Running the tests…",
        "passed": ("✓ The test passed.", "✓ All {n} tests passed."),
        "failed": "✗ {failed} of {total} failed.",
        "error": "✗ Your code did not run:",
        "limit": "✗ Stopped at a limit:",
        "mistake": "Recognised mistake: {name}",
        "printed": "Your code printed:",
        "took": "{ms:.0f} ms",
        "summary": "{passed} of {total} tests passed",
        "not_trusted": "The tests did not run: this course folder's code runs only after you agree. Press F5 to be asked again.",
        "untouched": "This is still the starter: write the function, then run the tests.",
        "reset_done": "Back to the starter.",
        "unsaved": "Could not save {path}: {reason}",
    },
)


tr = STRINGS.text


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


def verdict_for(exercise: Exercise, report, source: str, starter: str, lang: str) -> Verdict:
    """The grader's verdict on a run (``grading.grade_code``: a file that could not run is not
    an attempt), with two things the panel adds: the untouched starter is not an attempt
    either, and the answer recorded carries the source's digest, so that running the same code
    again is not a second attempt. The message is kept short: the results pane has the details."""
    verdict = grade(exercise, report, lang=lang)
    if not verdict.valid:
        return verdict
    if source.strip() == starter.strip():
        return Verdict(False, False, tr(lang, "untouched"))
    total = len(report.tests)
    passed = sum(1 for test in report.tests if test.passed)
    message = tr(lang, "summary", passed=passed, total=total)
    if report.mistake:
        message += f"; {tr(lang, 'mistake', name=report.mistake)}"
    return replace(verdict, message=message, answer=f"{verdict.answer} · {digest(source)}")


def report_markup(report, lang: str) -> str:
    """The results pane: the verdict, the anticipated mistake by name, each test, what was printed."""
    lines: list[str] = []
    total = len(report.tests)
    failed = sum(1 for test in report.tests if not test.passed)
    if report.status == "passed":
        lines.append(f"[b $success]{escape(tr(lang, 'passed', n=total))}[/]")
    elif report.status == "failed":
        lines.append(f"[b $error]{escape(tr(lang, 'failed', failed=failed, total=total))}[/]")
    else:
        head = tr(lang, "limit" if report.status == "limit" else "error")
        lines.append(f"[b $error]{escape(head)}[/]")
        lines.append(escape(visible(report.error or "")))
    if report.mistake:
        lines.append("")
        lines.append(f"[b $warning]{escape(tr(lang, 'mistake', name=visible(report.mistake)))}[/]")
        if report.feedback:
            lines.append(escape(visible(report.feedback)))
    if report.tests:
        lines.append("")
    for test in report.tests:
        mark = "[$success]✓[/]" if test.passed else "[$error]✗[/]"
        line = f"{mark} {escape(visible(test.name))}"
        if not test.passed and test.message:
            line += f": {escape(visible(test.message, keep_newlines=True))}"
        lines.append(line)
    if report.output.strip():
        lines.append("")
        lines.append(f"[b]{escape(tr(lang, 'printed'))}[/]")
        lines.append(escape(report.output.rstrip()))
    lines.append(f"[dim]{escape(tr(lang, 'took', ms=report.ms))}[/]")
    return "\n".join(lines)


class CodePanel(Vertical):
    """The learner's file: path, editor, results (beside at ≥100 columns, below at 80), buttons."""

    DEFAULT_CSS = """
    CodePanel { height: auto; }
    CodePanel #code-path { color: $text-muted; }
    CodePanel #code-body { height: auto; }
    CodePanel #code-results { width: 1fr; height: auto; max-height: 40; padding: 0 1; }
    CodePanel #code-buttons { height: 1; }
    CodePanel #code-buttons Button {
        height: 1; min-width: 6; border: none; margin: 0 1 0 0; padding: 0 1;
    }
    CodePanel.narrow #code-body { layout: vertical; }
    CodePanel.narrow #code-results { width: 1fr; padding: 0; }
    """
    BINDINGS = [
        Binding("f5,ctrl+r", "run_tests", "Run tests"),
    ]

    @dataclass
    class Checked(Message):
        """A run ended: its report and the verdict to record (an attempt when valid)."""

        exercise_id: str
        report: object
        verdict: Verdict
        source: str

    def __init__(self, lesson: Lesson, exercise: Exercise, *, review: bool = False) -> None:
        super().__init__(id="code-panel")
        self.lesson = lesson
        self.exercise = exercise
        self.review = review
        self.path: Path | None = None
        self._saved_text: str | None = None
        self._seen: tuple[int, int] | None = None
        self._save_timer: Timer | None = None
        self._declined = False
        self.runs = 0  # finished runs, for tests and the title

    @property
    def lang(self) -> str:
        return self.app.lang

    @property
    def editor(self) -> TextArea:
        return self._editor

    @property
    def results(self) -> Static:
        return self.query_one("#code-results-text", Static)

    def compose(self) -> ComposeResult:
        yield Static(tr(self.lang, "file"), id="code-path-label")
        yield Static(id="code-path")
        with Horizontal(id="code-buttons"):
            yield Button(tr(self.lang, "run"), id="code-run", variant="primary")
            yield Button(tr(self.lang, "reset"), id="code-reset", variant="warning")
            if self.exercise.part:  # it implements a part of the network: train with it
                yield Button(tr(self.lang, "in_lab"), id="code-lab")
        with Horizontal(id="code-body"):
            self._editor = TextArea.code_editor("", language="python", id="answer-widget")
            yield self._editor
            with VerticalScroll(id="code-results"):
                yield Static(tr(self.lang, "no_results"), id="code-results-text")

    def on_mount(self) -> None:
        from nntutor.app.keys import localize_bindings
        from nntutor.runner import starter_text, workspace_file
        from nntutor.runner.workspace import ensure_started

        localize_bindings(self, self.lang)
        settings = self.app.settings
        name = f"{self.exercise.id}.review" if self.review else self.exercise.id
        try:
            self.path = workspace_file(settings.data_dir, settings.profile, self.lesson.id, name)
            ensure_started(self.path, starter_text(self.exercise))
            text = self.path.read_text(encoding="utf-8")
        except (OSError, ValueError, UnicodeDecodeError) as exc:
            self.results.update(escape(visible(str(exc))))
            self.query_one("#code-buttons").display = False
            self.editor.read_only = True
            return
        self.query_one("#code-path", Static).update(escape(visible(str(self.path))))
        self._saved_text = text
        self._seen = self._stat()
        self.editor.load_text(text)
        self._layout()
        self.set_interval(WATCH_EVERY_S, self._watch)

    def on_unmount(self) -> None:
        self.save_now()  # leaving the exercise or quitting loses nothing typed

    # --- layout ----------------------------------------------------------------------------------
    def on_resize(self) -> None:
        self._layout()

    def _layout(self) -> None:
        width, height = self.app.size
        narrow = width < WIDE
        self.set_class(narrow, "narrow")
        editor = self.editor
        editor.styles.width = "1fr" if narrow else "3fr"
        self.query_one("#code-results").styles.width = "1fr" if narrow else "2fr"
        editor.styles.height = max(10, height - 12) if not narrow else max(8, height - 14)

    # --- saving as they type ---------------------------------------------------------------------
    @on(TextArea.Changed, "#answer-widget")
    def _typed(self, event: TextArea.Changed) -> None:
        event.stop()
        if self.path is None or event.text_area.text == self._saved_text:
            return
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(SAVE_AFTER_S, self.save_now)

    def save_now(self) -> None:
        """Write the editor's text to the file now (atomically), if it changed."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        if self.path is None:
            return
        text = self.editor.text
        if text == self._saved_text:
            return
        from nntutor.runner.workspace import save_private

        try:
            save_private(self.path, text)
        except OSError as exc:
            self.app.notify(
                tr(self.lang, "unsaved", path=visible(str(self.path)), reason=exc.strerror),
                severity="error",
            )
            return
        self._saved_text = text
        self._seen = self._stat()

    def _stat(self) -> tuple[int, int] | None:
        try:
            info = os.stat(self.path) if self.path else None
        except OSError:
            return None
        return (info.st_mtime_ns, info.st_size) if info else None

    # --- watch mode ------------------------------------------------------------------------------
    def _watch(self) -> None:
        """Another editor saved the file: load it and run the tests (Rustlings' watch mode)."""
        seen = self._stat()
        if seen is None or seen == self._seen:
            return  # missing for a moment (an editor renaming files) or unchanged
        self._seen = seen
        try:
            text = self.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return
        if text == self._saved_text:
            return
        if self._save_timer is not None:  # the outside save wins over unsaved typing here
            self._save_timer.stop()
            self._save_timer = None
        self._saved_text = text
        self.run_tests(asked=False, save=False)  # the file on disk is the one to check
        # reloading the editor (and its highlighting) takes tens of ms on the UI thread: after
        # the check's worker has started, so that the verdict comes no later for it
        self.set_timer(0.02, lambda: self._reload(text))

    def _reload(self, text: str) -> None:
        if self.editor.text != text and text == self._saved_text:
            self.editor.load_text(text)

    # --- running the tests -----------------------------------------------------------------------
    def action_run_tests(self) -> None:
        self.run_tests()

    def run_tests(self, asked: bool = True, save: bool = True) -> None:
        """Save, make sure the course folder is trusted, then run the tests off the UI thread.
        ``asked``: the learner asked (a key, a button), so an untrusted folder prompts again;
        ``save``: write the editor's text first (not when the file changed outside)."""
        if self.path is None:
            return
        if save:
            self.save_now()
        from nntutor.runner.trust import is_trusted

        settings = self.app.settings
        if is_trusted(settings.lessons_dir, settings.data_dir):
            self._start_run()
        elif asked or not self._declined:
            from nntutor.app.widgets.code_dialogs import trust_dialog

            self.app.push_screen(trust_dialog(self.lang, str(settings.lessons_dir)), self._trusted)
        else:
            self.results.update(escape(tr(self.lang, "not_trusted")))

    def _trusted(self, agreed: bool | None) -> None:
        settings = self.app.settings
        if agreed:
            from nntutor.runner.trust import trust

            trust(settings.lessons_dir, settings.data_dir)
            self._start_run()
        else:
            self._declined = True
            self.results.update(escape(tr(self.lang, "not_trusted")))

    def _start_run(self) -> None:
        self.results.update(escape(tr(self.lang, "running")))
        self._run(self.exercise, self.path, self._saved_text or "", self.lang)

    @work(thread=True, exclusive=True, group="code-run", exit_on_error=False)
    def _run(self, exercise: Exercise, path: Path, source: str, lang: str) -> None:
        from nntutor.runner import check_code

        report = check_code(exercise, path, lang)
        self.app.call_from_thread(self._show, report, source)

    def _show(self, report, source: str) -> None:
        if not self.is_attached:
            return  # the learner moved to another exercise meanwhile
        self.runs += 1
        self.results.update(report_markup(report, self.lang))
        from nntutor.runner import starter_text

        verdict = verdict_for(self.exercise, report, source, starter_text(self.exercise), self.lang)
        if self.review and report.status == "passed" and self.path is not None:
            # the next review asks for the function again, from the starter
            self.path.unlink(missing_ok=True)
        self.post_message(self.Checked(self.exercise.id, report, verdict, source))

    # --- reset -----------------------------------------------------------------------------------
    @on(Button.Pressed, "#code-run")
    def _run_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.run_tests()

    @on(Button.Pressed, "#code-reset")
    def _reset_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_reset()

    @on(Button.Pressed, "#code-lab")
    def _lab_pressed(self, event: Button.Pressed) -> None:
        """The lab, training its network with the learner's parts (this one among them)."""
        event.stop()
        from nntutor.app.screens.lab_mine import MyCodeLabScreen

        self.save_now()
        self.app.open_lab()
        lab = self.app.screen_stack[0]
        self.app.push_screen(MyCodeLabScreen(lab.config))

    def action_reset(self) -> None:
        if self.path is None:
            return
        from nntutor.app.widgets.code_dialogs import reset_dialog

        self.app.push_screen(reset_dialog(self.lang, str(self.path)), self._reset)

    def _reset(self, agreed: bool | None) -> None:
        if not agreed or not self.is_attached:
            return
        from nntutor.runner import starter_text

        self.editor.load_text(starter_text(self.exercise))
        self.save_now()
        self.results.update(escape(tr(self.lang, "reset_done")))
