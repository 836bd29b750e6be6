"""Where a GPU starts to pay, how nntutor compares with PyTorch on that GPU, and the first step.

One script for a GPU box (CuPy and a CUDA device; PyTorch with CUDA for part 3), under
about eight minutes on an H200:

    python bench/gpu_crossover.py RESULTS.txt [--threads 1,2,4,8,16] [--seconds 0.6]

1. The first GPU step of a process (``warm_up_gpu`` and one training step), in a fresh
   process with an empty CuPy kernel cache, then again in a second process with the
   cache the first one filled.
2. The crossover: steps/s of a 64-W-W-10 relu network, Adam, batch 256, float32, on the
   CPU with each BLAS thread count and on the GPU, over widths 16…4096. For each thread
   count, the smallest width from which the GPU stays faster gives the FLOP per step for
   ``GPU_CROSSOVERS`` (nntutor/engine/backend.py).
3. nntutor on the GPU against PyTorch on the same GPU, the same loop (shuffle, batches,
   step, loss and accuracy summed on the device and copied once per epoch).

Everything printed also goes to RESULTS.txt. Without a GPU it measures the CPU side only.
"""

from __future__ import annotations

import argparse
import itertools
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np

from nntutor.engine import Dataset, TrainConfig, Trainer
from nntutor.engine.backend import GPU_CROSSOVERS, load_cupy, step_flops

WIDTHS = [16, 32, 64, 128, 256, 512, 1024, 2048, 4096]
BATCHES_PER_EPOCH = 8
# (label, sizes, batch) for nntutor vs PyTorch on the GPU
SIDE_BY_SIDE = [
    ("2-16-16-1 b32", (2, 16, 16, 1), 32),
    ("784-128-10 b128", (784, 128, 10), 128),
    ("784-512-512-10 b256", (784, 512, 512, 10), 256),
    ("784-2048-2048-10 b1024", (784, 2048, 2048, 10), 1024),
    ("3072-4096-4096-10 b4096", (3072, 4096, 4096, 10), 4096),
]
FIRST_STEP = """
import time; t0 = time.perf_counter()
from nntutor.engine import TrainConfig, Trainer, warm_up_gpu
w = warm_up_gpu(TrainConfig(hidden=(64, 64), activation="relu")); w.wait()
t1 = time.perf_counter()
tr = Trainer(TrainConfig(hidden=(64, 64), activation="relu", device="gpu", epochs=1)); tr.step()
t2 = time.perf_counter()
print(f"{t1 - t0:.3f} {t2 - t1:.3f} {w.error}")
"""


class Out:
    def __init__(self, path: str) -> None:
        self.file = open(path, "w", encoding="utf-8")  # noqa: SIM115

    def __call__(self, text: str = "") -> None:
        print(text, flush=True)
        self.file.write(text + "\n")
        self.file.flush()


def data_for(sizes, batch: int) -> Dataset:
    rng = np.random.default_rng(0)
    n = batch * BATCHES_PER_EPOCH
    X = rng.normal(size=(n, sizes[0])).astype(np.float32)
    y = rng.integers(0, 2 if sizes[-1] == 1 else sizes[-1], n)
    return Dataset(X, y)


def ours_rate(device, sizes, batch, seconds, threads=None, activation="relu") -> float:
    config = TrainConfig(
        hidden=tuple(sizes[1:-1]), activation=activation, optimizer="adam", lr=0.001,
        batch_size=batch, epochs=10**9, val_fraction=0.0, device=device, dtype="float32",
        threads=threads,
    )  # fmt: skip
    trainer = Trainer(config, data_for(sizes, batch))
    trainer.run_epoch()  # warm up (CuPy compiles or loads its kernels)
    best = 0.0
    for _ in range(3):
        steps, start = trainer.steps, time.perf_counter()
        while time.perf_counter() - start < seconds / 3:
            trainer.run_epoch()  # ends with one device-to-host copy: the GPU has finished
        best = max(best, (trainer.steps - steps) / (time.perf_counter() - start))
    return best


def torch_rate(torch, sizes, batch, seconds, activation="relu") -> float:
    """PyTorch on the GPU: the same loop, metrics summed on the device, one copy per epoch."""
    dev = torch.device("cuda")
    act = {"relu": torch.nn.ReLU, "tanh": torch.nn.Tanh}[activation]
    layers = []
    for index, (a, b) in enumerate(itertools.pairwise(sizes)):
        layers.append(torch.nn.Linear(a, b))
        if index < len(sizes) - 2:
            layers.append(act())
    model = torch.nn.Sequential(*layers).to(dev)
    data = data_for(sizes, batch)
    X = torch.from_numpy(np.asarray(data.X, np.float32)).to(dev)
    binary = sizes[-1] == 1
    if binary:
        y = torch.from_numpy(data.y.astype(np.float32)).reshape(-1, 1).to(dev)
        loss_fn = torch.nn.BCEWithLogitsLoss()
    else:
        y = torch.from_numpy(data.y).to(dev)
        loss_fn = torch.nn.CrossEntropyLoss()
    opt = torch.optim.Adam(model.parameters(), lr=0.001)
    n = len(X)
    steps = 0

    def epoch() -> None:
        nonlocal steps
        order = torch.randperm(n, device=dev)
        loss_sum = torch.zeros((), device=dev)
        correct = torch.zeros((), device=dev, dtype=torch.int64)
        for start in range(0, n, batch):
            rows = order[start : start + batch]
            xb, yb = X[rows], y[rows]
            opt.zero_grad()
            out = model(xb)
            loss = loss_fn(out, yb)
            loss.backward()
            opt.step()
            with torch.no_grad():
                loss_sum += loss.detach() * len(xb)
                if binary:
                    correct += ((out > 0) == (yb > 0.5)).sum()
                else:
                    correct += (out.argmax(dim=1) == yb).sum()
            steps += 1
        with torch.no_grad():
            norms = torch.stack([p.grad.norm() for p in model.parameters()])
            torch.cat([loss_sum.reshape(1), correct.reshape(1).float(), norms]).cpu()

    epoch()
    best = 0.0
    for _ in range(3):
        before, start = steps, time.perf_counter()
        while time.perf_counter() - start < seconds / 3:
            epoch()
        best = max(best, (steps - before) / (time.perf_counter() - start))
    return best


def first_steps(out: Out) -> None:
    out("## 1. The first GPU step of a process (warm-up, then one step), seconds")
    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, CUPY_CACHE_DIR=cache, PYTHONPATH=str(ROOT))
        for label in ("empty kernel cache", "cache filled by the run before"):
            started = time.perf_counter()
            run = subprocess.run(
                [sys.executable, "-c", FIRST_STEP], check=False, capture_output=True, text=True, env=env,
                timeout=300,
            )  # fmt: skip
            total = time.perf_counter() - started
            if run.returncode != 0:
                out(f"{label}: failed: {run.stderr.strip()[-500:]}")
                continue
            warm, step, error = run.stdout.split()[-3:]
            out(f"{label:32s} warm-up {float(warm):6.2f} s, then the first step {float(step):6.3f} s "
                f"(process {total:.1f} s){'' if error == 'None' else ', error ' + error}")  # fmt: skip
    out()


def crossover(out: Out, threads_list, seconds: float, gpu: bool, widths=WIDTHS) -> None:
    out("## 2. Crossover: 64-W-W-10 relu, Adam, batch 256, float32, steps/s")
    batch = 256
    gpu_rates = {}
    header = f"{'width':>6s} {'MFLOP/step':>11s} {'GPU':>9s} " + " ".join(
        f"{'CPU ' + str(t) + 't':>9s}" for t in threads_list
    )
    out(header)
    cpu_rates: dict[int, dict[int, float]] = {t: {} for t in threads_list}
    done: set[int] = set()  # thread counts whose crossover is settled (GPU ahead 3× twice)
    for width in widths:
        sizes = (64, width, width, 10)
        flops = step_flops(sizes, batch)
        if gpu:
            gpu_rates[width] = ours_rate("gpu", sizes, batch, seconds)
        cells = []
        for t in threads_list:
            if t in done:
                cells.append(f"{'-':>9s}")
                continue
            rate = ours_rate("cpu", sizes, batch, seconds, threads=t)
            cpu_rates[t][width] = rate
            cells.append(f"{rate:9.0f}")
            behind = [w for w in cpu_rates[t] if gpu and gpu_rates[w] > 3 * cpu_rates[t][w]]
            if len(behind) >= 2 and behind[-2:] == sorted(cpu_rates[t])[-2:]:
                done.add(t)
        gpu_text = f"{gpu_rates[width]:9.0f}" if gpu else f"{'-':>9s}"
        out(f"{width:6d} {flops / 1e6:11.1f} {gpu_text} " + " ".join(cells))
    if not gpu:
        out()
        return
    out()
    found = {}
    for t in threads_list:
        widths = sorted(cpu_rates[t])
        start = next(
            (i for i in range(len(widths))
             if all(gpu_rates[w] > cpu_rates[t][w] for w in widths[i:])),
            None,
        )  # fmt: skip
        if start is None:
            out(f"{t:2d} CPU threads: the GPU never stayed faster")
            continue
        width = widths[start]
        flops = step_flops((64, width, width, 10), batch)
        found[t] = flops
        out(
            f"{t:2d} CPU threads: the GPU is faster from width {width} on, {flops / 1e6:.1f} MFLOP per step"
        )
    out(f"GPU_CROSSOVERS = {{{', '.join(f'{t}: {f:.3g}' for t, f in found.items())}}}"
        f"   (now {GPU_CROSSOVERS})")  # fmt: skip
    out()


def side_by_side(out: Out, seconds: float) -> None:
    out("## 3. nntutor vs PyTorch on the same GPU (Adam, float32), steps/s")
    try:
        import torch
    except ImportError:
        out("PyTorch is not installed: skipped")
        return
    if not torch.cuda.is_available():
        out(f"PyTorch {torch.__version__} sees no CUDA device: skipped")
        return
    out(f"PyTorch {torch.__version__}, {torch.cuda.get_device_name(0)}")
    out(f"{'network':26s} {'nntutor':>9s} {'PyTorch':>9s} {'ratio':>7s} {'TFLOP/s':>8s}")
    for label, sizes, batch in SIDE_BY_SIDE:
        activation = "tanh" if sizes[-1] == 1 else "relu"
        ours = ours_rate("gpu", sizes, batch, seconds, activation=activation)
        theirs = torch_rate(torch, sizes, batch, seconds, activation=activation)
        tflops = ours * step_flops(sizes, batch) / 1e12
        out(f"{label:26s} {ours:9.0f} {theirs:9.0f} {ours / theirs:6.2f}× {tflops:8.2f}")
    out()


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("results", help="file to write the results to")
    parser.add_argument("--threads", default="", help="CPU thread counts (default 1,2,4,… cores)")
    parser.add_argument("--seconds", type=float, default=0.6, help="timed seconds per figure")
    parser.add_argument("--widths", default=",".join(map(str, WIDTHS)))
    parser.add_argument("--skip", default="", help="parts to skip: first,crossover,torch")
    args = parser.parse_args()
    os.environ.setdefault("NNTUTOR_GPU_MEMORY", "32GiB")  # the largest network needs ~1.5 GiB
    out = Out(args.results)
    cores = len(os.sched_getaffinity(0))
    threads_list = (
        [int(t) for t in args.threads.split(",")]
        if args.threads
        else sorted({t for t in (1, 2, 4, 8, 16, 32, 64) if t <= cores} | {cores})
    )
    cpu = subprocess.run(["lscpu"], check=False, capture_output=True, text=True).stdout
    model = next(
        (ln.split(":", 1)[1].strip() for ln in cpu.splitlines() if "Model name" in ln), "?"
    )
    cupy, reason = load_cupy()
    out(f"CPU: {model}, {cores} cores; NumPy {np.__version__}")
    if cupy is None:
        out(f"No GPU here ({reason}): only the CPU side is measured.")
    else:
        props = cupy.cuda.runtime.getDeviceProperties(0)
        out(f"GPU: {props['name'].decode()}, CuPy {cupy.__version__}")
    out()
    skip = set(args.skip.split(","))
    started = time.perf_counter()
    if cupy is not None and "first" not in skip:
        first_steps(out)
    if "crossover" not in skip:
        widths = [int(w) for w in args.widths.split(",")]
        crossover(out, threads_list, args.seconds, cupy is not None, widths)
    if cupy is not None and "torch" not in skip:
        side_by_side(out, args.seconds)
    out(f"(the whole run took {time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
