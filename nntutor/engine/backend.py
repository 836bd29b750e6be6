"""Where the arrays live: NumPy on the CPU or CuPy on a GPU.

The engine is written once against ``xp``, the array module, and never copies
between host and device inside a training step. Whatever must come back to the
host (losses, accuracies, gradient norms) is gathered into one array and copied
once per report.
"""

from __future__ import annotations

import itertools
import os
import re
from dataclasses import dataclass, field

import numpy as np

from nntutor.engine.errors import ConfigError
from nntutor.i18n import Messages

# ``--device auto`` uses the GPU when one training step does at least as many floating-point
# operations (6 · batch · number of weights: forward, dW and δ) as where the GPU was measured
# to overtake the CPU. That point grows with the CPU cores BLAS may use: a GPU step costs a
# nearly fixed ~60 kernel launches until it is large, while the CPU's time shrinks with its
# cores. Measured crossovers (bench/gpu_crossover.py, figures in docs/engine.md): CPU cores
# → FLOP per step from which the GPU stays faster.
# Measured with bench/gpu_crossover.py (2026-12-04): an H200 against 1, 4 and 16 Xeon cores.
GPU_CROSSOVERS: dict[int, float] = {1: 130e6, 4: 130e6, 16: 461e6}
# Whatever the CPU, below this a step is too small for a GPU to pay for its launches.
GPU_MIN_FLOPS_PER_STEP = 10e6

DEFAULT_GPU_MEMORY = 2 * 1024**3  # per process; env NNTUTOR_GPU_MEMORY overrides
_UNITS = {
    "": 1,
    "b": 1,
    "k": 1024,
    "kb": 1024,
    "kib": 1024,
    "m": 1024**2,
    "mb": 1024**2,
    "mib": 1024**2,
    "g": 1024**3,
    "gb": 1024**3,
    "gib": 1024**3,
}


def step_flops(sizes: tuple[int, ...], batch: int) -> float:
    """Floating-point operations of one training step of a dense network."""
    weights = sum(n_in * n_out for n_in, n_out in itertools.pairwise(sizes))
    return 6.0 * batch * weights


def load_cupy():
    """(cupy, None) when CuPy and a CUDA device work, else (None, the reason in words)."""
    try:
        import cupy
    except ImportError:
        return None, "CuPy is not installed (pip install 'nntutor[gpu]')"
    except (OSError, RuntimeError) as exc:  # a broken CUDA install
        return None, f"CuPy failed to load ({exc})"
    try:
        count = cupy.cuda.runtime.getDeviceCount()
    except RuntimeError as exc:  # cupy.cuda.runtime.CUDARuntimeError
        return None, f"no CUDA device is usable ({exc})"
    if count < 1:
        return None, "no CUDA device was found"
    return cupy, None


def gpu_memory_limit(environ=os.environ) -> int:
    """Bytes the CuPy memory pool may hold: NNTUTOR_GPU_MEMORY (e.g. 4GiB, 512MiB) or 2 GiB."""
    text = environ.get("NNTUTOR_GPU_MEMORY", "").strip()
    if not text:
        return DEFAULT_GPU_MEMORY
    match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([a-zA-Z]*)", text)
    if not match or match.group(2).lower() not in _UNITS:
        raise ConfigError(
            f"NNTUTOR_GPU_MEMORY={text!r} is not a size; write it like 2GiB or 512MiB"
        )
    return int(float(match.group(1)) * _UNITS[match.group(2).lower()])


@dataclass
class Backend:
    """The array module and the device it computes on, with a seeded random source for dropout."""

    xp: object
    device: str  # "cpu" or "gpu"
    seed: int = 0
    _random: object = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if self.device == "gpu":
            self._random = self.xp.random.RandomState(self.seed)
        else:
            self._random = np.random.default_rng(self.seed)

    def to_host(self, array) -> np.ndarray:
        return array.get() if self.device == "gpu" else np.asarray(array)

    def asarray(self, array, dtype=None):
        return self.xp.asarray(array, dtype=dtype)

    def gather(self, source, rows, out):
        """``out`` = source[rows] along the first axis, without a temporary array."""
        if self.device == "gpu":
            return self.xp.take(source, rows, axis=0, out=out)
        # NumPy buffers ``take`` into ``out`` unless the mode promises valid indices (3× slower)
        return np.take(source, rows, axis=0, out=out, mode="clip")

    def uniform_into(self, out) -> None:
        """Fill ``out`` with uniform random numbers in [0, 1), on the device."""
        if self.device == "gpu":
            out[...] = self._random.random_sample(out.shape, dtype=out.dtype)
        else:
            self._random.random(out=out, dtype=out.dtype)

    def floats(self, values: list) -> list[float]:
        """Scalars and 1-D arrays (on the device or not; None counts as 0) as one flat list of host floats.

        On a GPU this is a single device-to-host copy."""
        xp = self.xp
        parts = [xp.asarray(0.0 if v is None else v, dtype=xp.float64).reshape(-1) for v in values]
        return self.to_host(xp.concatenate(parts)).tolist()


def cpu_backend(seed: int = 0) -> Backend:
    return Backend(np, "cpu", seed)


def gpu_min_flops(cores: int) -> float:
    """FLOP per step from which ``auto`` picks the GPU, beside ``cores`` CPU cores.

    Between two measured core counts it is interpolated; beyond them it scales in
    proportion to the cores (the CPU's speed on large products does), never below
    ``GPU_MIN_FLOPS_PER_STEP``."""
    points = sorted(GPU_CROSSOVERS.items())
    cores = max(1, cores)
    if cores <= points[0][0]:
        flops = points[0][1] * cores / points[0][0]
    elif cores >= points[-1][0]:
        flops = points[-1][1] * cores / points[-1][0]
    else:
        (c0, f0), (c1, f1) = next(
            (p, q) for p, q in itertools.pairwise(points) if p[0] <= cores <= q[0]
        )
        flops = f0 + (f1 - f0) * (cores - c0) / (c1 - c0)
    return max(GPU_MIN_FLOPS_PER_STEP, flops)


def select_backend(
    device: str, flops: float, seed: int = 0, cores: int | None = None
) -> tuple[Backend, str | None]:
    """The backend for ``--device`` and a step of ``flops`` operations, with a note for the learner (or None).

    ``cores``: how many CPU cores the CPU side would use (None: all this process may run on)."""
    if cores is None:
        from nntutor.engine.threads import available_cores

        cores = available_cores()
    if device == "cpu" or (device == "auto" and flops < gpu_min_flops(cores)):
        return cpu_backend(seed), None
    cupy, reason = load_cupy()
    if cupy is None:
        if device == "gpu":
            raise ConfigError(
                f"--device gpu needs CuPy and a CUDA GPU, but {reason}. Use --device cpu or auto."
            )
        return cpu_backend(
            seed
        ), f"This network is big enough to gain from a GPU, but {reason}; training on the CPU."
    cupy.get_default_memory_pool().set_limit(size=gpu_memory_limit())
    return Backend(cupy, "gpu", seed), None


# ---- warming the GPU up ----------------------------------------------------------------------
WARMUP_MESSAGES = Messages(
    "backend",
    {
        "running": "Preparing the GPU: CuPy compiles its kernels the first time (up to a few seconds; later sessions reuse them from its disk cache)…",
        "done": "The GPU is ready ({seconds:.1f} s to prepare).",
        "failed": "The GPU could not be prepared ({reason}); training will run on the CPU.",
    },
)


class GpuWarmup:
    """A background run of one tiny training step on the GPU, so that CuPy compiles (or loads
    from its disk cache) the kernels of a configuration before the learner's first step.

    ``done`` is set when it has finished; then ``seconds`` holds how long it took and
    ``error`` why it failed (None when it worked)."""

    def __init__(self, config=None) -> None:
        import threading

        self.config = config
        self.done = threading.Event()
        self.seconds: float | None = None
        self.error: str | None = None
        self._thread = threading.Thread(target=self._run, name="nntutor-gpu-warmup", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        import time

        started = time.perf_counter()
        try:
            cupy, reason = load_cupy()
            if cupy is None:
                self.error = reason
                return
            _tiny_gpu_step(self.config)
            cupy.cuda.Device().synchronize()
        except Exception as exc:  # noqa: BLE001 — any failure means "no GPU", said in words
            self.error = f"{type(exc).__name__}: {exc}"
        finally:
            self.seconds = time.perf_counter() - started
            self.done.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until it has finished (at most ``timeout`` seconds); True when it has."""
        return self.done.wait(timeout)

    def message(self, lang: str = "en") -> str:
        """What is happening, for the learner, in ``lang`` ("en" or "ru")."""
        from nntutor.i18n import t

        if not self.done.is_set():
            return t("running", lang, WARMUP_MESSAGES)
        if self.error is not None:
            return t("failed", lang, WARMUP_MESSAGES, reason=self.error)
        return t("done", lang, WARMUP_MESSAGES, seconds=self.seconds)


def _tiny_gpu_step(config=None) -> None:
    """Two epochs of a tiny network with ``config``'s activations, loss, optimizer and dtype
    (a TrainConfig; None: the defaults) on the GPU: every kernel its training uses runs once."""
    from dataclasses import replace

    from nntutor.engine.config import TrainConfig
    from nntutor.engine.data import DATASETS, make_dataset
    from nntutor.engine.trainer import Trainer

    config = config or TrainConfig()
    dataset = config.dataset if config.dataset in DATASETS else "spirals"
    data = make_dataset(dataset, 64, None, 0)
    tiny = replace(
        config, dataset=dataset, data_path=None, samples=64, hidden=tuple(4 for _ in config.hidden),
        batch_size=16, epochs=2, val_fraction=0.25, patience=1, device="gpu", init_weights=None,
        loss=config.loss if config.data_path is None else "auto",
    )  # fmt: skip
    Trainer(tiny, data).fit()


_warmup: GpuWarmup | None = None


def warm_up_gpu(config=None) -> GpuWarmup:
    """Start warming the GPU up in the background (once per process) and return the handle.

    Call it when a GPU is about to be used (``--device gpu``, or ``auto`` for a network above
    ``gpu_min_flops``), show ``message(lang)`` while ``done`` is not set. Kernels compiled once
    stay in CuPy's disk cache (~/.cupy/kernel_cache, or CUPY_CACHE_DIR), so later sessions
    warm up in a fraction of the time."""
    global _warmup
    if _warmup is None or (_warmup.done.is_set() and _warmup.config != config):
        _warmup = GpuWarmup(config)
    return _warmup


def gpu_expected(device: str, flops: float, cores: int | None = None) -> bool:
    """Whether ``select_backend`` would try the GPU for these settings (without loading CuPy)."""
    if device == "gpu":
        return True
    if device != "auto":
        return False
    if cores is None:
        from nntutor.engine.threads import available_cores

        cores = available_cores()
    return flops >= gpu_min_flops(cores)
