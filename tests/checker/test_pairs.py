"""Labelled pairs typical of a neural-network course: equivalent or not, and why."""

import pytest

WXB = ["w", "x", "b"]
SIG = "sigma(w*x + b)"
DSIG = f"x*{SIG}*(1 - {SIG})"
P1 = "exp(z1)/(exp(z1) + exp(z2))"

# (answer, expected, vars, extra keyword arguments)
EQUIVALENT = {
    "sigmoid derivative, exp form": (
        "sigma(z)*(1 - sigma(z))",
        "exp(-z)/(1 + exp(-z))^2",
        ["z"],
        {},
    ),
    "sigmoid derivative, symmetric form": ("σ(z)(1−σ(z))", "sigma(z)*sigma(-z)", ["z"], {}),
    "sigmoid derivative, e^z form": ("e^z/(1 + e^z)^2", "sigma(z)*(1 - sigma(z))", ["z"], {}),
    "sigmoid chain rule, juxtaposed": (
        "x·σ(wx+b)(1−σ(wx+b))",
        "x*exp(-w*x - b)/(1 + exp(-w*x - b))^2",
        WXB,
        {},
    ),
    "sigmoid chain rule, exp typed": ("x e^(-w x - b)/(1+e^(-w x - b))^2", DSIG, WXB, {}),
    "sigmoid chain rule, superscripts": ("x e⁻⁽ʷˣ⁺ᵇ⁾/(1 + e⁻⁽ʷˣ⁺ᵇ⁾)²", DSIG, WXB, {}),
    "tanh derivative, cosh": ("1 - tanh(z)^2", "1/cosh(z)^2", ["z"], {}),
    "tanh derivative, exp": ("4/(e^z + e^-z)^2", "1 - tanh(z)^2", ["z"], {}),
    "tanh chain rule": ("x*(1 - tanh(w*x + b)^2)", "x/cosh(w*x + b)^2", WXB, {}),
    "tanh chain rule, exp and square": (
        "4x/(e^(wx+b) + e^(-wx-b))²",
        "x*(1 - tanh(w*x + b)^2)",
        WXB,
        {},
    ),
    "tanh as sigmoid": ("2*sigma(2*z) - 1", "tanh(z)", ["z"], {}),
    "mse through sigmoid, reordered": (
        f"2*({SIG} - y)*{SIG}*(1 - {SIG})*x",
        f"2*x*({SIG} - y)*{SIG}*(1 - {SIG})",
        WXB + ["y"],
        {},
    ),
    "mse through sigmoid, mixed forms": (
        "2x(σ(wx+b) − y)σ(wx+b)(1 − σ(wx+b))",
        f"2*({SIG} - y)*x*exp(-w*x - b)/(1 + exp(-w*x - b))^2",
        WXB + ["y"],
        {},
    ),
    "cross-entropy through sigmoid": (
        "sigma(z) - y",
        "-y*(1 - sigma(z)) + (1 - y)*sigma(z)",
        ["z", "y"],
        {},
    ),
    "cross-entropy gradient for w": (
        "(σ(wx+b) − y)x",
        f"x*(-y*(1 - {SIG}) + (1 - y)*{SIG})",
        WXB + ["y"],
        {},
    ),
    "cross-entropy, unsimplified": (
        "-y/sigma(z)*sigma(z)*(1 - sigma(z)) + (1 - y)/(1 - sigma(z))*sigma(z)*(1 - sigma(z))",
        "sigma(z) - y",
        ["z", "y"],
        {},
    ),
    "softplus derivative": ("sigma(z)", "exp(z)/(1 + exp(z))", ["z"], {}),
    "softplus identity": ("softplus(z) - softplus(-z)", "z", ["z"], {}),
    "log-sigmoid identity": ("log(sigma(z))", "-softplus(-z)", ["z"], {}),
    "log-sigmoid, ln spelled": ("ln(σ(z))", "-ln(1 + e^(-z))", ["z"], {}),
    "softmax derivative": (
        f"{P1}*(1 - {P1})",
        "exp(z1)*exp(z2)/(exp(z1) + exp(z2))^2",
        ["z1", "z2"],
        {},
    ),
    "softmax cross-entropy gradient": (
        f"{P1} - 1",
        "-exp(z2)/(exp(z1) + exp(z2))",
        ["z1", "z2"],
        {},
    ),
    "gradient descent step": (
        "w - eta*2*x*(w*x - y)",
        "w - 2*eta*x^2*w + 2*eta*x*y",
        ["w", "x", "y", "eta"],
        {},
    ),
    "Greek by symbol and by name": (
        "2*(w*x - y)*x + 2*lambda*w",
        "2x(wx − y) + 2λw",
        ["w", "x", "y", "lambda"],
        {},
    ),
    "momentum, Unicode Greek": (
        "mu*v - epsilon*2*(w - 3)",
        "μv − 2ε(w − 3)",
        ["v", "w", "mu", "epsilon"],
        {},
    ),
    "indexed weights": (
        "w2*x*sigma(w1*x + b1)*(1 - sigma(w1*x + b1))",
        "w₂ x σ(w₁x + b₁)(1 − σ(w₁x + b₁))",
        ["w1", "w2", "b1", "x"],
        {},
    ),
    "relu derivative on z > 0": ("heaviside(z)", "1", ["z"], {"domains": {"z": (0.1, 2.0)}}),
    "relu spelled as max": ("relu(w*x + b)*x", "max(0, w*x + b)*x", WXB, {}),
    "sqrt of a square is abs": ("sqrt(x^2)", "abs(x)", ["x"], {}),
    "abs bars": ("|x − 1|", "abs(1 - x)", ["x"], {}),
    "log of a square over the reals": ("log(x^2)", "2*log(abs(x))", ["x"], {}),
    "exp of log where x > 0": ("exp(log(x))", "x", ["x"], {"domains": {"x": (0.1, 3.0)}}),
    "exact decimal": ("0.5x", "x/2", ["x"], {}),
    "rounded decimal within tolerance": ("0.33*x", "x/3", ["x"], {"tolerance": 0.02}),
    "expanded square": ("(x - 1)^2", "x^2 - 2x + 1", ["x"], {}),
    "power of e and ln": ("e^(2 ln(x))", "x^2", ["x"], {"domains": {"x": (0.1, 3.0)}}),
    "odd power sign": ("(a - x)^3", "-(x - a)^3", ["a", "x"], {}),
    "large polynomial power": ("(x - a)^600", "(a - x)^600", ["a", "x"], {}),
}

# (answer, expected, vars, extra keyword arguments, diagnosis or None when not asserted)
NOT_EQUIVALENT = {
    "sqrt of a square is not x": ("sqrt(x^2)", "x", ["x"], {}, "value"),
    "(x-1)^50 is not (x-1)^49": ("(x - 1)^50", "(x - 1)^49", ["x"], {}, "extra_factor"),
    "(x-1)^50 near 1 is not (x-1)^49": (
        "(x - 1)^50",
        "(x - 1)^49",
        ["x"],
        {"domains": {"x": (0.9, 1.1)}},
        None,
    ),
    "x^20 near 0 is not x^21": ("x^20", "x^21", ["x"], {"domains": {"x": (-0.1, 0.1)}}, None),
    "rounded decimal": ("0.33*x", "x/3", ["x"], {}, "rounding"),
    "many digits are still rounded": ("0.333333333333333*x", "x/3", ["x"], {}, "rounding"),
    "rounded beyond tolerance": ("0.3*x", "x/3", ["x"], {"tolerance": 0.02}, None),
    "missing inner derivative x": (f"{SIG}*(1 - {SIG})", DSIG, WXB, {}, "inner_derivative"),
    "missing inner derivative 2": (
        "sigma(2z)(1 - sigma(2z))",
        "2*sigma(2*z)*(1 - sigma(2*z))",
        ["z"],
        {},
        "inner_derivative",
    ),
    "missing inner derivative of tanh": (
        "1 - tanh(w*x + b)^2",
        "x*(1 - tanh(w*x + b)^2)",
        WXB,
        {},
        "inner_derivative",
    ),
    "missing inner derivative for cross-entropy": (
        f"{SIG} - y",
        f"({SIG} - y)*x",
        WXB + ["y"],
        {},
        "inner_derivative",
    ),
    "sign inside sigma prime": (
        "sigma(z)*(1 + sigma(z))",
        "sigma(z)*(1 - sigma(z))",
        ["z"],
        {},
        None,
    ),
    "global sign error": (f"-{DSIG}", DSIG, WXB, {}, "sign"),
    "sign error in a difference": ("2*(y - a)", "2*(a - y)", ["a", "y"], {}, "sign"),
    "odd power sign flipped": ("(a - x)^3", "(x - a)^3", ["a", "x"], {}, "sign"),
    "missing factor 2": (
        f"({SIG} - y)*{SIG}*(1 - {SIG})*x",
        f"2*({SIG} - y)*{SIG}*(1 - {SIG})*x",
        WXB + ["y"],
        {},
        "constant_factor",
    ),
    "extra factor 2": (
        "2*sigma(z)*(1 - sigma(z))",
        "sigma(z)*(1 - sigma(z))",
        ["z"],
        {},
        "constant_factor",
    ),
    "missing factor 1/2": ("x^2", "x^2/2", ["x"], {}, "constant_factor"),
    "missing square of tanh": ("1 - tanh(z)", "1 - tanh(z)^2", ["z"], {}, None),
    "missing square in the loss": ("(a - y)", "(a - y)^2", ["a", "y"], {}, "missing_factor"),
    "forgotten -1 in softmax cross-entropy": (P1, f"{P1} - 1", ["z1", "z2"], {}, "constant_term"),
    "constant term in tanh via sigmoid": (
        "2*sigma(2*z) + 1",
        "tanh(z)",
        ["z"],
        {},
        "constant_term",
    ),
    "extra factor x": (f"x*{DSIG}", DSIG, WXB, {}, "extra_factor"),
    "extra factor sigma": (
        "sigma(z)^2*(1 - sigma(z))",
        "sigma(z)*(1 - sigma(z))",
        ["z"],
        {},
        "extra_factor",
    ),
    "missing factor (1 - sigma)": (f"x*{SIG}", DSIG, WXB, {}, "missing_factor"),
    "log rule over the reals": ("2*log(x)", "log(x^2)", ["x"], {}, "domain"),
    "log needs a positive argument": ("log(x) + log(y)", "log(x*y)", ["x", "y"], {}, "domain"),
    "reciprocal is not a negative power 2": ("1/x", "x^-2", ["x"], {}, None),
    "sqrt product is not sqrt of product": (
        "sqrt(x)*sqrt(y)",
        "sqrt(x*y)",
        ["x", "y"],
        {},
        "domain",
    ),
    "gradient ascent instead of descent": (
        "w + eta*2*x*(w*x - y)",
        "w - eta*2*x*(w*x - y)",
        ["w", "x", "y", "eta"],
        {},
        None,
    ),
    "softplus derivative mixed up": ("1/(1 + exp(z))", "sigma(z)", ["z"], {}, None),
    "derivative of x^2 is not x^2": ("x^2", "2x", ["x"], {}, None),
    "different variable": ("x", "y", ["x", "y"], {}, "value"),
    "case of a constant": ("1/2", "1/3", None, {}, "value"),
}


def _run(checker, answer, expected, variables, kw):
    return checker.check(answer, expected, vars=variables, **kw)


def test_enough_pairs():
    assert len(EQUIVALENT) + len(NOT_EQUIVALENT) >= 60


@pytest.mark.parametrize("name", sorted(EQUIVALENT))
def test_equivalent(checker, name):
    answer, expected, variables, kw = EQUIVALENT[name]
    result = _run(checker, answer, expected, variables, kw)
    assert result.valid, result
    assert result.equivalent, result
    assert result.method in ("identical", "rewrite", "simplify", "numeric")
    assert result.interpreted_as


@pytest.mark.parametrize("name", sorted(NOT_EQUIVALENT))
def test_not_equivalent(checker, name):
    answer, expected, variables, kw, diagnosis = NOT_EQUIVALENT[name]
    result = _run(checker, answer, expected, variables, kw)
    assert result.valid, result
    assert not result.equivalent, result
    assert result.method == "numeric"
    assert result.feedback
    if diagnosis is not None:
        assert result.diagnosis == diagnosis, result.feedback


def test_inner_derivative_names_the_inner_function(checker):
    result = checker.check(f"{SIG}*(1 - {SIG})", DSIG, vars=WXB)
    assert "∂(b + w·x)/∂w = x" in result.feedback


def test_missing_constant_names_it(checker):
    result = checker.check("sigma(z)*(1 - sigma(z))", "2*sigma(z)*(1 - sigma(z))", vars=["z"])
    assert "factor 2 is missing" in result.feedback


def test_symbolic_methods_are_reported(checker):
    assert checker.check("2x", "x + x").method == "identical"
    assert checker.check("1 - tanh(z)^2", "4/(e^z + e^-z)^2").method in ("rewrite", "simplify")
    assert checker.check("softplus(z) - softplus(-z)", "z").method in ("rewrite", "simplify")


def test_tolerance_is_numeric_only(checker):
    result = checker.check("0.33*x", "x/3", tolerance=0.02)
    assert result.equivalent and result.method == "numeric"
    assert "tolerance" in result.feedback
