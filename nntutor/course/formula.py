"""The one plain-float formula evaluator, and how numbers are written.

Used for numeric answers (what a learner types, the answer formulas in lesson files)
and by the playgrounds (the value of the checker's reading of a learner's formula).
A formula is read by a small tokenizer and recursive-descent parser that knows only
numbers, the given variables, e and π, the operators + − · / ^ (and Python's * and **),
parentheses, |…| and the functions in ``FUNCTIONS``. Nothing is passed to ``eval``.

Every value is a Python float. ``evaluate`` returns a finite float or raises
``FormulaError``, never anything else: the length, the nesting depth and the size of
exponents are capped, and overflow, complex results, division by zero and undefined
functions end in a FormulaError that names the problem.

The checker's SymPy grammar (``nntutor.checker``) is separate: it decides whether two
formulas are equal everywhere; this module only computes one value.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

from nntutor.i18n import Messages, t

MINUS = "−"  # the typographic minus, as in the lesson texts
MAX_FORMULA = 2000  # characters
MAX_DEPTH = 60  # nesting of parentheses, calls and operators
MAX_EXPONENT = 1000  # |exponent| in a ^ b
MAX_ARGS = 64  # arguments of min and max

# why a formula failed, in each language; {…} are filled from the error's params
_REASONS: Messages = Messages(
    "formula",
    {
        "not_text": "not a formula: {what}",
        "empty": "the formula is empty",
        "character": "the character {char} is not allowed in a formula",
        "expected": "expected {what}",
        "incomplete": "the formula ends too early",
        "unexpected": "unexpected “{token}”",
        "number": "not a number: {text}",
        "arity": "{name} takes {count} argument(s)",
        "name": "unknown name {name}",
        "function": "unknown function {name}",
        "division": "division by zero",
        "zero_power": "0 to a negative power is a division by zero",
        "fractional_power": "({base})^({exponent}): a negative number to a fractional power is not a real number",
        "undefined": "{call} is not defined (outside the function's domain)",
        "round_digits": "round(x, n) needs a whole number n",
        "big_number": "the number {text} is too large (the largest is about 1.8e308)",
        "exponent": "the exponent {exponent} is too large (at most {limit} in size)",
        "too_large": "{what} is too large to compute",
        "long": "the formula is too long ({length} characters, at most {limit})",
        "deep": "the formula is nested too deeply (at most {limit} levels)",
        "value": "{name} = {value} is not a finite number",
        "param.not_number": "param {name}: {value} is not a number",
        "param.not_finite": "param {name}: {value} is not a finite number (write numbers such as 0.5 or 1e6)",
        "param.too_wide": "param {name}: the range {low} … {high} is too wide to draw from",
        "param.min_max": "param {name}: min ({low}) is greater than max ({high})",
        "param.step_positive": "param {name}: step must be positive",
        "param.step_small": "param {name}: step {step} is too small for the range {low} … {high}",
        "nothing": "nothing typed",
    },
)


class FormulaError(ValueError):
    """A formula or a typed number that cannot be evaluated.

    ``code`` says what kind of problem it is: syntax, name, domain, overflow, long
    (and param for a course's randomised parameters). ``detail`` is the English
    detail (for ``name``: the unknown name itself). ``describe(lang)`` is the whole
    message in the learner's language; ``str()`` is the English one.
    """

    def __init__(self, code: str, detail: str = "", *, reason: str = "", **params: object):
        self.code = code
        self.reason = reason
        self.params = params
        if reason and not detail:
            detail = str(params["name"]) if code == "name" else _render(reason, "en", params)
        self.detail = detail
        super().__init__(self.describe("en"))

    def describe(self, lang: str = "en") -> str:
        if self.reason:
            return _render(self.reason, lang, self.params)
        return f"{self.code}: {self.detail}" if self.detail else self.code


def _render(reason: str, lang: str, params: Mapping[str, object]) -> str:
    return t(reason, lang, _REASONS, **params)


def _short(text: str) -> str:
    """A long piece of the formula, shortened for a message: 9999999999…999999."""
    return text if len(text) <= 24 else f"{text[:10]}…{text[-6:]}"


# --- numbers as the lessons write them -----------------------------------------------------------


def format_number(value: float, digits: int = 4, *, whole: bool = True) -> str:
    """``value`` as the lessons write it: ``digits`` significant digits and a true minus sign.

    With ``whole`` (the default), a whole number under 10¹⁵ is written in full (60000);
    without it, in the same short form as the rest (−1.5e6). ∞ and NaN are written so.
    """
    value = float(value)
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "∞" if value > 0 else f"{MINUS}∞"
    if value == 0:
        return "0"
    if whole and value.is_integer() and abs(value) < 1e15:
        return str(int(value)).replace("-", MINUS)
    text = f"{value:.{digits}g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}e{int(exponent)}"
    return text.replace("-", MINUS)


def fmt(value: float, digits: int = 4) -> str:
    """``format_number`` for the playgrounds' dense readouts: whole numbers in short form too."""
    return format_number(value, digits, whole=False)


# --- functions a formula may call ----------------------------------------------------------------


def sigmoid(z: float) -> float:
    """σ(z) = 1 / (1 + e⁻ᶻ), without overflow for large |z|."""
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def softplus(z: float) -> float:
    """log(1 + eᶻ), without overflow for large z."""
    return max(z, 0.0) + math.log1p(math.exp(-abs(z)))


def _heaviside(z: float, at0: float = 0.5) -> float:
    return 1.0 if z > 0 else (0.0 if z < 0 else at0)


def _round(x: float, digits: float | None = None) -> float:
    if digits is None:
        return float(round(x))
    if not float(digits).is_integer():
        raise FormulaError("domain", reason="round_digits")
    return float(round(x, int(digits)))


FUNCTIONS: dict[str, tuple[int, int, Callable[..., float]]] = {
    # name: (fewest arguments, most arguments, function)
    "σ": (1, 1, sigmoid),
    "sigma": (1, 1, sigmoid),
    "sigmoid": (1, 1, sigmoid),
    "exp": (1, 1, math.exp),
    "log": (1, 1, math.log),
    "ln": (1, 1, math.log),
    "sqrt": (1, 1, math.sqrt),
    "tanh": (1, 1, math.tanh),
    "sinh": (1, 1, math.sinh),
    "cosh": (1, 1, math.cosh),
    "sin": (1, 1, math.sin),
    "cos": (1, 1, math.cos),
    "tan": (1, 1, math.tan),
    "abs": (1, 1, abs),
    "relu": (1, 1, lambda z: max(0.0, z)),
    "softplus": (1, 1, softplus),
    "heaviside": (1, 2, _heaviside),
    "max": (1, MAX_ARGS, max),
    "min": (1, MAX_ARGS, min),
    "round": (1, 2, _round),
    "floor": (1, 1, math.floor),
    "ceil": (1, 1, math.ceil),
}
CONSTANTS: dict[str, float] = {"e": math.e, "π": math.pi, "pi": math.pi}


def _function(name: str) -> tuple[int, int, Callable[..., float]] | None:
    return FUNCTIONS.get(name) or FUNCTIONS.get(name.lower())


# --- arithmetic that fails with a FormulaError ---------------------------------------------------


def _finite(value: float, what: str) -> float:
    if math.isnan(value):
        raise FormulaError("domain", reason="undefined", call=what)
    if math.isinf(value):
        raise FormulaError("overflow", reason="too_large", what=what)
    return value


def _arith(op: str, a: float, b: float) -> float:
    try:
        if op == "+":
            value = a + b
        elif op == "-":
            value = a - b
        elif op == "·":
            value = a * b
        else:
            if b == 0:
                raise FormulaError("domain", reason="division")
            value = a / b
    except OverflowError:
        raise FormulaError("overflow", reason="too_large", what=_expr(a, op, b)) from None
    return _finite(value, _expr(a, op, b))


def _expr(a: float, op: str, b: float) -> str:
    return f"{_shown(a)} {MINUS if op == '-' else op} {_shown(b)}"


def _shown(value: float) -> str:
    text = fmt(value, 6)
    return f"({text})" if text.startswith(MINUS) else text


def _power(base: float, exponent: float) -> float:
    if abs(exponent) > MAX_EXPONENT:
        raise FormulaError(
            "overflow", reason="exponent", exponent=fmt(exponent, 6), limit=MAX_EXPONENT
        )
    if base == 0 and exponent < 0:
        raise FormulaError("domain", reason="zero_power")
    if base < 0 and not exponent.is_integer():
        raise FormulaError(
            "domain", reason="fractional_power", base=fmt(base, 6), exponent=fmt(exponent, 6)
        )
    what = f"{_shown(base)}^{_shown(exponent)}"
    try:
        value = math.pow(base, exponent)
    except OverflowError:
        raise FormulaError("overflow", reason="too_large", what=what) from None
    except ValueError:
        raise FormulaError("domain", reason="undefined", call=what) from None
    return _finite(value, what)


def _call(name: str, f: Callable[..., float], args: list[float]) -> float:
    call = _short(f"{name}({', '.join(fmt(a, 6) for a in args)})")
    try:
        value = f(*args)
    except FormulaError:
        raise
    except OverflowError:
        raise FormulaError("overflow", reason="too_large", what=call) from None
    except (ValueError, ZeroDivisionError, TypeError):
        raise FormulaError("domain", reason="undefined", call=call) from None
    if isinstance(value, complex):
        raise FormulaError("domain", reason="undefined", call=call)
    try:
        value = float(value)
    except OverflowError:  # floor or ceil of a float is always within range; kept for safety
        raise FormulaError("overflow", reason="too_large", what=call) from None
    return _finite(value, call)


# --- reading a formula ---------------------------------------------------------------------------

_OPERATORS = {"+", "-", MINUS, "*", "·", "×", "/", "^", "(", ")", "|", ","}
_SAME = {"*": "·", "×": "·", MINUS: "-"}


def _number_end(text: str, i: int) -> int:
    """Where the number that starts at ``i`` ends: digits, one ., _ between digits, an exponent."""
    n = len(text)
    j = i
    while j < n and (
        text[j].isdigit()
        or text[j] == "."
        or (text[j] == "_" and j + 1 < n and text[j + 1].isdigit() and text[j - 1].isdigit())
    ):
        j += 1
    if j + 1 < n and text[j] in "eE" and (text[j + 1].isdigit() or text[j + 1] in "+-"):
        k = j + 1 + (text[j + 1] in "+-")
        if k < n and text[k].isdigit():
            j = k
            while j < n and text[j].isdigit():
                j += 1
    return j


def tokens(text: str) -> list[tuple[str, str]]:
    """(kind, text) pairs, kind one of num, name, op; FormulaError on a character not allowed."""
    out: list[tuple[str, str]] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
        elif c.isdigit() or (c == "." and i + 1 < n and text[i + 1].isdigit()):
            j = _number_end(text, i)
            out.append(("num", text[i:j]))
            i = j
        elif c.isalpha() or c == "_":
            j = i
            while j < n and (text[j].isalnum() or text[j] in "_′"):
                j += 1
            out.append(("name", text[i:j]))
            i = j
        elif c == "*" and text[i : i + 2] == "**":
            out.append(("op", "^"))
            i += 2
        elif c in _OPERATORS:
            out.append(("op", _SAME.get(c, c)))
            i += 1
        else:
            raise FormulaError("syntax", reason="character", char=ascii(c))
    return out


class _Reader:
    """expr := term (± term)* ; term := unary ((·|/) unary)* ; unary := −unary | power ;
    power := atom (^ unary)? ; atom := number | name | name(args) | (expr) | |expr|."""

    def __init__(self, toks: list[tuple[str, str]], values: Mapping[str, float]) -> None:
        self.tokens = toks
        self.at = 0
        self.values = values
        self.depth = 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self, expected: str | None = None) -> tuple[str, str]:
        token = self.peek()
        if token is None or (expected is not None and token[1] != expected):
            if expected is None:
                raise FormulaError("syntax", reason="incomplete")
            raise FormulaError("syntax", reason="expected", what=f"“{expected}”")
        self.at += 1
        return token

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise FormulaError("long", reason="deep", limit=MAX_DEPTH)

    def expr(self) -> float:
        self.enter()
        value = self.term()
        while (token := self.peek()) is not None and token[1] in ("+", "-"):
            self.take()
            value = _arith(token[1], value, self.term())
        self.depth -= 1
        return value

    def term(self) -> float:
        value = self.unary()
        while (token := self.peek()) is not None and token[1] in ("·", "/"):
            self.take()
            value = _arith(token[1], value, self.unary())
        return value

    def unary(self) -> float:
        token = self.peek()
        if token is not None and token[1] in ("-", "+"):
            self.take()
            self.enter()
            inner = self.unary()
            self.depth -= 1
            return -inner if token[1] == "-" else inner
        return self.power()

    def power(self) -> float:
        base = self.atom()
        token = self.peek()
        if token is not None and token[1] == "^":
            self.take()
            self.enter()
            exponent = self.unary()
            self.depth -= 1
            return _power(base, exponent)
        return base

    def atom(self) -> float:
        kind, text = self.take()
        if kind == "num":
            return _number(text)
        if kind == "name":
            nxt = self.peek()
            if nxt is not None and nxt[1] == "(":
                return self.call(text)
            if text in self.values:
                return _variable(text, self.values[text])
            if text in CONSTANTS:
                return CONSTANTS[text]
            raise FormulaError("name", reason="name", name=text)
        if text in ("(", "|"):
            self.enter()
            value = self.expr()
            self.take(")" if text == "(" else "|")
            self.depth -= 1
            return value if text == "(" else abs(value)
        raise FormulaError("syntax", reason="unexpected", token=text)

    def call(self, name: str) -> float:
        spec = _function(name)
        if spec is None:
            raise FormulaError("name", reason="function", name=name)
        self.enter()
        self.take("(")
        args = [self.expr()]
        while (token := self.peek()) is not None and token[1] == ",":
            self.take()
            args.append(self.expr())
        self.take(")")
        self.depth -= 1
        fewest, most, f = spec
        if not fewest <= len(args) <= most:
            count = str(fewest) if fewest == most else f"{fewest}–{most}"
            raise FormulaError("syntax", reason="arity", name=name, count=count)
        return _call(name, f, args)


def _number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise FormulaError("syntax", reason="number", text=_short(text)) from None
    if math.isinf(value):
        raise FormulaError("overflow", reason="big_number", text=_short(text))
    return value


def _variable(name: str, raw: object) -> float:
    try:
        value = float(raw)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        raise FormulaError("domain", reason="value", name=name, value=_short(repr(raw))) from None
    if not math.isfinite(value):
        raise FormulaError("domain", reason="value", name=name, value=fmt(value))
    return value


def evaluate(text: str | float, values: Mapping[str, float] | None = None) -> float:
    """The value of ``text`` with the given variables, as a finite float; FormulaError otherwise.

    ``text`` is written the way nntutor's checker prints what it understood
    (``x·(1 - σ(b + w·x))^2``) or the way a lesson file or a learner writes it
    (``ceil(n / batch)``, ``2**10``, ``−3 × 2``). A number instead of a text is
    returned as a float, if finite.
    """
    values = values or {}
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        try:
            return _finite(float(text), _short(repr(text)))
        except OverflowError:
            raise FormulaError("overflow", reason="big_number", text=_short(repr(text))) from None
    if not isinstance(text, str):
        raise FormulaError("syntax", reason="not_text", what=type(text).__name__)
    if len(text) > MAX_FORMULA:
        raise FormulaError("long", reason="long", length=len(text), limit=MAX_FORMULA)
    toks = tokens(text)
    if not toks:
        raise FormulaError("syntax", reason="empty")
    reader = _Reader(toks, values)
    try:
        value = reader.expr()
    except RecursionError:  # cannot happen under MAX_DEPTH; kept so that nothing else escapes
        raise FormulaError("long", reason="deep", limit=MAX_DEPTH) from None
    extra = reader.peek()
    if extra is not None:
        raise FormulaError("syntax", reason="unexpected", token=_short(extra[1]))
    return _finite(value, _short(text))


def formula_names(text: str) -> set[str]:
    """The free names a formula uses: neither functions nor constants (empty when unreadable)."""
    try:
        toks = tokens(str(text)[:MAX_FORMULA])
    except FormulaError:
        return set()
    names = set()
    for i, (kind, name) in enumerate(toks):
        called = i + 1 < len(toks) and toks[i + 1][1] == "("
        if kind == "name" and not called and name not in CONSTANTS:
            names.add(name)
    return names
