"""Where a GPU starts to pay: CPU vs GPU steps per second over hidden widths 16…4096.

Run on a machine with CuPy and a CUDA device (pip install 'nntutor[gpu]'):

    python bench/gpu_crossover.py [--batch 256] [--inputs 64] [--seconds 1.0]

For each width W it trains a (inputs)-W-W-10 network, float32, as ``nntutor train``
does (``Trainer.run_epoch``, metrics copied to the host once per epoch), on the CPU
and on the GPU, and prints both rates. The smallest width from which the GPU stays
faster gives the crossover; its floating-point operations per step are the number
to put in ``GPU_MIN_FLOPS_PER_STEP`` (nntutor/engine/backend.py), which
``--device auto`` compares against. Without a GPU it prints the CPU column only.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np

from nntutor.engine import Dataset, TrainConfig, Trainer
from nntutor.engine.backend import GPU_MIN_FLOPS_PER_STEP, load_cupy, step_flops

WIDTHS = [16, 32, 64, 128, 256, 512, 1024, 2048, 4096]
BATCHES_PER_EPOCH = 8


def rate(device: str, sizes, batch: int, seconds: float, optimizer: str) -> float:
    rng = np.random.default_rng(0)
    n = batch * BATCHES_PER_EPOCH
    data = Dataset(rng.normal(size=(n, sizes[0])).astype(np.float32), rng.integers(0, sizes[-1], n))
    config = TrainConfig(
        hidden=tuple(sizes[1:-1]), activation="relu", optimizer=optimizer, batch_size=batch,
        epochs=10**9, val_fraction=0.0, device=device, dtype="float32",
    )  # fmt: skip
    trainer = Trainer(config, data)
    trainer.run_epoch()  # warm up: CuPy compiles its kernels on first use
    best = 0.0
    for _ in range(3):
        steps, start = trainer.steps, time.perf_counter()
        while time.perf_counter() - start < seconds / 3:
            trainer.run_epoch()  # ends with one device-to-host copy, so the GPU has finished
        best = max(best, (trainer.steps - steps) / (time.perf_counter() - start))
    return best


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--inputs", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=1.0, help="timed seconds per measurement")
    parser.add_argument("--optimizer", default="adam", choices=("sgd", "momentum", "adam"))
    parser.add_argument("--widths", default=",".join(map(str, WIDTHS)))
    args = parser.parse_args()
    cupy, reason = load_cupy()
    if cupy is None:
        print(f"No GPU here ({reason}): only the CPU column is measured.")
    else:
        props = cupy.cuda.runtime.getDeviceProperties(0)
        print(f"GPU: {props['name'].decode()}, CuPy {cupy.__version__}")
    print(f"network {args.inputs}-W-W-10 relu, batch {args.batch}, {args.optimizer}, float32")
    print(
        f"{'width':>6s} {'MFLOP/step':>11s} {'CPU steps/s':>12s} {'GPU steps/s':>12s} {'GPU/CPU':>8s}"
    )
    rows = []
    for width in (int(w) for w in args.widths.split(",")):
        sizes = (args.inputs, width, width, 10)
        flops = step_flops(sizes, args.batch)
        cpu = rate("cpu", sizes, args.batch, args.seconds, args.optimizer)
        gpu = (
            rate("gpu", sizes, args.batch, args.seconds, args.optimizer)
            if cupy is not None
            else None
        )
        rows.append((width, flops, cpu, gpu))
        gpu_text = f"{gpu:12.0f} {gpu / cpu:7.2f}×" if gpu is not None else f"{'-':>12s} {'-':>8s}"
        print(f"{width:6d} {flops / 1e6:11.1f} {cpu:12.0f} {gpu_text}")
    if cupy is None:
        return 0
    crossover = next(
        (i for i in range(len(rows)) if all(r[3] > r[2] for r in rows[i:])),
        None,
    )
    print()
    if crossover is None:
        print("The GPU never stayed faster over these widths.")
    else:
        width, flops, *_ = rows[crossover]
        print(f"The GPU is faster from width {width} on: {flops / 1e6:.1f} MFLOP per step.")
        print(f"Set GPU_MIN_FLOPS_PER_STEP = {flops:.3g} in nntutor/engine/backend.py "
              f"(now {GPU_MIN_FLOPS_PER_STEP:.3g}) and record these figures in docs/engine.md.")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
