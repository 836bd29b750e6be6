"""Which course folders' code may run: the built-in course always, another after the learner agrees.

The answers live in data_dir/trusted-folders.json (0600), one resolved path per folder.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from nntutor.paths import builtin_lessons_dir

STORE = "trusted-folders.json"


def _key(folder: Path) -> str:
    return str(Path(folder).expanduser().resolve())


def _store(data_dir: Path | None) -> Path:
    from nntutor.paths import data_dir as default_data_dir

    return Path(data_dir) / STORE if data_dir is not None else default_data_dir() / STORE


def trusted_folders(data_dir: Path | None = None) -> list[str]:
    try:
        raw = json.loads(_store(data_dir).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError, OSError):
        return []
    folders = raw.get("folders") if isinstance(raw, dict) else None
    return [f for f in folders if isinstance(f, str)] if isinstance(folders, list) else []


def is_builtin(folder: Path) -> bool:
    return _key(folder) == _key(builtin_lessons_dir())


def is_trusted(folder: Path, data_dir: Path | None = None) -> bool:
    """True for the built-in course and for folders the learner agreed to run."""
    return is_builtin(folder) or _key(folder) in trusted_folders(data_dir)


def trust(folder: Path, data_dir: Path | None = None) -> None:
    """Remember that the learner agreed to run this folder's code exercises."""
    if is_trusted(folder, data_dir):
        return
    store = _store(data_dir)
    store.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    folders = [*trusted_folders(data_dir), _key(folder)]
    tmp = store.with_name(f".{STORE}.{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump({"folders": folders}, f, indent=1)
    os.replace(tmp, store)
