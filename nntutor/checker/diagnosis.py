"""What went wrong, for answers that need no authored feedback.

All of it reads the numbers already computed at the sample points: the ratio
reference / answer reveals a wrong sign (−1), a missing or extra constant (k),
a missing inner derivative of the chain rule (the ratio equals ∂g/∂v for an
inner function g of the reference), a missing or extra factor; the difference
reveals a missing constant term (the forgotten −1 of softmax cross-entropy).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import mpmath
import sympy as sp
from mpmath import mpf

from nntutor.checker.budget import Deadlines, OutOfTime
from nntutor.checker.equivalence import Sample, Screen, rational_of
from nntutor.checker.functions import display_name, one_line
from nntutor.checker.numeric import SAFETY, Overflow, Undefined, Unsupported, Value, agree, show

MAX_CANDIDATES = 40
ROUNDING = mpf("0.01")  # a typed decimal this close to the reference everywhere was rounded


@dataclass
class Diagnosis:
    code: str
    key: str
    params: dict = field(default_factory=dict)


def _inner_functions(expr: sp.Expr) -> list[sp.Expr]:
    found: list[sp.Expr] = []
    for node in sp.preorder_traversal(expr):
        inner = None
        if isinstance(node, sp.Function) and node.args:
            inner = node.args[0]
        elif node.is_Pow and node.exp.is_number:
            inner = node.base
        if inner is not None and not inner.is_Symbol and not inner.is_number and inner not in found:
            found.append(inner)
    return found


def _factors(expr: sp.Expr) -> list[sp.Expr]:
    found: list[sp.Expr] = []
    for a in expr.args if expr.is_Mul else (expr,):
        if a.is_number:
            continue
        found.append(a)
        if a.is_Pow and a.exp.is_Integer and a.exp > 1:
            found.append(a.base)
    return found


def _values(expr: sp.Expr, sample: Sample, where: list[int]) -> list[Value] | None:
    out = []
    for i in where:
        try:
            out.append(sample.points[i].evaluator.value(expr))
        except (Undefined, Overflow, Unsupported):
            return None
    return out


def _all_agree(values: list[Value], targets: list[Value], rtol: mpf) -> bool:
    return all(agree(v, t, rtol) for v, t in zip(values, targets))


def _constant(value: mpf) -> tuple[str, sp.Rational | None]:
    exact = rational_of(value)
    return (one_line(exact) if exact is not None else show(value)), exact


def _distinct(a: mpf, b: mpf) -> tuple[str, str]:
    """Two different values shown with enough digits to differ (not "2531" and "2531")."""
    digits = 4
    shown = show(a), show(b)
    while shown[0] == shown[1] and digits < 30:
        digits += 4
        shown = mpmath.nstr(a, digits), mpmath.nstr(b, digits)
    return shown


def diagnose(
    answer: sp.Expr,
    reference: sp.Expr,
    sample: Sample,
    found: Screen,
    rtol: mpf,
    deadlines: Deadlines,
    budget: float,
    decimals: bool = False,
) -> Diagnosis:
    symbols = sample.symbols
    defined = [i for i, v in enumerate(found.answer_values) if v is not None]
    if found.counterexample is None and found.undefined_at is not None:
        return Diagnosis("domain", "diag_domain", {"point": found.undefined_at.describe(symbols)})

    refs = [sample.points[i].reference for i in defined]
    answers = [found.answer_values[i] for i in defined]
    if decimals and found.undefined_at is None and _all_agree(answers, refs, ROUNDING):
        return Diagnosis("rounding", "diag_rounding")

    # the ratio reference / answer, where the answer is clearly not zero
    usable = [k for k, (a, e) in enumerate(answers) if abs(a) > SAFETY * e and a != 0]
    # expected = answer·k cannot hold where the answer is zero and the expected value is not
    zero_where_not = any(
        k not in usable and abs(refs[k][0]) > SAFETY * refs[k][1] and refs[k][0] != 0
        for k in range(len(answers))
    )
    if len(usable) >= min(3, len(defined)) and usable and not zero_where_not:
        at = [defined[k] for k in usable]
        ratios: list[Value] = []
        for k in usable:
            (rv, re_), (av, ae) = refs[k], answers[k]
            r = rv / av
            ratios.append((r, (re_ + abs(r) * ae) / abs(av)))
        if _all_agree(ratios, [(mpf(-1), mpf(0))] * len(ratios), rtol):
            return Diagnosis("sign", "diag_sign")
        try:
            with deadlines.limit(budget):
                found_inner = _inner_derivative(answer, reference, sample, at, ratios, rtol)
        except OutOfTime:
            if deadlines.outer_expired():
                raise
            found_inner = None
        if found_inner is not None:
            return found_inner
        constant = ratios[0]
        one = _all_agree(ratios, [(mpf(1), mpf(0))] * len(ratios), rtol)
        if symbols and not one and _all_agree(ratios, [constant] * len(ratios), rtol):
            shown, exact = _constant(constant[0])
            if exact is not None and exact.is_Integer and exact > 1:
                return Diagnosis("constant_factor", "diag_missing_constant", {"k": shown})
            if exact is not None and exact.p == 1 and exact.q > 1:
                return Diagnosis("constant_factor", "diag_extra_constant", {"k": str(exact.q)})
            return Diagnosis("constant_factor", "diag_constant_factor", {"k": shown})
        for f in _factors(reference):
            if one or f == reference:  # "a factor … is missing" that is the whole answer
                continue
            values = _values(f, sample, at)
            if values is not None and _all_agree(ratios, values, rtol):
                return Diagnosis("missing_factor", "diag_missing_factor", {"f": one_line(f)})
        inverse = [(1 / r, e / (r * r)) for r, e in ratios if r != 0]
        if len(inverse) == len(ratios):
            for f in _factors(answer):
                if one or f == answer:  # an "extra factor" that is the whole answer
                    continue
                values = _values(f, sample, at)
                if values is not None and _all_agree(inverse, values, rtol):
                    return Diagnosis("extra_factor", "diag_extra_factor", {"f": one_line(f)})

    if symbols and defined:
        differences = [(r[0] - a[0], r[1] + a[1]) for r, a in zip(refs, answers)]
        first = differences[0]
        if _all_agree(differences, [first] * len(differences), rtol):
            shown, _ = _constant(first[0])
            return Diagnosis("constant_term", "diag_constant_term", {"c": shown})

    if found.undefined_at is not None:
        return Diagnosis("domain", "diag_domain", {"point": found.undefined_at.describe(symbols)})
    if found.counterexample is not None:
        point, value = found.counterexample
        a, b = _distinct(value[0], point.reference[0])
        params = {"a": a, "b": b}
        if not symbols:
            return Diagnosis("value", "diag_value_constant", params)
        return Diagnosis("value", "diag_value", {"point": point.describe(symbols), **params})
    return Diagnosis("value", "wrong")


def _inner_derivative(
    answer: sp.Expr,
    reference: sp.Expr,
    sample: Sample,
    at: list[int],
    ratios: list[Value],
    rtol: mpf,
) -> Diagnosis | None:
    tried = 0
    inner = _inner_functions(reference)
    inner += [g for g in _inner_functions(answer) if g not in inner]
    for g in inner:
        for v in sorted(g.free_symbols, key=lambda s: s.name):
            derivative = sp.diff(g, v)
            if derivative.is_number and abs(derivative) == 1 or derivative == 0:
                continue
            tried += 1
            if tried > MAX_CANDIDATES:
                return None
            values = _values(derivative, sample, at)
            if values is not None and _all_agree(ratios, values, rtol):
                return Diagnosis(
                    "inner_derivative",
                    "diag_inner_derivative",
                    {"g": one_line(g), "v": display_name(v.name), "dg": one_line(derivative)},
                )
    return None
