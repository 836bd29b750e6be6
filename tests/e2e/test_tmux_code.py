"""End to end: a code exercise in the real `nntutor` at 80×24 in tmux, solved from outside.

The test reads the file's path off the screen and writes to it as vim would (a new file renamed
over the old one), first with a classic mistake, then with the right code, and sees the verdict
change on screen each time (watch mode). The course folder is not the built-in one, so the
first run asks whether its tests may run.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

from tests.e2e.tmux import Pane, require_tmux

COURSE = Path(__file__).parents[1] / "app" / "code_course"
EXERCISE = COURSE / "01-dense" / "code" / "dense-backward"
pytestmark = pytest.mark.e2e


def path_on_screen(screen: str) -> Path:
    lines = [line.strip() for line in screen.splitlines()]
    shown = next(line for line in lines if line.endswith("dense-backward.py"))
    return Path(shown[shown.index("/") :])


def save_as_vim_would(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.swp-write")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def test_outside_saves_change_the_verdict_on_screen():
    require_tmux()
    data = Path(tempfile.mkdtemp(prefix="nt-"))  # short, so the path fits on one line
    env = {"NNTUTOR_DATA_DIR": str(data), "TERM": "xterm-256color", "LANG": "C.UTF-8"}
    command = (
        f"{shlex.quote(sys.executable)} -m nntutor --lessons {shlex.quote(str(COURSE))} --lang en"
    )
    pane = Pane(command, env=env)
    try:
        pane.wait_for("Next step")
        pane.keys("Enter")
        pane.wait_for("backward pass of a dense layer")
        pane.keys("e")
        pane.wait_for("Exercise 1 of 1 · code")
        screen = pane.wait_for("dense-backward.py")
        path = path_on_screen(screen)
        assert path == data / "workspace" / "default" / "dense" / "dense-backward.py"
        assert "def dense_backward" in path.read_text(encoding="utf-8")  # the starter

        save_as_vim_would(path, (EXERCISE / "mistakes" / "no-batch-mean.py").read_text())
        screen = pane.wait_for("Run this course's code?")
        assert "code_course" in screen and "as you" in screen  # the folder, and what it means
        pane.keys("Tab", "Enter")  # the safe answer has the focus; move to "Run its tests"
        screen = pane.wait_for("Recognised mistake: no-batch-mean")
        assert "Not quite" in screen or "failed" in screen

        save_as_vim_would(path, (EXERCISE / "solution.py").read_text())
        screen = pane.wait_for("All 5 tests passed")
        assert "no-batch-mean" not in screen
        pane.keys("C-q")
        pane.wait_for("EXITED-0")
    finally:
        pane.close()
        shutil.rmtree(data, ignore_errors=True)
