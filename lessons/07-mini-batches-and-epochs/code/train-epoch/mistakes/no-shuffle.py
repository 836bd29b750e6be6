def train_epoch(X, Y, params, grad_fn, lr, batch_size, rng):
    for start in range(0, len(X), batch_size):
        idx = slice(start, start + batch_size)
        grads = grad_fn(X[idx], Y[idx], params)
        params = [p - lr * g for p, g in zip(params, grads)]
    return params
