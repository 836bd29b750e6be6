"""Lab challenges: turning an exercise into engine configurations, and judging a run."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from nntutor.course.model import Exercise
from nntutor.course.strings import ntext


def challenge_options(ex: Exercise, which: str = "preset") -> dict[str, Any]:
    """The `nntutor train` options of a challenge's preset or reference, with its dataset."""
    options = dict(ex.lab.get(which, {}))
    options.setdefault("dataset", ex.lab.get("dataset"))
    if which == "reference":
        epochs, most = options.get("epochs", ex.lab["max_epochs"]), ex.lab["max_epochs"]
        if _whole(epochs) and _whole(most):
            options["epochs"] = min(epochs, most)
        # else: left as written, for TrainConfig.validate to name the setting at fault
    if "hidden" in options and isinstance(options["hidden"], list):
        options["hidden"] = tuple(options["hidden"])
    return options


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def judge(ex: Exercise, reports: Sequence[Any]) -> tuple[bool, float | None]:
    """Whether a run (a list of epoch reports) meets the challenge, and the best value it reached.

    Only epochs within ``max_epochs`` count. ``val_acc`` must reach at least the
    target; ``val_loss`` must fall to at most the target.
    """
    target = ex.lab["target"]
    metric, value = target["metric"], float(target["value"])
    within = [r for r in reports if r.epoch <= ex.lab["max_epochs"]]
    seen = [getattr(r, metric) for r in within if getattr(r, metric) is not None]
    if not seen:
        return False, None
    if metric == "val_acc":
        best = max(seen)
        return best >= value, best
    best = min(seen)
    return best <= value, best


def limits_problems(ex: Exercise, hidden: Sequence[int], lang: str = "en") -> list[str]:
    """What in the learner's network breaks the challenge's limits (empty when it is within them)."""
    limits = ex.lab.get("limits", {}) or {}
    out = []
    if "max_layers" in limits and len(hidden) > limits["max_layers"]:
        out.append(ntext("limit.layers", int(limits["max_layers"]), lang))
    if "max_width" in limits and any(w > limits["max_width"] for w in hidden):
        out.append(ntext("limit.width", int(limits["max_width"]), lang))
    return out


def run_reference(ex: Exercise) -> tuple[bool, float | None]:
    """Train the challenge's reference configuration on the CPU and judge it."""
    from nntutor.engine import TrainConfig, Trainer

    options = challenge_options(ex, "reference")
    options["device"] = "cpu"
    trainer = Trainer(TrainConfig(**options))
    reports = trainer.fit()
    return judge(ex, reports)
