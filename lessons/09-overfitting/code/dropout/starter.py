"""Inverted dropout, forward and backward, as nntutor's engine does it.

During training each activation is dropped (set to 0) with probability p and kept with
probability 1 − p. The kept ones are scaled by 1/(1 − p), so that the expected value of
each activation stays the same, and nothing needs to change at test time.

dropout_forward: draw u = rng.random(A.shape) ONCE; keep where u ≥ p; the mask holds
1/(1 − p) where kept and 0 where dropped. Return (A·mask, mask).
dropout_backward: the gradient flows only through the kept units, scaled the same way.
"""

import numpy as np  # noqa: F401  (you will need it)


def dropout_forward(A, p, rng):
    """(the activations after dropout, the mask), both of A's shape."""
    raise NotImplementedError("write dropout_forward(A, p, rng)")


def dropout_backward(d_out, mask):
    """The gradient with respect to A, given the gradient with respect to the output."""
    raise NotImplementedError("write dropout_backward(d_out, mask)")
