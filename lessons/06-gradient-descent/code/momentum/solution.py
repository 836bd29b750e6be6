"""One step of gradient descent with momentum, as nntutor's engine (and PyTorch) does it."""


def momentum_step(params, grads, velocities, lr, beta):
    """The parameters and velocities after one step."""
    new_v = [beta * v + g for v, g in zip(velocities, grads)]
    new_p = [p - lr * v for p, v in zip(params, new_v)]
    return new_p, new_v
