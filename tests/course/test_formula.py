"""The one plain-float formula evaluator: what it reads, what it refuses, how numbers are written."""

from __future__ import annotations

import math

import pytest

from nntutor.course.formula import FormulaError, evaluate, fmt


def test_evaluate_reads_the_checkers_one_line_form():
    at = {"x": 2.0, "w": 0.5, "b": -1.0, "y": 1.0}
    text = "x·(1 - σ(b + w·x))·(-2·y + 2·σ(b + w·x))·σ(b + w·x)"
    assert evaluate(text, at) == pytest.approx(-0.5)
    assert evaluate(
        "x·(-2·y + 2·σ(b + w·x))·exp(-b - w·x)/(exp(-b - w·x) + 1)^2", at
    ) == pytest.approx(-0.5)
    assert evaluate(
        "|x| + max(0, w) + min(x, w, b) + 1/1000 + log(2) + sqrt(4)", at
    ) == pytest.approx(2 + 0.5 - 1 + 0.001 + math.log(2) + 2)
    assert evaluate("e^2 + π - pi", {}) == pytest.approx(math.e**2)
    assert evaluate("-x^2", {"x": 3}) == -9  # − binds looser than ^
    assert evaluate("2^3^2", {}) == 512  # ^ is right-associative
    assert evaluate("2**3*x", {"x": 1}) == 8
    assert evaluate("tanh(0) + heaviside(x) + softplus(0) + relu(-x)", {"x": 1}) == pytest.approx(
        1 + math.log(2)
    )
    assert evaluate("1.5e-3 + .5", {}) == pytest.approx(0.5015)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("x/0", "domain"),
        ("log(-1)", "domain"),
        ("sqrt(-x)", "domain"),
        ("(-8)^(1/3)", "domain"),
        ("10^10^8", "overflow"),
        ("exp(exp(exp(exp(100))))", "overflow"),
        ("foo(x)", "name"),
        ("q + 1", "name"),
        ("(x", "syntax"),
        ("x +", "syntax"),
        ("", "syntax"),
        ("x y", "syntax"),
        ('__import__("os")', "syntax"),
        ("x.__class__", "syntax"),
        ("x[0]", "syntax"),
        ("lambda: 1", "syntax"),
        ("max()", "syntax"),
        ("(" * 100 + "x" + ")" * 100, "long"),
        ("x+" * 1200 + "x", "long"),
    ],
)
def test_evaluate_refuses_what_it_cannot_compute(text, code):
    with pytest.raises(FormulaError) as info:
        evaluate(text, {"x": 1.0})
    assert info.value.code == code


def test_fmt_writes_numbers_as_the_lessons_do():
    assert fmt(-0.25) == "−0.25"
    assert fmt(0.0) == "0" and fmt(-0.0) == "0"
    assert fmt(1 / 3) == "0.3333"
    assert fmt(-1.5e6) == "−1.5e6"
    assert fmt(float("inf")) == "∞" and fmt(float("-inf")) == "−∞" and fmt(float("nan")) == "NaN"
    assert fmt(-0.5, 6) == "−0.5"
