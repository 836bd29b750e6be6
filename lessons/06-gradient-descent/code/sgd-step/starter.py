"""One step of gradient descent.

params is a list of arrays (W1, b1, W2, b2, …) and grads the list of their gradients, in
the same order and shapes. A step moves every parameter against its gradient:

    p ← p − lr·∂C/∂p

Return the list of new parameters (a new list; changing the arrays in place is fine too).
"""


def sgd_step(params, grads, lr):
    """The parameters after one step of size lr."""
    raise NotImplementedError("write sgd_step(params, grads, lr)")
