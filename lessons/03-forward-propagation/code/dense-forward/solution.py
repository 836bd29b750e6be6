"""A dense layer's forward pass for a whole batch: Z = X·Wᵀ + b, one sample per row."""


def dense_forward(X, W, b):
    """Z of shape (N, outputs) for X of shape (N, inputs), W (outputs, inputs), b (outputs,)."""
    return X @ W.T + b
