"""The safe formula evaluator and randomised numeric exercises."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from nntutor.course.model import Exercise, Param, Text
from nntutor.course.numeric import FormulaError, evaluate, fill, grade_numeric, variant


def numeric(answer, params=(), tol=0.0, rel=1e-6) -> Exercise:
    return Exercise(
        id="x",
        kind="numeric",
        skills=(),
        prompt=Text({"en": "p"}),
        hints=(),
        solution=Text({"en": "s"}),
        answer=answer,
        params=tuple(params),
        tolerance=tol,
        rel_tolerance=rel,
    )


@pytest.mark.parametrize(
    "formula,values,expected",
    [
        ("ceil(n / batch)", {"n": 1000, "batch": 300}, 4),
        (
            "sigmoid(w1*x1 + w2*x2 + b)",
            {"w1": 0.5, "x1": 1, "w2": -1, "x2": 2, "b": 0.1},
            1 / (1 + math.exp(1.4)),
        ),
        ("2^10", {}, 1024),
        ("−3 × 2", {}, -6),
        ("max(0, -2) + relu(3)", {}, 3),
        ("ln(e)", {}, 1),
        ("sigmoid(-1000)", {}, 0.0),
    ],
)
def test_evaluate(formula, values, expected):
    assert evaluate(formula, values) == pytest.approx(expected)


@pytest.mark.parametrize(
    "attack",
    [
        "__import__('os').system('true')",
        "().__class__.__bases__",
        "open('x')",
        "[1, 2]",
        "lambda: 1",
        "x if 1 else 2",
        "2 ** 100000",
        "'a' * 3",
        "exp(1000)",
        "1/0",
        "f(x=1)",
    ],
)
def test_evaluate_refuses(attack):
    with pytest.raises(FormulaError):
        evaluate(attack, {"x": 1})


def test_variant_is_reproducible_and_varies():
    ex = numeric("a * b", [Param("a", low=-1, high=1, step=0.1), Param("b", choices=(2.0, 3.0))])
    assert variant(ex, 7) == variant(ex, 7)
    answers = {variant(ex, seed).answer for seed in range(20)}
    assert len(answers) > 5
    v = variant(ex, 3)
    assert v.values["a"] == round(v.values["a"], 1)
    assert fill("a={a}, b={b}, answer={answer}", {**v.values, "answer": v.answer}).startswith("a=")


def test_grade_numeric_tolerances():
    ex = numeric(0.25, tol=0.01)
    assert grade_numeric(ex, "0.255", 0.25).correct
    assert grade_numeric(ex, "1/4", 0.25).correct
    assert grade_numeric(ex, "0,25", 0.25).correct
    assert not grade_numeric(ex, "0.3", 0.25).correct
    bad = grade_numeric(ex, "zero point two", 0.25)
    assert not bad.valid and bad.message
    assert not grade_numeric(ex, "", 0.25).valid
    strict = numeric(1 / 3)
    assert not grade_numeric(strict, "0.33", 1 / 3).correct
    assert grade_numeric(numeric(1 / 3, rel=0.01), "0.33", 1 / 3).correct


# --- hostile input (issue 12 §5): every case ends in a FormulaError that names the problem -------


@pytest.mark.parametrize(
    "typed,fragment",
    [
        ("(-8)**(1/3)", "negative number to a fractional power"),
        ("(-8)^(1/3)", "negative number to a fractional power"),
        ("9" * 399, "too large"),
        ("9" * 399 + ".5", "too large"),
        ("1e400", "too large"),
        ("floor(1e300 * 1e300)", "too large"),
        ("ceil(10^400)", "too large"),
        ("exp(exp(10))", "too large"),
        ("0^-1", "division by zero"),
        ("1/0", "division by zero"),
        ("log(0)", "not defined"),
        ("sqrt(-2)", "not defined"),
        ("(" * 200 + "1" + ")" * 200, "nested too deeply"),
        ("-" * 500 + "1", "nested too deeply"),
        ("1+" * 1500 + "1", "too long"),
    ],
)
def test_a_learner_gets_a_clear_message_not_a_traceback(typed, fragment):
    """Lesson 7, exercise 1 (and every numeric exercise): what cannot be read is invalid, with why."""
    verdict = grade_numeric(numeric("ceil(n / batch)"), typed, 4.0)
    assert not verdict.valid and not verdict.correct
    assert fragment in verdict.message
    ru = grade_numeric(numeric("ceil(n / batch)"), typed, 4.0, lang="ru")
    assert not ru.valid and ru.message and ru.message != verdict.message


def test_the_built_in_lesson_7_exercise_1_survives_hostile_answers():
    from nntutor.course.loader import load_course

    course = load_course(Path(__file__).parents[2] / "lessons")
    lesson = next(lesson for lesson in course.lessons if lesson.folder.name.startswith("07-"))
    exercise = lesson.exercises[0]
    answer = variant(exercise, 0).answer
    for typed in ("(-8)**(1/3)", "(-8)^(1/3)", "9" * 399):
        verdict = grade_numeric(exercise, typed, answer)
        assert not verdict.valid and verdict.message


@pytest.mark.parametrize(
    "param,fragment",
    [
        (Param("a", low=0.0, high=math.inf), "not a finite number"),
        (Param("a", low=math.nan, high=1.0), "not a finite number"),
        (Param("a", choices=(1.0, math.inf)), "not a finite number"),
        (Param("a", low=-1e308, high=1e308), "too wide"),
        (Param("a", low=0.0, high=1e300, step=1e-300), "too small"),
        (Param("a", low=0.0, high=1.0, step=math.nan), "not a finite number"),
        (Param("a", low=2.0, high=1.0), "greater than max"),
    ],
)
def test_params_that_cannot_be_drawn_end_in_a_formula_error(param, fragment):
    with pytest.raises(FormulaError) as info:
        variant(numeric("a", [param]), 0)
    assert fragment in str(info.value) and "param a" in str(info.value)
    assert "параметр a" in info.value.describe("ru")


@pytest.mark.parametrize(
    "answer,fragment",
    [
        ("10^400", "too large"),
        ("(-8)^(1/3)", "fractional power"),
        ("floor(a * 1e300 * 1e300)", "too large"),
        ("log(a - 1)", "not defined"),
    ],
)
def test_answer_formulas_that_fail_end_in_a_formula_error(answer, fragment):
    with pytest.raises(FormulaError, match=fragment):
        variant(numeric(answer, [Param("a", choices=(1.0,))]), 0)


LESSON = """\
id = "nums"
order = 1
title = {{ en = "Numbers", ru = "Числа" }}

[[exercises]]
id = "n"
kind = "numeric"
prompt = {{ en = "a = {{a}}?", ru = "a = {{a}}?" }}
hints = [{{ en = "h", ru = "п" }}]
solution = {{ en = "s", ru = "р" }}
answer = {answer}
tolerance = {tolerance}
[exercises.params]
a = {param}
"""


@pytest.mark.parametrize(
    "answer,tolerance,param,fragment",
    [
        ('"a"', "0", "{ min = 0, max = inf }", "finite"),
        ('"a"', "0", "{ min = nan, max = 1 }", "finite"),
        ('"a"', "0", "{ choices = [1, -inf] }", "finite"),
        ('"a"', "0", "{ min = -1e308, max = 1e308 }", "too wide"),
        ('"a"', "0", "{ min = 0, max = 1e300, step = 1e-300 }", "too small"),
        ('"a"', "nan", "{ choices = [1] }", "finite"),
        ("inf", "0", "{ choices = [1] }", "finite"),
        ("1" + "0" * 400, "0", "{ choices = [1] }", "finite"),
        ('"(-8)^(1/3) + a"', "0", "{ choices = [1] }", "fractional power"),
        ('"9' + "9" * 398 + ' * a"', "0", "{ choices = [1] }", "too large"),
        ('"floor(a * 1e300 * 1e300)"', "0", "{ choices = [1] }", "too large"),
    ],
)
def test_a_course_file_with_hostile_numbers_is_refused_with_a_message(
    tmp_path, answer, tolerance, param, fragment
):
    from nntutor.course.loader import load_course

    folder = tmp_path / "course" / "01-nums"
    folder.mkdir(parents=True)
    (folder / "lesson.toml").write_text(
        LESSON.format(answer=answer, tolerance=tolerance, param=param), encoding="utf-8"
    )
    (folder / "en.md").write_text("# Numbers\n", encoding="utf-8")
    (folder / "ru.md").write_text("# Числа\n", encoding="utf-8")
    lesson = load_course(tmp_path / "course").lessons[0]
    assert not lesson.available
    errors = [p.message for p in lesson.problems if p.severity == "error"]
    assert any(fragment in m for m in errors), errors
