"""The whole backward pass of a two-layer network, for a batch with one sample per row.

The network (its forward pass is written for you):

    Z1 = X·W1ᵀ + b1        A1 = tanh(Z1)          (hidden layer)
    Z2 = A1·W2ᵀ + b2       P = softmax(Z2)        (output layer, one score per class)
    C  = mean over samples of −ln P[i, y[i]]       (cross-entropy; y holds integer classes)

Backward, from the output down (δ = ∂Cᵢ/∂z for each sample's own loss, one row per sample):

    δ2 = P − one_hot(y)
    dW2 = δ2ᵀ·A1 / N,   db2 = mean of δ2's rows
    δ1 = (δ2·W2) ⊙ tanh′(Z1),   where tanh′(z) = 1 − tanh(z)² = 1 − A1²
    dW1 = δ1ᵀ·X / N,    db1 = mean of δ1's rows
"""

import numpy as np


def softmax(Z):
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


def forward(X, W1, b1, W2, b2):
    Z1 = X @ W1.T + b1
    A1 = np.tanh(Z1)
    Z2 = A1 @ W2.T + b2
    return Z1, A1, Z2


def network_backward(X, y, W1, b1, W2, b2):
    """Return (dW1, db1, dW2, db2), the gradients of the batch's mean loss C."""
    raise NotImplementedError("write network_backward(X, y, W1, b1, W2, b2)")
