"""A small code exercise built in a temporary folder, shaped as the course loader builds one."""

from __future__ import annotations

import textwrap
from pathlib import Path
from types import SimpleNamespace

import pytest

TESTS = """
from codecheck import case, numeric_gradient


@case("scale a vector", "умножение вектора")
def values(m, rng):
    x = rng.normal(size=(2, 3))
    return {"double(x)": m.double(x)}


@case("the gradient of sum(double(x))", "градиент sum(double(x))")
def grad(m, rng):
    x = rng.normal(size=4)
    return {"d": m.double_grad(x)}


@grad.expect
def _(ref, rng):
    x = rng.normal(size=4)
    return {"d": numeric_gradient(lambda v: ref.double(v).sum(), x.copy())}
"""

SOLUTION = """
import numpy as np


def double(x):
    return 2 * x


def double_grad(x):
    return np.full(x.shape, 2.0)
"""

MISTAKES = {
    "triple": "def double(x):\n    return 3 * x\n\n\ndef double_grad(x):\n    return x * 0 + 3.0\n",
    "square": "def double(x):\n    return x * x\n\n\ndef double_grad(x):\n    return 2 * x\n",
}


class _Text:
    def __init__(self, en: str, ru: str):
        self.by_lang = {"en": en, "ru": ru}

    def get(self, lang: str) -> str:
        return self.by_lang.get(lang, self.by_lang["en"])


@pytest.fixture
def exercise(tmp_path: Path):
    folder = tmp_path / "course" / "code" / "double"
    (folder / "mistakes").mkdir(parents=True)
    (folder / "tests.py").write_text(TESTS)
    (folder / "solution.py").write_text(SOLUTION)
    (folder / "starter.py").write_text("def double(x):\n    raise NotImplementedError\n")
    mistakes = []
    for name, text in MISTAKES.items():
        (folder / "mistakes" / f"{name}.py").write_text(text)
        mistakes.append(
            SimpleNamespace(
                id=name, file=f"mistakes/{name}.py", feedback=_Text(f"fb {name}", f"ош {name}")
            )
        )
    return SimpleNamespace(id="double", kind="code", code_dir=folder, code_mistakes=tuple(mistakes))


@pytest.fixture
def learner(tmp_path: Path):
    """Write the learner's file and return its path."""

    def write(text: str, name: str = "double.py") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text))
        return path

    return write
