"""Input features beyond x1 and x2, and datasets drawn from a boundary formula."""

from __future__ import annotations

import numpy as np
import pytest

from nntutor.engine import ConfigError, TrainConfig, Trainer
from nntutor.engine.features import FEATURE_NAMES, FEATURES, apply_features, parse_features


def test_feature_lists_are_read_in_any_usual_spelling():
    assert parse_features("x1, x2, x1^2,x2**2, x1*x2, sin(x1), sin (x2)") == FEATURE_NAMES
    assert parse_features("x1²,x2²") == ("x1^2", "x2^2")
    assert parse_features("") is None and parse_features(None) is None
    with pytest.raises(ConfigError, match="unknown input feature 'x3'"):
        parse_features("x1,x3")
    with pytest.raises(ConfigError, match="listed twice"):
        parse_features("x1,x1")


def test_the_code_written_into_scripts_computes_the_same_columns():
    X = np.random.default_rng(0).normal(size=(20, 2))
    for name in FEATURE_NAMES:
        written = eval(FEATURES[name], {"np": np, "X": X})  # our own constant code, not input
        np.testing.assert_array_equal(written, apply_features(X, [name])[:, 0])


def test_no_hidden_layer_separates_circles_with_squared_inputs():
    def accuracy(features):
        config = TrainConfig(
            dataset="circles",
            samples=400,
            hidden=(),
            features=features,
            epochs=60,
            device="cpu",
            seed=1,
        )
        trainer = Trainer(config)
        trainer.fit()
        return trainer.history[-1].val_acc, trainer

    plain, _ = accuracy(None)
    squared, trainer = accuracy("x1^2,x2^2")
    assert squared == 1.0 and plain < 0.75
    # the network reads two features, the plane it is drawn on is still (x1, x2)
    assert trainer.network.sizes == (2, 1) and trainer.features == 2
    grid = trainer.predict_grid(-1, 1, -1, 1, 5, 5)
    assert grid[2, 2, 0] > 0.5 > grid[0, 0, 0]  # the centre is the inner disc (class 1)


def test_features_need_two_inputs():
    with pytest.raises(ConfigError, match="two inputs x1, x2"):
        Trainer(TrainConfig(dataset="sine", features="x1", epochs=1, device="cpu"))


def test_a_boundary_formula_labels_points_by_the_comparison():
    from nntutor.lab.datasets import formula_dataset, make_data

    data = formula_dataset("x2 > sin(3*x1)", samples=300, seed=4)
    X, y = data.X, data.y
    assert X.shape == (300, 2) and np.all(np.abs(X) <= 1)
    np.testing.assert_array_equal(y, (X[:, 1] > np.sin(3 * X[:, 0])).astype(int))
    again = make_data(TrainConfig(dataset="x2 > sin(3*x1)", samples=300, seed=4))
    np.testing.assert_array_equal(again.X, X)
    assert set(formula_dataset("x1^2 + x2^2 ≤ 0.5", samples=100).y) == {0, 1}


@pytest.mark.parametrize(
    ("formula", "why"),
    [
        ("x2 + sin(x1)", "one comparison"),
        ("x1 < x2 < 1", "has 2"),
        ("x2 > y", "x1 and x2 only; it names y"),
        ('x2 > __import__("os").system("ls")', "cannot be read"),
        ("x2 > sin(3*", "cannot be read"),
        ("x2 > 1/x1 - 1/x1 + 5", "only one class"),
        ("x2 > 1/(x1 - x1)", "cannot be computed at x1 = "),
    ],
)
def test_a_bad_boundary_formula_is_refused_with_the_reason(formula, why):
    from nntutor.lab.datasets import formula_dataset

    with pytest.raises(ConfigError, match=why):
        formula_dataset(formula, samples=50)


def test_nntutor_train_reads_a_formula_dataset_and_features(capsys):
    from nntutor.cli import main

    code = main(
        [
            "train",
            "--json",
            "--device",
            "cpu",
            "--dataset",
            "x2 > sin(3*x1)",
            "--samples",
            "200",
            "--epochs",
            "2",
            "--features",
            "x1,x2,sin(x1)",
        ]
    )
    assert code == 0, capsys.readouterr().err
    assert main(["train", "--device", "cpu", "--dataset", "x2 > zz", "--epochs", "1"]) == 2
    assert "it names zz" in capsys.readouterr().err
