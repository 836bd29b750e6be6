"""One step of gradient descent with momentum, as nntutor's engine (and PyTorch) does it.

Every parameter p has a velocity v of the same shape (zeros before the first step):

    v ← β·v + ∂C/∂p          (the velocity remembers past gradients, fading by β)
    p ← p − lr·v

params, grads and velocities are lists of arrays in the same order. Return
(new_params, new_velocities), two lists.
"""


def momentum_step(params, grads, velocities, lr, beta):
    """The parameters and velocities after one step."""
    raise NotImplementedError("write momentum_step(params, grads, velocities, lr, beta)")
