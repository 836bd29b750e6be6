"""nntutor's footprint on a shared machine and over SSH, against a minimal Textual app measured alongside.

Every program runs in a real pseudo-terminal of 80×24 whose output is read as a
terminal would read it. Measured:

  * resident memory (RSS, the process and its children) of an idle instance on the
    course map, after a lesson is opened, and while the lab trains;
  * bytes per second written to the terminal while idle and while the lab trains
    (goal: ≤ 40 KB/s at the default screen update rate);
  * time to the first screen over SSH on loopback (a real sshd started for the run),
    as a ratio to running locally.

The reference is a minimal Textual app (Header, Static, Footer), measured in the
same run, so the figures read as ratios on any machine. Needs Linux (/proc);
the SSH part needs sshd and ssh (Debian: openssh-server, openssh-client) and is
skipped with a note without them.

    python bench/footprint.py [--runs 5] [--seconds 10] [--json bench/out/footprint.json]
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import pty
import select
import shlex
import shutil
import signal
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
COURSE_MARKER = b"Next step"
LESSON_MARKER = b"Exercises"
LAB_READY = b"Space trains"
LAB_TRAINING = "▶ training".encode()
MINIMAL_MARKER = b"MINIMAL-READY"
MINIMAL_APP = """
from textual.app import App
from textual.widgets import Footer, Header, Static

class Minimal(App):
    def compose(self):
        yield Header()
        yield Static("MINIMAL-READY")
        yield Footer()

Minimal().run()
"""


class PtyProgram:
    """A program in an 80×24 pseudo-terminal; a thread reads everything it writes."""

    def __init__(self, argv: list[str], env: dict[str, str], cols: int = 80, rows: int = 24):
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            argv,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            close_fds=True,
            start_new_session=True,
        )
        os.close(slave)
        self.total = 0
        self.tail = b""
        self.marks: dict[bytes, float] = {}
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                ready, _, _ = select.select([self.master], [], [], 0.05)
                if not ready:
                    if self.proc.poll() is not None:
                        return
                    continue
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            with self._lock:
                self.total += len(chunk)
                self.tail = (self.tail + chunk)[-262144:]

    def wait_for(self, marker: bytes, timeout: float = 60.0) -> float:
        """Seconds from spawn until ``marker`` was on the terminal."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            with self._lock:
                if marker in self.tail:
                    return time.perf_counter() - self.started
            if self.proc.poll() is not None:
                break
            time.sleep(0.005)
        raise RuntimeError(f"{marker!r} not seen; the terminal's last output: {self.tail[-600:]!r}")

    def send(self, data: bytes) -> None:
        os.write(self.master, data)

    def bytes_per_second(self, seconds: float) -> float:
        with self._lock:
            before = self.total
        time.sleep(seconds)
        with self._lock:
            return (self.total - before) / seconds

    def rss(self) -> int:
        """Resident bytes of the program and all its descendants."""
        return sum(_rss(pid) for pid in _tree(self.proc.pid))

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self._reader.join(timeout=2)
        os.close(self.master)


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rpartition(")")[2].split()[1])
            children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def _rss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def mb(n: float) -> str:
    return f"{n / 1024**2:6.1f} MB"


def kbs(n: float) -> str:
    return f"{n / 1024:7.2f} KB/s"


# --- SSH on loopback ---------------------------------------------------------------------------
class LoopbackSSH:
    """A throwaway sshd on 127.0.0.1 with keys made for this run (works as root or as a user)."""

    def __init__(self, folder: Path):
        self.sshd = shutil.which("sshd") or next(
            (p for p in ("/usr/sbin/sshd", "/usr/local/sbin/sshd") if os.access(p, os.X_OK)), None
        )
        self.ssh = shutil.which("ssh")
        keygen = shutil.which("ssh-keygen")
        if not (self.sshd and self.ssh and keygen):
            raise RuntimeError(
                "sshd, ssh or ssh-keygen is not installed (Debian: openssh-server, openssh-client)"
            )
        folder.mkdir(parents=True, exist_ok=True)
        self.key = folder / "client"
        host = folder / "host"
        for key in (host, self.key):
            subprocess.run([keygen, "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
        (folder / "authorized_keys").write_text((folder / "client.pub").read_text())
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        config = folder / "sshd_config"
        config.write_text(
            f"Port {self.port}\nListenAddress 127.0.0.1\nHostKey {host}\n"
            f"AuthorizedKeysFile {folder / 'authorized_keys'}\nPidFile none\nUsePAM no\nStrictModes no\n"
            "PasswordAuthentication no\nKbdInteractiveAuthentication no\nPrintMotd no\nPrintLastLog no\n"
        )
        if os.geteuid() == 0:
            os.makedirs("/run/sshd", mode=0o755, exist_ok=True)
        self.proc = subprocess.Popen(
            [self.sshd, "-D", "-e", "-f", str(config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as conn:
                    if conn.recv(16).startswith(b"SSH-"):
                        return
            except OSError:
                time.sleep(0.1)
        self.close()
        raise RuntimeError("sshd did not start")

    def argv(self, remote: str) -> list[str]:
        return [
            self.ssh,
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
            "LogLevel=ERROR",
            "127.0.0.1",
            remote,
        ]

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait()


# --- the measurements ----------------------------------------------------------------------------
def settle_and_measure(program: PtyProgram, seconds: float) -> tuple[int, float]:
    time.sleep(1.0)  # let the first frames and any deferred work finish
    rate = program.bytes_per_second(seconds)
    return program.rss(), rate


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--runs", type=int, default=5, help="runs of each first-screen timing (median)"
    )
    parser.add_argument(
        "--seconds", type=float, default=10.0, help="length of each bytes-per-second window"
    )
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args()

    results: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        minimal = tmp_path / "minimal.py"
        minimal.write_text(MINIMAL_APP)
        env = {
            **{
                k: v
                for k, v in os.environ.items()
                if k not in ("COLUMNS", "LINES", "COLORTERM", "NO_COLOR")
            },
            "TERM": "xterm-256color",
            "LANG": "C.UTF-8",
            "NNTUTOR_DATA_DIR": str(tmp_path / "data"),
        }
        nntutor = [sys.executable, "-m", "nntutor"]

        print("Idle, 80×24, xterm-256color")
        ref = PtyProgram([sys.executable, str(minimal)], env)
        try:
            ref.wait_for(MINIMAL_MARKER)
            ref_rss, ref_rate = settle_and_measure(ref, args.seconds)
        finally:
            ref.close()
        app = PtyProgram(nntutor, env)
        try:
            app.wait_for(COURSE_MARKER)
            idle_rss, idle_rate = settle_and_measure(app, args.seconds)
            app.send(b"\r")  # open the recommended lesson
            app.wait_for(LESSON_MARKER)
            lesson_rss, _ = settle_and_measure(app, 2.0)
        finally:
            app.close()
        print(f"  minimal Textual app:          RSS {mb(ref_rss)}   output {kbs(ref_rate)}")
        print(
            f"  nntutor, course map:          RSS {mb(idle_rss)}   output {kbs(idle_rate)}"
            f"   RSS ratio {idle_rss / ref_rss:.2f}   (goal < 150 MB)"
        )
        print(
            f"  nntutor, a lesson open:       RSS {mb(lesson_rss)}   (with the checker's worker, if started)"
        )
        results["idle"] = {
            "minimal_rss": ref_rss,
            "minimal_bytes_per_s": ref_rate,
            "rss": idle_rss,
            "bytes_per_s": idle_rate,
            "lesson_rss": lesson_rss,
        }

        print(f"\nThe lab training (spirals preset), {args.seconds:g} s windows")
        results["lab"] = {}
        for label, extra in (("default rate", []), ("--updates 1", ["--updates", "1"])):
            lab = PtyProgram(
                [*nntutor, "lab", "--preset", "spirals", "--epochs", "1000000", *extra], env
            )
            try:
                try:
                    lab.wait_for(LAB_READY)
                except RuntimeError as exc:
                    print(f"  {label}: the lab did not open ({exc})")
                    continue
                time.sleep(0.5)
                lab.send(b" ")
                lab.wait_for(LAB_TRAINING)
                rss, rate = settle_and_measure(lab, args.seconds)
            finally:
                lab.close()
            goal = "   (goal ≤ 40 KB/s)" if not extra else ""
            print(f"  {label:<13}: RSS {mb(rss)}   output {kbs(rate)}{goal}")
            results["lab"][label] = {"rss": rss, "bytes_per_s": rate}

        print(
            f"\nTime to the first screen, local and over SSH on loopback ({args.runs} runs, interleaved, median)"
        )
        try:
            ssh = LoopbackSSH(tmp_path / "ssh")
        except RuntimeError as exc:
            print(f"  skipped: {exc}")
        else:
            try:
                remote = " ".join(
                    [
                        f"cd {shlex.quote(str(REPO))} &&",
                        "env",
                        "TERM=xterm-256color",
                        "LANG=C.UTF-8",
                        f"NNTUTOR_DATA_DIR={shlex.quote(str(tmp_path / 'data'))}",
                        shlex.join(nntutor),
                    ]
                )
                timed = {"local": [], "ssh": []}
                for _ in range(args.runs + 1):  # the first round warms the caches and is dropped
                    for where, argv in (("local", nntutor), ("ssh", ssh.argv(remote))):
                        program = PtyProgram(argv, env)
                        try:
                            timed[where].append(program.wait_for(COURSE_MARKER))
                        finally:
                            program.close()
                local = statistics.median(timed["local"][1:])
                over_ssh = statistics.median(timed["ssh"][1:])
                print(f"  local:    {local * 1000:6.0f} ms")
                print(f"  over SSH: {over_ssh * 1000:6.0f} ms   ratio {over_ssh / local:.2f}")
                results["first_screen"] = {
                    "local_s": local,
                    "ssh_s": over_ssh,
                    "ratio": over_ssh / local,
                }
            finally:
                ssh.close()
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
