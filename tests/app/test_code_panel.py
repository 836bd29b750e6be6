"""Code exercises in the app: the editor, saving as one types, running the tests, reset, watch
mode and the trust question, on a one-lesson course whose exercise is dense-backward."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from textual.widgets import Static

CODE_COURSE = Path(__file__).parent / "code_course"
EXERCISE = CODE_COURSE / "01-dense" / "code" / "dense-backward"
SOLUTION = (EXERCISE / "solution.py").read_text(encoding="utf-8")
NO_MEAN = (EXERCISE / "mistakes" / "no-batch-mean.py").read_text(encoding="utf-8")
STARTER = (EXERCISE / "starter.py").read_text(encoding="utf-8")


@pytest.fixture
def code_app(make_app, tmp_path):
    def factory(lang: str = "en", trusted: bool = True):
        from nntutor.runner.trust import trust

        data_dir = tmp_path / "data"
        if trusted:
            trust(CODE_COURSE, data_dir)
        return make_app(lang=lang, lessons=CODE_COURSE, data_dir=data_dir)

    return factory


def text_of(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def open_exercise(app, pilot):
    app.open_lesson(app.course.lesson("dense"), "exercise:dense-backward")
    await pilot.pause()
    await pilot.pause()
    from nntutor.app.widgets.code_panel import CodePanel

    return app.screen.query_one(CodePanel)


async def until(pilot, condition, tries: int = 200) -> None:
    """Let the app run until ``condition()`` holds (the runner is a child process)."""
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("the app did not get there")


async def run_and_wait(app, pilot, panel, key: str = "f5") -> None:
    runs = panel.runs
    await pilot.press(key)
    await app.workers.wait_for_complete()
    await until(pilot, lambda: panel.runs > runs)
    await pilot.pause()


async def test_editor_opens_the_starter_in_a_private_file_and_shows_its_path(code_app):
    app = code_app()
    async with app.run_test(size=(80, 24)) as pilot:
        panel = await open_exercise(app, pilot)
        assert panel.editor.text == STARTER
        assert panel.editor.language == "python"
        assert app.focused is panel.editor
        assert str(panel.path) in text_of(app, "#code-path").replace("\n", "")
        assert panel.has_class("narrow")  # at 80 columns the results go below the code
        assert stat.S_IMODE(panel.path.stat().st_mode) == 0o600
        assert panel.path.parent == app.settings.data_dir / "workspace" / "default" / "dense"


async def test_results_sit_beside_the_code_on_a_wide_terminal(code_app):
    app = code_app()
    async with app.run_test(size=(120, 36)) as pilot:
        panel = await open_exercise(app, pilot)
        assert not panel.has_class("narrow")
        editor = panel.editor.region
        results = app.screen.query_one("#code-results").region
        assert results.x >= editor.right and results.y == editor.y


async def test_typing_is_saved_without_asking_and_survives_leaving(code_app):
    app = code_app()
    async with app.run_test(size=(80, 24)) as pilot:
        panel = await open_exercise(app, pilot)
        path = panel.path
        panel.editor.move_cursor(panel.editor.document.end)
        panel.editor.insert("\n# first\n")
        await until(pilot, lambda: "# first" in path.read_text(encoding="utf-8"))
        panel.editor.insert("# second\n")
        # Esc leaves the editor, a second Esc the lesson: the typing not yet saved is written now
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert path.read_text(encoding="utf-8").endswith("# first\n# second\n")
        assert not [p for p in path.parent.iterdir() if p.name.startswith(".")]  # no temp left
        panel = await open_exercise(app, pilot)
        assert panel.editor.text.endswith("# second\n")


async def test_a_mistake_is_named_then_the_fix_passes_and_each_counts_as_an_attempt(code_app):
    app = code_app()
    async with app.run_test(size=(80, 24)) as pilot:
        panel = await open_exercise(app, pilot)
        await run_and_wait(app, pilot, panel)  # the untouched starter: shown, not an attempt
        assert "5 of 5 failed" in text_of(app, "#code-results-text")
        assert "line 23: NotImplementedError" in text_of(app, "#code-results-text")
        assert app.store.attempts("dense", "dense-backward") == []

        panel.editor.load_text(NO_MEAN)
        await run_and_wait(app, pilot, panel)
        results = text_of(app, "#code-results-text")
        assert "Recognised mistake: no-batch-mean" in results
        assert "N times too large" in results  # the mistake's own feedback
        assert "Not quite" in text_of(app, "#feedback")
        await run_and_wait(app, pilot, panel, key="ctrl+r")  # the same code again: no new attempt

        panel.editor.load_text(SOLUTION)
        await pilot.click("#code-run")
        await app.workers.wait_for_complete()
        await until(pilot, lambda: "passed" in text_of(app, "#code-results-text"))
        await pilot.pause()
        assert "✓ All" in text_of(app, "#code-results-text")
        assert "Correct" in text_of(app, "#feedback")
        assert panel.path.read_text(encoding="utf-8") == SOLUTION  # saved before the run
    verdicts = [a.correct for a in app.store.attempts("dense", "dense-backward")]
    assert verdicts == [False, True]
    assert app.store.exercise_states("dense")["dense-backward"].solved


async def test_results_in_russian(code_app):
    app = code_app(lang="ru")
    async with app.run_test(size=(80, 24)) as pilot:
        panel = await open_exercise(app, pilot)
        panel.editor.load_text(NO_MEAN)
        await run_and_wait(app, pilot, panel)
        results = text_of(app, "#code-results-text")
        assert "Узнанная ошибка: no-batch-mean" in results
        assert "в N раз больше" in results


async def test_reset_asks_first_and_keeps_the_code_when_told_to(code_app):
    app = code_app()
    async with app.run_test(size=(80, 24)) as pilot:
        panel = await open_exercise(app, pilot)
        panel.editor.load_text(SOLUTION)
        panel.save_now()
        await pilot.click("#code-reset")
        await pilot.pause()
        assert app.screen.id == "reset-dialog"
        assert str(panel.path) in str(app.screen.query_one(".dialog-body", Static).render())
        await pilot.press("escape")  # no
        await pilot.pause()
        assert panel.editor.text == SOLUTION
        assert panel.path.read_text(encoding="utf-8") == SOLUTION

        await pilot.click("#code-reset")
        await pilot.pause()
        await pilot.click("#dialog-yes")
        await pilot.pause()
        assert panel.editor.text == STARTER
        assert panel.path.read_text(encoding="utf-8") == STARTER


def save_as_an_editor_would(path: Path, text: str) -> None:
    """Write a new file beside the old one and rename it over (as vim's backupcopy=no does)."""
    tmp = path.with_name(path.name + "~new")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


async def test_watch_mode_reloads_an_outside_save_and_runs_the_tests(code_app):
    app = code_app()
    async with app.run_test(size=(80, 24)) as pilot:
        panel = await open_exercise(app, pilot)
        save_as_an_editor_would(panel.path, NO_MEAN)
        await until(pilot, lambda: panel.runs == 1)
        assert panel.editor.text == NO_MEAN
        assert "no-batch-mean" in text_of(app, "#code-results-text")

        with panel.path.open("w", encoding="utf-8") as f:  # truncate and rewrite in place
            f.write(SOLUTION)
        await until(pilot, lambda: panel.runs == 2)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert panel.editor.text == SOLUTION
        assert "✓ All" in text_of(app, "#code-results-text")
        panel.path.unlink()  # an editor that deletes and recreates: nothing breaks meanwhile
        await pilot.pause(0.6)
        assert panel.editor.text == SOLUTION
    verdicts = [a.correct for a in app.store.attempts("dense", "dense-backward")]
    assert verdicts == [False, True]


async def test_a_course_folder_runs_only_after_the_learner_agrees(code_app):
    from nntutor.runner.trust import is_trusted

    app = code_app(trusted=False)
    async with app.run_test(size=(80, 24)) as pilot:
        panel = await open_exercise(app, pilot)
        await pilot.press("f5")
        await pilot.pause()
        assert app.screen.id == "trust-dialog"
        body = str(app.screen.query_one(".dialog-body", Static).render())
        assert str(CODE_COURSE.resolve()) in body.replace("\n", "") or str(CODE_COURSE) in body
        assert "as you" in body
        await pilot.press("escape")
        await pilot.pause()
        assert "tests did not run" in text_of(app, "#code-results-text")
        assert panel.runs == 0
        assert not is_trusted(CODE_COURSE, app.settings.data_dir)

        await pilot.press("f5")
        await pilot.pause()
        await pilot.click("#dialog-yes")
        await app.workers.wait_for_complete()
        await until(pilot, lambda: panel.runs == 1)
    assert is_trusted(CODE_COURSE, app.settings.data_dir)


async def test_review_asks_for_the_function_again_from_the_starter(code_app):
    from datetime import UTC, datetime, timedelta

    app = code_app()
    learned = datetime.now(UTC) - timedelta(days=30)
    app.store.record_attempt(
        "dense", "dense-backward", "5/5", True, skills=["backprop"], now=learned
    )
    from nntutor.runner import workspace_file
    from nntutor.runner.workspace import save_private

    solved = workspace_file(app.settings.data_dir, "default", "dense", "dense-backward")
    save_private(solved, SOLUTION)  # the file the learner solved it in stays as it is
    async with app.run_test(size=(80, 24)) as pilot:
        app.switch_mode("review")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        from nntutor.app.widgets.code_panel import CodePanel

        panel = app.screen.query_one(CodePanel)
        assert panel.review and panel.path != solved
        assert panel.editor.text == STARTER
        panel.editor.load_text(SOLUTION)
        await run_and_wait(app, pilot, panel)
        assert "✓ All" in text_of(app, "#code-results-text")
        assert not panel.path.exists()  # the next review starts from the starter again
    assert solved.read_text(encoding="utf-8") == SOLUTION
    assert [a.correct for a in app.store.attempts("dense", "dense-backward")] == [True, True]


async def test_moving_to_a_code_exercise_keeps_its_task_in_view(make_app):
    """Focusing the editor must not scroll the task above it off an 80×24 screen."""
    from textual.containers import VerticalScroll

    from nntutor.paths import builtin_lessons_dir

    app = make_app(lessons=builtin_lessons_dir())
    async with app.run_test(size=(80, 24)) as pilot:
        lesson = app.course.lesson("backpropagation")
        ids = [e.id for e in lesson.exercises]
        app.open_lesson(lesson, "exercise:" + ids[ids.index("dense-backward") - 1])
        await pilot.pause()
        await pilot.press("ctrl+n")
        await pilot.pause(0.3)
        assert app.screen.query_one("#exercise-scroll", VerticalScroll).scroll_y == 0
        assert "dense_backward" in app.export_screenshot()
