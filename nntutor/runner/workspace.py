"""The learner's code files: data_dir/workspace/<profile>/<lesson>/<exercise>.py, private to them."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from pathlib import Path

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


def _component(value: str, what: str) -> str:
    if not _NAME.match(value) or ".." in value:
        raise ValueError(
            f"{what} {value!r} cannot name a folder (letters, digits, '-', '_' and '.')"
        )
    return value


def _private_dirs(base: Path, parts: list[str]) -> Path:
    folder = base
    for part in parts:
        folder = folder / part
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            if folder.is_symlink() or not folder.is_dir():
                raise ValueError(f"{folder} is not a folder of nntutor's; move it away") from None
    return folder


def workspace_file(data_dir: Path, profile: str, lesson_id: str, exercise_id: str) -> Path:
    """The learner's file for one exercise; its folders are created (0700), the file is not."""
    data_dir = Path(data_dir)
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    parts = [
        "workspace",
        _component(profile, "profile"),
        _component(lesson_id, "lesson id"),
    ]
    folder = _private_dirs(data_dir, parts)
    return folder / f"{_component(exercise_id, 'exercise id')}.py"


def save_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically (a crash leaves the old or the new file), mode 0600."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def ensure_started(path: Path, starter: str) -> bool:
    """Put the starter in ``path`` unless the learner already has a file there; True when written."""
    path = Path(path)
    if path.exists():
        return False
    save_private(path, starter)
    return True
