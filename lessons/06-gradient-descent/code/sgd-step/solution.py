"""One step of gradient descent."""


def sgd_step(params, grads, lr):
    """The parameters after one step of size lr."""
    return [p - lr * g for p, g in zip(params, grads)]
