"""Times in the progress store: always timezone-aware UTC, stored as one ISO format."""

from __future__ import annotations

from datetime import datetime, timezone


def utc(moment: datetime | None = None) -> datetime:
    """``moment`` in UTC (now when None). A naive datetime is refused: its zone is unknowable."""
    if moment is None:
        return datetime.now(timezone.utc)
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("times must be timezone-aware (for example datetime.now(timezone.utc))")
    return moment.astimezone(timezone.utc)


def iso(moment: datetime) -> str:
    """Fixed-width text, so that text order is time order in SQL."""
    return utc(moment).isoformat(timespec="microseconds")


def parse(text: str) -> datetime:
    """The inverse of ``iso``; accepts any ISO date-time that carries a zone."""
    if text.endswith(("Z", "z")):  # Python 3.10's fromisoformat does not read "Z"
        text = text[:-1] + "+00:00"
    return utc(datetime.fromisoformat(text))
