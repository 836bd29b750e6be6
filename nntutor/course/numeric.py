"""Numeric exercises: drawing randomised values and evaluating formulas safely.

Answer formulas in lesson files and the numbers learners type are evaluated by
walking a Python AST with an allowlist of nodes. Nothing is passed to ``eval``.
"""

from __future__ import annotations

import ast
import math
import random
import re
from dataclasses import dataclass

from nntutor.course.model import Exercise, Param


class FormulaError(ValueError):
    """A formula or a typed number could not be evaluated; the message says why."""


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    ez = math.exp(z)
    return ez / (1.0 + ez)


FUNCTIONS = {
    "exp": math.exp,
    "log": math.log,
    "ln": math.log,
    "sqrt": math.sqrt,
    "abs": abs,
    "sin": math.sin,
    "cos": math.cos,
    "tan": math.tan,
    "tanh": math.tanh,
    "sigmoid": _sigmoid,
    "sigma": _sigmoid,
    "relu": lambda z: max(0.0, z),
    "min": min,
    "max": max,
    "round": round,
    "floor": math.floor,
    "ceil": math.ceil,
}
CONSTANTS = {"pi": math.pi, "e": math.e}
_MAX_LEN = 400
_MAX_EXPONENT = 1000


def evaluate(formula: str, values: dict[str, float] | None = None) -> float:
    """Evaluate an arithmetic formula over ``values`` (numbers, + - * / ** ^, calls)."""
    values = values or {}
    if not isinstance(formula, str):
        return float(formula)
    text = formula.strip().replace("^", "**").replace("−", "-").replace("×", "*").replace("·", "*")
    if not text:
        raise FormulaError("empty formula")
    if len(text) > _MAX_LEN:
        raise FormulaError(f"formula too long ({len(text)} characters, at most {_MAX_LEN})")
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        raise FormulaError(f"not a valid formula at column {exc.offset}: {formula!r}") from None
    return float(_eval(tree.body, values))


def _eval(node: ast.AST, values: dict[str, float]) -> float:
    if (
        isinstance(node, ast.Constant)
        and isinstance(node.value, (int, float))
        and not isinstance(node.value, bool)
    ):
        return node.value
    if isinstance(node, ast.Name):
        if node.id in values:
            return values[node.id]
        if node.id in CONSTANTS:
            return CONSTANTS[node.id]
        raise FormulaError(f"unknown name {node.id!r}")
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        operand = _eval(node.operand, values)
        return -operand if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.BinOp):
        left, right = _eval(node.left, values), _eval(node.right, values)
        try:
            if isinstance(node.op, ast.Add):
                return left + right
            if isinstance(node.op, ast.Sub):
                return left - right
            if isinstance(node.op, ast.Mult):
                return left * right
            if isinstance(node.op, ast.Div):
                return left / right
            if isinstance(node.op, ast.Pow):
                if abs(right) > _MAX_EXPONENT:
                    raise FormulaError(f"exponent {right} is too large")
                return float(left) ** float(right)
        except ZeroDivisionError:
            raise FormulaError("division by zero") from None
        except OverflowError:
            raise FormulaError("the result is too large") from None
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.keywords:
        func = FUNCTIONS.get(node.func.id)
        if func is None:
            raise FormulaError(f"unknown function {node.func.id!r}")
        args = [_eval(arg, values) for arg in node.args]
        try:
            return func(*args)
        except (ValueError, TypeError, OverflowError) as exc:
            raise FormulaError(f"{node.func.id}: {exc}") from None
    raise FormulaError(f"not allowed in a formula: {ast.unparse(node)!r}")


def formula_names(formula: str) -> set[str]:
    """The free names a formula uses (without functions and constants)."""
    text = str(formula).replace("^", "**")
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError:
        return set()
    called = {
        n.func.id
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
    }
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    return names - called - set(CONSTANTS)


def draw(params: tuple[Param, ...], seed: int) -> dict[str, float]:
    """Values for a randomised exercise, reproducible from ``seed``."""
    rng = random.Random(seed)
    values: dict[str, float] = {}
    for param in params:
        if param.choices:
            values[param.name] = rng.choice(param.choices)
        else:
            value = rng.uniform(param.low, param.high)
            if param.step:
                value = round(round(value / param.step) * param.step, 10)
            values[param.name] = value
    return values


def format_number(value: float, digits: int = 4) -> str:
    """A number as a learner would write it: integers plainly, others to ``digits`` significant digits."""
    if float(value).is_integer() and abs(value) < 1e15:
        text = str(int(value))
    else:
        text = f"{value:.{digits}g}"
    return text.replace("-", "−")  # the typographic minus, as in the lesson texts


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
    answer = (
        evaluate(exercise.answer, values)
        if isinstance(exercise.answer, str)
        else float(exercise.answer)
    )
    return Variant(seed=seed, values=values, answer=answer)


@dataclass(frozen=True)
class NumericVerdict:
    valid: bool
    correct: bool
    value: float | None
    message: str


def grade_numeric(exercise: Exercise, typed: str, answer: float) -> NumericVerdict:
    """Grade a typed number (or simple arithmetic such as ``1/3``) against ``answer``."""
    typed = (
        typed.strip().replace(",", ".")
        if typed.count(",") == 1 and "." not in typed
        else typed.strip()
    )
    if not typed:
        return NumericVerdict(False, False, None, "empty")
    try:
        value = evaluate(typed, {})
    except FormulaError as exc:
        return NumericVerdict(False, False, None, str(exc))
    if not math.isfinite(value):
        return NumericVerdict(False, False, None, "not a finite number")
    close = abs(value - answer) <= exercise.tolerance or math.isclose(
        value, answer, rel_tol=exercise.rel_tolerance, abs_tol=0.0
    )
    return NumericVerdict(True, close, value, "")
