"""The learner's record: one SQLite file per profile in the data folder.

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

import json
import math
import os
import re
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nntutor.practice import clock, schema, transfer
from nntutor.practice.mastery import MasteryState, Outcome
from nntutor.practice.mastery import replay as replay_mastery
from nntutor.practice.scheduling import LEECH_LAPSES, rating_for, replay_card

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = [
    "Attempt",
    "ExerciseState",
    "ImportReport",
    "MasteryState",
    "Position",
    "ProgressStore",
    "ReviewItem",
    "StoreNotice",
]

DEFAULT_PROFILE = "default"
BUSY_TIMEOUT_MS = 10_000
# The worked solution is offered (not forced) after this many attempts.
SOLUTION_AFTER_ATTEMPTS = 3
_PROFILE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,39}")
_MAX_TIME_PER_CALL_S = 24 * 3600
_INT64 = 2**63


def file_name(profile: str = DEFAULT_PROFILE) -> str:
    """``progress.sqlite3`` for the default profile, ``progress-NAME.sqlite3`` for others."""
    if not _PROFILE.fullmatch(profile):
        raise ValueError(
            f"profile name {profile!r}: use 1-40 letters, digits, '-' or '_', starting with a letter or digit"
        )
    return "progress.sqlite3" if profile == DEFAULT_PROFILE else f"progress-{profile}.sqlite3"


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


@dataclass(frozen=True)
class Position:
    lesson_id: str
    section: str | None
    at: datetime


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


@dataclass(frozen=True)
class ImportReport:
    attempts_added: int
    attempts_already_present: int
    events_added: int
    lessons_completed_added: int


_MESSAGES = {
    "corrupt": {
        "en": "Your progress file could not be read (it looks damaged), so nntutor started a fresh "
        "record. The old file was kept, not deleted: {moved_to}",
        "ru": "Файл с вашим прогрессом не читается (похоже, он повреждён), поэтому nntutor начал "
        "новую запись. Старый файл сохранён, а не удалён: {moved_to}",
    },
    "newer": {
        "en": "Your progress file was written by a newer version of nntutor, which this version "
        "cannot read, so nntutor started a fresh record. The file was kept unchanged: {moved_to}. "
        "Update nntutor and move it back to {path} to continue from it.",
        "ru": "Файл с вашим прогрессом записан более новой версией nntutor, и эта версия не может "
        "его прочитать, поэтому nntutor начал новую запись. Файл сохранён без изменений: "
        "{moved_to}. Обновите nntutor и верните его на место ({path}), чтобы продолжить с него.",
    },
    "unavailable": {
        "en": "nntutor could not open your progress file {path} ({detail}). You can keep working, "
        "but progress made now will not be saved. Use --data-dir to choose another folder.",
        "ru": "nntutor не может открыть файл с вашим прогрессом {path} ({detail}). Работать можно, "
        "но прогресс этой сессии не сохранится. Другую папку можно указать через --data-dir.",
    },
}


@dataclass(frozen=True)
class StoreNotice:
    """Why the store is not simply the file it was asked to open."""

    kind: str  # "corrupt" | "newer" | "unavailable"
    path: Path
    moved_to: Path | None
    detail: str

    def message(self, lang: str = "en") -> str:
        texts = _MESSAGES[self.kind]
        return texts.get(lang, texts["en"]).format(
            path=self.path, moved_to=self.moved_to, detail=self.detail
        )


class _Damaged(Exception):
    def __init__(self, kind: str, detail: str):
        super().__init__(detail)
        self.kind = kind
        self.detail = detail


def _is_damage(error: sqlite3.DatabaseError) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)
    text = str(error).lower()
    return "not a database" in text or "malformed" in text


class ProgressStore:
    """Open with ``ProgressStore.open(data_dir, profile)``; every method is thread-safe."""

    def __init__(
        self, conn: sqlite3.Connection, path: Path | None, profile: str, problem: StoreNotice | None
    ):
        self._conn = conn
        self._lock = threading.RLock()
        self.path = path
        self.profile = profile
        self.problem = problem
        self._origin = conn.execute("SELECT value FROM meta WHERE key = 'origin'").fetchone()[0]

    # ---- opening -------------------------------------------------------------------------

    @classmethod
    def open(cls, data_dir: str | os.PathLike, profile: str = DEFAULT_PROFILE) -> ProgressStore:
        path = Path(data_dir) / file_name(profile)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            return cls._unavailable(path, profile, error.strerror or str(error))
        with _open_lock(path):
            try:
                damage = _probe(path)
                if damage is None:
                    return cls(_open_prepared(path), path, profile, None)
            except (OSError, sqlite3.Error, _Damaged) as error:
                return cls._unavailable(path, profile, str(error))
            try:
                moved_to = _set_aside(path, damage.kind)
                conn = _open_prepared(path)
            except (OSError, sqlite3.Error, _Damaged) as error:
                return cls._unavailable(path, profile, f"{damage.detail}; then: {error}")
            return cls(conn, path, profile, StoreNotice(damage.kind, path, moved_to, damage.detail))

    @classmethod
    def in_memory(
        cls, profile: str = DEFAULT_PROFILE, notice: StoreNotice | None = None
    ) -> ProgressStore:
        """A store that keeps nothing after ``close`` (tests, and the fallback when no file can be used)."""
        conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA foreign_keys = ON")
        _prepare(conn)
        return cls(conn, None, profile, notice)

    @classmethod
    def _unavailable(cls, path: Path, profile: str, detail: str) -> ProgressStore:
        return cls.in_memory(profile, StoreNotice("unavailable", path, None, detail))

    @staticmethod
    def profiles(data_dir: str | os.PathLike) -> list[str]:
        """The profiles that have a progress file in ``data_dir``."""
        found = []
        for path in Path(data_dir).glob("progress*.sqlite3"):
            name = path.name[len("progress") : -len(".sqlite3")]
            if name == "":
                found.append(DEFAULT_PROFILE)
            elif name.startswith("-") and _PROFILE.fullmatch(name[1:]):
                found.append(name[1:])
        return sorted(found)

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

    # ---- transactions --------------------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            conn = self._conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """One snapshot for several queries."""
        with self._lock:
            conn = self._conn
            conn.execute("BEGIN")
            try:
                yield conn
            finally:
                if conn.in_transaction:
                    conn.execute("COMMIT")

    # ---- attempts ------------------------------------------------------------------------

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
        _check_ids(lesson_id, exercise_id)
        skill_list = _clean_skills(skills)
        if isinstance(hints_used, bool) or not isinstance(hints_used, int) or hints_used < 0:
            raise ValueError("hints_used must be a whole number, 0 or more")
        if seed is not None and not -_INT64 <= seed < _INT64:
            raise ValueError("seed must fit in 64 bits")
        if duration_s is not None and not (math.isfinite(duration_s) and duration_s >= 0):
            raise ValueError("duration_s must be a finite number of seconds, not negative")
        duration_s = None if duration_s is None else float(duration_s)
        rating = rating_for(bool(correct), hints_used, bool(solution_seen), duration_s)
        uid = _new_uid()
        with self._write() as conn:
            attempt_id = _insert_attempt(
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
            _rebuild_card(conn, lesson_id, exercise_id)
            for skill in skill_list:
                _rebuild_skill(conn, skill)
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
        _check_ids(lesson_id, exercise_id)
        with self._write() as conn:
            conn.execute(
                "INSERT INTO events (uid, kind, lesson_id, exercise_id, idx, at) VALUES (?, ?, ?, ?, ?, ?)",
                (_new_uid(), kind, lesson_id, exercise_id, index, at),
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
            skills = _skills_of(conn, [row["id"] for row in rows])
        return [_attempt(row, skills.get(row["id"], ())) for row in rows]

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
        import hashlib

        digest = hashlib.sha256(
            f"{self._origin}\0{lesson_id}\0{exercise_id}\0{count}".encode()
        ).digest()
        return int.from_bytes(digest[:8], "big") >> 1

    # ---- lessons and position ------------------------------------------------------------

    def mark_lesson_complete(self, lesson_id: str, now: datetime | None = None) -> None:
        """Mark the lesson completed; the first completion time is kept."""
        at = clock.iso(clock.utc(now))
        _check_ids(lesson_id)
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
        statuses = {row[0]: "started" for row in started}
        statuses.update({row[0]: "completed" for row in completed})
        return dict(sorted(statuses.items()))

    def set_position(
        self, lesson_id: str, section: str | None = None, now: datetime | None = None
    ) -> None:
        """Where the learner is: the lesson and the section (heading) being read."""
        at = clock.iso(clock.utc(now))
        _check_ids(lesson_id)
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
        return _position(row)

    def position(self, lesson_id: str) -> Position | None:
        """The last position within one lesson."""
        with self._read() as conn:
            row = conn.execute(
                "SELECT * FROM positions WHERE lesson_id = ?", (lesson_id,)
            ).fetchone()
        return _position(row)

    # ---- review --------------------------------------------------------------------------

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
        return [_review_item(row) for row in rows]

    def leeches(self) -> list[ReviewItem]:
        """Exercises that lapsed ``LEECH_LAPSES`` times or more, due or not."""
        with self._read() as conn:
            rows = conn.execute(
                "SELECT * FROM cards WHERE lapses >= ? ORDER BY lesson_id, exercise_id",
                (LEECH_LAPSES,),
            ).fetchall()
        return [_review_item(row) for row in rows]

    def review_forecast(
        self, days: int = 7, now: datetime | None = None, tz: tzinfo | None = None
    ) -> list[tuple[date, int]]:
        """Reviews due per calendar day for ``days`` days from today; today includes the overdue.

        Days are in ``tz`` (the computer's local time zone when None).
        """
        moment = clock.utc(now)
        today = _local(moment, tz).date()
        counts = {today + timedelta(days=i): 0 for i in range(max(0, days))}
        with self._read() as conn:
            dues = conn.execute("SELECT due FROM cards").fetchall()
        for (due,) in dues:
            day = max(_local(clock.parse(due), tz).date(), today)
            if day in counts:
                counts[day] += 1
        return list(counts.items())

    # ---- mastery -------------------------------------------------------------------------

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

    # ---- time, streak, settings ----------------------------------------------------------

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
            per.setdefault(lesson_id, []).append(seconds)
        return {lesson_id: math.fsum(values) for lesson_id, values in per.items()}

    def total_time(self) -> float:
        return math.fsum(self.time_spent().values())

    def get_setting(self, key: str, default: Any = None) -> Any:
        with self._read() as conn:
            row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return default if row is None else json.loads(row[0])

    def set_setting(self, key: str, value: Any) -> None:
        text = json.dumps(value)
        with self._write() as conn:
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, text),
            )

    @property
    def streak_enabled(self) -> bool:
        return bool(self.get_setting("streak", False))

    def set_streak_enabled(self, enabled: bool) -> None:
        self.set_setting("streak", bool(enabled))

    def streak(self, now: datetime | None = None, tz: tzinfo | None = None) -> int | None:
        """Days in a row with at least one attempt, up to today (or yesterday, while today is young).

        None unless the learner turned the streak on.
        """
        if not self.streak_enabled:
            return None
        moment = clock.utc(now)
        with self._read() as conn:
            rows = conn.execute(
                "SELECT at FROM attempts WHERE at <= ?", (clock.iso(moment),)
            ).fetchall()
        days = {_local(clock.parse(at), tz).date() for (at,) in rows}
        day = _local(moment, tz).date()
        if day not in days:
            day -= timedelta(days=1)
        count = 0
        while day in days:
            count += 1
            day -= timedelta(days=1)
        return count

    # ---- resets --------------------------------------------------------------------------

    def reset_exercise(self, lesson_id: str, exercise_id: str) -> int:
        """Forget one exercise: its attempts, hints, solution views and review card. Returns attempts removed."""
        with self._write() as conn:
            return _delete(conn, "lesson_id = ? AND exercise_id = ?", (lesson_id, exercise_id))

    def reset_lesson(self, lesson_id: str) -> int:
        """Forget a lesson: its exercises, completion, position and time. Returns attempts removed."""
        with self._write() as conn:
            removed = _delete(conn, "lesson_id = ?", (lesson_id,))
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

    # ---- export and import ---------------------------------------------------------------

    def export_dict(self, now: datetime | None = None) -> dict:
        """The whole record as JSON-ready data (see ``nntutor.practice.transfer``)."""
        with self._read() as conn:
            rows = conn.execute("SELECT * FROM attempts ORDER BY at, id").fetchall()
            skills = _skills_of(conn, [row["id"] for row in rows])
            events = conn.execute("SELECT * FROM events ORDER BY at, id").fetchall()
            lessons = conn.execute("SELECT * FROM lessons ORDER BY lesson_id").fetchall()
            positions = conn.execute("SELECT * FROM positions ORDER BY lesson_id").fetchall()
            time_rows = conn.execute(
                "SELECT * FROM time_spent ORDER BY origin, lesson_id, day"
            ).fetchall()
            settings = conn.execute("SELECT key, value FROM settings ORDER BY key").fetchall()
        return {
            "format": transfer.FORMAT,
            "version": transfer.VERSION,
            "exported_at": clock.iso(clock.utc(now)),
            "profile": self.profile,
            "attempts": [
                {
                    "uid": row["uid"],
                    "lesson_id": row["lesson_id"],
                    "exercise_id": row["exercise_id"],
                    "answer": row["answer"],
                    "correct": bool(row["correct"]),
                    "feedback": row["feedback"],
                    "skills": list(skills.get(row["id"], ())),
                    "hints_used": row["hints_used"],
                    "solution_seen": bool(row["solution_seen"]),
                    "seed": row["seed"],
                    "duration_s": row["duration_s"],
                    "rating": row["rating"],
                    "at": row["at"],
                }
                for row in rows
            ],
            "events": [
                {
                    "uid": row["uid"],
                    "kind": row["kind"],
                    "lesson_id": row["lesson_id"],
                    "exercise_id": row["exercise_id"],
                    "index": row["idx"],
                    "at": row["at"],
                }
                for row in events
            ],
            "lessons": [dict(row) for row in lessons],
            "positions": [dict(row) for row in positions],
            "time": [dict(row) for row in time_rows],
            "settings": {key: json.loads(value) for key, value in settings},
        }

    def import_dict(self, data: Any) -> ImportReport:
        """Merge an export into this store: all of it or, if it does not validate, none of it.

        Attempts and events already present (same uid) are skipped, so importing
        twice changes nothing. Raises ``transfer.InvalidProgressFile``.
        """
        data = transfer.validate(data)
        added = present = events_added = completed_added = 0
        with self._write() as conn:
            for attempt in data["attempts"]:
                if conn.execute(
                    "SELECT 1 FROM attempts WHERE uid = ?", (attempt["uid"],)
                ).fetchone():
                    present += 1
                    continue
                _insert_attempt(conn, **{**attempt, "skills": _clean_skills(attempt["skills"])})
                added += 1
            for event in data["events"]:
                cursor = conn.execute(
                    "INSERT OR IGNORE INTO events (uid, kind, lesson_id, exercise_id, idx, at) VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        event["uid"],
                        event["kind"],
                        event["lesson_id"],
                        event["exercise_id"],
                        event["index"],
                        event["at"],
                    ),
                )
                events_added += cursor.rowcount
            for lesson in data["lessons"]:
                known = conn.execute(
                    "SELECT 1 FROM lessons WHERE lesson_id = ?", (lesson["lesson_id"],)
                ).fetchone()
                completed_added += known is None
                conn.execute(
                    "INSERT INTO lessons (lesson_id, completed_at) VALUES (?, ?) ON CONFLICT (lesson_id) "
                    "DO UPDATE SET completed_at = MIN(completed_at, excluded.completed_at)",
                    (lesson["lesson_id"], lesson["completed_at"]),
                )
            for position in data["positions"]:
                conn.execute(
                    "INSERT INTO positions (lesson_id, section, at) VALUES (?, ?, ?) ON CONFLICT (lesson_id) "
                    "DO UPDATE SET section = excluded.section, at = excluded.at WHERE excluded.at > positions.at",
                    (position["lesson_id"], position["section"], position["at"]),
                )
            for row in data["time"]:
                # each file adds time under its own origin; a re-import brings the same total, not more
                conn.execute(
                    "INSERT INTO time_spent (origin, lesson_id, day, seconds) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (origin, lesson_id, day) DO UPDATE SET seconds = MAX(seconds, excluded.seconds)",
                    (row["origin"], row["lesson_id"], row["day"], row["seconds"]),
                )
            for key, value in data["settings"].items():
                conn.execute(
                    "INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)",
                    (key, json.dumps(value)),
                )
            if added:
                _rebuild_all(conn)
        return ImportReport(added, present, events_added, completed_added)

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


# ---- helpers: opening ------------------------------------------------------------------------


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(
        path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
    )
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _probe(path: Path) -> _Damaged | None:
    """Check an existing file through a read-only connection, which leaves it (and its WAL) untouched.

    Returns what is wrong with it, if anything; raises ``sqlite3.Error`` when it
    cannot be read at all for reasons other than damage (permissions, I/O).
    """
    if not path.exists() or path.stat().st_size == 0:
        return None
    conn = sqlite3.connect(
        f"{path.resolve().as_uri()}?mode=ro",
        uri=True,
        timeout=BUSY_TIMEOUT_MS / 1000,
        check_same_thread=False,
    )
    try:
        _check(conn)
    except _Damaged as damage:
        return damage
    except sqlite3.DatabaseError as error:
        if _is_damage(error):
            return _Damaged("corrupt", str(error))
        raise
    finally:
        conn.close()
    return None


def _check(conn: sqlite3.Connection) -> int:
    """Raise ``_Damaged`` unless this is a progress file this version can use; return its schema version."""
    (version,) = conn.execute("PRAGMA user_version").fetchone()
    latest = schema.latest_version()
    if version > latest:
        raise _Damaged("newer", f"schema version {version}; this nntutor reads up to {latest}")
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if version == 0 and tables:
        raise _Damaged("corrupt", "a SQLite file, but not an nntutor progress file")
    if version > 0 and not schema.REQUIRED_TABLES <= tables:
        raise _Damaged("corrupt", "tables are missing")
    result = [row[0] for row in conn.execute("PRAGMA quick_check")]
    if result != ["ok"]:
        raise _Damaged("corrupt", "; ".join(result[:3]))
    return version


def _open_prepared(path: Path) -> sqlite3.Connection:
    conn = _connect(path)
    try:
        _prepare(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def _prepare(conn: sqlite3.Connection) -> None:
    """Switch the file to WAL with full sync and bring its schema up to date."""
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = _check_version(conn)
        if version < schema.latest_version():
            schema.migrate(conn, version)
            conn.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES ('origin', ?), ('created_at', ?)",
                (_new_uid(), clock.iso(clock.utc())),
            )
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _check_version(conn: sqlite3.Connection) -> int:
    (version,) = conn.execute("PRAGMA user_version").fetchone()
    if version > schema.latest_version():  # a newer nntutor upgraded it since the probe
        raise _Damaged("newer", f"schema version {version}")
    return version


def _set_aside(path: Path, kind: str) -> Path:
    """Rename the file (and its WAL companions, first) to ``NAME.KIND-STAMP``; return the new name."""
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    target = path.with_name(f"{path.name}.{kind}-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.{kind}-{stamp}-{n}")
    for suffix in ("-wal", "-shm", "-journal", ""):
        source = Path(f"{path}{suffix}")
        if source.exists():
            os.replace(source, f"{target}{suffix}")
    return target


@contextmanager
def _open_lock(path: Path, wait_s: float = 10.0) -> Iterator[None]:
    """Serialise opening (checks, setting aside, migrating) between processes, where flock exists."""
    try:
        import fcntl
    except ImportError:  # Windows: SQLite's own locking still guards the data
        yield
        return
    try:
        handle = open(f"{path}.lock", "a")  # noqa: SIM115
    except OSError:
        yield
        return
    with handle:
        deadline = time.monotonic() + wait_s
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError:
                if time.monotonic() > deadline:
                    break  # a stuck opener elsewhere: go on, SQLite still locks the data
                time.sleep(0.02)
        yield


# ---- helpers: rows ---------------------------------------------------------------------------


def _new_uid() -> str:
    return os.urandom(16).hex()


def _check_ids(*ids: str) -> None:
    for value in ids:
        if not isinstance(value, str) or not value or len(value) > 200:
            raise ValueError(
                f"lesson and exercise ids are non-empty text of at most 200 characters: {value!r}"
            )


def _clean_skills(skills: Iterable[str]) -> list[str]:
    if isinstance(skills, str):
        skills = [skills]
    out: list[str] = []
    for skill in skills:
        skill = str(skill).strip()
        if skill and skill not in out:
            out.append(skill)
    return out


def _insert_attempt(conn: sqlite3.Connection, *, skills: list[str], **fields: Any) -> int:
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


def _skills_of(conn: sqlite3.Connection, attempt_ids: list[int]) -> dict[int, tuple[str, ...]]:
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


def _attempt(row: sqlite3.Row, skills: tuple[str, ...]) -> Attempt:
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


def _position(row: sqlite3.Row | None) -> Position | None:
    if row is None:
        return None
    return Position(lesson_id=row["lesson_id"], section=row["section"], at=clock.parse(row["at"]))


def _review_item(row: sqlite3.Row) -> ReviewItem:
    return ReviewItem(
        lesson_id=row["lesson_id"],
        exercise_id=row["exercise_id"],
        due=clock.parse(row["due"]),
        lapses=row["lapses"],
        reviews=row["reviews"],
    )


def _local(moment: datetime, tz: tzinfo | None) -> datetime:
    return moment.astimezone(tz) if tz is not None else moment.astimezone()


# ---- helpers: the derived caches (cards, skills) ---------------------------------------------


def _rebuild_card(conn: sqlite3.Connection, lesson_id: str, exercise_id: str) -> None:
    rows = conn.execute(
        "SELECT at, rating FROM attempts WHERE lesson_id = ? AND exercise_id = ? ORDER BY at, id",
        (lesson_id, exercise_id),
    ).fetchall()
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


def _rebuild_skill(conn: sqlite3.Connection, skill: str) -> None:
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


def _rebuild_all(conn: sqlite3.Connection) -> None:
    conn.execute("DELETE FROM cards")
    conn.execute("DELETE FROM skills")
    for lesson_id, exercise_id in conn.execute(
        "SELECT DISTINCT lesson_id, exercise_id FROM attempts"
    ).fetchall():
        _rebuild_card(conn, lesson_id, exercise_id)
    for (skill,) in conn.execute("SELECT DISTINCT skill FROM attempt_skills").fetchall():
        _rebuild_skill(conn, skill)


def _delete(conn: sqlite3.Connection, where: str, args: tuple) -> int:
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
        _rebuild_skill(conn, skill)
    return len(ids)
