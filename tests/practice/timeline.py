"""A frozen clock for the practice tests."""

from datetime import datetime, timedelta, timezone

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)  # a Monday morning, UTC


def at(days: float = 0, **kw) -> datetime:
    return T0 + timedelta(days=days, **kw)
