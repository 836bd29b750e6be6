"""A limited child process: `python -I`, its own session, no stdin, output capped, killed on overrun.

The child gets its job as JSON on stdin (then stdin is /dev/null) and answers in JSON lines
on a separate pipe, so nothing the learner prints can be mistaken for a result. The wall
clock is kept here, in the parent: on overrun, or when the output passes its cap, the whole
process group is killed, and it is killed again after every run so that nothing the
learner's code started stays behind.
"""

from __future__ import annotations

import contextlib
import json
import os
import selectors
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from nntutor.runner.report import Limits

HERE = Path(__file__).resolve().parent
THREAD_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def child_env() -> dict[str, str]:
    """A small environment: no PYTHON* variables (and -I ignores them), one BLAS thread."""
    env = {"PATH": os.environ.get("PATH", os.defpath), "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    for var in THREAD_VARS:
        env[var] = "1"
    return env


def child_limits(limits: Limits) -> dict:
    return {"memory_mb": limits.memory_mb, "cpu_s": int(limits.wall_s) + 1}


@dataclass
class ChildRun:
    events: list[dict] = field(default_factory=list)
    output: bytes = b""
    limit: str | None = None  # "time" | "output" when the parent stopped it
    returncode: int | None = None
    ms: float = 0.0


def kill_group(proc: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)


def spawn(script: Path, job: dict, cwd: str) -> tuple[subprocess.Popen, int]:
    """Start ``python -I script`` in a new session; returns the process and the result pipe's read end."""
    read_fd, write_fd = os.pipe()
    try:
        proc = subprocess.Popen(
            [sys.executable, "-I", str(script)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            pass_fds=(write_fd,),
            start_new_session=True,
            env=child_env(),
            cwd=cwd,
            close_fds=True,
        )
    except OSError:
        os.close(read_fd)
        raise
    finally:
        os.close(write_fd)
    payload = json.dumps({**job, "result_fd": write_fd}).encode("utf-8")
    try:
        proc.stdin.write(payload)
        proc.stdin.close()
    except (BrokenPipeError, OSError):
        pass
    return proc, read_fd


def run_child(script: Path, job: dict, limits: Limits) -> ChildRun:
    """Run one job to its end or to a limit; blocking. Never leaves a process behind."""
    started = time.perf_counter()
    result = ChildRun()
    with tempfile.TemporaryDirectory(prefix="nntutor-run-") as cwd:
        proc, read_fd = spawn(script, {**job, "limits": child_limits(limits)}, cwd)
        deadline = started + limits.wall_s
        pending = b""
        out = bytearray()
        sel = selectors.DefaultSelector()
        results = os.fdopen(read_fd, "rb", buffering=0)
        sel.register(proc.stdout, selectors.EVENT_READ, "output")
        sel.register(results, selectors.EVENT_READ, "results")
        open_streams = 2
        try:
            while open_streams:
                left = deadline - time.perf_counter()
                if left <= 0:
                    result.limit = "time"
                    break
                for key, _ in sel.select(timeout=min(left, 0.5)):
                    chunk = os.read(key.fileobj.fileno(), 65536)
                    if not chunk:
                        sel.unregister(key.fileobj)
                        open_streams -= 1
                    elif key.data == "output":
                        out += chunk
                        if len(out) > limits.output_bytes:
                            result.limit = "output"
                            break
                    else:
                        pending += chunk
                        *lines, pending = pending.split(b"\n")
                        for line in lines:
                            try:
                                result.events.append(json.loads(line))
                            except ValueError:
                                continue
                if result.limit:
                    break
            if result.limit is None:
                try:
                    result.returncode = proc.wait(timeout=max(0.1, deadline - time.perf_counter()))
                except subprocess.TimeoutExpired:
                    result.limit = "time"
        finally:
            kill_group(proc)
            if result.returncode is None:
                result.returncode = proc.wait()
            sel.close()
            results.close()
            proc.stdout.close()
        result.output = bytes(out[: limits.output_bytes])
    result.ms = (time.perf_counter() - started) * 1000
    return result
