"""Feedback for numbers: derived quantities, anticipated numeric mistakes, plural forms in
templates, the plural check of the self-test, and `nntutor lessons show`."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from nntutor.cli import main
from nntutor.course.grading import grade
from nntutor.course.loader import load_course
from nntutor.course.model import Exercise, Mistake, Param, Text
from nntutor.course.numeric import fill, grade_numeric, plural_problems, variant
from nntutor.course.render import render_exercise
from nntutor.course.validate import validate_course, wrong_plurals

LESSON = textwrap.dedent(
    """
    id = "numbers"
    order = 1
    title = {{ en = "Numbers", ru = "Числа" }}

    [[exercises]]
    id = "neuron"
    kind = "numeric"
    prompt.en = "A neuron has w = {{w}}, x = {{x}}, b = {{b}} and {{n|input|inputs}}. What is dC/dw for C = (a − y)², y = {{y}}?"
    prompt.ru = "У нейрона w = {{w}}, x = {{x}}, b = {{b}} и {{n|вход|входа|входов}}. Чему равна dC/dw при C = (a − y)², y = {{y}}?"
    answer = "dca*a*(1 - a)*x"
    tolerance = 0.001
    hints = [{{ en = "Chain rule.", ru = "Цепное правило." }}]
    solution.en = "z = {{z}}, a = {{a}}, dC/da = {{dca}}, so dC/dw = **{{answer}}**."
    solution.ru = "z = {{z}}, a = {{a}}, dC/da = {{dca}}, так что dC/dw = **{{answer}}**."
    [exercises.params]
    w = {{ choices = [0.5, 1, -1] }}
    x = {{ choices = [1, 2] }}
    b = {{ choices = [0, 0.5] }}
    y = {{ choices = [0, 1] }}
    n = {{ choices = [1, 2, 5, 21] }}
    [exercises.derived]
    z = "w*x + b"
    a = "sigmoid(z)"
    dca = "2*(a - y)"
    [[exercises.mistakes]]
    answer = "answer/2"
    feedback = {{ en = "Forgot the 2: dC/da = {{dca}}.", ru = "Потерян множитель 2: dC/da = {{dca}}." }}
    [[exercises.mistakes]]
    answer = "dca*a*x"
    feedback = {{ en = "σ′(z) is a(1 − a), not a.", ru = "σ′(z) — это a(1 − a), а не a." }}
    {extra}
    """
)


def make_course(tmp_path: Path, extra: str = "") -> Path:
    root = tmp_path / "course"
    folder = root / "01-numbers"
    folder.mkdir(parents=True)
    (folder / "lesson.toml").write_text(LESSON.format(extra=extra), encoding="utf-8")
    (folder / "en.md").write_text("# Numbers\n", encoding="utf-8")
    (folder / "ru.md").write_text("# Числа\n", encoding="utf-8")
    return root


@pytest.fixture
def course(tmp_path):
    loaded = load_course(make_course(tmp_path))
    assert not loaded.all_problems, [str(p) for p in loaded.all_problems]
    return loaded


def neuron(course) -> Exercise:
    return course.lesson("numbers").exercise("neuron")


def test_derived_quantities_are_evaluated_in_order_and_fill_the_solution(course):
    ex = neuron(course)
    assert [name for name, _ in ex.derived] == ["z", "a", "dca"]
    for seed in range(10):
        drawn = variant(ex, seed)
        v = drawn.values
        z = v["w"] * v["x"] + v["b"]
        assert drawn.derived["z"] == pytest.approx(z)
        a = drawn.derived["a"]
        assert drawn.derived["dca"] == pytest.approx(2 * (a - v["y"]))
        assert drawn.answer == pytest.approx(2 * (a - v["y"]) * a * (1 - a) * v["x"])
    drawn = variant(ex, 0)
    solution = drawn.fill(ex.solution.get("en"), "en")
    assert "{" not in solution and f"dC/da = {fill('{dca}', drawn.scope)}" in solution


def test_a_wrong_number_matching_a_mistake_is_named_in_the_learners_language(course):
    ex = neuron(course)
    drawn = next(variant(ex, s) for s in range(40) if abs(variant(ex, s).answer) > 0.01)
    half = grade_numeric(ex, repr(drawn.answer / 2), drawn.answer, "ru", drawn)
    assert half.valid and not half.correct and half.mistake == 0
    assert half.message.startswith("Потерян множитель 2: dC/da = ")
    assert "{" not in half.message
    # within the tolerance of the mistake's value
    near = grade_numeric(ex, repr(drawn.answer / 2 + 0.0005), drawn.answer, "en", drawn)
    assert near.mistake == 0 and near.message.startswith("Forgot the 2")
    other = grade_numeric(ex, repr(drawn.answer + 5), drawn.answer, "en", drawn)
    assert other.valid and not other.correct and other.mistake is None and other.message == ""
    right = grade_numeric(ex, repr(drawn.answer), drawn.answer, "en", drawn)
    assert right.correct and right.mistake is None


def test_the_grader_passes_the_mistake_through_its_verdict(course):
    ex = neuron(course)
    drawn = variant(ex, 1)
    scope = drawn.scope
    wrong = scope["dca"] * scope["a"] * scope["x"]
    verdict = grade(ex, repr(wrong), drawn, lang="en")
    assert verdict.valid and not verdict.correct
    assert verdict.mistake == "mistakes[1]" and verdict.message == "σ′(z) is a(1 − a), not a."
    assert grade(ex, repr(drawn.answer), drawn, lang="en").correct


def test_a_mistake_equal_to_the_answer_is_not_reported():
    ex = Exercise(
        id="e",
        kind="numeric",
        skills=(),
        prompt=Text({"en": "?"}),
        hints=(),
        solution=Text({"en": "."}),
        answer="x*relu(z)",
        tolerance=0.001,
        params=(Param("x", choices=(2.0,)), Param("z", choices=(1.0,))),
        mistakes=(Mistake("x*z", Text({"en": "forgot ReLU′"})),),
    )
    drawn = variant(ex, 0)
    verdict = grade_numeric(ex, "2", drawn.answer, "en", drawn)
    assert verdict.correct and verdict.mistake is None


@pytest.mark.parametrize(
    ("n", "en", "ru"),
    [
        (1, "1 input", "1 вход"),
        (2, "2 inputs", "2 входа"),
        (5, "5 inputs", "5 входов"),
        (11, "11 inputs", "11 входов"),
        (21, "21 inputs", "21 вход"),
        (22, "22 inputs", "22 входа"),
        (0, "0 inputs", "0 входов"),
        (0.5, "0.5 inputs", "0.5 входа"),
        (-1, "−1 input", "−1 вход"),
    ],
)
def test_plural_forms_follow_the_languages_rule(n, en, ru):
    assert fill("{n|input|inputs}", {"n": n}, "en") == en
    assert fill("{n|вход|входа|входов}", {"n": n}, "ru") == ru
    # without the language, the number of forms says which rule
    assert fill("{n|вход|входа|входов}", {"n": n}) == ru
    assert fill("{n|input|inputs}", {"n": n}) == en


def test_plural_forms_of_the_wrong_count_are_an_error_of_the_file(tmp_path):
    assert plural_problems("{n|input|inputs}", "en") == []
    assert "needs 3" in plural_problems("{n|вход|входов}", "ru")[0]
    root = make_course(tmp_path)
    toml = root / "01-numbers" / "lesson.toml"
    text = toml.read_text(encoding="utf-8").replace("{n|вход|входа|входов}", "{n|вход|входов}")
    toml.write_text(text, encoding="utf-8")
    problems = [str(p) for p in load_course(root).all_problems]
    assert any("prompt.ru" in p and "has 2 form(s)" in p for p in problems), problems


def test_loader_reports_bad_derived_and_mistake_formulas(tmp_path):
    root = make_course(tmp_path)
    toml = root / "01-numbers" / "lesson.toml"
    text = toml.read_text(encoding="utf-8")
    text = text.replace('a = "sigmoid(z)"', 'a = "sigmoid(q)"').replace(
        'answer = "dca*a*x"', 'answer = "dca*a*nope"'
    )
    toml.write_text(text, encoding="utf-8")
    problems = [str(p) for p in load_course(root).all_problems]
    assert any("derived.a" in p and "uses q" in p for p in problems), problems
    assert any("mistakes[1].answer" in p and "nope" in p for p in problems), problems


def test_validate_flags_a_mistake_that_is_always_the_answer(tmp_path):
    extra = textwrap.dedent(
        """
        [[exercises.mistakes]]
        answer = "answer*1"
        feedback = { en = "Same.", ru = "То же." }
        """
    )
    report = validate_course(load_course(make_course(tmp_path, extra)), answers=True)
    assert any(
        "mistakes[2]" in p.where and "equals the answer in every variant" in p.message
        for p in report.problems
    ), [str(p) for p in report.problems]


def test_validate_renders_variants_and_flags_wrong_plurals(tmp_path):
    root = make_course(tmp_path)
    toml = root / "01-numbers" / "lesson.toml"
    text = toml.read_text(encoding="utf-8").replace("{n|вход|входа|входов}", "{n} входов")
    toml.write_text(text, encoding="utf-8")
    report = validate_course(load_course(root), answers=True)
    slips = [p.message for p in report.problems if "plural agreement" in p.message]
    assert any("ru: 1 входов (expected: вход)" in s for s in slips), slips
    assert any("ru: 2 входов (expected: входа)" in s for s in slips), slips
    assert validate_course(load_course(make_course(tmp_path / "ok")), answers=True).ok


@pytest.mark.parametrize(
    ("text", "lang", "slips"),
    [
        ("a layer of 1 neurons and 2 bias", "en", ["1 neurons", "2 bias"]),
        ("1 neuron, 3 neurons, 0.5 neurons", "en", []),
        ("обучают 21 дней и 64 карт", "ru", ["21 дней", "64 карт"]),
        ("21 день, 64 карты, 5 нейронов, 0,5 нейрона", "ru", []),
        ("слой из 5 нейронов, на 3 видеокартах, из 64 и 32 нейронов", "ru", []),
        ("нейрон 1 слоя 2; Батч из N = 3 примеров", "ru", []),
        ("10 000 GPU-hours and 1 000 000 examples", "en", []),
    ],
)
def test_wrong_plurals(text, lang, slips):
    found = wrong_plurals(text, lang)
    assert [f.split(" (")[0] for f in found] == slips


def test_the_built_in_course_has_no_plural_slips_and_lesson_5_names_the_step():
    from nntutor.course.validate import check_plurals
    from nntutor.paths import lessons_dir

    course = load_course(lessons_dir(None))
    for lesson in course.lessons:
        for ex in lesson.exercises:
            assert check_plurals(lesson, ex, ("en", "ru")) == [], ex.id
    ex = course.lesson("backpropagation").exercise("full-pass-delta3")
    for seed in range(20):
        drawn = variant(ex, seed)
        wrong = drawn.answer / 2
        if abs(wrong - drawn.answer) > ex.tolerance:
            verdict = grade(ex, repr(wrong), drawn, lang="en")
            assert verdict.mistake == "mistakes[1]" and verdict.message.startswith("Step 2")


def test_cli_show_prints_the_variant_and_its_values(tmp_path, capsys):
    root = make_course(tmp_path)
    ex = neuron(load_course(root))
    drawn = variant(ex, 3)
    code = main(
        [
            "lessons",
            "show",
            "numbers/neuron",
            "--seed",
            "3",
            "--lang",
            "ru",
            "--solution",
            "--lessons",
            str(root),
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert out == render_exercise(ex, 3, "ru", solution=True) + "\n"
    assert "Значения в этом варианте:" in out and "z = w*x + b = " in out
    assert "{" not in out.split("Значения")[0]
    assert fill("{n|вход|входа|входов}", drawn.values, "ru") in out
    assert "Ожидаемые ошибки:" in out
    plain = main(["lessons", "show", "numbers/neuron", "--lessons", str(root), "--lang", "en"])
    shown = capsys.readouterr().out
    assert plain == 0 and "Solution" not in shown and "Hint 1: Chain rule." in shown


def test_cli_show_unknown_exercise_says_what_exists(tmp_path, capsys):
    root = make_course(tmp_path)
    code = main(["lessons", "show", "numbers/nope", "--lessons", str(root)])
    err = capsys.readouterr().err
    assert code == 2 and "no exercise 'nope'" in err and "neuron" in err
