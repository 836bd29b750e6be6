"""The lab's training session, without any user interface.

A ``LabSession`` owns one engine ``Trainer`` and everything the lab draws from it:
downsampled curves, the decision boundary over the input plane, the weights, and a
chosen neuron's own output. ``train`` runs the loop that the lab's worker thread
drives; it reports ``Frame``s through a callback, throttled by time.

Thread rule: while a worker trains, only the worker touches the trainer, holding
``lock`` for every step and every frame. The UI thread takes the lock only when no
worker runs (and then only briefly), so it never sees a half-updated network.

On a GPU, CuPy compiles its kernels before the first step (seconds, the first time): a
session that will train there starts ``warm_up_gpu`` in the background as soon as it is
built, and ``train`` waits for it before the first step, sending frames that carry it, so
that the status says what is happening instead of sitting still.

The lab makes the train/validation split itself, with the engine's own
``split_validation``, because it draws both sets of points; the ``Trainer`` gets
it as an explicit validation set, so a lab run and ``nntutor train`` with the same
settings produce the same numbers.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from nntutor.engine import (
    ACTIVATIONS,
    ConfigError,
    EpochReport,
    Trainer,
    TrainingDiverged,
    split_validation,
)
from nntutor.engine.backend import GpuWarmup, gpu_expected, step_flops, warm_up_gpu
from nntutor.engine.config import DEFAULT_LR
from nntutor.engine.explain import Explanation, setting_words, stalled
from nntutor.lab.config import LabConfig
from nntutor.lab.datasets import make_data
from nntutor.lab.frames import Frame, Neuron, Outcome, Plane, Wants, curves_of, downsample, scaled
from nntutor.lab.neurons import NeuronSwitches

DEFAULT_UPDATES = 4.0  # screen updates per second while training
GIVE_WAY_SECONDS = 0.1  # training pauses this long after a key press (see LabSession.give_way)
STALL_EPOCHS = 5  # epochs before a loss that does not fall is pointed out
EPOCH_CHUNK_SECONDS = 0.02  # whole epochs at once only while an epoch is this quick


def lab_words(why: Explanation | None, lang: str = "en", name=None) -> str | None:
    """An explanation as the lab says it: the direction to change a setting, never a value to type
    (that could give a challenge away). ``name`` names a setting; plain words by default."""
    if why is None:
        return None
    return why.render(lang, name or setting_words(lang), exact=False)


class LabSession:
    """A trainer and what the lab draws from it; see the module's docstring for the thread rule."""

    def __init__(
        self, config: LabConfig, weights: str | Path | None = None, generation: int = 0
    ) -> None:
        config.validate()
        self.config = config
        self.generation = generation
        self.lock = threading.Lock()
        data = make_data(config)  # a file, a generated dataset or a boundary formula
        data = split_validation(data, config.val_fraction, config.seed)
        self.trainer = trainer = Trainer(config.train_config(), data)
        self.activations = config.layer_activations()
        self.weights_file = str(weights) if weights else None
        if weights:
            trainer.load_weights(weights)
        self.features = trainer.features
        self.classes = trainer.targets.classes
        self.loss_name = trainer.targets.loss
        self.output_activation = trainer.network.head.output_activation
        X = np.asarray(data.X, dtype=np.float64).reshape(len(data.X), -1)
        self.train_points = (X, np.asarray(data.y))
        self.val_points = None
        if data.X_val is not None:
            X_val = np.asarray(data.X_val, dtype=np.float64).reshape(len(data.X_val), -1)
            self.val_points = (X_val, np.asarray(data.y_val))
        self.extent = self._extent()
        self.batch_loss: float | None = None
        # the first epoch's batch losses: all a run that diverges in it has to show
        self.first_batches: list[float] = []
        self._rate: float | None = None
        self.give_way_until = 0.0  # time.monotonic() before which training pauses for the screen
        self.switches = NeuronSwitches(trainer)  # neurons switched off or frozen (lab/neurons.py)
        self.gpu_warmup: GpuWarmup | None = self._start_gpu_warmup()

    def _start_gpu_warmup(self) -> GpuWarmup | None:
        """CuPy's kernels warming up in the background when this session trains on a GPU."""
        config, trainer = self.config, self.trainer
        flops = step_flops(self.sizes, trainer.batch_size)
        if trainer.device != "gpu" or not gpu_expected(config.device, flops, cores=config.threads):
            return None
        return warm_up_gpu(trainer.config)

    @property
    def preparing_gpu(self) -> bool:
        """Whether the GPU warm-up still runs (the first step waits for it)."""
        return self.gpu_warmup is not None and not self.gpu_warmup.done.is_set()

    # ---- facts -------------------------------------------------------------------------------
    @property
    def device(self) -> str:
        return self.trainer.device

    @property
    def network_name(self) -> str:
        return str(self.trainer.network)

    @property
    def sizes(self) -> tuple[int, ...]:
        return tuple(self.trainer.network.sizes)

    @property
    def regression(self) -> bool:
        return self.classes is None

    @property
    def can_draw_plane(self) -> bool:
        return self.features in (1, 2)

    def _extent(self) -> tuple[float, float, float, float]:
        X = self.train_points[0]
        if self.val_points is not None:
            X = np.concatenate([X, self.val_points[0]])
        if self.features == 1:
            ys = [np.asarray(self.train_points[1], dtype=np.float64).reshape(-1)]
            if self.val_points is not None:
                ys.append(np.asarray(self.val_points[1], dtype=np.float64).reshape(-1))
            y = np.concatenate(ys)
            lows, highs = [X[:, 0].min(), y.min()], [X[:, 0].max(), y.max()]
        elif self.features == 2:
            lows, highs = X.min(axis=0), X.max(axis=0)
        else:
            return (0.0, 1.0, 0.0, 1.0)
        pad = [(h - lo) * 0.08 or 1.0 for lo, h in zip(lows, highs, strict=True)]
        return (
            float(lows[0] - pad[0]),
            float(highs[0] + pad[0]),
            float(lows[1] - pad[1]),
            float(highs[1] + pad[1]),
        )

    # ---- live settings (plain attribute writes, safe while the worker trains) ----------------------
    def set_live(
        self,
        lr: float | None = None,
        l2: float | None = None,
        epochs: int | None = None,
        pace: float | None = None,
    ) -> None:
        trainer = self.trainer
        if lr is not None:
            trainer.optimizer.lr = lr
            trainer.config.lr = lr
            self.config.lr = lr
        if l2 is not None:
            trainer.optimizer.l2 = l2
            trainer.config.l2 = l2
            self.config.l2 = l2
        if epochs is not None:
            trainer.config.epochs = epochs
            self.config.epochs = epochs
        if pace is not None:
            self.config.pace = pace

    # ---- training ----------------------------------------------------------------------------
    def train(
        self,
        until: str,
        should_stop: Callable[[], bool],
        on_frame: Callable[[Frame], object],
        wants: Callable[[], Wants],
        interval: float = 1 / DEFAULT_UPDATES,
    ) -> Outcome:
        """Train until the configured epochs (``until="end"``), one batch or one epoch.

        Checks ``should_stop()`` after every step (or every quick epoch) and while it waits for
        the pace, and calls ``on_frame`` at most once per ``interval`` seconds and once at the end.
        Never raises for a run that diverges or fails: the ``Outcome`` says what happened.
        """
        trainer = self.trainer
        if self.preparing_gpu:
            on_frame(self.frame(wants()))  # the status says the GPU is being prepared
            while not self.gpu_warmup.wait(interval):
                if should_stop():
                    on_frame(self.frame(wants()))
                    return Outcome("paused", epoch=trainer.epoch)
        epoch_cost = math.inf  # seconds per epoch, measured
        last_frame = time.monotonic()
        mark_steps, mark_time = trainer.steps, last_frame
        outcome: Outcome | None = None
        epoch_started = time.monotonic()
        try:
            while outcome is None:
                if until == "end" and trainer.finished:
                    outcome = Outcome("stopped_early" if trainer.stopped_early else "finished")
                    break
                if should_stop():
                    outcome = Outcome("paused")
                    break
                if time.monotonic() < self.give_way_until:
                    self._wait(self.give_way_until, should_stop)  # the learner pressed a key
                    continue
                epoch_before = trainer.epoch
                with self.lock:
                    first = trainer.epoch == 0  # batch by batch: a divergence keeps its losses
                    if (until == "epoch" or epoch_cost < EPOCH_CHUNK_SECONDS) and not first:
                        started = time.perf_counter()
                        at_start = trainer.steps == trainer.epoch * trainer.steps_per_epoch
                        report = trainer.run_epoch()
                        if at_start:
                            epoch_cost = time.perf_counter() - started
                        self.batch_loss = report.train_loss
                    else:
                        self.batch_loss = trainer.step()
                        if first:
                            self.first_batches.append(self.batch_loss)
                    ended = trainer.epoch > epoch_before
                    if ended and trainer.finished and trainer.best_epoch is not None:
                        trainer.restore_best()
                if ended:
                    now = time.monotonic()
                    if epoch_cost == math.inf and trainer.steps_per_epoch:
                        epoch_cost = now - epoch_started
                    if until == "end" and self.config.pace > 0:
                        self._wait(epoch_started + 1 / self.config.pace, should_stop)
                    epoch_started = time.monotonic()
                if until == "batch" or (until == "epoch" and ended):
                    outcome = Outcome(until)
                    break
                now = time.monotonic()
                if now - last_frame >= interval:
                    self._measure(trainer.steps - mark_steps, now - mark_time)
                    mark_steps, mark_time = trainer.steps, now
                    on_frame(self.frame(wants()))
                    last_frame = now
        except TrainingDiverged as exc:
            why = exc.explanation
            message = lab_words(why) if why is not None else exc.message
            outcome = Outcome("diverged", message, exc.epoch, why)
        except ConfigError as exc:
            outcome = Outcome("error", str(exc))
        except MemoryError:
            outcome = Outcome(
                "error", "the computer ran out of memory; try a smaller network, batch or dataset"
            )
        except Exception as exc:  # noqa: BLE001 - a device error (CuPy) or a bug: explain it, never crash
            outcome = Outcome("error", f"training stopped: {type(exc).__name__}: {exc}")
        now = time.monotonic()
        if now > mark_time and trainer.steps > mark_steps:
            self._measure(trainer.steps - mark_steps, now - mark_time)
        if outcome.reason not in ("diverged", "error"):
            on_frame(self.frame(wants()))
        else:
            on_frame(self.frame(wants(), safe=True))
        outcome.epoch = outcome.epoch or trainer.epoch
        return outcome

    def give_way(self, seconds: float = GIVE_WAY_SECONDS) -> None:
        """Pause training for a moment so that the screen has the interpreter to itself.

        Python runs one thread at a time; a key press answered while the training thread
        holds the interpreter half the time takes twice as long to show."""
        self.give_way_until = max(self.give_way_until, time.monotonic() + seconds)

    def _wait(self, until: float, should_stop: Callable[[], bool]) -> None:
        while not should_stop():
            left = until - time.monotonic()
            if left <= 0:
                return
            time.sleep(min(left, 0.02))

    def _measure(self, steps: int, seconds: float) -> None:
        if seconds <= 0:
            return
        rate = steps / seconds
        self._rate = rate if self._rate is None else 0.5 * self._rate + 0.5 * rate

    # ---- frames ------------------------------------------------------------------------------
    def frame(self, wants: Wants, safe: bool = False) -> Frame:
        """What the screen needs now. Call with no worker running, or from the worker itself."""
        trainer = self.trainer
        history = list(trainer.history)
        frame = Frame(
            generation=self.generation,
            epoch=trainer.epoch,
            epochs=trainer.config.epochs,
            steps=trainer.steps,
            steps_per_second=self._rate,
            batch_loss=self.batch_loss,
            last=history[-1] if history else None,
            reports=history,
            gpu_warmup=self.gpu_warmup if self.preparing_gpu else None,
        )
        if wants.curves:
            frame.curves = curves_of(history)
            if not any(math.isfinite(r.train_loss) for r in history):
                picks = downsample(len(self.first_batches))
                frame.first_batches = [self.first_batches[i] for i in picks]
        frame.stall = self._stalled(history)
        frame.stalled = lab_words(frame.stall)
        if safe:
            return frame  # after a divergence the weights hold NaN: draw nothing from them
        with np.errstate(all="ignore"):
            if wants.boundary is not None and self.can_draw_plane:
                frame.boundary = self.output_plane(*wants.boundary)
            if wants.weights:
                frame.weights = trainer.network.get_weights()
            if wants.neuron is not None:
                frame.neuron = self.neuron(*wants.neuron, size=wants.neuron_size)
        return frame

    def _stalled(self, history: Sequence[EpochReport]) -> Explanation | None:
        """Why the loss is not falling, when after a few epochs it is far above guessing or rising."""
        cfg = self.config
        return stalled(
            [r.train_loss for r in history],
            self.classes,
            self.loss_name,
            cfg.learning_rate,
            cfg.optimizer,
            DEFAULT_LR.get(cfg.optimizer, 0.01),
            STALL_EPOCHS,
        )

    def _grid(self, cols: int, rows: int) -> tuple[np.ndarray, tuple[float, float, float, float]]:
        x0, x1, y0, y1 = self.extent
        gx, gy = np.meshgrid(
            np.linspace(x0, x1, cols), np.linspace(y1, y0, rows)
        )  # row 0 at the top
        return np.stack([gx.ravel(), gy.ravel()], axis=1), self.extent

    def output_plane(self, cols: int, rows: int) -> Plane | None:
        """The network's answer over the input plane: its class and confidence per pixel (or a curve)."""
        cols, rows = max(2, cols), max(2, rows)
        if self.features == 1:
            x0, x1, _, _ = self.extent
            xs = np.linspace(x0, x1, cols)
            out = self.trainer.predict(xs[:, None])
            return Plane("curve", self.extent, curve=np.asarray(out, dtype=np.float64)[:, 0])
        if self.features != 2:
            return None
        grid, extent = self._grid(cols, rows)
        out = np.asarray(self.trainer.predict(grid), dtype=np.float64).reshape(rows, cols, -1)
        if self.loss_name == "ce":
            classes = out.argmax(axis=2)
            top = out.max(axis=2)
            k = out.shape[2]
            confidence = np.clip((top - 1 / k) / (1 - 1 / k), 0, 1)
            return Plane("classes", extent, classes=classes, confidence=confidence)
        if self.loss_name == "bce" and out.shape[2] == 1:
            p = out[:, :, 0]
            return Plane(
                "classes", extent, classes=(p > 0.5).astype(int), confidence=np.abs(p - 0.5) * 2
            )
        return Plane("values", extent, values=scaled(out[:, :, 0], "linear"))

    def neuron(self, layer: int, index: int, size: tuple[int, int] | None = None) -> Neuron | None:
        """Neuron ``index`` of dense layer ``layer``: its weights, bias and output over the input plane."""
        layers = self.trainer.network.layers
        if not (0 <= layer < len(layers)) or not (0 <= index < layers[layer].outputs):
            return None
        weights = self.trainer.network.get_weights()
        W, b = weights[layer]
        out_weights = weights[layer + 1][0][:, index] if layer + 1 < len(weights) else None
        last = layer == len(layers) - 1
        activation = self.output_activation if last else self.activations[layer]
        plane = None
        if size is not None and self.can_draw_plane:
            cols, rows = max(2, size[0]), max(2, size[1])
            if self.features == 1:
                x0, x1, _, _ = self.extent
                grid = np.linspace(x0, x1, cols)[:, None]
            else:
                grid, _ = self._grid(cols, rows)
            if last:
                values = np.asarray(self.trainer.predict(grid), dtype=np.float64)[:, index]
            else:
                from nntutor.engine.features import apply_features

                a = apply_features(grid, self.trainer.config.features)  # what layer 1 reads
                for (Wl, bl), name in zip(weights[: layer + 1], self.activations, strict=False):
                    z = a @ Wl.T.astype(np.float64) + bl
                    a = ACTIVATIONS[name](np)(z)
                values = a[:, index]
            if self.features == 1:
                plane = Plane(
                    "curve", (*self.extent[:2], -1.0, 1.0), curve=scaled(values, activation)
                )
            else:
                plane = Plane(
                    "values", self.extent, values=scaled(values, activation).reshape(rows, cols)
                )
        return Neuron(
            layer, index, activation, float(b[index]), W[index].copy(), out_weights, plane
        )

    # ---- saving ----------------------------------------------------------------------------------
    def save(self, path: str | Path) -> tuple[Path, Path]:
        """Write the weights (the engine's .npz: W1, b1, …) and the configuration (.json) next to them."""
        from nntutor.lab.weights import save_session

        return save_session(self, path)


@dataclass
class ChallengeRun:
    """A lab challenge's bookkeeping for one session: whether it counts, and whether it was judged."""

    generation: int
    counts: bool
    why_not: str = ""
    judged: bool = False
    started: float = field(default_factory=time.monotonic)
