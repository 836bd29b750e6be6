"""SymPy functions a neural-network course needs, and how results are drawn.

Only the worker process imports this module (it imports SymPy).
"""

from __future__ import annotations

import re

import sympy as sp
from sympy.printing.pretty.pretty import PrettyPrinter
from sympy.printing.str import StrPrinter

from nntutor.checker.vocabulary import GREEK


class sigmoid(sp.Function):
    """σ(z) = 1 / (1 + e⁻ᶻ)."""

    @classmethod
    def eval(cls, z):
        if z.is_zero:
            return sp.S.Half
        return None

    def fdiff(self, argindex=1):
        s = sigmoid(self.args[0])
        return s * (1 - s)

    def _eval_rewrite_as_exp(self, z, **kwargs):
        return 1 / (1 + sp.exp(-z))

    def _eval_is_real(self):
        return self.args[0].is_real

    def _eval_is_positive(self):
        return True if self.args[0].is_real else None

    def _eval_is_finite(self):
        return True if self.args[0].is_real else None


class softplus(sp.Function):
    """softplus(z) = ln(1 + eᶻ)."""

    @classmethod
    def eval(cls, z):
        if z.is_zero:
            return sp.log(2)
        return None

    def fdiff(self, argindex=1):
        return sigmoid(self.args[0])

    def _eval_rewrite_as_exp(self, z, **kwargs):
        return sp.log(1 + sp.exp(z))

    def _eval_is_real(self):
        return self.args[0].is_real

    def _eval_is_positive(self):
        return True if self.args[0].is_real else None


def to_elementary(expr: sp.Expr) -> sp.Expr:
    """σ and softplus written with exp and log, for SymPy's simplification."""
    return expr.replace(
        lambda node: isinstance(node, (sigmoid, softplus)), lambda node: node.rewrite(sp.exp)
    )


_SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_GREEK_LETTER = {name: letter for letter, name in GREEK.items() if letter not in "ϵϑϕµ"}
_INDEX_RE = re.compile(r"([A-Za-z]+)_([0-9]+)\Z")


def display_name(name: str) -> str:
    """``eta_1`` as ``η₁``, ``W_12`` as ``W₁₂``: the way the learner would write it."""
    m = _INDEX_RE.match(name)
    base, index = (m.group(1), m.group(2)) if m else (name, "")
    return _GREEK_LETTER.get(base, base) + index.translate(_SUBSCRIPT)


class LinePrinter(StrPrinter):
    """A one-line form that nntutor's parser reads back as the same expression."""

    def _print_Symbol(self, expr):
        return display_name(expr.name)

    def _print_sigmoid(self, expr):
        return f"σ({self._print(expr.args[0])})"

    def _print_softplus(self, expr):
        return f"softplus({self._print(expr.args[0])})"

    def _print_Exp1(self, expr):
        return "e"

    def _print_Pi(self, expr):
        return "π"

    def _print_Abs(self, expr):
        return f"|{self._print(expr.args[0])}|"

    def _print_Max(self, expr):
        return f"max({', '.join(self._print(a) for a in expr.args)})"

    def _print_Min(self, expr):
        return f"min({', '.join(self._print(a) for a in expr.args)})"

    def _print_Heaviside(self, expr):
        return f"heaviside({self._print(expr.args[0])})"


class TwoDPrinter(PrettyPrinter):
    """SymPy's Unicode drawing, with σ, max and min spelled as learners write them."""

    def _print_sigmoid(self, expr):
        return self._helper_print_function(expr.func, expr.args, func_name="σ")

    def _print_softplus(self, expr):
        return self._helper_print_function(expr.func, expr.args, func_name="softplus")

    def _print_Max(self, expr):
        return self._helper_print_function(expr.func, expr.args, func_name="max")

    def _print_Min(self, expr):
        return self._helper_print_function(expr.func, expr.args, func_name="min")


def one_line(expr: sp.Expr) -> str:
    text = LinePrinter().doprint(expr)
    return text.replace("**", "^").replace("*", "·")


def pretty(expr: sp.Expr) -> str:
    return TwoDPrinter({"use_unicode": True, "wrap_line": False}).doprint(expr)
