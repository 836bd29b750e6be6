"""Textbook notations: primes, LaTeX, sech, brackets, defined names; and the reading rules."""

import subprocess
import sys

import pytest
import sympy as sp

from nntutor.checker.functions import sigmoid
from nntutor.checker.parser import ParseError, parse

w, x, b, z, y, a = (sp.Symbol(n, real=True) for n in "wxbzya")
WXB = ["w", "x", "b"]


@pytest.mark.parametrize(
    "text, variables, expected",
    [
        ("wx^2", ["w", "x"], w * x**2),  # a power binds to the last factor of a run
        ("2wx^2", ["w", "x"], 2 * w * x**2),
        ("bx^2", ["b", "x"], b * x**2),
        ("xe^z", ["x", "z"], x * sp.exp(z)),
        ("-xe^(-wx)", ["w", "x"], -x * sp.exp(-w * x)),
        ("e^-wx", ["w", "x"], sp.exp(-w * x)),
        ("xσ(z)^2", ["x", "z"], x * sigmoid(z) ** 2),
    ],
)
def test_a_power_after_a_run_of_letters(text, variables, expected):
    assert parse(text, variables).expr == expected


def test_a_number_then_letters_in_a_signed_exponent_is_refused_with_both_readings():
    for text in ("e^-2x", "e^2x", "x^-2y"):
        with pytest.raises(ParseError) as info:
            parse(text, ["x", "y"])
        assert info.value.key == "ambiguous_exponent"
        letter = text[-1]
        assert f"2{letter})" in info.value.message() and f"2)·{letter}" in info.value.message()
    assert parse("x^2y", ["x", "y"]).expr == x**2 * y  # unsigned, base not e: x²·y


@pytest.mark.parametrize(
    "text, expected",
    [
        ("σ'(z)", sigmoid(z) * (1 - sigmoid(z))),
        ("σ′(z)", sigmoid(z) * (1 - sigmoid(z))),
        ("sigmoid'(z)", sigmoid(z) * (1 - sigmoid(z))),
        ("tanh'(z)", 1 - sp.tanh(z) ** 2),
        ("relu'(z)", sp.Heaviside(z)),
        ("softplus'(z)", sigmoid(z)),
        ("exp'(z)", sp.exp(z)),
        ("log'(z)", 1 / z),
        ("ln′(z)", 1 / z),
    ],
)
def test_primes_of_known_functions(text, expected):
    parsed = parse(text, ["z"])
    assert parsed.expr == expected
    assert parsed.primes and "′(z)" in parsed.primes[0][0]


def test_prime_in_a_chain_rule_answer():
    parsed = parse("2(a−y)σ′(z)", ["a", "y", "z"])
    assert parsed.expr == 2 * (a - y) * sigmoid(z) * (1 - sigmoid(z))
    assert parse("x·σ'(wx+b)", WXB).expr == x * sigmoid(w * x + b) * (1 - sigmoid(w * x + b))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("\\frac{1}{1+e^{-z}}", 1 / (1 + sp.exp(-z))),
        ("\\sigma(z)(1-\\sigma(z))", sigmoid(z) * (1 - sigmoid(z))),
        ("\\tanh^2(z)", sp.tanh(z) ** 2),
        ("\\left(1 - \\tanh(z)\\right)\\cdot 2", 2 * (1 - sp.tanh(z))),
        ("z \\times \\exp(z)", z * sp.exp(z)),
        ("\\sqrt{z^2}", sp.sqrt(z**2)),
        ("\\ln(z) + \\log(z)", 2 * sp.log(z)),
        ("\\operatorname{relu}(z)", sp.Max(0, z)),
        ("e^{-(z+1)}", sp.exp(-z - 1)),
    ],
)
def test_latex(text, expected):
    assert parse(text, ["z"]).expr == expected


def test_latex_names_subscripts_and_greek():
    assert parse("a_{1}", None).expr == sp.Symbol("a_1", real=True)
    assert parse("\\eta \\cdot \\lambda", None).expr == sp.Symbol("eta", real=True) * sp.Symbol(
        "lamda", real=True
    )
    assert parse("\\eta_{1}", None).expr == sp.Symbol("eta_1", real=True)


@pytest.mark.parametrize(
    "text, key, position",
    [
        ("\\frac{\\partial}{\\partial z}", "latex_not_expression", 6),
        ("\\input{x}", "latex_unknown", 0),
        ("\\def\\x{1}", "latex_unknown", 0),
        ("z + \\", "latex_backslash", 4),
        ("\\frac 1 2", "latex_frac", 0),
        ("\\sqrt[3]{z}", "latex_root", 0),
        ("(z]", "mismatched", 2),
    ],
)
def test_latex_errors_say_what_and_where(text, key, position):
    with pytest.raises(ParseError) as info:
        parse(text, ["z"])
    assert info.value.key == key and info.value.position == position


def test_brackets_and_braces_are_parentheses():
    assert parse("-[y·ln(a) + (1-y)·ln(1-a)]", ["y", "a"]).expr == -(
        y * sp.log(a) + (1 - y) * sp.log(1 - a)
    )
    assert parse("{z+1}^2", ["z"]).expr == (z + 1) ** 2


def test_hyperbolic_vocabulary():
    assert parse("sech(z)^2", ["z"]).expr == sp.sech(z) ** 2
    assert parse("csch(z) + coth(z) + cosh(z) + sinh(z)", ["z"]).expr.has(sp.csch, sp.coth)


def test_messages_echo_symbols_as_typed_and_list_the_variables_once():
    with pytest.raises(ParseError) as info:
        parse("η", ["x"])
    message = info.value.message()
    assert "“η”" in message and "eta" not in message
    assert info.value.suggestion_text() is None or "x" not in info.value.suggestion_text()


def test_invisible_and_control_characters_are_named_never_echoed():
    for text, shown in (("x\u200b", "U+200B ZERO WIDTH SPACE"), ("x\x07", "U+0007")):
        with pytest.raises(ParseError) as info:
            parse(text, None)
        assert shown in info.value.message() and text[-1] not in info.value.message()


def test_too_large_numbers_and_bad_log_bases():
    for text in ("((sqrt(2)^9999)^9999)^9999", "7^6000", "9" * 30 + "^999"):
        with pytest.raises(ParseError) as info:
            parse(text, None)
        assert info.value.key in ("number_too_large", "exponent_too_large")
    with pytest.raises(ParseError) as info:
        parse("log(x, 0)", None)
    assert info.value.key == "bad_log_base"


def test_defined_names(checker):
    defines = {"a": "sigma(w*x + b)"}
    right = checker.check("(a − y)·x", "(sigma(w*x+b) - y)*x", defines=defines)
    assert right.valid and right.equivalent
    assert any("σ(b + w·x)" in note for note in right.notes)
    wrong = checker.check("(a − y)", "(sigma(w*x+b) - y)*x", defines=defines)
    assert wrong.valid and not wrong.equivalent
    h = checker.check("w2·h(1 − h)", "w2*sigma(z1)*(1 - sigma(z1))", defines={"h": "sigma(z1)"})
    assert h.equivalent
    preview = checker.preview("2(a − y)a(1 − a)", defines={"a": "sigma(z)"})
    assert preview.valid and "σ(z)" in preview.interpreted_as


def test_prime_preview_says_what_it_became(checker):
    preview = checker.preview("σ′(z)")
    assert preview.valid and any(n.startswith("σ′(z) = ") for n in preview.notes)


def test_missing_inner_derivative_is_named_with_a_prime(checker):
    result = checker.check("σ′(wx+b)", "x*sigma(w*x+b)*(1-sigma(w*x+b))", vars=WXB)
    assert result.valid and not result.equivalent and result.diagnosis == "inner_derivative"


def test_tanh_prime_forms_are_equal(checker):
    for answer in ("sech(z)^2", "1/cosh(z)^2", "tanh'(z)", "\\frac{1}{\\cosh^2(z)}"):
        assert checker.check(answer, "1 - tanh(z)^2").equivalent, answer


@pytest.mark.parametrize(
    "answer, expected",
    [
        ("relu(z)", "min(max(0, z), 6)"),
        ("heaviside(z)", "heaviside(z) - heaviside(z - 6)"),
        ("g", "min(max(g, -5), 5)"),
    ],
)
def test_kinks_outside_the_first_range_are_found(checker, answer, expected):
    result = checker.check(answer, expected)
    assert result.valid and not result.equivalent


def test_no_self_contradicting_diagnoses(checker):
    zero_where_not = checker.check("max(0, z)", "z")  # the answer is 0 where z < 0
    assert "times" not in zero_where_not.feedback and "factor" not in zero_where_not.feedback
    whole = checker.check("max(0, z)", "heaviside(z)")
    assert "max(0, z)" not in whole.feedback or "extra factor" not in whole.feedback


def test_values_are_shown_with_enough_digits_to_differ(checker):
    result = checker.check("2531", "2531 + 1/10000")
    assert "2531, the expected one is 2531." not in result.feedback


def test_first_line_that_repeats_start(checker):
    steps = checker.check_steps(
        ["x^2 sigma(x)"], "2x sigma(x) + x^2 sigma(x)(1 - sigma(x))", start="x^2 sigma(x)"
    )
    assert steps.first_wrong == 0
    assert "first line should already take the derivative" in steps.steps[0].feedback


def _cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "nntutor", "check", *args], capture_output=True, text=True
    )


def test_cli_bad_domain_is_invalid_input_and_expected_may_start_with_a_minus():
    assert _cli("x", "--expected", "x", "--domain", "bad").returncode == 2
    done = _cli("--expected", "-x", "-x")
    assert done.returncode == 0, done.stderr
    assert _cli("(a-y)x", "--expected", "(sigma(z)-y)*x", "--define", "a=sigma(z)").returncode == 0


@pytest.mark.parametrize(
    "answer, expected, kind, words",
    [
        ("x·σ(wx+b)", "x*sigma(w*x+b)*(1-sigma(w*x+b))", "sigma_for_prime", "You kept σ("),
        ("x σ(wx+b)(1+σ(wx+b))", "x*sigma(w*x+b)*(1-sigma(w*x+b))", "prime_sign", "flipped"),
        ("x·tanh(wx+b)", "x*(1-tanh(w*x+b)^2)", "tanh_for_prime", "tanh′"),
        ("w·x·y", "w*x*y + w*x*b", "one_path", "one path"),
    ],
)
def test_generated_mistakes_are_named_in_words(checker, answer, expected, kind, words):
    result = checker.check(answer, expected, vars=["w", "x", "b", "y"])
    assert result.valid and not result.equivalent
    assert result.mistake_kind == kind and words in result.feedback


def test_authored_mistakes_take_precedence_over_generated_ones(checker):
    result = checker.check(
        "x·σ(wx+b)",
        "x*sigma(w*x+b)*(1-sigma(w*x+b))",
        vars=WXB,
        mistakes=[("x*sigma(w*x+b)", "authored words")],
    )
    assert result.diagnosis == "mistake" and result.feedback == "authored words"
    assert result.mistake_kind is None


def test_generation_is_bounded_and_cached():
    from nntutor.checker.mutants import MAX_MUTANTS, generate

    reference = parse(
        "x*sigma(w*x+b)*(1-sigma(w*x+b)) + "
        + " + ".join(f"x*y*sigma(w*x+{k})*(1-sigma(w*x+{k}))" for k in range(20)),
        ["w", "x", "b", "y"],
    ).expr
    first = generate(reference)
    assert len(first) <= MAX_MUTANTS and generate(reference) is first
