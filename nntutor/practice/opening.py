"""Opening the progress file: checking it without touching it, setting a damaged one aside,
switching it to WAL with full sync, and the lock that serialises openers between processes.

``StoreNotice`` says, in plain words, why a store is not simply the file it was asked to open.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from nntutor.i18n import Messages, t
from nntutor.practice import clock, schema
from nntutor.practice.schema import Damaged

BUSY_TIMEOUT_MS = 10_000

_MESSAGES = Messages(
    "opening",
    {
        "corrupt": "Your progress file could not be read (it looks damaged), so nntutor started a fresh record. The old file was kept, not deleted: {moved_to}",
        "newer": "Your progress file was written by a newer version of nntutor, which this version cannot read, so nntutor started a fresh record. The file was kept unchanged: {moved_to}. Update nntutor and move it back to {path} to continue from it.",
        "unavailable": "nntutor could not open your progress file {path} ({detail}). You can keep working, but progress made now will not be saved. Use --data-dir to choose another folder.",
    },
)


@dataclass(frozen=True)
class StoreNotice:
    """Why the store is not simply the file it was asked to open."""

    kind: str  # "corrupt" | "newer" | "unavailable"
    path: Path
    moved_to: Path | None
    detail: str

    def message(self, lang: str = "en") -> str:
        return t(
            self.kind, lang, _MESSAGES, path=self.path, moved_to=self.moved_to, detail=self.detail
        )


def _is_damage(error: sqlite3.DatabaseError) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)
    text = str(error).lower()
    return "not a database" in text or "malformed" in text


def create_private(path: Path) -> None:
    """Create ``path`` empty with mode 0600 if it is not there (SQLite gives its -wal and -shm
    files the mode of the database), never following a link planted in its place."""
    with suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600))


def connect(path: Path) -> sqlite3.Connection:
    create_private(path)
    conn = sqlite3.connect(
        path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
    )
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def probe(path: Path) -> Damaged | None:
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
        schema.check(conn)
    except Damaged as damage:
        return damage
    except sqlite3.DatabaseError as error:
        if _is_damage(error):
            return Damaged("corrupt", str(error))
        raise
    finally:
        conn.close()
    return None


def open_prepared(path: Path) -> sqlite3.Connection:
    conn = connect(path)
    try:
        prepare(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def prepare(conn: sqlite3.Connection) -> None:
    """Switch the file to WAL with full sync and bring its schema up to date."""
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    schema.upgrade(conn, clock.iso(clock.utc()))


def set_aside(path: Path, kind: str) -> Path:
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
def open_lock(path: Path, wait_s: float = 10.0) -> Iterator[None]:
    """Serialise opening (checks, setting aside, migrating) between processes, where flock exists."""
    try:
        import fcntl
    except ImportError:  # Windows: SQLite's own locking still guards the data
        yield
        return
    try:
        handle = os.fdopen(
            os.open(f"{path}.lock", os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NOFOLLOW, 0o600),
            "a",
        )
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
