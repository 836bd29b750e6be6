"""Lesson progress: completed lessons, where the learner is in each, and the time spent.

Time is kept per origin (the file that recorded it), lesson and day, so that
merging two machines' exports adds their time without counting any twice.
"""

from __future__ import annotations

import math
import sqlite3
from dataclasses import dataclass
from datetime import datetime

from nntutor.practice import clock
from nntutor.practice.reviews import OUTSIDE_COURSE
from nntutor.practice.transactions import StoreBase, check_ids

_MAX_TIME_PER_CALL_S = 24 * 3600
# What one stored row of time may count for when read back: a year. A row beyond it
# (a file imported before import checked it) is read as this much, so that the
# sums stay finite.
MAX_STORED_SECONDS = 366 * 24 * 3600


@dataclass(frozen=True)
class Position:
    lesson_id: str
    section: str | None
    at: datetime


class LessonProgress(StoreBase):
    """Completions, positions and time spent, per lesson."""

    def mark_lesson_complete(self, lesson_id: str, now: datetime | None = None) -> None:
        """Mark the lesson completed; the first completion time is kept."""
        at = clock.iso(clock.utc(now))
        check_ids(lesson_id)
        with self._write() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO lessons (lesson_id, completed_at) VALUES (?, ?)",
                (lesson_id, at),
            )

    def lesson_status(self, lesson_id: str) -> str:
        """``"new"``, ``"started"`` (anything recorded) or ``"completed"``."""
        return self.lesson_statuses().get(lesson_id, "new")

    def lesson_statuses(self) -> dict[str, str]:
        """Every lesson with any record, by id; lessons not listed are new."""
        with self._read() as conn:
            started = conn.execute(
                "SELECT lesson_id FROM attempts UNION SELECT lesson_id FROM events "
                "UNION SELECT lesson_id FROM positions UNION SELECT lesson_id FROM time_spent WHERE lesson_id != ''"
            ).fetchall()
            completed = conn.execute("SELECT lesson_id FROM lessons").fetchall()
        statuses = {row[0]: "started" for row in started if row[0] not in OUTSIDE_COURSE}
        statuses.update({row[0]: "completed" for row in completed})
        return dict(sorted(statuses.items()))

    def set_position(
        self, lesson_id: str, section: str | None = None, now: datetime | None = None
    ) -> None:
        """Where the learner is: the lesson and the section (heading) being read."""
        at = clock.iso(clock.utc(now))
        check_ids(lesson_id)
        with self._write() as conn:
            conn.execute(
                "INSERT INTO positions (lesson_id, section, at) VALUES (?, ?, ?) "
                "ON CONFLICT (lesson_id) DO UPDATE SET section = excluded.section, at = excluded.at",
                (lesson_id, section, at),
            )

    def last_position(self) -> Position | None:
        """The most recent position in any lesson."""
        with self._read() as conn:
            row = conn.execute("SELECT * FROM positions ORDER BY at DESC LIMIT 1").fetchone()
        return position_from_row(row)

    def position(self, lesson_id: str) -> Position | None:
        """The last position within one lesson."""
        with self._read() as conn:
            row = conn.execute(
                "SELECT * FROM positions WHERE lesson_id = ?", (lesson_id,)
            ).fetchone()
        return position_from_row(row)

    def add_time(
        self, seconds: float, lesson_id: str | None = None, now: datetime | None = None
    ) -> None:
        """Add time spent (in a lesson, or outside one when ``lesson_id`` is None)."""
        if not isinstance(seconds, (int, float)) or not math.isfinite(seconds) or seconds <= 0:
            return
        seconds = min(float(seconds), _MAX_TIME_PER_CALL_S)
        day = clock.utc(now).date().isoformat()
        with self._write() as conn:
            conn.execute(
                "INSERT INTO time_spent (origin, lesson_id, day, seconds) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (origin, lesson_id, day) DO UPDATE SET seconds = seconds + excluded.seconds",
                (self._origin, lesson_id or "", day, seconds),
            )

    def time_spent(self) -> dict[str, float]:
        """Seconds spent per lesson id (``""`` for time outside any lesson)."""
        with self._read() as conn:
            rows = conn.execute(
                "SELECT lesson_id, seconds FROM time_spent ORDER BY lesson_id"
            ).fetchall()
        per: dict[str, list[float]] = {}
        for lesson_id, seconds in rows:
            per.setdefault(lesson_id, []).append(readable_seconds(seconds))
        return {lesson_id: math.fsum(values) for lesson_id, values in per.items()}

    def total_time(self) -> float:
        return math.fsum(self.time_spent().values())


def position_from_row(row: sqlite3.Row | None) -> Position | None:
    if row is None:
        return None
    return Position(lesson_id=row["lesson_id"], section=row["section"], at=clock.parse(row["at"]))


def readable_seconds(value: object) -> float:
    """A stored number of seconds as a finite float from 0 to ``MAX_STORED_SECONDS``."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return 0.0
    seconds = float(value)
    if math.isnan(seconds) or seconds <= 0:
        return 0.0
    return min(seconds, MAX_STORED_SECONDS)
