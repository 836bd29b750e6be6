"""Characters and tokens: the first two steps of reading untrusted input (see parser.py).

Every character is checked against an allowlist (after mapping Unicode math, such as
``σ · × − ² √ ₁``, and LaTeX commands, such as ``\\frac \\cdot \\eta``, to their meaning);
the text is then cut into numbers, names and operators, each token keeping its position
in the text as typed and the text as typed (so that messages echo ``η``, not ``eta``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from nntutor.checker import latex, messages
from nntutor.checker.vocabulary import GREEK, MAX_LENGTH, MAX_TOKENS

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
    "[": "(", "]": ")", "{": "(", "}": ")",
    "−": "-", "–": "-", "—": "-", "‒": "-", "﹣": "-", "－": "-",
    "·": "*", "⋅": "*", "×": "*", "∙": "*", "•": "*", "∗": "*", "✕": "*",
    "÷": "/", "∕": "/", "⁄": "/", "∣": "|", "│": "|",
}  # fmt: skip
PRIMES = frozenset("'′’")
FORBIDDEN = {
    "″": "prime", "‘": "prime", "=": "equals", "≈": "equals", "!": "factorial",
}  # fmt: skip
# functions whose derivative may be written with a prime: σ′(z), tanh'(z), relu′(z)
PRIMABLE = frozenset(
    {"sigma", "sigmoid", "tanh", "relu", "softplus", "exp", "log", "ln",
     "sinh", "cosh", "sin", "cos"}
)  # fmt: skip
CLOSING = {"(": ")", "[": "]", "{": "}"}
_NUMBER_RE = re.compile(r"(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_DIGITS = frozenset("0123456789")
_GREEK_INDEX_RE = re.compile(r"_?[0-9]+")


def _shorten(text: str, most: int = 40) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"


def char_name(c: str) -> str:
    """``U+200B ZERO WIDTH SPACE``: a character named without showing it."""
    fallback = "CONTROL CHARACTER" if unicodedata.category(c) == "Cc" else "UNNAMED CHARACTER"
    return f"U+{ord(c):04X} {unicodedata.name(c, fallback)}"


def visible(c: str) -> bool:
    return c.isprintable() and unicodedata.category(c) not in ("Cf", "Co", "Cn", "Zl", "Zp")


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
    kind: str  # "num", "name", "op", "sqrt", "frac", "end"
    text: str
    start: int
    end: int
    typed: str = ""  # as the learner typed it: "η" for the name "eta", "[" for "("


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


def _refuse(c: str, at: int) -> ParseError:
    if not visible(c) and not c.isspace():
        return ParseError("invisible_char", at, char=char_name(c))
    return ParseError("bad_char", at, char=c)


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
            tokens += [Token("op", "^", at, at + 1, c), Token("op", "(", at, at)]
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
            prev.typed += s[i:j]
            prev.end = offset + j
            i = j
        elif c in _DIGITS or (c == "." and i + 1 < n and s[i + 1] in _DIGITS):
            m = _NUMBER_RE.match(s, i)
            tokens.append(Token("num", m.group(), at, offset + m.end(), m.group()))
            i = m.end()
        elif c.isascii() and (c.isalpha() or c == "_"):
            m = _NAME_RE.match(s, i)
            name, j = m.group(), m.end()
            if name.endswith("_") and j < n and s[j] == "{":  # a_{1}, W_{ij}: LaTeX subscripts
                braced = latex.braced_index(s, j)
                if braced is None:
                    raise ParseError("bad_subscript", at + len(name) - 1)
                name, j = name + braced[0], braced[1]
            tokens.append(Token("name", name, at, offset + j, s[i:j]))
            i = j
        elif c in GREEK:
            j = i + 1
            m = _GREEK_INDEX_RE.match(s, j)
            name = GREEK[c]
            if m:
                name += "_" + m.group().lstrip("_")
                j = m.end()
            elif s.startswith("_{", j) and latex.braced_index(s, j + 1):
                index, j = latex.braced_index(s, j + 1)
                name += "_" + index
            tokens.append(Token("name", name, at, offset + j, s[i:j]))
            i = j
        elif c == "\\":
            i = _command(s, i, offset, tokens)
        elif c == "√":
            tokens.append(Token("sqrt", "√", at, at + 1, c))
            i += 1
        elif s.startswith("**", i):
            tokens.append(Token("op", "^", at, at + 2, "**"))
            i += 2
        elif c in OPERATORS:
            tokens.append(Token("op", OPERATORS[c], at, at + 1, c))
            i += 1
        elif c in PRIMES:
            prev = tokens[-1] if tokens else None
            if prev is not None and prev.kind == "name" and prev.end == at:
                if prev.text in PRIMABLE:
                    prev.text += "'"
                    prev.typed += c
                    prev.end = at + 1
                    i += 1
                    continue
                key = "second_prime" if prev.text.endswith("'") else "prime"
                raise ParseError(key, at, char=c, name=prev.typed)
            if prev is not None and prev.text == ")":
                raise ParseError("prime", at, char=c, name=prev.typed)
            raise ParseError("bad_char", at, char=c)
        elif c in FORBIDDEN:
            key = FORBIDDEN[c]
            if key == "prime" and not (
                tokens and (tokens[-1].kind == "name" or tokens[-1].text == ")")
            ):
                key = "bad_char"  # a quote, not a derivative's prime
            raise ParseError(key, at, char=c, name=tokens[-1].typed if tokens else "")
        else:
            raise _refuse(c, at)
    return tokens


def _command(s: str, i: int, offset: int, tokens: list[Token]) -> int:
    """A LaTeX command at ``s[i] == '\\'``: its tokens are appended; returns where it ends."""
    at = offset + i
    kind, text, end = latex.command(s, i)
    typed = s[i:end]
    if kind in ("skip", "space"):
        return end
    if kind == "unknown":
        shown = "".join(ch if visible(ch) else "?" for ch in text)
        if text == "\\":
            raise ParseError("latex_backslash", at)
        raise ParseError("latex_unknown", at, name=shown)
    if kind == "not_expression":
        raise ParseError("latex_not_expression", at, name=text)
    if kind == "wrapped":
        tokens.append(Token("name", text, at, offset + end, text))
        return end
    if kind == "name" and end < len(s) and s[end] == "_" and s.startswith("{", end + 1):
        braced = latex.braced_index(s, end + 1)  # \eta_{1}
        if braced is not None:
            text, end = f"{text}_{braced[0]}", braced[1]
            typed = s[i:end]
    if kind == "sqrt" and s.startswith("[", end):
        raise ParseError("latex_root", at)
    tokens.append(Token(kind, text, at, offset + end, typed))
    return end
