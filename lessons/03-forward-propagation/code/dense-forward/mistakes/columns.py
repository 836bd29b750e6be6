def dense_forward(X, W, b):
    return W @ X.T + b[:, None]
