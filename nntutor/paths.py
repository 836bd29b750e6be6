"""Where the course and the learner's data live."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def builtin_lessons_dir() -> Path:
    """The course shipped with nntutor.

    In a wheel the repository's ``lessons/`` is installed as ``nntutor/_lessons``;
    in a source checkout (editable install) it is ``../lessons``.
    """
    installed = PACKAGE_DIR / "_lessons"
    if installed.is_dir():
        return installed
    return PACKAGE_DIR.parent / "lessons"


def lessons_dir(override: str | os.PathLike | None = None) -> Path:
    if override:
        return Path(override).expanduser().resolve()
    return builtin_lessons_dir()


def data_dir(override: str | os.PathLike | None = None) -> Path:
    """The progress store's folder: ``--data-dir``, then ``NNTUTOR_DATA_DIR``, then the user data dir."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get("NNTUTOR_DATA_DIR")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("nntutor", appauthor=False))
