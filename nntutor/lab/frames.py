"""What a lab session hands its screen: frames of curves, planes, weights and a neuron."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from nntutor.engine.backend import GpuWarmup
from nntutor.engine.explain import Explanation
from nntutor.engine.trainer import EpochReport

CURVE_POINTS = 300  # charts get at most this many points (PlotextPlot slows down with more)


@dataclass
class Curves:
    """Per-epoch metrics, downsampled to at most CURVE_POINTS points."""

    epochs: list[int]
    train_loss: list[float]
    val_loss: list[float] | None
    train_acc: list[float] | None
    val_acc: list[float] | None
    grad_norms: list[list[float]]  # one list per layer, input side first


@dataclass
class Plane:
    """Something over the input plane (or line): classes with a confidence, values, or a curve."""

    kind: str  # "classes", "values" or "curve"
    extent: tuple[float, float, float, float]  # x0, x1, y0, y1
    classes: np.ndarray | None = None  # (rows, cols) class per pixel, row 0 at the top
    confidence: np.ndarray | None = None  # (rows, cols), 0 (a guess) … 1 (certain)
    values: np.ndarray | None = None  # (rows, cols) in −1 … 1, row 0 at the top
    curve: np.ndarray | None = None  # (cols,) y for each column, for one input


@dataclass
class Neuron:
    """A chosen neuron: where it is, what it computes, and its output over the input plane."""

    layer: int  # index into the network's dense layers
    index: int
    activation: str  # "tanh", … or the output's "softmax", "sigmoid", "linear"
    bias: float
    weights_in: np.ndarray
    weights_out: np.ndarray | None  # its weights into the next layer (None for an output neuron)
    plane: Plane | None


@dataclass(frozen=True)
class Wants:
    """What the screen shows now, so that a frame computes only that."""

    curves: bool = True
    boundary: tuple[int, int] | None = None  # (cols, rows) in pixels
    weights: bool = False
    neuron: tuple[int, int] | None = None  # (layer, index)
    neuron_size: tuple[int, int] | None = None  # (cols, rows) of its plane


@dataclass
class Frame:
    """One update for the screen, computed on the training thread; host values only."""

    generation: int
    epoch: int
    epochs: int
    steps: int
    steps_per_second: float | None
    batch_loss: float | None
    last: EpochReport | None
    reports: list[EpochReport]
    curves: Curves | None = None
    boundary: Plane | None = None
    weights: list[tuple[np.ndarray, np.ndarray]] | None = None
    neuron: Neuron | None = None
    stalled: str | None = None  # the loss is not falling: why, and what to try (in English)
    stall: Explanation | None = None  # the same as data, for the screen to say in its language
    # before the first epoch's loss is known: its batch losses so far (with ``curves``)
    first_batches: list[float] | None = None
    # CuPy compiling its kernels before the first GPU step: the warm-up (its ``message(lang)``
    # says so), while it runs
    gpu_warmup: GpuWarmup | None = None


@dataclass
class Outcome:
    """How a call of ``train`` ended."""

    reason: str  # "paused", "finished", "stopped_early", "diverged", "batch", "epoch", "error"
    message: str | None = None
    epoch: int | None = None
    explanation: Explanation | None = None  # a divergence's cause and remedy, as data


def downsample(count: int, limit: int = CURVE_POINTS) -> list[int]:
    """Indices of at most ``limit`` evenly spread items out of ``count``, always with the last."""
    if count <= limit:
        return list(range(count))
    picks = np.unique(np.linspace(0, count - 1, limit).round().astype(int))
    return picks.tolist()


def curves_of(history: Sequence[EpochReport], limit: int = CURVE_POINTS) -> Curves:
    picks = [history[i] for i in downsample(len(history), limit)]
    has_val = bool(picks) and picks[-1].val_loss is not None
    has_acc = bool(picks) and picks[-1].train_acc is not None
    layers = len(picks[-1].grad_norms) if picks else 0
    return Curves(
        epochs=[r.epoch for r in picks],
        train_loss=[r.train_loss for r in picks],
        val_loss=[r.val_loss for r in picks] if has_val else None,
        train_acc=[r.train_acc for r in picks] if has_acc else None,
        val_acc=[r.val_acc for r in picks] if has_acc and picks[-1].val_acc is not None else None,
        grad_norms=[
            [r.grad_norms[i] if i < len(r.grad_norms) else float("nan") for r in picks]
            for i in range(layers)
        ],
    )


def scaled(values: np.ndarray, activation: str) -> np.ndarray:
    """An activation's output mapped to −1 … 1 for drawing (0 stays 0 where that means 'off')."""
    if activation in ("sigmoid", "softmax"):
        return np.clip(values * 2 - 1, -1, 1)
    if activation == "tanh":
        return np.clip(values, -1, 1)
    top = float(np.max(np.abs(values))) if values.size else 0.0
    return values / top if top > 0 else values
