"""LaTeX commands as learners paste them from notes and slides, read as tokens of our grammar.

Nothing here runs or expands TeX: a command is looked up in the tables below and becomes
an ordinary token (a name, an operator, a function); an unknown command is refused with
a message that names it. ``\\frac{a}{b}`` becomes the token ``frac`` followed by two
groups (braces are parentheses), which the grammar reads as a / b.
"""

from __future__ import annotations

import re

# \name -> what it becomes: ("name", text) a name or function, ("op", text) an operator,
# ("skip", "") nothing (spacing and sizing), or a token kind of its own
COMMANDS: dict[str, tuple[str, str]] = {
    "frac": ("frac", "frac"), "dfrac": ("frac", "frac"), "tfrac": ("frac", "frac"),
    "sqrt": ("sqrt", "√"),
    "cdot": ("op", "*"), "times": ("op", "*"), "ast": ("op", "*"), "div": ("op", "/"),
    "left": ("skip", ""), "right": ("skip", ""), "bigl": ("skip", ""), "bigr": ("skip", ""),
    "Bigl": ("skip", ""), "Bigr": ("skip", ""), "big": ("skip", ""), "Big": ("skip", ""),
    "quad": ("skip", ""), "qquad": ("skip", ""), "displaystyle": ("skip", ""),
    "lvert": ("op", "|"), "rvert": ("op", "|"), "vert": ("op", "|"), "mid": ("op", "|"),
    "lbrace": ("op", "("), "rbrace": ("op", ")"),
    "lbrack": ("op", "("), "rbrack": ("op", ")"),
    "exp": ("name", "exp"), "ln": ("name", "ln"), "log": ("name", "log"), "lg": ("name", "lg"),
    "sin": ("name", "sin"), "cos": ("name", "cos"), "tan": ("name", "tan"),
    "cot": ("name", "cot"), "sec": ("name", "sec"), "csc": ("name", "csc"),
    "sinh": ("name", "sinh"), "cosh": ("name", "cosh"), "tanh": ("name", "tanh"),
    "coth": ("name", "coth"), "arcsin": ("name", "arcsin"), "arccos": ("name", "arccos"),
    "arctan": ("name", "arctan"), "max": ("name", "max"), "min": ("name", "min"),
    "sgn": ("name", "sgn"),
    "pi": ("name", "pi"), "e": ("name", "e"),
    "alpha": ("name", "alpha"), "beta": ("name", "beta"), "gamma": ("name", "gamma"),
    "delta": ("name", "delta"), "epsilon": ("name", "epsilon"), "varepsilon": ("name", "epsilon"),
    "zeta": ("name", "zeta"), "eta": ("name", "eta"), "theta": ("name", "theta"),
    "vartheta": ("name", "theta"), "iota": ("name", "iota"), "kappa": ("name", "kappa"),
    "lambda": ("name", "lamda"), "mu": ("name", "mu"), "nu": ("name", "nu"), "xi": ("name", "xi"),
    "rho": ("name", "rho"), "sigma": ("name", "sigma"), "tau": ("name", "tau"),
    "upsilon": ("name", "upsilon"), "phi": ("name", "phi"), "varphi": ("name", "phi"),
    "chi": ("name", "chi"), "psi": ("name", "psi"), "omega": ("name", "omega"),
    "Gamma": ("name", "Gamma"), "Delta": ("name", "Delta"), "Theta": ("name", "Theta"),
    "Lambda": ("name", "Lamda"), "Xi": ("name", "Xi"), "Pi": ("name", "Pi"),
    "Phi": ("name", "Phi"), "Psi": ("name", "Psi"), "Omega": ("name", "Omega"),
}  # fmt: skip
# commands whose argument in braces is a name: \operatorname{relu}, \mathrm{softplus}
NAME_WRAPPERS = frozenset({"operatorname", "mathrm", "text", "mathit", "textrm"})
# not an expression: the learner pasted an operator or a statement
NOT_EXPRESSIONS = frozenset(
    {"partial", "nabla", "sum", "prod", "int", "lim", "mathrm{d}", "to", "infty", "approx"}
)
SPACES = frozenset(",;:! ")  # \, \; \: \! and "\ " are spaces
_COMMAND_RE = re.compile(r"[A-Za-z]+")
_WRAPPED_RE = re.compile(r"\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}")
_BRACED_INDEX_RE = re.compile(r"\{\s*([A-Za-z0-9]+)\s*\}")


def command(s: str, i: int) -> tuple[str, str, int]:
    """The command at ``s[i] == '\\'``: (kind, text, end). Kinds: as in COMMANDS, "wrapped"
    (a name in \\operatorname{…}), "space", "not_expression" and "unknown" (text: the command)."""
    m = _COMMAND_RE.match(s, i + 1)
    if m is None:
        nxt = s[i + 1 : i + 2]
        if nxt in SPACES:
            return "space", "", i + 2
        if nxt in ("{", "}"):
            return "op", "(" if nxt == "{" else ")", i + 2
        if nxt == "|":
            return "op", "|", i + 2
        return "unknown", "\\" + nxt, i + 1 + len(nxt)
    name, end = m.group(), m.end()
    if name in NAME_WRAPPERS:
        w = _WRAPPED_RE.match(s, end)
        if w is None:
            return "unknown", "\\" + name, end
        return "wrapped", w.group(1), w.end()
    if name in NOT_EXPRESSIONS:
        return "not_expression", "\\" + name, end
    if name in COMMANDS:
        kind, text = COMMANDS[name]
        return kind, text, end
    return "unknown", "\\" + name, end


def braced_index(s: str, i: int) -> tuple[str, int] | None:
    """``{12}`` or ``{ij}`` at ``s[i]``: a subscript written in braces, and where it ends."""
    m = _BRACED_INDEX_RE.match(s, i)
    return (m.group(1), m.end()) if m else None
