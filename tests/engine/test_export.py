"""Exported scripts predict exactly what the engine predicts, run on their own."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import numpy as np
import pytest

from nntutor.engine import ConfigError, TrainConfig, Trainer

CASES = [
    # (settings, what the head computes)
    dict(dataset="spirals", hidden=(8, 8), activation="tanh", samples=200),  # ce
    dict(dataset="moons", hidden=(6,), activation="sigmoid", samples=200),  # bce
    dict(dataset="sine", hidden=(8,), activation="relu", samples=200),  # mse
    dict(dataset="circles", hidden=(5, 4), activation=("leaky_relu", "softplus"), samples=200),
    dict(dataset="circles", hidden=(), features=("x1^2", "x2^2"), samples=200),
    dict(
        dataset="xor",
        hidden=(4,),
        features=("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"),
        samples=200,
    ),
]


def _trained(settings: dict) -> Trainer:
    trainer = Trainer(TrainConfig(epochs=3, device="cpu", seed=3, **settings))
    trainer.fit()
    return trainer


def _module(path):
    spec = importlib.util.spec_from_file_location(f"exported_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("settings", CASES)
@pytest.mark.parametrize("inline", [True, False])
def test_numpy_export_predicts_what_the_engine_predicts(tmp_path, settings, inline):
    trainer = _trained(settings)
    script = tmp_path / "net.py"
    written = trainer.export_numpy(script, inline=inline)
    assert written[0] == script
    assert (script.with_suffix(".npz") in written) == (not inline)
    X = trainer.data.X
    X_val = np.random.default_rng(7).uniform(-1.5, 1.5, size=(50, X.shape[1]))
    X = np.concatenate([np.asarray(X, dtype=np.float64).reshape(len(X), -1), X_val])
    np.save(tmp_path / "X.npy", X)
    code = (
        "import sys, numpy as np; sys.path.insert(0, sys.argv[1]); from net import predict; "
        "np.save(sys.argv[2], predict(np.load(sys.argv[3])))"
    )
    # in a child process that imports nothing of nntutor
    subprocess.run(
        [
            sys.executable,
            "-c",
            code,
            str(tmp_path),
            str(tmp_path / "out.npy"),
            str(tmp_path / "X.npy"),
        ],
        check=True,
        cwd=tmp_path,
    )
    np.testing.assert_array_equal(np.load(tmp_path / "out.npy"), trainer.predict(X))


def test_numpy_export_prints_the_accuracy_of_a_data_file(tmp_path):
    trainer = _trained(CASES[0])
    trainer.export_numpy(tmp_path / "net.py")
    X, y = np.asarray(trainer.data.X), np.asarray(trainer.data.y)
    np.savez(tmp_path / "data.npz", X=X, y=y)
    done = subprocess.run(
        [sys.executable, "net.py", "data.npz"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    expected = np.mean(trainer.classify(X) == y)
    assert done.stdout.strip() == f"accuracy on {len(X)} samples: {expected:.2%}"
    missing = subprocess.run(
        [sys.executable, "net.py", "nothing.npz"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert missing.returncode == 2 and "cannot read X and y from nothing.npz" in missing.stderr


def test_regression_export_prints_the_mean_squared_error(tmp_path):
    trainer = _trained(CASES[2])
    trainer.export_numpy(tmp_path / "net.py")
    X, y = np.asarray(trainer.data.X), np.asarray(trainer.data.y)
    np.savez(tmp_path / "data.npz", X=X, y=y)
    done = subprocess.run(
        [sys.executable, "net.py", "data.npz"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    mse = float(np.mean((trainer.predict(X) - y.reshape(-1, 1)) ** 2))
    assert done.stdout.strip() == f"mean squared error on {len(X)} samples: {mse:.6g}"


def test_export_refuses_a_name_that_is_not_a_script(tmp_path):
    trainer = _trained(CASES[0])
    with pytest.raises(ConfigError, match=r"\.py"):
        trainer.export_numpy(tmp_path / "net.txt")
    with pytest.raises(ConfigError, match=r"cannot write"):
        trainer.export_numpy(tmp_path / "no" / "such" / "net.py")


@pytest.mark.parametrize("settings", CASES)
def test_torch_export_predicts_what_the_engine_predicts(tmp_path, settings):
    torch = pytest.importorskip("torch")
    trainer = _trained(settings)
    trainer.export_torch(tmp_path / "net_torch.py")
    module = _module(tmp_path / "net_torch.py")
    assert isinstance(module.model, torch.nn.Sequential)
    X = np.asarray(trainer.data.X, dtype=np.float64).reshape(len(trainer.data.X), -1)
    np.testing.assert_allclose(module.predict(X), trainer.predict(X), rtol=1e-5, atol=1e-6)


def test_train_writes_both_scripts_from_the_command_line(tmp_path, capsys):
    from nntutor.cli import main

    numpy_script, torch_script = tmp_path / "net.py", tmp_path / "net_torch.py"
    code = main(
        [
            "train",
            "--json",
            "--device",
            "cpu",
            "--dataset",
            "circles",
            "--samples",
            "200",
            "--hidden",
            "none",
            "--features",
            "x1^2,x2^2",
            "--epochs",
            "5",
            "--export-numpy",
            str(numpy_script),
            "--export-torch",
            str(torch_script),
        ]
    )
    assert code == 0
    assert numpy_script.is_file() and torch_script.is_file()
    assert "nn.Sequential" in torch_script.read_text(encoding="utf-8")
    assert main(["train", "--device", "cpu", "--epochs", "1", "--export-numpy", "net.txt"]) == 2
    assert ".py" in capsys.readouterr().err


def test_the_lab_save_dialog_exports_by_the_name_given(tmp_path):
    from nntutor.lab import LabConfig, LabSession
    from nntutor.lab.export import export_session

    session = LabSession(LabConfig(dataset="moons", samples=100, hidden=(4,), device="cpu"))
    written = export_session(session, tmp_path / "sub" / "moons.py")
    assert written == [tmp_path / "sub" / "moons.py"]
    assert "def predict(X)" in written[0].read_text(encoding="utf-8")
    (torch_file,) = export_session(session, tmp_path / "moons_torch.py")
    assert "import torch" in torch_file.read_text(encoding="utf-8")
