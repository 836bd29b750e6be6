def dense_backward(dZ, A_in, W):
    n = A_in.shape[0]
    dW = dZ.T @ A_in / n
    db = dZ / n
    dA_in = dZ @ W
    return dW, db, dA_in
