"""Settings that cannot work get a ConfigError that names the setting."""

import pytest

from nntutor.engine import ConfigError, TrainConfig
from nntutor.engine.config import DATASET_NAMES
from nntutor.engine.data import DATASETS


@pytest.mark.parametrize(
    "changes,words",
    [
        ({"hidden": (16, 0)}, "--hidden"),
        ({"hidden": (16, -3)}, "--hidden"),
        ({"hidden": (2.5,)}, "--hidden"),
        ({"lr": 0.0}, "--lr"),
        ({"lr": -0.1}, "--lr"),
        ({"lr": float("nan")}, "--lr"),
        ({"batch_size": 0}, "--batch-size"),
        ({"epochs": 0}, "--epochs"),
        ({"activation": "swish"}, "--activation"),
        ({"loss": "hinge"}, "--loss"),
        ({"optimizer": "rmsprop"}, "--optimizer"),
        ({"momentum": 1.0}, "--momentum"),
        ({"dropout": 1.0}, "--dropout"),
        ({"dropout": -0.1}, "--dropout"),
        ({"l2": -1e-4}, "--l2"),
        ({"val_fraction": 1.0}, "--val-fraction"),
        ({"patience": 0}, "--patience"),
        ({"dtype": "float16"}, "--dtype"),
        ({"device": "tpu"}, "--device"),
        ({"dataset": "mnist"}, "--dataset"),
        ({"dataset": None}, "--data"),
        ({"data_path": "x.csv"}, "not both"),
        ({"samples": 1}, "--samples"),
        ({"noise": -1.0}, "--noise"),
        ({"threads": 0}, "--threads"),
        ({"seed": -1}, "--seed"),
    ],
)
def test_invalid_settings_are_named(changes, words):
    with pytest.raises(ConfigError, match=words.replace("-", r"\-")):
        TrainConfig(**changes).validate()


def test_defaults_are_valid_and_activation_spellings_are_forgiven():
    TrainConfig().validate()
    config = TrainConfig(activation="Leaky-ReLU", hidden=[8])
    config.validate()
    assert config.activation == "leaky_relu" and config.hidden == (8,)


def test_learning_rate_defaults_per_optimizer():
    assert TrainConfig(optimizer="sgd").learning_rate == 0.1
    assert TrainConfig(optimizer="adam").learning_rate == 0.01
    assert TrainConfig(optimizer="adam", lr=0.5).learning_rate == 0.5


def test_dataset_names_agree():
    assert tuple(DATASETS) == DATASET_NAMES
