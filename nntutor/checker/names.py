"""Which names an answer may use: the exercise's variables, the names its prompt defines,
and runs of them such as ``wx`` (read as w·x). Only the worker process imports this module."""

from __future__ import annotations

import difflib
import re

import sympy as sp

from nntutor.checker.functions import display_name
from nntutor.checker.vocabulary import CONSTANTS, FUNCTIONS, GREEK_NAMES, canonical_name

MAX_SPLIT = 40  # longer names are not read as products of variables
_INDEXED = re.compile(r"([A-Za-z]+)_([0-9]+)")


def is_simple_name(name: str) -> bool:
    """One letter or a Greek letter, perhaps with an index: w, x_2, W12, eta, η₁, x_i."""
    base = re.match(r"[A-Za-z]+", name).group()
    rest = name[len(base) :]
    if len(base) > 1 and base not in GREEK_NAMES and base != "lambda":
        return False
    return rest == "" or bool(re.fullmatch(r"_?[0-9]+|_[A-Za-z0-9]+", rest))


class Names:
    """Which names the input may use: the exercise's variables, or any (when none are declared)."""

    def __init__(
        self, variables: list[str] | None, defines: dict[str, sp.Expr] | None = None
    ) -> None:
        self.declared = variables is not None
        self.variables: dict[str, sp.Symbol] = {}
        self.spellings: dict[str, str] = {}  # how a variable may be typed -> canonical name
        # names the prompt defines (a = σ(z)): canonical name -> what they stand for
        self.defines: dict[str, sp.Expr] = {}
        for raw, value in (defines or {}).items():
            canon = canonical_name(raw)
            self.defines[canon] = value
            self.spellings[raw] = canon
            self.spellings[canon] = canon
        for raw in variables or []:
            canon = canonical_name(raw)
            self.variables[canon] = sp.Symbol(canon, real=True)
            self.spellings[raw] = canon
            self.spellings[canon] = canon
            m = _INDEXED.fullmatch(canon)
            if m:
                self.spellings[m.group(1) + m.group(2)] = canon

    def value(self, canon: str) -> sp.Expr:
        """A declared variable's symbol, or what a defined name stands for."""
        if canon in self.defines:
            return self.defines[canon]
        return self.variables[canon]

    def symbol(self, canon: str) -> sp.Expr:
        if canon in self.defines:
            return self.defines[canon]
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
        pieces = {k: v for k, v in self.spellings.items() if k not in FUNCTIONS}
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

    def suggest(
        self, raw: str, call_follows: bool, listed: bool = False
    ) -> tuple[str, dict] | None:
        """A likely fix for the unknown name ``raw``; ``listed``: the message lists the variables."""
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
        if self.variables and not listed:
            return ("variables_are", {"vars": self.listing()})
        return None
