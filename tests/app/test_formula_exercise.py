"""Formula exercises in the app, graded by the real checker worker."""

from __future__ import annotations

from textual.widgets import Input, Static


def shown(app, widget_id: str) -> str:
    return str(app.screen.query_one(widget_id, Static).render())


async def submit(app, pilot, text: str) -> None:
    app.screen.query_one("#answer-widget", Input).value = text
    await pilot.press("enter")
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_expression_preview_mistake_diagnosis_and_invalid_input(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_lesson(app.course.lesson("neuron"), "exercise:dsigma")
        await pilot.pause()
        await submit(app, pilot, "x sigma(w x")
        assert "never closed" in shown(app, "#feedback") and "does not count" in shown(
            app, "#feedback"
        )
        assert app.store.attempts("neuron", "dsigma") == []
        await submit(app, pilot, "σ(wx+b)(1-σ(wx+b))")
        assert "Missing the inner derivative x." in shown(app, "#feedback")  # the authored mistake
        assert "Interpreted as" in shown(app, "#preview")
        await submit(app, pilot, "-x*sigma(w*x+b)*(1-sigma(w*x+b))")
        assert "sign" in shown(app, "#feedback")  # the checker's own diagnosis
        await submit(app, pilot, "x·σ(wx+b)(1−σ(wx+b))")
        assert "Correct" in shown(app, "#feedback")
    verdicts = [a.correct for a in app.store.attempts("neuron", "dsigma")]
    assert verdicts == [False, False, True]


async def test_expression_feedback_in_russian(make_app):
    app = make_app(lang="ru")
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_lesson(app.course.lesson("neuron"), "exercise:dsigma")
        await pilot.pause()
        await submit(app, pilot, "-x*sigma(w*x+b)*(1-sigma(w*x+b))")
        assert "Не совсем" in shown(app, "#feedback")


async def test_derivation_steps_get_the_live_preview_with_its_notes(make_app):
    """Each step of a derivation is previewed as it is typed, with what a prime or "wx" became."""
    from textual.widgets import TextArea

    from nntutor.paths import builtin_lessons_dir

    app = make_app(lessons=builtin_lessons_dir())
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_lesson(app.course.lesson("loss-functions"), "exercise:bce-through-sigmoid")
        await pilot.pause()
        area = app.screen.query_one("#answer-widget", TextArea)
        area.text = "-(y/σ(z) - (1-y)/(1-σ(z)))·σ'(z)"
        await pilot.pause(0.4)
        await app.workers.wait_for_complete()
        await pilot.pause()
        preview = shown(app, "#preview")
        assert "Interpreted as" in preview
        assert "σ′(z) = " in preview  # the note: what the prime became
