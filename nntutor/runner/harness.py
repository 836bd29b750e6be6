"""The child side of a code check. It runs as ``python -I harness.py`` and imports nothing of nntutor.

The parent (nntutor.runner.check) writes one JSON job on stdin and reads JSON lines from
the result pipe whose number the job names. Here, in order: stdin is closed, the limits
are set (address space, CPU time, no new processes, no core files), the exercise's tests
and reference solution are loaded, then the learner's file, and every test case is run on
the reference and on the learner's functions with the same seeded inputs. When a test
fails, each anticipated mistake runs on the same inputs, and the first whose outputs match
the learner's is named.

Messages are in the learner's language; errors point at the learner's own file and line.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import traceback
import types

MESSAGES = {
    "en": {
        "shape": "{name} has shape {got}, expected {want}",
        "transposed": " (transposed?)",
        "value": "{name} is {got}, expected {want}",
        "not_array": "{name} is {got!s}, expected numbers of shape {want}",
        "missing": "your file defines no `{name}`; keep the name the starter gave it",
        "raised": "your code stopped with an error: {error}",
        "test_broke": "the test could not use what your code returned: {error}",
        "missing_output": "{name} was not returned",
        "exit": "your code called exit() (SystemExit {code}); return a value instead",
        "memory": "out of memory",
    },
    "ru": {
        "shape": "{name} имеет форму {got}, ожидалось {want}",
        "transposed": " (транспонировано?)",
        "value": "{name} равно {got}, ожидалось {want}",
        "not_array": "{name} — это {got!s}, ожидались числа формы {want}",
        "missing": "в вашем файле нет `{name}`; сохраните имя, данное в заготовке",
        "raised": "ваш код остановился с ошибкой: {error}",
        "test_broke": "тест не смог использовать то, что вернул ваш код: {error}",
        "missing_output": "{name} не возвращено",
        "exit": "ваш код вызвал exit() (SystemExit {code}); верните значение вместо этого",
        "memory": "не хватило памяти",
    },
}


class Case:
    """One test: ``fn(module, rng)`` returns named outputs; ``expect`` may compute them another way."""

    def __init__(self, fn, name: dict, rtol: float, atol: float):
        self.fn = fn
        self.name = name
        self.rtol = rtol
        self.atol = atol
        self.expect_fn = None

    def expect(self, fn):
        """Compute the expected outputs with ``fn(reference, rng)`` (a central difference, say)."""
        self.expect_fn = fn
        return fn


def make_case_decorator(cases: list):
    def case(en: str, ru: str | None = None, *, rtol: float = 1e-6, atol: float = 1e-9):
        def wrap(fn):
            c = Case(fn, {"en": en, "ru": ru or en}, rtol, atol)
            cases.append(c)
            return c

        return wrap

    return case


def numeric_gradient(f, x, h: float = 1e-6):
    """∂f/∂x by central differences; f returns a scalar, x is changed and restored in place."""
    import numpy as np

    x = np.asarray(x)
    grad = np.zeros(x.shape, dtype=float)
    flat = x.reshape(-1)
    out = grad.reshape(-1)
    for i in range(flat.size):
        keep = flat[i]
        flat[i] = keep + h
        up = float(f(x))
        flat[i] = keep - h
        down = float(f(x))
        flat[i] = keep
        out[i] = (up - down) / (2 * h)
    return grad


class MissingName(Exception):
    def __init__(self, name: str):
        super().__init__(name)
        self.name = name


class Module:
    """The module under test as the tests see it: a missing function is named, not an AttributeError."""

    def __init__(self, namespace: dict):
        self._ns = namespace

    def __getattr__(self, name: str):
        try:
            return self._ns[name]
        except KeyError:
            raise MissingName(name) from None


class LearnerError(Exception):
    """An exception raised in the learner's code, located at their file and line."""

    def __init__(self, where: str):
        super().__init__(where)
        self.where = where


def locate(exc: BaseException, filename: str, shown: str) -> str | None:
    """'shown, line N: Type: message' at the learner's deepest frame, or None when not in their code."""
    if isinstance(exc, SyntaxError) and exc.filename == filename:
        text = f"{type(exc).__name__}: {exc.msg}"
        return f"{shown}, line {exc.lineno}: {text}"
    line = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == filename:
            line = frame.lineno
    if line is None:
        return None
    detail = str(exc)
    text = f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
    return f"{shown}, line {line}: {text}"


def load(source: str, filename: str, name: str) -> dict:
    code = compile(source, filename, "exec", dont_inherit=True)
    namespace = {"__name__": name, "__file__": filename, "__builtins__": __builtins__}
    exec(code, namespace)
    return namespace


def read(path: str) -> str:
    with open(path, encoding="utf-8") as f:
        return f.read()


def shape_of(value) -> str:
    return "(" + ", ".join(str(n) for n in value.shape) + (",)" if value.ndim == 1 else ")")


def number(value: float, other: float) -> str:
    """``value`` with as few digits as tell it apart from ``other``."""
    for digits in (4, 6, 8, 10, 14, 17):
        a, b = f"{value:.{digits}g}", f"{other:.{digits}g}"
        if a != b:
            return a
    return f"{value:.17g}"


def compare(name: str, got, want, rtol: float, atol: float, text: dict) -> str | None:
    """None when ``got`` matches ``want``, else what differs first, in the learner's words."""
    import numpy as np

    want = np.asarray(want, dtype=float)
    try:
        got_arr = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        shown = type(got).__name__ if got is not None else "None"
        return text["not_array"].format(name=name, got=shown, want=shape_of(want))
    if got is None:
        return text["not_array"].format(name=name, got="None", want=shape_of(want))
    if got_arr.shape != want.shape:
        if got_arr.size == want.size == 1:
            got_arr = got_arr.reshape(want.shape)
        else:
            msg = text["shape"].format(name=name, got=shape_of(got_arr), want=shape_of(want))
            if got_arr.ndim == 2 and got_arr.shape == want.shape[::-1]:
                msg += text["transposed"]
            return msg
    close = np.isclose(got_arr, want, rtol=rtol, atol=atol)
    if close.all():
        return None
    index = tuple(int(i) for i in np.argwhere(~close)[0])
    label = f"{name}[{', '.join(str(i) for i in index)}]" if index else name
    g, w = float(got_arr[index]), float(want[index])
    return text["value"].format(name=label, got=number(g, w), want=number(w, g))


def outputs_match(a: dict, b: dict, rtol: float, atol: float) -> bool:
    import numpy as np

    if set(a) != set(b):
        return False
    for key in a:
        try:
            x = np.asarray(a[key], dtype=float)
            y = np.asarray(b[key], dtype=float)
        except (TypeError, ValueError):
            return False
        if x.shape != y.shape or not np.allclose(x, y, rtol=rtol, atol=atol, equal_nan=True):
            return False
    return True


class Run:
    def __init__(self, job: dict, out):
        self.job = job
        self.out = out
        self.lang = job.get("lang", "en") if job.get("lang") in MESSAGES else "en"
        self.text = MESSAGES[self.lang]
        self.learner_file = job["learner_path"]
        self.shown = os.path.basename(self.learner_file)

    def emit(self, **event) -> None:
        self.out.write(json.dumps(event) + "\n")
        self.out.flush()

    def seeded(self, index: int):
        import numpy as np

        return np.random.default_rng([int(self.job.get("seed", 0)), index])

    def describe(self, exc: BaseException) -> str:
        """An exception from a test call: at the learner's line when it came from their code."""
        if isinstance(exc, MissingName):
            return self.text["missing"].format(name=exc.name)
        if isinstance(exc, SystemExit):
            return self.text["exit"].format(code=exc.code)
        where = locate(exc, self.learner_file, self.shown)
        if where is not None:
            return self.text["raised"].format(error=where)
        return self.text["test_broke"].format(error=f"{type(exc).__name__}: {exc}")

    def main(self) -> None:
        job = self.job
        cases: list[Case] = []
        helpers = types.ModuleType("codecheck", "What an exercise's tests.py imports.")
        helpers.case = make_case_decorator(cases)
        helpers.numeric_gradient = numeric_gradient
        sys.modules["codecheck"] = helpers
        load(read(job["tests"]), job["tests"], "exercise_tests")
        reference = Module(load(read(job["solution"]), job["solution"], "solution"))
        try:
            learner = Module(load(job["learner_source"], self.learner_file, "learner"))
        except MemoryError:
            raise
        except (Exception, SystemExit) as exc:  # noqa: BLE001  (the learner's file failed to run)
            where = locate(exc, self.learner_file, self.shown)
            if isinstance(exc, SystemExit):
                where = f"{self.shown}: " + self.text["exit"].format(code=exc.code)
            self.emit(
                event="done",
                status="error",
                error=where or f"{type(exc).__name__}: {exc}",
                tests=[],
                mistake=None,
            )
            return
        tests, learner_outputs, first_error = [], [], None
        for index, c in enumerate(cases):
            name = c.name.get(self.lang) or c.name["en"]
            self.emit(event="test", name=name)
            expect = c.expect_fn or c.fn
            want = expect(reference, self.seeded(index))
            try:
                got = c.fn(learner, self.seeded(index))
            except MemoryError:
                raise
            except (Exception, SystemExit) as exc:  # noqa: BLE001  (anything the learner raises)
                message = self.describe(exc)
                if first_error is None and not isinstance(exc, MissingName):
                    first_error = locate(exc, self.learner_file, self.shown)
                tests.append({"name": name, "passed": False, "message": message})
                learner_outputs.append(None)
                continue
            learner_outputs.append(got)
            message = None
            for key, value in want.items():
                if key not in got:
                    message = self.text["missing_output"].format(name=key)
                else:
                    message = compare(key, got[key], value, c.rtol, c.atol, self.text)
                if message:
                    break
            tests.append({"name": name, "passed": message is None, "message": message or ""})
        passed = all(t["passed"] for t in tests)
        mistake = None
        if not passed and any(o is not None for o in learner_outputs):
            mistake = self.match_mistake(cases, learner_outputs)
        self.emit(
            event="done",
            status="passed" if passed else "failed",
            tests=tests,
            mistake=mistake,
            error=first_error,
        )

    def match_mistake(self, cases: list[Case], learner_outputs: list) -> str | None:
        """The first mistake that gives the learner's outputs on every test, and fails where they fail.

        ``learner_outputs[i]`` is None where the learner's code raised on test i; a mistake
        matches there only if it raises too (a transposed W that cannot be multiplied, say).
        """
        for m in self.job.get("mistakes", []):
            try:
                module = Module(load(read(m["file"]), m["file"], "mistake"))
            except MemoryError:
                raise
            except Exception:  # noqa: BLE001  (a broken mistake file matches nothing)
                continue
            for index, c in enumerate(cases):
                try:
                    theirs = c.fn(module, self.seeded(index))
                except MemoryError:
                    raise
                except Exception:  # noqa: BLE001  (the mistake raises on these inputs)
                    theirs = None
                mine = learner_outputs[index]
                if (mine is None) != (theirs is None):
                    break
                if mine is not None and not outputs_match(mine, theirs, c.rtol, c.atol):
                    break
            else:
                return m["id"]
        return None


def set_limits(limits: dict) -> None:
    import resource

    memory = int(limits["memory_mb"]) * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    cpu = max(1, int(limits["cpu_s"]))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    size = int(limits.get("file_mb", 16)) * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))


def no_new_processes() -> None:
    """Forbid fork and threads from here on (not enforced for root; the process group is killed anyway)."""
    import resource

    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_NPROC, (0, 0))


def start() -> tuple[dict, object]:
    job = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    out = os.fdopen(int(job["result_fd"]), "w", encoding="utf-8", buffering=1)
    set_limits(job["limits"])
    import numpy  # noqa: F401  (before the process limit: OpenBLAS may start a thread)

    no_new_processes()
    return job, out


def main() -> None:
    job, out = start()
    run = Run(job, out)
    try:
        run.main()
    except MemoryError:
        run.emit(event="limit", limit="memory")
    except Exception:  # noqa: BLE001  (the exercise's own files are broken: an authoring problem)
        run.emit(event="broken", error=traceback.format_exc(limit=-3))
    sys.stdout.flush()
    os._exit(0)  # skip interpreter teardown: the learner's objects may misbehave in __del__


if __name__ == "__main__":
    main()
