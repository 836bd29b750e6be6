"""The `code` exercise kind in lesson.toml: loading, problems, and the self-test."""

from __future__ import annotations

import shutil
import textwrap

from nntutor.course.loader import load_course
from nntutor.course.validate import check_code_exercise
from nntutor.paths import builtin_lessons_dir

SIGMOID = builtin_lessons_dir() / "02-the-neuron" / "code" / "sigmoid"

LESSON = """
id = "one"
order = 1
title = {{ en = "One", ru = "Один" }}

[[exercises]]
id = "sig"
kind = "code"
code = "{code}"
part = "{part}"
prompt = {{ en = "Write it.", ru = "Напишите." }}
hints = [{{ en = "Think.", ru = "Думайте." }}]
solution = {{ en = "Done.", ru = "Готово." }}
"""


def _course(tmp_path, code="code/sig", part="activation", copy=True):
    folder = tmp_path / "course" / "01-one"
    folder.mkdir(parents=True)
    (folder / "lesson.toml").write_text(textwrap.dedent(LESSON.format(code=code, part=part)))
    (folder / "en.md").write_text("# One\n")
    (folder / "ru.md").write_text("# Один\n")
    if copy:
        shutil.copytree(SIGMOID, folder / "code" / "sig")
    return load_course(tmp_path / "course")


def test_a_code_exercise_loads_with_its_mistakes(tmp_path):
    course = _course(tmp_path)
    lesson = course.lessons[0]
    assert lesson.available, lesson.reason
    ex = lesson.exercise("sig")
    assert ex.kind == "code" and ex.part == "activation"
    assert ex.code_dir == (lesson.folder / "code" / "sig").resolve()
    assert [m.id for m in ex.code_mistakes][:2] == ["sigma-for-prime", "minus-sign"]
    assert ex.code_mistakes[0].feedback.get("ru").startswith("sigmoid_prime возвращает")
    assert check_code_exercise(lesson, ex) == []


def test_problems_are_precise(tmp_path):
    course = _course(tmp_path, code="code/../../elsewhere", part="brain", copy=False)
    messages = [str(p) for p in course.all_problems]
    assert any("unknown part 'brain'" in m for m in messages)
    assert any("without '..'" in m for m in messages)
    assert not course.lessons[0].available


def test_missing_files_are_named(tmp_path):
    course = _course(tmp_path)
    folder = course.lessons[0].folder / "code" / "sig"
    (folder / "tests.py").unlink()
    (folder / "mistakes" / "minus-sign.py").unlink()
    messages = [str(p) for p in load_course(tmp_path / "course").all_problems]
    assert any("code/sig/tests.py is missing" in m for m in messages)
    assert any("code/sig/mistakes/minus-sign.py does not exist" in m for m in messages)


def test_the_self_test_catches_a_passing_starter_and_an_unrecognised_mistake(tmp_path):
    course = _course(tmp_path)
    lesson = course.lessons[0]
    ex = lesson.exercise("sig")
    shutil.copy(ex.code_dir / "solution.py", ex.code_dir / "starter.py")
    shutil.copy(ex.code_dir / "solution.py", ex.code_dir / "mistakes" / "minus-sign.py")
    messages = [p.message for p in check_code_exercise(lesson, ex)]
    assert "the starter passes the tests; it should leave work to do" in messages
    assert "this mistake passes the tests, so the tests cannot catch it" in messages
