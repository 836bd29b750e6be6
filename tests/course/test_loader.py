"""The loader: a good lesson loads; every kind of broken lesson is reported precisely and never raises."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from nntutor.course.loader import load_course
from nntutor.course.validate import lessons_json, validate_course

GOOD = textwrap.dedent(
    """
    id = "the-neuron"
    order = 2
    prerequisites = ["intro"]
    skills = ["neuron"]

    [title]
    en = "The neuron"
    ru = "Нейрон"

    [[exercises]]
    id = "range"
    kind = "single_choice"
    skills = ["neuron"]
    prompt.en = "Range of sigmoid?"
    prompt.ru = "Область значений сигмоиды?"
    choices = [
      { en = "(0, 1)", ru = "(0, 1)", correct = true },
      { en = "(-1, 1)", ru = "(-1, 1)", why = { en = "That is tanh.", ru = "Это tanh." } },
    ]
    hints = [{ en = "Large z.", ru = "Большие z." }]
    solution = { en = "(0, 1)", ru = "(0, 1)" }

    [[exercises]]
    id = "which"
    kind = "multiple_choice"
    prompt = { en = "Which are activations?", ru = "Какие из них функции активации?" }
    choices = [
      { en = "ReLU", ru = "ReLU", correct = true },
      { en = "tanh", ru = "tanh", correct = true },
      { en = "MSE", ru = "MSE" },
    ]
    hints = [{ en = "One is a loss.", ru = "Одна из них функция потерь." }]
    solution = { en = "ReLU and tanh.", ru = "ReLU и tanh." }

    [[exercises]]
    id = "iters"
    kind = "numeric"
    prompt = { en = "{n} examples, batch {batch}: iterations?", ru = "{n} примеров, батч {batch}: итераций?" }
    answer = "ceil(n / batch)"
    hints = [{ en = "Divide.", ru = "Разделите." }]
    solution = { en = "{answer}", ru = "{answer}" }
    [exercises.params]
    n = { choices = [1000, 2000] }
    batch = { min = 10, max = 100, step = 10 }
    """
)


def make_course(
    tmp_path: Path, lesson_toml: str = GOOD, files: dict[str, str] | None = None
) -> Path:
    root = tmp_path / "course"
    folder = root / "02-the-neuron"
    folder.mkdir(parents=True)
    (folder / "lesson.toml").write_text(lesson_toml, encoding="utf-8")
    texts = {"en.md": "# The neuron\n\nz = w·x + b\n", "ru.md": "# Нейрон\n\nz = w·x + b\n"}
    texts.update(files or {})
    for name, content in texts.items():
        if content is not None:
            (folder / name).write_text(content, encoding="utf-8")
    intro = root / "01-intro"
    intro.mkdir()
    (intro / "lesson.toml").write_text(
        'id = "intro"\norder = 1\ntitle = { en = "Intro", ru = "Введение" }\n'
    )
    (intro / "en.md").write_text("# Intro\n")
    (intro / "ru.md").write_text("# Введение\n")
    return root


def test_good_course_loads(tmp_path):
    course = load_course(make_course(tmp_path))
    assert [lesson.id for lesson in course.lessons] == ["intro", "the-neuron"]
    neuron = course.lesson("the-neuron")
    assert neuron.available, neuron.problems
    assert [e.kind for e in neuron.exercises] == ["single_choice", "multiple_choice", "numeric"]
    assert neuron.exercises[0].correct_choices == {0}
    assert neuron.exercises[1].correct_choices == {0, 1}
    assert neuron.exercises[0].choices[1].why.get("ru") == "Это tanh."
    assert neuron.title.get("ru") == "Нейрон"
    assert validate_course(course, answers=False).ok


def test_lessons_json_shape(tmp_path):
    data = lessons_json(load_course(make_course(tmp_path)))
    assert data[1]["id"] == "the-neuron"
    assert data[1]["title"] == {"en": "The neuron", "ru": "Нейрон"}
    assert data[1]["languages"] == ["en", "ru"]
    assert data[1]["exercises"][2] == {"id": "iters", "kind": "numeric"}


BROKEN = [
    # (description, transform of lesson.toml, expected fragment of the message, where fragment)
    ("invalid toml", lambda s: s.replace("order = 2", "order = = 2"), "not valid TOML", ""),
    ("missing id", lambda s: s.replace('id = "the-neuron"\n', ""), "invalid id", "id"),
    (
        "bad order",
        lambda s: s.replace("order = 2", 'order = "two"'),
        "expected an integer",
        "order",
    ),
    (
        "unknown top field",
        lambda s: s.replace("order = 2", "order = 2\nordr = 3"),
        "unknown field",
        "ordr",
    ),
    (
        "no title",
        lambda s: s.replace('[title]\nen = "The neuron"\nru = "Нейрон"\n', ""),
        "missing",
        "title",
    ),
    (
        "unknown kind",
        lambda s: s.replace('kind = "single_choice"', 'kind = "essay"'),
        "unknown kind 'essay'",
        "kind",
    ),
    (
        "two correct",
        lambda s: s.replace('ru = "(-1, 1)", why', 'ru = "(-1, 1)", correct = true, why'),
        "exactly one",
        "choices",
    ),
    (
        "no correct",
        lambda s: s.replace(
            '{ en = "ReLU", ru = "ReLU", correct = true },\n  { en = "tanh", ru = "tanh", correct = true }',
            '{ en = "ReLU", ru = "ReLU" },\n  { en = "tanh", ru = "tanh" }',
        ),
        "at least one",
        "choices",
    ),
    (
        "no hints",
        lambda s: s.replace('hints = [{ en = "Large z.", ru = "Большие z." }]', ""),
        "at least one hint",
        "hints",
    ),
    (
        "no solution",
        lambda s: s.replace('solution = { en = "(0, 1)", ru = "(0, 1)" }', ""),
        "missing",
        "solution",
    ),
    (
        "bad language",
        lambda s: s.replace(
            'prompt.ru = "Область значений сигмоиды?"', 'prompt.de = "Wertebereich?"'
        ),
        "unknown language 'de'",
        "prompt.de",
    ),
    (
        "formula unknown name",
        lambda s: s.replace('answer = "ceil(n / batch)"', 'answer = "ceil(n / bach)"'),
        "bach",
        "answer",
    ),
    (
        "formula code",
        lambda s: s.replace(
            'answer = "ceil(n / batch)"', "answer = \"__import__('os').system('true')\""
        ),
        "not allowed",
        "answer",
    ),
    (
        "min > max",
        lambda s: s.replace("min = 10, max = 100", "min = 100, max = 10"),
        "greater than max",
        "params.batch",
    ),
    ("unknown placeholder", lambda s: s.replace("{n} examples", "{m} examples"), "{m}", "iters"),
    (
        "unknown playground",
        lambda s: s.replace("order = 2", 'order = 2\nplayground = "sandbox"'),
        "unknown playground",
        "playground",
    ),
    (
        "duplicate exercise",
        lambda s: s.replace('id = "which"', 'id = "range"'),
        "duplicate exercise id",
        "id",
    ),
    (
        "typo in field",
        lambda s: s.replace('hints = [{ en = "Divide."', 'hint = [{ en = "Divide."'),
        "hint",
        "hint",
    ),
]


@pytest.mark.parametrize("name,transform,message,where", BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_lesson_is_unavailable_with_a_precise_reason(
    tmp_path, name, transform, message, where
):
    broken = transform(GOOD)
    assert broken != GOOD, "the transform must change the lesson"
    course = load_course(make_course(tmp_path, broken))
    lesson = next(lesson for lesson in course.lessons if lesson.folder.name == "02-the-neuron")
    assert not lesson.available
    errors = [p for p in lesson.problems if p.severity == "error"]
    assert any(message in p.message or message in p.where for p in errors), errors
    assert any(where in p.where or where in p.message for p in errors), errors
    assert all(p.path.endswith("02-the-neuron/lesson.toml") for p in errors)
    assert "lesson.toml" in lesson.reason
    # the rest of the course still loads
    assert course.lesson("intro").available


def test_missing_english_text_is_an_error(tmp_path):
    course = load_course(make_course(tmp_path, files={"en.md": None}))
    lesson = course.lessons[1]
    assert not lesson.available
    assert "en.md" in lesson.reason


def test_missing_russian_is_a_warning_and_fails_validation(tmp_path):
    course = load_course(make_course(tmp_path, files={"ru.md": None}))
    lesson = course.lesson("the-neuron")
    assert lesson.available
    text, fell_back = lesson.text("ru")
    assert fell_back and "The neuron" in text
    assert not validate_course(course, answers=False).ok
    assert validate_course(course, languages=("en",), answers=False).ok


def test_missing_russian_field_falls_back(tmp_path):
    course = load_course(make_course(tmp_path, GOOD.replace('ru = "Нейрон"\n', "")))
    lesson = course.lesson("the-neuron")
    assert lesson.available
    assert lesson.title.resolve("ru") == ("The neuron", True)
    report = validate_course(course, answers=False)
    assert any("no 'ru' text" in p.message and p.where == "title" for p in report.problems)


def test_not_utf8_text(tmp_path):
    root = make_course(tmp_path)
    (root / "02-the-neuron" / "ru.md").write_bytes("Нейрон".encode("cp1251"))
    lesson = load_course(root).lesson("the-neuron")
    assert not lesson.available
    assert "UTF-8" in lesson.reason


def test_folder_without_lesson_toml(tmp_path):
    root = make_course(tmp_path)
    (root / "03-empty").mkdir()
    course = load_course(root)
    empty = next(lesson for lesson in course.lessons if lesson.folder.name == "03-empty")
    assert not empty.available and "missing lesson.toml" in empty.reason


def test_duplicate_lesson_id(tmp_path):
    root = make_course(tmp_path)
    dup = root / "03-dup"
    dup.mkdir()
    (dup / "lesson.toml").write_text(
        'id = "intro"\norder = 3\ntitle = { en = "Dup", ru = "Дубль" }\n'
    )
    (dup / "en.md").write_text("x")
    course = load_course(root)
    assert any("duplicate lesson id" in str(p) for p in course.all_problems)


def test_missing_course_folder(tmp_path):
    course = load_course(tmp_path / "nope")
    assert course.lessons == [] and "does not exist" in str(course.problems[0])


def test_unknown_prerequisite_warns(tmp_path):
    course = load_course(
        make_course(tmp_path, GOOD.replace('prerequisites = ["intro"]', 'prerequisites = ["intr"]'))
    )
    assert any("unknown lesson id 'intr'" in p.message for p in course.all_problems)


def test_recommended_next(tmp_path):
    course = load_course(make_course(tmp_path))
    assert course.recommended_next({}).id == "intro"
    assert course.recommended_next({"intro": "completed"}).id == "the-neuron"
    assert course.recommended_next({"intro": "completed", "the-neuron": "completed"}) is None
