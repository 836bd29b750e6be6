"""Inverted dropout, forward and backward, as nntutor's engine does it."""


def dropout_forward(A, p, rng):
    """(the activations after dropout, the mask), both of A's shape."""
    keep = rng.random(A.shape) >= p
    mask = keep / (1.0 - p)
    return A * mask, mask


def dropout_backward(d_out, mask):
    """The gradient with respect to A, given the gradient with respect to the output."""
    return d_out * mask
