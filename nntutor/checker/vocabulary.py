"""What a learner may type: functions, constants, Greek letters, and the limits on input.

Plain data, no SymPy: the parent process uses it too (for example to list the vocabulary).
"""

from __future__ import annotations

import re

MAX_LENGTH = 1500  # characters of input
MAX_TOKENS = 600
MAX_DEPTH = 60  # nesting of parentheses, powers and unary signs
MAX_EXPONENT = 10_000  # |n| in x^n when n is a number
MAX_EXPONENT_DENOMINATOR = 1_000  # q in 2^(p/q): SymPy looks for exact roots of numbers
MAX_NUMBER_BITS = 14_000  # about 4 200 digits (Python prints 4 300 at most) in any exact number
MAX_LITERAL_DIGITS = 40  # digits in one written number
MAX_LITERAL_EXPONENT = 300  # |k| in 1.5e-k

# name -> (least, most arguments); most None means any number
FUNCTIONS: dict[str, tuple[int, int | None]] = {
    "exp": (1, 1),
    "log": (1, 2),  # log(x) is the natural log; log(x, b) has base b
    "ln": (1, 1),
    "lg": (1, 1),  # base 10, as in Russian textbooks
    "sqrt": (1, 1),
    "abs": (1, 1),
    "sin": (1, 1),
    "cos": (1, 1),
    "tan": (1, 1),
    "cot": (1, 1),
    "sec": (1, 1),
    "csc": (1, 1),
    "asin": (1, 1),
    "acos": (1, 1),
    "atan": (1, 1),
    "arcsin": (1, 1),
    "arccos": (1, 1),
    "arctan": (1, 1),
    "sinh": (1, 1),
    "cosh": (1, 1),
    "tanh": (1, 1),
    "sech": (1, 1),
    "csch": (1, 1),
    "coth": (1, 1),
    "asinh": (1, 1),
    "acosh": (1, 1),
    "atanh": (1, 1),
    "sigmoid": (1, 1),
    "sigma": (1, 1),
    "softplus": (1, 1),
    "relu": (1, 1),
    "max": (2, None),
    "min": (2, None),
    "sign": (1, 1),
    "sgn": (1, 1),
    "heaviside": (1, 1),
}

CONSTANTS = ("e", "pi")

# Greek letters typed as symbols become these names (SymPy's spelling: lamda, as lambda is a keyword).
GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ϵ": "epsilon",
    "ζ": "zeta", "η": "eta", "θ": "theta", "ϑ": "theta", "ι": "iota", "κ": "kappa",
    "λ": "lamda", "μ": "mu", "µ": "mu", "ν": "nu", "ξ": "xi", "ο": "omicron", "π": "pi",
    "ρ": "rho", "σ": "sigma", "τ": "tau", "υ": "upsilon", "φ": "phi", "ϕ": "phi", "χ": "chi",
    "ψ": "psi", "ω": "omega",
    "Γ": "Gamma", "Δ": "Delta", "Θ": "Theta", "Λ": "Lamda", "Ξ": "Xi", "Π": "Pi",
    "Φ": "Phi", "Ψ": "Psi", "Ω": "Omega",
}  # fmt: skip
GREEK_NAMES = frozenset(GREEK.values()) - {"pi", "sigma"}

RESERVED = frozenset(FUNCTIONS) | frozenset(CONSTANTS)

NAME_RE = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")
_INDEXED_RE = re.compile(r"([A-Za-z]+?)_?([0-9]+)\Z")


def canonical_name(name: str) -> str:
    """One spelling per variable: ``w1``, ``w_1`` and ``w₁`` are all ``w_1``; ``lambda`` is ``lamda``."""
    if name == "lambda":
        return "lamda"
    if name == "Lambda":
        return "Lamda"
    m = _INDEXED_RE.match(name)
    if m:
        base = "lamda" if m.group(1) == "lambda" else m.group(1)
        return f"{base}_{m.group(2)}"
    return name


def is_variable_name(name: str) -> bool:
    """A name an exercise may declare as a variable."""
    return bool(NAME_RE.match(name)) and "__" not in name and canonical_name(name) not in RESERVED
