def dense_backward(dZ, A_in, W):
    n = A_in.shape[0]
    dW = A_in.T @ dZ / n
    db = dZ.mean(axis=0)
    dA_in = dZ @ W
    return dW, db, dA_in
