"""Softmax with cross-entropy, computed so that large scores do not overflow."""

import numpy as np


def softmax(Z):
    """P of shape (N, K): each row sums to 1."""
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


def cross_entropy(Z, y):
    """The batch's loss: one number."""
    shifted = Z - Z.max(axis=1, keepdims=True)
    log_sum = np.log(np.exp(shifted).sum(axis=1))
    rows = np.arange(len(y))
    return float(np.mean(log_sum - shifted[rows, y]))


def cross_entropy_grad(Z, y):
    """dZ of shape (N, K): row i is ∂Cᵢ/∂zᵢ."""
    P = softmax(Z)
    P[np.arange(len(y)), y] -= 1.0
    return P
