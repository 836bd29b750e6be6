"""The whole backward pass of a two-layer network, for a batch with one sample per row."""

import numpy as np


def softmax(Z):
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


def forward(X, W1, b1, W2, b2):
    Z1 = X @ W1.T + b1
    A1 = np.tanh(Z1)
    Z2 = A1 @ W2.T + b2
    return Z1, A1, Z2


def loss(X, y, W1, b1, W2, b2):
    _, _, Z2 = forward(X, W1, b1, W2, b2)
    P = softmax(Z2)
    return float(-np.mean(np.log(P[np.arange(len(y)), y])))


def network_backward(X, y, W1, b1, W2, b2):
    """Return (dW1, db1, dW2, db2), the gradients of the batch's mean loss C."""
    n = X.shape[0]
    Z1, A1, Z2 = forward(X, W1, b1, W2, b2)
    d2 = softmax(Z2)
    d2[np.arange(n), y] -= 1.0
    dW2 = d2.T @ A1
    db2 = d2.sum(axis=0)
    d1 = (d2 @ W2) * (1.0 - A1**2)
    dW1 = d1.T @ X
    db1 = d1.sum(axis=0)
    return dW1, db1, dW2, db2
