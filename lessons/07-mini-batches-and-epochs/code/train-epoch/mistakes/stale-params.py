def train_epoch(X, Y, params, grad_fn, lr, batch_size, rng):
    order = rng.permutation(len(X))
    new = params
    for start in range(0, len(X), batch_size):
        idx = order[start : start + batch_size]
        grads = grad_fn(X[idx], Y[idx], params)
        new = [p - lr * g for p, g in zip(new, grads)]
    return new
