def dropout_forward(A, p, rng):
    keep = rng.random(A.shape) < p
    mask = keep / p
    return A * mask, mask


def dropout_backward(d_out, mask):
    return d_out * mask
