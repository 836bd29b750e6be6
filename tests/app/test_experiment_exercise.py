"""An experiment in the app: commit a prediction, the engine runs, the run grades it."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

LESSONS = Path(__file__).resolve().parents[2] / "lessons"


def shown(app, widget_id: str) -> str:
    return str(app.screen.query_one(widget_id, Static).render())


async def test_commit_a_prediction_watch_the_run_and_see_it_graded(make_app):
    app = make_app(lessons=LESSONS)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_lesson(app.course.lesson("the-neuron"), "exercise:experiment-squared-inputs")
        await pilot.pause()
        assert "predict, then run" in shown(app, "#exercise-title")
        await pilot.press("down", "enter")  # the second choice: close to perfect
        await app.workers.wait_for_complete()
        await pilot.pause()
        feedback = shown(app, "#feedback")
        assert "Correct" in feedback and "run B: features = x1^2,x2^2" in feedback
        curves = shown(app, "#experiment-view")
        assert "training loss per epoch" in curves
        assert "\nA " in curves and "\nB " in curves
    (attempt,) = app.store.attempts("the-neuron", "experiment-squared-inputs")
    assert attempt.correct and attempt.answer.startswith("Close to perfect")


async def test_experiment_in_russian(make_app):
    app = make_app(lang="ru", lessons=LESSONS)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_lesson(app.course.lesson("the-neuron"), "exercise:experiment-squared-inputs")
        await pilot.pause()
        await pilot.press("enter")  # the first choice: about chance (wrong: B separates them)
        await app.workers.wait_for_complete()
        await pilot.pause()
        feedback = shown(app, "#feedback")
        assert "Не совсем" in feedback and "Что показал запуск" in feedback
        assert "потери на обучении" in shown(app, "#experiment-view")
