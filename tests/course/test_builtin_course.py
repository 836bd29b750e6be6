"""The built-in course passes its own self-test and meets the course's minimums (issue 6)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter

import pytest

from nntutor.course.loader import load_course
from nntutor.course.validate import validate_course
from nntutor.paths import builtin_lessons_dir


@pytest.fixture(scope="module")
def course():
    return load_course(builtin_lessons_dir())


def test_every_lesson_loads(course):
    assert len(course.lessons) >= 11
    assert all(lesson.available for lesson in course.lessons), [
        lesson.reason for lesson in course.lessons
    ]
    assert all(set(lesson.languages) == {"en", "ru"} for lesson in course.lessons)


def test_self_test_passes_including_lab_references(course):
    """Reference answers, anticipated mistakes, 20 seeds per randomised exercise, lab references on CPU."""
    report = validate_course(course, run_labs=True)
    assert report.ok, "\n".join(map(str, report.problems))


def test_course_minimums(course):
    exercises = [ex for lesson in course.lessons for ex in lesson.exercises]
    kinds = Counter(ex.kind for ex in exercises)
    assert len(exercises) >= 70
    assert sum(1 for ex in exercises if ex.kind != "code") >= 105  # issue 16
    for lesson in course.lessons:
        assert len(lesson.exercises) >= 4, lesson.id
        assert len({ex.kind for ex in lesson.exercises}) >= 2, lesson.id
    symbolic = [ex for ex in exercises if ex.kind in ("expression", "derivation")]
    assert len(symbolic) >= 20
    assert all(len(ex.mistakes) >= 2 for ex in symbolic)
    assert kinds["derivation"] >= 9
    assert sum(1 for ex in exercises if ex.kind == "numeric" and ex.randomised) >= 8
    assert kinds["lab_challenge"] >= 7
    assert all(ex.hints and ex.solution.get("en") and ex.solution.get("ru") for ex in exercises)


def test_lessons_json_cli():
    out = subprocess.run(
        [sys.executable, "-m", "nntutor", "lessons", "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0
    data = json.loads(out.stdout)
    assert data[0]["id"] == "why-neural-networks"
    assert {"id", "title", "languages", "exercises"} <= set(data[0])
    assert all({"id", "kind"} == set(ex) for lesson in data for ex in lesson["exercises"])


def test_validate_cli_exit_codes(tmp_path):
    ok = subprocess.run(
        [sys.executable, "-m", "nntutor", "lessons", "validate", "--structure-only"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert ok.returncode == 0, ok.stdout
    bad = tmp_path / "course" / "01-x"
    bad.mkdir(parents=True)
    (bad / "lesson.toml").write_text('id = "x"\norder = "one"\n')
    out = subprocess.run(
        [sys.executable, "-m", "nntutor", "lessons", "validate", str(tmp_path / "course")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 1
    assert "01-x/lesson.toml: order: expected an integer" in out.stdout


def test_derivation_wrt_must_match_expected(course):
    """A derivation whose expected is the derivative by another variable is reported (issue 16 §1)."""
    import dataclasses

    from nntutor.checker import Checker
    from nntutor.course.validate import check_derivation_start

    lesson = next(les for les in course.lessons if les.id == "frameworks-and-hardware")
    ex = next(e for e in lesson.exercises if e.id == "tanh-graph-backward")
    assert ex.wrt == "b"
    checker = Checker()
    try:
        assert check_derivation_start(lesson, ex, checker) == []
        wrong = dataclasses.replace(ex, wrt="w")
        problems = check_derivation_start(lesson, wrong, checker)
        assert len(problems) == 1
        assert "tanh-graph-backward wrt" in problems[0].where
        assert "with respect to 'w'" in problems[0].message
        indexed = dataclasses.replace(
            ex,
            start="(tanh(w1*x + b) - y)^2",
            vars=("w1", "x", "b", "y"),
            wrt="w1",
            expected="2*(tanh(w1*x + b) - y)*(1 - tanh(w1*x + b)^2)*x",
        )
        assert check_derivation_start(lesson, indexed, checker) == []  # w1 is the parser's w₁
    finally:
        checker.close()
