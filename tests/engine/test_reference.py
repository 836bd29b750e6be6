"""The one-page reference engine (engine/reference.py) and the fast engine compute the same gradients."""

import numpy as np
import pytest

from nntutor.engine import reference
from nntutor.engine.backend import cpu_backend
from nntutor.engine.network import Network


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
@pytest.mark.parametrize("loss,outputs", [("mse", 2), ("bce", 1)])
def test_fast_network_matches_the_reference(activation, loss, outputs):
    rng = np.random.default_rng(7)
    net = Network((3, 5, 4, outputs), activation, loss, cpu_backend(), dtype="float64", seed=3)
    for layer in net.layers:
        layer.b[...] = rng.normal(scale=0.3, size=layer.b.size)
    X = rng.normal(size=(6, 3))
    Y = rng.normal(size=(6, outputs)) if loss == "mse" else rng.integers(0, 2, (6, outputs)) * 1.0
    weights = [(W, b[:, None]) for W, b in net.get_weights()]

    C, grads = reference.batch_gradients(weights, X, Y, activation, loss)

    net.gradients(X, Y, train=False)
    assert pytest.approx(net.loss(X, Y), rel=1e-12) == C
    for layer, (dW, db) in zip(net.layers, grads, strict=True):
        np.testing.assert_allclose(layer.dW, dW, rtol=1e-10, atol=1e-13)
        np.testing.assert_allclose(layer.db, db[:, 0], rtol=1e-10, atol=1e-13)


def test_reference_gradient_is_the_derivative():
    """Central differences on one weight of the reference agree with its backprop."""
    rng = np.random.default_rng(1)
    weights = [
        (rng.normal(size=(3, 2)), rng.normal(size=(3, 1))),
        (rng.normal(size=(1, 3)), rng.normal(size=(1, 1))),
    ]
    X, Y = rng.normal(size=(4, 2)), rng.normal(size=(4, 1))
    _, grads = reference.batch_gradients(weights, X, Y, "tanh", "mse")
    h = 1e-6
    W = weights[0][0]
    W[1, 0] += h
    plus, _ = reference.batch_gradients(weights, X, Y, "tanh", "mse")
    W[1, 0] -= 2 * h
    minus, _ = reference.batch_gradients(weights, X, Y, "tanh", "mse")
    assert grads[0][0][1, 0] == pytest.approx((plus - minus) / (2 * h), rel=1e-6)
