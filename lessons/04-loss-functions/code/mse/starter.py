"""Mean squared error and its gradient, for a batch with one sample per row.

A (the network's outputs) and Y (the targets) have shape (N, K). Sample i's loss is
Cᵢ = mean over its K outputs of (aᵢ − yᵢ)², and the batch's loss C is the mean of the Cᵢ.

mse_grad returns, row by row, ∂Cᵢ/∂aᵢ: the gradient of each sample's OWN loss. The mean
over the batch is taken once, later, in the dense layer's backward pass.
"""

import numpy as np  # noqa: F401  (you will need it)


def mse(A, Y):
    """The batch's loss C: one number."""
    raise NotImplementedError("write mse(A, Y)")


def mse_grad(A, Y):
    """dA of shape (N, K): row i is ∂Cᵢ/∂aᵢ."""
    raise NotImplementedError("write mse_grad(A, Y)")
