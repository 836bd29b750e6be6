# Tests of the binary cross-entropy exercise (codecheck is provided by nntutor's runner).
from codecheck import case, numeric_gradient


def batch(rng, n=6, k=1):
    A = rng.uniform(0.05, 0.95, size=(n, k))
    Y = (rng.random(size=(n, k)) < 0.5).astype(float)
    return A, Y


@case("the loss of a batch with one output", "потери батча с одним выходом")
def loss(m, rng):
    A, Y = batch(rng)
    return {"bce(A, Y)": m.bce(A, Y)}


@case("the loss of a batch with two outputs", "потери батча с двумя выходами")
def loss_two(m, rng):
    A, Y = batch(rng, 5, 2)
    return {"bce(A, Y)": m.bce(A, Y)}


@case(
    "bce_grad against central differences",
    "bce_grad против центральных разностей",
    rtol=1e-5,
    atol=1e-7,
)
def grad(m, rng):
    A, Y = batch(rng, 6, 2)
    return {"dA": m.bce_grad(A, Y)}


@grad.expect
def _(ref, rng):
    A, Y = batch(rng, 6, 2)
    n = A.shape[0]
    return {"dA": numeric_gradient(lambda a: n * ref.bce(a, Y), A.copy(), h=1e-7)}
