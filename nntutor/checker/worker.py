"""The checker's worker process: ``python -m nntutor.checker.worker [--memory-mb N]``.

It reads one JSON request per line on stdin and writes JSON lines on stdout:
``{"ready": true}`` once started, then for each request ``{"id", "partial"}``
(optional: the numeric verdict, before a symbolic proof is tried) and
``{"id", "result"}``. It limits its own address space (RLIMIT_AS) and, per
request, its CPU time (RLIMIT_CPU), so that it cannot outlive a hard overrun
even if its parent has gone. It exits at the end of its input.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import sys

from nntutor.checker import messages

WARM_UP = [
    {
        "answer": "x·σ(wx+b)(1−σ(wx+b))",
        "expected": "x*exp(-w*x-b)/(1+exp(-w*x-b))^2",
        "vars": ["w", "x", "b"],
    },
    {"answer": "sigma(w*x+b)*(1-sigma(w*x+b))", "expected": "x*sigma(w*x+b)*(1-sigma(w*x+b))"},
    {"answer": "1 - tanh(z)^2", "expected": "4/(e^z + e^-z)^2"},
]


def _skip_unused_sympy_modules() -> None:
    """Stand-ins for two SymPy modules that cost most of a cold first check.

    SymPy imports ``sympy.physics.units`` (in the pretty printer and in simplify)
    and ``sympy.tensor.tensor`` (in every Add) on first use, only to test
    ``isinstance`` against their classes; loading them takes about 0.4 s. The
    worker builds no physical quantities and no tensors, so modules whose
    classes nothing is an instance of give the same answers. Any other name
    asked of them fails loudly (ImportError), never silently.
    """
    import types

    import sympy

    root = os.path.dirname(sympy.__file__)

    def stand_in(name: str, folder: str | None, *classes: str) -> None:
        if name in sys.modules:
            return
        module = types.ModuleType(name)
        if folder is not None:  # a package: its other submodules still import normally
            module.__path__ = [os.path.join(root, folder)]
        for cls in classes:
            setattr(module, cls, type(cls, (), {}))
        sys.modules[name] = module

    stand_in("sympy.physics", "physics")
    stand_in("sympy.physics.units", os.path.join("physics", "units"), "Quantity", "Unit")
    stand_in("sympy.tensor.tensor", None, "TensExpr", "TensAdd")


def _limit_memory(megabytes: int) -> None:
    if megabytes <= 0:
        return
    limit = megabytes * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    with contextlib.suppress(ValueError, OSError):  # some systems (macOS) refuse RLIMIT_AS
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _limit_cpu(seconds: float) -> None:
    """A CPU-time ceiling for the next request: SIGXCPU ends the process past it."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = int(usage.ru_utime + usage.ru_stime + seconds) + 1
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m nntutor.checker.worker")
    parser.add_argument("--memory-mb", type=int, default=512)
    args = parser.parse_args(argv)

    # The protocol owns the real stdout; anything else printed goes to stderr.
    channel = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr

    def send(message: dict) -> None:
        channel.write(json.dumps(message) + "\n")  # ASCII: even a lone surrogate typed is safe
        channel.flush()

    _limit_memory(args.memory_mb)
    _skip_unused_sympy_modules()
    from nntutor.checker import service
    from nntutor.checker.budget import Deadlines, OutOfTime

    deadlines = Deadlines()
    for req in WARM_UP:
        with deadlines.limit(5.0):
            service.check(req, deadlines, lambda result: None)
    service.preview({"text": "σ(z)²"})
    send({"ready": True, "pid": os.getpid()})

    for line in sys.stdin.buffer:
        try:
            req = json.loads(line)
        except ValueError:
            continue
        if not isinstance(req, dict):
            continue
        op = req.get("op")
        if op == "quit":
            break
        rid = req.get("id")
        lang = req.get("lang", "en")
        timeout = float(req.get("timeout", 3.0))
        partial: list[dict] = []

        def early(result: dict, rid=rid, partial=partial) -> None:
            partial.append(result)
            send({"id": rid, "partial": result})

        fatal = False
        _limit_cpu(2 * timeout + 5)
        try:
            with deadlines.limit(0.85 * timeout):
                if op == "preview":
                    result = service.preview(req)
                elif op == "check":
                    result = service.check(req, deadlines, early)
                elif op == "info":
                    result = {
                        "pid": os.getpid(),
                        "rlimit_as": resource.getrlimit(resource.RLIMIT_AS)[0],
                        "rlimit_cpu": resource.getrlimit(resource.RLIMIT_CPU)[0],
                        "modules": sorted(
                            m for m in ("sympy", "textual", "numpy") if m in sys.modules
                        ),
                    }
                else:
                    result = {"valid": False, "error": f"unknown request {op!r}"}
        except (OutOfTime, RecursionError, MemoryError) as exc:
            fatal = isinstance(exc, MemoryError)
            if partial:
                result = partial[-1]
            else:
                message = messages.text("too_complex", lang, s=f"{timeout:g}")
                result = {
                    "valid": False,
                    "error": message,
                    "feedback": message,
                    "method": "timeout",
                }
        except Exception as exc:  # noqa: BLE001 - never let one request take the worker down
            message = messages.text("internal", lang, why=f"{type(exc).__name__}: {exc}"[:200])
            result = {"valid": False, "error": message, "feedback": message}
        send({"id": rid, "result": result})
        if fatal:
            return 1  # after running out of memory, start afresh
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
