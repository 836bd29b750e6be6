# Tests of the SGD step (codecheck is provided by nntutor's runner).
from codecheck import case


def model(rng):
    shapes = [(3, 2), (3,), (1, 3), (1,)]
    params = [rng.normal(size=s) for s in shapes]
    grads = [rng.normal(size=s) for s in shapes]
    return params, grads


def step(m, rng, lr):
    params, grads = model(rng)
    new = m.sgd_step(params, grads, lr)
    return {f"params[{i}]": p for i, p in enumerate(new)}


@case("one step with lr = 0.1", "один шаг с lr = 0.1")
def small(m, rng):
    return step(m, rng, 0.1)


@case("one step with lr = 0.5", "один шаг с lr = 0.5")
def large(m, rng):
    return step(m, rng, 0.5)
