"""End to end over SSH: a real OpenSSH server on 127.0.0.1, `ssh -tt` from inside tmux, `nntutor` at the far end.

The test runs its own sshd in the foreground on a free high port, with a host key
and a client key made for the run, so it needs no system configuration (as root it
only creates sshd's privilege-separation folder, /run/sshd, when it is missing).
Every screen is read from the tmux pane that runs the ssh client, so what is
checked is what the learner's terminal shows at the near end.

The learner's session is a list of steps; each one sends keys and waits for the
screen that should follow, so the journey grows by adding one more step function.
"""

from __future__ import annotations

import os
import re
import shlex
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.e2e.tmux import Pane
from tests.e2e.tools import free_port, require

REPO = Path(__file__).resolve().parents[2]
COURSE = REPO / "tests" / "app" / "course"
pytestmark = pytest.mark.e2e


@dataclass
class SSHServer:
    port: int
    key: Path
    ssh: str
    log: Path

    def command(self, remote: str) -> str:
        """The ssh command line that runs ``remote`` at the far end in a pseudo-terminal."""
        options = [
            "-tt",
            "-F",
            "/dev/null",
            "-i",
            str(self.key),
            "-p",
            str(self.port),
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
            "-o",
            "BatchMode=yes",
            "-o",
            "IdentitiesOnly=yes",
            "-o",
            "LogLevel=ERROR",
        ]
        return shlex.join([self.ssh, *options, "127.0.0.1", remote])


def wait_for_banner(port: int, proc: subprocess.Popen, log: Path, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(
                f"sshd exited with {proc.returncode}:\n{log.read_text(errors='replace')}"
            )
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as conn:
                if conn.recv(64).startswith(b"SSH-"):
                    return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"sshd did not answer on port {port}:\n{log.read_text(errors='replace')}")


@pytest.fixture
def sshd(tmp_path) -> Iterator[SSHServer]:
    sshd_path = require("sshd", "openssh-server")
    keygen = require("ssh-keygen", "openssh-client")
    ssh = require("ssh", "openssh-client")
    require("tmux")
    folder = tmp_path / "sshd"
    folder.mkdir()
    host_key, client_key = folder / "host_ed25519", folder / "client_ed25519"
    for key in (host_key, client_key):
        subprocess.run([keygen, "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
    authorized = folder / "authorized_keys"
    authorized.write_text(client_key.with_suffix(".pub").read_text())
    port = free_port()
    config = folder / "sshd_config"
    config.write_text(
        "\n".join(
            [
                f"Port {port}",
                "ListenAddress 127.0.0.1",
                f"HostKey {host_key}",
                f"AuthorizedKeysFile {authorized}",
                "PidFile none",
                "UsePAM no",
                "StrictModes no",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "PubkeyAuthentication yes",
                "PermitRootLogin prohibit-password",
                "PermitUserEnvironment no",
                "PrintMotd no",
                "PrintLastLog no",
                "LogLevel VERBOSE",
                "",
            ]
        )
    )
    if os.geteuid() == 0:
        os.makedirs(
            "/run/sshd", mode=0o755, exist_ok=True
        )  # sshd's privilege separation needs it as root
    log = folder / "sshd.log"
    with open(log, "wb") as log_file:
        proc = subprocess.Popen(
            [sshd_path, "-D", "-e", "-f", str(config)], stdout=log_file, stderr=subprocess.STDOUT
        )
    try:
        wait_for_banner(port, proc, log)
        yield SSHServer(port=port, key=client_key, ssh=ssh, log=log)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def remote_nntutor(data: Path, *args: str) -> str:
    """What the far end runs: this checkout's nntutor, with its own data folder."""
    env = f"NNTUTOR_DATA_DIR={shlex.quote(str(data))} LANG=C.UTF-8"
    argv = shlex.join(
        [sys.executable, "-m", "nntutor", "--lessons", str(COURSE), "--lang", "en", *args]
    )
    return f"cd {shlex.quote(str(REPO))} && env {env} {argv}"


# --- the learner's session, one step per function --------------------------------------------------
Step = Callable[[Pane], None]


def course_map(pane: Pane) -> None:
    screen = pane.wait_for("Next step:")
    assert "Why neural networks" in screen and "The neuron" in screen
    assert "○" in screen and "✗" in screen  # statuses as marks, whatever colours SSH passes on


def open_lesson(pane: Pane) -> None:
    pane.keys("Enter")
    pane.wait_for("Neural networks find")


def answer_exercise(pane: Pane) -> None:
    pane.keys("e")
    pane.wait_for("Exercise 1 of 2")
    pane.keys("Down", "Enter")
    screen = pane.wait_for("Not quite")
    assert "Your answer: Adding two numbers" in screen
    pane.keys("Up", "Enter")
    pane.wait_for("Correct")


def train_in_lab(pane: Pane) -> None:
    """Over to the lab (key 4), train for a few seconds, see the epochs move, pause."""
    pane.keys("Escape", "4")
    pane.wait_for("Space trains")
    pane.keys("Space")
    deadline = time.monotonic() + 30
    epochs: list[int] = []
    while time.monotonic() < deadline and len(set(epochs)) < 3:
        match = re.search(r"epoch (\d+)/\d+", pane.screen())
        if match and int(match.group(1)) > 0:
            epochs.append(int(match.group(1)))
        time.sleep(0.5)
    assert len(set(epochs)) >= 3 and epochs == sorted(epochs), (
        f"epochs seen: {epochs}\n{pane.screen()}"
    )
    pane.keys("Space")
    pane.wait_for("paused")


def quit_app(pane: Pane) -> None:
    pane.keys("C-q")
    pane.wait_for("EXITED-0")


SESSION: list[Step] = [course_map, open_lesson, answer_exercise, train_in_lab, quit_app]


@pytest.mark.parametrize("mouse", ["--no-mouse", "mouse"])
def test_course_over_ssh(sshd, tmp_path, mouse):
    data = tmp_path / "data"
    extra = ("--no-mouse",) if mouse == "--no-mouse" else ()
    # TERM travels over ssh -tt; COLORTERM does not, as with a real ssh client.
    pane = Pane(
        sshd.command(remote_nntutor(data, *extra)),
        env={"TERM": "xterm-256color", "LANG": "C.UTF-8"},
    )
    try:
        for step in SESSION:
            try:
                step(pane)
            except AssertionError as exc:
                log = sshd.log.read_text(errors="replace")[-2000:]
                raise AssertionError(f"{exc}\n--- sshd's log ---\n{log}") from None
    finally:
        pane.close()
    assert "Accepted publickey" in sshd.log.read_text(
        errors="replace"
    )  # it really went through sshd

    from nntutor.practice.store import ProgressStore

    store = ProgressStore.open(data)
    try:
        assert [a.correct for a in store.attempts("intro", "where")] == [False, True]
    finally:
        store.close()
