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

# ``--device auto`` uses the GPU when one training step does at least this many
# floating-point operations (6 · batch · number of weights: forward, dW and δ).
# Below it, kernel launches (a few µs each, ~60 per step) cost more than the
# arithmetic saves. Estimated, not yet measured on a GPU: see docs/engine.md and
# bench/gpu_crossover.py for how to measure it and where to put the figure.
GPU_MIN_FLOPS_PER_STEP = 100e6

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


def select_backend(device: str, flops: float, seed: int = 0) -> tuple[Backend, str | None]:
    """The backend for ``--device`` and a step of ``flops`` operations, with a note for the learner (or None)."""
    if device == "cpu" or (device == "auto" and flops < GPU_MIN_FLOPS_PER_STEP):
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
