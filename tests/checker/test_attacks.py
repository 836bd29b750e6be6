"""Input that tries to run code, or to make the checker hang: nothing runs, a clear error comes back."""

import time
import tokenize
from pathlib import Path

import pytest

LIMIT = 3.0  # the checker's default hard time limit, in seconds
SLACK = 1.0  # killing and answering take a moment

CHECKER_SOURCE = Path(__file__).resolve().parents[2] / "nntutor" / "checker"


def attacks(marker: str) -> dict[str, str]:
    cmd = f"touch {marker}"
    return {
        "import": f"__import__('os').system('{cmd}')",
        "import without quotes": "__import__(os)",
        "builtins": "__builtins__",
        "eval": f"eval(\"__import__('os').system('{cmd}')\")",
        "eval bare": "eval(x)",
        "exec": f"exec('import os; os.system(\"{cmd}\")')",
        "exec bare": "exec(x)",
        "open": f"open({marker})",
        "compile": "compile(x)",
        "getattr": "getattr(x, '__globals__')",
        "subclasses chain": "x.__class__.__mro__[-1].__subclasses__()",
        "globals chain": "sigma.__globals__['os'].system('true')",
        "function globals": "(lambda: 0).__globals__",
        "lambda": "lambda: 1",
        "comprehension": "[c for c in ().__class__.__base__.__subclasses__()]",
        "sympify string in sin": f"sin(\"__import__('os').system('{cmd}')\")",
        "sympify string in exp": f"exp('{cmd}')",
        "Symbol with code": f"Symbol(\"x); __import__('os').system('{cmd}'); (y\")",
        "lambdify": "lambdify(x, x)",
        "sympify": "sympify(x)",
        "parse_expr": "parse_expr(x)",
        "statement": f"x; import os; os.system('{cmd}')",
        "walrus": "(y := 1)",
        "conditional": "x if x else x",
        "comment": "x # comment",
        "backslash": "x\\",
        "null byte": "x\x00",
        "lone surrogate": "x\ud800",
        "newline with a request": 'x\n{"op": "quit"}',
        "full-width import": "＿＿import＿＿(os)",
        "full-width eval": "ｅｖａｌ(x)",
        "homoglyph": "ѕin(x)",
        "power tower": "9^9^9^9",
        "big power": "10^10^8",
        "big power of a variable": "x^(10^8)",
        "long polynomial power": "(x-1)^100000",
        "factorial function": "factorial(10^7)",
        "factorial sign": "(10^7)!",
        "nested exponentials": "exp(exp(exp(exp(100))))",
        "huge literal": "9" * 5000,
        "huge exponent literal": "1e999999999",
        "deep parentheses": "(" * 700 + "x" + ")" * 700,
        "deep powers": "x" + "^x" * 500,
        "deep unary": "-" * 1000 + "x",
        "deep functions": "exp(" * 300 + "x" + ")" * 300,
        "very long input": "x+" * 200_000 + "x",
        "many tokens": "x+" * 700 + "x",
        "very long name": "a" * 1400,
        "latex input": f"\\input{{{marker}}}",
        "latex def": "\\def\\x{\\x}\\x",
        "latex write18": f"\\immediate\\write18{{{cmd}}}",
        "latex frac nest": "\\frac{" * 300 + "1" + "}{2}" * 300,
        "latex huge brace power": "2^{" * 200 + "9" + "}" * 200,
        "latex huge exponent": "(x-1)^{100000}",
        "latex power of a power": "((\\sqrt{2}^{9999})^{9999})^{9999}",
        "latex backslash then anything": "\\" + "".join(chr(c) for c in range(33, 127)),
        "latex lone backslash": "x \\",
        "latex catcode": "\\catcode`\\^^M=13",
        "latex subscript code": "a_{__import__('os')}",
        "latex operatorname code": "\\operatorname{__import__}(os)",
        "primes of everything": "σ'" * 300 + "(z)",
        "invisible characters": "x\u200b\u202e\u2066+1",
        "control characters": "x\x07\x1b[2J",
        "huge exact number": "((sqrt(2)^9999)^9999)^9999",
        "many digits": "7^5000",
    }


@pytest.fixture()
def marker(tmp_path):
    path = tmp_path / "pwned"
    yield path
    assert not path.exists(), "an attack ran code"


def test_corpus_is_large_enough(tmp_path):
    assert len(attacks(str(tmp_path / "m"))) >= 30


@pytest.mark.parametrize("name", sorted(attacks("M")))
def test_attack_as_answer(checker, marker, name):
    text = attacks(str(marker))[name]
    start = time.monotonic()
    result = checker.check(text, "x")
    assert time.monotonic() - start < LIMIT + SLACK
    assert not result.valid, result
    assert result.error and len(result.error) < 300
    assert not marker.exists()


@pytest.mark.parametrize("name", sorted(attacks("M")))
def test_attack_as_expected_and_preview(checker, marker, name):
    text = attacks(str(marker))[name]
    start = time.monotonic()
    as_reference = checker.check("x", text)
    preview = checker.preview(text)
    mistakes = checker.check("x", "2*x", mistakes=[(text, "feedback")])
    assert time.monotonic() - start < 3 * (LIMIT + SLACK)
    for result in (as_reference, preview, mistakes):
        assert result.error is None or result.error.strip()
    assert not marker.exists()


def test_code_in_variable_names_and_domains(checker, marker):
    payload = f"x); __import__('os').system('touch {marker}'); (y"
    result = checker.check("x", "x", vars=[payload])
    assert not result.valid and result.authoring_error
    result = checker.check("x", "x", vars=["x"], domains={payload: (0, 1)})
    assert not result.valid and result.authoring_error
    preview = checker.preview("x", vars=["__class__"])
    assert not preview.valid


def test_the_worker_still_answers_after_the_corpus(checker, marker):
    starts = checker.starts
    for text in attacks(str(marker)).values():
        checker.check(text, "x")
        checker.preview(text)
    assert checker.check("2x", "x + x").equivalent
    assert checker.starts == starts  # no attack made the worker die or overrun


def test_no_code_evaluation_in_the_checker():
    """No route from text to code: no eval, exec, compile, sympify, parse_expr or lambdify is called."""
    never = {"sympify", "parse_expr", "lambdify", "__import__", "S"}
    calls = {"eval", "exec", "compile"}
    for path in CHECKER_SOURCE.glob("*.py"):
        with path.open() as source:
            tokens = [
                t
                for t in tokenize.generate_tokens(source.readline)
                if t.type in (tokenize.NAME, tokenize.OP)
            ]
        for before, token, after in zip([None] + tokens, tokens, tokens[1:] + [None]):
            if token.type != tokenize.NAME:
                continue
            called = after is not None and after.string == "("
            defined = before is not None and before.string in (
                "def",
                ".",
            )  # a method, e.g. re.compile
            bad = (token.string in never and called) or token.string in never - {"S"}
            bad = bad or (token.string in calls and called and not defined)
            assert not bad, f"{path.name}:{token.start[0]}: {token.line.strip()}"
