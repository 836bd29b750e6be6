"""Parity with PyTorch: the same data and initial weights, full batch, float64.

After 1 and 50 steps of SGD, momentum and Adam, the largest absolute difference
between our weights and PyTorch's must be at most 1e-9.

    pip install torch==2.13.0      # not a dependency of nntutor
    python bench/torch_parity.py

Prints every difference; exits 1 if any is above the bound.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np

from nntutor.engine import Dataset, TrainConfig, Trainer, make_dataset

BOUND = 1e-9
CHECKPOINTS = (1, 50)

# (name, dataset, hidden, activation, l2)
SETUPS = [
    ("moons  2-16-16-1  tanh    bce", "moons", (16, 16), "tanh", 0.0),
    ("spirals 2-32-32-3 relu    ce ", "spirals", (32, 32), "relu", 0.0),
    ("sine   1-16-16-1  sigmoid mse", "sine", (16, 16), "sigmoid", 0.0),
    ("blobs  2-8-3      leaky   ce ", "blobs", (8,), "leaky_relu", 0.0),
    ("xor    2-12-1     softplus bce", "xor", (12,), "softplus", 0.0),
    ("moons  2-16-16-1  tanh bce +l2", "moons", (16, 16), "tanh", 0.01),
]
LEARNING_RATES = {"sgd": 0.1, "momentum": 0.05, "adam": 0.01}


def torch_model(torch, trainer: Trainer):
    act = {
        "tanh": torch.nn.Tanh,
        "relu": torch.nn.ReLU,
        "sigmoid": torch.nn.Sigmoid,
        "leaky_relu": lambda: torch.nn.LeakyReLU(0.01),
        "softplus": torch.nn.Softplus,
    }[trainer.config.activation]
    modules = []
    weights = trainer.network.get_weights()
    for index, (W, b) in enumerate(weights):
        linear = torch.nn.Linear(W.shape[1], W.shape[0]).double()
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(W))
            linear.bias.copy_(torch.from_numpy(b))
        modules.append(linear)
        if index < len(weights) - 1:
            modules.append(act())
    return torch.nn.Sequential(*modules)


def torch_optimizer(torch, model, name: str, lr: float, l2: float):
    weights = [m.weight for m in model if isinstance(m, torch.nn.Linear)]
    biases = [m.bias for m in model if isinstance(m, torch.nn.Linear)]
    groups = [{"params": weights, "weight_decay": l2}, {"params": biases, "weight_decay": 0.0}]
    if name == "sgd":
        return torch.optim.SGD(groups, lr=lr)
    if name == "momentum":
        return torch.optim.SGD(groups, lr=lr, momentum=0.9)
    return torch.optim.Adam(groups, lr=lr)


def torch_loss(torch, loss: str, data: Dataset):
    X = torch.from_numpy(np.asarray(data.X, dtype=np.float64))
    y = np.asarray(data.y)
    if loss == "ce":
        return X, torch.from_numpy(y.astype(np.int64)), torch.nn.CrossEntropyLoss()
    target = torch.from_numpy(y.reshape(len(y), -1).astype(np.float64))
    return X, target, torch.nn.MSELoss() if loss == "mse" else torch.nn.BCEWithLogitsLoss()


def compare(torch, setup, optimizer: str) -> list[float]:
    _, dataset, hidden, activation, l2 = setup
    data = make_dataset(dataset, samples=200, seed=4)
    config = TrainConfig(
        dataset=dataset, hidden=hidden, activation=activation, optimizer=optimizer,
        lr=LEARNING_RATES[optimizer], l2=l2, batch_size=len(data.X), shuffle=False,
        val_fraction=0.0, dtype="float64", device="cpu", epochs=max(CHECKPOINTS), seed=4,
    )  # fmt: skip
    ours = Trainer(config, data)
    model = torch_model(torch, ours)
    opt = torch_optimizer(torch, model, optimizer, config.learning_rate, l2)
    X, target, loss_fn = torch_loss(torch, ours.targets.loss, data)
    differences = []
    for step in range(1, max(CHECKPOINTS) + 1):
        ours.step()
        opt.zero_grad()
        loss_fn(model(X), target).backward()
        opt.step()
        if step in CHECKPOINTS:
            theirs = [m for m in model if isinstance(m, torch.nn.Linear)]
            worst = 0.0
            for (W, b), linear in zip(ours.network.get_weights(), theirs, strict=True):
                worst = max(worst, float(np.max(np.abs(W - linear.weight.detach().numpy()))))
                worst = max(worst, float(np.max(np.abs(b - linear.bias.detach().numpy()))))
            differences.append(worst)
    return differences


def main() -> int:
    try:
        import torch
    except ImportError:
        print("PyTorch is not installed: pip install torch==2.13.0 (a bench-only requirement)")
        return 2
    torch.manual_seed(0)
    print(
        f"PyTorch {torch.__version__}, NumPy {np.__version__}; full batch, float64; bound {BOUND:g}"
    )
    print(
        f"{'network':32s} {'optimizer':9s} "
        + " ".join(f"{f'after {n} step(s)':>16s}" for n in CHECKPOINTS)
    )
    failed = False
    worst = 0.0
    for setup in SETUPS:
        for optimizer in ("sgd", "momentum", "adam"):
            diffs = compare(torch, setup, optimizer)
            worst = max(worst, *diffs)
            failed |= any(d > BOUND for d in diffs)
            flags = " ".join(f"{d:16.3e}" for d in diffs)
            print(
                f"{setup[0]:32s} {optimizer:9s} {flags}"
                + ("   ABOVE BOUND" if max(diffs) > BOUND else "")
            )
    print(
        f"largest absolute weight difference: {worst:.3e} ({'FAIL' if failed else 'ok'}, bound {BOUND:g})"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
