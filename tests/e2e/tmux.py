"""Driving the real `nntutor` in a tmux pane: send keys, read the screen."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import time
import uuid

import pytest


class Pane:
    def __init__(
        self, command: str, width: int = 80, height: int = 24, env: dict[str, str] | None = None
    ):
        self.session = f"nntutor-test-{uuid.uuid4().hex[:8]}"
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in (env or {}).items())
        argv = [
            "tmux",
            "new-session",
            "-d",
            "-s",
            self.session,
            "-x",
            str(width),
            "-y",
            str(height),
            f"env {exports} {command}; echo EXITED-$?; sleep 30",
        ]
        # When the previous test closed the last session, the tmux server may still be
        # exiting as this one connects ("server exited unexpectedly"): try again then.
        for attempt in range(5):
            done = subprocess.run(argv, capture_output=True, text=True, check=False)
            if done.returncode == 0:
                break
            if "server exited unexpectedly" not in done.stderr or attempt == 4:
                raise RuntimeError(f"tmux new-session failed: {done.stderr.strip()}")
            time.sleep(0.2)

    def keys(self, *keys: str) -> None:
        for key in keys:
            subprocess.run(["tmux", "send-keys", "-t", self.session, key], check=True)
            time.sleep(0.15)

    def screen(self) -> str:
        return subprocess.run(
            ["tmux", "capture-pane", "-p", "-t", self.session],
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    def wait_for(self, text: str, timeout: float = 30.0) -> str:
        """Wait until ``text`` is on the screen (a wait, not a timing assertion)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} did not appear on the screen; it shows:\n{self.screen()}")

    def close(self) -> None:
        subprocess.run(
            ["tmux", "kill-session", "-t", self.session], capture_output=True, check=False
        )


def require_tmux() -> None:
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed (.ci/run installs it)")
