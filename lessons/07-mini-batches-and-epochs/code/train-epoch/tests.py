# Tests of one epoch of mini-batches (codecheck is provided by nntutor's runner).
import numpy as np
from codecheck import case


def data(rng, n):
    X = rng.normal(size=(n, 2))
    Y = X @ np.array([[1.5], [-2.0]]) + 0.5 + rng.normal(0, 0.1, size=(n, 1))
    return X, Y


def linear_grads(Xb, Yb, params):
    """Gradients of the batch's mean squared error for a linear model Y ≈ X·Wᵀ + b."""
    W, b = params
    dZ = 2 * (Xb @ W.T + b - Yb)
    return [dZ.T @ Xb / len(Xb), dZ.mean(axis=0)]


def recorded(m, rng, n, batch_size):
    X, Y = data(rng, n)
    seen = []

    def grad_fn(Xb, Yb, params):
        seen.append(np.asarray(Xb)[:, 0].copy())
        return linear_grads(Xb, Yb, params)

    params = [np.zeros((1, 2)), np.zeros(1)]
    m.train_epoch(X, Y, params, grad_fn, 0.1, batch_size, np.random.default_rng(7))
    rows = {float(x): i for i, x in enumerate(X[:, 0])}
    return [[rows[float(x)] for x in batch] for batch in seen]


@case(
    "every sample once, in batches of 8 (the last one smaller)",
    "каждый пример один раз, батчами по 8 (последний меньше)",
)
def coverage(m, rng):
    batches = recorded(m, rng, 30, 8)
    return {
        "batch sizes": [len(b) for b in batches],
        "samples seen, sorted": sorted(i for b in batches for i in b),
    }


@case("the order comes from rng.permutation(N)", "порядок задаёт rng.permutation(N)")
def shuffled(m, rng):
    batches = recorded(m, rng, 30, 8)
    return {"first batch": batches[0] if batches else []}


@case("the parameters after one epoch", "параметры после одной эпохи", rtol=1e-6)
def trained(m, rng):
    X, Y = data(rng, 50)
    params = [np.zeros((1, 2)), np.zeros(1)]
    W, b = m.train_epoch(X, Y, params, linear_grads, 0.1, 16, np.random.default_rng(3))
    return {"W": W, "b": b}
