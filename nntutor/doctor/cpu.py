"""The CPU (cores, load, memory) and a tiny training step on a device."""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from nntutor.doctor.result import NOTE, OK, PROBLEM, Check


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
