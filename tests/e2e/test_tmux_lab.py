"""End to end: `nntutor lab` in tmux at 80×24: Space trains, the epoch and the chart move, Space pauses, Ctrl+Q quits."""

from __future__ import annotations

import re
import shlex
import sys
import time
from pathlib import Path

import pytest

from tests.e2e.tmux import Pane, require_tmux

COURSE = Path(__file__).parents[1] / "app" / "course"
pytestmark = pytest.mark.e2e


def epoch_on(screen: str) -> int | None:
    match = re.search(r"epoch (\d+)/\d+", screen)
    return int(match.group(1)) if match else None


def chart_of(screen: str) -> str:
    """The right-hand side of the screen below the view bar: where the chart is drawn."""
    lines = screen.splitlines()
    return "\n".join(line[26:] for line in lines[4:-2])


def wait_until(pane: Pane, test, what: str, timeout: float = 30.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        screen = pane.screen()
        if test(screen):
            return screen
        time.sleep(0.2)
    raise AssertionError(f"{what} did not happen; the screen shows:\n{pane.screen()}")


def test_train_watch_pause_quit(tmp_path):
    require_tmux()
    env = {"NNTUTOR_DATA_DIR": str(tmp_path / "data"), "TERM": "xterm-256color", "LANG": "C.UTF-8"}
    flags = "--dataset spirals --samples 600 --hidden 16,16 --epochs 2000 --pace 20 --seed 1"
    command = (
        f"{shlex.quote(sys.executable)} -m nntutor --lessons {shlex.quote(str(COURSE))} lab {flags}"
    )
    pane = Pane(command, env=env)
    try:
        screen = pane.wait_for("ready: Space trains")
        assert "spirals" in screen and "16,16" in screen and epoch_on(screen) == 0
        pane.keys("Space")
        first = wait_until(
            pane, lambda s: "training" in s and (epoch_on(s) or 0) >= 2, "training to start"
        )
        later = wait_until(
            pane, lambda s: (epoch_on(s) or 0) > epoch_on(first) + 3, "the epoch counter to move"
        )
        assert chart_of(later) != chart_of(first)  # the loss curve grew
        pane.keys("Space")
        paused = pane.wait_for("paused")
        assert epoch_on(paused) < 2000
        pane.keys("C-q")
        pane.wait_for("EXITED-0")
    finally:
        pane.close()
