"""The one plain-float formula evaluator: what it reads, what it refuses, how numbers are written."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nntutor.course import formula
from nntutor.course.formula import (
    FUNCTIONS,
    FormulaError,
    evaluate,
    fmt,
    format_number,
    formula_names,
)

CODES = {"syntax", "name", "domain", "overflow", "long"}


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


# --- never anything but a finite float or a FormulaError ----------------------------------------

FUNCTION_NAMES = sorted(FUNCTIONS)
NUMBERS = st.one_of(
    st.integers(min_value=0, max_value=10**6).map(str),
    st.floats(min_value=0, allow_nan=False, allow_infinity=False).map(repr),
    st.sampled_from(["0", "0.0", ".5", "1e308", "1e-320", "9" * 399, "1_000", "2.5e+3", "1e400"]),
)
ATOMS = st.one_of(NUMBERS, st.sampled_from(["x", "y", "e", "pi", "π", "q", "n_in"]))
OPERATORS = ["+", "-", "*", "/", "^", "**", "·", "×", "−"]


def _tree(children):
    return st.one_of(
        st.tuples(children, st.sampled_from(OPERATORS), children).map(lambda t: " ".join(t)),
        children.map(lambda c: f"({c})"),
        children.map(lambda c: f"|{c}|"),
        st.sampled_from(["-", "+", "−"]).flatmap(lambda op: children.map(lambda c: op + c)),
        st.tuples(st.sampled_from(FUNCTION_NAMES), st.lists(children, min_size=0, max_size=3)).map(
            lambda t: f"{t[0]}({', '.join(t[1])})"
        ),
    )


FORMULAS = st.recursive(ATOMS, _tree, max_leaves=40)
VALUES = st.fixed_dictionaries(
    {
        "x": st.floats(allow_nan=False, allow_infinity=False),
        "y": st.floats(allow_nan=True, allow_infinity=True),
        "n_in": st.integers(min_value=-(10**400), max_value=10**400),
    }
)


def _only_a_finite_float_or_a_formula_error(text, values) -> None:
    try:
        value = evaluate(text, values)
    except FormulaError as exc:
        assert exc.code in CODES
        assert str(exc) and exc.describe("ru")
        return
    assert type(value) is float and math.isfinite(value)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(FORMULAS, VALUES)
def test_random_formulas_give_a_finite_float_or_a_formula_error(text, values):
    _only_a_finite_float_or_a_formula_error(text, values)


ALPHABET = st.sampled_from(list("0123456789.eE+-−*·×/^()|,_ xyσπ′ ²é'\"[]{}=<>!@#$%&;:\\\n\t\x00"))


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(ALPHABET, max_size=80), st.text(max_size=80)), VALUES)
def test_random_strings_give_a_finite_float_or_a_formula_error(text, values):
    _only_a_finite_float_or_a_formula_error(text, values)


@settings(max_examples=100, deadline=None)
@given(st.one_of(st.none(), st.booleans(), st.binary(max_size=8), st.lists(st.integers())))
def test_what_is_not_a_formula_is_a_formula_error(thing):
    _only_a_finite_float_or_a_formula_error(thing, {})


def test_numbers_too_large_or_not_finite_are_formula_errors():
    for thing in (10**400, float("inf"), float("nan")):
        with pytest.raises(FormulaError):
            evaluate(thing)


def test_nothing_is_executed():
    """The evaluator is a parser over numbers, names and operators; Python never sees the text."""
    source = Path(formula.__file__).read_text(encoding="utf-8")
    for forbidden in ("eval(", "exec(", "compile(", "__import__", "import ast"):
        assert forbidden not in source.replace("evaluate(", "")


def test_format_number_writes_whole_numbers_in_full_unless_told():
    assert format_number(60000) == "60000" and format_number(-1.5e6) == "−1500000"
    assert format_number(-1.5e6, whole=False) == fmt(-1.5e6) == "−1.5e6"
    assert format_number(0.25) == "0.25" and format_number(1 / 3) == "0.3333"
    assert format_number(1.5e-5) == "1.5e−5" and format_number(float("inf")) == "∞"


def test_formula_names_are_the_free_variables():
    assert formula_names("epochs * ceil(n / batch) + e + pi") == {"epochs", "n", "batch"}
    assert formula_names("n_in*h1 + relu(x)") == {"n_in", "h1", "x"}
    assert formula_names("a $ b") == set()


def test_the_numeric_functions_a_lesson_uses():
    assert (
        evaluate("ceil(1000 / 300) + floor(2.7) + round(2.5) + round(1.2345, 2)")
        == 4 + 2 + 2 + 1.23
    )
    assert evaluate("1_000 * 2") == 2000
    assert evaluate("Sigmoid(0) + σ(0)") == 1
    with pytest.raises(FormulaError) as info:
        evaluate("sigmoid(1, 2)")
    assert info.value.code == "syntax" and "argument" in str(info.value)
    with pytest.raises(FormulaError) as info:
        evaluate("softmax(1)")
    assert info.value.code == "name" and info.value.detail == "softmax"
