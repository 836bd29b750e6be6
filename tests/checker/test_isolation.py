"""The worker process: light parent, limits, overruns, restarts, threads, no orphans."""

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from nntutor.checker import Checker

ROOT = Path(__file__).resolve().parents[2]


def _gone(pid: int, within: float = 5.0) -> bool:
    """Whether the process has exited (a zombie awaiting its reaper counts as exited)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return True
        if state in ("Z", "X"):
            return True
        time.sleep(0.05)
    return False


def test_importing_the_checker_does_not_import_sympy():
    code = (
        "import sys, nntutor.checker\n"
        "from nntutor.checker import Checker, CheckResult, Preview, StepsResult\n"
        "heavy = [m for m in ('sympy', 'mpmath', 'numpy', 'textual') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_checker_never_imports_textual():
    for path in (ROOT / "nntutor" / "checker").glob("*.py"):
        text = path.read_text()
        assert "import textual" not in text and "from textual" not in text, path.name


def test_worker_limits_its_memory(checker):
    info = checker.info()
    assert info["rlimit_as"] == 512 * 1024 * 1024
    assert 0 < info["rlimit_cpu"] < 10**6
    assert info["pid"] != os.getpid()


def test_a_frozen_worker_is_killed_and_replaced():
    with Checker(timeout=1.0) as checker:
        assert checker.check("x", "x").equivalent
        pid, starts = checker.pid, checker.starts
        os.kill(pid, signal.SIGSTOP)  # as good as a hang in C code that ignores every signal
        start = time.monotonic()
        result = checker.check("2x", "x + x")
        assert time.monotonic() - start < 2.0
        assert not result.valid and result.method == "timeout"
        assert "Too complex to check" in result.error
        assert _gone(pid)
        again = checker.check("2x", "x + x")
        assert again.valid and again.equivalent
        assert checker.starts == starts + 1 and checker.pid != pid


def test_overrun_in_the_worker_answers_too_complex_without_a_kill():
    with Checker(timeout=0.05) as checker:
        checker.start()
        pid = checker.pid
        result = checker.check("softplus(z) - softplus(-z) + tanh(z)^2", "z + 1 - 1/cosh(z)^2")
        # the numeric verdict arrives in time; the symbolic proof does not, so "numeric" decides
        assert not result.valid or result.method in ("numeric", "identical", "rewrite", "simplify")
        checker.timeout = 3.0
        assert checker.check("x", "x").equivalent
        assert checker.pid is not None and (checker.pid == pid or checker.starts == 2)


def test_a_killed_worker_is_restarted_transparently():
    with Checker() as checker:
        checker.start()
        pid = checker.pid
        os.kill(pid, signal.SIGKILL)
        assert _gone(pid)
        result = checker.check("sigma(z)*(1 - sigma(z))", "exp(-z)/(1 + exp(-z))^2")
        assert result.valid and result.equivalent
        assert checker.starts == 2


def test_close_leaves_no_process():
    checker = Checker()
    checker.start()
    pid = checker.pid
    assert pid is not None
    checker.close()
    assert _gone(pid, within=2.0)
    assert checker.pid is None
    assert checker.check("x", "x").equivalent  # usable again: a new worker starts
    checker.close()


def test_worker_exits_when_its_parent_dies():
    code = (
        "import sys, time\n"
        "from nntutor.checker import Checker\n"
        "c = Checker()\n"
        "c.check('x', 'x')\n"
        "print(c.pid, flush=True)\n"
        "time.sleep(60)\n"
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        worker = int(parent.stdout.readline())
        parent.kill()
        parent.wait()
        assert _gone(worker, within=5.0)
    finally:
        parent.kill()


def test_worker_exits_with_its_parent_at_interpreter_exit():
    code = "from nntutor.checker import Checker\nc = Checker()\nc.check('x', 'x')\nprint(c.pid)\n"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert _gone(int(out.stdout), within=2.0)


def test_thread_safe_calls_from_many_threads(checker):
    cases = [
        ("sigma(z)*(1 - sigma(z))", "exp(-z)/(1 + exp(-z))^2", True),
        ("1 - tanh(z)^2", "1/cosh(z)^2", True),
        ("-x", "x", False),
        ("2x", "x + x", True),
    ]
    failures = []

    def work(k: int) -> None:
        for i in range(6):
            answer, expected, verdict = cases[(k + i) % len(cases)]
            result = checker.check(answer, expected)
            if result.equivalent != verdict or not result.valid:
                failures.append((answer, expected, result))
            if not checker.preview(answer).valid:
                failures.append(("preview", answer))

    threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures


def test_safe_to_start_from_a_process_running_threads():
    stop = threading.Event()
    busy = [
        threading.Thread(target=lambda: [None for _ in iter(stop.is_set, True)], daemon=True)
        for _ in range(3)
    ]
    for t in busy:
        t.start()
    try:
        with Checker() as checker:
            done = []
            starter = threading.Thread(target=lambda: done.append(checker.check("x*x", "x^2")))
            starter.start()
            starter.join(30)
            assert done and done[0].equivalent
    finally:
        stop.set()


@pytest.mark.parametrize(
    "text", ["9^9^9^9", "10^10^8", "factorial(10^7)", "exp(exp(exp(exp(100))))", "(x-1)^100000"]
)
def test_issue_examples_return_within_the_limit(checker, text):
    start = time.monotonic()
    result = checker.check(text, "x")
    assert time.monotonic() - start < checker.timeout
    assert not result.valid and result.error


def test_unavailable_worker_is_reported(monkeypatch):
    checker = Checker()
    monkeypatch.setattr(sys, "executable", "/nonexistent/python")
    result = checker.check("x", "x")
    assert not result.valid and "could not start" in result.error
    preview = checker.preview("x")
    assert not preview.valid and preview.error
    checker.close()


def test_memory_limit_is_enforced():
    with Checker(memory_mb=20) as checker:  # too little even to import SymPy
        result = checker.check("x", "x")
        assert not result.valid and "could not start" in result.error
        assert "MemoryError" in result.error
