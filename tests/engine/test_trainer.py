"""The training loop: steps, epochs, seeds, weights, divergence, early stopping, predictions."""

import numpy as np
import pytest

from nntutor.engine import (
    ConfigError,
    Dataset,
    EpochReport,
    TrainConfig,
    Trainer,
    TrainingDiverged,
)


def small(**changes) -> TrainConfig:
    values = {
        "dataset": "moons",
        "samples": 200,
        "hidden": (8, 8),
        "epochs": 3,
        "seed": 1,
        "device": "cpu",
        "threads": 1,
    }
    values.update(changes)
    return TrainConfig(**values)


def test_layers_expose_the_step_values_with_the_lesson_shapes():
    trainer = Trainer(small(hidden=(5, 4), batch_size=16))
    loss = trainer.step()
    assert isinstance(loss, float) and np.isfinite(loss)
    sizes = [(2, 5), (5, 4), (4, 1)]
    for layer, (n_in, n_out) in zip(trainer.network.layers, sizes, strict=True):
        assert layer.W.shape == (n_out, n_in) and layer.b.shape == (n_out,)
        assert layer.dW.shape == (n_out, n_in) and layer.db.shape == (n_out,)
        for name in ("z", "a", "delta"):
            assert getattr(layer, name).shape == (16, n_out)
        assert layer.a_in.shape == (16, n_in)
        values = layer.snapshot()
        assert set(values) >= {"W", "b", "z", "a", "delta", "dW", "db"}
    last = trainer.network.layers[-1]
    np.testing.assert_allclose(last.a, 1 / (1 + np.exp(-last.z)), rtol=1e-6)  # sigmoid head


def test_step_follows_the_lesson_formulas():
    """After a step: z = W·a + b, δ_L = (a − y)/n, dW = δᵀ·a_in, db = Σ δ, δ = (δ·W) ⊙ f'(z)."""
    trainer = Trainer(
        small(hidden=(6,), batch_size=10, dtype="float64", optimizer="sgd", shuffle=False)
    )
    W_before = [layer.W.copy() for layer in trainer.network.layers]
    b_before = [layer.b.copy() for layer in trainer.network.layers]
    trainer.step()
    hidden, out = trainer.network.layers
    X = hidden.a_in
    np.testing.assert_allclose(hidden.z, X @ W_before[0].T + b_before[0])
    np.testing.assert_allclose(hidden.a, np.tanh(hidden.z))
    np.testing.assert_allclose(out.z, hidden.a @ W_before[1].T + b_before[1])
    y = trainer._Y[:10]
    np.testing.assert_allclose(out.delta, (out.a - y) / 10)
    np.testing.assert_allclose(out.dW, out.delta.T @ hidden.a)
    np.testing.assert_allclose(out.db, out.delta.sum(axis=0))
    np.testing.assert_allclose(hidden.delta, (out.delta @ W_before[1]) * (1 - hidden.a**2))
    np.testing.assert_allclose(hidden.W, W_before[0] - 0.1 * hidden.dW)


def test_epochs_report_everything_and_fit_stops_at_the_epoch_count():
    trainer = Trainer(small(epochs=4, batch_size=50))
    assert trainer.steps_per_epoch == 4  # 160 training samples
    reports = trainer.fit()
    assert len(reports) == 4 and trainer.history == reports and trainer.finished
    last = reports[-1]
    assert isinstance(last, EpochReport) and last.epoch == 4 and last.steps == 16
    assert 0 <= last.train_acc <= 1 and 0 <= last.val_acc <= 1
    assert len(last.grad_norms) == 3 and all(g >= 0 for g in last.grad_norms)
    assert set(last.as_json()) == {"epoch", "train_loss", "val_loss", "train_acc", "val_acc"}


def test_steps_close_epochs_and_run_epoch_finishes_the_current_one():
    trainer = Trainer(small(batch_size=64))  # 160 samples: 3 steps per epoch
    trainer.step()
    report = trainer.run_epoch()
    assert report.epoch == 1 and report.steps == 3
    for _ in range(3):
        trainer.step()
    assert trainer.epoch == 2 and len(trainer.history) == 2


def test_regression_reports_no_accuracy():
    trainer = Trainer(small(dataset="sine", epochs=2))
    report = trainer.run_epoch()
    assert report.train_acc is None and report.val_acc is None
    assert set(report.as_json()) == {"epoch", "train_loss", "val_loss"}


def test_same_seed_same_run_and_another_seed_another_run():
    def run(seed):
        trainer = Trainer(small(seed=seed, dropout=0.2, epochs=3))
        return [r.train_loss for r in trainer.fit()], trainer.network.get_weights()

    losses_a, weights_a = run(7)
    losses_b, weights_b = run(7)
    losses_c, _ = run(8)
    assert losses_a == losses_b
    for (Wa, ba), (Wb, bb) in zip(weights_a, weights_b, strict=True):
        np.testing.assert_array_equal(Wa, Wb)
        np.testing.assert_array_equal(ba, bb)
    assert losses_a != losses_c


def test_no_shuffle_full_batch_is_one_deterministic_gradient_step():
    trainer = Trainer(
        small(
            shuffle=False,
            batch_size=10_000,
            epochs=1,
            optimizer="sgd",
            lr=0.5,
            dtype="float64",
            val_fraction=0,
        )
    )
    assert trainer.steps_per_epoch == 1
    before = trainer.network.params.copy()
    trainer.run_epoch()
    after = trainer.network.params.copy()
    # the same step by hand: gradients of the full batch at the old weights
    trainer.network.params[...] = before
    trainer.network.gradients(trainer._X, trainer._Y, train=False)
    np.testing.assert_allclose(after, before - 0.5 * trainer.network.grads, rtol=0, atol=1e-15)


def test_float64_on_request():
    trainer = Trainer(small(dtype="float64"))
    trainer.step()
    assert (
        trainer.network.params.dtype == np.float64
        and trainer.network.layers[0].z.dtype == np.float64
    )
    assert Trainer(small()).network.params.dtype == np.float32


def test_dropout_only_in_training():
    trainer = Trainer(small(dropout=0.5, hidden=(32,), batch_size=40))
    trainer.step()
    hidden = trainer.network.layers[0]
    kept = hidden.mask != 0
    assert 0.3 < kept.mean() < 0.7
    np.testing.assert_allclose(hidden.mask[kept], 2.0)
    X = np.random.default_rng(0).normal(size=(5, 2))
    np.testing.assert_array_equal(
        trainer.predict(X), trainer.predict(X)
    )  # evaluation has no dropout


def test_l2_adds_lambda_w_to_weight_gradients_only():
    plain = Trainer(small(optimizer="sgd", shuffle=False, dtype="float64"))
    decayed = Trainer(small(optimizer="sgd", shuffle=False, dtype="float64", l2=0.1))
    plain.step()
    decayed.step()
    for p, d in zip(plain.network.layers, decayed.network.layers, strict=True):
        W0 = p.W + 0.1 * p.dW  # the weights before the step
        np.testing.assert_allclose(d.dW, p.dW + 0.1 * W0, atol=1e-12)
        np.testing.assert_allclose(d.db, p.db, atol=1e-12)


def test_momentum_and_adam_follow_pytorch_formulas():
    for optimizer in ("momentum", "adam"):
        trainer = Trainer(small(optimizer=optimizer, shuffle=False, dtype="float64", lr=0.05))
        net = trainer.network
        w = net.params.copy()
        m = np.zeros_like(w)
        v = np.zeros_like(w)
        for t in range(1, 4):
            trainer.step()
            g = net.grads.copy()
            if optimizer == "momentum":
                m = 0.9 * m + g
                w = w - 0.05 * m
            else:
                m = 0.9 * m + 0.1 * g
                v = 0.999 * v + 0.001 * g * g
                w = w - 0.05 / (1 - 0.9**t) * m / (np.sqrt(v) / np.sqrt(1 - 0.999**t) + 1e-8)
            np.testing.assert_allclose(net.params, w, rtol=1e-12, atol=1e-15)


def test_divergence_names_the_learning_rate():
    trainer = Trainer(small(optimizer="sgd", lr=1e6, activation="relu", loss="mse", epochs=20))
    with pytest.raises(TrainingDiverged) as caught:
        trainer.fit()
    assert "learning rate" in caught.value.message and "--lr 0.1" in caught.value.message
    assert caught.value.epoch >= 1


def test_divergence_names_large_inputs():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(100, 2)) * 1e6
    data = Dataset(X, (X[:, 0] > 0).astype(int))
    trainer = Trainer(
        small(optimizer="sgd", lr=10.0, activation="relu", loss="mse", epochs=20), data
    )
    with pytest.raises(TrainingDiverged, match="inputs are large"):
        for _ in range(200):
            trainer.step()


def test_early_stopping_restores_the_best_weights():
    trainer = Trainer(
        small(
            dataset="spirals",
            samples=150,
            hidden=(64, 64),
            epochs=500,
            patience=5,
            lr=0.05,
            noise=0.3,
        )
    )
    reports = trainer.fit()
    assert trainer.stopped_early and len(reports) < 500
    best = min(reports, key=lambda r: r.val_loss)
    assert trainer.best_epoch == best.epoch and reports[-1].epoch == best.epoch + 5
    X_val, Y_val, _ = trainer._val
    assert trainer.network.loss(X_val, Y_val) == pytest.approx(best.val_loss, rel=1e-5)


def test_explicit_validation_data_and_no_validation():
    rng = np.random.default_rng(1)
    X, X_val = rng.normal(size=(50, 2)), rng.normal(size=(7, 2))
    data = Dataset(X, (X[:, 0] > 0).astype(int), X_val, (X_val[:, 0] > 0).astype(int))
    trainer = Trainer(small(), data)
    assert trainer.train_size == 50 and trainer.val_size == 7
    none = Trainer(small(val_fraction=0))
    assert none.val_size == 0 and none.run_epoch().val_loss is None


def test_predict_classify_and_grid():
    trainer = Trainer(small(dataset="blobs", samples=150, epochs=20))
    trainer.fit()
    X = np.array([[2.0, 0.0], [-1.0, 1.7], [-1.0, -1.7]])
    probabilities = trainer.predict(X)
    assert probabilities.shape == (3, 3)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1, rtol=1e-5)
    np.testing.assert_array_equal(trainer.classify(X), [0, 1, 2])
    grid = trainer.predict_grid(-3, 3, -2, 2, nx=7, ny=5)
    assert grid.shape == (5, 7, 3)
    with pytest.raises(ConfigError, match="2 inputs"):
        trainer.predict(np.zeros((2, 3)))
    sine = Trainer(small(dataset="sine", epochs=1))
    with pytest.raises(ConfigError, match="2 inputs"):
        sine.predict_grid(0, 1, 0, 1, 3, 3)
    assert sine.predict(np.array([0.0, 1.0])).shape == (2, 1)


def test_weights_round_trip_and_mismatch(tmp_path):
    trainer = Trainer(small(hidden=(4,)))
    trainer.fit()
    path = tmp_path / "w.npz"
    trainer.save_weights(path)
    saved = np.load(path)
    assert sorted(saved.files) == ["W1", "W2", "b1", "b2"]
    assert saved["W1"].shape == (4, 2) and saved["b1"].shape == (4,)
    fresh = Trainer(small(hidden=(4,), init_weights=str(path)))
    np.testing.assert_array_equal(fresh.network.params, trainer.network.params)
    with pytest.raises(ConfigError, match=r"W1 has shape \(4, 2\), it needs \(5, 2\)"):
        Trainer(small(hidden=(5,), init_weights=str(path)))
    with pytest.raises(ConfigError, match="W3"):
        Trainer(small(hidden=(4, 4), init_weights=str(path)))
    with pytest.raises(ConfigError, match="no weights file"):
        trainer.load_weights(tmp_path / "missing.npz")
    np.savez(
        tmp_path / "nan.npz",
        W1=np.full((4, 2), np.nan),
        b1=np.zeros(4),
        W2=np.zeros((1, 4)),
        b2=np.zeros(1),
    )
    with pytest.raises(ConfigError, match="NaN"):
        trainer.load_weights(tmp_path / "nan.npz")


def test_data_that_does_not_fit_the_network():
    with pytest.raises(ConfigError, match="samples"):
        Trainer(small(), Dataset(np.zeros((5, 2)), np.zeros(4)))
    with pytest.raises(ConfigError, match="leave none for training"):
        Trainer(small(), Dataset(np.zeros((1, 2)), np.zeros(1)))


def test_gpu_device_without_cupy_is_a_clear_error(monkeypatch):
    from nntutor.engine import backend

    monkeypatch.setattr(backend, "load_cupy", lambda: (None, "CuPy is not installed"))
    with pytest.raises(ConfigError, match="--device gpu needs CuPy"):
        Trainer(small(device="gpu"))
    monkeypatch.setattr(backend, "gpu_min_flops", lambda cores: 0)
    trainer = Trainer(small(device="auto"))
    assert trainer.device == "cpu" and "CuPy is not installed" in trainer.notes[0]


def test_one_activation_per_hidden_layer():
    config = small(hidden=(6, 5), activation="ReLU,tanh", dtype="float64")
    trainer = Trainer(config)
    assert config.activation == ("relu", "tanh")
    assert config.layer_activations() == ("relu", "tanh")
    first, second, out = trainer.network.layers
    assert (first.activation.name, second.activation.name, out.activation) == ("relu", "tanh", None)
    assert np.abs(first.W).max() > np.sqrt(6 / (2 + 6))  # He for the ReLU layer, Glorot after
    trainer.step()
    np.testing.assert_allclose(first.a, np.maximum(first.z, 0))
    np.testing.assert_allclose(second.a, np.tanh(second.z))
    with pytest.raises(ConfigError, match="3 activations for 2 hidden layers"):
        small(hidden=(4, 4), activation=("relu", "tanh", "relu")).validate()


def test_the_split_is_public_and_is_the_trainers():
    from nntutor.engine import make_dataset, split_validation

    data = make_dataset("moons", samples=200, seed=1)
    split = split_validation(data, 0.2, seed=1)
    assert len(split.X) == 160 and len(split.X_val) == 40
    trainer = Trainer(small(), data)
    np.testing.assert_array_equal(trainer._X, split.X.astype(np.float32))
    assert split_validation(data, 0.0).X_val is None
    again = split_validation(split, 0.5)
    assert len(again.X_val) == 40  # an explicit validation set is kept


def test_adam_block_by_block_equals_the_whole_vector_update():
    from nntutor.engine.optimizers import Adam

    rng = np.random.default_rng(0)
    n = 3 * Adam.cpu_block + 123  # three whole blocks and a partial one
    grads = [rng.standard_normal(n).astype(np.float32) for _ in range(3)]
    results = []
    for blocked in (False, True):
        params = np.linspace(-1, 1, n, dtype=np.float32)
        grad = np.zeros(n, np.float32)
        adam = Adam(params, grad, 0.01, np, l2=0.1, weight_count=n - 50)
        assert adam.blocked  # large enough to be split on the CPU
        adam.blocked = blocked
        for g in grads:
            grad[...] = g
            adam.step()
        results.append(params.copy())
    np.testing.assert_array_equal(results[0], results[1])
