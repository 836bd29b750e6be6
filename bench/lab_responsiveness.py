"""The lab under load: key latency, training throughput and terminal traffic, in a real 80×24 pty.

Three figures (issue 5), each against a reference measured side by side in the same run:

1. key latency: while the largest preset ("large": 10 000 spirals, 3×128 relu) trains at full
   speed, press `v` (next view) every 0.25 s and time until the new view's legend reaches the
   terminal. Goal: p95 ≤ 100 ms.
2. throughput: steps per second inside the app (read from its status line over a window)
   against `nntutor train --json` on the same configuration (epoch lines timed as they
   arrive, the same kind of window). Goal: ≥ 70%.
3. traffic: bytes the app writes per second while the default lab trains at the default
   update rate, per view. Goal: < 40 KB/s.

    python bench/lab_responsiveness.py [--presses 40] [--window 8] [--rounds 2]

The terminal is xterm-256color without COLORTERM, as over SSH.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import pty
import re
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COURSE = ROOT / "tests" / "app" / "course"
LARGE = [
    "--dataset",
    "spirals",
    "--samples",
    "10000",
    "--hidden",
    "128,128,128",
    "--activation",
    "relu",
    "--batch-size",
    "64",
    "--lr",
    "0.003",
]
sys.path.insert(0, str(ROOT))
from nntutor.app.widgets.lab.strings import STRINGS  # noqa: E402

# how the view bar's legend of each view begins, as the app writes it (English: the bench runs
# LANG=C; only the start, as a long legend wraps onto a second line)
LEGENDS = {v: STRINGS[f"legend.{v}"][:8] for v in ("loss", "boundary", "gradients", "network")}
ORDER = ("loss", "boundary", "gradients", "network")


class Terminal:
    """A program in a pseudo-terminal; everything it writes is kept with the time it arrived."""

    def __init__(
        self, argv: list[str], env: dict[str, str], width: int = 80, height: int = 24
    ) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", height, width, 0, 0))
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
        self.master = master
        self.chunks: list[tuple[float, bytes]] = []
        self.lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                ready, _, _ = select.select([self.master], [], [], 0.05)
            except (OSError, ValueError):
                return
            if not ready:
                if self.proc.poll() is not None:
                    return
                continue
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return
            if not data:
                return
            with self.lock:
                self.chunks.append((time.perf_counter(), data))

    def mark(self) -> int:
        with self.lock:
            return len(self.chunks)

    def text_since(self, mark: int) -> str:
        with self.lock:
            data = b"".join(chunk for _, chunk in self.chunks[mark:])
        return data.decode("utf-8", "replace")

    def wait_for(self, marker: str, since: int = 0, timeout: float = 60.0) -> float:
        """The time the chunk that completes ``marker`` arrived (the output is searched as it grows)."""
        deadline = time.perf_counter() + timeout
        needle = marker.encode()
        while time.perf_counter() < deadline:
            with self.lock:
                chunks = self.chunks[since:]
            data = b""
            for at, chunk in chunks:
                data += chunk
                if needle in data:
                    return at
            time.sleep(0.002)
        raise TimeoutError(
            f"{marker!r} did not appear; last output: {self.text_since(max(0, self.mark() - 3))[-400:]!r}"
        )

    def send(self, keys: str) -> float:
        at = time.perf_counter()
        os.write(self.master, keys.encode())
        return at

    def bytes_between(self, start: float, stop: float) -> int:
        with self.lock:
            return sum(len(chunk) for at, chunk in self.chunks if start <= at < stop)

    def close(self) -> float:
        """Quit with Ctrl+Q; returns the seconds until the process ended."""
        started = time.perf_counter()
        try:
            os.write(self.master, b"\x11")
            self.proc.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        ended = time.perf_counter() - started
        os.close(self.master)
        return ended


def env_for(data_dir: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("COLORTERM", "NO_COLOR", "TEXTUAL", "COLUMNS", "LINES")
    }
    env.update(TERM="xterm-256color", LANG="C.UTF-8", NNTUTOR_DATA_DIR=data_dir)
    return env


def nntutor_lab(flags: list[str], data_dir: str) -> Terminal:
    argv = [sys.executable, "-m", "nntutor", "--lessons", str(COURSE), "lab", *flags]
    return Terminal(argv, env_for(data_dir))


STEP = re.compile(r"step ([\d,]+)")


def steps_in(text: str) -> list[int]:
    return [int(m.group(1).replace(",", "")) for m in STEP.finditer(text)]


def app_rate(term: Terminal, window: float) -> float:
    """Steps per second from the status line, over ``window`` seconds of training."""
    time.sleep(1.0)  # past the first epochs
    start_mark, start = term.mark(), time.perf_counter()
    time.sleep(window)
    with term.lock:
        chunks = term.chunks[start_mark:]
    stamped = []
    for at, chunk in chunks:
        for steps in steps_in(chunk.decode("utf-8", "replace")):
            stamped.append((at, steps))
    if len(stamped) < 2:
        raise RuntimeError("the app's status line showed no progress")
    (t0, s0), (t1, s1) = stamped[0], stamped[-1]
    del start
    return (s1 - s0) / (t1 - t0)


def train_rate(window: float, data_dir: str) -> tuple[float, float]:
    """(steps/s over a window of epoch lines as they arrive, the summary's steps/s) of `nntutor train`."""
    argv = [sys.executable, "-m", "nntutor", "train", *LARGE, "--epochs", "100000", "--json"]
    proc = subprocess.Popen(
        argv,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env_for(data_dir),
        start_new_session=True,
    )
    stamps: list[tuple[float, int]] = []
    steps_per_epoch = -(-8000 // 64)
    started = None
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            now = time.perf_counter()
            row = json.loads(line)
            if "epoch" not in row:
                continue
            if started is None:
                started = now + 1.0  # past the first epochs, as for the app
            if now >= started:
                stamps.append((now, row["epoch"] * steps_per_epoch))
            if started is not None and now - started >= window:
                break
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            out, _ = proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, _ = proc.communicate()
    summary = next((json.loads(x) for x in out.splitlines()[::-1] if '"done"' in x), {})
    (t0, s0), (t1, s1) = stamps[0], stamps[-1]
    return (s1 - s0) / (t1 - t0), float(summary.get("steps_per_second") or 0.0)


def measure_latency(presses: int, data_dir: str) -> tuple[list[tuple[str, float]], float, float]:
    """Key latencies (s) while "large" trains, the app's steps/s meanwhile, and the time Ctrl+Q took."""
    term = nntutor_lab(["--preset", "large", "--pace", "max", "--epochs", "100000"], data_dir)
    latencies = []
    try:
        term.wait_for("ready: Space trains", timeout=90)
        term.send(" ")
        term.wait_for("training", timeout=30)
        time.sleep(2.0)
        mark0, t0 = term.mark(), time.perf_counter()
        view = 0
        for _ in range(presses):
            view = (view + 1) % len(ORDER)
            mark = term.mark()
            sent = term.send("v")
            arrived = term.wait_for(LEGENDS[ORDER[view]], since=mark, timeout=10)
            latencies.append((ORDER[view], arrived - sent))
            time.sleep(0.25)
        counts = steps_in(term.text_since(mark0))
        rate = (counts[-1] - counts[0]) / (time.perf_counter() - t0) if len(counts) > 1 else 0.0
    finally:
        quit_seconds = term.close()
    return latencies, rate, quit_seconds


def measure_idle_quit(data_dir: str) -> float:
    """Seconds Ctrl+Q takes with the same lab built but not training (the reference for quitting)."""
    term = nntutor_lab(["--preset", "large", "--pace", "max", "--epochs", "100000"], data_dir)
    term.wait_for("ready: Space trains", timeout=90)
    time.sleep(1.0)
    return term.close()


def measure_app_rate(window: float, data_dir: str) -> float:
    term = nntutor_lab([*LARGE, "--pace", "max", "--epochs", "100000"], data_dir)
    try:
        term.wait_for("ready: Space trains", timeout=90)
        term.send(" ")
        term.wait_for("training", timeout=30)
        return app_rate(term, window)
    finally:
        term.close()


def measure_traffic(window: float, data_dir: str, updates: float | None = None) -> dict[str, float]:
    """Bytes per second per view while the default lab trains (at the default pace)."""
    flags = ["--epochs", "100000"] + (["--updates", str(updates)] if updates else [])
    term = nntutor_lab(flags, data_dir)
    out = {}
    try:
        term.wait_for("ready: Space trains", timeout=90)
        term.send(" ")
        term.wait_for("training", timeout=30)
        for index, view in enumerate(ORDER):
            if index:
                mark = term.mark()
                term.send("v")
                term.wait_for(LEGENDS[view], since=mark, timeout=10)
            time.sleep(1.0)
            start = time.perf_counter()
            time.sleep(window)
            out[view] = term.bytes_between(start, time.perf_counter()) / window
    finally:
        term.close()
    return out


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--presses", type=int, default=40)
    parser.add_argument(
        "--window", type=float, default=8.0, help="seconds per throughput or traffic window"
    )
    parser.add_argument(
        "--rounds", type=int, default=2, help="interleaved app / train runs for throughput"
    )
    args = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="nntutor-lab-bench-")
    print(
        f"lab bench: {os.cpu_count()} cores, python {sys.version.split()[0]}, 80×24 pty, TERM=xterm-256color"
    )

    latencies, rate_under_keys, quit_seconds = measure_latency(args.presses, data_dir)
    idle_quit = measure_idle_quit(data_dir)
    ms = [x * 1000 for _, x in latencies]
    print(
        "\n1. key latency while the 'large' preset trains (v, next view; until the new view is on screen)"
    )
    print(
        f"   presses {len(ms)}: median {statistics.median(ms):.0f} ms, p95 {percentile(ms, 95):.0f} ms, "
        f"max {max(ms):.0f} ms   (goal: p95 ≤ 100 ms)"
    )
    by_view = {v: [x * 1000 for w, x in latencies if w == v] for v in ORDER}
    print(
        "   to each view: "
        + ",  ".join(
            f"{v} median {statistics.median(xs):.0f} / max {max(xs):.0f} ms"
            for v, xs in by_view.items()
            if xs
        )
    )
    print(f"   training went on at {rate_under_keys:,.0f} steps/s meanwhile")
    print(
        f"   Ctrl+Q while training: the process was gone after {quit_seconds * 1000:.0f} ms; with the lab idle, "
        f"{idle_quit * 1000:.0f} ms (goal ≤ 500 ms)"
    )

    app_rates, train_rates, summaries = [], [], []
    for _ in range(args.rounds):
        wall, summary = train_rate(args.window, data_dir)
        train_rates.append(wall)
        summaries.append(summary)
        app_rates.append(measure_app_rate(args.window, data_dir))
    app_r, train_r = statistics.median(app_rates), statistics.median(train_rates)
    print("\n2. throughput, 'large' preset at full speed (steps/s, median of interleaved runs)")
    print(
        f"   nntutor train: {train_r:,.0f} (its own summary: {statistics.median(summaries):,.0f});"
        f"  in the lab: {app_r:,.0f};  ratio {app_r / train_r:.0%}   (goal ≥ 70%)"
    )
    print(
        f"   runs: train {', '.join(f'{r:,.0f}' for r in train_rates)}; lab {', '.join(f'{r:,.0f}' for r in app_rates)}"
    )

    traffic = measure_traffic(args.window, data_dir)
    print("\n3. terminal traffic while the default lab trains, 4 updates/s (bytes/s per view)")
    print(
        "   "
        + ",  ".join(f"{view} {rate / 1024:.1f} KB/s" for view, rate in traffic.items())
        + f"   (goal < 40 KB/s; worst {max(traffic.values()) / 1024:.1f})"
    )
    slow = measure_traffic(args.window / 2, data_dir, updates=1)
    print(
        "   at --updates 1 (slow links): "
        + ",  ".join(f"{v} {r / 1024:.1f} KB/s" for v, r in slow.items())
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
