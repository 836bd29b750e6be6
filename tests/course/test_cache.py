"""The parsed-course cache: used when nothing changed, refreshed on any edit, never fatal."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from nntutor.course.cache import load_course_cached

COURSE = Path(__file__).parents[1] / "app" / "course"


def test_cache_is_used_and_refreshed_on_edit(tmp_path):
    root = tmp_path / "course"
    shutil.copytree(COURSE, root)
    cache = tmp_path / "cache"
    first = load_course_cached(root, cache)
    assert len(list(cache.glob("course-*.json"))) == 1
    again = load_course_cached(root, cache)
    assert [lesson.id for lesson in again.lessons] == [lesson.id for lesson in first.lessons]
    toml = root / "01-intro" / "lesson.toml"
    toml.write_text(toml.read_text().replace("Why neural networks", "Why networks"))
    os.utime(toml, ns=(toml.stat().st_atime_ns, toml.stat().st_mtime_ns + 10**9))
    edited = load_course_cached(root, cache)
    assert edited.lesson("intro").title.get("en") == "Why networks"
    assert len(list(cache.glob("course-*.json"))) == 1  # the stale entry is gone


def test_broken_cache_file_is_ignored(tmp_path):
    cache = tmp_path / "cache"
    load_course_cached(COURSE, cache)
    for entry in cache.glob("course-*.json"):
        entry.write_bytes(b"not json")
    assert load_course_cached(COURSE, cache).lesson("intro") is not None


def test_unwritable_cache_dir_still_loads(tmp_path):
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the folder should be")
    assert load_course_cached(COURSE, blocker).lesson("neuron") is not None


def test_a_planted_cache_runs_nothing(tmp_path):
    """Nothing in the data folder is ever unpickled: another user's planted file cannot run code."""
    import pickle

    from nntutor.course.cache import fingerprint

    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    cache = tmp_path / "cache"
    cache.mkdir()
    import hashlib

    folder = hashlib.sha256(str(COURSE.resolve()).encode()).hexdigest()[:12]
    stem = f"course-{folder}-{fingerprint(COURSE)}"
    (cache / f"{stem}.pickle").write_bytes(pickle.dumps(Payload()))
    (cache / f"{stem}.json").write_text(
        '{"$": "Course", "root": {"$p": "/"}, "title": {"$": "Popen", "args": "id"},'
        ' "lessons": [], "problems": []}'
    )
    course = load_course_cached(COURSE, cache)
    assert not marker.exists()
    assert course.lesson("intro") is not None  # the planted entry was a miss: the course was parsed


def test_cache_files_are_private(tmp_path):
    cache = tmp_path / "cache"
    load_course_cached(COURSE, cache)
    (entry,) = cache.glob("course-*.json")
    assert entry.stat().st_mode & 0o777 == 0o600
    assert cache.stat().st_mode & 0o777 == 0o700


def test_the_builtin_course_round_trips_through_the_cache(tmp_path):
    """Every object of the built-in course can be cached (a kind whose data the cache cannot
    rebuild would make every start parse the course again)."""
    from nntutor.course.cache import _read
    from nntutor.course.loader import load_course
    from nntutor.paths import builtin_lessons_dir

    course = load_course(builtin_lessons_dir())
    load_course_cached(builtin_lessons_dir(), tmp_path)
    (entry,) = tmp_path.glob("course-*.json")
    assert _read(entry) == course
