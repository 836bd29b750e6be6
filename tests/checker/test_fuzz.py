"""Property-based fuzzing: no exception escapes, nothing runs past the time limit."""

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nntutor.checker.parser import ParseError, parse

LIMIT = 3.0
SLACK = 1.0

# characters that matter to the grammar, Unicode math, and some that must be refused
ALPHABET = list("xyzwbe0123456789.+-*/^()|, _") + list("σ·×−²³√₁ηλπ⁻ᶻ'=![]{}\"#;:\\\n\t∞ℯ")
# LaTeX commands and primes, cut and joined at random
LATEX = [
    "\\frac",
    "\\sqrt",
    "\\cdot",
    "\\left(",
    "\\right)",
    "\\sigma",
    "\\eta",
    "\\tanh",
    "\\input",
    "\\def",
    "\\",
    "^{",
    "_{",
    "}",
    "{",
    "'",
    "′",
    "sech",
    "σ′",
    "\\partial",
]
SETTINGS = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}


@settings(max_examples=400, **SETTINGS)
@given(st.text(alphabet=ALPHABET, max_size=60))
def test_parser_raises_only_parse_errors(text):
    start = time.monotonic()
    try:
        parse(text, None)
        parse(text, ["x", "y", "w"])
    except ParseError as exc:
        assert exc.message("en") and exc.message("ru")
    assert time.monotonic() - start < 2.0


@settings(max_examples=200, **SETTINGS)
@given(st.text(max_size=80))
def test_parser_on_any_unicode(text):
    try:
        parse(text, None)
    except ParseError:
        pass


def expressions(max_leaves: int = 12) -> st.SearchStrategy[str]:
    leaves = st.sampled_from(
        ["x", "y", "z", "w", "b", "2", "3", "1/2", "0.5", "e", "pi", "x_1", "η"]
    )
    unary = st.sampled_from(
        ["exp", "log", "sqrt", "abs", "sin", "cos", "tanh", "sigma", "softplus", "relu", "-"]
    )
    binary = st.sampled_from(["+", "-", "*", "/", "^"])

    def extend(children):
        apply = st.tuples(unary, children).map(
            lambda t: f"-({t[1]})" if t[0] == "-" else f"{t[0]}({t[1]})"
        )
        combine = st.tuples(children, binary, children).map(
            lambda t: f"({t[0]})^({t[2]} - 1)" if t[1] == "^" else f"({t[0]}) {t[1]} ({t[2]})"
        )
        return apply | combine

    return st.recursive(leaves, extend, max_leaves=max_leaves)


@settings(max_examples=60, **SETTINGS)
@given(expressions())
def test_random_trees_equal_themselves(checker, text):
    start = time.monotonic()
    spaced = text.replace("*", " * ").replace("(", "( ")
    result = checker.check(spaced, text)
    assert time.monotonic() - start < LIMIT + SLACK
    if result.valid:
        assert result.equivalent, (text, result)
    else:
        assert result.error  # a reference undefined on the domain, or values too large


@settings(max_examples=60, **SETTINGS)
@given(expressions(), expressions())
def test_random_pairs_never_crash(checker, a, b):
    start = time.monotonic()
    result = checker.check(a, b)
    assert time.monotonic() - start < LIMIT + SLACK
    assert result.valid or result.error
    if result.valid and not result.equivalent:
        assert result.feedback


@settings(max_examples=80, **SETTINGS)
@given(st.text(alphabet=ALPHABET, max_size=40))
def test_random_text_in_the_worker(checker, text):
    start = time.monotonic()
    preview = checker.preview(text)
    result = checker.check(text, "x*y")
    assert time.monotonic() - start < 2 * (LIMIT + SLACK)
    assert preview.valid or preview.error
    assert result.valid or result.error


@settings(max_examples=300, **SETTINGS)
@given(st.lists(st.sampled_from(LATEX + list("xz12+-*/()^")), max_size=30).map("".join))
def test_latex_and_primes_raise_only_parse_errors(text):
    start = time.monotonic()
    try:
        parse(text, None)
        parse(text, ["x", "z"])
    except ParseError as exc:
        assert exc.message("en") and exc.message("ru")
        assert all(c.isprintable() for c in exc.message("en"))
    assert time.monotonic() - start < 2.0
