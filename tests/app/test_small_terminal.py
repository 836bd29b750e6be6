"""Below the minimum size: a clear "please enlarge the terminal" screen, never a crash; nothing lost."""

from __future__ import annotations

import pytest
from textual.widgets import OptionList, Static

from nntutor.app.app import MIN_HEIGHT, MIN_WIDTH
from nntutor.app.screens.course_map import CourseMapScreen
from nntutor.app.screens.lesson import LessonScreen
from nntutor.app.screens.too_small import TooSmallScreen


def message(app) -> str:
    return str(app.screen.query_one("#too-small", Static).render())


def test_minimum_is_below_80x24():
    assert MIN_WIDTH <= 80 and MIN_HEIGHT <= 24


@pytest.mark.parametrize(
    "size", [(1, 1), (20, 5), (MIN_WIDTH - 1, 24), (80, MIN_HEIGHT - 1), (40, 10)]
)
async def test_too_small_shows_enlarge_screen(make_app, size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        text = message(app)
        assert "Please enlarge the terminal" in text
        assert f"{MIN_WIDTH}×{MIN_HEIGHT}" in text and f"{size[0]}×{size[1]}" in text
        assert "Ctrl+Q" in text
        await pilot.press("ctrl+q")
    assert app.return_code == 0


@pytest.mark.parametrize("size", [(MIN_WIDTH, MIN_HEIGHT), (80, 24), (200, 60)])
async def test_large_enough_shows_course_map(make_app, size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CourseMapScreen)
        assert not any(isinstance(s, TooSmallScreen) for s in app.screen_stack)


async def test_russian_message(make_app):
    app = make_app(lang="ru")
    async with app.run_test(size=(30, 8)) as pilot:
        await pilot.pause()
        assert "увеличьте окно терминала" in message(app)


async def test_shrink_and_grow_keeps_the_lesson_open(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "e")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        lesson_screen = app.screen

        await pilot.resize_terminal(50, 12)
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        assert "50×12" in message(app)

        await pilot.resize_terminal(45, 11)  # still too small: the numbers follow, no second cover
        await pilot.pause()
        assert "45×11" in message(app)
        assert sum(isinstance(s, TooSmallScreen) for s in app.screen_stack) == 1

        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert app.screen is lesson_screen
        await pilot.press("down", "enter")  # the exercise still answers
        await pilot.pause()
        assert "Not quite" in str(app.screen.query_one("#feedback", Static).render())
    assert len(app.store.attempts("intro", "where")) == 1


async def test_keys_do_not_reach_the_screen_underneath(make_app):
    app = make_app()
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        await pilot.press("enter", "n", "e", "down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        assert app.store.lesson_statuses() == {}
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert isinstance(app.screen, CourseMapScreen)


async def test_many_quick_resizes_do_not_crash(make_app):
    app = make_app()
    sizes = [(80, 24), (10, 3), (120, 40), (59, 18), (60, 17), (1, 1), (60, 18), (30, 30), (80, 24)]
    async with app.run_test(size=(80, 24)) as pilot:
        for width, height in sizes * 3:
            await pilot.resize_terminal(width, height)
        await pilot.pause()
        assert isinstance(app.screen, CourseMapScreen)
        assert not any(isinstance(s, TooSmallScreen) for s in app.screen_stack)
        assert app.screen.query_one("#lessons", OptionList).option_count == 3


async def test_mode_switched_to_while_too_small_is_covered_too(make_app):
    app = make_app()
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        app.switch_mode("review")
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.resize_terminal(80, 24)
        app.switch_mode("course")
        await pilot.pause()
        assert isinstance(app.screen, CourseMapScreen)


async def test_size_update_before_the_cover_is_composed_is_harmless(make_app):
    """Starting tiny: a resize can reach the cover before it has composed (it used to crash)."""
    from nntutor.app.screens.too_small import TooSmallScreen

    screen = TooSmallScreen()
    screen.show_size(20, 5)  # not mounted: nothing to update, and no error
    app = make_app()
    async with app.run_test(size=(24, 6)) as pilot:
        await pilot.pause()
        cover = app.screen
        assert isinstance(cover, TooSmallScreen)
        assert "24×6" in str(cover.query_one("#too-small").render())
