"""The central-difference gradient check: does backpropagation agree with the definition of a derivative?

For each parameter w, (L(w + ε) − L(w − ε)) / 2ε approximates ∂L/∂w with an
error of order ε². Backpropagation must agree to many digits (in float64).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nntutor.engine.network import Network


@dataclass
class GradientCheck:
    analytic: np.ndarray  # backpropagation's gradient of the checked parameters
    numeric: np.ndarray  # the central differences
    indices: np.ndarray  # positions in the network's flat parameter vector
    layer_errors: list[tuple[float, float]]  # per layer: largest relative error in (dW, db)

    @property
    def max_relative_error(self) -> float:
        return float(np.max(_relative(self.analytic, self.numeric), initial=0.0))

    def passed(self, tolerance: float = 1e-6) -> bool:
        return self.max_relative_error <= tolerance


def _relative(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """|a − b| relative to the larger of the two, with a floor at 1/1000 of the largest gradient:
    a central difference carries an absolute error of about 1e-10, which would swamp tiny components."""
    floor = max(1e-3 * float(np.max(np.abs(a), initial=0.0)), 1e-8)
    return np.abs(a - b) / np.maximum(np.maximum(np.abs(a), np.abs(b)), floor)


def gradient_check(
    network: Network, X, y, eps: float = 1e-5, max_checks: int | None = None, seed: int = 0
) -> GradientCheck:
    """Compare backprop's gradient of the loss on (X, y) with central differences.

    ``y`` holds one row of targets per sample (class labels 0…K−1 are accepted for ``ce``).
    Dropout is off for the check. Use a float64 network: in float32 the differences
    are dominated by rounding. ``max_checks`` samples that many parameters at random.
    """
    backend = network.backend
    X = np.asarray(X, dtype=np.float64)
    Y = np.asarray(y)
    if network.head.name == "ce" and Y.ndim == 1:  # class labels: one-hot rows
        Y = np.eye(network.sizes[-1])[Y.astype(np.int64)]
    X = backend.asarray(X.reshape(len(X), -1), network.dtype)
    Y = backend.asarray(Y.reshape(len(Y), -1), network.dtype)
    network.gradients(X, Y, train=False)
    analytic_all = backend.to_host(network.grads).copy()
    total = analytic_all.size
    indices = np.arange(total)
    if max_checks is not None and max_checks < total:
        indices = np.sort(np.random.default_rng(seed).choice(total, size=max_checks, replace=False))
    params = network.params
    numeric = np.empty(len(indices))
    for k, i in enumerate(indices):
        saved = float(params[i])
        params[i] = saved + eps
        plus = network.loss(X, Y)
        params[i] = saved - eps
        minus = network.loss(X, Y)
        params[i] = saved
        numeric[k] = (plus - minus) / (2 * eps)
    analytic = analytic_all[indices]
    errors = _relative(analytic, numeric)
    layer_errors = []
    w_at, b_at = 0, network.weight_count
    for layer in network.layers:
        w_end, b_end = w_at + layer.W.size, b_at + layer.b.size
        in_w = (indices >= w_at) & (indices < w_end)
        in_b = (indices >= b_at) & (indices < b_end)
        layer_errors.append(
            (float(np.max(errors[in_w], initial=0.0)), float(np.max(errors[in_b], initial=0.0)))
        )
        w_at, b_at = w_end, b_end
    return GradientCheck(analytic, numeric, indices, layer_errors)
