"""Backpropagation on one page, in the lessons' notation: the engine to read, not to run fast.

One example at a time. A column vector a₀ = x enters; each layer computes

    z_l = W_l·a_{l−1} + b_l        a_l = f(z_l)         (W_l has shape outputs × inputs)

and the output layer's a_L is the loss head's output (identity for MSE, σ for binary
cross-entropy). Backwards, with δ_l = ∂C/∂z_l:

    δ_L = ∂C/∂z_L                         (a_L − y, times 2 for MSE)
    ∂C/∂W_l = δ_l·a_{l−1}ᵀ     ∂C/∂b_l = δ_l
    δ_{l−1} = (W_lᵀ·δ_l) ⊙ f′(z_{l−1})

The loss of a batch is the mean of the examples' losses, so its gradient is the mean of
theirs. nntutor's fast engine (network.py) computes the same numbers for a whole batch at
once, with buffers and flat views; tests/engine/test_reference.py checks that they agree.
"""

from __future__ import annotations

import numpy as np

F = {  # f(z) and f′(z) of each hidden activation
    "sigmoid": (lambda z: 1 / (1 + np.exp(-z)), lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2),
    "tanh": (np.tanh, lambda z: 1 - np.tanh(z) ** 2),
    "relu": (lambda z: np.maximum(z, 0), lambda z: (z > 0).astype(float)),
    "linear": (lambda z: z, lambda z: np.ones_like(z)),
}


def forward(weights, x, activation="tanh"):
    """The z and a of every layer for one example x (a column vector)."""
    f = F[activation][0]
    zs, activations = [], [x]
    for layer, (W, b) in enumerate(weights):
        z = W @ activations[-1] + b
        last = layer == len(weights) - 1
        zs.append(z)
        activations.append(z if last else f(z))
    return zs, activations


def example_gradients(weights, x, y, activation="tanh", loss="mse"):
    """C for one example and [(∂C/∂W_l, ∂C/∂b_l)] for every layer, by backpropagation."""
    f_prime = F[activation][1]
    zs, activations = forward(weights, x, activation)
    z_L = zs[-1]
    if loss == "mse":  # C = mean over outputs of (a − y)², a = z
        C = float(np.mean((z_L - y) ** 2))
        delta = 2 * (z_L - y) / len(y)
    else:  # binary cross-entropy, a = σ(z): C = −mean(y·ln a + (1 − y)·ln(1 − a))
        a = 1 / (1 + np.exp(-z_L))
        C = float(-np.mean(y * np.log(a) + (1 - y) * np.log(1 - a)))
        delta = (a - y) / len(y)
    grads = [None] * len(weights)
    for l in range(len(weights) - 1, -1, -1):  # noqa: E741 (l, as the lessons write it)
        grads[l] = (delta @ activations[l].T, delta)  # ∂C/∂W_l = δ_l·a_{l−1}ᵀ, ∂C/∂b_l = δ_l
        if l > 0:
            delta = (weights[l][0].T @ delta) * f_prime(zs[l - 1])  # δ_{l−1}
    return C, grads


def batch_gradients(weights, X, Y, activation="tanh", loss="mse"):
    """The mean loss and mean gradients over a batch (one example per row of X and Y)."""
    total_C, total = 0.0, [(np.zeros_like(W), np.zeros_like(b)) for W, b in weights]
    for x, y in zip(X, Y, strict=True):
        C, grads = example_gradients(weights, x[:, None], y[:, None], activation, loss)
        total_C += C
        total = [(dW + gW, db + gb) for (dW, db), (gW, gb) in zip(total, grads, strict=True)]
    n = len(X)
    return total_C / n, [(dW / n, db / n) for dW, db in total]
