"""Binary cross-entropy and its gradient, for a batch with one sample per row.

A holds the network's outputs, probabilities strictly between 0 and 1 (the output of σ),
and Y the targets, 0 or 1; both have shape (N, K). Sample i's loss is the mean over its
K outputs of −(y·ln a + (1 − y)·ln(1 − a)); the batch's loss is the mean over samples.

bce_grad returns, row by row, ∂Cᵢ/∂aᵢ: the gradient of each sample's OWN loss with
respect to a (not z). The mean over the batch is taken later, in the dense layer.
"""

import numpy as np  # noqa: F401  (you will need it)


def bce(A, Y):
    """The batch's loss: one number."""
    raise NotImplementedError("write bce(A, Y)")


def bce_grad(A, Y):
    """dA of shape (N, K): row i is ∂Cᵢ/∂aᵢ."""
    raise NotImplementedError("write bce_grad(A, Y)")
