"""Why a run diverged or stalled, as data, and its rendering in English and Russian.

An ``Explanation`` holds the kind of trouble, its numbers and the setting to change (a
``TrainConfig`` field) with the direction to change it in. Whoever shows it names the
setting in its own terms: the command line as ``--lr``, the lab as its control's label.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from nntutor.engine.errors import flag
from nntutor.i18n import Messages

# {key: {"en": ..., "ru": ...}}; placeholders are filled from the explanation's numbers.
TEXTS: Messages = Messages(
    "explain",
    {
        "what.nan": "NaN (not a number)",
        "what.inf": "infinite",
        "diverged": "Training diverged in epoch {epoch}: the loss became {what}.",
        "diverged.inputs": "Likely cause: the inputs are large (up to {scale:.3g}), so the first layer's z is huge and the steps overshoot. Remedy: scale each input column to about −1…1 (subtract its mean, divide by its standard deviation).",
        "diverged.targets": "Likely cause: the targets are large (up to {scale:.3g}), so the squared error and its gradient explode. Remedy: scale the targets to about −1…1, or lower {setting}.",
        "diverged.lr": "Likely cause: the learning rate {lr:g} is too high for {optimizer}: each step overshoots the minimum, the weights grow, and the numbers overflow.",
        "stalled": "The loss is not falling: after {epochs} epochs it is {loss:.3g}{level}.",
        "stalled.chance": ", far above the {chance:.3g} of guessing at random",
        "stalled.rising": ", up from {best:.3g}",
        "stalled.lr": "The learning rate {lr:g} is probably too high for {optimizer}: each step overshoots.",
        "stalled.other": "Try another learning rate, activation or network.",
        "remedy.lower.value": "Remedy: lower the learning rate, e.g. {setting} {suggestion:g}.",
        "remedy.lower": "Remedy: lower {setting}, e.g. ÷10.",
        "setting.lr": "the learning rate",
    },
)


text = TEXTS.text


def setting_words(lang: str) -> Callable[[str], str]:
    """Names a setting in plain words ("the learning rate"), for a reader without flags or controls."""
    return lambda setting: (
        text(lang, f"setting.{setting}") if f"setting.{setting}" in TEXTS else setting
    )


@dataclass(frozen=True)
class Explanation:
    """What went wrong, its numbers, and what to change: ``setting`` (a TrainConfig field) and
    ``direction`` ("lower"); ``suggestion`` is a value to try, shown only where ``exact``."""

    kind: str  # "diverged.inputs", "diverged.targets", "diverged.lr", "stalled.lr", "stalled.other"
    numbers: dict[str, Any] = field(default_factory=dict)
    setting: str | None = None
    direction: str | None = None
    suggestion: float | None = None

    def render(
        self, lang: str = "en", name: Callable[[str], str] = flag, exact: bool = True
    ) -> str:
        """The explanation in ``lang``, naming the setting with ``name`` (``--lr`` by default).

        ``exact`` False: say which way to change the setting, not a value to type."""
        n = self.numbers
        setting = name(self.setting) if self.setting else ""
        if self.kind.startswith("diverged."):
            what = text(lang, "what.nan" if n["nan"] else "what.inf")
            parts = [text(lang, "diverged", epoch=n["epoch"], what=what)]
        else:
            if "chance" in n:
                level = text(lang, "stalled.chance", chance=n["chance"])
            else:
                level = text(lang, "stalled.rising", best=n["best"])
            parts = [text(lang, "stalled", epochs=n["epochs"], loss=n["loss"], level=level)]
        parts.append(text(lang, self.kind, setting=setting, **n))
        if self.kind in ("diverged.lr", "stalled.lr"):
            if exact and self.suggestion is not None:
                parts.append(
                    text(lang, "remedy.lower.value", setting=setting, suggestion=self.suggestion)
                )
            else:
                parts.append(text(lang, "remedy.lower", setting=setting))
        return " ".join(parts)


def lower_lr(lr: float, default: float) -> float:
    """A learning rate to try after ``lr`` proved too high: a tenth, and no more than the default."""
    return min(lr / 10, default) if lr > default else lr / 10


def diverged(
    loss: float,
    epoch: int,
    lr: float,
    optimizer: str,
    default_lr: float,
    input_scale: float,
    target_scale: float,
) -> Explanation:
    """Why the loss became NaN or infinite in ``epoch``: large inputs, large targets, or the rate."""
    base = {"epoch": epoch, "nan": math.isnan(loss)}
    if input_scale > 100:
        return Explanation("diverged.inputs", {**base, "scale": input_scale})
    if target_scale > 1000:
        return Explanation(
            "diverged.targets", {**base, "scale": target_scale}, setting="lr", direction="lower"
        )
    return Explanation(
        "diverged.lr",
        {**base, "lr": lr, "optimizer": optimizer},
        setting="lr",
        direction="lower",
        suggestion=lower_lr(lr, default_lr),
    )


def stalled(
    losses: list[float],
    classes: int | None,
    loss_name: str,
    lr: float,
    optimizer: str,
    default_lr: float,
    min_epochs: int,
) -> Explanation | None:
    """Why the loss is not falling, when after ``min_epochs`` it is far above guessing or rising."""
    if len(losses) < min_epochs:
        return None
    recent = losses[-3:]
    now = sum(recent) / len(recent)
    best = min(losses)
    chance = {"ce": math.log(classes or 2), "bce": math.log(2)}.get(loss_name)
    if not math.isfinite(now):
        return None
    numbers: dict[str, Any] = {"epochs": len(losses), "loss": now}
    if chance is not None:
        if now <= 1.5 * chance:
            return None
        numbers["chance"] = chance
    else:
        if now <= 3 * best:
            return None
        numbers["best"] = best
    if lr > default_lr:
        return Explanation(
            "stalled.lr",
            {**numbers, "lr": lr, "optimizer": optimizer},
            setting="lr",
            direction="lower",
            suggestion=lower_lr(lr, default_lr),
        )
    return Explanation("stalled.other", numbers)
