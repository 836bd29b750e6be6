"""The GPU: the NVIDIA driver, CuPy (loaded by the engine's one loader), the device, its memory."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable, Mapping

from nntutor.doctor.cpu import tiny_training_step, training_check
from nntutor.doctor.result import NOTE, OK, PROBLEM, Check

CUPY_FOR_CUDA = {11: "cupy-cuda11x", 12: "cupy-cuda12x", 13: "cupy-cuda13x"}
GPU_EXTRA_CUDA = 12  # pip install 'nntutor[gpu]' installs cupy-cuda12x


def _run_command(argv: list[str]) -> str | None:
    try:
        done = subprocess.run(argv, check=False, capture_output=True, text=True, timeout=15)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def nvidia_smi(
    which: Callable[[str], str | None] = shutil.which, run_command=_run_command
) -> dict | None:
    """What nvidia-smi says: the driver's CUDA version and the GPUs; None without nvidia-smi."""
    path = which("nvidia-smi")
    if path is None:
        return None
    info: dict = {"path": path, "cuda": None, "gpus": []}
    header = run_command([path]) or ""
    match = re.search(r"CUDA Version:\s*(\d+)\.(\d+)", header)
    if match:
        info["cuda"] = f"{match.group(1)}.{match.group(2)}"
    table = (
        run_command(
            [path, "--query-gpu=name,memory.total,memory.used", "--format=csv,noheader,nounits"]
        )
        or ""
    )
    for line in table.strip().splitlines():
        parts = [p.strip() for p in line.split(",")]
        if len(parts) == 3:
            name, total, used = parts
            info["gpus"].append(
                {"name": name, "memory_total_mib": _int(total), "memory_used_mib": _int(used)}
            )
    return info


def _int(text: str) -> int | None:
    try:
        return int(float(text))
    except ValueError:
        return None


def cupy_fix(smi: dict | None) -> str:
    """Which CuPy to install, from nvidia-smi's CUDA version."""
    if smi is None:
        return (
            "This machine shows no NVIDIA GPU (nvidia-smi is not installed). nntutor trains on the CPU, "
            "which is enough for every lesson. On a GPU box: pip install 'nntutor[gpu]' (CuPy for CUDA 12); "
            "for another CUDA version install the cupy-cudaXXx package matching nvidia-smi's 'CUDA Version'."
        )
    cuda = smi.get("cuda")
    if cuda is None:
        return (
            "nvidia-smi is here but did not report a CUDA version: check the NVIDIA driver (run nvidia-smi), "
            "then pip install 'nntutor[gpu]' for CUDA 12, or the cupy-cudaXXx package for your CUDA version."
        )
    major = int(cuda.split(".")[0])
    package = CUPY_FOR_CUDA.get(major)
    if major == GPU_EXTRA_CUDA:
        return (
            f"nvidia-smi reports CUDA {cuda}: pip install 'nntutor[gpu]' (it installs {package})."
        )
    if package:
        return f"nvidia-smi reports CUDA {cuda}: pip install {package} (the 'gpu' extra is for CUDA 12)."
    return f"nvidia-smi reports CUDA {cuda}: install the CuPy build for it (see https://docs.cupy.dev/en/stable/install.html)."


def cupy_distributions() -> list[str]:
    from importlib import metadata

    names = set()
    for dist in metadata.distributions():
        name = (dist.metadata.get("Name") or "").lower()
        if name.startswith("cupy"):
            names.add(f"{name} {dist.version}")
    return sorted(names)


def gpu_memory_budget(environ: Mapping[str, str] = os.environ) -> tuple[int | None, str | None]:
    """Bytes of GPU memory each nntutor process may hold, or (None, why it is not known)."""
    try:
        from nntutor.engine.backend import gpu_memory_limit
    except ImportError:
        return None, "the engine is not installed"
    try:
        return gpu_memory_limit(environ), None
    except Exception as exc:  # noqa: BLE001 - a bad NNTUTOR_GPU_MEMORY: report it
        return None, str(exc)


def gpu_checks(
    environ: Mapping[str, str] = os.environ,
    smi: dict | None = None,
    cupy_loader: Callable[[], tuple] | None = None,
    cupy_packages: Callable[[], list[str]] = cupy_distributions,
    train: bool = True,
    step: Callable[[str], dict] = tiny_training_step,
) -> list[Check]:
    section = "GPU"
    checks = []
    if smi is None:
        checks.append(
            Check(
                section, "nvidia-smi", NOTE, "no NVIDIA driver found (nvidia-smi is not installed)"
            )
        )
    else:
        gpus = (
            ", ".join(
                f"{g['name']} ({(g['memory_used_mib'] or 0) / 1024:.1f} of {(g['memory_total_mib'] or 0) / 1024:.1f} GiB in use)"
                for g in smi["gpus"]
            )
            or "no GPU listed"
        )
        checks.append(
            Check(
                section,
                "nvidia-smi",
                OK,
                f"driver for CUDA {smi.get('cuda') or '?'}: {gpus}",
                details=smi,
            )
        )
    if cupy_loader is None:  # the engine's one loader (it imports NumPy, so only when needed)
        from nntutor.engine.backend import load_cupy as cupy_loader
    try:
        cupy, reason = cupy_loader()
    except Exception as exc:  # noqa: BLE001 - a broken CUDA install raises all sorts of things
        cupy, reason = None, f"CuPy failed to load ({exc})"
    packages = cupy_packages()
    if cupy is None:
        installed = f" (installed: {', '.join(packages)})" if packages else ""
        status = NOTE if smi is None else PROBLEM
        if packages and smi is not None and smi.get("cuda"):
            fix = (
                f"The installed CuPy does not work with this driver. pip uninstall {' '.join(p.split()[0] for p in packages)}, "
                f"then: {cupy_fix(smi)}"
            )
        else:
            fix = cupy_fix(smi)
        label = "no CUDA device" if smi is None else "the GPU cannot be used"
        checks.append(
            Check(
                section,
                "cupy",
                status,
                f"{label}: {reason}{installed}; training runs on the CPU",
                fix,
            )
        )
        return checks
    try:
        runtime = cupy.cuda.runtime
        count = runtime.getDeviceCount()
        device = cupy.cuda.Device(0)
        props = runtime.getDeviceProperties(0)
        name = props["name"].decode() if isinstance(props["name"], bytes) else str(props["name"])
        free, total = device.mem_info
        version = getattr(cupy, "__version__", "?")
    except Exception as exc:  # noqa: BLE001 - the driver's errors are the finding
        checks.append(
            Check(
                section,
                "cupy",
                PROBLEM,
                f"CuPy imports but cannot reach the GPU: {exc}",
                "Check that nvidia-smi lists the GPU and that CUDA_VISIBLE_DEVICES does not hide it; "
                + cupy_fix(smi),
            )
        )
        return checks
    checks.append(
        Check(
            section,
            "device",
            OK,
            f"CuPy {version}: {name}, {free / 1024**3:.1f} of {total / 1024**3:.1f} GiB free"
            + (f" ({count} devices; nntutor uses device 0)" if count > 1 else ""),
            details={"cupy": version, "name": name, "free": free, "total": total, "devices": count},
        )
    )
    budget, why = gpu_memory_budget(environ)
    if budget is None:
        checks.append(
            Check(
                section,
                "gpu-memory",
                PROBLEM,
                f"the GPU memory limit is not usable: {why}",
                "Set NNTUTOR_GPU_MEMORY to a size such as 2GiB or 512MiB, or unset it for the default (2 GiB).",
            )
        )
    else:
        share = f"each nntutor process holds at most {budget / 1024**3:.2g} GiB of GPU memory"
        if budget > total:
            checks.append(
                Check(
                    section,
                    "gpu-memory",
                    PROBLEM,
                    f"{share}, more than the GPU has ({total / 1024**3:.1f} GiB)",
                    "Lower NNTUTOR_GPU_MEMORY (e.g. export NNTUTOR_GPU_MEMORY=1GiB) so that learners share the GPU.",
                )
            )
        else:
            checks.append(
                Check(
                    section,
                    "gpu-memory",
                    OK,
                    f"{share} (NNTUTOR_GPU_MEMORY; room for about {max(1, int(total // budget))} learners)",
                    details={"limit": budget},
                )
            )
    if train:
        checks.append(training_check("gpu", section, step))
    return checks
