"""One epoch of mini-batch gradient descent, with the samples shuffled."""


def train_epoch(X, Y, params, grad_fn, lr, batch_size, rng):
    """The parameters after one shuffled pass over the training set."""
    order = rng.permutation(len(X))
    for start in range(0, len(X), batch_size):
        idx = order[start : start + batch_size]
        grads = grad_fn(X[idx], Y[idx], params)
        params = [p - lr * g for p, g in zip(params, grads)]
    return params
