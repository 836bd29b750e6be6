"""Softmax with cross-entropy, computed so that large scores do not overflow.

Z holds the output layer's scores, one sample per row, shape (N, K) for K classes; y holds
each sample's class, an integer 0 … K−1, shape (N,).

softmax: row i is pᵢ = e^(zᵢ) / Σⱼ e^(zᵢⱼ). e^1000 overflows, so subtract each row's
largest score first: softmax(z − c) = softmax(z) for any number c.

cross_entropy: the batch's loss, the mean over samples of −ln pᵢ[yᵢ]. Compute ln pᵢ[yᵢ]
as zᵢ[yᵢ] − ln Σⱼ e^(zᵢⱼ), with the same shift, never as ln of a probability that may be 0.

cross_entropy_grad: row i is ∂Cᵢ/∂zᵢ = pᵢ − one_hot(yᵢ), the gradient of sample i's own
loss. The mean over the batch is taken later, in the dense layer's backward pass.
"""

import numpy as np  # noqa: F401  (you will need it)


def softmax(Z):
    """P of shape (N, K): each row sums to 1."""
    raise NotImplementedError("write softmax(Z)")


def cross_entropy(Z, y):
    """The batch's loss: one number."""
    raise NotImplementedError("write cross_entropy(Z, y)")


def cross_entropy_grad(Z, y):
    """dZ of shape (N, K): row i is ∂Cᵢ/∂zᵢ."""
    raise NotImplementedError("write cross_entropy_grad(Z, y)")
