"""Reading one exercise of a lesson.toml into the model: every field checked, with a precise
message for each problem (collected, never raised)."""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

from nntutor.course.files import Collector as _Collector
from nntutor.course.model import KINDS, Choice, Exercise, Mistake, Param, Text
from nntutor.i18n import LANGUAGES

LANGS = LANGUAGES  # English and every language with a catalog in nntutor/locale
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_SKILL = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_VAR = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _text(value: Any, where: str, c: _Collector, *, required: bool = True) -> Text | None:
    """A per-language text: a table with en/ru keys (a plain string counts as English)."""
    if value is None:
        if required:
            c.error(where, "missing (write it as a table with 'en' and 'ru' keys)")
        return None
    if isinstance(value, str):
        value = {"en": value}
    if not isinstance(value, dict):
        c.error(where, f"expected a table with 'en' and 'ru' keys, found {type(value).__name__}")
        return None
    by_lang: dict[str, str] = {}
    for lang, text in value.items():
        if lang not in LANGS:
            c.error(f"{where}.{lang}", f"unknown language {lang!r} (use {', '.join(LANGS)})")
        elif not isinstance(text, str):
            c.error(f"{where}.{lang}", f"expected a string, found {type(text).__name__}")
        elif not text.strip():
            c.error(f"{where}.{lang}", "empty text")
        else:
            by_lang[lang] = text
    if "en" not in by_lang and by_lang:
        c.error(where, "the English text ('en') is required: it is the fallback for every language")
        return None
    for lang in LANGS:
        if lang not in by_lang and by_lang:
            c.warn(where, f"no {lang!r} text (learners in that language see English)", lang)
    return Text(by_lang) if by_lang else None


def _str_list(
    value: Any, where: str, c: _Collector, pattern: re.Pattern | None = None
) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        c.error(where, "expected a list of strings")
        return ()
    if pattern is not None:
        for item in value:
            if not pattern.match(item):
                c.error(where, f"{item!r} is not a valid name (lowercase letters, digits and '-')")
    return tuple(value)


def _number(
    value: Any, where: str, c: _Collector, default: float, *, minimum: float | None = None
) -> float:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        c.error(where, f"expected a number, found {value!r}")
        return default
    try:
        finite = math.isfinite(value)
    except OverflowError:  # an integer of hundreds of digits
        finite = False
    if not finite:
        c.error(where, f"expected a finite number such as 0.5 or 1e6, found {str(value)[:20]}")
        return default
    if minimum is not None and value < minimum:
        c.error(where, f"must be at least {minimum}, found {value}")
    return float(value)


_COMMON_KEYS = {"id", "kind", "skills", "prompt", "hints", "solution"}
_KIND_KEYS = {
    "single_choice": {"choices"},
    "multiple_choice": {"choices"},
    "numeric": {"answer", "tolerance", "rel_tolerance", "params", "derived", "mistakes"},
    "expression": {"expected", "vars", "domains", "tolerance", "mistakes", "defines"},
    "derivation": {
        "expected",
        "vars",
        "domains",
        "tolerance",
        "mistakes",
        "defines",
        "start",
        "steps",
        "wrt",
    },
    "lab_challenge": {"dataset", "target", "max_epochs", "limits", "preset", "locked", "reference"},
    "code": {"code", "part"},
    "experiment": {"experiment", "choices", "answer", "tolerance", "rel_tolerance"},
}


def _exercise(raw: Any, index: int, c: _Collector, folder: Path | None = None) -> Exercise | None:
    where = f"exercises[{index}]"
    if not isinstance(raw, dict):
        c.error(where, "each exercise must be a table ([[exercises]])")
        return None
    ex_id = raw.get("id")
    if not isinstance(ex_id, str) or not _ID.match(ex_id):
        c.error(
            f"{where}.id", f"missing or invalid id {ex_id!r} (lowercase letters, digits and '-')"
        )
        return None
    where = f"exercises[{index}] ({ex_id})"
    kind = raw.get("kind")
    if kind not in KINDS:
        c.error(f"{where}.kind", f"unknown kind {kind!r}; use one of: {', '.join(KINDS)}")
        return None
    for key in sorted(set(raw) - _COMMON_KEYS - _KIND_KEYS[kind]):
        c.error(f"{where}.{key}", f"unknown field for a {kind} exercise (a typo?)")
    before = len([p for p in c.problems if p.severity == "error"])
    prompt = _text(raw.get("prompt"), f"{where}.prompt", c)
    solution = _text(raw.get("solution"), f"{where}.solution", c)
    hints_raw = raw.get("hints")
    hints: list[Text] = []
    if not isinstance(hints_raw, list) or not hints_raw:
        c.error(f"{where}.hints", "at least one hint is required (a list of {en = ..., ru = ...})")
    else:
        for i, h in enumerate(hints_raw):
            t = _text(h, f"{where}.hints[{i}]", c)
            if t:
                hints.append(t)
    ex = Exercise(
        id=ex_id,
        kind=kind,
        skills=_str_list(raw.get("skills"), f"{where}.skills", c, _SKILL),
        prompt=prompt or Text({}),
        hints=tuple(hints),
        solution=solution or Text({}),
    )
    if kind in ("single_choice", "multiple_choice"):
        _choices(raw, ex, where, c)
    elif kind == "numeric":
        _numeric(raw, ex, where, c)
    elif kind in ("expression", "derivation"):
        _expression(raw, ex, where, c)
    elif kind == "code":
        from nntutor.course.code_files import load_code

        load_code(raw, ex, where, c, folder)
    elif kind == "experiment":
        from nntutor.course.experiments import read_exercise

        read_exercise(raw, ex, where, c, _text)
    else:
        _lab(raw, ex, where, c)
    after = len([p for p in c.problems if p.severity == "error"])
    return ex if after == before else None


def _choices(raw: dict, ex: Exercise, where: str, c: _Collector) -> None:
    items = raw.get("choices")
    if not isinstance(items, list) or len(items) < 2:
        c.error(f"{where}.choices", "a choice exercise needs a list of at least two choices")
        return
    choices = []
    for i, item in enumerate(items):
        w = f"{where}.choices[{i}]"
        if not isinstance(item, dict):
            c.error(w, 'each choice is a table like { en = "...", ru = "...", correct = true }')
            continue
        correct = item.get("correct", False)
        if not isinstance(correct, bool):
            c.error(f"{w}.correct", "must be true or false")
            correct = False
        why = _text(item.get("why"), f"{w}.why", c, required=False)
        text = _text({k: v for k, v in item.items() if k in LANGS}, w, c)
        for key in set(item) - set(LANGS) - {"correct", "why"}:
            c.error(f"{w}.{key}", "unknown field in a choice (use en, ru, correct, why)")
        if text:
            choices.append(Choice(text=text, correct=correct, why=why))
    ex.choices = tuple(choices)
    n_correct = len(ex.correct_choices)
    if ex.kind == "single_choice" and n_correct != 1:
        c.error(
            f"{where}.choices",
            f"single_choice needs exactly one choice with correct = true (found {n_correct})",
        )
    if ex.kind == "multiple_choice" and n_correct < 1:
        c.error(f"{where}.choices", "multiple_choice needs at least one choice with correct = true")


def _numeric(raw: dict, ex: Exercise, where: str, c: _Collector) -> None:
    from nntutor.course.formula import FormulaError, formula_names
    from nntutor.course.numeric import placeholders, plural_problems

    answer = raw.get("answer")
    if answer is None or isinstance(answer, bool) or not isinstance(answer, (int, float, str)):
        c.error(
            f"{where}.answer",
            "a numeric exercise needs an answer: a number or a formula over its params",
        )
        return
    ex.answer = answer if isinstance(answer, str) else _number(answer, f"{where}.answer", c, 0.0)
    ex.tolerance = _number(raw.get("tolerance"), f"{where}.tolerance", c, 0.0, minimum=0)
    ex.rel_tolerance = _number(
        raw.get("rel_tolerance"), f"{where}.rel_tolerance", c, 1e-6, minimum=0
    )
    params_raw = raw.get("params", {})
    params: list[Param] = []
    if not isinstance(params_raw, dict):
        c.error(
            f"{where}.params",
            "expected a table of name = { choices = [...] } or { min, max, step }",
        )
        params_raw = {}
    for name, spec in params_raw.items():
        w = f"{where}.params.{name}"
        if not _VAR.match(name):
            c.error(w, "a param name is letters, digits and '_'")
            continue
        if not isinstance(spec, dict):
            c.error(w, "expected { choices = [...] } or { min = ..., max = ..., step = ... }")
            continue
        if "choices" in spec:
            ch = spec["choices"]
            if (
                not isinstance(ch, list)
                or not ch
                or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in ch)
            ):
                c.error(f"{w}.choices", "expected a non-empty list of numbers")
                continue
            param = Param(name, choices=tuple(float(v) for v in ch))
            problem = _param_problem(param)
            if problem:
                c.error(f"{w}.choices", problem)
            params.append(param)
        elif "min" in spec and "max" in spec:
            low = _number(spec["min"], f"{w}.min", c, 0.0)
            high = _number(spec["max"], f"{w}.max", c, 0.0)
            step = spec.get("step")
            if step is not None:
                step = _number(step, f"{w}.step", c, 0.0)
                if step <= 0:
                    c.error(f"{w}.step", "must be positive")
                    step = None
            param = Param(name, low=low, high=high, step=step)
            if high < low:
                c.error(w, f"min ({low}) is greater than max ({high})")
            elif problem := _param_problem(param):
                c.error(w, problem)
            params.append(param)
        else:
            c.error(w, "expected { choices = [...] } or { min = ..., max = ... }")
        for key in set(spec) - {"choices", "min", "max", "step"}:
            c.error(f"{w}.{key}", "unknown field (use choices, or min, max and step)")
    ex.params = tuple(params)
    known = {p.name for p in params}
    derived_raw = raw.get("derived", {})
    if not isinstance(derived_raw, dict):
        c.error(f"{where}.derived", 'expected a table of name = "formula", e.g. z = "w*x + b"')
        derived_raw = {}
    derived: list[tuple[str, str]] = []
    for name, formula in derived_raw.items():
        w = f"{where}.derived.{name}"
        if not _VAR.match(name) or name == "answer":
            c.error(w, "a derived name is letters, digits and '_' (and not 'answer')")
        elif name in known:
            c.error(w, f"{name} is already a param or derived above; give it another name")
        elif not isinstance(formula, str) or not formula.strip():
            c.error(w, 'expected a formula in quotes, e.g. z = "w*x + b"')
        elif unknown := formula_names(formula) - known:
            c.error(
                w,
                f"the formula uses {', '.join(sorted(unknown))}: a derived quantity may use"
                " the params and the quantities derived above it",
            )
        else:
            derived.append((name, formula))
            known.add(name)
    ex.derived = tuple(derived)
    ex.mistakes = _mistakes(raw, where, c)
    formulas = [(f"{where}.answer", ex.answer)] if isinstance(ex.answer, str) else []
    formulas += [(f"{where}.mistakes[{i}].answer", m.answer) for i, m in enumerate(ex.mistakes)]
    for w, formula in formulas:
        if unknown := formula_names(formula) - known - ({"answer"} if ".mistakes" in w else set()):
            c.error(
                w,
                f"the formula uses {', '.join(sorted(unknown))}, which are not params"
                + (" or derived" if ex.derived else ""),
            )
    if isinstance(ex.answer, str) and not formula_names(ex.answer) - known:
        from nntutor.course.numeric import variant

        try:
            variant(ex, 0)
        except FormulaError as exc:
            c.error(f"{where}.answer", str(exc))
    texts = [*ex.prompt.by_lang.values(), *ex.solution.by_lang.values()]
    texts += [t for h in ex.hints for t in h.by_lang.values()]
    texts += [t for m in ex.mistakes for t in m.feedback.by_lang.values()]
    for name in sorted(set().union(*(placeholders(t) for t in texts)) - known - {"answer"}):
        c.error(
            f"{where}", f"the text uses {{{name}}}, which is neither a param nor a derived name"
        )
    for label, text in (
        [("prompt", ex.prompt), ("solution", ex.solution)]
        + [(f"hints[{i}]", h) for i, h in enumerate(ex.hints)]
        + [(f"mistakes[{i}].feedback", m.feedback) for i, m in enumerate(ex.mistakes)]
    ):
        for lang, body in text.by_lang.items():
            for problem in plural_problems(body, lang):
                c.error(f"{where}.{label}.{lang}", problem)


def _param_problem(param: Param) -> str:
    """Why ``param`` cannot be drawn (a range too wide, a step too small), or ""."""
    from nntutor.course.formula import FormulaError
    from nntutor.course.numeric import check_param

    try:
        check_param(param)
    except FormulaError as exc:
        return str(exc)
    return ""


def _mistakes(raw: dict, where: str, c: _Collector) -> tuple[Mistake, ...]:
    """``[[exercises.mistakes]]``: an answer (a formula) and the feedback for it."""
    mistakes = raw.get("mistakes", [])
    if not isinstance(mistakes, list):
        c.error(f"{where}.mistakes", 'expected a list of { answer = "...", feedback = { en, ru } }')
        mistakes = []
    out = []
    for i, m in enumerate(mistakes):
        w = f"{where}.mistakes[{i}]"
        if not isinstance(m, dict) or not isinstance(m.get("answer"), str):
            c.error(w, 'expected { answer = "...", feedback = { en = "...", ru = "..." } }')
            continue
        for key in sorted(set(m) - {"answer", "feedback"}):
            c.error(f"{w}.{key}", "unknown field in a mistake (use answer and feedback)")
        fb = _text(m.get("feedback"), f"{w}.feedback", c)
        if fb:
            out.append(Mistake(m["answer"], fb))
    return tuple(out)


def _expression(raw: dict, ex: Exercise, where: str, c: _Collector) -> None:
    expected = raw.get("expected")
    if not isinstance(expected, str) or not expected.strip():
        c.error(
            f"{where}.expected", "an expression exercise needs `expected`, the reference answer"
        )
    else:
        ex.expected = expected
    ex.vars = _str_list(raw.get("vars"), f"{where}.vars", c)
    for v in ex.vars:
        if not _VAR.match(v):
            c.error(f"{where}.vars", f"{v!r} is not a variable name")
    if not ex.vars:
        c.error(
            f"{where}.vars",
            'declare the variables the learner may use, e.g. vars = ["w", "x", "b"]',
        )
    defines = raw.get("defines", {})
    if not isinstance(defines, dict) or not all(
        _VAR.match(str(k)) and isinstance(v, str) for k, v in defines.items()
    ):
        c.error(f"{where}.defines", 'expected a table like { a = "sigma(w*x + b)" }')
    else:
        ex.defines = dict(defines)
    domains = raw.get("domains", {})
    if not isinstance(domains, dict):
        c.error(f"{where}.domains", "expected a table like { x = [0.5, 2] }")
        domains = {}
    for name, interval in domains.items():
        ok = (
            isinstance(interval, list)
            and len(interval) == 2
            and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in interval)
            and interval[0] < interval[1]
        )
        if not ok:
            c.error(f"{where}.domains.{name}", "expected [low, high] with low < high")
        elif name not in ex.vars:
            c.error(f"{where}.domains.{name}", f"{name!r} is not in vars")
        else:
            ex.domains[name] = (float(interval[0]), float(interval[1]))
    ex.tolerance = _number(raw.get("tolerance"), f"{where}.tolerance", c, 0.0, minimum=0)
    ex.mistakes = _mistakes(raw, where, c)
    if ex.kind == "derivation":
        start = raw.get("start")
        if not isinstance(start, str) or not start.strip():
            c.error(
                f"{where}.start", "a derivation needs `start`, the expression being differentiated"
            )
        else:
            ex.start = start
        wrt = raw.get("wrt", ex.vars[0] if ex.vars else "")
        if wrt not in ex.vars:
            c.error(
                f"{where}.wrt", f"the variable differentiated by must be one of vars, found {wrt!r}"
            )
        ex.wrt = wrt
        ex.steps = _str_list(raw.get("steps"), f"{where}.steps", c)
        if not ex.steps:
            c.error(f"{where}.steps", "a derivation needs a reference chain of at least one step")


_TRAIN_KEYS = {
    "dataset",
    "samples",
    "noise",
    "hidden",
    "activation",
    "loss",
    "optimizer",
    "momentum",
    "lr",
    "batch_size",
    "epochs",
    "dropout",
    "l2",
    "val_fraction",
    "patience",
    "seed",
    "dtype",
    "device",
    "shuffle",
}


def _lab(raw: dict, ex: Exercise, where: str, c: _Collector) -> None:
    lab = {k: raw[k] for k in _KIND_KEYS["lab_challenge"] if k in raw}
    if not isinstance(raw.get("dataset"), str):
        c.error(f"{where}.dataset", 'a lab challenge names its dataset, e.g. dataset = "spirals"')
    target = raw.get("target")
    if (
        not isinstance(target, dict)
        or target.get("metric") not in ("val_acc", "val_loss")
        or not isinstance(target.get("value"), (int, float))
    ):
        c.error(f"{where}.target", 'expected { metric = "val_acc" | "val_loss", value = number }')
    if not isinstance(raw.get("max_epochs"), int) or raw.get("max_epochs", 0) <= 0:
        c.error(f"{where}.max_epochs", "expected a positive integer")
    for key in ("preset", "reference"):
        table = raw.get(key, {})
        if not isinstance(table, dict):
            c.error(f"{where}.{key}", "expected a table of `nntutor train` options")
            continue
        for opt in set(table) - _TRAIN_KEYS:
            c.error(
                f"{where}.{key}.{opt}", f"unknown option; use: {', '.join(sorted(_TRAIN_KEYS))}"
            )
    if "reference" not in raw:
        c.error(
            f"{where}.reference", "a lab challenge needs a reference configuration that meets it"
        )
    locked = raw.get("locked", [])
    if not isinstance(locked, list) or not all(
        isinstance(k, str) and k in _TRAIN_KEYS for k in locked
    ):
        c.error(
            f"{where}.locked", f"expected a list of options from: {', '.join(sorted(_TRAIN_KEYS))}"
        )
    ex.lab = lab
