# Tests of the dense-backward exercise (codecheck is provided by nntutor's runner).
import numpy as np
from codecheck import case, numeric_gradient


def layer(rng, n=5, inputs=3, outputs=2):
    A = rng.normal(size=(n, inputs))
    W = rng.normal(size=(outputs, inputs))
    b = rng.normal(size=outputs)
    dZ = rng.normal(size=(n, outputs))
    return A, W, b, dZ


def batch_loss(ref, A, W, b, dZ):
    """A loss whose per-sample gradient with respect to zᵢ is row i of dZ: C = mean of Σⱼ Zᵢⱼ·dZᵢⱼ."""
    return float(np.sum(ref.dense_forward(A, W, b) * dZ)) / A.shape[0]


def part(m, rng, index, **shape):
    A, W, b, dZ = layer(rng, **shape)
    out = m.dense_backward(dZ, A, W)
    return out[index]


@case("dW for a batch of 5", "dW для батча из 5")
def dw(m, rng):
    return {"dW": part(m, rng, 0)}


@case("db for a batch of 5", "db для батча из 5")
def db(m, rng):
    return {"db": part(m, rng, 1)}


@case("dA_in, handed to the layer below", "dA_in, передаваемое слою ниже")
def da(m, rng):
    return {"dA_in": part(m, rng, 2)}


@case(
    "dW and db against central differences",
    "dW и db против центральных разностей",
    rtol=1e-5,
    atol=1e-7,
)
def numeric(m, rng):
    A, W, b, dZ = layer(rng, n=7, inputs=4, outputs=3)
    dW, db, _ = m.dense_backward(dZ, A, W)
    return {"dW": dW, "db": db}


@numeric.expect
def _(ref, rng):
    A, W, b, dZ = layer(rng, n=7, inputs=4, outputs=3)
    return {
        "dW": numeric_gradient(lambda w: batch_loss(ref, A, w, b, dZ), W.copy()),
        "db": numeric_gradient(lambda v: batch_loss(ref, A, W, v, dZ), b.copy()),
    }


@case("a square layer (4 inputs, 4 outputs)", "квадратный слой (4 входа, 4 выхода)")
def square(m, rng):
    A, W, b, dZ = layer(rng, n=6, inputs=4, outputs=4)
    dW, db, dA = m.dense_backward(dZ, A, W)
    return {"dW": dW, "db": db, "dA_in": dA}
