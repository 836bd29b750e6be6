"""Time budgets inside the worker: nested deadlines on one interval timer (SIGALRM).

A budget interrupts Python code between bytecodes; a long call in C (a huge
integer power) delays it until the call returns. That is why the parent process
also keeps a hard limit and kills the worker when it is passed.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager


class OutOfTime(BaseException):
    """A budget ran out. A BaseException, so that SymPy's ``except Exception`` cannot swallow it."""


class Deadlines:
    """A stack of absolute deadlines; the innermost (earliest) one is armed."""

    def __init__(self) -> None:
        self._stack: list[float] = []
        signal.signal(signal.SIGALRM, self._ring)

    @staticmethod
    def _ring(signum, frame) -> None:
        raise OutOfTime

    def _arm(self) -> None:
        if not self._stack:
            signal.setitimer(signal.ITIMER_REAL, 0)
            return
        remaining = self._stack[-1] - time.monotonic()
        signal.setitimer(signal.ITIMER_REAL, max(remaining, 1e-4))

    @contextmanager
    def limit(self, seconds: float) -> Iterator[None]:
        end = time.monotonic() + max(seconds, 0.0)
        if self._stack:
            end = min(end, self._stack[-1])
        self._stack.append(end)
        self._arm()
        try:
            yield
        finally:
            self._stack.pop()
            self._arm()

    def outer_expired(self) -> bool:
        """Whether an enclosing budget has run out too (then its OutOfTime must go on up)."""
        return bool(self._stack) and time.monotonic() >= self._stack[-1]

    def left(self) -> float:
        return self._stack[-1] - time.monotonic() if self._stack else float("inf")
