"""BLAS threads on a shared CPU: 1 vs 2 threads, alone and beside a busy neighbour process.

Each measurement runs in its own process with OPENBLAS_NUM_THREADS (and OMP/MKL)
set before NumPy loads, so it does not depend on threadpoolctl. The neighbour is
another process spinning on one core, as a second learner's training would.
``auto`` is nntutor's default policy (one thread per idle core, looked at again
every few seconds).

    python bench/threads.py [--seconds 2] [--rounds 3] [--wait-quiet 60]

``--wait-quiet S`` waits up to S seconds before each measurement until other
processes use less than 0.3 cores, so that "alone" means alone.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

SPIN = "import time\nend = time.time() + 600\nwhile time.time() < end: pass\n"


def worker(index: int, threads: str, seconds: float, rounds: int, quiet: float) -> None:
    from train_speed import NETWORKS, Rounds, ours_rate, ours_trainer, timed

    _, sizes, activation, batch, _ = NETWORKS[index]
    trainer = ours_trainer(
        sizes, activation, batch, "sgd", threads=None if threads == "auto" else int(threads)
    )
    measured = Rounds(quiet)
    for _ in range(rounds):
        measured.add(*timed(functools.partial(ours_rate, trainer), seconds / rounds))
    print(
        json.dumps(
            {"rate": measured.best(), "clean": measured.clean, "threads": trainer.threads.threads}
        )
    )


def measure(index: int, threads: str, seconds: float, rounds: int, quiet: float) -> dict:
    env = dict(os.environ)
    if threads != "auto":
        for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            env[var] = threads
    command = [sys.executable, __file__, "--worker", str(index), "--threads", threads,
               "--seconds", str(seconds), "--rounds", str(rounds), "--quiet", str(quiet)]  # fmt: skip
    out = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=2.0, help="timed seconds per measurement")
    parser.add_argument(
        "--rounds", type=int, default=4, help="rounds per measurement (the best counts)"
    )
    parser.add_argument(
        "--wait-quiet", type=float, default=0.0, metavar="S", help="wait up to S s for quiet"
    )
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--quiet", type=float, default=0.3, help=argparse.SUPPRESS)
    parser.add_argument("--threads", default="1", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker is not None:
        worker(args.worker, args.threads, args.seconds, args.rounds, args.quiet)
        return 0

    from train_speed import NETWORKS, wait_for_quiet

    quiet = total = 0

    def settle() -> None:
        nonlocal quiet, total
        if args.wait_quiet:
            quiet += wait_for_quiet(args.wait_quiet, 0.3) < 0.3
            total += 1

    print(
        f"{os.cpu_count()} CPU cores; load average before: {os.getloadavg()[0]:.2f}; optimizer sgd, float32"
    )
    print(f"{'network':32s} {'threads':>7s} {'alone':>9s} {'neighbour':>10s} {'kept':>6s}")
    table = {}
    for index, (label, *_rest) in enumerate(NETWORKS):
        for threads in ("1", "2", "auto"):
            settle()
            alone = measure(index, threads, args.seconds, args.rounds, 0.3)
            settle()
            spinner = subprocess.Popen([sys.executable, "-c", SPIN])
            try:
                time.sleep(0.5)
                busy = measure(index, threads, args.seconds, args.rounds, 1.3)  # the spinner is 1
            finally:
                spinner.kill()
                spinner.wait()
            table[label, threads] = (alone["rate"], busy["rate"])
            shown = threads if threads != "auto" else f"auto→{alone['threads']}/{busy['threads']}"
            print(f"{label:32s} {shown:>7s} {alone['rate']:9.0f} {busy['rate']:10.0f} "
                  f"{busy['rate'] / alone['rate']:6.0%}   undisturbed rounds {alone['clean']}/{args.rounds}, "
                  f"{busy['clean']}/{args.rounds}")  # fmt: skip
    if args.wait_quiet:
        print(f"{quiet} of {total} measurements started on a quiet machine")
    print()
    for label, *_rest in NETWORKS:
        one, two = table[label, "1"], table[label, "2"]
        print(f"{label}: alone 2 threads = {two[0] / one[0]:.2f}× 1 thread; "
              f"with a neighbour 2 threads = {two[1] / one[1]:.2f}× 1 thread")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
