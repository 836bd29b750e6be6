"""Check a learner's file against a code exercise: the blocking call the grader, CLI and TUI use."""

from __future__ import annotations

import os
import signal
import stat
import time
from pathlib import Path

from nntutor.runner.messages import say
from nntutor.runner.process import HERE, run_child
from nntutor.runner.report import Limits, RunReport, TestResult
from nntutor.textsafe import visible

MAX_SOURCE_BYTES = 256 * 1024
HARNESS = HERE / "harness.py"


class NotACodeExercise(ValueError):
    pass


def _code_dir(exercise) -> Path:
    folder = getattr(exercise, "code_dir", None)
    if getattr(exercise, "kind", None) != "code" or folder is None:
        raise NotACodeExercise(say("not_code", "en", exercise=getattr(exercise, "id", exercise)))
    return Path(folder)


def starter_text(exercise) -> str:
    return (_code_dir(exercise) / "starter.py").read_text(encoding="utf-8")


def solution_text(exercise) -> str:
    return (_code_dir(exercise) / "solution.py").read_text(encoding="utf-8")


def read_source(source: Path, lang: str) -> tuple[str | None, str | None]:
    """The learner's file as text, or None and why not. It is read once, here, so that a
    file deleted or rewritten while the tests run changes nothing in this run."""
    path = visible(str(source))
    try:
        fd = os.open(source, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        return None, say("missing_file", lang, path=path)
    except OSError as exc:
        return None, say("unreadable", lang, path=path, reason=exc.strerror)
    with os.fdopen(fd, "rb") as f:
        info = os.fstat(f.fileno())
        if not stat.S_ISREG(info.st_mode):
            return None, say("unreadable", lang, path=path, reason="not a regular file")
        raw = f.read(MAX_SOURCE_BYTES + 1)
    if len(raw) > MAX_SOURCE_BYTES:
        return None, say(
            "too_big", lang, path=path, size=max(len(raw), info.st_size), limit=MAX_SOURCE_BYTES
        )
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError:
        return None, say("not_utf8", lang, path=path)


def _feedback(exercise, mistake_id: str | None, lang: str) -> str | None:
    for m in getattr(exercise, "code_mistakes", ()):
        if m.id == mistake_id:
            return m.feedback.get(lang)
    return None


def job_for(exercise, source_path: Path, source_text: str, lang: str) -> dict:
    folder = _code_dir(exercise).resolve()
    return {
        "lang": lang,
        "seed": 0,
        "learner_path": str(source_path.absolute()),
        "learner_source": source_text,
        "tests": str(folder / "tests.py"),
        "solution": str(folder / "solution.py"),
        "mistakes": [
            {"id": m.id, "file": str(folder / m.file)}
            for m in getattr(exercise, "code_mistakes", ())
        ],
    }


DEFAULT_LIMITS = Limits()


def check_code(exercise, source: Path, lang: str, limits: Limits = DEFAULT_LIMITS) -> RunReport:
    """Run the exercise's tests on the learner's file in a limited child process (blocking)."""
    started = time.perf_counter()
    source = Path(source)
    text, problem = read_source(source, lang)
    if text is None:
        return RunReport(status="error", error=problem, ms=(time.perf_counter() - started) * 1000)
    run = run_child(HARNESS, job_for(exercise, source, text, lang), limits)
    report = _report(run, exercise, lang, limits)
    report.ms = (time.perf_counter() - started) * 1000
    return report


def _report(run, exercise, lang: str, limits: Limits) -> RunReport:
    output = visible(run.output.decode("utf-8", "replace"), keep_newlines=True)
    done = next((e for e in run.events if e.get("event") == "done"), None)
    limit = run.limit
    if any(e.get("event") == "limit" for e in run.events):
        limit = next(e["limit"] for e in run.events if e.get("event") == "limit")
    if done is None and limit is None and run.returncode == -signal.SIGXCPU:
        limit = "time"
    if done is not None and limit is None:
        tests = [
            TestResult(t["name"], bool(t["passed"]), t["message"] or "") for t in done["tests"]
        ]
        mistake = done.get("mistake")
        return RunReport(
            status=done["status"],
            tests=tests,
            mistake=mistake,
            feedback=_feedback(exercise, mistake, lang),
            error=done.get("error"),
            output=output,
        )
    running = [e["name"] for e in run.events if e.get("event") == "test"]
    during = say("during", lang, name=running[-1]) if running else ""
    if limit is not None:
        message = {
            "time": lambda: say("time", lang, seconds=limits.wall_s, during=during),
            "memory": lambda: say("memory", lang, mb=limits.memory_mb, during=during),
            "output": lambda: say("output", lang, bytes=limits.output_bytes, during=during),
        }[limit]()
        return RunReport(status="limit", limit=limit, error=message, output=output)
    broken = next((e for e in run.events if e.get("event") == "broken"), None)
    if broken is not None:
        return RunReport(
            status="error", error=say("broken", lang, error=broken["error"]), output=output
        )
    code = run.returncode
    how = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
    return RunReport(status="error", error=say("died", lang, how=how), output=output)
