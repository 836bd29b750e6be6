"""The lab's child side: a network trained with the learner's parts, checked layer by layer."""

from __future__ import annotations

import time

import pytest

from nntutor.paths import builtin_lessons_dir
from nntutor.runner import Limits
from nntutor.runner.lab import LearnerTraining

COURSE = builtin_lessons_dir()
DENSE = COURSE / "05-backpropagation" / "code" / "dense-backward"
LOSS = COURSE / "04-loss-functions" / "code" / "softmax-ce" / "solution.py"
MOMENTUM = COURSE / "06-gradient-descent" / "code" / "momentum" / "solution.py"
NETWORK = COURSE / "05-backpropagation" / "code" / "network-backward" / "solution.py"
FORWARD = "\n\ndef dense_forward(A_in, W, b):\n    return A_in @ W.T + b\n"
SPIRALS = {"dataset": "spirals", "optimizer": "momentum", "lr": 0.1, "epochs": 60}


def run_to_end(training: LearnerTraining, timeout: float = 60.0) -> list[dict]:
    reports = []
    deadline = time.monotonic() + timeout
    with training as run:
        while run.outcome is None and time.monotonic() < deadline:
            reports += run.poll()
            time.sleep(0.02)
    return reports


def epochs(reports):
    return [r for r in reports if r.get("event") == "report"]


def test_the_reference_parts_learn_spirals_with_a_clean_gradient_check():
    parts = {"dense": DENSE / "solution.py", "loss": LOSS, "optimizer": MOMENTUM}
    training = LearnerTraining(parts, SPIRALS)
    reports = run_to_end(training)
    assert training.outcome == {"status": "finished", "error": None, "limit": None}
    assert reports[0] == {
        "event": "start",
        "parts_used": ["dense", "loss", "optimizer"],
        "parts_unused": {},
    }
    rows = epochs(reports)
    assert [r["epoch"] for r in rows] == list(range(1, 61))
    assert rows[-1]["val_acc"] >= 0.9
    assert rows[-1]["train_loss"] < rows[0]["train_loss"]
    assert all(max(r["grad_check"]) < 1e-9 for r in rows)
    assert len(rows[0]["grad_check"]) == 3  # two hidden layers and the output layer


def test_a_backward_without_the_batch_mean_shows_in_the_gradient_check(tmp_path):
    mine = tmp_path / "dense_backward.py"
    mine.write_text((DENSE / "mistakes" / "no-batch-mean.py").read_text() + FORWARD)
    config = {**SPIRALS, "epochs": 2}
    reports = epochs(run_to_end(LearnerTraining({"dense": mine}, config)))
    assert reports[0]["grad_check"][-1] > 0.9  # 32 times too large: 1 − 1/32


def test_the_network_part_replaces_the_whole_backward_pass():
    config = {**SPIRALS, "hidden": [32], "epochs": 3}
    training = LearnerTraining({"network": NETWORK}, config)
    reports = run_to_end(training)
    assert reports[0]["parts_used"] == ["network"]
    assert max(epochs(reports)[-1]["grad_check"]) < 1e-9


def test_a_part_the_network_cannot_use_is_named_with_the_reason():
    activation = COURSE / "02-the-neuron" / "code" / "sigmoid" / "solution.py"
    training = LearnerTraining({"activation": activation}, {**SPIRALS, "epochs": 1}, lang="ru")
    reports = run_to_end(training)
    assert reports[0]["parts_unused"] == {"activation": "в вашем файле sigmoid; в этой сети tanh"}


def test_an_exception_ends_the_run_at_the_learner_line(tmp_path):
    mine = tmp_path / "mine.py"
    mine.write_text(
        "def dense_forward(A_in, W, b):\n    return A_in @ W.T + b\n\n\ndef dense_backward(dZ, A_in, W):\n    return dz\n"
    )
    training = LearnerTraining({"dense": mine}, SPIRALS)
    run_to_end(training)
    assert training.outcome["status"] == "error"
    assert training.outcome["error"] == "mine.py, line 6: NameError: name 'dz' is not defined"


def test_a_wrong_shape_is_named(tmp_path):
    mine = tmp_path / "mine.py"
    mine.write_text(
        "def dense_forward(A_in, W, b):\n    return W @ A_in.T\n\n\ndef dense_backward(dZ, A_in, W):\n    return 0\n"
    )
    training = LearnerTraining({"dense": mine}, SPIRALS)
    run_to_end(training)
    assert training.outcome["error"] == (
        "dense_forward in mine.py returned Z of shape (16, 32), expected (32, 16)"
    )


def test_a_diverging_loss_stops_with_a_message(tmp_path):
    no_shift = LOSS.parent / "mistakes" / "no-shift.py"  # np.exp(Z) overflows once Z is large
    config = {**SPIRALS, "optimizer": "sgd", "lr": 1e4}
    training = LearnerTraining({"loss": no_shift}, config)
    run_to_end(training)
    assert training.outcome["status"] == "error"
    assert "the training diverged" in training.outcome["error"]


def test_a_hang_is_stopped_at_the_time_limit(tmp_path):
    mine = tmp_path / "mine.py"
    mine.write_text(
        "def dense_forward(A_in, W, b):\n    while True:\n        pass\n\n\ndef dense_backward(dZ, A_in, W):\n    return 0\n"
    )
    training = LearnerTraining({"dense": mine}, SPIRALS, Limits(wall_s=1.5))
    started = time.monotonic()
    run_to_end(training)
    assert time.monotonic() - started < 10
    assert training.outcome["status"] == "limit" and training.outcome["limit"] == "time"


def test_a_flood_of_output_is_stopped(tmp_path):
    mine = tmp_path / "mine.py"
    mine.write_text(
        (DENSE / "solution.py")
        .read_text()
        .replace("    n = A_in", "    print('x' * 1000)\n    n = A_in")
    )
    training = LearnerTraining({"dense": mine}, SPIRALS, Limits(output_bytes=20_000))
    run_to_end(training)
    assert training.outcome["limit"] == "output"
    assert len(training.output) <= 20_001


def test_stop_ends_the_child_and_leaves_nothing_running():
    config = {**SPIRALS, "epochs": 100_000}
    training = LearnerTraining({"dense": DENSE / "solution.py"}, config)
    with training as run:
        deadline = time.monotonic() + 30
        while not epochs(run.poll()) and time.monotonic() < deadline:
            time.sleep(0.02)
        pid = run._proc.pid
    assert training.outcome["status"] == "stopped"
    with pytest.raises(ProcessLookupError):
        import os

        os.kill(pid, 0)


def test_a_missing_file_is_an_error_without_a_child(tmp_path):
    training = LearnerTraining({"dense": tmp_path / "gone.py"}, SPIRALS)
    with training as run:
        assert run.poll() == []
    assert training.outcome["status"] == "error" and "is gone" in training.outcome["error"]


def test_unknown_parts_are_refused():
    with pytest.raises(ValueError, match="unknown parts"):
        LearnerTraining({"brain": LOSS}, SPIRALS)
