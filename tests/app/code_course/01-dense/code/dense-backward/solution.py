"""A dense layer's backward pass for a batch, one sample per row."""


def dense_forward(A_in, W, b):
    return A_in @ W.T + b


def dense_backward(dZ, A_in, W):
    """Return (dW, db, dA_in) for this layer."""
    n = A_in.shape[0]
    dW = dZ.T @ A_in / n
    db = dZ.mean(axis=0)
    dA_in = dZ @ W
    return dW, db, dA_in
