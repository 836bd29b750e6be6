"""Pilot tests of the Review and Progress sections."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from textual.widgets import DataTable, OptionList, Static

from nntutor.app.screens.review import ReviewSessionScreen
from nntutor.app.widgets.exercise_panel import ExercisePanel


def days_ago(n: int) -> datetime:
    return datetime.now(timezone.utc) - timedelta(days=n)


async def test_review_queue_and_mixed_session(make_app):
    app = make_app()
    # answered right ten days ago, in two lessons: both are due now
    app.store.record_attempt(
        "intro", "where", "Recognising images", True, skills=["motivation"], now=days_ago(10)
    )
    app.store.record_attempt(
        "neuron",
        "dsigma",
        "x*sigma(w*x+b)*(1-sigma(w*x+b))",
        True,
        skills=["neuron"],
        now=days_ago(10),
    )
    app.store.record_attempt(
        "gone", "removed", "x", True, now=days_ago(10)
    )  # no longer in the course
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        assert app.current_mode == "review"
        assert "Due for review now: 2" in str(
            app.screen.query_one("#review-summary", Static).render()
        )
        assert app.screen.query_one("#due-list", OptionList).option_count == 2
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewSessionScreen)
        panel = app.screen.query_one(ExercisePanel)
        assert [(lesson.id, ex.id) for lesson, ex in panel.items] == [
            ("intro", "where"),
            ("neuron", "dsigma"),
        ]
        await pilot.pause()
        await pilot.press("enter")  # the right answer to the first
        await pilot.pause()
        assert "Correct" in str(app.screen.query_one("#feedback", Static).render())
        await pilot.press("escape")
        await pilot.pause()
        assert "Due for review now: 1" in str(
            app.screen.query_one("#review-summary", Static).render()
        )


async def test_leech_suggests_rereading(make_app):
    app = make_app()
    for day in range(12, 0, -1):  # right, then wrong, again and again: many lapses
        app.store.record_attempt(
            "intro",
            "where",
            "Recognising images",
            day % 2 == 0,
            skills=["motivation"],
            now=days_ago(day + 20),
        )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        row = str(app.screen.query_one("#due-list", OptionList).get_option_at_index(0).prompt)
        assert "re-read" in row
        await pilot.press("r")
        await pilot.pause()
        assert app.current_mode == "course" and app.screen.lesson.id == "intro"


async def test_progress_screen_reflects_work(make_app):
    app = make_app()
    app.store.record_attempt("intro", "where", "Recognising images", True, skills=["motivation"])
    app.store.add_time(180, lesson_id="intro")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        lessons = app.screen.query_one("#progress-lessons", DataTable)
        first = lessons.get_row_at(0)
        assert "Why neural networks" in first[1] and "1/2" in first[3]
        # every cell fits its column: nothing is cut to the header's width
        for column, cell in zip(lessons.ordered_columns, first, strict=True):
            assert column.width >= len(cell), (column.label, cell)
        skills = app.screen.query_one("#progress-skills", DataTable)
        assert skills.get_row_at(0)[0] == "motivation"
        header = str(app.screen.query_one("#progress-time", Static).render())
        assert "Time spent: 3 min" in header and "Streak: off" in header
        await pilot.press("s")
        assert app.store.streak_enabled
        assert "in a row" in str(app.screen.query_one("#progress-time", Static).render())
