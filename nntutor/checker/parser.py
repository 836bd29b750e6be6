"""Reading untrusted input into a SymPy expression, safely.

Nothing the learner types is ever run as code: there is no ``eval``, no
``sympify`` or ``parse_expr``, and no Python code text is produced. The steps:

1. every character is checked against an allowlist (after mapping Unicode math,
   such as ``σ · × − ² √ ₁``, to its meaning), and the length is capped;
2. a small tokenizer cuts the text into numbers, names and operators, keeping
   each token's position in the text as typed;
3. a recursive-descent parser builds the expression directly from SymPy
   constructors. Its grammar is the allowlist: arithmetic, powers, ``|x|``,
   and calls to the functions in ``vocabulary.FUNCTIONS``. Implicit
   multiplication (``2x``, ``x(1 − x)``, ``σ(z)(1 − σ(z))``) and ``^`` for powers
   are part of the grammar;
4. limits on nesting, on exponents and on the size of exact numbers keep SymPy
   from starting work that cannot finish (``9^9^9^9``, ``10^10^8``).

Only the worker process imports this module.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction

import sympy as sp

from nntutor.checker.functions import display_name, sigmoid, softplus
from nntutor.checker.lexer import CLOSING, ParseError, Token, tokenize
from nntutor.checker.names import Names, is_simple_name
from nntutor.checker.vocabulary import (
    CONSTANTS,
    FUNCTIONS,
    MAX_DEPTH,
    MAX_EXPONENT,
    MAX_EXPONENT_DENOMINATOR,
    MAX_LITERAL_DIGITS,
    MAX_LITERAL_EXPONENT,
    MAX_NUMBER_BITS,
    canonical_name,
    is_variable_name,
)

__all__ = ["ParseError", "Parsed", "Token", "check_variables", "parse", "tokenize"]


@dataclass
class Parsed:
    expr: sp.Expr
    notes: list[tuple[str, str]] = field(default_factory=list)  # (name as typed, product read)
    decimals: bool = False  # a number was written with a point or an exponent (0.33, 1e-3)
    primes: list[tuple[str, str]] = field(default_factory=list)  # ("σ′(z)", "σ(z)·(1 − σ(z))")
    defined: list[tuple[str, str]] = field(default_factory=list)  # ("a", "σ(z)")


# --- the grammar ------------------------------------------------------------------------------


def _number(tok: Token) -> sp.Rational:
    mantissa, _, exponent = tok.text.lower().partition("e")
    digits = mantissa.replace(".", "").lstrip("0")
    if len(digits) > MAX_LITERAL_DIGITS or (exponent and abs(int(exponent)) > MAX_LITERAL_EXPONENT):
        raise ParseError(
            "long_number", tok.start, tok=tok.text, max=MAX_LITERAL_DIGITS, exp=MAX_LITERAL_EXPONENT
        )
    value = Fraction(tok.text)  # exact: 0.1 is 1/10, never a float
    return sp.Rational(value.numerator, value.denominator)


def _check_size(value: sp.Expr, position: int) -> sp.Expr:
    if value.is_Rational and max(value.p.bit_length(), value.q.bit_length()) > MAX_NUMBER_BITS:
        raise ParseError("number_too_large", position)
    return value


def _check_magnitude(base: sp.Expr, exponent: sp.Expr, position: int) -> None:
    """Refuse a number power whose value would need more than MAX_NUMBER_BITS bits."""
    import mpmath

    try:
        b = mpmath.mpf(sp.Abs(base).evalf(15))
        e = mpmath.mpf(sp.Abs(exponent).evalf(15))
        bits = abs(mpmath.log(b, 2)) * e if b != 0 else 0
    except (TypeError, ValueError, OverflowError):
        return  # not a real number: SymPy will say so
    if not bits < MAX_NUMBER_BITS:
        raise ParseError("number_too_large", position)


def _power(base: sp.Expr, exponent: sp.Expr, position: int) -> sp.Expr:
    if exponent.is_Number:
        if exponent.is_Rational and abs(exponent) > MAX_EXPONENT:
            raise ParseError("exponent_too_large", position, n=exponent, max=MAX_EXPONENT)
        if base.is_Number and exponent.is_Rational:
            if exponent.q > MAX_EXPONENT_DENOMINATOR:
                raise ParseError("number_too_large", position)
            if base.is_Rational and base != 0:
                bits = max(math.log2(abs(base.p)), math.log2(base.q))
                if abs(exponent.p) * bits / exponent.q > MAX_NUMBER_BITS:
                    raise ParseError("number_too_large", position)
    if exponent.is_number and base.is_number and not (base.is_Rational and exponent.is_Rational):
        _check_magnitude(base, exponent, position)  # (√2^9999)^9999: too large to build
    return _check_size(sp.Pow(base, exponent), position)


_SIMPLE = {
    "exp": sp.exp, "lg": lambda z: sp.log(z, 10), "sqrt": sp.sqrt, "abs": sp.Abs,
    "sin": sp.sin, "cos": sp.cos, "tan": sp.tan, "cot": sp.cot, "sec": sp.sec, "csc": sp.csc,
    "asin": sp.asin, "acos": sp.acos, "atan": sp.atan,
    "arcsin": sp.asin, "arccos": sp.acos, "arctan": sp.atan,
    "sinh": sp.sinh, "cosh": sp.cosh, "tanh": sp.tanh,
    "sech": sp.sech, "csch": sp.csch, "coth": sp.coth,
    "asinh": sp.asinh, "acosh": sp.acosh, "atanh": sp.atanh,
    "sigmoid": sigmoid, "sigma": sigmoid, "softplus": softplus,
    "relu": lambda z: sp.Max(0, z), "sign": sp.sign, "sgn": sp.sign, "heaviside": sp.Heaviside,
}  # fmt: skip
# f′(u) for the functions a prime may follow (lexer.PRIMABLE); relu′ is heaviside (see
# docs/checker.md: its value at 0 is left open, as answers may differ only there)
_PRIMED = {
    "sigma": lambda z: sigmoid(z) * (1 - sigmoid(z)),
    "sigmoid": lambda z: sigmoid(z) * (1 - sigmoid(z)),
    "tanh": lambda z: 1 - sp.tanh(z) ** 2,
    "relu": sp.Heaviside,
    "softplus": sigmoid,
    "exp": sp.exp,
    "log": lambda z: 1 / z,
    "ln": lambda z: 1 / z,
    "sinh": sp.cosh,
    "cosh": sp.sinh,
    "sin": sp.cos,
    "cos": lambda z: -sp.sin(z),
}


def _call(name: str, args: list[sp.Expr], position: int) -> sp.Expr:
    a = args[0]
    if name in ("log", "ln"):
        if len(args) == 2 and (args[1].is_zero or args[1] == 1 or args[1].is_negative):
            raise ParseError("bad_log_base", position)
        return sp.log(*args)
    if name in _SIMPLE:
        return _SIMPLE[name](a)
    if name == "max":
        return sp.Max(*args)
    return sp.Min(*args)


class _Parser:
    def __init__(self, tokens: list[Token], names: Names, length: int) -> None:
        self.tokens = tokens + [Token("end", "", length, length)]
        self.i = 0
        self.names = names
        self.depth = 0
        self.bars = 0
        self.notes: list[tuple[str, str]] = []
        self.primes: list[tuple[str, str]] = []
        self.defined: list[tuple[str, str]] = []  # (name as typed, what it stands for)
        self.split: tuple[int, sp.Expr, sp.Expr] | None = None  # (start, prefix, last factor)

    # helpers
    def peek(self, ahead: int = 0) -> Token:
        return self.tokens[min(self.i + ahead, len(self.tokens) - 1)]

    def take(self) -> Token:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def is_op(self, tok: Token, *ops: str) -> bool:
        return tok.kind == "op" and tok.text in ops

    def descend(self, tok: Token) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ParseError("too_deep", tok.start, max=MAX_DEPTH)

    def fail_here(self) -> None:
        tok = self.peek()
        if tok.kind == "end":
            prev = self.tokens[self.i - 1] if self.i else None
            if prev is None:
                raise ParseError("empty")
            raise ParseError("ends_early", prev.start, tok=prev.typed or prev.text)
        if self.is_op(tok, ","):
            raise ParseError("decimal_comma", tok.start)
        if self.is_op(tok, ")", "|") and (tok.text == ")" or self.bars == 0):
            raise ParseError("unmatched", tok.start, tok=tok.typed or tok.text)
        raise ParseError("unexpected", tok.start, tok=tok.typed or tok.text)

    def close(self, open_tok: Token) -> None:
        """The ")" (or "]", "}") that closes ``open_tok``."""
        tok = self.peek()
        if not self.is_op(tok, ")"):
            if tok.kind == "end":
                raise ParseError("unclosed", open_tok.start, tok=open_tok.typed or "(")
            self.fail_here()
        wanted = CLOSING.get(open_tok.typed)
        if wanted and tok.typed in CLOSING.values() and tok.typed != wanted:
            raise ParseError("mismatched", tok.start, tok=tok.typed, open=open_tok.typed)
        self.take()

    # grammar
    def parse(self) -> sp.Expr:
        if self.peek().kind == "end":
            raise ParseError("empty")
        expr = self.sum()
        if self.peek().kind != "end":
            self.fail_here()
        return expr

    def sum(self) -> sp.Expr:
        left = self.product()
        while self.is_op(self.peek(), "+", "-"):
            op = self.take()
            right = self.product()
            left = _check_size(left + right if op.text == "+" else left - right, op.start)
        return left

    def starts_factor(self, tok: Token) -> bool:
        if tok.kind in ("num", "name", "sqrt", "frac"):
            return True
        return self.is_op(tok, "(") or (self.is_op(tok, "|") and self.bars == 0)

    def product(self) -> sp.Expr:
        left = self.unary()
        while True:
            tok = self.peek()
            if self.is_op(tok, "*", "/"):
                self.take()
                right = self.unary()
                if tok.text == "/":
                    if right.is_zero:
                        raise ParseError("undefined_expr", tok.start)
                    left = left / right
                else:
                    left = left * right
            elif self.starts_factor(tok):
                if tok.kind == "num" and self.tokens[self.i - 1].kind == "num":
                    raise ParseError("two_numbers", tok.start)
                left = left * self.power()
            else:
                return left
            left = _check_size(left, tok.start)

    def unary(self) -> sp.Expr:
        tok = self.peek()
        if self.is_op(tok, "+", "-"):
            self.take()
            self.descend(tok)
            operand = self.unary()
            self.depth -= 1
            return -operand if tok.text == "-" else operand
        return self.power()

    def power(self) -> sp.Expr:
        first = self.peek()
        base = self.atom()
        split = self.split if self.split is not None and self.split[0] == first.start else None
        tok = self.peek()
        if not self.is_op(tok, "^"):
            return base
        self.take()
        self.ambiguous_exponent(base, tok)
        self.descend(tok)
        exponent = self.unary()
        self.depth -= 1
        if split is not None:  # wx² is w·x²: a power binds to the last factor of a run
            _, prefix, last = split
            return _check_size(prefix * _power(last, exponent, tok.start), tok.start)
        return _power(base, exponent, tok.start)

    def ambiguous_exponent(self, base: sp.Expr, hat: Token) -> None:
        """e^-2x and e^2x: is x in the exponent? Refused, with both readings to choose from."""
        k = 1 if self.is_op(self.peek(), "-", "+") else 0
        num, after = self.peek(k), self.peek(k + 1)
        directly = num.kind == "num" and after.kind == "name" and after.start == num.end
        if directly and (k or base == sp.E):
            sign = self.peek().text if k else ""
            raise ParseError(
                "ambiguous_exponent",
                hat.start,
                a=f"^({sign}{num.text}{after.typed})",
                b=f"^({sign}{num.text})·{after.typed}",
            )

    def group(self, open_tok: Token) -> sp.Expr:
        """After "(": an expression and its ")"."""
        if self.is_op(self.peek(), ")"):
            raise ParseError("empty_parens", open_tok.start)
        self.descend(open_tok)
        bars, self.bars = self.bars, 0
        inner = self.sum()
        self.bars = bars
        self.depth -= 1
        self.close(open_tok)
        return inner

    def frac(self, tok: Token) -> sp.Expr:
        """\\frac{a}{b}: two groups."""
        parts = []
        for _ in range(2):
            open_tok = self.peek()
            if not self.is_op(open_tok, "("):
                raise ParseError("latex_frac", tok.start)
            self.take()
            self.descend(tok)
            parts.append(self.group(open_tok))
            self.depth -= 1
        if parts[1].is_zero:
            raise ParseError("undefined_expr", tok.start)
        return parts[0] / parts[1]

    def atom(self) -> sp.Expr:
        tok = self.take()
        if tok.kind == "num":
            return _number(tok)
        if tok.kind == "name":
            return self.name(tok)
        if tok.kind == "frac":
            return self.frac(tok)
        if tok.kind == "sqrt":
            self.descend(tok)
            operand = self.unary()
            self.depth -= 1
            return sp.sqrt(operand)
        if self.is_op(tok, "("):
            return self.group(tok)
        if self.is_op(tok, "|"):
            self.descend(tok)
            self.bars += 1
            inner = self.sum()
            self.bars -= 1
            self.depth -= 1
            if not self.is_op(self.peek(), "|"):
                if self.peek().kind == "end":
                    raise ParseError("unclosed", tok.start, tok="|")
                self.fail_here()
            self.take()
            return sp.Abs(inner)
        self.i -= 1
        self.fail_here()
        raise AssertionError("unreachable")

    def call(self, name: str, tok: Token, primed: bool = False) -> sp.Expr:
        """A function name has been read: an optional power (sin^2), then "(" arguments ")"."""
        shown = tok.typed if tok.typed and not primed else name
        power = None
        if self.is_op(self.peek(), "^"):
            hat = self.take()
            nxt = self.peek()
            if self.is_op(nxt, "-"):
                raise ParseError("inverse_notation", tok.start, name=shown)
            if nxt.kind == "num":
                power = (_number(self.take()), hat.start)
            elif self.is_op(nxt, "("):
                power = (self.group(self.take()), hat.start)
            else:
                raise ParseError("needs_parens", tok.start, name=shown)
        open_tok = self.peek()
        if not self.is_op(open_tok, "("):
            raise ParseError("needs_parens", tok.start, name=shown)
        self.take()
        if self.is_op(self.peek(), ")"):
            raise ParseError("empty_parens", open_tok.start)
        self.descend(open_tok)
        bars, self.bars = self.bars, 0
        args = [self.sum()]
        while self.is_op(self.peek(), ","):
            self.take()
            args.append(self.sum())
        self.bars = bars
        self.depth -= 1
        self.close(open_tok)
        least, most = FUNCTIONS[name]
        if primed:
            least = most = 1
        if len(args) < least or (most is not None and len(args) > most):
            wanted = (
                str(least)
                if least == most
                else (f"{least}+" if most is None else f"{least}–{most}")
            )
            raise ParseError("arity", tok.start, name=shown, n=wanted, got=len(args))
        if primed:
            from nntutor.checker.functions import one_line

            value = _PRIMED[name](args[0])
            label = ("σ" if name in ("sigma", "sigmoid") else name) + "′"
            note = (f"{label}({one_line(args[0])})", one_line(value))
            if note not in self.primes:
                self.primes.append(note)
        else:
            value = _call(name, args, tok.start)
        if power is not None:
            value = _power(value, power[0], power[1])
        return value

    def used(self, typed: str, value: sp.Expr) -> None:
        """A name the prompt defines was used: the preview says what it stands for."""
        from nntutor.checker.functions import one_line

        if (typed, one_line(value)) not in self.defined:
            self.defined.append((typed, one_line(value)))

    def name(self, tok: Token) -> sp.Expr:
        raw = tok.text
        primed = raw.endswith("'")
        if primed:
            raw = raw[:-1]
            if raw in FUNCTIONS:
                return self.call(raw, tok, primed=True)
        call_follows = self.is_op(self.peek(), "(")
        if raw in FUNCTIONS:
            return self.call(raw, tok)
        if raw == "e":
            return sp.E
        if raw == "pi":
            return sp.pi
        names = self.names
        typed = tok.typed or raw
        if raw.startswith("_") or "__" in raw:
            raise ParseError("unknown_name", tok.start, name=typed)
        canon = canonical_name(raw)
        if canon in names.defines:
            self.used(typed, names.defines[canon])
            return names.defines[canon]
        if not names.declared:
            if (call_follows and not is_simple_name(raw)) or primed:
                raise ParseError(
                    "unknown_function", tok.start, names.suggest(raw, call_follows), name=typed
                )
            return names.symbol(canon)
        if not primed and (raw in names.spellings or canon in names.variables):
            return names.value(names.spellings.get(raw, canon))
        parts = names.split(raw, call_follows or primed)
        if parts is None or (primed and parts[-1] not in FUNCTIONS):
            key = "not_a_variable" if names.variables else "no_variables"
            suggestion = names.suggest(raw, call_follows, listed=key == "not_a_variable")
            if (call_follows or primed) and not is_simple_name(raw):
                raise ParseError("unknown_function", tok.start, suggestion, name=typed)
            raise ParseError(key, tok.start, suggestion, name=typed, vars=names.listing())
        value: sp.Expr = sp.Integer(1)
        last: sp.Expr = sp.Integer(1)
        shown = []
        for part in parts:
            value = value * last
            if part in FUNCTIONS:
                last = self.call(part, tok, primed=primed)
                shown.append(part + ("′" if primed else "") + "(…)")
            elif part in CONSTANTS:
                last = sp.E if part == "e" else sp.pi
                shown.append(part)
            else:
                last = names.value(names.spellings[part])
                shown.append(display_name(names.spellings[part]))
                if names.spellings[part] in names.defines:
                    self.used(part, last)
        self.split = (tok.start, value, last)
        if (typed, "·".join(shown)) not in self.notes:
            self.notes.append((typed, "·".join(shown)))
        return value * last


def check_variables(variables: list[str] | None) -> str | None:
    """The first declared name that cannot be a variable, if any."""
    for raw in variables or []:
        if not isinstance(raw, str) or not is_variable_name(raw):
            return str(raw)
    return None


def parse(
    text: str, variables: list[str] | None = None, defines: dict[str, sp.Expr] | None = None
) -> Parsed:
    """Read ``text``.

    With ``variables`` (a list, even an empty one) only those names, and products of them
    such as ``wx``, are allowed; with None any name is a variable. ``defines`` maps names
    the exercise's prompt introduces (a = σ(z)) to what they stand for.
    """
    if not isinstance(text, str):
        raise ParseError("empty")
    tokens = tokenize(text)
    parser = _Parser(tokens, Names(variables, defines), len(text))
    try:
        expr = parser.parse()
    except RecursionError:
        raise ParseError("too_deep", None, max=MAX_DEPTH) from None
    if expr.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
        raise ParseError("undefined_expr")
    if expr.has(sp.I):
        raise ParseError("imaginary")
    decimals = any(t.kind == "num" and not t.text.isdigit() for t in tokens)
    return Parsed(expr, parser.notes, decimals, parser.primes, parser.defined)
