"""The data folder (writable, free space, profiles) and the course (can it be read)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from nntutor.doctor.result import OK, PROBLEM, Check


def data_checks(data_dir: Path, lessons: Path | None = None) -> list[Check]:
    section = "Data and course"
    checks = []
    existing = data_dir
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    fix_dir = (
        "Choose a folder you can write to: nntutor --data-dir DIR (or export NNTUTOR_DATA_DIR=DIR)."
    )
    if not existing.is_dir():
        checks.append(
            Check(section, "data-dir", PROBLEM, f"{data_dir}: {existing} is not a folder", fix_dir)
        )
    elif not _writable(existing):
        checks.append(
            Check(section, "data-dir", PROBLEM, f"{data_dir}: cannot write in {existing}", fix_dir)
        )
    else:
        from nntutor.practice.store import ProgressStore

        profiles = ProgressStore.profiles(data_dir) if data_dir.is_dir() else []
        state = (
            (f"profiles: {', '.join(profiles)}" if profiles else "no progress yet")
            if data_dir.is_dir()
            else "will be created on first run"
        )
        checks.append(
            Check(
                section,
                "data-dir",
                OK,
                f"{data_dir} ({state})",
                details={"path": str(data_dir), "profiles": profiles},
            )
        )
        free = shutil.disk_usage(existing).free
        if free < 50 * 1024**2:
            checks.append(
                Check(
                    section,
                    "disk",
                    PROBLEM,
                    f"only {free / 1024**2:.0f} MB free where progress is stored",
                    "Free some space, or move progress elsewhere with --data-dir DIR.",
                )
            )
    try:
        from nntutor.course.loader import load_course
        from nntutor.paths import lessons_dir

        course = load_course(lessons_dir(lessons))
    except Exception as exc:  # noqa: BLE001 - a broken course must not stop the other checks
        checks.append(
            Check(
                section,
                "course",
                PROBLEM,
                f"the course could not be read: {exc}",
                "Run nntutor lessons validate for details.",
            )
        )
        return checks
    available = sum(1 for lesson in course.lessons if lesson.available)
    message = f"{course.root}: {available} of {len(course.lessons)} lessons can be opened"
    if course.problems or available < len(course.lessons):
        checks.append(
            Check(
                section,
                "course",
                PROBLEM,
                message + f", {len(course.problems)} problem(s)",
                "Run nntutor lessons validate to see each problem and where it is.",
            )
        )
    else:
        checks.append(
            Check(section, "course", OK, message, details={"lessons": len(course.lessons)})
        )
    return checks


def _writable(folder: Path) -> bool:
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".nntutor-doctor-"):
            return True
    except OSError:
        return False
