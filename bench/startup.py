"""How long `nntutor` takes to show its first screen, as a ratio to a minimal Textual app.

Both programs run in a real pseudo-terminal (80×24), interleaved, several times; the
time is measured from spawn until a marker string appears on the screen output.
Goal (issue 2): nntutor / minimal ≤ 1.5.

    python bench/startup.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import pty
import select
import statistics
import subprocess
import sys
import tempfile
import time
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


def time_to_marker(
    cmd: list[str], marker: bytes, env: dict[str, str], timeout: float = 30.0
) -> float:
    """Seconds from spawn until ``marker`` is written to the terminal."""
    master, slave = pty.openpty()
    import fcntl
    import struct
    import termios

    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True)
    os.close(slave)
    seen = b""
    elapsed = None
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
                    break
    finally:
        proc.kill()
        proc.wait()
        os.close(master)
    if elapsed is None:
        raise RuntimeError(
            f"{cmd[0]}: marker {marker!r} not seen within {timeout}s; output tail: {seen[-400:]!r}"
        )
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "COLUMNS": "80",
        "LINES": "24",
        "LANG": "en_US.UTF-8",
    }
    with tempfile.TemporaryDirectory() as tmp:
        minimal = Path(tmp) / "minimal.py"
        minimal.write_text(MINIMAL_APP)
        env["NNTUTOR_DATA_DIR"] = str(Path(tmp) / "data")
        nntutor_cmd = [sys.executable, "-m", "nntutor"]
        minimal_cmd = [sys.executable, str(minimal)]
        # warm the file cache once for each
        time_to_marker(minimal_cmd, b"MINIMAL-READY", env)
        time_to_marker(nntutor_cmd, b"Next step", env)
        ours, ref = [], []
        for _ in range(args.runs):
            ref.append(time_to_marker(minimal_cmd, b"MINIMAL-READY", env))
            ours.append(time_to_marker(nntutor_cmd, b"Next step", env))
    m_ours, m_ref = statistics.median(ours), statistics.median(ref)
    print(f"runs: {args.runs} (interleaved, median)")
    print(f"minimal Textual app: {m_ref * 1000:7.0f} ms to first screen")
    print(f"nntutor course map:  {m_ours * 1000:7.0f} ms to first screen")
    print(f"ratio nntutor / minimal: {m_ours / m_ref:.2f}   (goal ≤ 1.5)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
