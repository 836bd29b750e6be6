"""The hidden space: the input plane as one hidden layer sees it (no UI).

Pick a layer and two of its neurons as axes. Every input x goes to the point
(a_i, a_j) of that layer's activations: the data points move there, and so do the lines
of a grid laid over the input plane. Early in training the grid is barely bent; as the
network learns, the layers fold and stretch it until the classes can be cut apart by the
layers above (ConvNetJS's classify2d shows the same in a browser).

Layer 0 is the input itself (the grid is straight); layer k ≥ 1 is hidden layer k. With
input features chosen (x₁², x₁·x₂, …) the network reads those, so layer 0 is the feature
space (the grid is already bent there) and every layer above starts from it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from nntutor.engine.activations import ACTIVATIONS
from nntutor.engine.features import apply_features

GRID_LINES = 9  # lines each way over the input plane
LINE_SAMPLES = 64  # points along each line


@dataclass
class HiddenSpace:
    """Coordinates in the chosen layer's space of the data points and of the input grid's lines."""

    layer: int  # 0: the input; k: hidden layer k
    axes: tuple[int, int]  # the two neurons (0-based) on the x and y axes
    points: np.ndarray  # (n, 2)
    labels: np.ndarray  # (n,) class of each point (or its target value for regression)
    lines: list[np.ndarray]  # each (LINE_SAMPLES, 2): one grid line, mapped
    extent: tuple[float, float, float, float]  # x0, x1, y0, y1 around everything drawn
    width: int  # how many neurons the layer has


def activations_at(
    x: np.ndarray,
    weights: Sequence[tuple[np.ndarray, np.ndarray]],
    activations: Sequence[str],
    layer: int,
    keeps: Sequence[np.ndarray | None] | None = None,
    features: Sequence[str] | None = None,
) -> np.ndarray:
    """a of layer ``layer`` (0: what the network reads: x, or its ``features``) for raw inputs
    x, in float64; neurons off give 0."""
    a = apply_features(np.asarray(x, dtype=np.float64), features)
    for k in range(layer):
        W, b = weights[k]
        z = a @ np.asarray(W, dtype=np.float64).T + np.asarray(b, dtype=np.float64)
        a = ACTIVATIONS[activations[k]](np)(z)
        keep = keeps[k] if keeps is not None else None
        if keep is not None:
            a = a * keep
    return a


def grid_lines(
    extent: tuple[float, float, float, float], count: int = GRID_LINES, samples: int = LINE_SAMPLES
) -> list[np.ndarray]:
    """Lines of constant x₁ and of constant x₂ over the input plane, each as (samples, 2) points."""
    x0, x1, y0, y1 = extent
    t = np.linspace(0.0, 1.0, samples)
    lines = []
    for u in np.linspace(0.0, 1.0, count):
        lines.append(np.stack([np.full(samples, x0 + u * (x1 - x0)), y0 + t * (y1 - y0)], axis=1))
        lines.append(np.stack([x0 + t * (x1 - x0), np.full(samples, y0 + u * (y1 - y0))], axis=1))
    return lines


def labels_of(y: np.ndarray) -> np.ndarray:
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] > 1:
        return y.argmax(axis=1)
    return y.reshape(len(y))


def hidden_space(
    weights: Sequence[tuple[np.ndarray, np.ndarray]],
    activations: Sequence[str],
    layer: int,
    axes: tuple[int, int],
    X: np.ndarray,
    y: np.ndarray,
    extent: tuple[float, float, float, float],
    keeps: Sequence[np.ndarray | None] | None = None,
    features: Sequence[str] | None = None,
) -> HiddenSpace:
    """Where layer ``layer`` puts the points X and the grid over ``extent`` (the input plane),
    on the axes of its neurons ``axes``. Layer 0 is the input (the ``features`` the network
    reads, when chosen); hidden layers are 1 … L−1."""
    hidden = len(weights) - 1
    if not 0 <= layer <= hidden:
        raise ValueError(f"layer {layer} is not 0 (the input) … {hidden} (the last hidden layer)")
    # a hidden layer's neurons are its weights' rows; the input's, the first weights' columns
    width = np.shape(weights[layer - 1][0])[0] if layer else np.shape(weights[0][0])[1]
    i, j = (min(max(0, a), width - 1) for a in axes)
    points = activations_at(X, weights, activations, layer, keeps, features)[:, [i, j]]
    lines = [
        activations_at(line, weights, activations, layer, keeps, features)[:, [i, j]]
        for line in grid_lines(extent)
    ]
    everything = np.concatenate([points, *lines]) if len(points) else np.concatenate(lines)
    lows, highs = everything.min(axis=0), everything.max(axis=0)
    pad = np.where(highs - lows > 1e-9, (highs - lows) * 0.06, 0.5)
    box = (
        float(lows[0] - pad[0]),
        float(highs[0] + pad[0]),
        float(lows[1] - pad[1]),
        float(highs[1] + pad[1]),
    )
    return HiddenSpace(layer, (i, j), points, labels_of(y), lines, box, width)


def of_session(session, layer: int, axes: tuple[int, int], weights=None) -> HiddenSpace:
    """The hidden space of a lab session's training points (weights: a copy taken under its lock)."""
    if weights is None:
        weights = session.trainer.network.get_weights()
    keeps = [session.switches.keep(k) for k in range(len(weights))]
    X, y = session.train_points
    return hidden_space(
        weights,
        session.activations,
        layer,
        axes,
        X,
        y,
        session.extent,
        keeps,
        session.config.features,
    )
