"""A cache of the parsed course, so that the course map comes up without parsing every file.

The cache lives in the learner's data folder and is keyed by the size and modification
time of every file of the course, the course folder itself and nntutor's version: any
edit to a lesson makes a new key, and the course is read again.

It is plain JSON, never a format that can run code when read (no pickle, shelve or
marshal): anyone who can write into the data folder can at worst make nntutor parse the
course again. On load, each object is rebuilt only as one of the course model's own
dataclasses, by its declared fields; anything else makes the entry a miss.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import sys
from pathlib import Path

from nntutor import __version__
from nntutor.course import model
from nntutor.course.model import Course

# the classes a cache entry may contain, by name
_CLASSES = {
    cls.__name__: cls
    for cls in vars(model).values()
    if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == model.__name__
}
MAX_CACHE_BYTES = 64 * 1024 * 1024


class _Miss(Exception):
    """The cache entry cannot be used."""


def fingerprint(root: Path) -> str:
    digest = hashlib.sha256(f"{__version__}\0{sys.version_info[:2]}\0{root.resolve()}".encode())
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            path = Path(folder, name)
            try:
                stat = path.stat()
            except OSError:
                continue
            digest.update(
                f"{path.relative_to(root)}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode()
            )
    return digest.hexdigest()[:32]


def _encode(value):
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {"$": type(value).__name__}
        for f in dataclasses.fields(value):
            out[f.name] = _encode(getattr(value, f.name))
        return out
    if isinstance(value, tuple):
        return {"$t": [_encode(v) for v in value]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {"$d": [[_encode(k), _encode(v)] for k, v in value.items()]}
    if isinstance(value, Path):
        return {"$p": str(value)}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"cannot cache a {type(value).__name__}")


# the fields each class is built from, by class name
_FIELDS = {
    name: frozenset(f.name for f in dataclasses.fields(cls) if f.init)
    for name, cls in _CLASSES.items()
}


def _decode_object(value: dict):
    """One JSON object of an entry as what it stands for (``json.loads``'s ``object_hook``:
    the parser calls it innermost first, so the values are already decoded)."""
    if "$t" in value:
        return tuple(value["$t"])
    if "$d" in value:
        return {k: v for k, v in value["$d"]}
    if "$p" in value:
        return Path(value["$p"])
    name = value.pop("$", None)
    cls = _CLASSES.get(name)
    if cls is None:
        raise _Miss("not a course object")
    if value.keys() != _FIELDS[name]:
        raise _Miss(f"{cls.__name__} fields differ")
    return cls(**value)


def _read(path: Path) -> Course:
    with open(path, "rb") as f:
        if not os.path.isfile(path) or os.fstat(f.fileno()).st_size > MAX_CACHE_BYTES:
            raise _Miss("not a plain file of a sane size")
        data = f.read(MAX_CACHE_BYTES + 1)
    course = json.loads(data, object_hook=_decode_object)
    if not isinstance(course, Course):
        raise _Miss("not a course")
    return course


def load_course(root: Path) -> Course:
    """The course parsed from its files. The loader (TOML, validation) is imported only here,
    so that a cache hit brings the course map up without it."""
    from nntutor.course.loader import load_course as parse

    return parse(root)


def load_course_cached(root: Path, cache_dir: Path | None) -> Course:
    """The course at ``root``, from the cache when nothing changed; never fails because of the cache."""
    root = Path(root)
    if cache_dir is None or not root.is_dir():
        return load_course(root)
    folder = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:12]
    path = Path(cache_dir) / f"course-{folder}-{fingerprint(root)}.json"
    try:
        return _read(path)
    except (OSError, ValueError, TypeError, RecursionError, _Miss):
        pass  # a missing, stale, damaged or foreign entry: parse the course again
    course = load_course(root)
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        for old in path.parent.glob(f"course-{folder}-*"):  # older entries of this course
            if old != path:
                old.unlink(missing_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(_encode(course), f, ensure_ascii=False, separators=(",", ":"))
        tmp.replace(path)
    except (OSError, TypeError, ValueError):
        pass  # a read-only or full disk only costs the next start the parse
    return course
