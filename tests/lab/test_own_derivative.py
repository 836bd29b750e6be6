"""Training with the learner's own derivative, compiled from the checker's tree into NumPy."""

from __future__ import annotations

import subprocess
import sys

import pytest

from nntutor.engine import ConfigError
from nntutor.lab import LabConfig
from nntutor.lab.own_derivative import (
    TARGETS,
    OwnDerivativeRun,
    compile_tree,
    own_derivative,
    target_for,
)

CONFIG = LabConfig.from_options(
    {
        "dataset": "moons",
        "samples": 300,
        "hidden": [8],
        "device": "cpu",
        "optimizer": "sgd",
        "lr": 0.5,
    }
)


def run(lesson, exercise, text, epochs=20):
    comparison = OwnDerivativeRun(CONFIG, own_derivative(target_for(lesson, exercise), text))
    for _ in range(epochs):
        result = comparison.epoch()
    return result


def test_every_target_names_a_derivative_exercise_of_the_course():
    from pathlib import Path

    from nntutor.course.loader import load_course

    course = load_course(Path(__file__).resolve().parents[2] / "lessons")
    for target in TARGETS:
        ex = course.lesson(target.lesson).exercise(target.exercise)
        assert ex is not None and ex.kind in ("expression", "derivation")
        assert tuple(ex.vars) == target.variables
        # the exercise's own expected answer trains exactly like the engine
        result = run(target.lesson, target.exercise, ex.expected, epochs=3)
        assert result.parted_at is None
        assert all(c == pytest.approx(1, abs=1e-5) for c in result.cosines[-1]), target


def test_a_sign_error_makes_the_loss_climb_and_the_gradients_point_away():
    result = run("the-neuron", "tanh-derivative", "tanh(z)^2 - 1")
    assert result.own_losses[-1] > result.own_losses[0] and result.parted_at <= 3
    assert result.cosines[-1][0] == pytest.approx(-1, abs=1e-5)  # the layer below the tanh
    assert result.cosines[-1][1] == pytest.approx(1, abs=1e-5)  # the output layer is untouched
    climbs = run("loss-functions", "bce-through-sigmoid", "y - sigma(z)")
    assert climbs.own_losses[-1] > 10 * climbs.engine_losses[-1]


def test_a_missing_factor_keeps_the_direction_but_slows_the_descent():
    result = run("the-neuron", "tanh-derivative", "(1 - tanh(z)^2)/4", epochs=30)
    assert all(c == pytest.approx(1, abs=1e-5) for c in result.cosines[-1])
    assert result.own_losses[-1] > result.engine_losses[-1]
    assert result.parted_at is not None and result.parted_at > 5


def test_answers_that_cannot_be_trained_with_are_refused_with_the_reason():
    tanh = target_for("the-neuron", "tanh-derivative")
    with pytest.raises(ConfigError, match="asin cannot be trained with"):
        own_derivative(tanh, "asin(z)")
    with pytest.raises(ConfigError, match="never closed"):
        own_derivative(tanh, "1 - tanh(z")
    with pytest.raises(ConfigError):
        own_derivative(tanh, '__import__("os").system("echo hi")')
    with pytest.raises(ConfigError, match="may use z"):
        compile_tree(["sym", "os"], ("z",))
    with pytest.raises(ConfigError, match="'attr' node"):
        compile_tree(["attr", ["sym", "z"], "__class__"], ("z",))


def test_the_lab_process_never_imports_sympy_or_the_checker_parser():
    code = (
        "import sys\n"
        "from nntutor.lab.own_derivative import own_derivative, target_for\n"
        "own = own_derivative(target_for('the-neuron', 'softplus-derivative'), 'sigma(z)')\n"
        "print(own.code, [m for m in sys.modules if m == 'sympy' or m.startswith('nntutor.checker')])\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "sigmoid(z) []"
