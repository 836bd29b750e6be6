"""The experiment kind: a prediction graded by what the engine's run actually did."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from nntutor.course.experiments import (
    ExperimentAnswer,
    check_criterion,
    read_experiment,
    run_experiment,
)
from nntutor.course.grading import grade, is_slow
from nntutor.course.loader import load_course

LESSONS = Path(__file__).resolve().parents[2] / "lessons"


@pytest.fixture(scope="module")
def experiments():
    course = load_course(LESSONS)
    return [
        (lesson, ex)
        for lesson in course.lessons
        for ex in lesson.exercises
        if ex.kind == "experiment"
    ]


def test_the_course_has_at_least_six_experiments_in_both_languages(experiments):
    assert len(experiments) >= 6
    assert len({lesson.id for lesson, _ in experiments}) >= 5
    for _, ex in experiments:
        assert is_slow(ex)
        for text in (ex.prompt, ex.solution, *ex.hints, *(c.text for c in ex.choices)):
            assert set(text.languages) == {"en", "ru"}, ex.id
        assert ex.choices or ex.answer
    assert any(not ex.choices for _, ex in experiments)  # a numeric prediction too


@pytest.mark.parametrize("seed", [0, 1])
def test_each_run_matches_exactly_one_choice(experiments, seed):
    for _, ex in experiments:
        run = run_experiment(ex.experiment, seed)
        assert run.problem is None, ex.id
        if ex.choices:
            assert sum(run.holds(c.when) for c in ex.choices) == 1, ex.id
        else:
            assert 0 <= run.measure(ex.answer) <= 1


def test_a_prediction_is_graded_by_the_run_not_by_a_canned_answer(experiments):
    from dataclasses import replace

    from nntutor.course.model import Choice, Text

    ex = next(ex for _, ex in experiments if ex.id == "experiment-learning-rate-times-ten")
    answer = ExperimentAnswer(1, 0)  # "higher, or it blows up"
    verdict = grade(ex, answer, lang="en")
    assert verdict.valid and verdict.correct == answer.run.holds(ex.choices[1].when)
    assert "run A: base" in verdict.message and "run B: lr = 0.5" in verdict.message
    # a coin-flip experiment: a line through XOR is right on about half the points
    coin, problem = read_experiment(
        {"epochs": 20, "base": {"dataset": "xor", "samples": 200, "hidden": []}, "runs": {"A": {}}}
    )
    assert problem is None
    flip = replace(
        ex,
        experiment=coin,
        choices=(
            Choice(Text({"en": "above half"}), when="A.val_acc > 0.5"),
            Choice(Text({"en": "half or below"}), when="A.val_acc <= 0.5"),
        ),
    )
    outcomes = set()
    for seed in range(8):
        answer = ExperimentAnswer(0, seed)
        verdict = grade(flip, answer)
        assert verdict.correct == (answer.run.measure("A.val_acc") > 0.5)
        outcomes.add(verdict.correct)
    assert outcomes == {True, False}  # the same prediction, right or wrong as the run turned out


def test_numeric_predictions_and_unreadable_ones(experiments):
    ex = next(ex for _, ex in experiments if not ex.choices)
    right = grade(ex, ExperimentAnswer("0.5", 0), lang="ru")
    assert right.valid and right.correct and "Измерено" in right.message
    wrong = grade(ex, ExperimentAnswer("0.95", 0), lang="en")
    assert wrong.valid and not wrong.correct and "Measured:" in wrong.message
    assert not grade(ex, ExperimentAnswer("", 0)).valid
    assert not grade(ex, ExperimentAnswer("lots", 0)).valid
    choice = next(ex for _, ex in experiments if ex.choices)
    assert not grade(choice, ExperimentAnswer(None, 0)).valid
    by_text = grade(choice, "2", lang="en")  # a typed choice number, seed 0
    assert by_text.valid and by_text.answer == choice.choices[1].text.get("en")


@pytest.mark.parametrize(
    ("table", "why"),
    [
        ({"epochs": 5000, "runs": {"A": {}}}, "epochs must be"),
        ({"epochs": 5, "runs": {}}, "runs must be"),
        ({"epochs": 5, "runs": {"a": {}}}, "capital letter"),
        ({"epochs": 5, "runs": {"A": {"colour": 1}}}, "unknown setting 'colour'"),
        ({"epochs": 5, "runs": {"A": {"lr": -1}}}, "run A: "),
        ({"epochs": 5, "runs": {"A": {"init": "ones"}}}, "random or zeros"),
        ({"epochs": 5, "runs": {"A": {"samples": 100000}}}, "at most"),
        (
            {"epochs": 300, "base": {"hidden": [512, 512], "samples": 2000}, "runs": {"A": {}}},
            "too big",
        ),
        ({"epochs": 5, "runs": {"A": {}}, "seed": 1}, "unknown field 'seed'"),
    ],
)
def test_bad_experiment_tables_are_refused(table, why):
    experiment, problem = read_experiment(table)
    assert experiment is None and why in problem


@pytest.mark.parametrize(
    ("criterion", "why"),
    [
        ("A.loss", "one comparison"),
        ("A.loss < B.loss", "names run B"),
        ("A.speed < 1", "unknown quantity"),
        ("A.unit_spread@3 < 1", "no value per epoch"),
        ("A.loss@99 < 1", "outside"),
        ("1 < 2", "measures nothing"),
        ('A.loss < __import__("os").system("x")', "cannot be read"),
    ],
)
def test_bad_criteria_are_refused(criterion, why):
    assert why in check_criterion(criterion, {"A": {}}, 10, comparison=True)


def experiment_course(tmp_path, choices: str):
    folder = tmp_path / "course" / "01-x"
    folder.mkdir(parents=True)
    (folder / "en.md").write_text("# X\n")
    (folder / "ru.md").write_text("# X\n")
    (folder / "lesson.toml").write_text(
        textwrap.dedent(
            """
            id = "x"
            order = 1
            title = { en = "X", ru = "X" }
            [[exercises]]
            id = "exp"
            kind = "experiment"
            prompt = { en = "p", ru = "p" }
            hints = [{ en = "h", ru = "h" }]
            solution = { en = "s", ru = "s" }
            choices = [
            CHOICES
            ]
            [exercises.experiment]
            epochs = 3
            base = { dataset = "xor", samples = 50, hidden = [2] }
            runs = { A = {}, B = { lr = 0.001 } }
            """
        ).replace("CHOICES", choices),
        encoding="utf-8",
    )
    return load_course(tmp_path / "course")


def test_a_lesson_file_with_a_broken_experiment_names_the_field(tmp_path):
    course = experiment_course(
        tmp_path,
        '{ en = "a", ru = "a", when = "A.loss < 1" },\n'
        '{ en = "b", ru = "b", when = "A.loss >> 1" },',
    )
    problems = [str(p) for p in course.all_problems if p.severity == "error"]
    assert any("choices[1].when" in p and "has 2" in p for p in problems), problems


@pytest.mark.parametrize(
    ("choices", "problem"),
    [
        (
            '{ en = "a", ru = "a", when = "A.loss < 100" },\n'
            '{ en = "b", ru = "b", when = "A.loss > 0" },',
            "choices 1, 2 all hold",
        ),
        (
            '{ en = "a", ru = "a", when = "A.loss < 0" },\n'
            '{ en = "b", ru = "b", when = "A.loss > 100" },',
            "no choice holds",
        ),
        (
            '{ en = "a", ru = "a", when = "A.loss <= B.loss" },\n'
            '{ en = "b", ru = "b", when = "A.loss > B.loss" },',
            None,
        ),
    ],
)
def test_validate_runs_each_experiment_and_wants_exactly_one_choice_to_hold(
    tmp_path, choices, problem
):
    from nntutor.course.validate import EXPERIMENT_SEEDS, validate_course

    course = experiment_course(tmp_path, choices)
    assert not [p for p in course.all_problems if p.severity == "error"]
    found = [str(p) for p in validate_course(course, languages=("en", "ru")).problems]
    if problem is None:
        assert found == []
    else:
        assert len(found) == len(EXPERIMENT_SEEDS)
        assert all(problem in p and "exactly one should" in p for p in found), found
        assert found[0].count("seed 0") == 1
