"""Evaluating an expression at a point over the reals, with a bound on its rounding error.

Values are mpmath numbers at 128 bits, so nothing overflows at 1e308 and a
difference of 1e-20 is still seen. Every value carries a first-order bound on
its rounding error (a running error analysis), so that two results are judged
equal when they differ by less than the rounding they could have picked up, and
no less: near zero, ``(x − 1)^50`` and ``(x − 1)^49`` are told apart, while
``σ(z)(1 − σ(z)) − σ(z)σ(−z)`` is zero.

Over the reals means: a result that is not a real number makes the expression
undefined at that point (``log`` of a negative number, ``sqrt(−1)``, a negative
base to a non-integer power, division by zero). Values beyond about 10^100000,
or a function's argument beyond 10^6 in size, are reported as an overflow.
"""

from __future__ import annotations

import mpmath
import sympy as sp
from mpmath import mpf

from nntutor.checker.functions import sigmoid, softplus

PREC = 128
EPS = mpf(2) ** (1 - PREC)
MAX_MAG = 350_000  # bits: about 10^105000
ARG_LIMIT = mpf(10) ** 6
SAFETY = 2**20  # slack on the estimated error bound: mpmath's own ulps, higher-order terms

mpmath.mp.prec = PREC


class Undefined(Exception):
    """The expression has no real value at this point."""


class Overflow(Exception):
    """The value is too large to compute."""


class Unsupported(Exception):
    """A kind of expression the evaluator does not know (not produced by the parser)."""


Value = tuple[mpf, mpf]  # (value, bound on its error)


def _checked(v: mpf, err: mpf) -> Value:
    if v and mpmath.mag(v) > MAX_MAG:
        raise Overflow
    return v, abs(err) + EPS * abs(v)


def _arg_limit(v: mpf) -> None:
    if abs(v) > ARG_LIMIT:
        raise Overflow


def _pow(b: Value, e: Value, integer_exponent: int | None) -> Value:
    bv, be = b
    ev, ee = e
    if integer_exponent is not None:
        n = integer_exponent
        if bv == 0:
            if n < 0:
                raise Undefined
            return (mpf(0), be if n == 1 else mpf(0))
        if abs(n) * max(mpmath.mag(bv), 1) > MAX_MAG:
            raise Overflow
        v = bv**n
        return _checked(v, abs(n) * abs(v / bv) * be)
    if bv < 0:
        raise Undefined  # a negative base to a non-integer power is not real
    if bv == 0:
        if ev > 0:
            return (mpf(0), be)
        raise Undefined
    log_b = mpmath.log(bv)
    if abs(ev * log_b) > MAX_MAG * 0.69:
        raise Overflow
    v = mpmath.exp(ev * log_b)
    return _checked(v, abs(v) * (abs(ev / bv) * be + abs(log_b) * ee))


def _sigmoid(a: mpf) -> mpf:
    if a >= 0:
        return 1 / (1 + mpmath.exp(-a))
    t = mpmath.exp(a)
    return t / (1 + t)


def _softplus(a: mpf) -> mpf:
    if a > 0:
        return a + mpmath.log1p(mpmath.exp(-a))
    return mpmath.log1p(mpmath.exp(a))


def _function(f, a: Value) -> Value:
    """A function of one argument: its value and error (|f′(a)| times the argument's error)."""
    av, ae = a
    if f is sp.exp:
        _arg_limit(av)
        v = mpmath.exp(av)
        return _checked(v, v * ae)
    if f is sp.log:
        if av <= 0:
            raise Undefined
        return _checked(mpmath.log(av), ae / av)
    if f is sigmoid:
        _arg_limit(av)
        s = _sigmoid(av)
        return _checked(s, s * (1 - s) * ae)
    if f is softplus:
        _arg_limit(av)
        return _checked(_softplus(av), _sigmoid(av) * ae)
    if f is sp.Abs:
        return _checked(abs(av), ae)
    if f is sp.sign:
        return (mpf(mpmath.sign(av)), mpf(2) if abs(av) <= SAFETY * ae else mpf(0))
    if f is sp.Heaviside:
        v = mpf(1) if av > 0 else (mpf(0) if av < 0 else mpf(0.5))
        return (v, mpf(1) if abs(av) <= SAFETY * ae else mpf(0))
    if f in (sp.sin, sp.cos, sp.tan, sp.cot, sp.sec, sp.csc, sp.sinh, sp.cosh, sp.sech, sp.csch):
        _arg_limit(av)
    if f is sp.sin:
        return _checked(mpmath.sin(av), ae)
    if f is sp.cos:
        return _checked(mpmath.cos(av), ae)
    if f is sp.tan:
        v = mpmath.tan(av)
        return _checked(v, (1 + v * v) * ae)
    if f is sp.cot:
        s = mpmath.sin(av)
        if s == 0:
            raise Undefined
        v = mpmath.cos(av) / s
        return _checked(v, (1 + v * v) * ae)
    if f is sp.sec:
        c = mpmath.cos(av)
        if c == 0:
            raise Undefined
        v = 1 / c
        return _checked(v, abs(v * mpmath.tan(av)) * ae)
    if f is sp.csc:
        s = mpmath.sin(av)
        if s == 0:
            raise Undefined
        v = 1 / s
        return _checked(v, abs(v * mpmath.cot(av)) * ae)
    if f is sp.sinh:
        return _checked(mpmath.sinh(av), mpmath.cosh(av) * ae)
    if f is sp.cosh:
        return _checked(mpmath.cosh(av), abs(mpmath.sinh(av)) * ae)
    if f is sp.tanh:
        v = mpmath.tanh(av)
        return _checked(v, (1 - v * v) * ae)
    if f is sp.sech:
        v = 1 / mpmath.cosh(av)
        return _checked(v, abs(v * mpmath.tanh(av)) * ae)
    if f is sp.csch:
        if av == 0:
            raise Undefined
        v = 1 / mpmath.sinh(av)
        return _checked(v, abs(v / mpmath.tanh(av)) * ae)
    if f is sp.coth:
        if av == 0:
            raise Undefined
        v = 1 / mpmath.tanh(av)
        return _checked(v, abs(1 - v * v) * ae)
    if f is sp.asin or f is sp.acos:
        if abs(av) > 1:
            raise Undefined
        slope = 1 / max(mpmath.sqrt(1 - av * av), EPS)
        return _checked(mpmath.asin(av) if f is sp.asin else mpmath.acos(av), slope * ae)
    if f is sp.atan:
        return _checked(mpmath.atan(av), ae / (1 + av * av))
    if f is sp.acot:
        if av == 0:
            raise Undefined
        return _checked(mpmath.acot(av), ae / (1 + av * av))
    if f is sp.asinh:
        return _checked(mpmath.asinh(av), ae / mpmath.sqrt(1 + av * av))
    if f is sp.acosh:
        if av < 1:
            raise Undefined
        return _checked(mpmath.acosh(av), ae / max(mpmath.sqrt(av * av - 1), EPS))
    if f is sp.atanh:
        if abs(av) >= 1:
            raise Undefined
        return _checked(mpmath.atanh(av), ae / (1 - av * av))
    raise Unsupported(f.__name__)


class Evaluator:
    """Evaluates expressions at one point; shared subexpressions are computed once."""

    def __init__(self, point: dict[sp.Symbol, mpf]) -> None:
        self.point = point
        self.memo: dict[sp.Expr, Value] = {}

    def value(self, expr: sp.Expr) -> Value:
        """(value, error bound); raises Undefined, Overflow or Unsupported."""
        hit = self.memo.get(expr)
        if hit is None:
            hit = self.memo[expr] = self._eval(expr)
        return hit

    def _eval(self, expr: sp.Expr) -> Value:
        if expr.is_Symbol:
            if expr not in self.point:
                raise Unsupported(f"no value for {expr}")
            return (self.point[expr], mpf(0))
        if expr.is_Integer:
            return _checked(mpf(int(expr)), mpf(0))
        if expr.is_Rational:
            return _checked(mpf(expr.p) / expr.q, mpf(0))
        if expr.is_Float:
            return _checked(mpf(expr), mpf(0))
        if expr is sp.pi:
            return _checked(+mpmath.pi, mpf(0))
        if expr is sp.E:
            return _checked(+mpmath.e, mpf(0))
        if expr.is_NumberSymbol:
            return _checked(mpf(str(expr.evalf(45))), mpf(0))
        if expr in (sp.zoo, sp.nan, sp.oo, -sp.oo, sp.I) or expr.is_Number:
            raise Undefined
        if expr.is_Add:
            parts = [self.value(a) for a in expr.args]
            v = mpmath.fsum(p[0] for p in parts)
            return _checked(v, sum(p[1] for p in parts) + EPS * sum(abs(p[0]) for p in parts))
        if expr.is_Mul:
            parts = [self.value(a) for a in expr.args]
            v = mpf(1)
            for p in parts:
                v *= p[0]
            err = mpf(0)
            for i, p in enumerate(parts):
                if p[1]:
                    others = mpf(1)
                    for j, q in enumerate(parts):
                        if j != i:
                            others *= abs(q[0])
                    err += p[1] * others
            return _checked(v, err + len(parts) * EPS * abs(v))
        if expr.is_Pow:
            base, exponent = expr.args
            integer = int(exponent) if exponent.is_Integer else None
            return _pow(self.value(base), self.value(exponent), integer)
        if isinstance(expr, (sp.Max, sp.Min)):
            parts = [self.value(a) for a in expr.args]
            pick = max if isinstance(expr, sp.Max) else min
            v = pick(p[0] for p in parts)
            return (v, max(p[1] for p in parts))
        if isinstance(
            expr, sp.Heaviside
        ):  # Heaviside(z, 1/2): the second argument is its value at 0
            return _function(sp.Heaviside, self.value(expr.args[0]))
        if isinstance(expr, sp.Function) and len(expr.args) == 1:
            return _function(expr.func, self.value(expr.args[0]))
        raise Unsupported(type(expr).__name__)


def agree(a: Value, b: Value, rtol: float | mpf) -> bool:
    """Equal within the relative tolerance, or within what rounding could explain."""
    (av, ae), (bv, be) = a, b
    return abs(av - bv) <= rtol * max(abs(av), abs(bv)) + SAFETY * (ae + be)


def show(v: mpf) -> str:
    """A value for people: four significant digits."""
    text = mpmath.nstr(v, 4, min_fixed=-4, max_fixed=6)
    return text.removesuffix(".0")
