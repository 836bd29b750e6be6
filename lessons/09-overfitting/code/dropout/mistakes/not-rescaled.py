def dropout_forward(A, p, rng):
    mask = (rng.random(A.shape) >= p).astype(float)
    return A * mask, mask


def dropout_backward(d_out, mask):
    return d_out * mask
