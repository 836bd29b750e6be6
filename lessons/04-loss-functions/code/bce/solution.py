"""Binary cross-entropy and its gradient, for a batch with one sample per row."""

import numpy as np


def bce(A, Y):
    """The batch's loss: one number."""
    return float(-np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A)))


def bce_grad(A, Y):
    """dA of shape (N, K): row i is ∂Cᵢ/∂aᵢ."""
    return (A - Y) / (A * (1 - A)) / A.shape[1]
