# Tests of the MSE exercise (codecheck is provided by nntutor's runner).
from codecheck import case, numeric_gradient


def batch(rng, n=6, k=3):
    return rng.normal(size=(n, k)), rng.normal(size=(n, k))


@case("the loss of a batch", "потери батча")
def loss(m, rng):
    A, Y = batch(rng)
    return {"mse(A, Y)": m.mse(A, Y)}


@case("the loss of one output per sample", "потери при одном выходе на пример")
def loss_one(m, rng):
    A, Y = batch(rng, 5, 1)
    return {"mse(A, Y)": m.mse(A, Y)}


@case(
    "mse_grad against central differences",
    "mse_grad против центральных разностей",
    rtol=1e-5,
    atol=1e-7,
)
def grad(m, rng):
    A, Y = batch(rng)
    return {"dA": m.mse_grad(A, Y)}


@grad.expect
def _(ref, rng):
    A, Y = batch(rng)
    n = A.shape[0]
    # the sum of the samples' own losses, Σᵢ Cᵢ = N·C: its gradient row by row is ∂Cᵢ/∂aᵢ
    return {"dA": numeric_gradient(lambda a: n * ref.mse(a, Y), A.copy())}
