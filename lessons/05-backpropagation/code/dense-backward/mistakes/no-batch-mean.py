def dense_backward(dZ, A_in, W):
    dW = dZ.T @ A_in
    db = dZ.sum(axis=0)
    dA_in = dZ @ W
    return dW, db, dA_in
