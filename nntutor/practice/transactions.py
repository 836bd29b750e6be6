"""The one connection every part of the store shares, behind a lock, and its transactions.

``StoreBase`` is what the store's parts (attempts, reviews, lessons, profiles and
settings, transfer) build on: each part is a mixin that runs its SQL inside
``_write`` (one ``BEGIN IMMEDIATE`` transaction, committed before it returns) or
``_read`` (one snapshot for several queries). ``ProgressStore`` composes them.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nntutor.practice.opening import StoreNotice

_MAX_ID = 200


class StoreBase:
    """A progress file's connection (or an in-memory one), its profile, and its transactions."""

    def __init__(
        self, conn: sqlite3.Connection, path: Path | None, profile: str, problem: StoreNotice | None
    ):
        self._conn = conn
        self._lock = threading.RLock()
        self.path = path
        self.profile = profile
        self.problem = problem
        self._origin = conn.execute("SELECT value FROM meta WHERE key = 'origin'").fetchone()[0]

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


def check_ids(*ids: str) -> None:
    for value in ids:
        if not isinstance(value, str) or not value or len(value) > _MAX_ID:
            raise ValueError(
                f"lesson and exercise ids are non-empty text of at most {_MAX_ID} characters: {value!r}"
            )


def local(moment: datetime, tz: tzinfo | None) -> datetime:
    return moment.astimezone(tz) if tz is not None else moment.astimezone()
