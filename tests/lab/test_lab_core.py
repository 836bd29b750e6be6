"""The lab's core on its own: the script in docs/lab.md runs, and nntutor.lab needs no UI."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "lab.md"


def docs_script() -> str:
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## The lab without the app", 1)[1]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def test_the_script_in_the_docs_runs_a_lab_session():
    result = subprocess.run(
        [sys.executable, "-c", docs_script()],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    first, second = result.stdout.splitlines()
    assert first.startswith("finished 20 loss ")
    assert second == "(20, 40)"


def test_the_lab_core_loads_neither_textual_nor_the_app():
    code = (
        "import sys\n"
        "import nntutor.lab\n"
        "from nntutor.lab import LabConfig, LabSession, PRESETS, Frame, config_for_weights\n"
        "from nntutor.lab.request import LabRequest\n"
        "bad = [m for m in sys.modules if m.startswith(('textual', 'nntutor.app', "
        "'nntutor.commands', 'nntutor.cli'))]\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_importing_the_lab_package_is_light():
    code = "import sys, nntutor.lab; print('numpy' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.stdout.strip() == "False"
