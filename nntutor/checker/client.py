"""The parent side: ``Checker`` owns one worker process and talks JSON lines to it.

Importing this module does not import SymPy; only the worker does. The worker is
a fresh interpreter (``python -m nntutor.checker.worker``) started without
``fork``-time hooks, so it is safe to start from a process that runs threads.
Every call has a hard time limit: past it the worker is killed, the caller gets
"too complex to check" (or the numeric verdict, when the worker had sent one
before a symbolic proof ran long), and the next call starts a new worker.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import select
import subprocess
import sys
import tempfile
import threading
import time
import weakref
from pathlib import Path

from nntutor.checker import messages
from nntutor.checker.results import (
    CheckResult,
    Preview,
    StepsResult,
    check_from_dict,
    preview_from_dict,
)

_PACKAGE_ROOT = Path(__file__).resolve().parents[2]  # the folder that holds nntutor/
_LIVE: weakref.WeakSet[Checker] = weakref.WeakSet()


class _Timeout(Exception):
    pass


class _Died(Exception):
    pass


class _Unavailable(Exception):
    pass


class Checker:
    """Checks answers in a sandboxed worker process. Thread-safe; one request at a time.

    ``timeout`` is the hard limit of one call in seconds; ``memory_mb`` the
    worker's address-space limit. The worker starts on the first call, or
    earlier with ``start()``.
    """

    def __init__(
        self, timeout: float = 3.0, memory_mb: int = 512, startup_timeout: float = 60.0
    ) -> None:
        self.timeout = timeout
        self.memory_mb = memory_mb
        self.startup_timeout = startup_timeout
        self.starts = 0  # how many workers were started (a restart after an overrun counts)
        self._lock = threading.Lock()
        self._proc: subprocess.Popen | None = None
        self._stderr = None
        self._buffer = b""
        self._next_id = 0
        _LIVE.add(self)

    # --- public API ---------------------------------------------------------------------------

    def start(self) -> None:
        """Start the worker now (it takes about half a second); errors surface on the next call."""
        with self._lock:
            try:
                self._ensure_worker()
            except _Unavailable:
                pass

    def preview(
        self,
        text: str,
        vars: list[str] | None = None,
        lang: str = "en",
        defines: dict[str, str] | None = None,
    ) -> Preview:
        """How ``text`` is read (for a live preview of an answer or of one derivation step)."""
        request = {
            "op": "preview",
            "text": text,
            "vars": list(vars) if vars else None,
            "defines": dict(defines) if defines else None,
            "lang": lang,
        }
        result, _, failure, _ = self._call(request)
        if result is None:
            return Preview(valid=False, error=self._failure_text(failure, lang))
        return preview_from_dict(result)

    def check(
        self,
        answer: str,
        expected: str,
        vars: list[str] | None = None,
        domains: dict[str, tuple[float, float]] | None = None,
        tolerance: float = 0.0,
        mistakes: list[tuple[str, str]] | None = None,
        lang: str = "en",
        defines: dict[str, str] | None = None,
    ) -> CheckResult:
        """``defines``: names the prompt introduces, e.g. {"a": "sigma(w*x + b)"}."""
        return self._check(
            answer, expected, vars, domains, tolerance, mistakes, lang, None, defines
        )

    def check_steps(
        self,
        steps: list[str],
        expected: str,
        vars: list[str] | None = None,
        domains: dict[str, tuple[float, float]] | None = None,
        tolerance: float = 0.0,
        mistakes: list[tuple[str, str]] | None = None,
        lang: str = "en",
        defines: dict[str, str] | None = None,
        start: str | None = None,
    ) -> StepsResult:
        """The first step against ``expected``, each later step against the one before it.

        With ``start`` (the expression being differentiated), a first step that merely
        repeats it is told so ("the first line should already take the derivative")."""
        results: list[CheckResult] = []
        previous = expected
        for i, step in enumerate(steps):
            result = self._check(
                step, previous, vars, domains, tolerance, mistakes, lang, expected, defines
            )
            results.append(result)
            if not result.valid:
                return StepsResult(equivalent=False, steps=results, first_invalid=i)
            if not result.equivalent:
                if i == 0 and start and result.diagnosis != "mistake":
                    same = self._check(step, start, vars, domains, 0.0, None, lang, start, defines)
                    if same.valid and same.equivalent:
                        result.diagnosis = "repeats_start"
                        result.feedback = messages.text("first_line_repeats", lang)
                return StepsResult(equivalent=False, first_wrong=i, steps=results)
            previous = step
        return StepsResult(equivalent=bool(results), steps=results)

    def close(self) -> None:
        """Stop the worker; the Checker can still be used (a new worker starts on the next call)."""
        with self._lock:
            self._stop(gently=True)

    def __enter__(self) -> Checker:  # noqa: PYI034 - Self needs Python 3.11
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __del__(self) -> None:
        try:  # not contextlib: at interpreter exit, module globals may already be gone
            self._stop(gently=False)
        except Exception:  # noqa: BLE001, S110
            pass

    @property
    def pid(self) -> int | None:
        """The worker's process id, while one runs."""
        proc = self._proc
        return proc.pid if proc is not None and proc.poll() is None else None

    def info(self) -> dict:
        """The worker's own view: pid, limits, modules loaded (for tests and diagnostics)."""
        result, _, failure, _ = self._call({"op": "info"})
        return result if result is not None else {"error": failure}

    # --- internals ------------------------------------------------------------------------------

    def _check(
        self, answer, expected, vars, domains, tolerance, mistakes, lang, vars_from, defines=None
    ) -> CheckResult:
        request = {
            "op": "check",
            "answer": answer,
            "expected": expected,
            "vars": list(vars) if vars else None,
            "vars_from": vars_from,
            "defines": dict(defines) if defines else None,
            "domains": {str(k): list(v) for k, v in domains.items()} if domains else None,
            "tolerance": tolerance,
            "mistakes": [[a, f] for a, f in mistakes] if mistakes else None,
            "lang": lang,
            "budget": min(1.0, 0.4 * self.timeout),
        }
        result, partial, failure, ms = self._call(request)
        if result is None and partial is not None:
            result = partial  # the numeric verdict stands; the symbolic proof ran out of time
        if result is None:
            message = self._failure_text(failure, lang)
            method = "timeout" if failure in ("timeout", "died") else "none"
            return CheckResult(valid=False, feedback=message, error=message, method=method, ms=ms)
        out = check_from_dict(result)
        out.ms = ms
        return out

    def _call(self, request: dict) -> tuple[dict | None, dict | None, str | None, float]:
        """(result, partial, failure, ms): ms counts the request, not the worker's start."""
        with self._lock:
            try:
                self._ensure_worker()
            except _Unavailable as exc:
                return None, None, str(exc), 0.0
            started = time.monotonic()
            result, partial, failure = self._request(request)
            return result, partial, failure, (time.monotonic() - started) * 1000

    def _failure_text(self, failure: str | None, lang: str) -> str:
        if failure in ("timeout", "died"):
            return messages.text("too_complex", lang, s=f"{self.timeout:g}")
        return messages.text("unavailable", lang, why=failure or "?")

    def _request(self, request: dict) -> tuple[dict | None, dict | None, str | None]:
        """(result, partial, failure); failure is "timeout", "died" or why the worker is unavailable."""
        for attempt in (1, 2):
            try:
                self._ensure_worker()
            except _Unavailable as exc:
                return None, None, str(exc)
            self._next_id += 1
            rid = self._next_id
            line = json.dumps({**request, "id": rid, "timeout": self.timeout}) + "\n"
            try:
                self._proc.stdin.write(line.encode("utf-8"))
                self._proc.stdin.flush()
            except (BrokenPipeError, OSError):
                self._stop(gently=False)  # it had exited (for example after running out of memory)
                if attempt == 1:
                    continue
                return None, None, "died"
            deadline = time.monotonic() + self.timeout
            partial = None
            try:
                while True:
                    message = self._read(deadline)
                    if message.get("id") != rid:
                        continue
                    if "partial" in message:
                        partial = message["partial"]
                    elif "result" in message:
                        return message["result"], partial, None
            except _Timeout:
                self._stop(gently=False)
                return None, partial, "timeout"
            except _Died:
                self._stop(gently=False)
                return None, partial, "died"
        return None, None, "died"

    def _read(self, deadline: float) -> dict:
        """The next JSON message from the worker, waiting until ``deadline`` at most."""
        fd = self._proc.stdout.fileno()
        while True:
            newline = self._buffer.find(b"\n")
            if newline >= 0:
                line, self._buffer = self._buffer[:newline], self._buffer[newline + 1 :]
                try:
                    message = json.loads(line)
                except ValueError:
                    continue
                if isinstance(message, dict):
                    return message
                continue
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise _Timeout
            ready, _, _ = select.select([fd], [], [], remaining)
            if not ready:
                raise _Timeout
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                raise _Died
            self._buffer += chunk

    def _ensure_worker(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            return
        self._stop(gently=False)
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the worker
        command = [
            sys.executable,
            "-m",
            "nntutor.checker.worker",
            "--memory-mb",
            str(self.memory_mb),
        ]
        try:
            self._proc = subprocess.Popen(
                command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._stderr,
                cwd=_PACKAGE_ROOT,
                close_fds=True,
                start_new_session=True,  # a Ctrl-C at the terminal is the parent's to handle
            )
        except OSError as exc:
            self._proc = None
            raise _Unavailable(str(exc)) from None
        self.starts += 1
        self._buffer = b""
        try:
            message = self._read(time.monotonic() + self.startup_timeout)
        except (_Timeout, _Died):
            why = self._stderr_tail() or "the worker did not start"
            self._stop(gently=False)
            raise _Unavailable(why) from None
        if not message.get("ready"):
            self._stop(gently=False)
            raise _Unavailable("unexpected first message from the worker")

    def _stderr_tail(self) -> str:
        try:
            self._stderr.seek(0)
            lines = self._stderr.read().decode("utf-8", "replace").strip().splitlines()
            return lines[-1] if lines else ""
        except (OSError, ValueError, AttributeError):
            return ""

    def _stop(self, gently: bool) -> None:
        proc, self._proc = self._proc, None
        if proc is not None:
            if gently and proc.poll() is None:
                try:
                    proc.stdin.write(b'{"op": "quit"}\n')
                    proc.stdin.flush()
                    proc.wait(timeout=1.0)
                except (OSError, subprocess.TimeoutExpired):
                    pass
            if proc.poll() is None:
                proc.kill()
            try:
                proc.wait(timeout=5.0)
            except subprocess.TimeoutExpired:
                pass
            for stream in (proc.stdin, proc.stdout):
                try:
                    stream.close()
                except OSError:
                    pass
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None
        self._buffer = b""


@atexit.register
def _close_all() -> None:
    for checker in list(_LIVE):
        with contextlib.suppress(Exception):
            checker._stop(gently=False)
