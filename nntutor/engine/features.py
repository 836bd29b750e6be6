"""Input features computed from x1 and x2: squares, the product and sines.

``--features x1,x2,x1^2,x2^2,x1*x2,sin(x1),sin(x2)`` feeds the network these columns
instead of the raw inputs, the way TensorFlow Playground does. With x1² and x2² a
network without hidden layers separates circles: the boundary w1·x1² + w2·x2² + b = 0
is a circle in the plane.

The transform is a pure function of the raw inputs, applied to the data, to every
prediction and to the boundary grid, so the plane the lab draws stays (x1, x2).
This module imports nothing heavy; ``apply`` takes NumPy arrays.
"""

from __future__ import annotations

from collections.abc import Sequence

from nntutor.engine.errors import ConfigError

# canonical name → the NumPy code that computes it from the raw inputs X, as exported scripts
# write it (``apply_features`` computes the same; a test runs both)
FEATURES: dict[str, str] = {
    "x1": "X[:, 0]",
    "x2": "X[:, 1]",
    "x1^2": "X[:, 0] * X[:, 0]",
    "x2^2": "X[:, 1] * X[:, 1]",
    "x1*x2": "X[:, 0] * X[:, 1]",
    "sin(x1)": "np.sin(X[:, 0])",
    "sin(x2)": "np.sin(X[:, 1])",
}
FEATURE_NAMES = tuple(FEATURES)
# spellings a learner may type
_ALIASES = {
    "x1**2": "x1^2",
    "x2**2": "x2^2",
    "x1²": "x1^2",
    "x2²": "x2^2",
    "x1x2": "x1*x2",
    "x2*x1": "x1*x2",
    "x1·x2": "x1*x2",
    "sinx1": "sin(x1)",
    "sinx2": "sin(x2)",
    "x₁": "x1",
    "x₂": "x2",
}


def canonical_feature(name: str) -> str:
    key = "".join(str(name).split()).lower()
    return _ALIASES.get(key, key)


def parse_features(text: str | Sequence[str] | None) -> tuple[str, ...] | None:
    """``"x1,x2,x1^2"`` or a list of names → canonical names; None or ``""`` → None (raw inputs).

    Raises ConfigError naming an unknown feature or a repeated one."""
    if text is None:
        return None
    if isinstance(text, str):
        parts = [part for part in text.split(",") if part.strip()]
    else:
        parts = [str(part) for part in text]
    if not parts:
        return None
    names = tuple(canonical_feature(part) for part in parts)
    for name, typed in zip(names, parts, strict=True):
        if name not in FEATURES:
            raise ConfigError(
                f"unknown input feature {typed.strip()!r}; choose from {', '.join(FEATURE_NAMES)}",
                setting="features",
            )
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise ConfigError(
            f"the feature {repeated[0]} is listed twice; name each one once", setting="features"
        )
    return names


def apply_features(X, names: Sequence[str] | None):
    """The feature columns for raw inputs X of shape (samples, 2) (NumPy, float64 in and out)."""
    import numpy as np

    if not names:
        return X
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ConfigError(
            f"input features are computed from two inputs x1, x2; this data has "
            f"{X.shape[1] if X.ndim == 2 else 1} per sample",
            setting="features",
        )
    columns = {
        "x1": lambda: X[:, 0],
        "x2": lambda: X[:, 1],
        "x1^2": lambda: X[:, 0] * X[:, 0],
        "x2^2": lambda: X[:, 1] * X[:, 1],
        "x1*x2": lambda: X[:, 0] * X[:, 1],
        "sin(x1)": lambda: np.sin(X[:, 0]),
        "sin(x2)": lambda: np.sin(X[:, 1]),
    }
    return np.stack([columns[name]() for name in names], axis=1)
