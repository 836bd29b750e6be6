"""Review cards and skill mastery: the caches derived from the attempts, and the queries on them.

Each exercise has an FSRS card (``scheduling``) and each skill a mastery state
(``mastery``); both are replayed from the attempts, in time order, whenever an
attempt is recorded, imported or forgotten, so they never disagree with the record.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from nntutor.practice import clock
from nntutor.practice.mastery import MasteryState, Outcome
from nntutor.practice.mastery import replay as replay_mastery
from nntutor.practice.scheduling import LEECH_LAPSES, replay_card
from nntutor.practice.transactions import StoreBase, local

# Attempts made outside the course's exercises, by lesson id: the lab's backprop replay
# records its predictions under "@lab" (a course's lesson ids are [a-z0-9-]: never this).
# They count for the skills' mastery, but there is no exercise to review, so they get no
# review card, and "@lab" is no lesson.
OUTSIDE_COURSE = frozenset({"@lab"})


@dataclass(frozen=True)
class ReviewItem:
    lesson_id: str
    exercise_id: str
    due: datetime
    lapses: int
    reviews: int

    @property
    def is_leech(self) -> bool:
        """Lapsed so often that re-reading the lesson will help more than another review."""
        return self.lapses >= LEECH_LAPSES


class Reviews(StoreBase):
    """What is due for review, the leeches, the forecast, and each skill's mastery."""

    def due_reviews(
        self, now: datetime | None = None, limit: int | None = None
    ) -> list[ReviewItem]:
        """Exercises due for review at ``now``, across all lessons, most overdue first."""
        sql = "SELECT * FROM cards WHERE due <= ? ORDER BY due, lesson_id, exercise_id"
        args: list[Any] = [clock.iso(clock.utc(now))]
        if limit is not None:
            sql += " LIMIT ?"
            args.append(max(0, int(limit)))
        with self._read() as conn:
            rows = conn.execute(sql, args).fetchall()
        return [review_item(row) for row in rows]

    def leeches(self) -> list[ReviewItem]:
        """Exercises that lapsed ``LEECH_LAPSES`` times or more, due or not."""
        with self._read() as conn:
            rows = conn.execute(
                "SELECT * FROM cards WHERE lapses >= ? ORDER BY lesson_id, exercise_id",
                (LEECH_LAPSES,),
            ).fetchall()
        return [review_item(row) for row in rows]

    def review_forecast(
        self, days: int = 7, now: datetime | None = None, tz: tzinfo | None = None
    ) -> list[tuple[date, int]]:
        """Reviews due per calendar day for ``days`` days from today; today includes the overdue.

        Days are in ``tz`` (the computer's local time zone when None).
        """
        moment = clock.utc(now)
        today = local(moment, tz).date()
        counts = {today + timedelta(days=i): 0 for i in range(max(0, days))}
        with self._read() as conn:
            dues = conn.execute("SELECT due FROM cards").fetchall()
        for (due,) in dues:
            day = max(local(clock.parse(due), tz).date(), today)
            if day in counts:
                counts[day] += 1
        return list(counts.items())

    def mastery(self) -> dict[str, MasteryState]:
        """Every skill practised so far; a skill not listed is "new"."""
        with self._read() as conn:
            rows = conn.execute("SELECT * FROM skills ORDER BY skill").fetchall()
        return {
            row["skill"]: MasteryState(
                skill=row["skill"],
                level=row["level"],
                score=row["score"],
                attempts=row["attempts"],
                correct=row["correct"],
                unaided_days=row["unaided_days"],
            )
            for row in rows
        }


def review_item(row: sqlite3.Row) -> ReviewItem:
    return ReviewItem(
        lesson_id=row["lesson_id"],
        exercise_id=row["exercise_id"],
        due=clock.parse(row["due"]),
        lapses=row["lapses"],
        reviews=row["reviews"],
    )


def rebuild_card(conn: sqlite3.Connection, lesson_id: str, exercise_id: str) -> None:
    rows = conn.execute(
        "SELECT at, rating FROM attempts WHERE lesson_id = ? AND exercise_id = ? ORDER BY at, id",
        (lesson_id, exercise_id),
    ).fetchall()
    if lesson_id in OUTSIDE_COURSE:
        rows = []
    state = replay_card((clock.parse(at), rating) for at, rating in rows)
    if state is None:
        conn.execute(
            "DELETE FROM cards WHERE lesson_id = ? AND exercise_id = ?", (lesson_id, exercise_id)
        )
        return
    conn.execute(
        "INSERT OR REPLACE INTO cards (lesson_id, exercise_id, card, due, lapses, reviews) VALUES (?, ?, ?, ?, ?, ?)",
        (
            lesson_id,
            exercise_id,
            json.dumps(state.card),
            clock.iso(state.due),
            state.lapses,
            state.reviews,
        ),
    )


def rebuild_skill(conn: sqlite3.Connection, skill: str) -> None:
    rows = conn.execute(
        "SELECT a.at, a.correct, a.hints_used, a.solution_seen FROM attempts a "
        "JOIN attempt_skills s ON s.attempt_id = a.id WHERE s.skill = ? ORDER BY a.at, a.id",
        (skill,),
    ).fetchall()
    state = replay_mastery(
        skill,
        (Outcome(clock.parse(at), bool(ok), hints, bool(seen)) for at, ok, hints, seen in rows),
    )
    if state.attempts == 0:
        conn.execute("DELETE FROM skills WHERE skill = ?", (skill,))
        return
    conn.execute(
        "INSERT OR REPLACE INTO skills (skill, level, score, attempts, correct, unaided_days) VALUES (?, ?, ?, ?, ?, ?)",
        (skill, state.level, state.score, state.attempts, state.correct, state.unaided_days),
    )


def rebuild_all(conn: sqlite3.Connection) -> None:
    conn.execute("DELETE FROM cards")
    conn.execute("DELETE FROM skills")
    for lesson_id, exercise_id in conn.execute(
        "SELECT DISTINCT lesson_id, exercise_id FROM attempts"
    ).fetchall():
        rebuild_card(conn, lesson_id, exercise_id)
    for (skill,) in conn.execute("SELECT DISTINCT skill FROM attempt_skills").fetchall():
        rebuild_skill(conn, skill)
