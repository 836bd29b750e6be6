# Tests of the softmax cross-entropy exercise (codecheck is provided by nntutor's runner).
import numpy as np
from codecheck import case, numeric_gradient


def batch(rng, n=5, k=3, scale=2.0):
    return rng.normal(0.0, scale, size=(n, k)), rng.integers(0, k, size=n)


@case("softmax of a batch", "softmax батча")
def probabilities(m, rng):
    Z, _ = batch(rng)
    return {"softmax(Z)": m.softmax(Z)}


@case("softmax of scores near 1000 (no overflow)", "softmax оценок около 1000 (без переполнения)")
def large(m, rng):
    Z, _ = batch(rng)
    return {"softmax(Z)": m.softmax(Z + 1000.0)}


@case("the cross-entropy of a batch", "перекрёстная энтропия батча")
def loss(m, rng):
    Z, y = batch(rng)
    return {"cross_entropy(Z, y)": m.cross_entropy(Z, y)}


@case("the cross-entropy of very confident scores", "перекрёстная энтропия очень уверенных оценок")
def confident(m, rng):
    Z, y = batch(rng, scale=400.0)
    return {"cross_entropy(Z, y)": m.cross_entropy(Z, y)}


@case(
    "cross_entropy_grad against central differences",
    "cross_entropy_grad против центральных разностей",
    rtol=1e-5,
    atol=1e-7,
)
def grad(m, rng):
    Z, y = batch(rng, 4, 4)
    return {"dZ": m.cross_entropy_grad(Z, y)}


@grad.expect
def _(ref, rng):
    Z, y = batch(rng, 4, 4)
    n = Z.shape[0]
    return {"dZ": numeric_gradient(lambda z: n * ref.cross_entropy(z, y), np.array(Z))}
