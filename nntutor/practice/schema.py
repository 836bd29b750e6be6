"""The progress file's tables and the migrations between schema versions.

The schema version is SQLite's ``user_version``. ``MIGRATIONS[i]`` takes a file
from version ``i`` to ``i + 1``; version 0 is an empty file. Each migration runs
inside the opener's write transaction, so a crash half-way leaves the file at the
old version. Never edit a released migration: append a new one.

Attempts, hint and solution events, completions, positions, time and settings
are the record. ``cards`` and ``skills`` are caches derived from the attempts
(rebuilt on import and reset), so an export never needs to carry them.
"""

from __future__ import annotations

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
