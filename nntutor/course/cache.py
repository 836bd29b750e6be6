"""A cache of the parsed course, so that the course map comes up without parsing every file.

The cache lives in the learner's data folder and is keyed by the size and modification
time of every file of the course, the course folder itself and nntutor's version: any
edit to a lesson makes a new key, and the course is read again.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from pathlib import Path

from nntutor import __version__
from nntutor.course.loader import load_course
from nntutor.course.model import Course


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


def load_course_cached(root: Path, cache_dir: Path | None) -> Course:
    """The course at ``root``, from the cache when nothing changed; never fails because of the cache."""
    root = Path(root)
    if cache_dir is None or not root.is_dir():
        return load_course(root)
    folder = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:12]
    path = Path(cache_dir) / f"course-{folder}-{fingerprint(root)}.pickle"
    try:
        # the cache is written by nntutor itself into the learner's own data folder
        course = pickle.loads(path.read_bytes())
        if isinstance(course, Course):
            return course
    except (
        OSError,
        EOFError,
        pickle.UnpicklingError,
        AttributeError,
        ImportError,
        TypeError,
        ValueError,
    ):
        pass
    course = load_course(root)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob(f"course-{folder}-*.pickle"):  # older versions of this course
            if old != path:
                old.unlink(missing_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps(course, protocol=pickle.HIGHEST_PROTOCOL))
        tmp.replace(path)
    except OSError:
        pass  # a read-only or full disk only costs the next start the parse
    return course
