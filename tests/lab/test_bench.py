"""The lab as an experiment bench, without a screen: backprop replay, the hidden space,
neurons off or frozen, and points edited by hand."""

from __future__ import annotations

import numpy as np
import pytest

from nntutor.engine import ConfigError, reference
from nntutor.lab import LabConfig, LabSession, Wants
from nntutor.lab.hidden_space import activations_at, grid_lines, hidden_space, of_session
from nntutor.lab.points import add_point, can_edit, delete_nearest
from nntutor.lab.replay import Question, check, check_sign, freeze, read_number, sub

SPIRALS = {
    "dataset": "spirals",
    "samples": 200,
    "hidden": [6, 5],
    "epochs": 3,
    "pace": 0,
    "seed": 2,
}


def session_of(**options) -> LabSession:
    return LabSession(LabConfig.from_options({**SPIRALS, **options}))


def train(session: LabSession, until: str = "end"):
    return session.train(until, lambda: False, lambda frame: None, lambda: Wants(), interval=0.0)


# --- backprop replay ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"activation": "relu", "optimizer": "sgd"},
        {"dataset": "xor", "hidden": [4], "activation": "sigmoid"},  # bce head
        {"dataset": "sine", "hidden": [5], "activation": "softplus"},  # mse head
        {"dataset": "circles", "hidden": []},  # no hidden layer: δ of the output, then the update
    ],
)
def test_the_replay_shows_the_engines_backprop_and_the_rule_gives_the_same(options):
    session = session_of(**options)
    train(session, "epoch")
    replay = freeze(session)
    kinds = [step.kind for step in replay.steps]
    layers = len(session.trainer.network.layers)
    assert kinds == ["output"] + ["grads", "below"] * (layers - 1) + ["grads", "update"]
    for step in replay.steps:
        for quantity in step.results:
            assert quantity.derived is not None
            scale = max(1e-6, float(np.max(np.abs(quantity.engine))))
            assert np.max(np.abs(quantity.engine - quantity.derived)) <= 1e-5 * scale, (
                quantity.symbol
            )
    # the engine's numbers are the network's own gradients for that batch
    net = session.trainer.network
    X = np.asarray(replay.X_host, dtype=np.float32)
    net.gradients(X, replay.Y.astype(np.float32), train=False)
    grads = next(s for s in replay.steps if s.kind == "grads")
    assert np.array_equal(grads.results[0].engine, net.layers[-1].dW.astype(np.float64))


@pytest.mark.parametrize("loss", ["mse", "bce"])
@pytest.mark.parametrize("one_example", [True, False])
def test_the_replay_matches_the_lessons_reference_backprop(loss, one_example):
    session = session_of(dataset="xor", hidden=[3, 4], activation="tanh", loss=loss, batch_size=8)
    train(session, "epoch")
    replay = freeze(session, one_example=one_example, draw=4)
    assert replay.examples == (1 if one_example else 8)
    weights = [
        (W.astype(np.float64), b.astype(np.float64)[:, None])
        for W, b in session.trainer.network.get_weights()
    ]
    _, grads = reference.batch_gradients(weights, replay.X_host, replay.Y, "tanh", loss)
    by_symbol = {q.symbol: q.engine for s in replay.steps for q in s.results}
    for number, (dW, db) in enumerate(grads, start=1):
        assert np.allclose(by_symbol[f"∂C/∂W{sub(number)}"], dW, atol=1e-6)
        assert np.allclose(by_symbol[f"∂C/∂b{sub(number)}"][0], db[:, 0], atol=1e-6)


def test_the_update_lowers_the_loss_on_the_frozen_batch_and_happens_once():
    session = session_of(optimizer="sgd", lr=0.5)
    replay = freeze(session, draw=1)
    before = session.trainer.network.get_weights()
    result = replay.apply()
    assert result.batch_loss_after < result.batch_loss_before
    assert result.batch_loss_before == pytest.approx(replay.batch_loss)
    after = session.trainer.network.get_weights()
    W, _ = before[-1]
    dW = next(s for s in replay.steps if s.kind == "grads").results[0].engine
    assert np.allclose(after[-1][0], W - 0.5 * dW, atol=1e-5)
    assert replay.apply() is result  # a second call does not step again
    assert np.array_equal(session.trainer.network.get_weights()[-1][0], after[-1][0])


def test_predictions_are_checked_against_the_engines_number():
    replay = freeze(session_of(), one_example=True)
    step = replay.steps[0]
    question = replay.question(0, seed=3)
    assert question == replay.question(0, seed=3)  # the same seed asks the same entry
    truth = question.truth(step)
    assert check(step, question, f"{truth:.6f}").correct
    assert check(step, question, f"{truth * 1.02:.6f}".replace("-", "−")).correct
    assert not check(step, question, f"{truth * 1.5 + 0.01:.6f}").correct
    assert check(step, question, "banana") is None
    right, wrong = ("+", "-") if truth > 0 else ("-", "+")
    assert check_sign(step, question, right).correct and check(step, question, right).correct
    assert not check_sign(step, question, wrong).correct
    assert check(step, question, "0.1").answer.startswith(step.results[0].symbol + "[")
    assert replay.question(len(replay.steps) - 1) is None  # nothing to predict at the update
    assert read_number(" 1,5 ") == 1.5 and read_number("inf") is None


def test_a_sign_of_exactly_zero_is_its_own_answer():
    session = session_of(activation="relu")
    replay = freeze(session)
    step = next(s for s in replay.steps if s.kind == "below")
    zeros = np.argwhere(step.results[0].engine == 0)
    assert len(zeros), "ReLU gives some exact zeros"
    question = Question(0, int(zeros[0][0]), int(zeros[0][1]))
    assert check_sign(step, question, "0").correct and not check_sign(step, question, "+").correct


# --- neurons off and frozen -----------------------------------------------------------------------


def test_a_switched_off_neuron_outputs_zero_and_learns_nothing():
    session = session_of()
    switches = session.switches
    switches.set_off(0, 2, True)
    train(session, "epoch")
    net = session.trainer.network
    first = net.layers[0].snapshot()
    assert np.all(first["a"][:, 2] == 0) and np.any(first["a"][:, 1] != 0)
    assert np.all(first["dW"][2] == 0) and first["db"][2] == 0
    hidden = activations_at(
        session.train_points[0],
        net.get_weights(),
        session.activations,
        1,
        [switches.keep(0), None, None],
    )
    assert np.all(hidden[:, 2] == 0)
    replay = freeze(session)
    assert all(
        q.engine[:, 2].tolist() == [0.0] * replay.examples
        for s in replay.steps
        if s.kind == "below" and s.layer == 2
        for q in s.results
    )
    switches.set_off(0, 2, False)  # on again: it learns again
    train(session, "batch")
    assert np.any(net.layers[0].snapshot()["a"][:, 2] != 0)
    with pytest.raises(ConfigError):
        switches.set_off(2, 0, True)  # an output neuron
    with pytest.raises(ConfigError):
        switches.set_off(0, 99, True)


def test_switching_a_neuron_off_changes_the_networks_answer():
    session = session_of()
    train(session)
    before = session.trainer.predict(session.train_points[0])
    session.switches.set_off(1, 0, True)
    assert not np.allclose(before, session.trainer.predict(session.train_points[0]))
    assert session.switches.describe() == (["h2.1"], [])


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam", "adam in blocks"])
def test_a_frozen_neuron_keeps_its_weights_through_steps(optimizer, monkeypatch):
    blocks = optimizer == "adam in blocks"
    if blocks:  # the CPU's cache-sized blocks of a large network, here of 16 parameters
        from nntutor.engine.optimizers import OPTIMIZERS

        optimizer = "adam"
        monkeypatch.setattr(OPTIMIZERS["adam"], "cpu_block", 16)
    session = session_of(optimizer=optimizer, l2=0.01)
    assert session.trainer.optimizer.blocked == blocks
    train(session, "epoch")
    session.switches.set_frozen(0, 1, True)
    session.switches.set_frozen(2, 0, True)  # an output neuron can be frozen
    W0, b0 = (w.copy() for w in session.trainer.network.get_weights()[0])
    out_W, _ = (w.copy() for w in session.trainer.network.get_weights()[2])
    train(session)
    W1, b1 = session.trainer.network.get_weights()[0]
    assert np.array_equal(W1[1], W0[1]) and b1[1] == b0[1]
    assert not np.array_equal(W1[0], W0[0])  # the others learn
    assert np.array_equal(session.trainer.network.get_weights()[2][0][0], out_W[0])
    assert not np.array_equal(session.trainer.network.get_weights()[2][0][1], out_W[1])
    assert session.switches.describe() == ([], ["h1.2", "out.1"])
    session.switches.set_frozen(0, 1, False)  # thawed: it learns again
    session.set_live(epochs=6)
    train(session, "epoch")
    assert not np.array_equal(session.trainer.network.get_weights()[0][0][1], W0[1])


# --- points by hand -------------------------------------------------------------------------------


def test_added_and_deleted_points_are_what_the_network_trains_on():
    session = session_of(dataset="xor", hidden=[4], samples=40)
    X, _ = session.train_points
    n = len(X)
    assert can_edit(session) == ""
    assert add_point(session, 0.5, -0.5, 1) == n + 1
    assert session.trainer.train_size == n + 1
    assert session.train_points[0][-1].tolist() == [0.5, -0.5]
    target = session.train_points[0][3]
    gone = delete_nearest(session, target[0] + 1e-3, target[1])
    assert gone[:2] == (float(target[0]), float(target[1]))
    assert session.trainer.train_size == n and len(session.train_points[1]) == n
    outcome = train(session)
    assert outcome.reason == "finished"
    with pytest.raises(ConfigError):
        add_point(session, 0.0, 0.0, 7)


def test_editing_points_mid_epoch_keeps_training():
    session = session_of(samples=300, batch_size=16)
    train(session, "batch")
    for k in range(5):
        add_point(session, 0.1 * k, 0.2, k % 3)
    while len(session.train_points[0]) > 3:
        delete_nearest(session, 0.0, 0.0)
    assert delete_nearest(session, 0.0, 0.0) is not None
    assert delete_nearest(session, 0.0, 0.0) is None  # two points stay
    assert train(session).reason == "finished"


def test_regression_points_cannot_be_edited_by_hand():
    session = session_of(dataset="sine", hidden=[4])
    assert can_edit(session)
    with pytest.raises(ConfigError):
        add_point(session, 0.0, 0.0, 0)


# --- the hidden space -----------------------------------------------------------------------------


def test_hidden_space_coordinates_are_the_layers_activations():
    W1 = np.array([[1.0, 0.0], [0.0, 2.0], [1.0, 1.0]])
    b1 = np.array([0.0, 0.5, -1.0])
    W2, b2 = np.ones((1, 3)), np.zeros(1)
    X = np.array([[0.0, 0.0], [1.0, -1.0]])
    space = hidden_space(
        [(W1, b1), (W2, b2)], ("tanh",), 1, (0, 2), X, np.array([0, 1]), (-1, 1, -1, 1)
    )
    expected = np.tanh(X @ W1.T + b1)[:, [0, 2]]
    assert np.allclose(space.points, expected) and space.width == 3
    assert space.labels.tolist() == [0, 1]
    lines = grid_lines((-1, 1, -1, 1))
    assert len(space.lines) == len(lines)
    assert np.allclose(space.lines[0], np.tanh(lines[0] @ W1.T + b1)[:, [0, 2]])
    x0, x1, y0, y1 = space.extent
    assert x0 < space.points[:, 0].min() and x1 > space.points[:, 0].max() and y0 < y1
    plain = hidden_space(
        [(W1, b1), (W2, b2)], ("tanh",), 0, (0, 1), X, np.array([0, 1]), (-1, 1, -1, 1)
    )
    assert np.allclose(plain.points, X)  # layer 0: the input plane itself
    with pytest.raises(ValueError):
        hidden_space(
            [(W1, b1), (W2, b2)], ("tanh",), 2, (0, 1), X, np.array([0, 1]), (-1, 1, -1, 1)
        )


def test_the_hidden_space_reads_the_chosen_input_features():
    """With features chosen the network reads x₁², x₂², …: layer 0 is that feature space and
    the layers above start from it (it used to multiply the raw x₁, x₂ by W1 and fail)."""
    session = session_of(dataset="circles", hidden=[6, 4], features="x1,x2,x1^2,x2^2")
    X = session.train_points[0]
    squares = of_session(session, 0, (2, 3))
    assert squares.width == 4 and np.allclose(squares.points, X**2)
    assert np.allclose(squares.lines[0][:, 0], squares.lines[0][0, 0])  # x₁ fixed: x₁² too
    first = of_session(session, 1, (0, 5))
    W1, b1 = session.trainer.network.get_weights()[0]
    features = np.stack([X[:, 0], X[:, 1], X[:, 0] ** 2, X[:, 1] ** 2], axis=1)
    assert np.allclose(first.points, np.tanh(features @ W1.T + b1)[:, [0, 5]])
    assert of_session(session, 2, (0, 3)).points.shape == (len(X), 2)


def test_training_moves_the_points_in_the_hidden_space():
    session = session_of(hidden=[8, 8], epochs=30)
    start = of_session(session, 2, (0, 1))
    train(session)
    end = of_session(session, 2, (0, 1))
    assert start.points.shape == end.points.shape == (len(session.train_points[0]), 2)
    assert not np.allclose(start.points, end.points)
