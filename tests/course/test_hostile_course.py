"""A course folder may come from anywhere: hostile files end in a clear problem, quickly, never a crash."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from nntutor.course.loader import load_course

COURSE = Path(__file__).parents[1] / "app" / "course"


@pytest.fixture
def course(tmp_path) -> Path:
    root = tmp_path / "course"
    shutil.copytree(COURSE, root)
    return root


def problems_of(root: Path, lesson_folder: str = "01-intro") -> list[str]:
    loaded = load_course(root)
    out = [str(p) for p in loaded.problems]
    for lesson in loaded.lessons:
        if lesson.folder.name == lesson_folder:
            out += [str(p) for p in lesson.problems if p.severity == "error"]
    return out


def test_toml_nested_thousands_deep(course):
    (course / "01-intro" / "lesson.toml").write_text("x = " + "[" * 5000 + "]" * 5000)
    assert any("nested too deeply" in p for p in problems_of(course))


def test_toml_integer_of_thousands_of_digits(course):
    toml = course / "01-intro" / "lesson.toml"
    toml.write_text(toml.read_text().replace("order = 1", "order = " + "9" * 5000))
    assert any("cannot be read" in p for p in problems_of(course))


def test_escape_sequences_in_a_lesson_file_are_named_with_line_and_character(course):
    toml = course / "01-intro" / "lesson.toml"
    toml.write_text(toml.read_text().replace("Why neural networks", "Why \x1b]2;pwned\x07"))
    found = [p for p in problems_of(course) if "U+001B ESCAPE" in p]
    assert found and "line 4" in found[0] and "\x1b" not in found[0]


def test_control_character_in_a_folder_name(course):
    (course / "01-intro").rename(course / "01-intro\x1b[2J")
    found = problems_of(course)
    assert any("U+001B ESCAPE in a folder name" in p for p in found)
    assert not any("\x1b" in p for p in found)


def test_huge_markdown_is_refused_without_reading_it(course):
    md = course / "01-intro" / "en.md"
    with open(md, "wb") as f:
        f.truncate(2 * 1024**3)  # a sparse 2 GiB file
    started = time.monotonic()
    assert any("bytes; at most" in p for p in problems_of(course))
    assert time.monotonic() - started < 10


def test_links_to_devices_fifos_and_outside_files(course, tmp_path):
    md = course / "01-intro" / "en.md"
    md.unlink()
    md.symlink_to("/dev/zero")
    assert any("out of the course folder" in p for p in problems_of(course))
    ru = course / "01-intro" / "ru.md"
    ru.unlink()
    ru.symlink_to("/proc/self/environ")
    loaded = load_course(course)
    intro = next(lesson for lesson in loaded.lessons if lesson.folder.name == "01-intro")
    assert "ru" not in intro.texts  # never shown as lesson text
    md.unlink()
    os.mkfifo(md)
    started = time.monotonic()
    assert any("not a regular file" in p for p in problems_of(course))
    assert time.monotonic() - started < 10  # opening the FIFO did not block


def test_lessons_commands_print_no_raw_control_characters(course):
    import json
    import subprocess
    import sys

    toml = course / "01-intro" / "lesson.toml"
    toml.write_text(toml.read_text().replace("order = 1", "order = 1\n\x1b]2;x\x07 = 1"))
    (course / "02-neuron").rename(course / "02-neuron\x9b31m")
    for args in (
        ["lessons"],
        ["lessons", "--json"],
        ["lessons", "validate", str(course)],
        ["lessons", "validate", "--json", str(course)],
    ):
        if args[0] == "lessons" and "validate" not in args:
            args = ["--lessons", str(course), *args]
        out = subprocess.run(
            [sys.executable, "-m", "nntutor", *args], capture_output=True, text=True, check=False
        )
        for stream in (out.stdout, out.stderr):
            assert not any(c in stream for c in "\x1b\x07\x9b"), (args, stream)
        if "--json" in args:
            json.loads(out.stdout)


def test_a_sentence_wrapped_onto_1_dot_is_flagged(course):
    md = course / "01-intro" / "en.md"
    md.write_text(md.read_text() + "\nDirectly: the answer is\n1. So ∂f/∂x = −2 + 1 = −1.\n")
    lesson = next(x for x in load_course(course).lessons if x.folder.name == "01-intro")
    warnings = [str(p) for p in lesson.problems if "numbered list" in p.message]
    assert len(warnings) == 1 and "en.md" in warnings[0]
    assert lesson.available  # a warning: the lesson still opens
