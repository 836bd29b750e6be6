"""Issue 18, as a learner sees the screen: read back as plain text (no colour), keys only.

Nothing that matters is cut at 80×24, every series and state reads without colour, the lab
pages through deep networks, a run diverging in its first epoch shows what it has, and the
Russian interface is Russian throughout."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from rich.console import Console

from nntutor.course.skills import SKILLS, level_name, skill_name
from nntutor.lab import LabRequest
from nntutor.practice.mastery import LEVELS
from tests.app.test_lab import settle

LESSONS = Path(__file__).resolve().parents[2] / "lessons"
SPIRALS = {
    "dataset": "spirals",
    "samples": 300,
    "hidden": [12, 12],
    "epochs": 30,
    "pace": 0,
    "seed": 2,
    "dtype": "float64",
    "lr": 0.03,
}


def screen_text(app) -> str:
    """The screen as a monochrome terminal shows it: characters only."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        record=True,
        color_system=None,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text()


def flat(text: str) -> str:
    """The screen's words, whatever line they wrapped onto (the lab's side panel removed)."""
    lines = [line.split("▕", 1)[-1] for line in text.splitlines()]
    return " ".join(" ".join(line.split()) for line in lines)


def lab_app(make_app, lang="en", **options):
    app = make_app(lang=lang)
    app.open_lab(LabRequest({**SPIRALS, **options}))
    return app


async def trained(app, pilot, *keys):
    lab = await settle(app, pilot)
    await pilot.press("space")
    lab = await settle(app, pilot)
    for key in keys:
        await pilot.press(key)
        lab = await settle(app, pilot)
    return lab


# --- §4 the lab at 80×24 --------------------------------------------------------------------------


async def test_lab_at_80x24_cuts_nothing_that_matters(make_app):
    app = lab_app(make_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        words = flat(screen_text(app))
        assert "Space train · . batch · > epoch · v view" in words
        await trained(app, pilot)
        words = flat(screen_text(app))
        assert "+/- learning rate" in words
        footer = screen_text(app).splitlines()[-1]
        # the main keys in the footer (. and > in the status line above, all of them in the help)
        for key in ("space Run", "v View", "r Reset", "p Presets", "^q Quit", "? Help"):
            assert key in footer, (key, footer)
        assert re.search(r"\+ ?- +Rate", footer), footer  # one label for the two keys
        assert "…" not in footer


async def test_lab_help_lists_every_lab_key(make_app):
    app = lab_app(make_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        from textual.widgets import Markdown

        source = app.screen.query_one(Markdown).source
        for key in ("`.`", "`>`", "`v`", "`+`", "`-`", "`s`", "`l`", "`p`", "`r`", "`z`"):
            assert key in source


async def test_challenge_banner_wraps_its_verdict(make_app):
    from nntutor.course.challenges import challenge_options

    app = make_app(lessons=LESSONS)
    lesson = app.course.lesson("gradient-descent")
    ex = next(e for e in lesson.exercises if e.id == "lab-rate-that-converges")
    options = {**challenge_options(ex, "preset"), "pace": 0, "dtype": "float64", "lr": 0.05}
    app.open_lab(LabRequest(options, ex.lab.get("locked", ()), challenge=(lesson, ex)))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        words = flat(screen_text(app))
        assert "Judged when the run reaches the target, ends, or passes the epoch limit." in words
        await trained(app, pilot)
        words = flat(screen_text(app))
        assert "✓ Solved" in words and "(target ≤ 0.015)" in words, words
        assert "(recorded; r to try again)" in words


async def test_six_layers_page_to_the_output(make_app):
    """At 80×24 a 6-layer network does not fit: ← → page through it, out to W6 and the output."""
    app = lab_app(make_app, hidden=[12] * 5, epochs=2)
    async with app.run_test(size=(80, 24)) as pilot:
        await trained(app, pilot, "v", "v", "v", "tab")
        text = screen_text(app)
        assert "W1" in text and "W6" not in text and "layers 1–" in text
        for _ in range(5):
            await pilot.press("right")
        await pilot.pause()
        text = screen_text(app)
        assert "W6" in text and "out" in text and "–6 of 6" in text and "layers 1–" not in text
        assert "output · class 0" in text  # the chosen neuron is the output's
        for _ in range(5):
            await pilot.press("left")
        await pilot.pause()
        assert "layers 1–" in screen_text(app)


async def test_wide_network_view_shows_whole_matrices(make_app):
    app = lab_app(make_app, hidden=[16, 16], epochs=2)
    async with app.run_test(size=(160, 48)) as pilot:
        await trained(app, pilot)
        diagram = app.screen.network_view.diagram
        text = diagram.render().plain
        assert "…" not in text and "W3" in text and "out" in text


# --- §3 no state told by colour alone ----------------------------------------------------------


async def test_chart_series_read_apart_without_colour(make_app, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = lab_app(make_app, hidden=[8, 8, 8])
    async with app.run_test(size=(80, 24)) as pilot:
        await trained(app, pilot)
        assert app.no_color
        text = screen_text(app)
        assert "⢕⢕ train" in text and "•• validation" in text  # a marker of its own each
        lines = text.splitlines()
        assert any(line.rstrip(" │").endswith("train") for line in lines[5:])  # line ends
        assert any(line.rstrip(" │").endswith("val") for line in lines[5:])
        await pilot.press("v", "v")
        await pilot.pause()
        text = screen_text(app)
        legend = ["⢕⢕ layer 1", "•• layer 2", "++ layer 3", "xx output"]
        assert all(item in text for item in legend), text
        ends = [line.rstrip(" │") for line in text.splitlines()]
        for name in ("L1", "L2", "L3", "out"):
            assert any(line.endswith(name) for line in ends), name


# --- §5 a run that diverges in its first epoch -----------------------------------------------------


async def test_divergence_in_epoch_one_shows_the_batches(make_app):
    app = make_app()
    options = {"dataset": "sine", "optimizer": "sgd", "lr": 1e6, "pace": 0, "dtype": "float64"}
    app.open_lab(LabRequest(options))
    async with app.run_test(size=(80, 24)) as pilot:
        lab = await trained(app, pilot)
        assert lab.state == "diverged"
        chart = lab.loss_chart
        assert chart.first_batches and chart.diverged == 1
        text = screen_text(app)
        assert "diverged in epoch 1: losses per batch" in text
        braille = sum(1 for ch in text if 0x2801 <= ord(ch) <= 0x28FF and ch != "⢕")
        assert braille > 10  # the batch losses drawn
        assert "batch" in text.splitlines()[-2]  # the x axis counts batches


# --- §6 Russian everywhere --------------------------------------------------------------------------


async def test_russian_lab_words_and_title_follow_the_mode(make_app):
    app = lab_app(make_app, lang="ru", hidden=[4], epochs=2)
    async with app.run_test(size=(80, 24)) as pilot:
        await trained(app, pilot)
        text = screen_text(app)
        assert "Лаборатория" in text.splitlines()[0]
        assert "выкл" in text and "макс" in text and " off" not in text
        footer = text.splitlines()[-1]
        assert "Пуск" in footer and "Скор." in footer
        await pilot.press("v", "v", "v")
        await settle(app, pilot)
        text = screen_text(app)
        assert "вх" in text and "вых" in text
        await pilot.press("1")
        await pilot.pause()
        title = screen_text(app).splitlines()[0]
        assert "Lab" not in title and "Лаборатория" not in title
        await pilot.press("3")
        await pilot.pause()
        assert "Прогресс" in screen_text(app).splitlines()[0]


async def test_russian_progress_weekdays_and_skills(make_app):
    app = make_app(lang="ru")
    app.store.record_attempt("neuron", "forward", "1", True, skills=["neuron", "chain-rule"])
    async with app.run_test(size=(110, 30)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        text = screen_text(app)
        assert not any(day in text for day in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"))
        assert any(day in text for day in ("Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс"))
        assert "цепное правило" in text and "нейрон" in text and "chain-rule" not in text
        assert "изучается" in text and "learning" not in text
        assert "палитра" in text.splitlines()[-1]  # from 100 columns (below, ? lists Ctrl+P)


def test_every_skill_of_the_course_has_names_in_both_languages():
    from nntutor.course.loader import load_course

    course = load_course(LESSONS)
    used = {s for lesson in course.lessons for ex in lesson.exercises for s in ex.skills}
    used |= {s for lesson in course.lessons for s in lesson.skills}
    assert used <= set(SKILLS), used - set(SKILLS)
    for skill in used:
        assert skill_name(skill, "ru") != skill_name(skill, "en") or skill == "softmax"
    for level in LEVELS:
        assert level_name(level, "ru") != level
    assert skill_name("some-new-skill", "ru") == "some new skill"


# --- §7 small terminals, the served page -------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ru"])
async def test_footer_at_60x18_keeps_quit(make_app, lang):
    app = make_app(lang=lang)
    async with app.run_test(size=(60, 18)) as pilot:
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert ("^q Quit" if lang == "en" else "^q Выход") in footer, footer
        assert "palett" not in footer and "палитр" not in footer


async def test_header_icon_is_not_shown(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "⭘" not in screen_text(app)


# --- §1 numbers that stay put -------------------------------------------------------------------


def feedback_of(app) -> str:
    from textual.widgets import Static

    return str(app.screen.query_one("#feedback", Static).render())


def prompt_of(app) -> str:
    from textual.widgets import Markdown

    return app.screen.query_one("#exercise-prompt", Markdown).source


async def test_wrong_numeric_answer_keeps_the_numbers_and_the_answer(make_app, tmp_path):
    from textual.widgets import Input

    from nntutor.app.widgets.exercise_panel import ExercisePanel

    data = tmp_path / "learner"
    app = make_app(data_dir=data)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_lesson(app.course.lesson("neuron"), "exercise:forward")
        await pilot.pause()
        panel = app.screen.query_one(ExercisePanel)
        drawn, prompt = panel.variant, prompt_of(app)
        wrong = repr(drawn.answer + 7)
        await pilot.press(*wrong, "enter")
        await pilot.pause()
        text = feedback_of(app)
        assert "Not quite" in text and f"Your answer: {wrong}" in text
        assert repr(drawn.answer) not in text and "→" not in text  # no value before the solution
        assert panel.variant == drawn and prompt_of(app) == prompt
        assert app.screen.query_one("#answer-widget", Input).value == wrong
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert "For these values (" in app.screen.query_one("#solution").source
        # the value shown is right for the question on screen
        answer = app.screen.query_one("#answer-widget", Input)
        answer.value = ""
        await pilot.press(*repr(drawn.answer), "enter")
        await pilot.pause()
        assert "Correct" in feedback_of(app) and "Ctrl+R" in feedback_of(app)
        assert panel.variant == drawn and prompt_of(app) == prompt  # the solved question stays
        await pilot.click("#new-numbers")
        await pilot.pause()
        assert panel.variant != drawn and feedback_of(app) == ""
    # back later: the question answered last, not a new one
    again = make_app(data_dir=data)
    async with again.run_test(size=(80, 24)) as pilot:
        again.open_lesson(again.course.lesson("neuron"), "exercise:forward")
        await pilot.pause()
        assert again.screen.query_one(ExercisePanel).variant.seed == drawn.seed


async def test_feedback_fades_while_a_new_answer_is_typed(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_lesson(app.course.lesson("neuron"), "exercise:forward")
        await pilot.pause()
        await pilot.press("9", "9", "enter")
        await pilot.pause()
        feedback = app.screen.query_one("#feedback")
        assert not feedback.has_class("-stale")
        await pilot.press("1")
        await pilot.pause()
        assert feedback.has_class("-stale") and feedback.styles.text_style.dim


async def test_russian_number_box_says_both_decimal_marks_work(make_app):
    from textual.widgets import Input

    app = make_app(lang="ru")
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_lesson(app.course.lesson("neuron"), "exercise:forward")
        await pilot.pause()
        assert "0,5 или 0.5" in app.screen.query_one("#answer-widget", Input).placeholder


# --- §2, §3 choices that read in full, boxes that read without colour ----------------------------


async def test_long_options_wrap_and_boxes_read_without_colour(make_app, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(lessons=LESSONS)
    lesson = app.course.lesson("backpropagation")
    ex = next(e for e in lesson.exercises if e.kind == "multiple_choice")
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_lesson(lesson, f"exercise:{ex.id}")
        await pilot.pause()
        await pilot.press("space")
        await pilot.pause()
        text = screen_text(app)
        words = " ".join(line.strip(" ▊▎") for line in text.splitlines())
        words = " ".join(words.split())
        for choice in ex.choices:
            assert choice.text.get("en") in words, choice.text.get("en")
        assert text.count("[x] ") == 1 and text.count("[ ] ") == len(ex.choices) - 1


# --- §7 practising today's mistakes ------------------------------------------------------------


async def test_practising_todays_mistakes_leaves_the_schedule(make_app):
    app = make_app()
    app.store.record_attempt("intro", "where", "Adding two numbers", False, skills=["motivation"])
    from datetime import datetime, timedelta, timezone

    later = datetime.now(timezone.utc) + timedelta(days=3650)  # every card, due or not

    def cards():
        return [(r.lesson_id, r.exercise_id, r.due) for r in app.store.due_reviews(now=later)]

    due_before = cards()
    assert due_before  # the wrong answer made a card
    attempts_before = len(app.store.attempts())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        assert "Mistakes today: 1" in screen_text(app)
        await pilot.press("m")
        await pilot.pause()
        assert "not recorded" in screen_text(app)
        await pilot.press("enter")  # the first option: the right one
        await pilot.pause()
        assert "Correct" in feedback_of(app)
    assert len(app.store.attempts()) == attempts_before
    assert cards() == due_before


async def test_continue_returns_to_the_exercise_or_the_playground(make_app):
    from nntutor.app.widgets.exercise_panel import ExercisePanel

    app = make_app(lessons=LESSONS)
    lesson = app.course.lesson("the-neuron")
    assert lesson.playground
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_lesson(lesson)
        await pilot.pause()
        await pilot.press("e", "ctrl+n", "ctrl+n", "escape", "c")
        await pilot.pause()
        assert app.screen.query_one(ExercisePanel).index == 2
        assert app.screen.query_one("#tabs").active == "exercises"
        await pilot.press("escape")
        await pilot.pause()
        app.open_lesson(lesson)
        await pilot.pause()
        await pilot.press("y", "escape", "c")
        await pilot.pause()
        assert app.screen.query_one("#tabs").active == "try"


async def test_lesson_prose_is_capped_on_a_wide_terminal(make_app):
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one("#lesson-text").size.width <= 92


async def test_worked_solution_gives_the_learners_own_intermediate_values(make_app):
    from nntutor.app.widgets.exercise_panel import ExercisePanel

    app = make_app(lessons=LESSONS)
    lesson = app.course.lesson("the-neuron")
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_lesson(lesson, "exercise:sigmoid-neuron-output")
        await pilot.pause()
        await pilot.press("ctrl+o")
        await pilot.pause()
        drawn = app.screen.query_one(ExercisePanel).variant
        assert "z" in drawn.derived
        solution = app.screen.query_one("#solution").source
        line = solution.splitlines()[-1]
        assert line.startswith("**For these values (") and "; z = " in line
        assert f"{drawn.derived['z']:g}".lstrip("-") in line.replace("−", "-")
