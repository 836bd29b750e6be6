"""Datasets: generated ones for the lessons and the lab, and the learner's own files.

Everything here is plain NumPy on the host; the trainer moves arrays to the device.
Classification targets are integer labels 0, 1, …, K−1; regression targets are floats.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from nntutor.engine.errors import ConfigError

MAX_CLASSES = (
    100  # integer targets 0..K-1 with K at most this count as class labels under --loss auto
)
MAX_CE_CLASSES = 10_000


@dataclass
class Dataset:
    """Inputs X of shape (samples, features) and targets y, with an optional validation set.

    X of one dimension is one feature per sample; more dimensions are flattened per sample
    (an image of 28 × 28 pixels becomes 784 features)."""

    X: np.ndarray
    y: np.ndarray
    X_val: np.ndarray | None = None
    y_val: np.ndarray | None = None
    name: str = ""
    task: str | None = None  # "classification", "regression", or None to infer from y

    @property
    def features(self) -> int:
        return int(np.asarray(self.X).reshape(len(self.X), -1).shape[1])


@dataclass(frozen=True)
class DatasetSpec:
    make: Callable[[int, float, np.random.Generator], tuple[np.ndarray, np.ndarray]]
    noise: float  # default noise
    task: str
    description: str


def _xor(n: int, noise: float, rng: np.random.Generator):
    X = rng.uniform(-1, 1, size=(n, 2))
    y = ((X[:, 0] > 0) != (X[:, 1] > 0)).astype(np.int64)
    return X + rng.normal(0, noise, size=X.shape), y


def _circles(n: int, noise: float, rng: np.random.Generator):
    y = np.arange(n) % 2  # 0: outer circle (radius 1), 1: inner circle (radius 0.5)
    t = rng.uniform(0, 2 * math.pi, size=n)
    r = np.where(y == 0, 1.0, 0.5)
    X = np.stack([r * np.cos(t), r * np.sin(t)], axis=1)
    return X + rng.normal(0, noise, size=X.shape), y


def _moons(n: int, noise: float, rng: np.random.Generator):
    y = np.arange(n) % 2
    t = rng.uniform(0, math.pi, size=n)
    X = np.where(
        (y == 0)[:, None],
        np.stack([np.cos(t), np.sin(t)], axis=1),
        np.stack([1 - np.cos(t), 0.5 - np.sin(t)], axis=1),
    )
    return X + rng.normal(0, noise, size=X.shape), y


def _spirals(n: int, noise: float, rng: np.random.Generator, arms: int = 3):
    y = np.arange(n) % arms
    r = rng.uniform(0.05, 1.0, size=n)  # distance from the centre
    t = 2 * math.pi * (y / arms + 0.75 * r)  # each arm winds three quarters of a turn
    X = np.stack([r * np.cos(t), r * np.sin(t)], axis=1)
    return X + rng.normal(0, noise, size=X.shape), y


def _blobs(n: int, noise: float, rng: np.random.Generator, centres: int = 3):
    y = np.arange(n) % centres
    angle = 2 * math.pi * y / centres
    X = np.stack([np.cos(angle), np.sin(angle)], axis=1) * 2.0
    return X + rng.normal(0, noise, size=X.shape), y


def _sine(n: int, noise: float, rng: np.random.Generator):
    x = rng.uniform(-math.pi, math.pi, size=(n, 1))
    return x, np.sin(x) + rng.normal(0, noise, size=x.shape)


DATASETS: dict[str, DatasetSpec] = {
    "xor": DatasetSpec(_xor, 0.05, "classification", "two classes in the four quadrants, like XOR"),
    "circles": DatasetSpec(
        _circles, 0.08, "classification", "a ring of one class around a disc of the other"
    ),
    "moons": DatasetSpec(_moons, 0.15, "classification", "two interleaved half-moons"),
    "spirals": DatasetSpec(
        _spirals, 0.04, "classification", "three spiral arms winding out of the centre"
    ),
    "blobs": DatasetSpec(_blobs, 0.6, "classification", "three Gaussian blobs"),
    "sine": DatasetSpec(_sine, 0.1, "regression", "y = sin(x) plus noise, one input (regression)"),
}
DEFAULT_SAMPLES = 1000


def make_dataset(
    name: str, samples: int = DEFAULT_SAMPLES, noise: float | None = None, seed: int = 0
) -> Dataset:
    """A generated dataset; the same name, size, noise and seed give the same data."""
    spec = DATASETS.get(name)
    if spec is None:
        raise ConfigError(f"unknown dataset {name!r}; choose one of {', '.join(DATASETS)}")
    if samples < 2:
        raise ConfigError(f"a dataset needs at least 2 samples (got {samples})")
    noise = spec.noise if noise is None else noise
    if not (noise >= 0 and math.isfinite(noise)):
        raise ConfigError(f"noise must be zero or positive (got {noise})")
    X, y = spec.make(samples, noise, np.random.default_rng(seed))
    return Dataset(X, y, name=name, task=spec.task)


BOUNDARY_RANGE = (-1.0, 1.0)  # points of a boundary dataset are drawn uniformly in this square


def boundary_dataset(
    label: Callable[[np.ndarray], np.ndarray],
    samples: int = DEFAULT_SAMPLES,
    noise: float | None = None,
    seed: int = 0,
    name: str = "boundary",
) -> Dataset:
    """Points drawn uniformly in [-1, 1]², labelled 1 or 0 by ``label(X)`` (a boolean per row).

    ``noise`` (default 0) moves each point by Gaussian noise after it is labelled, so that
    the classes overlap near the boundary. The same label, size, noise and seed give the
    same data."""
    if samples < 2:
        raise ConfigError(f"a dataset needs at least 2 samples (got {samples})")
    noise = 0.0 if noise is None else noise
    if not (noise >= 0 and math.isfinite(noise)):
        raise ConfigError(f"noise must be zero or positive (got {noise})")
    rng = np.random.default_rng([seed, 4])
    X = rng.uniform(*BOUNDARY_RANGE, size=(samples, 2))
    y = np.asarray(label(X), dtype=bool).reshape(-1).astype(np.int64)
    if noise:
        X = X + rng.normal(0, noise, size=X.shape)
    return Dataset(X, y, name=name, task="classification")


def load_data(path: str | Path) -> Dataset:
    """The learner's data: ``.npz`` with X, y and optionally X_val, y_val, or ``.csv`` with the target last."""
    path = Path(path).expanduser()
    if not path.is_file():
        raise ConfigError(f"no data file at {path}")
    suffix = path.suffix.lower()
    if suffix == ".npz":
        data = _load_npz(path)
    elif suffix == ".csv":
        data = _load_csv(path)
    else:
        raise ConfigError(
            f"{path.name}: data files must be .npz (arrays X, y) or .csv (target in the last column)"
        )
    check_dataset(data, source=path.name)
    return data


MAX_CSV_BYTES = 256 * 1024**2


def _load_npz(path: Path) -> Dataset:
    from nntutor.engine.npzsafe import NpzError, read_npz

    try:
        arrays = read_npz(path)
    except NpzError as exc:
        raise ConfigError(f"{path.name}: {exc}") from None
    missing = [key for key in ("X", "y") if key not in arrays]
    if missing:
        raise ConfigError(
            f"{path.name} has no array {' or '.join(missing)}; it needs X (inputs) and y (targets)"
        )
    if ("X_val" in arrays) != ("y_val" in arrays):
        raise ConfigError(f"{path.name} has only one of X_val and y_val; give both or neither")
    return Dataset(
        arrays["X"], arrays["y"], arrays.get("X_val"), arrays.get("y_val"), name=path.stem
    )


def _load_csv(path: Path) -> Dataset:
    try:
        table = _read_csv_numbers(path)
    except ValueError as exc:
        raise ConfigError(f"{path.name}: {exc}") from None
    if table.ndim != 2 or table.shape[1] < 2:
        raise ConfigError(
            f"{path.name} needs at least two columns: inputs, then the target in the last column"
        )
    return Dataset(table[:, :-1], table[:, -1], name=path.stem)


def _read_csv_numbers(path: Path) -> np.ndarray:
    size = path.stat().st_size
    if size > MAX_CSV_BYTES:
        raise ValueError(
            f"the file is {size:,} bytes; at most {MAX_CSV_BYTES:,} are read (use .npz for more)"
        )
    try:
        with open(path, encoding="utf-8-sig") as f:
            text = f.read(MAX_CSV_BYTES + 1)
    except UnicodeDecodeError:
        raise ValueError("the file is not UTF-8 text") from None
    if len(text) > MAX_CSV_BYTES:
        raise ValueError(f"the file is larger than {MAX_CSV_BYTES:,} bytes")
    if "\0" in text:
        raise ValueError("the file holds NUL bytes: it is not a CSV text file")
    lines = [(number, line) for number, line in enumerate(text.splitlines(), 1) if line.strip()]
    if not lines:
        raise ValueError("the file is empty")
    try:
        [float(v) for v in lines[0][1].split(",")]
    except ValueError:
        lines = lines[1:]  # a header row
    rows = []
    for number, line in lines:
        try:
            rows.append([float(v) for v in line.split(",")])
        except ValueError:
            raise ValueError(
                f"line {number} holds something that is not a number: {line[:60]!r}"
            ) from None
    if not rows:
        raise ValueError("there are no data rows")
    if len({len(r) for r in rows}) != 1:
        raise ValueError("the rows do not all have the same number of columns")
    return np.array(rows, dtype=np.float64)


def split_validation(data: Dataset, val_fraction: float, seed: int = 0) -> Dataset:
    """The data with a validation set: its own X_val, y_val if it has them, else a seeded share
    ``val_fraction`` of the samples held out (none when it is 0). This is the Trainer's split."""
    X = np.asarray(data.X, dtype=np.float64)
    X = X.reshape(len(X), -1)
    y = np.asarray(data.y)
    if data.X_val is not None:
        X_val = np.asarray(data.X_val, dtype=np.float64)
        X_val = X_val.reshape(len(X_val), -1)
        return Dataset(X, y, X_val, np.asarray(data.y_val), name=data.name, task=data.task)
    if val_fraction == 0:
        return Dataset(X, y, name=data.name, task=data.task)
    n_val = max(1, round(len(X) * val_fraction))
    if n_val >= len(X):
        raise ConfigError(
            f"{len(X)} samples leave none for training after the validation split "
            f"(--val-fraction {val_fraction:g}); use more samples or --val-fraction 0"
        )
    order = np.random.default_rng([seed, 2]).permutation(len(X))
    train, held = order[n_val:], order[:n_val]
    return Dataset(X[train], y[train], X[held], y[held], name=data.name, task=data.task)


def check_dataset(data: Dataset, source: str = "the data") -> None:
    """Shapes and values that a network can learn from, or a ConfigError that says what is wrong."""
    for X, y, part in ((data.X, data.y, ""), (data.X_val, data.y_val, " validation")):
        if X is None:
            continue
        X, y = np.asarray(X), np.asarray(y)
        if X.ndim == 0 or X.size == 0:
            raise ConfigError(
                f"{source}:{part} inputs X must be a table of shape (samples, features), got {X.shape}"
            )
        if y.ndim not in (1, 2) or y.shape[0] != X.shape[0]:
            raise ConfigError(
                f"{source}:{part} X has {X.shape[0]} samples but y has shape {y.shape}; "
                "y needs one row per sample"
            )
        for arr, what in ((X, "X"), (y, "y")):
            if not np.issubdtype(arr.dtype, np.number) or np.issubdtype(
                arr.dtype, np.complexfloating
            ):
                raise ConfigError(
                    f"{source}:{part} {what} must hold real numbers (it holds {arr.dtype})"
                )
            if not np.all(np.isfinite(arr)):
                raise ConfigError(f"{source}:{part} {what} contains NaN or infinite values")
    if data.X_val is not None:
        features = np.asarray(data.X).reshape(len(data.X), -1).shape[1]
        val_features = np.asarray(data.X_val).reshape(len(data.X_val), -1).shape[1]
        if features != val_features:
            raise ConfigError(f"{source}: X has {features} features but X_val has {val_features}")


@dataclass(frozen=True)
class Targets:
    """How targets meet the network: the loss, the number of outputs, and the classes (or None)."""

    loss: str
    outputs: int
    classes: int | None = None

    def encode(self, y: np.ndarray, dtype) -> tuple[np.ndarray, np.ndarray | None]:
        """(Y, labels): Y of shape (samples, outputs) for the loss, labels for accuracy under ``ce``."""
        y = np.asarray(y)
        if self.loss == "ce":
            labels = _as_labels(y)
            Y = np.zeros((len(labels), self.outputs), dtype=dtype)
            Y[np.arange(len(labels)), labels] = 1
            return Y, labels
        Y = y.reshape(len(y), -1).astype(dtype)
        if Y.shape[1] != self.outputs:
            raise ConfigError(
                f"the validation targets have {Y.shape[1]} columns but the training targets {self.outputs}"
            )
        return Y, None


def _integer_valued(y: np.ndarray) -> bool:
    return bool(np.issubdtype(y.dtype, np.integer) or np.all(np.equal(np.mod(y, 1), 0)))


def _is_one_hot(y: np.ndarray) -> bool:
    return (
        y.ndim == 2
        and y.shape[1] > 1
        and bool(np.all((y == 0) | (y == 1)) and np.all(y.sum(axis=1) == 1))
    )


def _as_labels(y: np.ndarray) -> np.ndarray:
    return (np.argmax(y, axis=1) if _is_one_hot(y) else y.reshape(-1)).astype(np.int64)


def resolve_targets(loss: str, data: Dataset) -> Targets:
    """The loss for ``--loss`` (``auto`` picks one from the data) and what it needs of the targets."""
    ys = [np.asarray(data.y)] + ([np.asarray(data.y_val)] if data.y_val is not None else [])
    columns = ys[0].shape[1] if ys[0].ndim == 2 else 1
    if loss == "auto":
        loss = _infer_loss(ys, data.task)
    if loss == "mse":
        return Targets("mse", columns)
    if loss == "bce":
        if not all(np.all((y >= 0) & (y <= 1)) for y in ys):
            raise ConfigError(
                "binary cross-entropy (--loss bce) needs targets between 0 and 1 (class labels 0 and 1)"
            )
        return Targets("bce", columns, 2)
    # ce: class labels 0..K-1, or one-hot rows
    if not all(
        _is_one_hot(y) or (y.reshape(len(y), -1).shape[1] == 1 and _integer_valued(y)) for y in ys
    ):
        raise ConfigError(
            "cross-entropy (--loss ce) needs class labels 0, 1, …, K−1 (one column) or one-hot rows"
        )
    labels = np.concatenate([_as_labels(y) for y in ys])
    if labels.min() < 0:
        raise ConfigError(f"class labels must be 0, 1, …, K−1; found {labels.min()}")
    classes = max(int(labels.max()) + 1, ys[0].shape[1] if _is_one_hot(ys[0]) else 2)
    if classes > MAX_CE_CLASSES:
        raise ConfigError(f"the largest class label is {classes - 1}; labels must be 0, 1, …, K−1")
    return Targets("ce", classes, classes)


def _infer_loss(ys: list[np.ndarray], task: str | None) -> str:
    y = ys[0]
    if task == "regression":
        return "mse"
    if y.ndim == 2 and y.shape[1] > 1:
        return "ce" if _is_one_hot(y) else "mse"
    looks_like_labels = all(
        _integer_valued(v) and v.min() >= 0 and v.max() < MAX_CLASSES for v in ys
    )
    if task == "classification" or looks_like_labels:
        if not looks_like_labels:
            raise ConfigError("class labels must be whole numbers 0, 1, …, K−1")
        top = max(int(v.max()) for v in ys)
        return "bce" if top <= 1 else "ce"
    return "mse"
