def dense_backward(dZ, A_in, W):
    n = A_in.shape[0]
    dW = dZ.T @ A_in / n
    db = dZ.mean(axis=0)
    dA_in = dZ @ W / n
    return dW, db, dA_in
