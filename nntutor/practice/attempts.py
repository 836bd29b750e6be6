"""Attempts, hints and solution views: recording them and reading them back per exercise.

Recording an attempt also brings the exercise's review card and its skills'
mastery up to date, in the same transaction (see ``reviews``).
"""

from __future__ import annotations

import hashlib
import math
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from nntutor.practice import clock
from nntutor.practice.reviews import rebuild_card, rebuild_skill
from nntutor.practice.scheduling import rating_for
from nntutor.practice.schema import new_uid
from nntutor.practice.transactions import StoreBase, check_ids

# The worked solution is offered (not forced) after this many attempts.
SOLUTION_AFTER_ATTEMPTS = 3
_INT64 = 2**63


@dataclass(frozen=True)
class Attempt:
    id: int
    lesson_id: str
    exercise_id: str
    answer: str
    correct: bool
    feedback: str
    hints_used: int
    solution_seen: bool
    seed: int | None
    duration_s: float | None
    at: datetime
    skills: tuple[str, ...] = ()
    rating: int = 0  # the FSRS rating it gave the exercise's card (1 again .. 4 easy)
    uid: str = ""


@dataclass(frozen=True)
class ExerciseState:
    lesson_id: str
    exercise_id: str
    attempts: int
    wrong: int
    solved: bool
    last_answer: str | None
    last_correct: bool | None
    last_seed: int | None
    hints_shown: int  # how many hints the learner has seen (highest index shown + 1)
    solution_seen: bool

    def hints_offered(self, total: int) -> int:
        """Hints unlocked so far: one more after each wrong attempt, and any already shown."""
        return min(total, max(self.hints_shown, self.wrong))

    def solution_offered(self, after: int = SOLUTION_AFTER_ATTEMPTS) -> bool:
        """Whether to offer the worked solution unasked (it may always be requested)."""
        return self.solution_seen or self.solved or self.attempts >= after


class Attempts(StoreBase):
    """Record attempts, hints and solution views; read attempts and each exercise's state."""

    def record_attempt(
        self,
        lesson_id: str,
        exercise_id: str,
        answer: str,
        correct: bool,
        *,
        skills: Iterable[str] = (),
        feedback: str = "",
        hints_used: int = 0,
        solution_seen: bool = False,
        seed: int | None = None,
        duration_s: float | None = None,
        now: datetime | None = None,
    ) -> Attempt:
        """Record a graded attempt; it is on disk when this returns.

        In the same transaction the exercise's review card and the mastery of
        each skill are brought up to date.
        """
        at = clock.utc(now)
        check_ids(lesson_id, exercise_id)
        skill_list = clean_skills(skills)
        if isinstance(hints_used, bool) or not isinstance(hints_used, int) or hints_used < 0:
            raise ValueError("hints_used must be a whole number, 0 or more")
        if seed is not None and not -_INT64 <= seed < _INT64:
            raise ValueError("seed must fit in 64 bits")
        if duration_s is not None and not (math.isfinite(duration_s) and duration_s >= 0):
            raise ValueError("duration_s must be a finite number of seconds, not negative")
        duration_s = None if duration_s is None else float(duration_s)
        rating = rating_for(bool(correct), hints_used, bool(solution_seen), duration_s)
        uid = new_uid()
        with self._write() as conn:
            attempt_id = insert_attempt(
                conn,
                uid=uid,
                lesson_id=lesson_id,
                exercise_id=exercise_id,
                answer=str(answer),
                correct=bool(correct),
                feedback=str(feedback),
                skills=skill_list,
                hints_used=hints_used,
                solution_seen=bool(solution_seen),
                seed=seed,
                duration_s=duration_s,
                rating=rating,
                at=clock.iso(at),
            )
            rebuild_card(conn, lesson_id, exercise_id)
            for skill in skill_list:
                rebuild_skill(conn, skill)
        return Attempt(
            id=attempt_id,
            lesson_id=lesson_id,
            exercise_id=exercise_id,
            answer=str(answer),
            correct=bool(correct),
            feedback=str(feedback),
            hints_used=hints_used,
            solution_seen=bool(solution_seen),
            seed=seed,
            duration_s=duration_s,
            at=at,
            skills=tuple(skill_list),
            rating=rating,
            uid=uid,
        )

    def record_hint(
        self, lesson_id: str, exercise_id: str, index: int, now: datetime | None = None
    ) -> None:
        """The learner was shown hint ``index`` (0 = the first)."""
        if isinstance(index, bool) or not isinstance(index, int) or index < 0:
            raise ValueError("a hint index is a whole number, 0 or more")
        self._record_event("hint", lesson_id, exercise_id, index, now)

    def record_solution_viewed(
        self, lesson_id: str, exercise_id: str, now: datetime | None = None
    ) -> None:
        self._record_event("solution", lesson_id, exercise_id, None, now)

    def _record_event(
        self, kind: str, lesson_id: str, exercise_id: str, index: int | None, now
    ) -> None:
        at = clock.iso(clock.utc(now))
        check_ids(lesson_id, exercise_id)
        with self._write() as conn:
            conn.execute(
                "INSERT INTO events (uid, kind, lesson_id, exercise_id, idx, at) VALUES (?, ?, ?, ?, ?, ?)",
                (new_uid(), kind, lesson_id, exercise_id, index, at),
            )

    def attempts(
        self, lesson_id: str | None = None, exercise_id: str | None = None
    ) -> list[Attempt]:
        """Attempts, oldest first, optionally of one lesson or one exercise."""
        where, args = [], []
        if lesson_id is not None:
            where.append("lesson_id = ?")
            args.append(lesson_id)
        if exercise_id is not None:
            where.append("exercise_id = ?")
            args.append(exercise_id)
        sql = (
            "SELECT * FROM attempts"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY at, id"
        )
        with self._read() as conn:
            rows = conn.execute(sql, args).fetchall()
            skills = skills_of(conn, [row["id"] for row in rows])
        return [attempt_from_row(row, skills.get(row["id"], ())) for row in rows]

    def exercise_states(self, lesson_id: str) -> dict[str, ExerciseState]:
        """Per exercise of the lesson that has any record: attempts, solved, last answer, hints, solution."""
        with self._read() as conn:
            attempts = conn.execute(
                "SELECT exercise_id, answer, correct, seed, solution_seen FROM attempts "
                "WHERE lesson_id = ? ORDER BY at, id",
                (lesson_id,),
            ).fetchall()
            events = conn.execute(
                "SELECT exercise_id, kind, MAX(idx) AS top FROM events WHERE lesson_id = ? GROUP BY exercise_id, kind",
                (lesson_id,),
            ).fetchall()
        folded: dict[str, dict[str, Any]] = {}

        def entry(exercise_id: str) -> dict[str, Any]:
            return folded.setdefault(
                exercise_id,
                {
                    "attempts": 0,
                    "wrong": 0,
                    "solved": False,
                    "last_answer": None,
                    "last_correct": None,
                    "last_seed": None,
                    "hints_shown": 0,
                    "solution_seen": False,
                },
            )

        for row in attempts:
            e = entry(row["exercise_id"])
            e["attempts"] += 1
            e["wrong"] += not row["correct"]
            e["solved"] = e["solved"] or bool(row["correct"])
            e["last_answer"] = row["answer"]
            e["last_correct"] = bool(row["correct"])
            e["last_seed"] = row["seed"]
            e["solution_seen"] = e["solution_seen"] or bool(row["solution_seen"])
        for row in events:
            e = entry(row["exercise_id"])
            if row["kind"] == "hint":
                e["hints_shown"] = row["top"] + 1
            else:
                e["solution_seen"] = True
        return {
            ex: ExerciseState(lesson_id=lesson_id, exercise_id=ex, **e)
            for ex, e in sorted(folded.items())
        }

    def variant_seed(self, lesson_id: str, exercise_id: str) -> int:
        """The seed for the exercise's next randomised variant.

        Stable until an attempt is recorded (a restart shows the same variant),
        different for each attempt and for each learner's file.
        """
        with self._read() as conn:
            (count,) = conn.execute(
                "SELECT COUNT(*) FROM attempts WHERE lesson_id = ? AND exercise_id = ?",
                (lesson_id, exercise_id),
            ).fetchone()
        digest = hashlib.sha256(
            f"{self._origin}\0{lesson_id}\0{exercise_id}\0{count}".encode()
        ).digest()
        return int.from_bytes(digest[:8], "big") >> 1


def clean_skills(skills: Iterable[str]) -> list[str]:
    """The skill names stripped, without blanks or repeats, in their first order."""
    if isinstance(skills, str):
        skills = [skills]
    stripped = (str(skill).strip() for skill in skills)
    return list(dict.fromkeys(skill for skill in stripped if skill))


def insert_attempt(conn: sqlite3.Connection, *, skills: list[str], **fields: Any) -> int:
    cursor = conn.execute(
        "INSERT INTO attempts (uid, lesson_id, exercise_id, answer, correct, feedback, hints_used, "
        "solution_seen, seed, duration_s, rating, at) VALUES (:uid, :lesson_id, :exercise_id, :answer, "
        ":correct, :feedback, :hints_used, :solution_seen, :seed, :duration_s, :rating, :at)",
        fields,
    )
    attempt_id = cursor.lastrowid
    conn.executemany(
        "INSERT INTO attempt_skills (attempt_id, skill) VALUES (?, ?)",
        [(attempt_id, s) for s in skills],
    )
    return attempt_id


def skills_of(conn: sqlite3.Connection, attempt_ids: list[int]) -> dict[int, tuple[str, ...]]:
    if not attempt_ids:
        return {}
    out: dict[int, list[str]] = {}
    low, high = min(attempt_ids), max(attempt_ids)
    for attempt_id, skill in conn.execute(
        "SELECT attempt_id, skill FROM attempt_skills WHERE attempt_id BETWEEN ? AND ? ORDER BY rowid",
        (low, high),
    ):
        out.setdefault(attempt_id, []).append(skill)
    return {key: tuple(value) for key, value in out.items()}


def attempt_from_row(row: sqlite3.Row, skills: tuple[str, ...]) -> Attempt:
    return Attempt(
        id=row["id"],
        lesson_id=row["lesson_id"],
        exercise_id=row["exercise_id"],
        answer=row["answer"],
        correct=bool(row["correct"]),
        feedback=row["feedback"],
        hints_used=row["hints_used"],
        solution_seen=bool(row["solution_seen"]),
        seed=row["seed"],
        duration_s=row["duration_s"],
        at=clock.parse(row["at"]),
        skills=skills,
        rating=row["rating"],
        uid=row["uid"],
    )


def delete_attempts(conn: sqlite3.Connection, where: str, args: tuple) -> int:
    """Delete the attempts, events and cards matching ``where``; rebuild the skills they touched."""
    ids = [row[0] for row in conn.execute(f"SELECT id FROM attempts WHERE {where}", args)]
    skills = sorted(
        {
            row[0]
            for row in conn.execute(
                f"SELECT DISTINCT skill FROM attempt_skills WHERE attempt_id IN "
                f"(SELECT id FROM attempts WHERE {where})",
                args,
            )
        }
    )
    conn.execute(f"DELETE FROM attempts WHERE {where}", args)
    conn.execute(f"DELETE FROM events WHERE {where}", args)
    conn.execute(f"DELETE FROM cards WHERE {where}", args)
    for skill in skills:
        rebuild_skill(conn, skill)
    return len(ids)
