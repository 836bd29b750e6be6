"""The lab's training session, without any user interface.

A ``LabSession`` owns one engine ``Trainer`` and everything the lab draws from it:
downsampled curves, the decision boundary over the input plane, the weights, and a
chosen neuron's own output. ``train`` runs the loop that the lab's worker thread
drives; it reports ``Frame``s through a callback, throttled by time.

Thread rule: while a worker trains, only the worker touches the trainer, holding
``lock`` for every step and every frame. The UI thread takes the lock only when no
worker runs (and then only briefly), so it never sees a half-updated network.

The lab makes the train/validation split itself, with the engine's own
``split_validation``, because it draws both sets of points; the ``Trainer`` gets
it as an explicit validation set, so a lab run and ``nntutor train`` with the same
settings produce the same numbers.
"""

from __future__ import annotations

import json
import math
import re
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import numpy as np

from nntutor.engine import (
    ACTIVATIONS,
    ConfigError,
    EpochReport,
    TrainConfig,
    Trainer,
    TrainingDiverged,
    load_data,
    make_dataset,
    split_validation,
)
from nntutor.engine.activations import canonical_activation
from nntutor.engine.config import ACTIVATION_NAMES, DEFAULT_LR

DEFAULT_PACE = 30.0  # epochs per second while training: fast enough to finish, slow enough to watch
DEFAULT_UPDATES = 4.0  # screen updates per second while training
CURVE_POINTS = 300  # charts get at most this many points (PlotextPlot slows down with more)
GIVE_WAY_SECONDS = 0.1  # training pauses this long after a key press (see LabSession.give_way)
STALL_EPOCHS = 5  # epochs before a loss that does not fall is pointed out
EPOCH_CHUNK_SECONDS = 0.02  # whole epochs at once only while an epoch is this quick
LAB_FORMAT = "nntutor-lab"

# The lab's settings that are not `nntutor train` options.
LAB_ONLY = ("activations", "pace")


@dataclass
class LabConfig(TrainConfig):
    """A ``TrainConfig`` plus what only the lab has: an activation per hidden layer and a pace."""

    activations: tuple[str, ...] | None = None  # one per hidden layer; None: ``activation`` for all
    pace: float = DEFAULT_PACE  # epochs per second while training; 0: as fast as the machine goes

    def layer_activations(self) -> tuple[str, ...]:
        if self.activations is None:
            return (self.activation,) * len(self.hidden)
        return tuple(self.activations)

    def validate(self, *, data_given: bool = False) -> None:
        if self.activations is not None:
            try:
                names = tuple(canonical_activation(str(a)) for a in self.activations)
            except TypeError:
                raise ConfigError(
                    "activations must be a list of names, like relu,relu,tanh"
                ) from None
            for name in names:
                if name not in ACTIVATION_NAMES:
                    raise ConfigError(
                        f"unknown activation {name!r}; choose one of {', '.join(ACTIVATION_NAMES)}"
                    )
            self.activations = names
            if names:
                self.activation = names[0]
        super().validate(data_given=data_given)
        if self.activations is not None:
            if len(self.activations) != len(self.hidden):
                raise ConfigError(
                    f"{len(self.activations)} activations for {len(self.hidden)} hidden layers; "
                    "give one per layer, like relu,tanh for two layers"
                )
            if len(set(self.activations)) <= 1:
                self.activations = None  # one activation for every layer: the engine's own case
        if isinstance(self.pace, bool) or not isinstance(self.pace, (int, float)):
            raise ConfigError(f"the pace must be a number of epochs per second; got {self.pace!r}")
        if not math.isfinite(self.pace) or self.pace < 0:
            raise ConfigError(
                "the pace must be 0 (as fast as possible) or a positive number of epochs per second"
            )

    def train_config(self) -> TrainConfig:
        """The engine's configuration, with one activation per hidden layer where they differ."""
        values = {f.name: getattr(self, f.name) for f in fields(TrainConfig)}
        if self.activations is not None:
            values["activation"] = tuple(self.activations)
        return TrainConfig(**values)

    def with_hidden(self, hidden: Sequence[int]) -> LabConfig:
        """The same settings with other hidden widths; per-layer activations follow (the last repeats)."""
        hidden = tuple(hidden)
        activations = None
        if self.activations is not None and hidden:
            acts = list(self.activations)[: len(hidden)]
            while len(acts) < len(hidden):
                acts.append(acts[-1] if acts else self.activation)
            activations = tuple(acts)
        return replace(self, hidden=hidden, activations=activations)

    def options(self) -> dict[str, Any]:
        """The settings as plain JSON values (the saved configuration)."""
        values = asdict(self)
        values["hidden"] = list(self.hidden)
        values["activations"] = list(self.activations) if self.activations is not None else None
        return values

    @classmethod
    def from_options(
        cls, options: Mapping[str, Any] | None = None, base: LabConfig | None = None
    ) -> LabConfig:
        """A configuration from `nntutor train`-style options (a lesson's preset, a saved file).

        ``activation`` may name one activation or several (``"relu,tanh"`` or a list), one per layer.
        Unknown names raise ConfigError. The result is validated.
        """
        known = {f.name for f in fields(cls)}
        values: dict[str, Any] = {}
        for key, value in (options or {}).items():
            if key not in known:
                raise ConfigError(f"unknown lab setting {key!r}; use: {', '.join(sorted(known))}")
            values[key] = value
        if "hidden" in values and values["hidden"] is not None:
            hidden = values["hidden"]
            if isinstance(hidden, str):
                from nntutor.commands.train import parse_hidden

                hidden = parse_hidden(hidden)
            elif isinstance(hidden, (int, float)):
                hidden = (hidden,)
            try:
                values["hidden"] = tuple(hidden)
            except TypeError:
                raise ConfigError(
                    "hidden layer widths must be a list of whole numbers, like 16,16"
                ) from None
        activation = values.get("activation")
        if isinstance(activation, (list, tuple)) or (
            isinstance(activation, str) and "," in activation
        ):
            names = activation.split(",") if isinstance(activation, str) else list(activation)
            values["activations"] = tuple(n.strip() for n in names)
            values["activation"] = values["activations"][0] if values["activations"] else "tanh"
        elif "activation" in values and "activations" not in values:
            values["activations"] = None  # one activation named: every layer gets it
        if values.get("activations") is not None:
            values["activations"] = tuple(values["activations"])
        if values.get("data_path"):
            values.setdefault("dataset", None)
        config = base if base is not None else cls()
        try:
            if "hidden" in values and "activations" not in values:
                config = config.with_hidden(values.pop("hidden"))
            config = replace(config, **values)
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"these lab settings cannot be read: {exc}") from None
        config.validate()
        return config

    @classmethod
    def from_train_config(cls, config: TrainConfig, **extra: Any) -> LabConfig:
        values = {f.name: getattr(config, f.name) for f in fields(TrainConfig)}
        values.update(extra)
        return cls(**values)


# --- presets ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Preset:
    name: str
    description: str
    options: dict[str, Any]


PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        Preset("spirals", "three spiral arms, two tanh layers of 16 (the default)", {}),
        Preset(
            "xor", "the four quadrants, one small tanh layer", {"dataset": "xor", "hidden": (4,)}
        ),
        Preset(
            "circles",
            "a ring around a disc, one relu layer",
            {"dataset": "circles", "hidden": (8,), "activation": "relu"},
        ),
        Preset("moons", "two half-moons, two tanh layers", {"dataset": "moons", "hidden": (8, 8)}),
        Preset(
            "deep-sigmoid",
            "six sigmoid layers with plain SGD: watch the gradients vanish in the first layers",
            {
                "dataset": "spirals",
                "hidden": (16,) * 6,
                "activation": "sigmoid",
                "optimizer": "sgd",
                "lr": 0.3,
            },
        ),
        Preset(
            "deep-relu",
            "the same six layers with relu: the gradients reach the first layers",
            {
                "dataset": "spirals",
                "hidden": (16,) * 6,
                "activation": "relu",
                "optimizer": "sgd",
                "lr": 0.03,
            },
        ),
        Preset(
            "overfit",
            "a big network on 100 noisy points: the validation loss turns up",
            {
                "dataset": "moons",
                "samples": 100,
                "noise": 0.3,
                "hidden": (128, 128),
                "epochs": 300,
                "val_fraction": 0.3,
            },
        ),
        Preset(
            "sine",
            "regression: fit y = sin(x) with one input",
            {"dataset": "sine", "hidden": (16, 16)},
        ),
        Preset(
            "large",
            "10 000 spiral points, three relu layers of 128 (the largest preset)",
            {
                "dataset": "spirals",
                "samples": 10000,
                "hidden": (128, 128, 128),
                "activation": "relu",
                "batch_size": 64,
                "lr": 0.003,
                "epochs": 300,
            },
        ),
    )
}


def preset_config(name: str) -> LabConfig:
    preset = PRESETS.get(name)
    if preset is None:
        raise ConfigError(f"unknown preset {name!r}; choose one of {', '.join(PRESETS)}")
    return LabConfig.from_options(preset.options)


# --- what the lab draws ---------------------------------------------------------------------------


@dataclass
class Curves:
    """Per-epoch metrics, downsampled to at most CURVE_POINTS points."""

    epochs: list[int]
    train_loss: list[float]
    val_loss: list[float] | None
    train_acc: list[float] | None
    val_acc: list[float] | None
    grad_norms: list[list[float]]  # one list per layer, input side first


@dataclass
class Plane:
    """Something over the input plane (or line): classes with a confidence, values, or a curve."""

    kind: str  # "classes", "values" or "curve"
    extent: tuple[float, float, float, float]  # x0, x1, y0, y1
    classes: np.ndarray | None = None  # (rows, cols) class per pixel, row 0 at the top
    confidence: np.ndarray | None = None  # (rows, cols), 0 (a guess) … 1 (certain)
    values: np.ndarray | None = None  # (rows, cols) in −1 … 1, row 0 at the top
    curve: np.ndarray | None = None  # (cols,) y for each column, for one input


@dataclass
class Neuron:
    """A chosen neuron: where it is, what it computes, and its output over the input plane."""

    layer: int  # index into the network's dense layers
    index: int
    activation: str  # "tanh", … or the output's "softmax", "sigmoid", "linear"
    bias: float
    weights_in: np.ndarray
    weights_out: np.ndarray | None  # its weights into the next layer (None for an output neuron)
    plane: Plane | None


@dataclass(frozen=True)
class Wants:
    """What the screen shows now, so that a frame computes only that."""

    curves: bool = True
    boundary: tuple[int, int] | None = None  # (cols, rows) in pixels
    weights: bool = False
    neuron: tuple[int, int] | None = None  # (layer, index)
    neuron_size: tuple[int, int] | None = None  # (cols, rows) of its plane


@dataclass
class Frame:
    """One update for the screen, computed on the training thread; host values only."""

    generation: int
    epoch: int
    epochs: int
    steps: int
    steps_per_second: float | None
    batch_loss: float | None
    last: EpochReport | None
    reports: list[EpochReport]
    curves: Curves | None = None
    boundary: Plane | None = None
    weights: list[tuple[np.ndarray, np.ndarray]] | None = None
    neuron: Neuron | None = None
    stalled: str | None = None  # the loss is not falling: why, and what to try


@dataclass
class Outcome:
    """How a call of ``train`` ended."""

    reason: str  # "paused", "finished", "stopped_early", "diverged", "batch", "epoch", "error"
    message: str | None = None
    epoch: int | None = None


# --- helpers --------------------------------------------------------------------------------------

_FLAG_WORDS = {
    "lr": "the learning rate",
    "dtype": "the dtype",
    "batch-size": "the batch size",
    "hidden": "the hidden widths",
    "activation": "the activation",
    "optimizer": "the optimizer",
    "l2": "L2",
    "dropout": "dropout",
    "epochs": "the epochs",
}


def lab_wording(message: str) -> str:
    """An engine message with `--flag VALUE` advice turned into the lab's controls."""

    def word(match: re.Match) -> str:
        flag, value = match.group(1), match.group(2).rstrip(".,;")
        return (
            f"{_FLAG_WORDS.get(flag, flag.replace('-', ' '))} {value}"
            + match.group(2)[len(value) :]
        )

    return re.sub(r"--([a-z][a-z0-9-]*) (\S+)", word, message)


def downsample(count: int, limit: int = CURVE_POINTS) -> list[int]:
    """Indices of at most ``limit`` evenly spread items out of ``count``, always with the last."""
    if count <= limit:
        return list(range(count))
    picks = np.unique(np.linspace(0, count - 1, limit).round().astype(int))
    return picks.tolist()


def curves_of(history: Sequence[EpochReport], limit: int = CURVE_POINTS) -> Curves:
    picks = [history[i] for i in downsample(len(history), limit)]
    has_val = bool(picks) and picks[-1].val_loss is not None
    has_acc = bool(picks) and picks[-1].train_acc is not None
    layers = len(picks[-1].grad_norms) if picks else 0
    return Curves(
        epochs=[r.epoch for r in picks],
        train_loss=[r.train_loss for r in picks],
        val_loss=[r.val_loss for r in picks] if has_val else None,
        train_acc=[r.train_acc for r in picks] if has_acc else None,
        val_acc=[r.val_acc for r in picks] if has_acc and picks[-1].val_acc is not None else None,
        grad_norms=[
            [r.grad_norms[i] if i < len(r.grad_norms) else float("nan") for r in picks]
            for i in range(layers)
        ],
    )


def weight_shapes(path: str | Path) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """The (W, b) shapes of every layer in an .npz weights file (W1, b1, …, WL, bL)."""
    path = Path(path).expanduser()
    try:
        with np.load(path, allow_pickle=False) as npz:
            shapes = {key: npz[key].shape for key in npz.files}
    except FileNotFoundError:
        raise ConfigError(f"no weights file at {path}") from None
    except Exception as exc:  # noqa: BLE001 - whatever is wrong with the file, say so in words
        raise ConfigError(f"{path.name} is not a readable .npz weights file ({exc})") from None
    out = []
    n = 1
    while f"W{n}" in shapes and f"b{n}" in shapes:
        out.append((shapes[f"W{n}"], shapes[f"b{n}"]))
        n += 1
    if not out or len(shapes) != 2 * len(out) or any(len(w) != 2 for w, _ in out):
        found = ", ".join(sorted(shapes)) or "nothing"
        raise ConfigError(
            f"{path.name} is not a weights file of W1, b1, …, WL, bL (it holds {found})"
        )
    return out


def config_for_weights(path: str | Path, current: LabConfig) -> tuple[LabConfig, str]:
    """The configuration to load ``path`` into, and a note saying where it came from.

    A file saved by the lab has its configuration next to it (same name, .json); weights
    from `nntutor train --save-weights` have none, so the hidden widths are read from their
    shapes and everything else stays as it is.
    """
    path = Path(path).expanduser()
    shapes = weight_shapes(path)
    side = path.with_suffix(".json")
    if side.is_file():
        try:
            saved = json.loads(side.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ConfigError(f"{side.name} is not a readable lab configuration ({exc})") from None
        if (
            isinstance(saved, dict)
            and saved.get("format") == LAB_FORMAT
            and isinstance(saved.get("config"), dict)
        ):
            options = {k: v for k, v in saved["config"].items() if k != "init_weights"}
            return LabConfig.from_options(options), f"with its settings from {side.name}"
    hidden = tuple(w[0] for w, _ in shapes[:-1])
    config = current.with_hidden(hidden)
    config.validate()
    return (
        config,
        f"as a {'-'.join(str(s) for s in (shapes[0][0][1], *hidden, shapes[-1][0][0]))} network",
    )


def _scaled(values: np.ndarray, activation: str) -> np.ndarray:
    """An activation's output mapped to −1 … 1 for drawing (0 stays 0 where that means 'off')."""
    if activation in ("sigmoid", "softmax"):
        return np.clip(values * 2 - 1, -1, 1)
    if activation == "tanh":
        return np.clip(values, -1, 1)
    top = float(np.max(np.abs(values))) if values.size else 0.0
    return values / top if top > 0 else values


# --- the session ----------------------------------------------------------------------------------


class LabSession:
    """A trainer and what the lab draws from it; see the module's docstring for the thread rule."""

    def __init__(
        self, config: LabConfig, weights: str | Path | None = None, generation: int = 0
    ) -> None:
        config.validate()
        self.config = config
        self.generation = generation
        self.lock = threading.Lock()
        data = (
            load_data(config.data_path)
            if config.data_path
            else make_dataset(config.dataset, config.samples, config.noise, config.seed)
        )
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
        self._rate: float | None = None
        self.give_way_until = 0.0  # time.monotonic() before which training pauses for the screen

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
                    if until == "epoch" or epoch_cost < EPOCH_CHUNK_SECONDS:
                        started = time.perf_counter()
                        at_start = trainer.steps == trainer.epoch * trainer.steps_per_epoch
                        report = trainer.run_epoch()
                        if at_start:
                            epoch_cost = time.perf_counter() - started
                        self.batch_loss = report.train_loss
                    else:
                        self.batch_loss = trainer.step()
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
            outcome = Outcome("diverged", lab_wording(exc.message), exc.epoch)
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
        )
        if wants.curves:
            frame.curves = curves_of(history)
        frame.stalled = self._stalled(history)
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

    def _stalled(self, history: Sequence[EpochReport]) -> str | None:
        """Why the loss is not falling, when after a few epochs it is far above guessing or rising."""
        if len(history) < STALL_EPOCHS:
            return None
        recent = [r.train_loss for r in history[-3:]]
        now = sum(recent) / len(recent)
        best = min(r.train_loss for r in history)
        chance = {"ce": math.log(self.classes or 2), "bce": math.log(2)}.get(self.loss_name)
        if not math.isfinite(now):
            return None
        if chance is not None:
            if now <= 1.5 * chance:
                return None
            level = f", far above the {chance:.3g} of guessing at random"
        else:
            if now <= 3 * best:
                return None
            level = f", up from {best:.3g}"
        cfg = self.config
        lr, default = cfg.learning_rate, DEFAULT_LR.get(cfg.optimizer, 0.01)
        if lr > default:
            advice = (
                f"The learning rate {lr:g} is probably too high for {cfg.optimizer}: each step overshoots. "
                f"Try {min(lr / 10, default):g} (− lowers it)."
            )
        else:
            advice = "Try another learning rate, activation or network."
        return (
            f"The loss is not falling: after {len(history)} epochs it is {now:.3g}{level}. {advice}"
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
        return Plane("values", extent, values=_scaled(out[:, :, 0], "linear"))

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
                a = grid
                for (Wl, bl), name in zip(weights[: layer + 1], self.activations, strict=False):
                    z = a @ Wl.T.astype(np.float64) + bl
                    a = ACTIVATIONS[name](np)(z)
                values = a[:, index]
            if self.features == 1:
                plane = Plane(
                    "curve", (*self.extent[:2], -1.0, 1.0), curve=_scaled(values, activation)
                )
            else:
                plane = Plane(
                    "values", self.extent, values=_scaled(values, activation).reshape(rows, cols)
                )
        return Neuron(
            layer, index, activation, float(b[index]), W[index].copy(), out_weights, plane
        )

    # ---- saving and loading --------------------------------------------------------------------
    def save(self, path: str | Path) -> tuple[Path, Path]:
        """Write the weights (the engine's .npz: W1, b1, …) and the configuration (.json) next to them."""
        path = Path(path).expanduser()
        if path.suffix.lower() != ".npz":
            path = path.with_name(path.name + ".npz")
        side = path.with_suffix(".json")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ConfigError(
                f"cannot create the folder {path.parent}: {exc.strerror or exc}"
            ) from None
        self.trainer.save_weights(path)
        last = self.trainer.history[-1] if self.trainer.history else None
        options = self.config.options()
        options.pop("init_weights", None)
        record = {
            "format": LAB_FORMAT,
            "version": 1,
            "network": self.network_name,
            "weights": path.name,
            "epoch": self.trainer.epoch,
            "metrics": last.as_json() if last else None,
            "config": options,
        }
        try:
            side.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"cannot write {side}: {exc.strerror or exc}") from None
        return path, side


@dataclass
class ChallengeRun:
    """A lab challenge's bookkeeping for one session: whether it counts, and whether it was judged."""

    generation: int
    counts: bool
    why_not: str = ""
    judged: bool = False
    started: float = field(default_factory=time.monotonic)
