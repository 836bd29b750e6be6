"""The learner's record: one SQLite file per profile in the data folder.

``ProgressStore`` is the one door the app and the commands use. It composes the
store's parts, each a mixin over one shared connection (``transactions``):

- ``attempts``: attempts, hints and solution views, each exercise's state;
- ``reviews``: review cards and skill mastery (derived from the attempts) and their queries;
- ``lessons``: completed lessons, positions, time spent;
- ``profiles``: profile file names and a profile's settings (the streak);
- ``transfer``: the export file, and export and import;
- ``schema`` and ``opening``: the tables and migrations, and opening a file safely.

Every write is one ``BEGIN IMMEDIATE`` transaction committed with
``synchronous=FULL`` before the method returns, so an answer whose feedback the
learner saw survives ``kill -9`` and a power cut. WAL mode and a busy timeout
let two nntutor processes (two SSH sessions) share the file; one connection
behind a lock lets the app's worker threads share a store.

Opening never fails because of the file: a damaged file, or one from a newer
nntutor, is renamed aside (kept, never deleted) and a fresh one started; if the
folder cannot be written at all, the store lives in memory for the session.
Either way ``store.notice`` says so in plain words. See docs/progress.md.
"""

from __future__ import annotations

import math
import os
import sqlite3
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from nntutor.practice import clock
from nntutor.practice.attempts import (
    SOLUTION_AFTER_ATTEMPTS,
    Attempt,
    Attempts,
    ExerciseState,
    delete_attempts,
)
from nntutor.practice.lessons import LessonProgress, Position
from nntutor.practice.mastery import MasteryState
from nntutor.practice.opening import (
    BUSY_TIMEOUT_MS,
    StoreNotice,
    open_lock,
    open_prepared,
    prepare,
    probe,
    set_aside,
)
from nntutor.practice.profiles import DEFAULT_PROFILE, ProfileSettings, file_name, list_profiles
from nntutor.practice.reviews import ReviewItem, Reviews
from nntutor.practice.schema import Damaged
from nntutor.practice.transfer import ImportReport, Transfer

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = [
    "BUSY_TIMEOUT_MS",
    "DEFAULT_PROFILE",
    "SOLUTION_AFTER_ATTEMPTS",
    "Attempt",
    "ExerciseState",
    "ImportReport",
    "MasteryState",
    "Position",
    "ProgressStore",
    "ReviewItem",
    "StoreNotice",
    "file_name",
]


class ProgressStore(Attempts, Reviews, LessonProgress, ProfileSettings, Transfer):
    """Open with ``ProgressStore.open(data_dir, profile)``; every method is thread-safe."""

    # ---- opening -------------------------------------------------------------------------

    @classmethod
    def open(cls, data_dir: str | os.PathLike, profile: str = DEFAULT_PROFILE) -> ProgressStore:
        path = Path(data_dir) / file_name(profile)
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as error:
            return cls._unavailable(path, profile, error.strerror or str(error))
        with open_lock(path):
            try:
                damage = probe(path)
                if damage is None:
                    return cls(open_prepared(path), path, profile, None)
            except (OSError, sqlite3.Error, Damaged) as error:
                return cls._unavailable(path, profile, str(error))
            try:
                moved_to = set_aside(path, damage.kind)
                conn = open_prepared(path)
            except (OSError, sqlite3.Error, Damaged) as error:
                return cls._unavailable(path, profile, f"{damage.detail}; then: {error}")
            return cls(conn, path, profile, StoreNotice(damage.kind, path, moved_to, damage.detail))

    @classmethod
    def in_memory(
        cls, profile: str = DEFAULT_PROFILE, notice: StoreNotice | None = None
    ) -> ProgressStore:
        """A store that keeps nothing after ``close`` (tests, and the fallback when no file can be used)."""
        conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA foreign_keys = ON")
        prepare(conn)
        return cls(conn, None, profile, notice)

    @classmethod
    def _unavailable(cls, path: Path, profile: str, detail: str) -> ProgressStore:
        return cls.in_memory(profile, StoreNotice("unavailable", path, None, detail))

    @staticmethod
    def profiles(data_dir: str | os.PathLike) -> list[str]:
        """The profiles that have a progress file in ``data_dir``."""
        return list_profiles(data_dir)

    @property
    def notice(self) -> str | None:
        """A plain-words message for the learner when the file could not be used as it was."""
        return self.problem.message("en") if self.problem else None

    def notice_in(self, lang: str) -> str | None:
        return self.problem.message(lang) if self.problem else None

    @property
    def persistent(self) -> bool:
        """False when the record lives in memory only and ends with the session."""
        return self.path is not None

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- resets --------------------------------------------------------------------------

    def reset_exercise(self, lesson_id: str, exercise_id: str) -> int:
        """Forget one exercise: its attempts, hints, solution views and review card. Returns attempts removed."""
        with self._write() as conn:
            return delete_attempts(
                conn, "lesson_id = ? AND exercise_id = ?", (lesson_id, exercise_id)
            )

    def reset_lesson(self, lesson_id: str) -> int:
        """Forget a lesson: its exercises, completion, position and time. Returns attempts removed."""
        with self._write() as conn:
            removed = delete_attempts(conn, "lesson_id = ?", (lesson_id,))
            for table in ("lessons", "positions", "time_spent"):
                conn.execute(f"DELETE FROM {table} WHERE lesson_id = ?", (lesson_id,))
            return removed

    def reset_all(self) -> int:
        """Forget the whole record of this profile (settings such as the streak switch stay)."""
        with self._write() as conn:
            (removed,) = conn.execute("SELECT COUNT(*) FROM attempts").fetchone()
            for table in (
                "attempt_skills",
                "attempts",
                "events",
                "lessons",
                "positions",
                "time_spent",
                "cards",
                "skills",
            ):
                conn.execute(f"DELETE FROM {table}")
            return removed

    # ---- summary -------------------------------------------------------------------------

    def summary(self, now: datetime | None = None, days: int = 7, tz: tzinfo | None = None) -> dict:
        """Everything the progress overview shows, as JSON-ready data (``nntutor progress --json``)."""
        moment = clock.utc(now)
        statuses = self.lesson_statuses()
        time_per_lesson = self.time_spent()
        with self._read() as conn:
            per_lesson = conn.execute(
                "SELECT lesson_id, COUNT(*), SUM(correct), COUNT(DISTINCT exercise_id) FROM attempts GROUP BY lesson_id"
            ).fetchall()
            solved = dict(
                conn.execute(
                    "SELECT lesson_id, COUNT(DISTINCT exercise_id) FROM attempts WHERE correct GROUP BY lesson_id"
                ).fetchall()
            )
        counts = {row[0]: row[1:] for row in per_lesson}
        lessons = {}
        for lesson_id, status in statuses.items():
            total, correct, exercises = counts.get(lesson_id, (0, 0, 0))
            lessons[lesson_id] = {
                "status": status,
                "attempts": total,
                "correct": correct or 0,
                "exercises_attempted": exercises,
                "exercises_solved": solved.get(lesson_id, 0),
                "time_s": round(time_per_lesson.get(lesson_id, 0.0), 1),
            }
        return {
            "profile": self.profile,
            "lessons": lessons,
            "attempts": {
                "total": sum(row[1] for row in per_lesson),
                "correct": sum(row[2] or 0 for row in per_lesson),
            },
            "skills": {
                skill: {
                    "level": state.level,
                    "score": state.score,
                    "progress": state.progress,
                    "attempts": state.attempts,
                    "correct": state.correct,
                }
                for skill, state in self.mastery().items()
            },
            "reviews": {
                "due_now": len(self.due_reviews(moment)),
                "forecast": [
                    {"date": day.isoformat(), "due": count}
                    for day, count in self.review_forecast(days, moment, tz)
                ],
                "leeches": [
                    {
                        "lesson_id": item.lesson_id,
                        "exercise_id": item.exercise_id,
                        "lapses": item.lapses,
                    }
                    for item in self.leeches()
                ],
            },
            "time_spent_s": round(math.fsum(time_per_lesson.values()), 1),
            "streak": self.streak(moment, tz),
        }
