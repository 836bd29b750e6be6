"""The playgrounds' core stands on its own: no Textual, no nntutor.app, no SymPy, no NumPy."""

from __future__ import annotations

import subprocess
import sys

MODULES = (
    "nntutor.playgrounds",
    "nntutor.playgrounds.neuron",
    "nntutor.playgrounds.computation_graph",
    "nntutor.playgrounds.lesson_graphs",
    "nntutor.playgrounds.gradient_descent",
    "nntutor.playgrounds.gradient_comparison",
    "nntutor.course.formula",
    "nntutor.course.numeric",
)


def test_the_module_imports_neither_textual_nor_sympy_nor_numpy():
    code = (
        f"import sys, {', '.join(MODULES)}; "
        "print(sorted(m for m in ('textual', 'sympy', 'numpy', 'nntutor.app') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
