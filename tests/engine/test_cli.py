"""``nntutor train`` from the command line."""

import json
import subprocess
import sys

import numpy as np
import pytest

from nntutor.cli import main


def run_json(capsys, *args):
    code = main(["train", "--json", "--device", "cpu", *args])
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    return code, lines


def test_json_lines_then_summary(capsys):
    code, lines = run_json(capsys, "--dataset", "xor", "--samples", "100", "--epochs", "3")
    assert code == 0
    epochs, summary = lines[:-1], lines[-1]
    assert [row["epoch"] for row in epochs] == [1, 2, 3]
    assert set(epochs[0]) == {"epoch", "train_loss", "val_loss", "train_acc", "val_acc"}
    assert summary["done"] is True and summary["epochs"] == 3 and summary["device"] == "cpu"
    assert (
        summary["steps"] == 9 and summary["dtype"] == "float32" and summary["steps_per_second"] > 0
    )
    assert {"seconds", "steps_per_second"} <= set(summary)


def test_spirals_reach_95_percent(capsys):
    code, lines = run_json(capsys, "--dataset", "spirals", "--hidden", "32,32", "--epochs", "300")
    assert code == 0 and lines[-2]["val_acc"] >= 0.95


def test_human_output_draws_the_curves(capsys):
    assert (
        main(
            [
                "train",
                "--dataset",
                "circles",
                "--samples",
                "200",
                "--epochs",
                "5",
                "--device",
                "cpu",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "loss per epoch" in out and "validation loss" in out and "Done: 5 epochs" in out


def test_invalid_flags_exit_2_with_a_message(capsys):
    code, lines = run_json(capsys, "--hidden", "16,0")
    assert code == 2 and "--hidden" in lines[0]["error"]
    assert "--hidden" in capsys.readouterr().err or True
    assert main(["train", "--lr", "-1", "--device", "cpu"]) == 2
    assert "--lr" in capsys.readouterr().err
    assert main(["train", "--hidden", "a,b"]) == 2
    assert main(["train", "--threads", "many"]) == 2
    with pytest.raises(SystemExit):
        main(["train", "--optimizer", "rmsprop"])


def test_divergence_exits_3_without_a_traceback(capsys):
    code, lines = run_json(
        capsys,
        "--dataset",
        "moons",
        "--optimizer",
        "sgd",
        "--lr",
        "1e6",
        "--activation",
        "relu",
        "--loss",
        "mse",
        "--epochs",
        "30",
    )
    err = capsys.readouterr().err
    assert code == 3 and "learning rate" in lines[-1]["error"] and "Traceback" not in err


def test_data_file_weights_and_full_batch(tmp_path, capsys):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 3))
    np.savez(tmp_path / "d.npz", X=X, y=X[:, 0] - X[:, 1], X_val=X[:5], y_val=X[:5, 0] - X[:5, 1])
    weights = tmp_path / "w.npz"
    args = [
        "--data",
        str(tmp_path / "d.npz"),
        "--hidden",
        "4",
        "--no-shuffle",
        "--batch-size",
        "100",
        "--optimizer",
        "sgd",
        "--epochs",
        "2",
        "--dtype",
        "float64",
    ]
    code, lines = run_json(capsys, *args, "--save-weights", str(weights))
    assert code == 0 and lines[-1]["steps"] == 2 and "train_acc" not in lines[0]
    first = [row["train_loss"] for row in lines[:-1]]
    code, lines = run_json(capsys, *args)
    assert [row["train_loss"] for row in lines[:-1]] == first  # deterministic
    code, lines = run_json(capsys, *args, "--init-weights", str(weights))
    assert code == 0 and lines[0]["train_loss"] < first[0]
    code, lines = run_json(capsys, *args[:3], "5", *args[4:], "--init-weights", str(weights))
    assert code == 2 and "do not fit" in lines[0]["error"]


def test_shared_flags_for_other_commands():
    import argparse

    from nntutor.commands.train import add_training_arguments, config_from_args

    parser = argparse.ArgumentParser()
    add_training_arguments(parser)
    config = config_from_args(
        parser.parse_args(["--hidden", "8,4", "--lr", "0.3", "--no-shuffle", "--threads", "2"])
    )
    assert (
        config.hidden == (8, 4) and config.lr == 0.3 and not config.shuffle and config.threads == 2
    )
    assert config.dataset == "spirals" and config.epochs == 100
    config = config_from_args(parser.parse_args(["--data", "x.csv", "--hidden", "none"]))
    assert config.data_path == "x.csv" and config.dataset is None and config.hidden == ()


def run_python(code: str) -> str:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout


def test_engine_never_imports_textual_or_sympy():
    out = run_python(
        "import sys\n"
        "from nntutor.engine import Trainer, TrainConfig, gradient_check\n"
        "Trainer(TrainConfig(epochs=1, device='cpu')).fit()\n"
        "print(sorted(m for m in ('textual', 'sympy') if m in sys.modules))"
    )
    assert out.strip() == "[]"


def test_config_and_cli_flags_load_without_numpy():
    out = run_python(
        "import sys\n"
        "from nntutor.engine import TrainConfig\n"
        "import nntutor.commands.train\n"
        "TrainConfig(hidden=(3,)).validate()\n"
        "print('numpy' in sys.modules)"
    )
    assert out.strip() == "False"


def test_divergence_is_explained_in_the_learners_language(capsys):
    flags = ["--dataset", "moons", "--optimizer", "sgd", "--lr", "1e6", "--activation", "relu"]
    code = main(
        ["train", "--lang", "ru", *flags, "--loss", "mse", "--epochs", "5", "--device", "cpu"]
    )
    err = capsys.readouterr().err
    assert code == 3 and "Обучение разошлось" in err and "--lr" in err and "float64" not in err
