"""Training speed against PyTorch on the CPU, side by side in one run.

Steps per second in float32, counting the whole training step as ``nntutor train``
runs it: the epoch's shuffle, slicing the batch, forward, loss, backward, the
optimizer, the running loss and accuracy, and the epoch's report (no validation
set, so that only training is timed). PyTorch runs the equivalent loop with its
default threads. The two alternate in short rounds and each keeps its best round,
so that a neighbour's burst of work does not decide the ratio.

    pip install torch==2.13.0      # not a dependency of nntutor
    python bench/train_speed.py [--optimizers sgd,momentum,adam] [--rounds 5] [--seconds 0.6]
                                [--wait-quiet 60] [--torch-threads N] [--networks 784-128,784-512]

On a machine shared with other people's work, each round watches how much CPU
other processes used meanwhile; only rounds where they used less than ``--quiet``
cores (0.3) count, when there are any, and the table says how many there were.
``--wait-quiet S`` also waits up to S seconds before each round for such a moment
(and lets ``--threads auto`` look at the machine again). Also measures the machine's float32 matmul peak and how close the largest
network comes to it.
"""

from __future__ import annotations

import argparse
import functools
import itertools
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np

from nntutor.engine import Dataset, TrainConfig, Trainer
from nntutor.engine.threads import OthersWatch, busy_cores

# (label, sizes, activation, batch, target ratio)
NETWORKS = [
    ("2-16-16-1 tanh, batch 32", (2, 16, 16, 1), "tanh", 32, 5.0),
    ("2-64-64-1 relu, batch 256", (2, 64, 64, 1), "relu", 256, 2.0),
    ("784-128-10 relu, batch 128", (784, 128, 10), "relu", 128, 1.4),
    ("784-512-512-10 relu, batch 256", (784, 512, 512, 10), "relu", 256, 1.2),
]
BATCHES_PER_EPOCH = 16
LR = {"sgd": 0.01, "momentum": 0.01, "adam": 0.001}
PEAK_SHARE_TARGET = 0.70


def make_data(sizes, batch: int, seed: int = 0) -> Dataset:
    rng = np.random.default_rng(seed)
    n = batch * BATCHES_PER_EPOCH
    X = rng.normal(size=(n, sizes[0])).astype(np.float32)
    if sizes[-1] == 1:
        y = (X[:, 0] * X[:, 1] > 0).astype(np.int64)  # two classes: bce
    else:
        y = rng.integers(0, sizes[-1], size=n)  # several classes: ce
    return Dataset(X, y)


def matmul_flops_per_step(sizes, batch: int) -> float:
    """Multiply-adds ×2 of one step: forward, dW for every layer, δ for every layer but the first."""
    products = [a * b for a, b in itertools.pairwise(sizes)]
    return 2.0 * batch * (2 * sum(products) + sum(products[1:]))


def ours_trainer(sizes, activation, batch, optimizer, threads=None) -> Trainer:
    config = TrainConfig(
        hidden=tuple(sizes[1:-1]), activation=activation, optimizer=optimizer, lr=LR[optimizer],
        batch_size=batch, epochs=10**6, val_fraction=0.0, dtype="float32", device="cpu",
        threads=threads,
    )  # fmt: skip
    trainer = Trainer(config, make_data(sizes, batch))
    trainer.run_epoch()  # warm up
    return trainer


def ours_rate(trainer: Trainer, seconds: float) -> float:
    steps, start = trainer.steps, time.perf_counter()
    while time.perf_counter() - start < seconds:
        trainer.run_epoch()
    return (trainer.steps - steps) / (time.perf_counter() - start)


class TorchLoop:
    """The same training loop in PyTorch: shuffle, batches, step, running loss and accuracy, grad norms."""

    def __init__(self, torch, sizes, activation, batch, optimizer) -> None:
        self.torch = torch
        act = {"tanh": torch.nn.Tanh, "relu": torch.nn.ReLU}[activation]
        layers = []
        for index, (a, b) in enumerate(itertools.pairwise(sizes)):
            layers.append(torch.nn.Linear(a, b))
            if index < len(sizes) - 2:
                layers.append(act())
        self.model = torch.nn.Sequential(*layers)
        data = make_data(sizes, batch)
        self.X = torch.from_numpy(np.asarray(data.X, dtype=np.float32))
        self.binary = sizes[-1] == 1
        if self.binary:
            self.y = torch.from_numpy(data.y.astype(np.float32)).reshape(-1, 1)
            self.loss = torch.nn.BCEWithLogitsLoss()
        else:
            self.y = torch.from_numpy(data.y)
            self.loss = torch.nn.CrossEntropyLoss()
        params = self.model.parameters()
        self.opt = {
            "sgd": lambda: torch.optim.SGD(params, lr=LR["sgd"]),
            "momentum": lambda: torch.optim.SGD(params, lr=LR["momentum"], momentum=0.9),
            "adam": lambda: torch.optim.Adam(params, lr=LR["adam"]),
        }[optimizer]()
        self.batch = batch
        self.generator = torch.Generator().manual_seed(0)
        self.steps = 0
        self.epoch()  # warm up

    def epoch(self) -> None:
        torch, n = self.torch, len(self.X)
        order = torch.randperm(n, generator=self.generator)
        X, y = self.X[order], self.y[order]
        loss_sum, correct = 0.0, 0
        for start in range(0, n, self.batch):
            xb, yb = X[start : start + self.batch], y[start : start + self.batch]
            self.opt.zero_grad()
            out = self.model(xb)
            loss = self.loss(out, yb)
            loss.backward()
            self.opt.step()
            with torch.no_grad():
                loss_sum += loss.item() * len(xb)
                if self.binary:
                    correct += int(((out > 0) == (yb > 0.5)).sum())
                else:
                    correct += int((out.argmax(dim=1) == yb).sum())
            self.steps += 1
        with torch.no_grad():
            [float(p.grad.norm()) for p in self.model.parameters()]

    def rate(self, seconds: float) -> float:
        steps, start = self.steps, time.perf_counter()
        while time.perf_counter() - start < seconds:
            self.epoch()
        return (self.steps - steps) / (time.perf_counter() - start)


def wait_for_quiet(limit: float, threshold: float) -> float:
    """Wait (up to ``limit`` seconds) until other processes keep fewer than ``threshold`` cores
    busy; returns the last figure."""
    deadline = time.monotonic() + limit
    while True:
        busy = busy_cores(0.3)
        if busy < threshold or time.monotonic() >= deadline:
            return busy


class Rounds:
    """Timed rounds; the best counts, taken from the rounds no other process disturbed if any."""

    def __init__(self, quiet: float) -> None:
        self.quiet, self.rates, self.clean_rates = quiet, [], []

    def add(self, rate: float, others_busy: float | None) -> None:
        self.rates.append(rate)
        if others_busy is not None and others_busy < self.quiet:
            self.clean_rates.append(rate)

    @property
    def clean(self) -> int:
        return len(self.clean_rates)

    def best(self) -> float:
        return max(self.clean_rates or self.rates)


def timed(rate, seconds: float) -> tuple[float, float | None]:
    """(steps per second, cores other processes kept busy meanwhile)."""
    watch = OthersWatch()
    return rate(seconds), watch.busy()


def matmul_peak(rounds: int = 5, n: int = 2048) -> float:
    """The best float32 GFLOP/s of an n×n by n×n product with NumPy's BLAS at its default threads."""
    rng = np.random.default_rng(0)
    a, b = rng.random((n, n), dtype=np.float32), rng.random((n, n), dtype=np.float32)
    c = np.empty_like(a)
    np.matmul(a, b, out=c)
    best = 0.0
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(3):
            np.matmul(a, b, out=c)
        best = max(best, 3 * 2 * n**3 / (time.perf_counter() - start) / 1e9)
    return best


def step_products(sizes, batch: int) -> list[tuple[str, int, int, int]]:
    """The matrix products of one training step as the engine computes them: (kind, out rows,
    inner size, out columns) with kind "fwd" (A·Wᵀ), "dW" (δᵀ·A) or "delta" (δ·W)."""
    products = []
    for index, (n_in, n_out) in enumerate(itertools.pairwise(sizes)):
        products.append(("fwd", batch, n_in, n_out))
        products.append(("dW", n_out, batch, n_in))
        if index:  # neither engine computes δ for the inputs
            products.append(("delta", batch, n_out, n_in))
    return products


def best_seconds(call, rounds: int = 15) -> float:
    """The fastest of ``rounds`` timings of ``call`` (each long enough to be measured well)."""
    call()
    best = float("inf")
    for _ in range(rounds):
        count, start = 0, time.perf_counter()
        while time.perf_counter() - start < 0.02:
            call()
            count += 1
        best = min(best, (time.perf_counter() - start) / count)
    return best


def products_alone(torch, sizes, batch: int) -> tuple[float, float]:
    """Seconds that one step's matrix products take when timed one by one, in the layout each
    engine uses: (NumPy's BLAS, PyTorch's). Nothing else of the step is counted, so
    1 / NumPy's figure is the most steps per second the engine could reach with this BLAS.
    Both use as many threads as PyTorch does."""
    from threadpoolctl import threadpool_limits

    rng = np.random.default_rng(0)
    ours_total = theirs_total = 0.0
    for kind, m, k, n in step_products(sizes, batch):
        if kind == "fwd":  # Z = A·Wᵀ, W stored (outputs, inputs)
            a, b = rng.random((m, k), dtype=np.float32), rng.random((n, k), dtype=np.float32).T
        elif kind == "dW":  # dW = δᵀ·A, δ stored (batch, outputs)
            a, b = rng.random((k, m), dtype=np.float32).T, rng.random((k, n), dtype=np.float32)
        else:  # δ_below = δ·W
            a, b = rng.random((m, k), dtype=np.float32), rng.random((k, n), dtype=np.float32)
        out = np.empty((m, n), np.float32)
        with threadpool_limits(limits=torch.get_num_threads(), user_api="blas"):
            ours_total += best_seconds(functools.partial(np.dot, a, b, out=out))
        ta, tb, tout = torch.from_numpy(a), torch.from_numpy(b), torch.from_numpy(out)
        theirs_total += best_seconds(functools.partial(torch.mm, ta, tb, out=tout))
    return ours_total, theirs_total


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--optimizers", default="sgd,momentum,adam")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=0.6, help="length of one timed round")
    parser.add_argument(
        "--wait-quiet", type=float, default=0.0, metavar="S", help="wait up to S s for quiet"
    )
    parser.add_argument(
        "--quiet", type=float, default=0.3, metavar="CORES", help="what counts as quiet"
    )
    parser.add_argument(
        "--torch-threads", type=int, default=0, help="PyTorch's threads (0: its default)"
    )
    parser.add_argument(
        "--networks", default="", help="only the networks whose label contains one of these"
    )
    args = parser.parse_args()
    try:
        import torch
    except ImportError:
        print("PyTorch is not installed: pip install torch==2.13.0 (a bench-only requirement)")
        return 2
    if args.torch_threads:
        torch.set_num_threads(args.torch_threads)
    wanted = [w.strip() for w in args.networks.split(",") if w.strip()]
    from threadpoolctl import threadpool_info

    blas = [
        f"{i['internal_api']} {i.get('version') or ''} {i.get('architecture') or ''} kernels, "
        f"{i['num_threads']} threads"
        for i in threadpool_info()
        if i["user_api"] == "blas"
    ]
    import subprocess

    lscpu = subprocess.run(["lscpu"], check=False, capture_output=True, text=True).stdout
    model = next(
        (ln.split(":", 1)[1].strip() for ln in lscpu.splitlines() if "Model name" in ln), "?"
    )
    print(f"CPU: {model}")
    print(f"CPU cores: {os.cpu_count()}, load average {os.getloadavg()[0]:.2f}; NumPy {np.__version__} ({', '.join(blas)}); "
          f"PyTorch {torch.__version__} with {torch.get_num_threads()} threads")  # fmt: skip
    peak_before = matmul_peak()
    print(f"float32 matmul peak (2048², NumPy BLAS): {peak_before:.1f} GFLOP/s")
    print()
    header = f"{'network':32s} {'optimizer':9s} {'ours steps/s':>13s} {'PyTorch':>9s} {'ratio':>7s} {'target':>7s}"
    print(header)
    results = []
    for label, sizes, activation, batch, target in NETWORKS:
        if wanted and not any(w in label for w in wanted):
            continue
        for optimizer in args.optimizers.split(","):
            trainer = ours_trainer(sizes, activation, batch, optimizer)
            loop = TorchLoop(torch, sizes, activation, batch, optimizer)
            ours, theirs = Rounds(args.quiet), Rounds(args.quiet)
            for _ in range(args.rounds):
                if args.wait_quiet:
                    busy = wait_for_quiet(args.wait_quiet, args.quiet)
                    trainer.threads.set_for(busy)  # what auto would choose now
                ours.add(*timed(functools.partial(ours_rate, trainer), args.seconds))
                theirs.add(*timed(loop.rate, args.seconds))
            ours_best, theirs_best = ours.best(), theirs.best()
            ratio = ours_best / theirs_best
            ok = "ok" if ratio >= target else "BELOW"
            threads = trainer.threads.threads if trainer.threads else "-"
            quiet_text = f", quiet rounds: ours {ours.clean}/{args.rounds}, PyTorch {theirs.clean}/{args.rounds}"
            print(f"{label:32s} {optimizer:9s} {ours_best:13.0f} {theirs_best:9.0f} {ratio:6.2f}× {target:5.1f}×  {ok}"
                  f"  (our BLAS threads: {threads}{quiet_text})")  # fmt: skip
            results.append((label, sizes, batch, optimizer, ours_best, ratio, target))
    peak = max(peak_before, matmul_peak())
    print()
    print(f"float32 matmul peak (best of before and after): {peak:.1f} GFLOP/s")
    failed = any(ratio < target for *_, ratio, target in results)
    for label, sizes, batch, optimizer, rate, _, _ in results:
        if sizes == NETWORKS[-1][1]:
            gflops = rate * matmul_flops_per_step(sizes, batch) / 1e9
            share = gflops / peak
            failed |= share < PEAK_SHARE_TARGET
            print(f"{label} {optimizer:9s}: {gflops:6.1f} GFLOP/s of matmul work = {share:.0%} of peak "
                  f"(target {PEAK_SHARE_TARGET:.0%})")  # fmt: skip
    largest = [r for r in results if r[1] == NETWORKS[-1][1]]
    if largest:
        print_ceiling(torch, largest, peak)
    return 1 if failed else 0


def print_ceiling(torch, largest, peak: float) -> None:
    """How fast the largest network's step could be if only its matrix products took time."""
    label, sizes, batch = largest[0][:3]
    flops = matmul_flops_per_step(sizes, batch)
    ours_s, theirs_s = products_alone(torch, sizes, batch)
    print()
    print(f"{label}: its matrix products alone, timed one by one (best of 15 each, "
          f"{torch.get_num_threads()} threads each):")  # fmt: skip
    print(f"  NumPy's BLAS {ours_s * 1e3:.2f} ms a step ({flops / ours_s / 1e9:.0f} GFLOP/s), "
          f"PyTorch's {theirs_s * 1e3:.2f} ms ({flops / theirs_s / 1e9:.0f} GFLOP/s): "
          f"PyTorch's products are {ours_s / theirs_s:.2f}× as fast")  # fmt: skip
    peak_step = flops / (PEAK_SHARE_TARGET * peak * 1e9)
    print(f"  {PEAK_SHARE_TARGET:.0%} of the peak needs a whole step in {peak_step * 1e3:.2f} ms")
    for _, _, _, optimizer, rate, ratio, target in largest:
        theirs_rate = rate / ratio
        step_s = 1 / rate
        budget = 1 / (target * theirs_rate) - ours_s
        print(f"  {optimizer:9s}: our step {step_s * 1e3:.2f} ms, of which {(step_s - ours_s) * 1e3:.2f} ms "
              f"is not products; at most {1 / ours_s / theirs_rate:.2f}× PyTorch with no other work; "
              f"{target:.1f}× leaves {budget * 1e3:.2f} ms for the rest")  # fmt: skip


if __name__ == "__main__":
    raise SystemExit(main())
