"""How long `nntutor` takes to show its first screen, as a ratio to a minimal Textual app.

Both programs run in a real pseudo-terminal (80×24), interleaved (bare, nntutor, nntutor, bare,
...), many rounds; the time is measured from spawn until a marker string appears on the screen
output. Besides the wall time, each run records its CPU time (user + system, from ``wait4``)
and the time its main thread spent runnable but waiting for a core (``/proc/PID/schedstat``):
on a busy machine the wall time mostly measures that queue. "Wall − queue" is the wall time
without it: unlike the CPU time, it still counts the program's own waits (timers, the
terminal), which a learner on an idle machine waits through too.

A round is *disturbed* when either program waited for a core (its wall time exceeds its CPU
time by more than a quiet run of it does); the figures are the medians of the undisturbed
rounds when there are at least five of them, else of all rounds (and the output says so).
Both start from compiled bytecode, as an installed wheel does: the warm-up run of each writes
it into a temporary PYTHONPYCACHEPREFIX (an editable install, or PYTHONDONTWRITEBYTECODE=1,
would otherwise compile nntutor's modules from source on every run, and Textual's not).
Goal (issue 14): nntutor / minimal ≤ 1.5.

    python bench/startup.py [--runs 21]
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from dataclasses import dataclass
from pathlib import Path

MINIMAL_APP = """
from textual.app import App
from textual.widgets import Footer, Header, Static

class Minimal(App):
    def compose(self):
        yield Header()
        yield Static("MINIMAL-READY")
        yield Footer()

    def on_mount(self):
        self.set_timer(0.05, self.exit)

Minimal().run()
"""

# A run whose wall time exceeds its CPU time by more than this (plus the program's quietest
# wall - CPU gap) waited for a core.
DISTURBED_SLACK_S = 0.030


@dataclass
class Run:
    wall: float  # seconds from spawn to the marker on the screen
    cpu: float  # user + system seconds the process used (until killed just after the marker)
    queued: float  # seconds its main thread was runnable but waiting for a core (nan: unknown)

    @property
    def unqueued(self) -> float:
        return self.wall - self.queued


def cpu_model() -> str:
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
    except OSError:
        out = ""
    for line in out.splitlines():
        if line.startswith("Model name"):
            return line.split(":", 1)[1].strip()
    return "?"


def busy_seconds() -> float:
    """CPU seconds all cores have spent busy since boot (from /proc/stat)."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    except OSError:
        return float("nan")
    values = [int(v) for v in fields]
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return (sum(values[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def queued_seconds(pid: int) -> float:
    """Seconds thread ``pid`` has waited on a run queue (schedstat's second field, in ns)."""
    try:
        return int(Path(f"/proc/{pid}/schedstat").read_text().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return float("nan")


def time_to_marker(
    cmd: list[str], marker: bytes, env: dict[str, str], timeout: float = 30.0
) -> Run:
    """Wall and CPU seconds from spawn until ``marker`` is written to the terminal."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True)
    os.close(slave)
    seen = b""
    elapsed = None
    queued = float("nan")
    try:
        while time.perf_counter() - start < timeout:
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    break
                seen += chunk
                if marker in seen:
                    elapsed = time.perf_counter() - start
                    queued = queued_seconds(proc.pid)
                    break
    finally:
        proc.kill()
        _, _, usage = os.wait4(proc.pid, 0)
        proc.returncode = -9
        os.close(master)
    if elapsed is None:
        raise RuntimeError(
            f"{cmd[0]}: marker {marker!r} not seen within {timeout}s; output tail: {seen[-400:]!r}"
        )
    return Run(elapsed, usage.ru_utime + usage.ru_stime, queued)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:6.0f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=21, help="rounds (one run of each per round)")
    args = parser.parse_args()
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "COLUMNS": "80",
        "LINES": "24",
        "LANG": "en_US.UTF-8",
    }
    env.pop("NO_COLOR", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory() as tmp:
        minimal = Path(tmp) / "minimal.py"
        minimal.write_text(MINIMAL_APP)
        env["NNTUTOR_DATA_DIR"] = str(Path(tmp) / "data")
        env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "bytecode")
        programs = {
            "minimal": ([sys.executable, str(minimal)], b"MINIMAL-READY"),
            "nntutor": ([sys.executable, "-m", "nntutor"], b"Next step"),
        }
        # warm the file cache, the bytecode (and nntutor's course cache and data folder) once
        for cmd, marker in programs.values():
            time_to_marker(cmd, marker, env)
        runs: dict[str, list[Run]] = {name: [] for name in programs}
        others: list[float] = []  # cores used by other processes during each round
        load_before = os.getloadavg()[0]
        for index in range(args.runs):
            order = list(programs) if index % 2 == 0 else list(reversed(programs))
            busy, clock = busy_seconds(), time.perf_counter()
            round_cpu = 0.0
            for name in order:
                run = time_to_marker(*programs[name], env)
                runs[name].append(run)
                round_cpu += run.cpu
            span = time.perf_counter() - clock
            others.append(max(0.0, busy_seconds() - busy - round_cpu) / span)
        load_after = os.getloadavg()[0]

    # the quietest gap between wall and CPU time each program shows is its own waiting (for
    # the terminal, timers); more than that plus some slack is waiting for a core
    base_gap = {name: min(r.wall - r.cpu for r in rs) for name, rs in runs.items()}
    quiet = [
        i
        for i in range(args.runs)
        if all(runs[n][i].wall - runs[n][i].cpu <= base_gap[n] + DISTURBED_SLACK_S for n in runs)
    ]
    chosen = quiet if len(quiet) >= 5 else list(range(args.runs))

    def median(name: str, attr: str, rounds: list[int]) -> float:
        return statistics.median(getattr(runs[name][i], attr) for i in rounds)

    print(f"CPU: {cpu_model()}, {os.cpu_count()} logical CPUs; Python {sys.version.split()[0]}")
    print(
        f"machine load: load average {load_before:.1f} before, {load_after:.1f} after; other "
        f"processes used {statistics.median(others):.2f} cores (median over rounds, "
        f"max {max(others):.2f})"
    )
    print(
        f"rounds: {args.runs} (interleaved); undisturbed: {len(quiet)}"
        + ("" if chosen is quiet else " (fewer than 5: medians over all rounds)")
    )
    every = list(range(args.runs))
    print(f"medians{'':15}{'wall, all':>11}{'wall, chosen':>14}{'wall − queue':>14}{'CPU':>9}")
    for name, label in (("minimal", "minimal Textual app"), ("nntutor", "nntutor course map")):
        print(
            f"{label:22}{ms(median(name, 'wall', every)):>11}{ms(median(name, 'wall', chosen)):>14}"
            f"{ms(median(name, 'unqueued', every)):>14}{ms(median(name, 'cpu', every)):>9}"
        )

    def ratio(attr: str, rounds: list[int]) -> float:
        return median("nntutor", attr, rounds) / median("minimal", attr, rounds)

    print(
        f"ratio nntutor / minimal: {ratio('wall', chosen):.2f} wall (chosen rounds), "
        f"{ratio('unqueued', every):.2f} wall − queue, {ratio('cpu', every):.2f} CPU   "
        "(goal ≤ 1.5)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
