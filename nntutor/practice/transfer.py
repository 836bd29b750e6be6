"""The export file: its format, its validation, and reading and writing it.

An export holds the learner's record (attempts, hint and solution events,
completed lessons, positions, time, settings), not the derived review cards or
mastery: the importing store rebuilds those from the attempts. Every attempt and
event carries a ``uid``, so importing the same file twice adds nothing.
"""

from __future__ import annotations

import json
import math
import os
import stat
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from nntutor.practice import clock
from nntutor.practice.attempts import clean_skills, insert_attempt, skills_of
from nntutor.practice.lessons import MAX_STORED_SECONDS
from nntutor.practice.reviews import rebuild_all
from nntutor.practice.scheduling import rating_for
from nntutor.practice.transactions import StoreBase

FORMAT = "nntutor-progress"
VERSION = 1
MAX_FILE_BYTES = 200 * 1024 * 1024
_MAX_ID = 200
_MAX_TEXT = 100_000
_MAX_SKILLS = 100  # per attempt; a lesson's exercise names a handful
_INT64 = 2**63
# Times outside these years are refused: the review schedule adds years to them.
_FIRST_YEAR, _LAST_YEAR = 1970, 9000


class InvalidProgressFile(ValueError):
    """The file is not an nntutor progress export this version can read; ``problems`` says why."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        shown = "; ".join(problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        super().__init__(f"not a usable progress file: {shown}{more}")


def save(data: dict, path: str | os.PathLike) -> None:
    """Write an export atomically: a crash leaves the old file or the new one, never half."""
    path = Path(path)
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load(path: str | os.PathLike) -> dict:
    """Read and validate an export; raises ``InvalidProgressFile`` (or ``OSError``).

    Only a regular file is read: the file is opened without blocking (a FIFO would wait for a
    writer forever) and its type checked on the open descriptor before anything is read, so
    ``/dev/zero``, a FIFO or a folder end at once with a message."""
    fd = os.open(Path(path), os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InvalidProgressFile([_NOT_REGULAR])
        if info.st_size > MAX_FILE_BYTES:
            raise InvalidProgressFile([_TOO_LARGE])
    except BaseException:
        os.close(fd)
        raise
    with os.fdopen(fd, "rb") as handle:
        return load_stream(handle)


def load_stream(stream: BinaryIO) -> dict:
    """Read an export from an open stream (standard input), at most ``MAX_FILE_BYTES``.

    An export is a JSON object: a stream whose first bytes are anything else (``/dev/zero``,
    a binary file) is refused after its first chunk rather than read up to the cap."""
    first = stream.read(_FIRST_CHUNK)
    head = first.lstrip(b" \t\r\n")
    if len(first) == _FIRST_CHUNK and head and not head.startswith(b"{"):
        raise InvalidProgressFile([_NOT_AN_EXPORT])  # more is coming: no need to read it
    parts = [first]
    size = len(first)
    while first and size <= MAX_FILE_BYTES:
        first = stream.read(min(_CHUNK, MAX_FILE_BYTES + 1 - size))
        parts.append(first)
        size += len(first)
    if size > MAX_FILE_BYTES:
        raise InvalidProgressFile([_TOO_LARGE])
    return loads(b"".join(parts))


_FIRST_CHUNK = 64 * 1024
_CHUNK = 4 * 1024 * 1024
_TOO_LARGE = f"the file is larger than {MAX_FILE_BYTES // 2**20} MiB"
_NOT_REGULAR = (
    "it is not a regular file (a device, a FIFO or a folder is never read); "
    "to import from a pipe, give '-' and send the file to standard input"
)
_NOT_AN_EXPORT = "the file does not start like a progress export (a JSON object, '{')"


def loads(content: bytes | str) -> dict:
    """Parse and validate an export's text; raises ``InvalidProgressFile``."""
    try:
        text = content.decode("utf-8") if isinstance(content, bytes) else content
        data = json.loads(text)
    except UnicodeDecodeError:
        raise InvalidProgressFile(["the file is not text (UTF-8)"]) from None
    except json.JSONDecodeError as error:
        raise InvalidProgressFile([f"the file is not JSON ({error})"]) from None
    except RecursionError:
        raise InvalidProgressFile([_TOO_DEEP]) from None
    except ValueError:  # a number of more than 4,300 digits
        raise InvalidProgressFile(["the file holds a number too long to read"]) from None
    return validate(data)


_TOO_DEEP = "lists or tables are nested too deeply (a progress file nests a few levels)"


def _unicode_problem(value: str) -> str | None:
    """Why ``value`` cannot be stored as UTF-8 text (a lone surrogate), or None."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        code = ord(value[error.start])
        return f"holds U+{code:04X}, half of a surrogate pair, which is not valid Unicode"
    return None


def _number(value: int) -> str:
    """``value`` in digits, or a description when it is too long to be worth showing."""
    return str(value) if -(10**30) < value < 10**30 else "a number too large to show"


class _Checker:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def fail(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def text(
        self, where: str, value: Any, *, limit: int = _MAX_ID, empty: bool = False
    ) -> str | None:
        if not isinstance(value, str):
            self.fail(where, "must be text")
        elif not value and not empty:
            self.fail(where, "must not be empty")
        elif len(value) > limit:
            self.fail(where, f"is longer than {limit} characters")
        elif problem := _unicode_problem(value):
            self.fail(where, problem)
        else:
            return value
        return None

    def time(self, where: str, value: Any) -> str | None:
        if isinstance(value, str):
            try:
                moment = clock.parse(value)
            except (ValueError, OverflowError):
                pass
            else:
                if _FIRST_YEAR <= moment.year < _LAST_YEAR:
                    return clock.iso(moment)
                self.fail(where, f"must be a time from the year {_FIRST_YEAR} to {_LAST_YEAR - 1}")
                return None
        self.fail(where, "must be a date-time with a time zone, like 2026-11-22T17:00:00+00:00")
        return None

    def integer(self, where: str, value: Any, low: int, high: int) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.fail(where, f"must be a whole number from {low} to {high}")
            return None
        return value

    def boolean(self, where: str, value: Any) -> bool | None:
        if not isinstance(value, bool):
            self.fail(where, "must be true or false")
            return None
        return value

    def seconds(self, where: str, value: Any, *, optional: bool) -> float | None:
        if value is None and optional:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.fail(where, "must be a number of seconds")
        elif not (isinstance(value, int) or math.isfinite(value)) or value < 0:
            self.fail(where, "must be a finite number of seconds, not negative")
        elif value > MAX_STORED_SECONDS:
            self.fail(where, f"must be at most {MAX_STORED_SECONDS} seconds (a year)")
        else:
            return float(value)
        return None

    def json_value(self, where: str, value: Any) -> str | None:
        """``value`` as the JSON text a setting is stored as, if it can be stored."""
        try:
            text = json.dumps(value, ensure_ascii=False, allow_nan=False)
        except RecursionError:
            self.fail(where, _TOO_DEEP)
        except (TypeError, ValueError):
            self.fail(
                where, "must be plain JSON (text, numbers of at most 4,300 digits, lists, tables)"
            )
        else:
            problem = _unicode_problem(text)
            if problem is None:
                return text
            self.fail(where, problem)
        return None

    def rows(self, data: dict, key: str) -> list[dict]:
        rows = data.get(key, [])
        if not isinstance(rows, list):
            self.fail(key, "must be a list")
            return []
        good = []
        for i, row in enumerate(rows):
            if isinstance(row, dict):
                good.append(row)
            else:
                self.fail(f"{key}[{i}]", "must be a table of fields")
        return good


def validate(data: Any) -> dict:
    """Check an export completely and return it normalised; raise ``InvalidProgressFile``.

    Nothing is written anywhere: a store imports only what passed.
    """
    check = _Checker()
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InvalidProgressFile(
            [f'this is not an nntutor progress export (no "format": "{FORMAT}")']
        )
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise InvalidProgressFile(["version: must be a whole number from 1"])
    if version > VERSION:
        raise InvalidProgressFile(
            [
                f"it was written by a newer nntutor (format version {_number(version)}; "
                f"this one reads up to {VERSION})"
            ]
        )

    attempts = []
    for i, row in enumerate(check.rows(data, "attempts")):
        at = f"attempts[{i}]"
        skills = row.get("skills", [])
        if not isinstance(skills, list):
            check.fail(f"{at}.skills", "must be a list of skill names")
            skills = []
        elif len(skills) > _MAX_SKILLS:
            check.fail(
                f"{at}.skills", f"lists {len(skills)} skills; an exercise has at most {_MAX_SKILLS}"
            )
            skills = []
        attempt = {
            "uid": check.text(f"{at}.uid", row.get("uid"), limit=64),
            "lesson_id": check.text(f"{at}.lesson_id", row.get("lesson_id")),
            "exercise_id": check.text(f"{at}.exercise_id", row.get("exercise_id")),
            "answer": check.text(f"{at}.answer", row.get("answer"), limit=_MAX_TEXT, empty=True),
            "correct": check.boolean(f"{at}.correct", row.get("correct")),
            "feedback": check.text(
                f"{at}.feedback", row.get("feedback", ""), limit=_MAX_TEXT, empty=True
            ),
            "skills": [check.text(f"{at}.skills[{j}]", s) for j, s in enumerate(skills)],
            "hints_used": check.integer(f"{at}.hints_used", row.get("hints_used", 0), 0, 1000),
            "solution_seen": check.boolean(f"{at}.solution_seen", row.get("solution_seen", False)),
            "seed": None,
            "duration_s": check.seconds(f"{at}.duration_s", row.get("duration_s"), optional=True),
            "rating": None,
            "at": check.time(f"{at}.at", row.get("at")),
        }
        if row.get("seed") is not None:
            attempt["seed"] = check.integer(f"{at}.seed", row.get("seed"), -_INT64, _INT64 - 1)
        if row.get("rating") is not None:
            attempt["rating"] = check.integer(f"{at}.rating", row.get("rating"), 1, 4)
        elif attempt["correct"] is not None and attempt["hints_used"] is not None:
            # a file written by hand may leave the rating out: derive it as recording would
            attempt["rating"] = rating_for(
                attempt["correct"],
                attempt["hints_used"],
                bool(attempt["solution_seen"]),
                attempt["duration_s"],
            )
        attempts.append(attempt)

    events = []
    for i, row in enumerate(check.rows(data, "events")):
        at = f"events[{i}]"
        kind = row.get("kind")
        if kind not in ("hint", "solution"):
            check.fail(f"{at}.kind", 'must be "hint" or "solution"')
        index = row.get("index")
        events.append(
            {
                "uid": check.text(f"{at}.uid", row.get("uid"), limit=64),
                "kind": kind,
                "lesson_id": check.text(f"{at}.lesson_id", row.get("lesson_id")),
                "exercise_id": check.text(f"{at}.exercise_id", row.get("exercise_id")),
                "index": None if index is None else check.integer(f"{at}.index", index, 0, 1000),
                "at": check.time(f"{at}.at", row.get("at")),
            }
        )

    lessons = [
        {
            "lesson_id": check.text(f"lessons[{i}].lesson_id", row.get("lesson_id")),
            "completed_at": check.time(f"lessons[{i}].completed_at", row.get("completed_at")),
        }
        for i, row in enumerate(check.rows(data, "lessons"))
    ]

    positions = []
    for i, row in enumerate(check.rows(data, "positions")):
        section = row.get("section")
        positions.append(
            {
                "lesson_id": check.text(f"positions[{i}].lesson_id", row.get("lesson_id")),
                "section": None
                if section is None
                else check.text(f"positions[{i}].section", section, limit=1000, empty=True),
                "at": check.time(f"positions[{i}].at", row.get("at")),
            }
        )

    time_rows = []
    for i, row in enumerate(check.rows(data, "time")):
        day = check.text(f"time[{i}].day", row.get("day"), limit=10)
        if day is not None:
            try:
                date.fromisoformat(day)
            except ValueError:
                check.fail(f"time[{i}].day", "must be a date like 2026-11-22")
        time_rows.append(
            {
                "origin": check.text(f"time[{i}].origin", row.get("origin"), limit=64),
                "lesson_id": check.text(
                    f"time[{i}].lesson_id", row.get("lesson_id", ""), empty=True
                ),
                "day": day,
                "seconds": check.seconds(f"time[{i}].seconds", row.get("seconds"), optional=False),
            }
        )

    settings = data.get("settings", {})
    if not isinstance(settings, dict):
        check.fail("settings", "must be a table")
        settings = {}
    for i, (key, value) in enumerate(settings.items()):
        shown = repr(key) if isinstance(key, str) and len(key) <= _MAX_ID else str(i + 1)
        if check.text(f"settings key {shown}", key) is not None:
            check.json_value(f"settings[{key!r}]", value)

    if check.problems:
        raise InvalidProgressFile(check.problems)
    return {
        "format": FORMAT,
        "version": VERSION,
        "attempts": attempts,
        "events": events,
        "lessons": lessons,
        "positions": positions,
        "time": time_rows,
        "settings": dict(settings),
    }


@dataclass(frozen=True)
class ImportReport:
    attempts_added: int
    attempts_already_present: int
    events_added: int
    lessons_completed_added: int


class Transfer(StoreBase):
    """Export the record as data, and merge an export into it."""

    def export_dict(self, now: datetime | None = None) -> dict:
        """The whole record as JSON-ready data (see ``nntutor.practice.transfer``)."""
        with self._read() as conn:
            rows = conn.execute("SELECT * FROM attempts ORDER BY at, id").fetchall()
            skills = skills_of(conn, [row["id"] for row in rows])
            events = conn.execute("SELECT * FROM events ORDER BY at, id").fetchall()
            lessons = conn.execute("SELECT * FROM lessons ORDER BY lesson_id").fetchall()
            positions = conn.execute("SELECT * FROM positions ORDER BY lesson_id").fetchall()
            time_rows = conn.execute(
                "SELECT * FROM time_spent ORDER BY origin, lesson_id, day"
            ).fetchall()
            settings = conn.execute("SELECT key, value FROM settings ORDER BY key").fetchall()
        return {
            "format": FORMAT,
            "version": VERSION,
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
        twice changes nothing. Raises ``InvalidProgressFile``.
        """
        data = validate(data)
        added = present = events_added = completed_added = 0
        with self._write() as conn:
            for attempt in data["attempts"]:
                if conn.execute(
                    "SELECT 1 FROM attempts WHERE uid = ?", (attempt["uid"],)
                ).fetchone():
                    present += 1
                    continue
                insert_attempt(conn, **{**attempt, "skills": clean_skills(attempt["skills"])})
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
                rebuild_all(conn)
        return ImportReport(added, present, events_added, completed_added)
