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


def test_a_config_error_names_its_setting_for_each_reader():
    with pytest.raises(ConfigError) as caught:
        TrainConfig(batch_size=0).validate()
    exc = caught.value
    assert exc.setting == "batch_size"
    assert str(exc) == "--batch-size: the batch size must be at least 1; got 0"
    assert exc.worded(lambda setting: "“batch”") == "“batch”: " + exc.message
    assert exc.worded(None) == exc.message and "--" not in exc.message
    with pytest.raises(ConfigError, match="--data"):
        TrainConfig(dataset=None, data_path=None).validate()


def test_parse_hidden_and_threads_live_in_the_engine():
    from nntutor.engine.config import parse_hidden, parse_threads

    assert parse_hidden(" 16, 8 ") == (16, 8) and parse_hidden("none") == ()
    assert parse_threads("auto") is None and parse_threads("3") == 3
    with pytest.raises(ConfigError) as caught:
        parse_hidden("a,b")
    assert caught.value.setting == "hidden" and str(caught.value).startswith("--hidden: ")
    with pytest.raises(ConfigError, match="--threads"):
        parse_threads("many")


def test_explanations_are_data_rendered_in_english_and_russian():
    from nntutor.engine.explain import TEXTS, diverged, stalled

    # English in the table, Russian in the gettext catalog (tests/test_i18n.py checks it is complete)
    assert TEXTS and all(isinstance(entry, (str, tuple)) and entry for entry in TEXTS.values())
    why = diverged(float("inf"), 2, 1.0, "adam", 0.01, 1.0, 1.0)
    assert (why.kind, why.setting, why.direction, why.suggestion) == (
        "diverged.lr",
        "lr",
        "lower",
        0.01,
    )
    assert "--lr 0.01" in why.render() and "float64" not in why.render()
    assert "--lr 0.01" in why.render("ru") and "скорость обучения 1" in why.render("ru")
    assert "÷10" in why.render(exact=False) and "0.01" not in why.render(exact=False)
    assert diverged(float("nan"), 1, 0.1, "sgd", 0.1, 500.0, 1.0).kind == "diverged.inputs"
    assert diverged(float("nan"), 1, 0.1, "sgd", 0.1, 1.0, 5000.0).setting == "lr"
    stall = stalled([5.0] * 6, 3, "ce", 10.0, "adam", 0.01, 5)
    assert stall.kind == "stalled.lr" and stall.numbers["epochs"] == 6
    assert stall.render("ru", exact=False).startswith("Потери не падают: после 6 эпох")
    assert stalled([1.0] * 6, 3, "ce", 10.0, "adam", 0.01, 5) is None  # about guessing: fine
    assert stalled([5.0] * 4, 3, "ce", 10.0, "adam", 0.01, 5) is None  # too early to say
