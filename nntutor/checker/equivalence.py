"""Is the answer equal to the reference? A numeric screen, then a symbolic proof under a budget.

Policies (see docs/checker.md):
- variables are real; an expression is compared with the reference where the
  reference is defined (points where it is not are skipped), and an answer that
  is undefined where the reference is defined is not equal to it;
- decimals are exact (0.33 is 33/100), so a rounded decimal is not equal to the
  exact value unless the exercise allows a relative ``tolerance``;
- a counterexample at one point decides "not equal"; agreement at every point
  is confirmed by SymPy when it can within the budget, else reported as numeric.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction

import mpmath
import sympy as sp
from mpmath import mpf

from nntutor.checker.budget import Deadlines, OutOfTime
from nntutor.checker.functions import display_name, to_elementary
from nntutor.checker.numeric import (
    Evaluator,
    Overflow,
    Undefined,
    Unsupported,
    Value,
    agree,
    show,
)

DEFAULT_DOMAIN = (-2.0, 2.0)
TARGET_POINTS = 12
MIN_POINTS = 8
MAX_DRAWS = 120
EXACT_RTOL = mpf("1e-25")
SEED = 20261122


@dataclass
class Point:
    values: dict[sp.Symbol, mpf]
    evaluator: Evaluator
    reference: Value

    def describe(self, symbols: list[sp.Symbol]) -> str:
        return ", ".join(f"{display_name(s.name)} = {show(self.values[s])}" for s in symbols)


@dataclass
class Sample:
    """Points where the reference is defined, and how many draws it took to find them."""

    symbols: list[sp.Symbol]
    points: list[Point] = field(default_factory=list)
    draws: int = 0


def draw(
    reference: sp.Expr,
    symbols: list[sp.Symbol],
    domains: dict[str, tuple[float, float]],
) -> Sample:
    rng = random.Random(SEED)
    sample = Sample(symbols)
    while len(sample.points) < TARGET_POINTS and sample.draws < MAX_DRAWS:
        sample.draws += 1
        values = {}
        for s in symbols:
            lo, hi = domains.get(s.name, DEFAULT_DOMAIN)
            values[s] = mpf(rng.uniform(lo, hi))
        evaluator = Evaluator(values)
        try:
            ref = evaluator.value(reference)
        except (Undefined, Overflow):
            continue
        sample.points.append(Point(values, evaluator, ref))
        if not symbols:
            break  # a constant: one point says it all
    return sample


KINKS = (sp.Max, sp.Min, sp.Heaviside, sp.sign, sp.Abs)
WIDE = 50.0  # kinked answers are also compared on [−WIDE, WIDE]
KINK_STEPS = (0, 0.01, -0.01, 0.5, -0.5, 3.0, -3.0)


def has_kinks(expr: sp.Expr) -> bool:
    return any(expr.has(f) for f in KINKS)


def kink_sample(
    answer: sp.Expr,
    reference: sp.Expr,
    symbols: list[sp.Symbol],
    domains: dict[str, tuple[float, float]],
) -> Sample:
    """Points around every constant of either expression (where max, min, heaviside, sign and
    abs have their kinks, as in min(max(0, z), 6)) and in a wider range than the first draw."""
    rng = random.Random(SEED + 1)
    numbers = {mpf(0)}
    for expr in (answer, reference):
        for atom in expr.atoms(sp.Number):
            if atom.is_real and abs(atom) < 10**6:
                numbers |= {mpf(str(sp.Float(atom, 20))), -mpf(str(sp.Float(atom, 20)))}
    sample = Sample(symbols)

    def within(name: str, v: float) -> float:
        lo, hi = domains.get(name, (-WIDE, WIDE))
        return min(max(v, lo), hi)

    plans: list[dict[sp.Symbol, float]] = []
    for s in symbols:
        for c in sorted(numbers)[:40]:
            for step in KINK_STEPS:
                plans.append({s: within(s.name, float(c) + step)})
    plans += [{} for _ in range(24)]
    for plan in plans[:400]:
        values = {}
        for s in symbols:
            if s in plan:
                values[s] = mpf(plan[s])
            else:
                lo, hi = domains.get(s.name, (-WIDE, WIDE))
                values[s] = mpf(rng.uniform(lo, hi))
        evaluator = Evaluator(values)
        sample.draws += 1
        try:
            ref = evaluator.value(reference)
        except (Undefined, Overflow, Unsupported):
            continue
        sample.points.append(Point(values, evaluator, ref))
    return sample


@dataclass
class Screen:
    """What the numeric screen found."""

    agreeing: int = 0
    counterexample: tuple[Point, Value] | None = None
    undefined_at: Point | None = None
    overflowed: int = 0
    answer_values: list[Value | None] = field(default_factory=list)  # per point; None: not defined

    @property
    def equal(self) -> bool:
        return self.counterexample is None and self.undefined_at is None


def screen(answer: sp.Expr, sample: Sample, rtol: mpf) -> Screen:
    result = Screen()
    for point in sample.points:
        try:
            value = point.evaluator.value(answer)
        except Undefined:
            result.answer_values.append(None)
            result.undefined_at = result.undefined_at or point
            continue
        except Overflow:
            result.answer_values.append(None)
            result.overflowed += 1
            continue
        result.answer_values.append(value)
        if agree(value, point.reference, rtol):
            result.agreeing += 1
        elif result.counterexample is None:
            result.counterexample = (point, value)
    return result


def same_function(expr: sp.Expr, values: list[Value | None], sample: Sample, rtol: mpf) -> bool:
    """Whether ``expr`` takes ``values`` (the answer's) wherever the answer is defined."""
    seen = 0
    for point, value in zip(sample.points, values):
        if value is None:
            continue
        try:
            if not agree(point.evaluator.value(expr), value, rtol):
                return False
        except (Undefined, Overflow, Unsupported):
            return False
        seen += 1
    return seen > 0


# --- symbolic confirmation ---------------------------------------------------------------------


def _by_rewrite(difference: sp.Expr) -> bool:
    return sp.cancel(difference.rewrite(sp.exp)) == 0


def _by_simplify(difference: sp.Expr) -> bool:
    return sp.simplify(difference) == 0


PROOFS: list[tuple[str, Callable[[sp.Expr], bool]]] = [
    ("rewrite", _by_rewrite),
    ("simplify", _by_simplify),
]


def prove_equal(
    answer: sp.Expr, reference: sp.Expr, deadlines: Deadlines, budget: float
) -> str | None:
    """The name of the method that proved answer = reference within ``budget`` seconds, or None."""
    if answer == reference or answer - reference == 0:
        return "identical"
    try:
        with deadlines.limit(budget):
            difference = to_elementary(answer - reference)
            for name, proof in PROOFS:
                try:
                    if proof(difference):
                        return name
                except (OutOfTime, RecursionError, MemoryError):
                    raise
                except Exception:  # noqa: BLE001, S112 - SymPy gave up on this route (PolynomialError, ...)
                    continue
    except OutOfTime:
        if deadlines.outer_expired():
            raise
    except RecursionError:
        pass
    return None


def rational_of(value: mpf, max_denominator: int = 1000) -> sp.Rational | None:
    """``value`` as a small fraction, when it is one (to rounding)."""
    if not mpmath.isfinite(value):
        return None
    guess = Fraction(str(mpmath.nstr(value, 30))).limit_denominator(max_denominator)
    if abs(mpf(guess.numerator) / guess.denominator - value) <= mpf("1e-20") * max(abs(value), 1):
        return sp.Rational(guess.numerator, guess.denominator)
    return None
