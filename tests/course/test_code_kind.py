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


def test_the_code_grader_turns_a_check_into_a_verdict(tmp_path):
    from nntutor.course.grading import grade, is_slow

    course = _course(tmp_path)
    ex = course.lessons[0].exercise("sig")
    assert is_slow(ex)
    right = grade(ex, ex.code_dir / "solution.py", lang="ru")
    assert right.valid and right.correct and right.message == "все тесты пройдены (3)"
    wrong = grade(ex, str(ex.code_dir / "mistakes" / "minus-sign.py"))
    assert wrong.valid and not wrong.correct and wrong.mistake == "minus-sign"
    assert wrong.message.startswith("σ(z) of a vector: sigmoid(z)[0] is ")
    assert wrong.message.endswith("not near 0.")
    broken = tmp_path / "broken.py"
    broken.write_text("def sigmoid(z)\n")
    invalid = grade(ex, broken)
    assert not invalid.valid and invalid.message.startswith("broken.py, line 1: SyntaxError")
    assert not grade(ex, "").valid


def test_the_course_has_a_progression_of_code_exercises():
    course = load_course(builtin_lessons_dir())
    code = [
        (lesson, ex) for lesson in course.lessons for ex in lesson.exercises if ex.kind == "code"
    ]
    assert len(code) >= 12
    assert len({lesson.id for lesson, _ in code}) >= 5
    for _, ex in code:
        assert len(ex.code_mistakes) >= 2, ex.id
        assert all(set(m.feedback.by_lang) == {"en", "ru"} for m in ex.code_mistakes), ex.id
        texts = [ex.prompt, ex.solution, *ex.hints]
        assert all(set(text.by_lang) == {"en", "ru"} for text in texts), ex.id
    parts = {ex.part for _, ex in code}
    assert {"activation", "dense", "loss", "optimizer", "network"} <= parts
    assert course.lesson("backpropagation").exercise("dense-backward").part == "dense"


def test_every_code_exercise_of_the_course_passes_its_self_test():
    """The reference passes, the starter fails, each mistake is recognised as itself."""
    course = load_course(builtin_lessons_dir())
    problems = [
        problem
        for lesson in course.lessons
        for ex in lesson.exercises
        if ex.kind == "code"
        for problem in check_code_exercise(lesson, ex)
    ]
    assert problems == []
