"""The progress file's tables and the migrations between schema versions.

The schema version is SQLite's ``user_version``. ``MIGRATIONS[i]`` takes a file
from version ``i`` to ``i + 1``; version 0 is an empty file. Each migration runs
inside the opener's write transaction, so a crash half-way leaves the file at the
old version. Never edit a released migration: append a new one.

Attempts, hint and solution events, completions, positions, time and settings
are the record. ``cards`` and ``skills`` are caches derived from the attempts
(rebuilt on import and reset), so an export never needs to carry them.

``check`` says whether a file is a progress file this version can use, and
``upgrade`` brings one up to date.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable

_V1 = """
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE attempts (
    id            INTEGER PRIMARY KEY,
    uid           TEXT NOT NULL UNIQUE,
    lesson_id     TEXT NOT NULL,
    exercise_id   TEXT NOT NULL,
    answer        TEXT NOT NULL,
    correct       INTEGER NOT NULL,
    feedback      TEXT NOT NULL DEFAULT '',
    hints_used    INTEGER NOT NULL DEFAULT 0,
    solution_seen INTEGER NOT NULL DEFAULT 0,
    seed          INTEGER,
    duration_s    REAL,
    rating        INTEGER NOT NULL,
    at            TEXT NOT NULL
);
CREATE INDEX attempts_by_exercise ON attempts (lesson_id, exercise_id, at);
CREATE INDEX attempts_by_time ON attempts (at);
CREATE TABLE attempt_skills (
    attempt_id INTEGER NOT NULL REFERENCES attempts (id) ON DELETE CASCADE,
    skill      TEXT NOT NULL,
    PRIMARY KEY (attempt_id, skill)
);
CREATE INDEX attempt_skills_by_skill ON attempt_skills (skill);
CREATE TABLE events (
    id          INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL CHECK (kind IN ('hint', 'solution')),
    lesson_id   TEXT NOT NULL,
    exercise_id TEXT NOT NULL,
    idx         INTEGER,
    at          TEXT NOT NULL
);
CREATE INDEX events_by_exercise ON events (lesson_id, exercise_id);
CREATE TABLE lessons (
    lesson_id    TEXT PRIMARY KEY,
    completed_at TEXT NOT NULL
);
CREATE TABLE positions (
    lesson_id TEXT PRIMARY KEY,
    section   TEXT,
    at        TEXT NOT NULL
);
CREATE TABLE time_spent (
    origin    TEXT NOT NULL,
    lesson_id TEXT NOT NULL,
    day       TEXT NOT NULL,
    seconds   REAL NOT NULL,
    PRIMARY KEY (origin, lesson_id, day)
);
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE cards (
    lesson_id   TEXT NOT NULL,
    exercise_id TEXT NOT NULL,
    card        TEXT NOT NULL,
    due         TEXT NOT NULL,
    lapses      INTEGER NOT NULL,
    reviews     INTEGER NOT NULL,
    PRIMARY KEY (lesson_id, exercise_id)
);
CREATE INDEX cards_by_due ON cards (due);
CREATE TABLE skills (
    skill        TEXT PRIMARY KEY,
    level        TEXT NOT NULL,
    score        INTEGER NOT NULL,
    attempts     INTEGER NOT NULL,
    correct      INTEGER NOT NULL,
    unaided_days INTEGER NOT NULL
);
"""


def _create_v1(conn: sqlite3.Connection) -> None:
    for statement in _V1.split(";"):
        if statement.strip():
            conn.execute(statement)


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_create_v1]

# The tables a file must have to be taken for a progress file at all.
REQUIRED_TABLES = {"meta", "attempts", "events", "lessons", "positions", "settings"}


def latest_version() -> int:
    return len(MIGRATIONS)


def migrate(conn: sqlite3.Connection, from_version: int) -> None:
    """Apply every migration after ``from_version``; the caller holds a write transaction."""
    for version in range(from_version, latest_version()):
        MIGRATIONS[version](conn)
        conn.execute(f"PRAGMA user_version = {version + 1}")


def new_uid() -> str:
    """A random id: each progress file's origin, each attempt and event."""
    return os.urandom(16).hex()


class Damaged(Exception):
    """The file is not a progress file this version can use: ``kind`` is "corrupt" or "newer"."""

    def __init__(self, kind: str, detail: str):
        super().__init__(detail)
        self.kind = kind
        self.detail = detail


def check(conn: sqlite3.Connection) -> int:
    """Raise ``Damaged`` unless this is a progress file this version can use; return its version."""
    (version,) = conn.execute("PRAGMA user_version").fetchone()
    latest = latest_version()
    if version > latest:
        raise Damaged("newer", f"schema version {version}; this nntutor reads up to {latest}")
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if version == 0 and tables:
        raise Damaged("corrupt", "a SQLite file, but not an nntutor progress file")
    if version > 0 and not tables >= REQUIRED_TABLES:
        raise Damaged("corrupt", "tables are missing")
    result = [row[0] for row in conn.execute("PRAGMA quick_check")]
    if result != ["ok"]:
        raise Damaged("corrupt", "; ".join(result[:3]))
    return version


def upgrade(conn: sqlite3.Connection, created_at: str) -> None:
    """Bring the file's schema up to date in one write transaction; a new file gets its origin."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        (version,) = conn.execute("PRAGMA user_version").fetchone()
        if version > latest_version():  # a newer nntutor upgraded it since the probe
            raise Damaged("newer", f"schema version {version}")
        if version < latest_version():
            migrate(conn, version)
            conn.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES ('origin', ?), ('created_at', ?)",
                (new_uid(), created_at),
            )
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
