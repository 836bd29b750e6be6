"""Grading without Textual: every kind's grader, the registry, and `nntutor lessons answer`."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from types import SimpleNamespace

import pytest

from nntutor.checker import Checker
from nntutor.course.grading import GRADERS, LabRun, grade, is_slow, split_steps
from nntutor.course.loader import load_course
from nntutor.course.model import KINDS, Exercise, Mistake, Text
from nntutor.course.numeric import variant
from nntutor.course.strings import PLURALS, STRINGS, ntext
from nntutor.i18n import plural_index, t

ROOT = Path(__file__).resolve().parents[2]
TEST_COURSE = ROOT / "tests" / "app" / "course"

SIGMA = "sigma(w*x + b)"
DERIVATIVE = f"2*({SIGMA} - y)*{SIGMA}*(1 - {SIGMA})*x"


@pytest.fixture(scope="module")
def checker():
    """One worker for the module, as the app uses it."""
    instance = Checker()
    yield instance
    instance.close()


@pytest.fixture(scope="module")
def course():
    return load_course(TEST_COURSE)


def exercise(course, ref: str) -> Exercise:
    lesson_id, exercise_id = ref.split("/")
    return course.lesson(lesson_id).exercise(exercise_id)


def derivation() -> Exercise:
    return Exercise(
        id="steps",
        kind="derivation",
        skills=("chain-rule",),
        prompt=Text({"en": "Derive ∂C/∂w."}),
        hints=(),
        solution=Text({"en": "…"}),
        start=f"({SIGMA} - y)^2",
        wrt="w",
        expected=DERIVATIVE,
        vars=("w", "x", "b", "y"),
        mistakes=(
            Mistake(
                f"2*({SIGMA} - y)*x",
                Text({"en": "The sigmoid's derivative is missing.", "ru": "Пропущена σ′."}),
            ),
        ),
    )


def challenge(metric: str = "val_acc", value: float = 0.9, max_epochs: int = 20, **lab) -> Exercise:
    return Exercise(
        id="lab",
        kind="lab_challenge",
        skills=("training",),
        prompt=Text({"en": "Train."}),
        hints=(),
        solution=Text({"en": "…"}),
        lab={
            "dataset": "xor",
            "target": {"metric": metric, "value": value},
            "max_epochs": max_epochs,
            **lab,
        },
    )


def reports(*values: float, metric: str = "val_acc") -> list:
    other = "val_loss" if metric == "val_acc" else "val_acc"
    return [SimpleNamespace(epoch=i + 1, **{metric: v, other: None}) for i, v in enumerate(values)]


# --- the registry ---------------------------------------------------------------------------------


def test_every_kind_has_exactly_one_grader():
    assert set(GRADERS) == set(KINDS)
    assert {kind for kind, grader in GRADERS.items() if grader.slow} == {
        "expression",
        "derivation",
        "code",
        "experiment",  # the engine runs the experiment (a few seconds at most)
    }


def test_an_unknown_kind_is_invalid_not_a_crash(course):
    ex = exercise(course, "intro/where")
    odd = Exercise(**{**ex.__dict__, "kind": "essay"})
    verdict = grade(odd, "anything", lang="ru")
    assert not verdict.valid and "essay" in verdict.message
    assert not is_slow(odd)


def test_importing_grading_loads_no_ui_and_no_heavy_libraries():
    code = (
        "import sys, nntutor.course.grading\n"
        "print(sorted(m for m in ('textual', 'numpy', 'sympy', 'nntutor.app', 'nntutor.commands')"
        " if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


# --- choices --------------------------------------------------------------------------------------


def test_single_choice_by_index_number_or_text(course):
    ex = exercise(course, "intro/where")
    right = grade(ex, 0, lang="ru")
    assert right.valid and right.correct and right.message == ""
    assert right.answer == "Recognising images"  # recorded in English
    assert right.shown == "Распознавание изображений"
    wrong = grade(ex, "2", lang="ru")
    assert wrong.valid and not wrong.correct
    assert wrong.message == "С этим справится калькулятор."
    assert grade(ex, "  распознавание   ИЗОБРАЖЕНИЙ ").correct  # the text in any language
    assert grade(ex, "Adding two numbers").answer == "Adding two numbers"


@pytest.mark.parametrize("answer", [None, "", "   ", 7, "3", "Dividing"])
def test_single_choice_unreadable_answers_are_invalid(course, answer):
    verdict = grade(exercise(course, "intro/where"), answer)
    assert not verdict.valid and not verdict.correct
    assert "1 to 2" in verdict.message


def test_multiple_choice_by_indexes_numbers_or_texts(course):
    ex = exercise(course, "intro/problems")
    assert grade(ex, {0, 1}).correct
    assert grade(ex, "2, 1").correct
    both = grade(ex, "need a lot of data; Hard to interpret", lang="ru")
    assert both.correct
    assert both.answer == "Hard to interpret; Need a lot of data"
    assert both.shown == "Трудно интерпретировать; Нужно много данных"
    partial = grade(ex, [0])
    assert partial.valid and not partial.correct and partial.answer == "Hard to interpret"
    assert not grade(ex, "1,2,3").correct


def test_multiple_choice_empty_or_unknown_is_invalid(course):
    ex = exercise(course, "intro/problems")
    empty = grade(ex, set(), lang="ru")
    assert not empty.valid and "через запятую" in empty.message
    unknown = grade(ex, "1, 9")
    assert not unknown.valid and "“9”" in unknown.message


# --- numbers --------------------------------------------------------------------------------------


def test_numeric_against_the_drawn_variant(course):
    ex = exercise(course, "neuron/forward")
    drawn = variant(ex, 3)
    right = grade(ex, repr(drawn.answer), drawn)
    assert right.valid and right.correct and right.answer == repr(drawn.answer)
    wrong = grade(ex, f"{drawn.answer + 1}", drawn)
    assert wrong.valid and not wrong.correct
    assert wrong.expected == f"{drawn.answer:.6g}"
    within_tolerance = grade(ex, f"{drawn.answer + 0.005}", drawn)
    assert within_tolerance.correct
    # without a variant, the one drawn with seed 0 is meant
    zero = variant(ex, 0)
    assert grade(ex, repr(zero.answer)).correct


def test_numeric_unreadable_answers_are_invalid_and_say_why(course):
    ex = exercise(course, "neuron/forward")
    drawn = variant(ex, 1)
    assert grade(ex, "", drawn, lang="ru").message == "ответ пуст"
    word = grade(ex, "zero point two", drawn)
    assert not word.valid and "zero" in word.message
    assert not grade(ex, "1/0", drawn).valid


# --- formulas, with the real checker worker ------------------------------------------------------


def test_expression_right_wrong_diagnosed_and_invalid(course, checker):
    ex = exercise(course, "neuron/dsigma")
    right = grade(ex, "x·σ(wx+b)(1−σ(wx+b))", checker=checker)
    assert right.valid and right.correct and right.message == "" and right.mistake is None
    assert right.interpreted_as == "x·(1 - σ(b + w·x))·σ(b + w·x)"
    authored = grade(ex, "σ(wx+b)(1-σ(wx+b))", checker=checker)
    assert authored.valid and not authored.correct
    assert authored.mistake == "mistakes[0]"
    assert "Missing the inner derivative x." in authored.message
    sign = grade(ex, "-x*sigma(w*x+b)*(1-sigma(w*x+b))", checker=checker)
    assert sign.mistake == "sign" and "sign" in sign.message
    invalid = grade(ex, "x sigma(w x", checker=checker)
    assert not invalid.valid and "never closed" in invalid.message
    assert not grade(ex, "  ", checker=checker).valid


def test_expression_feedback_in_russian(course, checker):
    ex = exercise(course, "neuron/dsigma")
    verdict = grade(ex, "σ(wx+b)(1-σ(wx+b))", lang="ru", checker=checker)
    assert "Не хватает внутренней производной x." in verdict.message


def test_without_a_checker_a_worker_is_started_for_the_call_and_stopped(course):
    ex = exercise(course, "neuron/dsigma")
    assert grade(ex, "x*sigma(w*x+b)*(1-sigma(w*x+b))").correct


def test_derivation_steps_by_lines_or_semicolons(checker):
    ex = derivation()
    first = f"2*({SIGMA} - y) * ({SIGMA}*(1 - {SIGMA})) * x"
    second = f"2*x*({SIGMA} - y)*{SIGMA}*(1 - {SIGMA})"
    for answer in (f"{first}\n\n{second}\n", f"{first}; {second}", [first, second]):
        verdict = grade(ex, answer, checker=checker)
        assert verdict.valid and verdict.correct and verdict.first_wrong_step is None
        assert verdict.answer == f"{first}\n{second}"
        assert len(verdict.interpreted_as.splitlines()) == 2


def test_derivation_names_the_first_wrong_step(checker):
    ex = derivation()
    first = f"2*({SIGMA} - y) * ({SIGMA}*(1 - {SIGMA})) * x"
    verdict = grade(ex, f"{first}; 2*({SIGMA} - y)*x; x", checker=checker)
    assert verdict.valid and not verdict.correct
    assert verdict.first_wrong_step == 2 and verdict.mistake == "mistakes[0]"
    assert verdict.message.startswith("Step 2 does not follow")
    assert "The sigmoid's derivative is missing." in verdict.message
    russian = grade(ex, f"{first}; 2*({SIGMA} - y)*x", lang="ru", checker=checker)
    assert russian.message.startswith("Шаг 2 не следует") and "Пропущена σ′." in russian.message


def test_derivation_unreadable_step_is_invalid_with_its_number(checker):
    ex = derivation()
    first = f"2*({SIGMA} - y) * ({SIGMA}*(1 - {SIGMA})) * x"
    verdict = grade(ex, f"{first}\n2*(((", checker=checker)
    assert not verdict.valid and verdict.first_wrong_step == 2 and verdict.message
    assert not grade(ex, " ; \n", checker=checker).valid


def test_split_steps():
    assert split_steps("a\n b ;c;;\n") == ["a", "b", "c"]
    assert split_steps([" a ", "", "b"]) == ["a", "b"]


# --- lab challenges -------------------------------------------------------------------------------


def test_lab_challenge_met_missed_and_failed():
    ex = challenge(value=0.9, max_epochs=3)
    met = grade(ex, LabRun(reports(0.5, 0.95), (8,), "hidden 8"))
    assert met.valid and met.correct and met.answer == "hidden 8"
    assert met.message == "validation accuracy reached 95.0% (target ≥ 90%)"
    late = grade(ex, LabRun(reports(0.5, 0.6, 0.7, 0.99), (8,)))  # epoch 4 is past the limit
    assert not late.correct
    assert late.message == "best validation accuracy 70.0% within 3 epochs; the target is ≥ 90%"
    failed = grade(ex, LabRun(reports(0.95), (8,), problem="the loss diverged"))
    assert not failed.correct and failed.message == "the loss diverged"
    assert grade(ex, LabRun([], (8,))).message.startswith("best validation accuracy —")


def test_lab_challenge_loss_target_in_russian():
    ex = challenge("val_loss", 0.05, max_epochs=21)
    met = grade(ex, LabRun(reports(0.3, 0.04, metric="val_loss"), (4,)), lang="ru")
    assert met.correct and met.message == "потери на валидации опустились до 0.04 (цель ≤ 0.05)"
    missed = grade(ex, LabRun(reports(0.3, 0.2, metric="val_loss"), (4,)), lang="ru")
    assert missed.message == "наименьшие потери на валидации за 21 эпоху: 0.2; цель ≤ 0.05"


@pytest.mark.parametrize(
    ("epochs", "lang", "words"),
    [
        (1, "en", "within 1 epoch;"),
        (2, "en", "within 2 epochs;"),
        (1, "ru", "за 1 эпоху:"),
        (3, "ru", "за 3 эпохи:"),
        (5, "ru", "за 5 эпох:"),
        (11, "ru", "за 11 эпох:"),
        (22, "ru", "за 22 эпохи:"),
    ],
)
def test_lab_challenge_epochs_in_the_right_plural_form(epochs, lang, words):
    verdict = grade(challenge(max_epochs=epochs), LabRun(reports(0.5), (8,)), lang=lang)
    assert words in verdict.message


def test_lab_challenge_over_the_limits_does_not_count():
    ex = challenge(value=0.5, limits={"max_layers": 1, "max_width": 3})
    over = LabRun(reports(0.99), (4, 4))
    english = grade(ex, over)
    assert not english.correct
    assert english.message == (
        "best validation accuracy 99.0%, but the network breaks the limits: "
        "at most 1 hidden layer; at most 3 neurons per layer"
    )
    russian = grade(ex, over, lang="ru")
    assert russian.message == (
        "лучшая точность на валидации 99.0%, но сеть нарушает ограничения: "
        "максимум 1 скрытый слой; максимум 3 нейрона в слое"
    )
    assert grade(ex, LabRun(reports(0.99), (3,))).correct


def test_lab_challenge_needs_a_run_not_text():
    verdict = grade(challenge(), "hidden 8", lang="ru")
    assert not verdict.valid and "лаборатории" in verdict.message


# --- strings --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "form"),
    [
        *[(0, 2), (1, 0), (2, 1), (4, 1), (5, 2), (11, 2), (12, 2), (14, 2)],
        *[(21, 0), (22, 1), (25, 2), (101, 0), (111, 2), (112, 2), (122, 1)],
    ],
)
def test_russian_plural_forms(n, form):
    assert plural_index(n, "ru") == form


def test_english_plural_forms_and_every_string_in_both_languages():
    assert [plural_index(n, "en") for n in (0, 1, 2, 21)] == [1, 0, 1, 1]
    # English in the tables, Russian in the catalog (tests/test_i18n.py checks it is complete)
    assert all(t(key, "ru", STRINGS) != key for key in STRINGS)
    for entry in PLURALS.values():
        assert len(entry) == 2  # English one/other; Russian's three forms live in the catalog
    assert ntext("limit.width", 16, "ru") == "максимум 16 нейронов в слое"
    assert ntext("limit.width", 16, "de") == "at most 16 neurons per layer"


# --- `nntutor lessons answer` ---------------------------------------------------------------------


def nntutor(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "nntutor", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "PYTHONPATH": str(ROOT)},
    )


def answer(*args: str, lessons: Path = TEST_COURSE) -> subprocess.CompletedProcess:
    return nntutor("lessons", "answer", "--lessons", str(lessons), *args)


COURSE_WITH_STEPS = """
id = "x"
order = 1
title = {{ en = "Steps \\u001b[2J" }}

[[exercises]]
id = "pick"
kind = "single_choice"
prompt = {{ en = "Pick" }}
choices = [
  {{ en = "Right", correct = true }},
  {{ en = "Wrong\\u009b", why = {{ en = "No\\u001b[31m red" }} }},
]
hints = [{{ en = "h" }}]
solution = {{ en = "s" }}

[[exercises]]
id = "steps"
kind = "derivation"
prompt = {{ en = "Derive" }}
start = "({sigma} - y)^2"
wrt = "w"
expected = "{expected}"
vars = ["w", "x", "b", "y"]
steps = ["{expected}"]
hints = [{{ en = "h" }}]
solution = {{ en = "s" }}
"""


@pytest.fixture(scope="module")
def steps_course(tmp_path_factory):
    root = tmp_path_factory.mktemp("course")
    folder = root / "01-x"
    folder.mkdir()
    (root / "course.toml").write_text('[title]\nen = "C"\n')
    (folder / "lesson.toml").write_text(
        textwrap.dedent(COURSE_WITH_STEPS.format(sigma=SIGMA, expected=DERIVATIVE))
    )
    (folder / "en.md").write_text("# X\n\ntext\n")
    return root


def test_cli_answer_exit_status_and_text():
    right = answer("intro/where", "1")
    assert right.returncode == 0, right.stderr
    assert "✓ Correct." in right.stdout and "Your answer: Recognising images" in right.stdout
    wrong = answer("--lang", "ru", "intro/where", "2")
    assert wrong.returncode == 1, wrong.stderr
    assert "✗ Не совсем." in wrong.stdout and "С этим справится калькулятор." in wrong.stdout
    invalid = answer("intro/problems", "1,9")
    assert invalid.returncode == 2 and "Cannot read that answer" in invalid.stdout


def test_cli_answer_a_formula_as_json():
    out = answer("--json", "neuron/dsigma", "--", "-x*sigma(w*x+b)*(1-sigma(w*x+b))")
    assert out.returncode == 1, out.stderr
    verdict = json.loads(out.stdout)
    assert verdict["exercise"] == "neuron/dsigma" and verdict["kind"] == "expression"
    assert verdict["valid"] and not verdict["correct"] and verdict["mistake"] == "sign"
    assert verdict["interpreted_as"] == "-x·(1 - σ(b + w·x))·σ(b + w·x)"


def test_cli_answer_a_randomised_number_with_its_seed(course):
    drawn = variant(exercise(course, "neuron/forward"), 3)
    right = answer("neuron/forward", repr(drawn.answer), "--seed", "3", "--json")
    assert right.returncode == 0, right.stderr
    data = json.loads(right.stdout)
    assert data["seed"] == 3 and data["values"] == drawn.values
    wrong = answer("neuron/forward", repr(drawn.answer + 1), "--seed", "3")
    assert wrong.returncode == 1 and f"→ {drawn.answer:.6g}" in wrong.stdout
    assert "(--seed 3)" in wrong.stdout


def test_cli_answer_a_derivation_with_semicolons(steps_course):
    first = f"2*({SIGMA} - y) * ({SIGMA}*(1 - {SIGMA})) * x"
    right = answer("x/steps", f"{first}; {DERIVATIVE}", lessons=steps_course)
    assert right.returncode == 0, right.stdout + right.stderr
    wrong = answer("x/steps", f"{first}\n2*({SIGMA} - y)*x", "--json", lessons=steps_course)
    assert wrong.returncode == 1
    assert json.loads(wrong.stdout)["first_wrong_step"] == 2
    unreadable = answer("x/steps", f"{first}; 2*(((", lessons=steps_course)
    assert unreadable.returncode == 2 and "(step 2)" in unreadable.stdout


@pytest.mark.parametrize(
    ("ref", "why"),
    [
        ("intro", "LESSON/EXERCISE"),
        ("nope/where", "no lesson 'nope'"),
        ("intro/nope", "its exercises: where, problems"),
        ("broken/x", "unavailable"),
    ],
)
def test_cli_answer_unknown_exercise_exits_2(ref, why):
    out = answer(ref, "1")
    assert out.returncode == 2 and why in out.stderr and not out.stdout


def test_cli_shows_control_characters_from_lesson_files(steps_course):
    out = answer("x/pick", "2", lessons=steps_course)
    assert out.returncode == 1
    assert "\x1b" not in out.stdout and "\x9b" not in out.stdout
    assert "No␛[31m red" in out.stdout and "Wrong<U+009B>" in out.stdout
    as_json = answer("x/pick", "2", "--json", lessons=steps_course)
    assert "\x1b" not in as_json.stdout and "\x9b" not in as_json.stdout
    assert json.loads(as_json.stdout)["message"] == "No\x1b[31m red"  # escaped, not lost
    listing = nntutor("lessons", "--lessons", str(steps_course))
    assert "\x1b" not in listing.stdout and "Steps ␛[2J" in listing.stdout


def test_lessons_lists_exercise_ids_on_request():
    out = nntutor("lessons", "--exercises")
    assert out.returncode == 0 and "backpropagation/dense-backward  (code)" in out.stdout


def test_answering_a_code_exercise_of_an_untrusted_folder_says_why(tmp_path):
    import shutil

    from nntutor.paths import builtin_lessons_dir

    course = tmp_path / "course"
    shutil.copytree(builtin_lessons_dir(), course)
    out = nntutor(
        "lessons", "answer", "--lessons", str(course),
        "backpropagation/dense-backward", str(tmp_path / "mine.py"),
    )  # fmt: skip
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert "--trust" in out.stderr
