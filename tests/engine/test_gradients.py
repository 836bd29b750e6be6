"""Backpropagation against central differences, for every activation, loss and layer."""

import numpy as np
import pytest

from nntutor.engine import ACTIVATIONS, LOSSES, gradient_check
from nntutor.engine.backend import cpu_backend
from nntutor.engine.network import Network


def make_problem(loss: str, outputs: int, samples: int = 7, features: int = 3, seed: int = 0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(samples, features))
    if loss == "mse":
        y = rng.normal(size=(samples, outputs))
    elif loss == "bce":
        y = rng.integers(0, 2, size=(samples, outputs)).astype(float)
    else:
        y = rng.integers(0, outputs, size=samples)
    return X, y


@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
@pytest.mark.parametrize("loss,outputs", [("mse", 2), ("bce", 1), ("bce", 3), ("ce", 4)])
def test_backprop_matches_central_differences(activation, loss, outputs):
    net = Network((3, 5, 4, outputs), activation, loss, cpu_backend(), dtype="float64", seed=1)
    for layer in net.layers:  # non-zero biases, so that db is tested with something in it
        layer.b[...] = np.linspace(-0.3, 0.3, layer.b.size)
    X, y = make_problem(loss, outputs)
    check = gradient_check(net, X, y)
    assert len(check.layer_errors) == 3
    for dW_error, db_error in check.layer_errors:
        assert dW_error < 1e-6 and db_error < 1e-6, check.layer_errors
    assert check.passed(1e-6)


def test_relu_kink_is_avoided_and_no_hidden_layer_works():
    net = Network(
        (3, 2), "relu", "ce", cpu_backend(), dtype="float64", seed=2
    )  # logistic regression
    X, y = make_problem("ce", 2)
    assert gradient_check(net, X, y).passed(1e-7)


def test_gradient_check_can_sample_parameters():
    net = Network((3, 8, 8, 2), "tanh", "mse", cpu_backend(), dtype="float64")
    X, y = make_problem("mse", 2)
    check = gradient_check(net, X, y, max_checks=10, seed=3)
    assert len(check.indices) == 10 and check.passed(1e-6)


def test_gradient_check_finds_a_wrong_gradient(monkeypatch):
    net = Network((3, 4, 1), "tanh", "mse", cpu_backend(), dtype="float64")
    X, y = make_problem("mse", 1)
    original = net.backward

    def broken_backward():
        original()
        net.layers[0].dW *= 1.5

    monkeypatch.setattr(net, "backward", broken_backward)
    check = gradient_check(net, X, y)
    assert not check.passed(1e-3)
    assert (
        check.layer_errors[0][0] > 0.1
        and check.layer_errors[1] == (pytest.approx(0, abs=1e-6),) * 2
    )


@pytest.mark.parametrize("loss", sorted(LOSSES))
def test_losses_match_their_definitions(loss):
    rng = np.random.default_rng(4)
    z = rng.normal(size=(6, 3))
    head = LOSSES[loss](np)
    if loss == "mse":
        y = rng.normal(size=(6, 3))
        expected = np.mean((z - y) ** 2)
    elif loss == "bce":
        y = rng.integers(0, 2, size=(6, 3)).astype(float)
        p = 1 / (1 + np.exp(-z))
        expected = np.mean(-y * np.log(p) - (1 - y) * np.log(1 - p))
    else:
        labels = rng.integers(0, 3, size=6)
        y = np.eye(3)[labels]
        p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
        expected = np.mean(-np.log(p[np.arange(6), labels]))
    assert float(head.loss(z, y)) == pytest.approx(expected, rel=1e-12)
    a, delta, cols = np.empty_like(z), np.empty_like(z), np.empty((2, 6, 1))
    assert float(head.step(z, y, a, delta, cols)) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("loss", sorted(LOSSES))
def test_losses_and_outputs_are_stable_for_extreme_z(loss):
    z = np.array([[1000.0, -1000.0], [-800.0, 800.0]])
    y = np.array([[1.0, 0.0], [0.0, 1.0]])
    head = LOSSES[loss](np)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        a, delta, cols = np.empty_like(z), np.empty_like(z), np.empty((2, 2, 1))
        value = float(head.step(z, y, a, delta, cols))
        out = head.output(z)
    assert np.isfinite(value) and np.all(np.isfinite(delta)) and np.all(np.isfinite(out))
    if loss != "mse":
        assert value == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_activations_are_stable_and_correct(name):
    z = np.array([-1000.0, -30.0, -1.0, -1e-3, 0.5, 2.0, 30.0, 1000.0])
    expected = {
        "sigmoid": lambda v: np.where(
            v >= 0, 1 / (1 + np.exp(-np.abs(v))), np.exp(-np.abs(v)) / (1 + np.exp(-np.abs(v)))
        ),
        "tanh": np.tanh,
        "relu": lambda v: np.maximum(v, 0),
        "leaky_relu": lambda v: np.where(v > 0, v, 0.01 * v),
        "softplus": lambda v: np.maximum(v, 0) + np.log1p(np.exp(-np.abs(v))),
        "linear": lambda v: v,
    }[name]
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        got = ACTIVATIONS[name](np)(z)
    np.testing.assert_allclose(got, expected(z), rtol=1e-13, atol=1e-300)


def test_mixed_activations_backprop():
    net = Network((3, 5, 4, 2), ("softplus", "leaky_relu"), "ce", cpu_backend(), dtype="float64")
    X, y = make_problem("ce", 2)
    assert gradient_check(net, X, y).passed(1e-6)
