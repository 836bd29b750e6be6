"""Training settings, and their checks in words a learner can act on.

This module imports nothing heavy, so that the command line can build and check
a configuration before NumPy is loaded.
"""

from __future__ import annotations

import itertools
import math
import numbers
from dataclasses import dataclass

from nntutor.engine.errors import ConfigError

DATASET_NAMES = (
    "xor",
    "circles",
    "moons",
    "spirals",
    "blobs",
    "sine",
)  # data.DATASETS, without importing NumPy
ACTIVATION_NAMES = ("sigmoid", "tanh", "relu", "leaky_relu", "softplus", "linear")
LOSS_NAMES = ("auto", "mse", "bce", "ce")
OPTIMIZER_NAMES = ("sgd", "momentum", "adam")
DTYPES = ("float32", "float64")
DEVICES = ("auto", "cpu", "gpu")
# Learning rates that train the built-in datasets well; sgd and momentum take the same
# effective step, since momentum multiplies a steady gradient by 1/(1 − μ) = 10.
DEFAULT_LR = {"sgd": 0.1, "momentum": 0.01, "adam": 0.01}

# Limits, checked before anything is allocated: a lesson's preset, a saved lab file or a typo on
# the command line must end in a clear message, not in gigabytes of memory or days of training.
# Each is far above what a lesson or a benchmark needs (the largest bench net is 3072-4096-4096-10).
MAX_SAMPLES = 1_000_000  # points of a generated dataset
MAX_LAYERS = 64  # hidden layers
MAX_WIDTH = 16_384  # neurons in one hidden layer
MAX_LAYER_WEIGHTS = 2**26  # weights between two hidden layers (256 MiB in float32)
MAX_BATCH = 65_536  # samples in one step
MAX_BATCH_VALUES = 2**26  # batch size × widest layer: the values one layer holds in a step
MAX_EPOCHS = 10_000_000
MAX_SAMPLE_PASSES = 10**10  # epochs × samples: the work of a whole run
MAX_THREADS = 1024


def is_boundary_formula(name) -> bool:
    """Whether a dataset name is a boundary formula, like ``x2 > sin(3*x1)`` (a comparison).

    nntutor.lab.datasets reads it (with the course's formula evaluator); the engine only
    draws the points it labels (``data.boundary_dataset``)."""
    return isinstance(name, str) and any(sign in name for sign in "<>≤≥")


@dataclass
class TrainConfig:
    dataset: str | None = "spirals"
    data_path: str | None = None
    samples: int = 1000
    noise: float | None = None  # None: the dataset's own default
    hidden: tuple[int, ...] = (16, 16)
    activation: str | tuple[str, ...] = (
        "tanh"  # one for every hidden layer, or one per hidden layer
    )
    loss: str = "auto"
    optimizer: str = "adam"
    momentum: float = 0.9
    lr: float | None = None  # None: DEFAULT_LR for the optimizer
    batch_size: int = 32
    epochs: int = 100
    dropout: float = 0.0
    l2: float = 0.0
    val_fraction: float = 0.2
    patience: int | None = None
    seed: int = 0
    dtype: str = "float32"
    device: str = "auto"
    shuffle: bool = True
    threads: int | None = None  # BLAS threads; None: one per idle core (see engine/threads.py)
    init_weights: str | None = None
    features: tuple[str, ...] | None = None  # input features (engine/features.py); None: x as given

    def layer_activations(self) -> tuple[str, ...]:
        """The activation of each hidden layer."""
        if isinstance(self.activation, str):
            return (self.activation,) * len(self.hidden)
        return tuple(self.activation)

    def _checked_activations(self) -> str | tuple[str, ...]:
        """The activation setting in canonical spelling: one name, or one per hidden layer."""
        from nntutor.engine.activations import canonical_activation

        value = self.activation
        if isinstance(value, str) and "," in value:
            value = tuple(part for part in value.split(","))
        names = [value] if isinstance(value, str) else list(value)
        names = [canonical_activation(str(name)) for name in names]
        for name in names:
            _choice(name, ACTIVATION_NAMES, "activation", "activation")
        if isinstance(value, str):
            return names[0]
        if len(names) != len(self.hidden):
            raise ConfigError(
                f"{len(names)} activations for {len(self.hidden)} hidden layers; "
                "give one name for all of them, or one per hidden layer (like relu,tanh)",
                setting="activation",
            )
        return tuple(names)

    @property
    def learning_rate(self) -> float:
        return DEFAULT_LR.get(self.optimizer, 0.01) if self.lr is None else self.lr

    def validate(self, *, data_given: bool = False) -> None:
        """Raise ConfigError naming the first setting that cannot work.

        Also normalises spellings in place: ``hidden`` becomes a tuple, and ``activation`` one
        canonical name (``Leaky-ReLU`` → ``leaky_relu``) or a tuple of them, one per hidden
        layer (``"relu,tanh"`` → ``("relu", "tanh")``). ``data_given``: the caller brings its
        own Dataset, so dataset and data_path are not used."""
        if not data_given:
            if self.data_path is None and self.dataset is None:
                raise ConfigError("choose a dataset (--dataset NAME) or a data file (--data FILE)")
            if self.data_path is not None and self.dataset is not None:
                raise ConfigError(
                    "choose either a dataset (--dataset) or a data file (--data), not both"
                )
            if self.dataset is not None and not is_boundary_formula(self.dataset):
                _choice(self.dataset, DATASET_NAMES, "dataset", "dataset")
                _whole(self.samples, "the number of samples", "samples", 2, MAX_SAMPLES)
                if self.noise is not None:
                    _number(self.noise, "the noise", "noise", low=0.0)
            if self.data_path is not None:
                _text(self.data_path, "the data file", "data_path")
        try:
            self.hidden = tuple(self.hidden)
        except TypeError:
            raise ConfigError(
                "hidden layer widths must be a list of whole numbers, like 16,16", setting="hidden"
            ) from None
        for width in self.hidden:
            if isinstance(width, bool) or not isinstance(width, numbers.Integral) or width < 1:
                raise ConfigError(
                    f"hidden layer widths must be whole numbers of at least 1; got {_shown(width)} "
                    f"in {','.join(_shown(w) for w in self.hidden[:10])}"
                    + (",..." if len(self.hidden) > 10 else ""),
                    setting="hidden",
                )
        self._check_network_size()
        self.activation = self._checked_activations()
        from nntutor.engine.features import parse_features

        self.features = parse_features(self.features)
        _choice(self.loss, LOSS_NAMES, "loss", "loss")
        _choice(self.optimizer, OPTIMIZER_NAMES, "optimizer", "optimizer")
        _number(self.momentum, "momentum", "momentum", low=0.0, below=1.0)
        _number(self.learning_rate, "the learning rate", "lr", above=0.0)
        _whole(self.batch_size, "the batch size", "batch_size", 1, MAX_BATCH)
        _whole(self.epochs, "the number of epochs", "epochs", 1, MAX_EPOCHS)
        _number(self.dropout, "the dropout probability", "dropout", low=0.0, below=1.0)
        _number(self.l2, "the L2 weight decay", "l2", low=0.0)
        _number(self.val_fraction, "the validation fraction", "val_fraction", low=0.0, below=1.0)
        if self.patience is not None:
            _whole(self.patience, "the patience", "patience", minimum=1)
        if not isinstance(self.shuffle, bool):
            raise ConfigError(
                f"shuffle is true or false; got {_shown(self.shuffle)}", setting="shuffle"
            )
        if self.init_weights is not None:
            _text(self.init_weights, "the weights file", "init_weights")
        self._check_run_size()
        _whole(self.seed, "the seed", "seed", minimum=0)
        _choice(self.dtype, DTYPES, "dtype", "dtype")
        _choice(self.device, DEVICES, "device", "device")
        if self.threads is not None:
            _whole(self.threads, "the number of threads", "threads", 1, MAX_THREADS)

    def _check_network_size(self) -> None:
        hidden = self.hidden
        if len(hidden) > MAX_LAYERS:
            raise ConfigError(
                f"{len(hidden)} hidden layers is too many; at most {MAX_LAYERS}", setting="hidden"
            )
        for width in hidden:
            if width > MAX_WIDTH:
                raise ConfigError(
                    f"a hidden layer of {_shown(width)} neurons is too wide; at most {MAX_WIDTH:,}",
                    setting="hidden",
                )
        for before, after in itertools.pairwise(hidden):
            if before * after > MAX_LAYER_WEIGHTS:
                raise ConfigError(
                    f"layers of {before:,} and {after:,} neurons need {before * after:,} weights "
                    f"between them; at most {MAX_LAYER_WEIGHTS:,} (make one of them narrower)",
                    setting="hidden",
                )

    def _check_run_size(self) -> None:
        widest = max(self.hidden, default=1)
        if self.batch_size * widest > MAX_BATCH_VALUES:
            raise ConfigError(
                f"a batch of {self.batch_size:,} through a layer of {widest:,} neurons holds "
                f"{self.batch_size * widest:,} values; at most {MAX_BATCH_VALUES:,} "
                "(use a smaller batch or narrower layers)",
                setting="batch_size",
            )
        if self.dataset is not None and self.data_path is None:
            passes = self.epochs * self.samples
            if passes > MAX_SAMPLE_PASSES:
                raise ConfigError(
                    f"{self.epochs:,} epochs over {self.samples:,} samples is "
                    f"{passes:,} sample passes; at most {MAX_SAMPLE_PASSES:,} "
                    "(use fewer epochs or fewer samples)",
                    setting="epochs",
                )


def _choice(value, choices: tuple[str, ...], what: str, setting: str) -> None:
    if value not in choices:
        raise ConfigError(
            f"unknown {what} {_shown(value)}; choose one of {', '.join(choices)}", setting=setting
        )


def _shown(value) -> str:
    """A wrong value for a message: its repr, cut short (a preset may hold a huge list)."""
    try:
        text = repr(value)
    except ValueError:  # an integer of more than 4,300 digits: name the type instead
        return "a number too long to show"
    return text if len(text) <= 60 else text[:57] + "..."


def _whole(value, what: str, setting: str, minimum: int, maximum: int | None = None) -> None:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ConfigError(f"{what} must be a whole number; got {_shown(value)}", setting=setting)
    if value < minimum:
        raise ConfigError(
            f"{what} must be at least {minimum}; got {_shown(value)}", setting=setting
        )
    if maximum is not None and value > maximum:
        raise ConfigError(
            f"{what} must be at most {maximum:,}; got {_shown(value)}", setting=setting
        )


def _text(value, what: str, setting: str) -> None:
    if not isinstance(value, str) or not value:
        raise ConfigError(f"{what} must be a file name; got {_shown(value)}", setting=setting)


def _number(value, what: str, setting: str, low=None, above=None, below=None) -> None:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ConfigError(f"{what} must be a number; got {_shown(value)}", setting=setting)
    try:
        finite = math.isfinite(value)
    except OverflowError:  # an integer too large for a float
        finite = False
    if not finite:
        raise ConfigError(f"{what} must be a finite number; got {_shown(value)}", setting=setting)
    if low is not None and value < low:
        raise ConfigError(f"{what} must be at least {low:g}; got {value:g}", setting=setting)
    if above is not None and value <= above:
        raise ConfigError(f"{what} must be greater than {above:g}; got {value:g}", setting=setting)
    if below is not None and value >= below:
        raise ConfigError(f"{what} must be less than {below:g}; got {value:g}", setting=setting)


def parse_hidden(text: str) -> tuple[int, ...]:
    """'16,16' → (16, 16); '' or 'none' → () (no hidden layer). ConfigError for anything else."""
    text = text.strip()
    if text.lower() in ("", "none", "0"):
        return ()
    try:
        return tuple(int(part) for part in text.replace(" ", "").split(","))
    except ValueError:
        raise ConfigError(
            f"hidden layer widths are separated by commas, like 16,16; got {text!r}",
            setting="hidden",
        ) from None


def parse_threads(text: str | int | None) -> int | None:
    """The BLAS threads option: a whole number, or None for "auto"."""
    if text is None or text == "auto":
        return None
    try:
        return int(text)
    except ValueError:
        raise ConfigError(
            f"the number of threads is a whole number or auto; got {text!r}", setting="threads"
        ) from None
