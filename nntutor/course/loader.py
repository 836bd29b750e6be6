"""Reading a course folder into the model, with precise messages for every problem.

A broken lesson never stops the course from loading: it comes back with its
problems listed, and ``Lesson.available`` is false.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from nntutor.course.exercise_fields import _ID, _SKILL, LANGS, _exercise, _str_list, _text
from nntutor.course.files import MAX_TEXT_BYTES, read_course_file
from nntutor.course.files import Collector as _Collector
from nntutor.course.files import read_toml as _read_toml
from nntutor.course.model import (
    PLAYGROUNDS,
    Course,
    Lesson,
    Problem,
    Text,
)
from nntutor.textsafe import describe, first_unsafe, visible

CODE_WIDTH = 76


def _wide_code_lines(text: str) -> list[tuple[int, str]]:
    """Lines inside fenced code blocks wider than CODE_WIDTH columns."""
    out, fenced = [], False
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif fenced and len(line) > CODE_WIDTH:
            out.append((number, line))
    return out


_LIST_START = re.compile(r"^ {0,3}1[.)](\s|$)")
_BLOCK_START = re.compile(r"^ {0,3}([-*+>#|]|\d+[.)]\s|```)")


def _accidental_lists(text: str) -> list[int]:
    """Lines where a sentence wrapped onto "1. …" starts a numbered list by accident.

    In Markdown a line "1. …" right after a line of prose interrupts the paragraph and
    becomes a list (the "1" is swallowed): "Directly: 1. So ∂f/∂x = …" wrapped before
    the "1." reads as a list of one item."""
    out, fenced, previous = [], False, ""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif not fenced and _LIST_START.match(line):
            prose = previous.strip() and not _BLOCK_START.match(previous)
            if prose:
                out.append(number)
        previous = "" if fenced else line
    return out


def load_lesson(folder: Path, root: Path) -> Lesson:
    problems: list[Problem] = []
    meta_path = folder / "lesson.toml"
    c = _Collector(meta_path, root, problems)
    lesson = Lesson(
        id=folder.name,
        order=10**6,
        folder=folder,
        title=Text({"en": folder.name}),
        problems=problems,
    )
    if not os.path.lexists(meta_path):
        c.error("", "missing lesson.toml (every lesson folder needs one; see docs/authoring.md)")
        return lesson
    meta = _read_toml(meta_path, c)
    if meta is None:
        return lesson
    lesson_id = meta.get("id")
    if not isinstance(lesson_id, str) or not _ID.match(lesson_id):
        c.error("id", f"missing or invalid id {lesson_id!r} (lowercase letters, digits and '-')")
    else:
        lesson.id = lesson_id
    order = meta.get("order")
    if isinstance(order, bool) or not isinstance(order, int):
        c.error("order", f"expected an integer position in the course, found {order!r}")
    else:
        lesson.order = order
    title = _text(meta.get("title"), "title", c)
    if title:
        lesson.title = title
    lesson.prerequisites = _str_list(meta.get("prerequisites"), "prerequisites", c, _ID)
    lesson.skills = _str_list(meta.get("skills"), "skills", c, _SKILL)
    playground = meta.get("playground")
    if playground is not None and playground not in PLAYGROUNDS:
        c.error(
            "playground", f"unknown playground {playground!r}; use one of: {', '.join(PLAYGROUNDS)}"
        )
    else:
        lesson.playground = playground
    known = {"id", "order", "title", "prerequisites", "skills", "exercises", "playground"}
    for key in sorted(set(meta) - known):
        c.error(key, "unknown field (a typo?)")
    exercises = meta.get("exercises", [])
    if not isinstance(exercises, list):
        c.error("exercises", "write exercises as [[exercises]] tables")
        exercises = []
    seen: set[str] = set()
    for i, raw in enumerate(exercises):
        ex = _exercise(raw, i, c, folder)
        if ex is None:
            continue
        if ex.id in seen:
            c.error(f"exercises[{i}].id", f"duplicate exercise id {ex.id!r}")
            continue
        seen.add(ex.id)
        lesson.exercises.append(ex)
    for lang in LANGS:
        path = folder / f"{lang}.md"
        tc = _Collector(path, root, problems)
        if not os.path.lexists(path):
            if lang == "en":
                tc.error("", "missing: the English text is required")
            else:
                tc.warn(
                    "", f"missing: learners who chose {lang!r} will read the English text", lang
                )
            continue
        text = read_course_file(path, root, tc, MAX_TEXT_BYTES)
        if text is None:
            continue
        if not text.strip():
            tc.error("", "the lesson text is empty")
            continue
        for number, line in _wide_code_lines(text):
            tc.warn(
                f"line {number}",
                f"a code-block line is {len(line)} columns wide; keep them under {CODE_WIDTH + 1} (code is not wrapped at 80×24)",
            )
        for number in _accidental_lists(text):
            tc.warn(
                f"line {number}",
                "this line starts with “1.” right after a sentence, so Markdown makes it a "
                "numbered list and hides the 1; reflow the sentence so the number is not first",
            )
        lesson.texts[lang] = text
    return lesson


def load_course(root: Path) -> Course:
    """Load every lesson folder under ``root``; never raises for a broken lesson."""
    root = Path(root)
    problems: list[Problem] = []
    title = Text({"en": "Course", "ru": "Курс"})
    if not root.is_dir():
        problems.append(Problem(str(root), "", "the course folder does not exist"))
        return Course(root=root, title=title, lessons=[], problems=problems)
    course_toml = root / "course.toml"
    if course_toml.is_file():
        c = _Collector(course_toml, root, problems)
        data = _read_toml(course_toml, c)
        if data is not None:
            title = _text(data.get("title"), "title", c) or title
    folders = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
    for folder in [f for f in folders if first_unsafe(f.name, keep_newlines=False)]:
        _, char = first_unsafe(folder.name, keep_newlines=False)
        problems.append(
            Problem(visible(str(folder)), "", f"{describe(char)} in a folder name; rename it")
        )
        folders.remove(folder)
    lessons = [load_lesson(folder, root) for folder in folders]
    by_id: dict[str, Lesson] = {}
    for lesson in lessons:
        if lesson.id in by_id:
            _Collector(lesson.folder / "lesson.toml", root, lesson.problems).error(
                "id", f"duplicate lesson id {lesson.id!r} (also in {by_id[lesson.id].folder.name})"
            )
        else:
            by_id[lesson.id] = lesson
    orders: dict[int, str] = {}
    for lesson in lessons:
        c = _Collector(lesson.folder / "lesson.toml", root, lesson.problems)
        if lesson.order in orders and lesson.order != 10**6:
            c.warn("order", f"order {lesson.order} is also used by {orders[lesson.order]}")
        orders.setdefault(lesson.order, lesson.folder.name)
        for pre in lesson.prerequisites:
            if pre not in by_id:
                c.warn("prerequisites", f"unknown lesson id {pre!r}")
    if not folders:
        problems.append(Problem(str(root), "", "no lesson folders found (see docs/authoring.md)"))
    lessons.sort(key=lambda lesson: (lesson.order, lesson.folder.name))
    return Course(root=root, title=title, lessons=lessons, problems=problems)
