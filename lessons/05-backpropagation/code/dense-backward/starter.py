"""A dense layer's backward pass for a batch, one sample per row.

Forward (written for you): Z = A_in·Wᵀ + b, row i being zᵢ = W·aᵢ + b.

Backward: dZ holds δᵢ = ∂Cᵢ/∂zᵢ in row i, the gradient of sample i's OWN loss Cᵢ. The batch's
loss is the mean C = (1/N)·Σᵢ Cᵢ, so its gradients are means over the batch:

    dW = (1/N)·Σᵢ δᵢ·aᵢᵀ = dZᵀ·A_in / N        shape (outputs, inputs), like W
    db = (1/N)·Σᵢ δᵢ                           shape (outputs,), like b
    dA_in: row i is Wᵀ·δᵢ, i.e. dZ·W            shape (N, inputs): each sample's own
                                               gradient, handed to the layer below
"""

import numpy as np  # noqa: F401  (you will need it)


def dense_forward(A_in, W, b):
    return A_in @ W.T + b


def dense_backward(dZ, A_in, W):
    """Return (dW, db, dA_in) for this layer."""
    raise NotImplementedError("write dense_backward(dZ, A_in, W)")
