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


class UnsafeDataDir(OSError):
    """The data folder could be read or changed by other users: refused, as ssh refuses a loose ~/.ssh."""


def prepare_data_dir(path: str | os.PathLike) -> Path:
    """Create the data folder private to this user (0700), or check that an existing one is.

    A folder owned by another user, or writable by group or others, is refused: anyone who
    can write there could plant files nntutor reads. An own folder readable by others (made
    by an earlier nntutor) is tightened to 0700, and its files to 0600, since they hold the
    learner's answers.
    """
    import stat

    folder = Path(path)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = folder.stat()
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        raise UnsafeDataDir(
            f"the data folder {folder} belongs to another user; "
            "choose a folder of your own with --data-dir or NNTUTOR_DATA_DIR"
        )
    mode = stat.S_IMODE(info.st_mode)
    if mode & 0o022:
        raise UnsafeDataDir(
            f"the data folder {folder} can be changed by other users (mode {mode:o}); "
            f"make it private with `chmod 700 {folder}`, or choose another with --data-dir"
        )
    if mode & 0o077:
        folder.chmod(0o700)
    for entry in folder.iterdir():
        try:
            entry_info = entry.lstat()
            if stat.S_ISREG(entry_info.st_mode) and stat.S_IMODE(entry_info.st_mode) & 0o077:
                entry.chmod(0o600)
        except OSError:
            continue
    return folder
