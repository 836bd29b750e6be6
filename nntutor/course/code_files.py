"""The `code` exercise kind in a lesson file: its folder of Python files and its mistakes.

    [[exercises]]
    id = "dense-backward"
    kind = "code"
    code = "code/dense-backward"   # a folder inside the lesson folder
    part = "dense"                 # optional: the engine part it implements, for the lab

The folder holds starter.py, solution.py, tests.py, mistakes.toml and the mistakes' files.
Each file must be a regular UTF-8 file inside the course folder; nothing here runs them
(nntutor.runner does, in a limited child process, and only for a trusted course).
"""

from __future__ import annotations

import re
from pathlib import Path

from nntutor.course.model import CodeMistake, Exercise

PARTS = ("activation", "dense", "loss", "optimizer", "network")
FILES = ("starter.py", "solution.py", "tests.py")
MAX_CODE_BYTES = 256 * 1024
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_FILE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_./-]*\.py$")


def _inside(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):
        return False


def _relative(value, where: str, c, what: str, pattern: re.Pattern) -> str | None:
    if not isinstance(value, str) or not value or not pattern.match(value):
        c.error(where, f"expected {what}, found {value!r}")
        return None
    if value.startswith("/") or ".." in Path(value).parts:
        c.error(where, f"{value!r} must be a path inside the folder, without '..'")
        return None
    return value


def load_code(raw: dict, ex: Exercise, where: str, c, lesson_folder: Path | None) -> None:
    from nntutor.course.exercise_fields import _text
    from nntutor.course.files import Collector as _Collector
    from nntutor.course.files import read_course_file
    from nntutor.course.files import read_toml as _read_toml

    part = raw.get("part", "")
    if part and part not in PARTS:
        c.error(f"{where}.part", f"unknown part {part!r}; use one of: {', '.join(PARTS)}")
    ex.part = part if isinstance(part, str) else ""
    code = _relative(
        raw.get("code"),
        f"{where}.code",
        c,
        'the folder of the exercise\'s files, e.g. code = "code/sigmoid"',
        re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_./-]*$"),
    )
    if code is None or lesson_folder is None:
        return
    ex.code = code
    folder = lesson_folder / code
    if not _inside(folder, lesson_folder) or not folder.is_dir():
        c.error(f"{where}.code", f"{code!r} is not a folder inside the lesson folder")
        return
    ex.code_dir = folder.resolve()
    for name in FILES:
        path = folder / name
        fc = _Collector(path, c.root, c.problems)
        if not path.exists():
            c.error(f"{where}.code", f"{code}/{name} is missing (see docs/authoring.md)")
        else:
            read_course_file(path, c.root, fc, MAX_CODE_BYTES)
    mistakes_path = folder / "mistakes.toml"
    mc = _Collector(mistakes_path, c.root, c.problems)
    if not mistakes_path.exists():
        c.error(f"{where}.code", f"{code}/mistakes.toml is missing (list at least two mistakes)")
        return
    data = _read_toml(mistakes_path, mc)
    if data is None:
        return
    for key in sorted(set(data) - {"mistakes"}):
        mc.error(key, "unknown field (write [[mistakes]] tables)")
    items = data.get("mistakes", [])
    if not isinstance(items, list):
        mc.error("mistakes", "write mistakes as [[mistakes]] tables")
        return
    out: list[CodeMistake] = []
    seen: set[str] = set()
    for i, item in enumerate(items):
        w = f"mistakes[{i}]"
        if not isinstance(item, dict):
            mc.error(w, 'expected { id = "...", file = "mistakes/....py", feedback = { en, ru } }')
            continue
        for key in sorted(set(item) - {"id", "file", "feedback"}):
            mc.error(f"{w}.{key}", "unknown field (use id, file, feedback)")
        mid = item.get("id")
        if not isinstance(mid, str) or not _ID.match(mid):
            mc.error(
                f"{w}.id", f"missing or invalid id {mid!r} (lowercase letters, digits and '-')"
            )
            continue
        if mid in seen:
            mc.error(f"{w}.id", f"duplicate mistake id {mid!r}")
            continue
        seen.add(mid)
        file = _relative(item.get("file"), f"{w}.file", mc, "a .py file in the folder", _FILE)
        feedback = _text(item.get("feedback"), f"{w}.feedback", mc)
        if file is None or feedback is None:
            continue
        path = folder / file
        if not path.exists():
            mc.error(f"{w}.file", f"{code}/{file} does not exist")
            continue
        if read_course_file(path, c.root, _Collector(path, c.root, c.problems), MAX_CODE_BYTES):
            out.append(CodeMistake(mid, file, feedback))
    if len(out) < 2:
        mc.warn("mistakes", "fewer than two anticipated mistakes: learners get less feedback")
    ex.code_mistakes = tuple(out)
