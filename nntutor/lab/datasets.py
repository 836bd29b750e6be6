"""The data a lab session or ``nntutor train`` trains on, including datasets drawn from a formula.

``--dataset "x2 > sin(3*x1)"`` draws points in [-1, 1]² and labels each one by the
comparison: 1 where it holds, 0 where it does not. Each side of the comparison is read
by the course's formula evaluator (nntutor/course/formula.py: a tokenizer and a
recursive-descent parser with capped sizes; nothing reaches ``eval``). This module
composes it with the engine, which knows neither formulas nor the course.
"""

from __future__ import annotations

from nntutor.course.comparison import COMPARISON, HOLDS
from nntutor.engine.config import TrainConfig, is_boundary_formula
from nntutor.engine.data import Dataset, boundary_dataset, load_data, make_dataset
from nntutor.engine.errors import ConfigError

VARIABLES = ("x1", "x2")


def boundary_rule(text: str):
    """A function X → labels for a comparison over x1 and x2; ConfigError when it cannot be read.

    The error names what is wrong (no comparison, two of them, an unknown name, a
    formula the evaluator refuses, a value that cannot be computed at some point)."""
    from nntutor.course.formula import FormulaError, evaluate, formula_names

    signs = COMPARISON.findall(text)
    if len(signs) != 1:
        raise ConfigError(
            f"a dataset formula is one comparison over x1 and x2, like x2 > sin(3*x1); "
            f"{text!r} has {len(signs)}",
            setting="dataset",
        )
    left, right = (side.strip() for side in COMPARISON.split(text))
    for side in (left, right):
        unknown = sorted(formula_names(side) - set(VARIABLES))
        if unknown:
            raise ConfigError(
                f"the dataset formula may use x1 and x2 only; it names {', '.join(unknown)}",
                setting="dataset",
            )
        try:
            evaluate(side, {"x1": 0.25, "x2": -0.5})
        except FormulaError as exc:
            if exc.code != "domain":  # a value undefined at this one point may be fine elsewhere
                raise ConfigError(
                    f"the dataset formula cannot be read: {exc.describe()}", setting="dataset"
                ) from None
    holds = HOLDS[signs[0]]

    def label(X):
        import numpy as np

        out = np.zeros(len(X), dtype=bool)
        for i, (x1, x2) in enumerate(X):
            point = {"x1": float(x1), "x2": float(x2)}
            try:
                out[i] = holds(evaluate(left, point), evaluate(right, point))
            except FormulaError as exc:
                raise ConfigError(
                    f"the dataset formula cannot be computed at x1 = {x1:.3g}, x2 = {x2:.3g}: "
                    f"{exc.describe()}",
                    setting="dataset",
                ) from None
        return out

    return label


def formula_dataset(
    text: str, samples: int = 1000, noise: float | None = None, seed: int = 0
) -> Dataset:
    """Points in [-1, 1]² labelled by the comparison ``text``; both classes must occur."""
    data = boundary_dataset(boundary_rule(text), samples, noise, seed, name=text)
    ones = int(data.y.sum())
    if ones in (0, len(data.y)):
        side = "holds" if ones else "fails"
        raise ConfigError(
            f"the comparison {text!r} {side} at every point of [-1, 1]²: there is only one class; "
            "move the boundary into the square",
            setting="dataset",
        )
    return data


def make_data(config: TrainConfig) -> Dataset:
    """The data a configuration names: a file, a generated dataset, or a boundary formula."""
    if config.data_path:
        return load_data(config.data_path)
    if is_boundary_formula(config.dataset):
        return formula_dataset(config.dataset, config.samples, config.noise, config.seed)
    return make_dataset(config.dataset, config.samples, config.noise, config.seed)
