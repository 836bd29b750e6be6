"""Profiles (one progress file each, by name) and a profile's settings, such as the streak.

The default profile's file is ``progress.sqlite3``; another profile NAME's is
``progress-NAME.sqlite3``, in the same data folder.
"""

from __future__ import annotations

import json
import os
import re
from datetime import datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

from nntutor.practice import clock
from nntutor.practice.transactions import StoreBase, local

DEFAULT_PROFILE = "default"
_PROFILE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,39}")


def file_name(profile: str = DEFAULT_PROFILE) -> str:
    """``progress.sqlite3`` for the default profile, ``progress-NAME.sqlite3`` for others."""
    if not _PROFILE.fullmatch(profile):
        raise ValueError(
            f"profile name {profile!r}: use 1-40 letters, digits, '-' or '_', starting with a letter or digit"
        )
    return "progress.sqlite3" if profile == DEFAULT_PROFILE else f"progress-{profile}.sqlite3"


def list_profiles(data_dir: str | os.PathLike) -> list[str]:
    """The profiles that have a progress file in ``data_dir``."""
    found = []
    for path in Path(data_dir).glob("progress*.sqlite3"):
        name = path.name[len("progress") : -len(".sqlite3")]
        if name == "":
            found.append(DEFAULT_PROFILE)
        elif name.startswith("-") and _PROFILE.fullmatch(name[1:]):
            found.append(name[1:])
    return sorted(found)


class ProfileSettings(StoreBase):
    """A profile's settings (JSON values by key) and the streak they switch on."""

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
        days = {local(clock.parse(at), tz).date() for (at,) in rows}
        day = local(moment, tz).date()
        if day not in days:
            day -= timedelta(days=1)
        count = 0
        while day in days:
            count += 1
            day -= timedelta(days=1)
        return count
