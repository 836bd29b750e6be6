"""``nntutor doctor``'s checks: is this machine and terminal ready for nntutor, and if not, what to do.

UI-free: each check returns ``Check`` results (a status, what was seen, and a fix in
plain words for every problem); ``nntutor.commands.doctor`` only renders them. The
checks cover Python and library versions, the terminal (size, colour depth,
encoding, SSH), the data folder, the course, the CPU, and the GPU: whether CuPy
loads (through the engine's one loader), the device's name and memory, and whether
a tiny training step runs on it. Nothing is written except a temporary file to
check that the data folder is writable.

Each check is a function of its inputs (environment, commands, modules), so the
tests can play a GPU box, an SSH session or a broken install without having one.
"""

from __future__ import annotations

from pathlib import Path

from nntutor.doctor.cpu import cpu_checks, tiny_training_step, training_check
from nntutor.doctor.data import data_checks
from nntutor.doctor.gpu import (
    CUPY_FOR_CUDA,
    GPU_EXTRA_CUDA,
    cupy_distributions,
    cupy_fix,
    gpu_checks,
    gpu_memory_budget,
    nvidia_smi,
)
from nntutor.doctor.python import OPTIONAL, REQUIRED, python_checks
from nntutor.doctor.result import NOTE, OK, PROBLEM, Check
from nntutor.doctor.terminal import GOOD_SIZE, MIN_SIZE, colour_depth, terminal_checks

__all__ = [
    "CUPY_FOR_CUDA",
    "GOOD_SIZE",
    "GPU_EXTRA_CUDA",
    "MIN_SIZE",
    "NOTE",
    "OK",
    "OPTIONAL",
    "PROBLEM",
    "REQUIRED",
    "Check",
    "all_checks",
    "colour_depth",
    "cpu_checks",
    "cupy_distributions",
    "cupy_fix",
    "data_checks",
    "gpu_checks",
    "gpu_memory_budget",
    "nvidia_smi",
    "python_checks",
    "terminal_checks",
    "tiny_training_step",
    "training_check",
]


def all_checks(data_dir: Path, lessons: Path | None = None, train: bool = True) -> list[Check]:
    """Every check, in the order the report shows them."""
    checks = python_checks()
    checks += terminal_checks()
    checks += data_checks(data_dir, lessons)
    checks += cpu_checks(train)
    checks += gpu_checks(smi=nvidia_smi(), train=train)
    return checks
