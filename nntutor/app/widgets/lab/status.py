"""The lab's status: what it is doing, the epoch, the speed, the latest loss and accuracy."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from nntutor.app.widgets.lab.session import Frame

SHOW_TIMING = True  # snapshot tests switch the speed figure off (it differs from run to run)

STATES = {
    "building": ("…", "building"),
    "ready": ("■", "ready: Space trains"),
    "running": ("▶", "training"),
    "stepping": ("▶", "stepping"),
    "paused": ("‖", "paused"),
    "finished": ("✓", "done"),
    "stopped_early": ("✓", "stopped early"),
    "diverged": ("✗", "diverged: r resets"),
    "error": ("!", "stopped"),
}


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:.4g}"


class LabStatus(Static):
    """Two lines: state, epoch, steps and speed; then loss and accuracy, training and validation."""

    DEFAULT_CSS = """
    LabStatus {
        height: 2;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def show(self, state: str, frame: Frame | None) -> None:
        mark, word = STATES.get(state, ("", state))
        line = Text()
        line.append(f"{mark} {word}", style="bold")
        if frame is not None:
            line.append(f" · epoch {frame.epoch}/{frame.epochs} · step {frame.steps:,}")
            if (
                SHOW_TIMING
                and frame.steps_per_second is not None
                and state in ("running", "paused", "finished")
            ):
                line.append(f" · {frame.steps_per_second:,.0f} steps/s")
        second = Text()
        last = frame.last if frame is not None else None
        if last is not None:
            second.append("loss ")
            second.append(_number(last.train_loss), style="bold")
            if last.val_loss is not None:
                second.append(f" (val {_number(last.val_loss)})")
            if last.train_acc is not None:
                second.append(" · acc ")
                second.append(_percent(last.train_acc), style="bold")
                if last.val_acc is not None:
                    second.append(f" (val {_percent(last.val_acc)})")
        elif frame is not None and frame.batch_loss is not None:
            second.append(f"batch loss {_number(frame.batch_loss)}")
        else:
            second.append("Space: train · . one batch · > one epoch · v: next view", style="dim")
        both = Text("\n", no_wrap=True, overflow="ellipsis").join([line, second])
        both.no_wrap, both.overflow = True, "ellipsis"
        self.update(both)
