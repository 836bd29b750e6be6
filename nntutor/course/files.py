"""Reading a course's files safely: one reader for every lesson file, and a collector of problems.

A course folder may come from anywhere (``--lessons``), so a file must be a regular file
inside the course folder, no larger than a cap, UTF-8 and free of control characters.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

from nntutor.course.model import Problem
from nntutor.textsafe import describe, first_unsafe

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


class Collector:
    """Collects problems for one file, with a readable path."""

    def __init__(self, path: Path, root: Path, problems: list[Problem]):
        self.root = root
        try:
            self.path = str(path.relative_to(root.parent))
        except ValueError:
            self.path = str(path)
        self.problems = problems

    def error(self, where: str, message: str) -> None:
        self.problems.append(Problem(self.path, where, message, "error"))

    def warn(self, where: str, message: str, lang: str | None = None) -> None:
        self.problems.append(Problem(self.path, where, message, "warning", lang))


MAX_TOML_BYTES = 1024 * 1024  # a lesson.toml or course.toml
MAX_TEXT_BYTES = 4 * 1024 * 1024  # a lesson's Markdown


def read_course_file(path: Path, root: Path, c: Collector, max_bytes: int) -> str | None:
    """The text of one file of the course, or None with the problem recorded.

    A course folder may come from anywhere, so a file must be a regular file inside the
    course folder (a link may not lead out of it), no larger than ``max_bytes``, UTF-8, and
    free of control characters (they would act on the learner's terminal). FIFOs, devices
    and endless files are refused without blocking or reading them whole.
    """
    try:
        inside = path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):
        inside = False
    if not inside:
        c.error("", "a link that leads out of the course folder; copy the file into the course")
        return None
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        c.error("", f"cannot read the file ({exc.strerror})")
        return None
    with os.fdopen(fd, "rb") as f:
        info = os.fstat(f.fileno())
        if not stat.S_ISREG(info.st_mode):
            c.error("", "not a regular file (a FIFO, a device or a folder); use a plain text file")
            return None
        if info.st_size > max_bytes:
            c.error("", f"the file is {info.st_size:,} bytes; at most {max_bytes:,} are read")
            return None
        raw = f.read(max_bytes + 1)
    if len(raw) > max_bytes:
        c.error("", f"the file is larger than {max_bytes:,} bytes")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        c.error(f"byte {exc.start}", "the file is not UTF-8 text; save it as UTF-8")
        return None
    found = first_unsafe(text.replace("\r\n", "\n"))
    if found is not None:
        at, char = found
        before = text.replace("\r\n", "\n")[:at]
        line, column = before.count("\n") + 1, at - before.rfind("\n")
        c.error(
            f"line {line}, column {column}",
            f"{describe(char)} is not allowed in a lesson file (it would act on the terminal); delete it",
        )
        return None
    return text


def read_toml(path: Path, c: Collector) -> dict | None:
    text = read_course_file(path, c.root, c, MAX_TOML_BYTES)
    if text is None:
        return None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        c.error("", f"not valid TOML: {exc}")
    except RecursionError:
        c.error("", "tables or arrays are nested too deeply")
    except ValueError as exc:  # an integer of thousands of digits, say
        c.error("", f"a value cannot be read: {exc}")
    return None
