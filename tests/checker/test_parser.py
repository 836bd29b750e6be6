"""The restricted parser, in process: what learners type and how it is read."""

import time

import mpmath
import pytest
import sympy as sp

from nntutor.checker.budget import Deadlines, OutOfTime
from nntutor.checker.functions import one_line, sigmoid
from nntutor.checker.numeric import Evaluator, Overflow, Undefined, agree
from nntutor.checker.parser import ParseError, parse

x, y, z, w, b = sp.symbols("x y z w b", real=True)


def read(text, variables=None):
    return parse(text, variables).expr


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2x", 2 * x),
        ("x(1 - x)", x * (1 - x)),
        ("σ(z)(1 − σ(z))", sigmoid(z) * (1 - sigmoid(z))),
        ("sigmoid(z) sigma(z)", sigmoid(z) ** 2),
        ("x^2", x**2),
        ("x**2", x**2),
        ("x²", x**2),
        ("e⁻ᶻ", sp.exp(-z)),
        ("e^-z", sp.exp(-z)),
        ("-x^2", -(x**2)),
        ("2^-x y", y / 2**x),
        ("x^2^3", x**8),
        ("1/2x", x / 2),
        ("sin^2(x) + cos²(x)", sp.sin(x) ** 2 + sp.cos(x) ** 2),
        ("√x + 1", sp.sqrt(x) + 1),
        ("√(x + 1)", sp.sqrt(x + 1)),
        ("|x - 1| |y|", sp.Abs(x - 1) * sp.Abs(y)),
        ("||x| - 1|", sp.Abs(sp.Abs(x) - 1)),
        ("x·y×z÷w", x * y * z / w),
        ("ｘ＋１", x + 1),
        ("relu(z)", sp.Max(0, z)),
        ("max(0, z)", sp.Max(0, z)),
        ("ln(x) - log(x)", 0),
        ("log(x, 2)", sp.log(x) / sp.log(2)),
        ("lg(100)", 2),
        ("0.5", sp.Rational(1, 2)),
        ("0.33", sp.Rational(33, 100)),
        ("2e-3", sp.Rational(1, 500)),
        ("2e^x", 2 * sp.exp(x)),
        ("pi r^2", sp.pi * sp.Symbol("r", real=True) ** 2),
        ("πr²", sp.pi * sp.Symbol("r", real=True) ** 2),
        ("e", sp.E),
    ],
)
def test_reads(text, expected):
    assert read(text) - expected == 0, one_line(read(text))


def test_names_greek_and_indexed():
    assert read("η") == sp.Symbol("eta", real=True)
    assert read("λ") == read("lambda") == sp.Symbol("lamda", real=True)
    assert read("w1") == read("w_1") == read("w₁") == sp.Symbol("w_1", real=True)
    assert read("W_12") == sp.Symbol("W_12", real=True)
    assert read("x_i") == sp.Symbol("x_i", real=True)
    assert one_line(read("eta_1 + W_12")) == "W₁₂ + η₁"
    assert all(s.is_real for s in read("a + b_2 + θ").free_symbols)


def test_juxtaposed_names_split_only_with_declared_variables():
    parsed = parse("x·σ(wx+b)", ["w", "x", "b"])
    assert parsed.expr == x * sigmoid(w * x + b)
    assert parsed.notes == [("wx", "w·x")]
    assert parse("wx", None).expr == sp.Symbol("wx", real=True)
    assert parse("w1x1", ["w1", "x1"]).expr == sp.Symbol("w_1", real=True) * sp.Symbol(
        "x_1", real=True
    )
    assert parse("xexp(z)", ["x", "z"]).expr == x * sp.exp(z)
    assert parse("ηx", ["eta", "x"]).expr == sp.Symbol("eta", real=True) * x


@pytest.mark.parametrize(
    "text, variables, key, position, suggestion",
    [
        ("W", ["w"], "not_a_variable", 0, "“w”"),
        ("In(x)", ["x"], "unknown_function", 0, "“ln”"),
        ("In(x)", None, "unknown_function", 0, "“ln”"),
        ("sigmod(z)", ["z"], "unknown_function", 0, "“sigmoid”"),
        ("xexp(z)", None, "unknown_function", 0, "x*exp(…)"),
        ("sinx", ["x"], "not_a_variable", 0, "“sin(x)”"),
        ("x2", ["x"], "not_a_variable", 0, "“x^2”"),
        ("y", [], "no_variables", 0, None),
        ("x + ", None, "ends_early", 2, None),
        ("(x + 1", None, "unclosed", 0, None),
        ("x + 1)", None, "unmatched", 5, None),
        ("2 3", None, "two_numbers", 2, None),
        ("0,5", None, "decimal_comma", 1, None),
        ("dC/dw = x", None, "equals", 6, None),
        ("x!", None, "factorial", 1, None),
        ("(x]", None, "mismatched", 2, None),
        ("e^-2x", ["x"], "ambiguous_exponent", 1, None),
        ("f'(x)", None, "prime", 1, None),
        ("x\u200b", None, "invisible_char", 1, None),
        ("log(x, 0)", None, "bad_log_base", 0, None),
        ("((sqrt(2)^9999)^9999)^9999", None, "number_too_large", 15, None),
        ("\\input{x}", None, "latex_unknown", 0, None),
        ("\\frac{\\partial}{\\partial z}", None, "latex_not_expression", 6, None),
        ("sin x", None, "needs_parens", 0, None),
        ("sin^-1(x)", None, "inverse_notation", 0, None),
        ("exp(x, y)", None, "arity", 0, None),
        ("()", None, "empty_parens", 0, None),
        ("", None, "empty", None, None),
        ("1/0", None, "undefined_expr", 1, None),
        ("sqrt(-1)", None, "imaginary", None, None),
        ("x.y", None, "bad_char", 1, None),
        ("x ∞", None, "bad_char", 2, None),
        ("10^10^8", None, "exponent_too_large", 2, None),
        ("2^9999^2", None, "exponent_too_large", 1, None),
        ("(2^9999)^99", None, "number_too_large", 8, None),
    ],
)
def test_errors_say_what_and_where(text, variables, key, position, suggestion):
    with pytest.raises(ParseError) as info:
        parse(text, variables)
    error = info.value
    assert error.key == key
    assert error.position == position
    if suggestion is not None:
        assert suggestion in error.suggestion_text("en")
    assert error.message("en") and error.message("ru")


def test_positions_count_characters_as_typed():
    with pytest.raises(ParseError) as info:
        parse("σ(z)·Q", ["z"])
    assert info.value.position == 5
    assert info.value.message("en").startswith("At character 6:")


def test_limits_are_quick():
    for text in ["9" * 2000, "(" * 1000, "x" + "^x" * 700, "x+" * 100_000, "1e99999999"]:
        start = time.monotonic()
        with pytest.raises(ParseError):
            parse(text)
        assert time.monotonic() - start < 0.5


def test_numeric_near_zero_is_careful():
    at = Evaluator({x: mpmath.mpf("1.000001")})
    a, b = at.value((x - 1) ** 50), at.value((x - 1) ** 49)
    assert not agree(a, b, 0)
    zero = Evaluator({z: mpmath.mpf("37.5")})
    s = sigmoid(z) * (1 - sigmoid(z)) - sigmoid(z) * sigmoid(-z)
    assert agree(zero.value(s), zero.value(sp.Integer(0)), 0)


def test_numeric_over_the_reals():
    at = Evaluator({x: mpmath.mpf(-2)})
    for expr in (sp.log(x), sp.sqrt(x), x ** sp.Rational(1, 3), sp.asin(x)):
        with pytest.raises(Undefined):
            at.value(expr)
    assert at.value(sp.Abs(x))[0] == 2
    with pytest.raises(Overflow):
        at.value(sp.exp(sp.exp(sp.exp(-x * 10))))


def test_budgets_nest_and_interrupt():
    deadlines = Deadlines()
    start = time.monotonic()
    with pytest.raises(OutOfTime), deadlines.limit(0.05):
        while True:
            pass
    assert time.monotonic() - start < 0.5
    with deadlines.limit(5.0):
        try:
            with deadlines.limit(0.02):
                while True:
                    pass
        except OutOfTime:
            assert not deadlines.outer_expired()
    assert deadlines.left() == float("inf")
