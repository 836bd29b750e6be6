"""The training loop: shuffled mini-batches, steps, epochs, validation and early stopping.

Metrics stay on the device during an epoch and are copied to the host once, at
the epoch's report.
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from nntutor.engine.backend import select_backend, step_flops
from nntutor.engine.config import DEFAULT_LR, TrainConfig, is_boundary_formula
from nntutor.engine.data import (
    Dataset,
    check_dataset,
    load_data,
    make_dataset,
    resolve_targets,
    split_validation,
)
from nntutor.engine.errors import ConfigError, TrainingDiverged
from nntutor.engine.features import apply_features
from nntutor.engine.network import Network
from nntutor.engine.optimizers import OPTIMIZERS
from nntutor.engine.threads import ThreadPolicy, thread_policy


@dataclass
class EpochReport:
    epoch: int  # 1 for the first epoch
    train_loss: float  # mean loss of the epoch's batches, as they were trained
    val_loss: float | None  # on the validation set after the epoch; None without one
    train_acc: float | None  # classification only
    val_acc: float | None
    grad_norms: list[float] = field(default_factory=list)  # per layer, at the epoch's last step
    steps: int = 0  # steps taken since training began
    seconds: float = 0.0  # training time since training began

    def as_json(self) -> dict:
        row = {"epoch": self.epoch, "train_loss": self.train_loss, "val_loss": self.val_loss}
        if self.train_acc is not None:
            row.update(train_acc=self.train_acc, val_acc=self.val_acc)
        return row


class Trainer:
    """Trains a network as ``config`` says, on ``data`` or on the data the config names."""

    def __init__(self, config: TrainConfig, data: Dataset | None = None) -> None:
        config.validate(data_given=data is not None)
        self.config = cfg = config
        if data is None:
            if cfg.data_path is not None:
                data = load_data(cfg.data_path)
            elif is_boundary_formula(cfg.dataset):
                raise ConfigError(
                    f"the dataset {cfg.dataset!r} is a formula: build its points with "
                    "nntutor.lab.datasets.make_data(config) and pass them to Trainer(config, data)"
                )
            else:
                data = make_dataset(cfg.dataset, cfg.samples, cfg.noise, cfg.seed)
        else:
            check_dataset(data)
        self.data = data
        self.targets = resolve_targets(cfg.loss, data)
        split = split_validation(data, cfg.val_fraction, cfg.seed)
        X, y = split.X, split.y
        val = (split.X_val, split.y_val) if split.X_val is not None else None
        self.features = X.shape[1]  # raw inputs per sample (what predict takes)
        if cfg.features:
            X = apply_features(X, cfg.features)
            if val is not None:
                val = (apply_features(val[0], cfg.features), val[1])
        self.inputs = X.shape[1]  # what the network reads: the raw inputs, or the chosen features
        sizes = (self.inputs, *cfg.hidden, self.targets.outputs)
        self.batch_size = min(cfg.batch_size, len(X))
        self.backend, note = select_backend(
            cfg.device, step_flops(sizes, self.batch_size), cfg.seed, cores=cfg.threads
        )
        self.notes: list[str] = [note] if note else []
        largest_product = self.batch_size * max(a * b for a, b in itertools.pairwise(sizes))
        self.threads: ThreadPolicy | None = (
            thread_policy(cfg.threads, largest_product) if self.backend.device == "cpu" else None
        )
        self._input_scale = float(np.max(np.abs(X)))
        self._target_scale = float(np.max(np.abs(y))) if self.targets.loss == "mse" else 1.0
        try:
            self._setup(sizes, X, y, val)
        except MemoryError:
            raise ConfigError(
                f"a {'-'.join(map(str, sizes))} network with batch size {self.batch_size} does not fit in the "
                f"{'GPU memory this learner may use (NNTUTOR_GPU_MEMORY)' if self.device == 'gpu' else 'memory'}; "
                "try fewer or narrower layers, or a smaller batch"
            ) from None

    def _setup(self, sizes, X, y, val) -> None:
        cfg, backend = self.config, self.backend
        xp, dtype = backend.xp, np.dtype(cfg.dtype)
        self.network = Network(
            sizes, cfg.activation, self.targets.loss, backend, cfg.dtype, cfg.seed, cfg.dropout
        )
        if cfg.init_weights:
            self.network.load(cfg.init_weights)
        options = {"momentum": cfg.momentum} if cfg.optimizer == "momentum" else {}
        net = self.network
        self.optimizer = OPTIMIZERS[cfg.optimizer](
            net.params,
            net.grads,
            cfg.learning_rate,
            xp,
            l2=cfg.l2,
            weight_count=net.weight_count,
            **options,
        )
        Y, labels = self.targets.encode(y, dtype)
        self._X, self._Y = backend.asarray(X, dtype), backend.asarray(Y)
        self._labels = backend.asarray(labels) if labels is not None else None
        self._n = len(X)
        if cfg.shuffle:  # each step gathers its shuffled batch into these buffers
            rows = self.batch_size
            self._xb = xp.empty((rows, *self._X.shape[1:]), self._X.dtype)
            self._yb = xp.empty((rows, *self._Y.shape[1:]), self._Y.dtype)
            self._lb = xp.empty(rows, self._labels.dtype) if labels is not None else None
        self._order = None
        self._val = None
        if val is not None:
            Y_val, labels_val = self.targets.encode(val[1], dtype)
            self._val = (
                backend.asarray(val[0], dtype),
                backend.asarray(Y_val),
                backend.asarray(labels_val) if labels_val is not None else None,
            )
        net.allocate(self.batch_size)
        self._shuffle_rng = np.random.default_rng([cfg.seed, 3])
        self._best_params = xp.empty_like(net.params) if cfg.patience is not None else None
        self.history: list[EpochReport] = []
        self.epoch = 0  # epochs completed
        self.steps = 0
        self.seconds = 0.0
        self.best_epoch: int | None = None
        self.best_loss: float | None = None
        self.stopped_early = False
        self._cursor = 0
        self._in_epoch = False

    # ---- facts ----------------------------------------------------------------------------
    @property
    def device(self) -> str:
        return self.backend.device

    @property
    def steps_per_epoch(self) -> int:
        return -(-self._n // self.batch_size)

    @property
    def classification(self) -> bool:
        return self.network.head.classification

    @property
    def finished(self) -> bool:
        return self.stopped_early or self.epoch >= self.config.epochs

    @property
    def train_size(self) -> int:
        return self._n

    @property
    def val_size(self) -> int:
        return 0 if self._val is None else len(self._val[0])

    # ---- training ---------------------------------------------------------------------------
    def _begin_epoch(self) -> None:
        if self.config.shuffle:
            self._order = self.backend.asarray(self._shuffle_rng.permutation(self._n))
        self._cursor = 0
        self._loss_sum = 0.0
        self._correct = 0
        self._in_epoch = True

    def _batch(self, start: int, stop: int):
        """(X, Y, labels) of the epoch's samples start…stop−1, in the epoch's order."""
        if self._order is None:
            labels = self._labels[start:stop] if self._labels is not None else None
            return self._X[start:stop], self._Y[start:stop], labels
        rows, n, gather = self._order[start:stop], stop - start, self.backend.gather
        X = gather(self._X, rows, self._xb[:n])
        Y = gather(self._Y, rows, self._yb[:n])
        labels = gather(self._labels, rows, self._lb[:n]) if self._lb is not None else None
        return X, Y, labels

    def _train_batch(self):
        """One step on the next batch of the epoch; returns its loss, still on the device."""
        start = self._cursor
        stop = min(start + self.batch_size, self._n)
        net = self.network
        X, Y, labels = self._batch(start, stop)
        loss = net.gradients(X, Y)
        self.optimizer.step()
        self._loss_sum = self._loss_sum + loss * (stop - start)
        if net.head.classification:
            self._correct = self._correct + net.head.correct(net.layers[-1].z, Y, labels)
        self._cursor = stop
        self.steps += 1
        return loss

    def step(self) -> float:
        """One mini-batch step; returns that batch's loss. The epoch's last step also closes the epoch."""
        started = time.perf_counter()
        with np.errstate(all="ignore"):
            if not self._in_epoch:
                self._begin_epoch()
            loss = float(self._train_batch())
            self.seconds += time.perf_counter() - started
            if not math.isfinite(loss):
                raise self._diagnose(loss)
            if self._cursor >= self._n:
                self._end_epoch()
        return loss

    def run_epoch(self) -> EpochReport:
        """The rest of the current epoch (a whole one if none is under way); returns its report."""
        started = time.perf_counter()
        with np.errstate(all="ignore"):
            if not self._in_epoch:
                self._begin_epoch()
            train_batch, n = self._train_batch, self._n
            while self._cursor < n:
                train_batch()
            self.seconds += time.perf_counter() - started
            return self._end_epoch()

    def fit(
        self,
        on_epoch: Callable[[EpochReport], object] | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> list[EpochReport]:
        """Epochs until ``config.epochs``, early stopping or ``should_stop()``; returns their reports.

        With ``patience`` set, the weights of the best epoch are restored when training finishes.
        """
        reports = []
        while not self.finished:
            if should_stop is not None and should_stop():
                break
            report = self.run_epoch()
            reports.append(report)
            if on_epoch is not None:
                on_epoch(report)
        if self.finished and self.best_epoch is not None:
            self.restore_best()
        return reports

    def _end_epoch(self) -> EpochReport:
        started = time.perf_counter()
        net = self.network
        values = [self._loss_sum, self._correct]
        if self._val is not None:
            values.extend(net.evaluate(*self._val))
        values.append(net.grad_norms())
        host = self.backend.floats(values)  # the one copy to the host
        n = self._n
        train_loss, train_correct = host[0] / n, host[1] / n
        val_loss = val_acc = None
        if self._val is not None:
            n_val = len(self._val[0])
            val_loss, val_acc = host[2] / n_val, host[3] / n_val
            norms = host[4:]
        else:
            norms = host[2:]
        self.epoch += 1
        self._in_epoch = False
        self.seconds += time.perf_counter() - started
        classify = net.head.classification
        report = EpochReport(
            epoch=self.epoch,
            train_loss=train_loss,
            val_loss=val_loss,
            train_acc=train_correct if classify else None,
            val_acc=val_acc if classify else None,
            grad_norms=norms,
            steps=self.steps,
            seconds=self.seconds,
        )
        self.history.append(report)
        for loss in (train_loss, val_loss):
            if loss is not None and not math.isfinite(loss):
                raise self._diagnose(loss)
        if self.config.patience is not None:
            self._watch_for_early_stop(report)
        if self.threads is not None:
            self.threads.recheck()
        return report

    def _watch_for_early_stop(self, report: EpochReport) -> None:
        watched = report.val_loss if report.val_loss is not None else report.train_loss
        if self.best_loss is None or watched < self.best_loss:
            self.best_loss, self.best_epoch = watched, report.epoch
            self.backend.xp.copyto(self._best_params, self.network.params)
        elif report.epoch - self.best_epoch >= self.config.patience:
            self.stopped_early = True

    def restore_best(self) -> None:
        """Put back the weights of the epoch with the lowest validation loss (needs ``patience``)."""
        if self.best_epoch is not None:
            self.backend.xp.copyto(self.network.params, self._best_params)

    def _diagnose(self, loss: float) -> TrainingDiverged:
        from nntutor.engine.explain import diverged

        cfg = self.config
        epoch = self.epoch + 1 if self._in_epoch else self.epoch
        why = diverged(
            loss,
            epoch,
            cfg.learning_rate,
            cfg.optimizer,
            DEFAULT_LR[cfg.optimizer],
            self._input_scale,
            self._target_scale,
        )
        return TrainingDiverged(epoch, why.render(), why)

    # ---- using the network ------------------------------------------------------------------
    def _inputs(self, X) -> object:
        X = np.asarray(X, dtype=np.float64)
        if X.ndim == 1 and self.features == 1:
            X = X[:, None]
        if X.ndim != 2 or X.shape[1] != self.features:
            raise ConfigError(
                f"the network takes {self.features} inputs per sample; got data of shape {X.shape}"
            )
        if self.config.features:
            X = apply_features(X, self.config.features)
        return self.backend.asarray(X, self.network.dtype)

    def predict(self, X) -> np.ndarray:
        """The network's outputs (probabilities for classification) for inputs X, on the host."""
        with np.errstate(all="ignore"):
            return self.backend.to_host(self.network.predict(self._inputs(X)))

    def classify(self, X) -> np.ndarray:
        """Predicted class labels for inputs X (classification only)."""
        outputs = self.predict(X)
        if self.targets.loss == "ce":
            return np.argmax(outputs, axis=1)
        if self.targets.loss == "bce":
            labels = (outputs > 0.5).astype(np.int64)
            return labels[:, 0] if labels.shape[1] == 1 else labels
        raise ConfigError("this network does regression; it has no classes to predict")

    def predict_grid(
        self, xmin: float, xmax: float, ymin: float, ymax: float, nx: int, ny: int
    ) -> np.ndarray:
        """Outputs over an nx × ny grid of 2-D inputs, shape (ny, nx, outputs); row 0 is y = ymin."""
        if self.features != 2:
            raise ConfigError(
                f"a decision-boundary grid needs 2 inputs; this network takes {self.features}"
            )
        gx, gy = np.meshgrid(np.linspace(xmin, xmax, nx), np.linspace(ymin, ymax, ny))
        outputs = self.predict(np.stack([gx.ravel(), gy.ravel()], axis=1))
        return outputs.reshape(ny, nx, -1)

    def save_weights(self, path: str | Path) -> None:
        self.network.save(path)

    def export_numpy(self, path: str | Path, inline: bool | None = None) -> list[Path]:
        """A standalone NumPy script whose ``predict`` returns what ``self.predict`` returns."""
        from nntutor.engine.export import export_numpy

        return export_numpy(self.network, path, self.config.features, inline=inline)

    def export_torch(self, path: str | Path) -> Path:
        """The network as a PyTorch ``nn.Sequential`` script, its weights loaded."""
        from nntutor.engine.export import export_torch

        return export_torch(self.network, path, self.config.features)

    def load_weights(self, path: str | Path) -> None:
        """Load W1, b1, …, WL, bL from an .npz file; ConfigError when the shapes do not fit."""
        self.network.load(path)

    def set_training_data(self, X, y) -> None:
        """Train on X, y from the next step on (the lab's hand-edited points); same targets' kind.

        An epoch under way goes on over a fresh order of the new samples."""
        X = np.asarray(X, dtype=np.float64)
        if X.ndim != 2 or X.shape[1] != self.features or len(X) == 0:
            raise ConfigError(
                f"the training data needs at least one sample of {self.features} inputs"
            )
        backend, xp, dtype = self.backend, self.backend.xp, self.network.dtype
        Y, labels = self.targets.encode(y, dtype)
        self._X, self._Y = backend.asarray(X, dtype), backend.asarray(Y)
        self._labels = backend.asarray(labels) if labels is not None else None
        self._n = len(X)
        self.batch_size = min(self.config.batch_size, self._n)
        if self.config.shuffle:
            rows = self.batch_size
            self._xb = xp.empty((rows, *self._X.shape[1:]), self._X.dtype)
            self._yb = xp.empty((rows, *self._Y.shape[1:]), self._Y.dtype)
            self._lb = xp.empty(rows, self._labels.dtype) if labels is not None else None
            if self._in_epoch:
                self._order = backend.asarray(self._shuffle_rng.permutation(self._n))
        self._cursor = min(self._cursor, self._n - 1) if self._in_epoch else 0
