"""``nntutor doctor``: is this machine and terminal ready for nntutor, and if not, what to do.

It reports Python and library versions, the terminal (size, colour depth, encoding,
SSH), the data folder, the course, the CPU, and the GPU: whether CuPy imports, the
device's name and memory, and whether a tiny training step runs on it. Every
problem comes with a fix in plain words. Nothing is written except a temporary
file to check that the data folder is writable.

Each check is a function of its inputs (environment, commands, modules), so the
tests can play a GPU box, an SSH session or a broken install without having one.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path

from nntutor.commands._common import add_subcommand

OK, NOTE, PROBLEM = "ok", "note", "problem"

# What the app needs (pyproject's dependencies), and what only one command needs.
REQUIRED = (
    "textual",
    "rich",
    "numpy",
    "sympy",
    "platformdirs",
    "textual-plotext",
    "plotext",
    "fsrs",
)
OPTIONAL = {"textual-serve": ("nntutor serve", "pip install 'nntutor[serve]'")}
MIN_SIZE = (60, 18)  # nntutor.app.app.MIN_WIDTH, MIN_HEIGHT (not imported: that would load Textual)
GOOD_SIZE = (80, 24)
CUPY_FOR_CUDA = {11: "cupy-cuda11x", 12: "cupy-cuda12x", 13: "cupy-cuda13x"}
GPU_EXTRA_CUDA = 12  # pip install 'nntutor[gpu]' installs cupy-cuda12x


@dataclass
class Check:
    section: str
    name: str
    status: str  # ok, note or problem
    message: str
    fix: str = ""
    details: dict = field(default_factory=dict)


def register(subparsers) -> None:
    parser = add_subcommand(
        subparsers,
        "doctor",
        help="check Python, libraries, terminal, data folder and GPU, with a fix for each problem",
        description="Check that nntutor can run well here: Python and libraries, the terminal "
        "(size, colours, encoding, SSH), the data folder, the course, the CPU and the GPU "
        "(CuPy, the device, a tiny training step on it). Exits 1 when it finds a problem.",
    )
    parser.add_argument("--json", action="store_true", help="print the checks as JSON, for scripts")
    parser.add_argument(
        "--no-training", action="store_true", help="skip the tiny training steps on the CPU and GPU"
    )
    parser.set_defaults(handler=run)


# --- Python and libraries ----------------------------------------------------------------------
def python_checks(version_of: Callable[[str], str | None] | None = None) -> list[Check]:
    from nntutor import __version__

    version_of = version_of or _installed_version
    section = "Python and libraries"
    checks = []
    py = sys.version_info
    py_text = f"Python {platform.python_version()} ({platform.python_implementation()}, {platform.system()} {platform.machine()})"
    if py < (3, 10):
        checks.append(
            Check(section, "python", PROBLEM, py_text, "nntutor needs Python 3.10 or newer.")
        )
    else:
        checks.append(
            Check(section, "python", OK, py_text, details={"version": platform.python_version()})
        )
    checks.append(
        Check(section, "nntutor", OK, f"nntutor {__version__}", details={"version": __version__})
    )
    found, missing = {}, []
    for name in REQUIRED:
        version = version_of(name)
        if version is None:
            missing.append(name)
        else:
            found[name] = version
    if found:
        listed = ", ".join(f"{k} {v}" for k, v in found.items())
        checks.append(Check(section, "libraries", OK, listed, details=found))
    if missing:
        checks.append(
            Check(
                section,
                "libraries-missing",
                PROBLEM,
                f"missing: {', '.join(missing)}",
                "Reinstall nntutor so that pip brings its dependencies: pip install --force-reinstall nntutor "
                "(in a checkout: pip install -e .).",
                {"missing": missing},
            )
        )
    for name, (needed_by, install) in OPTIONAL.items():
        version = version_of(name)
        if version is None:
            checks.append(
                Check(
                    section,
                    name,
                    NOTE,
                    f"{name} is not installed; only {needed_by} needs it",
                    install,
                )
            )
        else:
            checks.append(
                Check(
                    section,
                    name,
                    OK,
                    f"{name} {version} (for {needed_by})",
                    details={"version": version},
                )
            )
    return checks


def _installed_version(name: str) -> str | None:
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


# --- terminal ----------------------------------------------------------------------------------
def colour_depth(environ: Mapping[str, str]) -> str:
    """The colours Textual will use: 'truecolor', '256', '16' or 'none' (mirrors Rich's detection)."""
    forced = environ.get("TEXTUAL_COLOR_SYSTEM", "").strip().lower()
    if forced in ("truecolor", "256", "standard", "windows"):
        return {"standard": "16", "windows": "16"}.get(forced, forced)
    term = environ.get("TERM", "").strip().lower()
    if term in ("", "dumb", "unknown"):
        return "none"
    if environ.get("COLORTERM", "").strip().lower() in ("truecolor", "24bit"):
        return "truecolor"
    suffix = term.rpartition("-")[2]
    if suffix in ("kitty", "direct", "truecolor", "24bit"):
        return "truecolor"
    if suffix == "256color":
        return "256"
    return "16"


def terminal_checks(
    environ: Mapping[str, str] = os.environ,
    size: tuple[int, int] | None = None,
    is_tty: bool | None = None,
    encoding: str | None = None,
) -> list[Check]:
    section = "Terminal"
    if is_tty is None:
        is_tty = sys.__stdout__ is not None and sys.__stdout__.isatty()
    if size is None and is_tty:
        try:
            size = tuple(os.get_terminal_size(sys.__stdout__.fileno()))
        except OSError:
            size = None
    encoding = encoding or getattr(sys.__stdout__, "encoding", None) or "unknown"
    checks = []
    if size is None:
        checks.append(
            Check(
                section,
                "size",
                NOTE,
                "not a terminal (output is redirected): size and colours are not known here",
            )
        )
    else:
        width, height = size
        shown = f"{width}×{height}"
        if width < MIN_SIZE[0] or height < MIN_SIZE[1]:
            checks.append(
                Check(
                    section,
                    "size",
                    PROBLEM,
                    f"{shown}: smaller than the minimum {MIN_SIZE[0]}×{MIN_SIZE[1]}",
                    f"Enlarge the window (or a tmux pane) to at least {GOOD_SIZE[0]}×{GOOD_SIZE[1]}; "
                    "below the minimum nntutor shows only a 'please enlarge' screen.",
                    {"width": width, "height": height},
                )
            )
        elif width < GOOD_SIZE[0] or height < GOOD_SIZE[1]:
            checks.append(
                Check(
                    section,
                    "size",
                    NOTE,
                    f"{shown}: usable; {GOOD_SIZE[0]}×{GOOD_SIZE[1]} or larger shows more",
                    details={"width": width, "height": height},
                )
            )
        else:
            checks.append(
                Check(section, "size", OK, shown, details={"width": width, "height": height})
            )

    term = environ.get("TERM", "")
    depth = colour_depth(environ)
    settings = (
        " ".join(
            f"{k}={environ[k]}"
            for k in ("TERM", "COLORTERM", "TEXTUAL_COLOR_SYSTEM", "NO_COLOR")
            if k in environ
        )
        or "TERM is not set"
    )
    if depth == "none" and "TEXTUAL_COLOR_SYSTEM" not in environ:
        checks.append(
            Check(
                section,
                "colours",
                PROBLEM,
                f"{settings}: the terminal type is unknown, so the screen may not draw properly",
                "Set the terminal type, e.g. export TERM=xterm-256color (most terminals today), "
                "or TERM=xterm for 16 colours.",
                {"term": term, "depth": depth},
            )
        )
    else:
        words = {"truecolor": "millions of colours", "256": "256 colours", "16": "16 colours"}[
            depth
        ]
        message = f"{words} ({settings})"
        if "NO_COLOR" in environ:
            message += "; NO_COLOR is set, so nntutor draws in shades of grey"
        checks.append(
            Check(section, "colours", OK, message, details={"term": term, "depth": depth})
        )

    if "utf" not in encoding.lower().replace("-", ""):
        checks.append(
            Check(
                section,
                "encoding",
                PROBLEM,
                f"the terminal's encoding is {encoding}: lesson formulas and the marks ✓ ◐ ○ ✗ need UTF-8",
                "Use a UTF-8 locale: export LANG=C.UTF-8 (or en_US.UTF-8, ru_RU.UTF-8) before nntutor.",
                {"encoding": encoding},
            )
        )
    else:
        checks.append(Check(section, "encoding", OK, encoding, details={"encoding": encoding}))

    if environ.get("SSH_CONNECTION") or environ.get("SSH_TTY"):
        message = "over SSH"
        fix = ""
        if depth != "truecolor" and "NO_COLOR" not in environ:
            message += "; SSH does not pass COLORTERM on, so colours follow TERM alone"
            fix = (
                "If your own terminal shows millions of colours, export COLORTERM=truecolor here "
                "(or TEXTUAL_COLOR_SYSTEM=truecolor). On a slow link, nntutor --no-mouse sends less."
            )
        checks.append(Check(section, "ssh", NOTE, message, fix))
    if environ.get("TMUX"):
        checks.append(
            Check(
                section,
                "tmux",
                NOTE,
                "inside tmux: for millions of colours tmux must know your terminal has them "
                "(set -as terminal-features ',xterm-256color:RGB' in ~/.tmux.conf)",
            )
        )
    return checks


# --- data and course -----------------------------------------------------------------------------
def data_checks(data_dir: Path, lessons: Path | None = None) -> list[Check]:
    section = "Data and course"
    checks = []
    existing = data_dir
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    fix_dir = (
        "Choose a folder you can write to: nntutor --data-dir DIR (or export NNTUTOR_DATA_DIR=DIR)."
    )
    if not existing.is_dir():
        checks.append(
            Check(section, "data-dir", PROBLEM, f"{data_dir}: {existing} is not a folder", fix_dir)
        )
    elif not _writable(existing):
        checks.append(
            Check(section, "data-dir", PROBLEM, f"{data_dir}: cannot write in {existing}", fix_dir)
        )
    else:
        from nntutor.practice.store import ProgressStore

        profiles = ProgressStore.profiles(data_dir) if data_dir.is_dir() else []
        state = (
            (f"profiles: {', '.join(profiles)}" if profiles else "no progress yet")
            if data_dir.is_dir()
            else "will be created on first run"
        )
        checks.append(
            Check(
                section,
                "data-dir",
                OK,
                f"{data_dir} ({state})",
                details={"path": str(data_dir), "profiles": profiles},
            )
        )
        free = shutil.disk_usage(existing).free
        if free < 50 * 1024**2:
            checks.append(
                Check(
                    section,
                    "disk",
                    PROBLEM,
                    f"only {free / 1024**2:.0f} MB free where progress is stored",
                    "Free some space, or move progress elsewhere with --data-dir DIR.",
                )
            )
    try:
        from nntutor.course.loader import load_course
        from nntutor.paths import lessons_dir

        course = load_course(lessons_dir(lessons))
    except Exception as exc:  # noqa: BLE001 - a broken course must not stop the other checks
        checks.append(
            Check(
                section,
                "course",
                PROBLEM,
                f"the course could not be read: {exc}",
                "Run nntutor lessons validate for details.",
            )
        )
        return checks
    available = sum(1 for lesson in course.lessons if lesson.available)
    message = f"{course.root}: {available} of {len(course.lessons)} lessons can be opened"
    if course.problems or available < len(course.lessons):
        checks.append(
            Check(
                section,
                "course",
                PROBLEM,
                message + f", {len(course.problems)} problem(s)",
                "Run nntutor lessons validate to see each problem and where it is.",
            )
        )
    else:
        checks.append(
            Check(section, "course", OK, message, details={"lessons": len(course.lessons)})
        )
    return checks


def _writable(folder: Path) -> bool:
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".nntutor-doctor-"):
            return True
    except OSError:
        return False


# --- CPU and training on it ----------------------------------------------------------------------
def cpu_checks(train: bool = True) -> list[Check]:
    section = "CPU"
    checks = []
    try:
        from nntutor.engine.threads import available_cores, busy_cores

        cores, busy = available_cores(), busy_cores()
        memory = _mem_available()
        text = f"{cores} core(s) for nntutor, about {busy:.1f} busy with other work"
        if memory is not None:
            text += f"; {memory / 1024**3:.1f} GiB memory available"
        checks.append(
            Check(section, "cores", OK, text, details={"cores": cores, "busy": round(busy, 2)})
        )
    except Exception as exc:  # noqa: BLE001 - an unusual /proc: say so, check the rest
        checks.append(Check(section, "cores", NOTE, f"could not read the CPU load: {exc}"))
    if train:
        checks.append(training_check("cpu", section))
    return checks


def _mem_available() -> int | None:
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        return None
    return None


def tiny_training_step(device: str) -> dict:
    """One short epoch of a small network on ``device``; raises what the engine raises."""
    from nntutor.engine import TrainConfig, Trainer

    config = TrainConfig(
        dataset="moons",
        samples=256,
        hidden=(32, 32),
        epochs=1,
        batch_size=64,
        device=device,
        seed=0,
    )
    started = time.perf_counter()
    trainer = Trainer(config)
    reports = trainer.fit()
    seconds = time.perf_counter() - started
    loss = reports[-1].train_loss if reports else float("nan")
    if not math.isfinite(loss):
        raise RuntimeError(f"the training step gave a loss of {loss}")
    return {"device": trainer.device, "seconds": round(seconds, 3), "loss": round(float(loss), 4)}


def training_check(
    device: str, section: str, step: Callable[[str], dict] = tiny_training_step
) -> Check:
    where = "on the GPU" if device == "gpu" else "on the CPU"
    try:
        result = step(device)
    except ImportError as exc:
        return Check(
            section,
            f"training-{device}",
            PROBLEM,
            f"the training engine could not be loaded: {exc}",
            "Reinstall nntutor (pip install --force-reinstall nntutor; in a checkout: pip install -e .).",
        )
    except Exception as exc:  # noqa: BLE001 - any failure of the step is the finding
        fix = (
            "Run nntutor doctor again after the fix for the GPU above; meanwhile nntutor trains on the CPU."
            if device == "gpu"
            else "Please report this with the output of nntutor doctor --json."
        )
        return Check(
            section,
            f"training-{device}",
            PROBLEM,
            f"a tiny training step failed {where}: {exc}",
            fix,
        )
    if result.get("device") != device:
        return Check(
            section,
            f"training-{device}",
            PROBLEM,
            f"asked for the {device.upper()}, the engine trained on the {str(result.get('device')).upper()}",
            "Run nntutor train --device gpu to see why the GPU was not used.",
            result,
        )
    return Check(
        section,
        f"training-{device}",
        OK,
        f"a tiny training step runs {where} ({result['seconds'] * 1000:.0f} ms for one epoch, loss {result['loss']})",
        details=result,
    )


# --- GPU -----------------------------------------------------------------------------------------
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


def load_cupy():
    """(cupy module or None, reason in words or None)."""
    try:
        from nntutor.engine.backend import load_cupy as engine_load_cupy
    except ImportError:
        engine_load_cupy = None
    if engine_load_cupy is not None:
        return engine_load_cupy()
    try:
        import cupy
    except ImportError:
        return None, "CuPy is not installed"
    except Exception as exc:  # noqa: BLE001 - a broken CUDA install raises all sorts of things
        return None, f"CuPy failed to load ({exc})"
    return cupy, None


def _cupy_distributions() -> list[str]:
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
    cupy_loader: Callable[[], tuple] = load_cupy,
    cupy_packages: Callable[[], list[str]] = _cupy_distributions,
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
    cupy, reason = cupy_loader()
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


# --- running it ----------------------------------------------------------------------------------
def all_checks(args: argparse.Namespace) -> list[Check]:
    from nntutor.paths import data_dir

    train = not getattr(args, "no_training", False)
    checks = python_checks()
    checks += terminal_checks()
    checks += data_checks(data_dir(getattr(args, "data_dir", None)), getattr(args, "lessons", None))
    checks += cpu_checks(train)
    checks += gpu_checks(smi=nvidia_smi(), train=train)
    return checks


LABELS = {OK: "ok", NOTE: "note", PROBLEM: "PROBLEM"}


def render(checks: list[Check], width: int = 100) -> str:
    import textwrap

    def block(first: str, text: str) -> list[str]:
        return textwrap.wrap(
            text,
            max(40, width - 1),
            initial_indent=first,
            subsequent_indent=" " * 11,
            break_on_hyphens=False,
        ) or [first]

    lines = []
    section = None
    for check in checks:
        if check.section != section:
            section = check.section
            lines.append(f"\n{section}")
        lines += block(f"  {LABELS[check.status]:<8} ", check.message)
        if check.fix:
            lines += block(f"  {'':<8} fix: ", check.fix)
    problems = sum(c.status == PROBLEM for c in checks)
    notes = sum(c.status == NOTE for c in checks)
    verdict = (
        "nntutor is ready to use here."
        if not problems
        else f"{problems} problem(s) found: see each 'fix' above."
    )
    lines.append(f"\n{verdict} ({notes} note(s))")
    return "\n".join(lines).lstrip("\n")


def run(args: argparse.Namespace) -> int:
    checks = all_checks(args)
    if args.json:
        print(json.dumps([asdict(c) for c in checks], ensure_ascii=False, indent=2, default=str))
    else:
        print(render(checks, shutil.get_terminal_size((100, 24)).columns))
    return 1 if any(c.status == PROBLEM for c in checks) else 0
