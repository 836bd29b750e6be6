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

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from fractions import Fraction

import sympy as sp

from nntutor.checker import messages
from nntutor.checker.functions import display_name, sigmoid, softplus
from nntutor.checker.vocabulary import (
    CONSTANTS,
    FUNCTIONS,
    GREEK,
    GREEK_NAMES,
    MAX_DEPTH,
    MAX_EXPONENT,
    MAX_EXPONENT_DENOMINATOR,
    MAX_LENGTH,
    MAX_LITERAL_DIGITS,
    MAX_LITERAL_EXPONENT,
    MAX_NUMBER_BITS,
    MAX_TOKENS,
    canonical_name,
    is_variable_name,
)

SUPERSCRIPTS = {
    "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8",
    "⁹": "9", "⁺": "+", "⁻": "-", "⁽": "(", "⁾": ")", "ᐧ": "*", "ᐟ": "/",
    "ᵃ": "a", "ᵇ": "b", "ᶜ": "c", "ᵈ": "d", "ᵉ": "e", "ᶠ": "f", "ᵍ": "g", "ʰ": "h", "ⁱ": "i",
    "ʲ": "j", "ᵏ": "k", "ˡ": "l", "ᵐ": "m", "ⁿ": "n", "ᵒ": "o", "ᵖ": "p", "ʳ": "r", "ˢ": "s",
    "ᵗ": "t", "ᵘ": "u", "ᵛ": "v", "ʷ": "w", "ˣ": "x", "ʸ": "y", "ᶻ": "z",
    "ᵅ": "α", "ᵝ": "β", "ᵞ": "γ", "ᵟ": "δ", "ᶿ": "θ", "ᵠ": "φ", "ᵡ": "χ",
}  # fmt: skip
SUBSCRIPT_DIGITS = {c: str(i) for i, c in enumerate("₀₁₂₃₄₅₆₇₈₉")}
OPERATORS = {
    "+": "+", "-": "-", "*": "*", "/": "/", "^": "^", "(": "(", ")": ")", ",": ",", "|": "|",
    "−": "-", "–": "-", "—": "-", "‒": "-", "﹣": "-", "－": "-",
    "·": "*", "⋅": "*", "×": "*", "∙": "*", "•": "*", "∗": "*", "✕": "*",
    "÷": "/", "∕": "/", "⁄": "/", "∣": "|", "│": "|",
}  # fmt: skip
FORBIDDEN = {
    "'": "prime", "′": "prime", "″": "prime", "‘": "prime", "’": "prime",
    "=": "equals", "≈": "equals", "!": "factorial",
    "[": "brackets", "]": "brackets", "{": "brackets", "}": "brackets",
}  # fmt: skip
_NUMBER_RE = re.compile(r"(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_DIGITS = frozenset("0123456789")
MAX_SPLIT = 40  # longer names are not read as products of variables
_GREEK_INDEX_RE = re.compile(r"_?[0-9]+")
_INDEXED = re.compile(r"([A-Za-z]+)_([0-9]+)")


def _shorten(text: str, most: int = 40) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"


class ParseError(Exception):
    """Input that cannot be read; says why, where, and perhaps how to fix it."""

    def __init__(
        self,
        key: str,
        position: int | None = None,
        suggestion: tuple[str, dict] | None = None,
        **params: object,
    ) -> None:
        super().__init__(key)
        self.key = key
        self.position = position
        self.params = {k: _shorten(v) if k in ("name", "tok") else v for k, v in params.items()}
        self.suggestion = suggestion

    def message(self, lang: str = "en") -> str:
        return messages.at(self.position, messages.text(self.key, lang, **self.params), lang)

    def suggestion_text(self, lang: str = "en") -> str | None:
        if self.suggestion is None:
            return None
        key, params = self.suggestion
        return messages.text(key, lang, **params)


@dataclass
class Token:
    kind: str  # "num", "name", "op", "sqrt", "end"
    text: str
    start: int
    end: int


@dataclass
class Parsed:
    expr: sp.Expr
    notes: list[tuple[str, str]] = field(default_factory=list)  # (name as typed, product read)
    decimals: bool = False  # a number was written with a point or an exponent (0.33, 1e-3)


# --- characters and tokens ---------------------------------------------------------------


def _normalise(text: str) -> str:
    """Fold compatibility characters (full-width letters, ℯ, µ) one for one, keeping positions."""
    out = []
    for c in text:
        if (
            c.isascii()
            or c in SUPERSCRIPTS
            or c in SUBSCRIPT_DIGITS
            or c in OPERATORS
            or c in GREEK
        ):
            out.append(c)
            continue
        folded = unicodedata.normalize("NFKC", c)
        out.append(folded if len(folded) == 1 else c)
    return "".join(out)


def tokenize(text: str) -> list[Token]:
    if len(text) > MAX_LENGTH:
        raise ParseError("too_long", None, n=len(text), max=MAX_LENGTH)
    tokens = _scan(_normalise(text), offset=0)
    if len(tokens) > MAX_TOKENS:
        raise ParseError("too_many_tokens", tokens[MAX_TOKENS].start, max=MAX_TOKENS)
    return tokens


def _scan(s: str, offset: int, superscript: bool = False) -> list[Token]:
    tokens: list[Token] = []
    i, n = 0, len(s)
    while i < n:
        c = s[i]
        at = offset + i
        if c.isspace():
            i += 1
        elif c in SUPERSCRIPTS and not superscript:
            j = i
            while j < n and s[j] in SUPERSCRIPTS:
                j += 1
            inner = "".join(SUPERSCRIPTS[ch] for ch in s[i:j])
            body = _scan(inner, offset + i, superscript=True)
            tokens += [Token("op", "^", at, at + 1), Token("op", "(", at, at)]
            tokens += body + [Token("op", ")", offset + j, offset + j)]
            i = j
        elif c in SUBSCRIPT_DIGITS:
            j = i
            while j < n and s[j] in SUBSCRIPT_DIGITS:
                j += 1
            digits = "".join(SUBSCRIPT_DIGITS[ch] for ch in s[i:j])
            prev = tokens[-1] if tokens else None
            if prev is None or prev.kind != "name" or prev.end != at:
                raise ParseError("bad_char", at, char=c)
            prev.text = prev.text.rstrip("_") + "_" + digits
            prev.end = offset + j
            i = j
        elif c in _DIGITS or (c == "." and i + 1 < n and s[i + 1] in _DIGITS):
            m = _NUMBER_RE.match(s, i)
            tokens.append(Token("num", m.group(), at, offset + m.end()))
            i = m.end()
        elif c.isascii() and (c.isalpha() or c == "_"):
            m = _NAME_RE.match(s, i)
            tokens.append(Token("name", m.group(), at, offset + m.end()))
            i = m.end()
        elif c in GREEK:
            j = i + 1
            m = _GREEK_INDEX_RE.match(s, j)
            name = GREEK[c]
            if m:
                name += "_" + m.group().lstrip("_")
                j = m.end()
            tokens.append(Token("name", name, at, offset + j))
            i = j
        elif c == "√":
            tokens.append(Token("sqrt", "√", at, at + 1))
            i += 1
        elif s.startswith("**", i):
            tokens.append(Token("op", "^", at, at + 2))
            i += 2
        elif c in OPERATORS:
            tokens.append(Token("op", OPERATORS[c], at, at + 1))
            i += 1
        elif c in FORBIDDEN:
            key = FORBIDDEN[c]
            if key == "prime" and not (
                tokens and (tokens[-1].kind == "name" or tokens[-1].text == ")")
            ):
                key = "bad_char"  # a quote, not a derivative's prime
            raise ParseError(key, at, char=c)
        else:
            raise ParseError("bad_char", at, char=c)
    return tokens


# --- names ----------------------------------------------------------------------------------


def _is_simple_name(name: str) -> bool:
    """One letter or a Greek letter, perhaps with an index: w, x_2, W12, eta, η₁, x_i."""
    base = re.match(r"[A-Za-z]+", name).group()
    rest = name[len(base) :]
    if len(base) > 1 and base not in GREEK_NAMES and base != "lambda":
        return False
    return rest == "" or bool(re.fullmatch(r"_?[0-9]+|_[A-Za-z0-9]+", rest))


class Names:
    """Which names the input may use: the exercise's variables, or any (when none are declared)."""

    def __init__(self, variables: list[str] | None) -> None:
        self.declared = variables is not None
        self.variables: dict[str, sp.Symbol] = {}
        self.spellings: dict[str, str] = {}  # how a variable may be typed -> canonical name
        for raw in variables or []:
            canon = canonical_name(raw)
            self.variables[canon] = sp.Symbol(canon, real=True)
            self.spellings[raw] = canon
            self.spellings[canon] = canon
            m = _INDEXED.fullmatch(canon)
            if m:
                self.spellings[m.group(1) + m.group(2)] = canon

    def symbol(self, canon: str) -> sp.Symbol:
        sym = self.variables.get(canon)
        if sym is None:
            sym = self.variables[canon] = sp.Symbol(canon, real=True)
        return sym

    def listing(self) -> str:
        return ", ".join(display_name(v) for v in self.variables)

    def split(self, raw: str, call_follows: bool) -> list[str] | None:
        """``raw`` as a product of known names (a function may come last before "("), fewest pieces."""
        if len(raw) > MAX_SPLIT:
            return None
        pieces = dict(self.spellings)
        for c in CONSTANTS:
            pieces[c] = c
        best: dict[int, list[str] | None] = {len(raw): []}

        def solve(i: int) -> list[str] | None:
            if i in best:
                return best[i]
            found = None
            for j in range(len(raw), i, -1):
                part = raw[i:j]
                if j == len(raw) and call_follows and part in FUNCTIONS:
                    rest: list[str] | None = []
                elif part in pieces:
                    rest = solve(j)
                else:
                    continue
                if rest is not None and (found is None or 1 + len(rest) < len(found)):
                    found = [part, *rest]
            best[i] = found
            return found

        parts = solve(0)
        return parts if parts and len(parts) > 1 else None

    def suggest(self, raw: str, call_follows: bool) -> tuple[str, dict] | None:
        known = list(self.variables) + list(FUNCTIONS) + list(CONSTANTS)
        lowered = {k.lower(): k for k in known}
        for guess in (raw.replace("I", "l"), raw.lower(), raw.replace("I", "l").lower()):
            if guess in known:
                return ("did_you_mean", {"s": guess})
            if guess in lowered:
                return ("did_you_mean", {"s": lowered[guess]})
        for f in sorted(FUNCTIONS, key=len, reverse=True):
            if raw.startswith(f) and len(raw) > len(f) and not call_follows:
                return ("did_you_mean", {"s": f"{f}({raw[len(f) :]})"})
            if raw.endswith(f) and len(raw) > len(f) and call_follows:
                return ("missing_star", {"s": f"{raw[: -len(f)]}*{f}(…)"})
        m = re.fullmatch(r"([A-Za-z]+)([0-9]+)", raw)
        if m and m.group(1) in self.variables:
            return ("did_you_mean", {"s": f"{m.group(1)}^{m.group(2)}"})
        close = difflib.get_close_matches(raw, known, n=1, cutoff=0.75)
        if close:
            return ("did_you_mean", {"s": close[0]})
        if raw in ("I", "i", "j"):
            return ("imaginary_hint", {})
        if self.variables:
            return ("variables_are", {"vars": self.listing()})
        return None


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


def _power(base: sp.Expr, exponent: sp.Expr, position: int) -> sp.Expr:
    if exponent.is_Number:
        if exponent.is_Rational and abs(exponent) > MAX_EXPONENT:
            raise ParseError("exponent_too_large", position, n=exponent, max=MAX_EXPONENT)
        if base.is_Number and exponent.is_Rational:
            if exponent.q > MAX_EXPONENT_DENOMINATOR:
                raise ParseError("number_too_large", position)
            if base.is_Rational:
                bits = max(base.p.bit_length(), base.q.bit_length())
                if abs(exponent.p) * bits > MAX_NUMBER_BITS:
                    raise ParseError("number_too_large", position)
    return _check_size(sp.Pow(base, exponent), position)


def _call(name: str, args: list[sp.Expr]) -> sp.Expr:
    a = args[0]
    if name in ("log", "ln"):
        return sp.log(*args)
    simple = {
        "exp": sp.exp, "lg": lambda z: sp.log(z, 10), "sqrt": sp.sqrt, "abs": sp.Abs,
        "sin": sp.sin, "cos": sp.cos, "tan": sp.tan, "cot": sp.cot, "sec": sp.sec, "csc": sp.csc,
        "asin": sp.asin, "acos": sp.acos, "atan": sp.atan,
        "arcsin": sp.asin, "arccos": sp.acos, "arctan": sp.atan,
        "sinh": sp.sinh, "cosh": sp.cosh, "tanh": sp.tanh,
        "asinh": sp.asinh, "acosh": sp.acosh, "atanh": sp.atanh,
        "sigmoid": sigmoid, "sigma": sigmoid, "softplus": softplus,
        "relu": lambda z: sp.Max(0, z), "sign": sp.sign, "sgn": sp.sign, "heaviside": sp.Heaviside,
    }  # fmt: skip
    if name in simple:
        return simple[name](a)
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

    # helpers
    def peek(self) -> Token:
        return self.tokens[self.i]

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
            raise ParseError("ends_early", prev.start, tok=prev.text)
        if self.is_op(tok, ","):
            raise ParseError("decimal_comma", tok.start)
        if self.is_op(tok, ")", "|") and (tok.text == ")" or self.bars == 0):
            raise ParseError("unmatched", tok.start, tok=tok.text)
        raise ParseError("unexpected", tok.start, tok=tok.text)

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
        if tok.kind in ("num", "name", "sqrt"):
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
        base = self.atom()
        tok = self.peek()
        if self.is_op(tok, "^"):
            self.take()
            self.descend(tok)
            exponent = self.unary()
            self.depth -= 1
            return _power(base, exponent, tok.start)
        return base

    def group(self, open_tok: Token) -> sp.Expr:
        """After "(": an expression and its ")"."""
        if self.is_op(self.peek(), ")"):
            raise ParseError("empty_parens", open_tok.start)
        self.descend(open_tok)
        bars, self.bars = self.bars, 0
        inner = self.sum()
        self.bars = bars
        self.depth -= 1
        if not self.is_op(self.peek(), ")"):
            if self.peek().kind == "end":
                raise ParseError("unclosed", open_tok.start, tok="(")
            self.fail_here()
        self.take()
        return inner

    def atom(self) -> sp.Expr:
        tok = self.take()
        if tok.kind == "num":
            return _number(tok)
        if tok.kind == "name":
            return self.name(tok)
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

    def call(self, name: str, tok: Token) -> sp.Expr:
        """A function name has been read: an optional power (sin^2), then "(" arguments ")"."""
        power = None
        if self.is_op(self.peek(), "^"):
            hat = self.take()
            nxt = self.peek()
            if self.is_op(nxt, "-"):
                raise ParseError("inverse_notation", tok.start, name=name)
            if nxt.kind == "num":
                power = (_number(self.take()), hat.start)
            elif self.is_op(nxt, "("):
                power = (self.group(self.take()), hat.start)
            else:
                raise ParseError("needs_parens", tok.start, name=name)
        open_tok = self.peek()
        if not self.is_op(open_tok, "("):
            raise ParseError("needs_parens", tok.start, name=name)
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
        if not self.is_op(self.peek(), ")"):
            if self.peek().kind == "end":
                raise ParseError("unclosed", open_tok.start, tok="(")
            self.fail_here()
        self.take()
        least, most = FUNCTIONS[name]
        if len(args) < least or (most is not None and len(args) > most):
            wanted = (
                str(least)
                if least == most
                else (f"{least}+" if most is None else f"{least}–{most}")
            )
            raise ParseError("arity", tok.start, name=name, n=wanted, got=len(args))
        value = _call(name, args)
        if power is not None:
            value = _power(value, power[0], power[1])
        return value

    def name(self, tok: Token) -> sp.Expr:
        raw = tok.text
        call_follows = self.is_op(self.peek(), "(")
        if raw in FUNCTIONS:
            return self.call(raw, tok)
        if raw == "e":
            return sp.E
        if raw == "pi":
            return sp.pi
        names = self.names
        if raw.startswith("_") or "__" in raw:
            raise ParseError("unknown_name", tok.start, name=raw)
        canon = canonical_name(raw)
        if not names.declared:
            if call_follows and not _is_simple_name(raw):
                raise ParseError(
                    "unknown_function", tok.start, names.suggest(raw, call_follows), name=raw
                )
            return names.symbol(canon)
        if raw in names.spellings or canon in names.variables:
            return names.variables[names.spellings.get(raw, canon)]
        parts = names.split(raw, call_follows)
        if parts is None:
            suggestion = names.suggest(raw, call_follows)
            if call_follows and not _is_simple_name(raw):
                raise ParseError("unknown_function", tok.start, suggestion, name=raw)
            key = "not_a_variable" if names.variables else "no_variables"
            raise ParseError(key, tok.start, suggestion, name=raw, vars=names.listing())
        value: sp.Expr = sp.Integer(1)
        shown = []
        for part in parts:
            if part in FUNCTIONS:
                value = value * self.call(part, tok)
                shown.append(part + "(…)")
            elif part in CONSTANTS:
                value = value * (sp.E if part == "e" else sp.pi)
                shown.append(part)
            else:
                sym = names.variables[names.spellings[part]]
                value = value * sym
                shown.append(display_name(sym.name))
        if (raw, "·".join(shown)) not in self.notes:
            self.notes.append((raw, "·".join(shown)))
        return value


def check_variables(variables: list[str] | None) -> str | None:
    """The first declared name that cannot be a variable, if any."""
    for raw in variables or []:
        if not isinstance(raw, str) or not is_variable_name(raw):
            return str(raw)
    return None


def parse(text: str, variables: list[str] | None = None) -> Parsed:
    """Read ``text``.

    With ``variables`` (a list, even an empty one) only those names, and products of them
    such as ``wx``, are allowed; with None any name is a variable.
    """
    if not isinstance(text, str):
        raise ParseError("empty")
    tokens = tokenize(text)
    parser = _Parser(tokens, Names(variables), len(text))
    try:
        expr = parser.parse()
    except RecursionError:
        raise ParseError("too_deep", None, max=MAX_DEPTH) from None
    if expr.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
        raise ParseError("undefined_expr")
    if expr.has(sp.I):
        raise ParseError("imaginary")
    decimals = any(t.kind == "num" and not t.text.isdigit() for t in tokens)
    return Parsed(expr, parser.notes, decimals)
