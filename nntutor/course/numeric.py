"""Numeric exercises: drawing randomised values, filling them in, grading a typed number.

Formulas (the answer formulas in lesson files, the arithmetic a learner types) are
evaluated by ``nntutor.course.formula``, the one plain-float evaluator; nothing is
passed to ``eval``.
"""

from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass

from nntutor.course.formula import FormulaError, evaluate, format_number, formula_names
from nntutor.course.model import Exercise, Param

__all__ = [
    "FormulaError",
    "NumericVerdict",
    "Variant",
    "check_param",
    "draw",
    "evaluate",
    "fill",
    "format_number",
    "formula_names",
    "grade_numeric",
    "placeholders",
    "variant",
]

MAX_STEPS_IN_RANGE = 1e12  # (max − min) / step: more values than this is a mistake in the file


def _param_error(param: Param, problem: str, **values: object) -> FormulaError:
    return FormulaError("param", reason=f"param.{problem}", name=param.name, **values)


def check_param(param: Param) -> None:
    """FormulaError when ``param`` cannot be drawn: numbers that are not finite, a range too wide."""
    numbers = list(param.choices) if param.choices else [param.low, param.high]
    if param.step is not None:
        numbers.append(param.step)
    for value in numbers:
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            raise _param_error(param, "not_number", value=repr(value))
        try:
            finite = math.isfinite(value)
        except OverflowError:
            finite = False
        if not finite:
            raise _param_error(param, "not_finite", value=value)
    if param.choices:
        return
    width = param.high - param.low
    if not math.isfinite(width):
        raise _param_error(param, "too_wide", low=param.low, high=param.high)
    if width < 0:
        raise _param_error(param, "min_max", low=param.low, high=param.high)
    if param.step is not None:
        if param.step <= 0:
            raise _param_error(param, "step_positive")
        count = max(abs(param.low), abs(param.high)) / param.step
        if not count <= MAX_STEPS_IN_RANGE:
            raise _param_error(param, "step_small", step=param.step, low=param.low, high=param.high)


def draw(params: tuple[Param, ...], seed: int) -> dict[str, float]:
    """Values for a randomised exercise, reproducible from ``seed``."""
    rng = random.Random(seed)
    values: dict[str, float] = {}
    for param in params:
        check_param(param)
        if param.choices:
            values[param.name] = rng.choice(param.choices)
        else:
            value = rng.uniform(param.low, param.high)
            if param.step:
                value = round(round(value / param.step) * param.step, 10)
            values[param.name] = value
    return values


_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def fill(text: str, values: dict[str, float]) -> str:
    """Replace ``{name}`` by the drawn value; unknown placeholders are left as written."""

    def sub(match: re.Match) -> str:
        name = match.group(1)
        return format_number(values[name]) if name in values else match.group(0)

    return _PLACEHOLDER.sub(sub, text)


def placeholders(text: str) -> set[str]:
    return set(_PLACEHOLDER.findall(text))


@dataclass(frozen=True)
class Variant:
    """One drawn instance of a numeric exercise."""

    seed: int
    values: dict[str, float]
    answer: float

    def fill(self, text: str) -> str:
        return fill(text, {**self.values, "answer": self.answer})


def variant(exercise: Exercise, seed: int = 0) -> Variant:
    values = draw(exercise.params, seed)
    answer = evaluate(exercise.answer, values)  # a number or a formula; FormulaError if neither
    return Variant(seed=seed, values=values, answer=answer)


@dataclass(frozen=True)
class NumericVerdict:
    valid: bool
    correct: bool
    value: float | None
    message: str


def grade_numeric(
    exercise: Exercise, typed: str, answer: float, lang: str = "en"
) -> NumericVerdict:
    """Grade a typed number (or simple arithmetic such as ``1/3``) against ``answer``.

    What cannot be read gets ``valid=False`` and a message in ``lang`` that says why.
    """
    typed = (
        typed.strip().replace(",", ".")
        if typed.count(",") == 1 and "." not in typed
        else typed.strip()
    )
    if not typed:
        return NumericVerdict(
            False, False, None, FormulaError("syntax", reason="nothing").describe(lang)
        )
    try:
        value = evaluate(typed, {})  # always a finite float
    except FormulaError as exc:
        return NumericVerdict(False, False, None, exc.describe(lang))
    close = abs(value - answer) <= exercise.tolerance or math.isclose(
        value, answer, rel_tol=exercise.rel_tolerance, abs_tol=0.0
    )
    return NumericVerdict(True, close, value, "")
