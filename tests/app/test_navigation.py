"""Pilot tests: navigating the course, answering exercises, progress kept."""

from __future__ import annotations

from textual.widgets import Input, OptionList, Static, TabbedContent

from nntutor.app.screens.course_map import CourseMapScreen
from nntutor.app.screens.help import HelpScreen
from nntutor.app.screens.lesson import LessonScreen
from nntutor.app.widgets.exercise_panel import ExercisePanel


def feedback_text(app) -> str:
    return str(app.screen.query_one("#feedback", Static).render())


async def test_course_map_lists_lessons_with_status(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CourseMapScreen)
        options = app.screen.query_one("#lessons", OptionList)
        assert options.option_count == 3
        assert "Why neural networks" in str(options.get_option_at_index(0).prompt)
        broken = options.get_option_at_index(2)
        assert broken.disabled and "unknown kind 'essay'" in str(broken.prompt)
        assert "Next step" in str(app.screen.query_one("#next-step", Static).render())


async def test_open_lesson_answer_choice_and_come_back(make_app, tmp_path):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, LessonScreen)
        await pilot.press("e")
        await pilot.pause()
        assert app.screen.query_one("#tabs", TabbedContent).active == "exercises"
        await pilot.press("down", "enter")  # the wrong answer: "Adding two numbers"
        await pilot.pause()
        assert "Not quite" in feedback_text(app)
        assert "calculator" in feedback_text(app)
        await pilot.press("up", "enter")
        await pilot.pause()
        assert "Correct" in feedback_text(app)
        await pilot.press("escape")
        assert isinstance(app.screen, CourseMapScreen)
    attempts = app.store.attempts("intro", "where")
    assert [a.correct for a in attempts] == [False, True]
    # a second run on the same data dir finds the attempts and the position
    again = make_app(data_dir=tmp_path / "data")
    assert len(again.store.attempts("intro")) == 2
    assert again.store.last_position().lesson_id == "intro"


async def test_multiple_choice_and_completion(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "e")
        await pilot.pause()
        await pilot.press("enter")  # the first option is right
        await pilot.pause()
        assert "Correct" in feedback_text(app)
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press("space", "down", "space", "enter")
        await pilot.pause()
        assert "Correct" in feedback_text(app)
    assert app.store.lesson_status("intro") == "completed"


async def test_numeric_exercise_keeps_its_numbers_until_new_ones_are_asked(make_app):
    """Issue 18: a variant stays after an attempt (right or wrong); Ctrl+R draws new numbers."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_lesson(app.course.lesson("neuron"), "exercise:forward")
        await pilot.pause()
        panel = app.screen.query_one(ExercisePanel)
        first = panel.variant
        assert first is not None
        app.screen.query_one("#answer-widget", Input).value = "not a number"
        await pilot.press("enter")
        await pilot.pause()
        assert "does not count" in feedback_text(app)
        assert app.store.attempts("neuron", "forward") == []
        app.screen.query_one("#answer-widget", Input).value = repr(first.answer)
        await pilot.press("enter")
        await pilot.pause()
        assert "Correct" in feedback_text(app)
        attempt = app.store.attempts("neuron", "forward")[0]
        assert attempt.correct and attempt.seed == first.seed
        assert panel.variant.seed == first.seed  # the solved question stays on screen
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert panel.variant.seed != first.seed


async def test_hint_and_solution_are_recorded(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "e")
        await pilot.pause()
        await pilot.press("ctrl+t")
        await pilot.pause()
        await pilot.press("ctrl+o")
        await pilot.pause()
        state = app.store.exercise_states("intro")["where"]
        assert state.hints_shown == 1 and state.solution_seen


async def test_help_and_modes(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.press("3")
        assert app.current_mode == "progress"
        await pilot.press("2")
        assert app.current_mode == "review"
        await pilot.press("1")
        assert app.current_mode == "course"


async def test_continue_where_left_off(make_app, tmp_path):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_lesson(app.course.lesson("neuron"), "exercise:dsigma")
        await pilot.pause()
    again = make_app(data_dir=tmp_path / "data")
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(again.screen, LessonScreen)
        assert again.screen.lesson.id == "neuron"
        assert again.screen.panel.current.id == "dsigma"


async def test_russian_interface_and_fallback(make_app):
    app = make_app(lang="ru")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        options = app.screen.query_one("#lessons", OptionList)
        assert "Зачем нужны нейронные сети" in str(options.get_option_at_index(0).prompt)
        app.open_lesson(app.course.lesson("neuron"))
        await pilot.pause()
        note = app.screen.query_one(".fallback-note", Static)
        assert "английский" in str(note.render())


async def test_unavailable_lesson_does_not_open(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_lesson(app.course.lesson("broken"))
        await pilot.pause()
        assert isinstance(app.screen, CourseMapScreen)


async def test_corrupt_progress_file_is_moved_aside_and_app_starts(make_app, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    app = make_app(data_dir=data)
    path = app.store.path
    app.store.close()
    path.write_bytes(b"this is not a database" * 100)
    app = make_app(data_dir=data)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.store.notice
        assert any(p.name != path.name for p in data.iterdir())
        await pilot.press("enter")
        assert isinstance(app.screen, CourseMapScreen)
