"""The lab's "use my implementation": a network trained with the learner's parts, in a child process.

    with LearnerTraining({"dense": path, "loss": path}, {"dataset": "spirals"}) as run:
        while run.outcome is None:
            for report in run.poll():
                ...                      # {"event": "report", "epoch", "val_acc", "grad_check", …}

The parent never runs learner code and never blocks: ``poll`` reads what the child has
written so far. The child is stopped (its whole process group killed) on ``stop``, on
leaving the ``with`` block, when it prints more than ``limits.output_bytes``, and when it
says nothing for ``limits.wall_s`` seconds (a hang: it reports every epoch, and between
reports at least once a second). See lab_child.py for the lines it writes.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import tempfile
import time
from pathlib import Path

from nntutor.runner.check import read_source
from nntutor.runner.messages import say
from nntutor.runner.process import HERE, kill_group, spawn
from nntutor.runner.report import Limits
from nntutor.textsafe import visible

CHILD = HERE / "lab_child.py"
PACKAGE_ROOT = HERE.parent.parent
PARTS = ("activation", "dense", "loss", "optimizer", "network")
LAB_CPU_S = 24 * 3600  # the wall clock of silence, kept here, is what stops a hang


class LearnerTraining:
    """Training with the learner's functions in place of the engine's; see the module's docstring."""

    def __init__(
        self,
        parts: dict[str, Path],
        config: dict,
        limits: Limits | None = None,
        lang: str = "en",
    ):
        unknown = set(parts) - set(PARTS)
        if unknown:
            raise ValueError(f"unknown parts {sorted(unknown)}; use {', '.join(PARTS)}")
        self.parts = {name: Path(path) for name, path in parts.items()}
        self.config = dict(config)
        self.limits = limits or Limits()
        self.lang = lang
        self.outcome: dict | None = None
        self._proc: subprocess.Popen | None = None
        self._fds: dict[int, str] = {}
        self._pending = b""
        self._output = bytearray()
        self._last_heard = 0.0
        self._cwd: tempfile.TemporaryDirectory | None = None

    # -- life ------------------------------------------------------------------------------------
    def __enter__(self) -> LearnerTraining:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> None:
        parts = {}
        for name, path in self.parts.items():
            text, problem = read_source(path, self.lang)
            if text is None:
                self.outcome = {"status": "error", "error": problem, "limit": None}
                return
            parts[name] = {"path": str(path.absolute()), "source": text}
        job = {
            "lang": self.lang,
            "parts": parts,
            "config": self.config,
            "package_root": str(PACKAGE_ROOT),
            "limits": {"memory_mb": self.limits.memory_mb, "cpu_s": LAB_CPU_S},
        }
        self._cwd = tempfile.TemporaryDirectory(prefix="nntutor-lab-")
        self._proc, results = spawn(CHILD, job, self._cwd.name)
        output = self._proc.stdout.fileno()
        for fd in (results, output):
            os.set_blocking(fd, False)
        self._fds = {results: "results", output: "output"}
        self._last_heard = time.monotonic()

    def stop(self) -> None:
        """Stop the child (if it still runs) and free everything; the outcome says "stopped"."""
        if self._proc is not None:
            kill_group(self._proc)
            self._proc.wait()
            if self.outcome is None:
                self._read()
            if self.outcome is None:
                self.outcome = {"status": "stopped", "error": None, "limit": None}
        self._close()

    @property
    def output(self) -> str:
        """What the learner's code printed (capped), control characters made visible."""
        return visible(bytes(self._output).decode("utf-8", "replace"), keep_newlines=True)

    # -- reading ---------------------------------------------------------------------------------
    def poll(self) -> list[dict]:
        """The reports written since the last call (never blocks)."""
        if self._proc is None or not self._fds:
            return []
        reports = self._read()
        if self.outcome is not None:
            self._finish()
            return reports
        if len(self._output) > self.limits.output_bytes:
            self._end_at_limit("output")
        elif self._proc.poll() is not None:
            reports += self._read()
            if self.outcome is None:
                code = self._proc.returncode
                how = f"signal {-code}" if code < 0 else f"exit code {code}"
                self.outcome = {
                    "status": "error",
                    "error": say("died", self.lang, how=how),
                    "limit": None,
                }
            self._finish()
        elif time.monotonic() - self._last_heard > self.limits.wall_s:
            self._end_at_limit("time")
        return reports

    def _read(self) -> list[dict]:
        reports = []
        for fd, kind in list(self._fds.items()):
            while True:
                try:
                    chunk = os.read(fd, 65536)
                except BlockingIOError:
                    break
                except OSError:
                    chunk = b""
                if not chunk:
                    break
                if kind == "output":
                    self._output += chunk[
                        : max(0, self.limits.output_bytes + 1 - len(self._output))
                    ]
                    continue
                self._last_heard = time.monotonic()
                self._pending += chunk
                *lines, self._pending = self._pending.split(b"\n")
                for line in lines:
                    try:
                        event = json.loads(line)
                    except ValueError:
                        continue
                    if not isinstance(event, dict):
                        continue
                    if event.get("event") == "outcome":
                        self.outcome = {
                            "status": event.get("status"),
                            "error": event.get("error"),
                            "limit": event.get("limit"),
                        }
                        if event.get("limit"):
                            self.outcome["error"] = self._limit_message(event["limit"])
                    elif event.get("event") != "alive":
                        reports.append(event)
        return reports

    def _limit_message(self, limit: str) -> str:
        if limit == "time":
            return say("time", self.lang, seconds=self.limits.wall_s, during="")
        if limit == "memory":
            return say("memory", self.lang, mb=self.limits.memory_mb, during="")
        return say("output", self.lang, bytes=self.limits.output_bytes, during="")

    def _end_at_limit(self, limit: str) -> None:
        self.outcome = {"status": "limit", "error": self._limit_message(limit), "limit": limit}
        self._finish()

    def _finish(self) -> None:
        if self._proc is not None:
            kill_group(self._proc)
            self._proc.wait()
        self._close()

    def _close(self) -> None:
        for fd in list(self._fds):
            if self._fds[fd] == "results":
                with contextlib.suppress(OSError):
                    os.close(fd)
        self._fds = {}
        if self._proc is not None and self._proc.stdout is not None:
            self._proc.stdout.close()
        if self._cwd is not None:
            self._cwd.cleanup()
            self._cwd = None
