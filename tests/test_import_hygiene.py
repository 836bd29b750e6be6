"""The layers hold: import-linter's contracts (pyproject.toml) and what a fresh process really imports."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


def test_import_contracts_are_kept():
    lint = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    if not Path(lint).exists():
        pytest.skip("import-linter is not installed (it comes with the test extra)")
    out = subprocess.run([lint], cwd=ROOT, capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]


def test_the_ui_free_cores_load_without_the_app():
    code = (
        "import sys\n"
        "import nntutor.lab, nntutor.playgrounds, nntutor.course.grading, nntutor.doctor\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'textual_plotext')"
        " or m.startswith(('nntutor.app', 'nntutor.commands', 'nntutor.cli'))]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
