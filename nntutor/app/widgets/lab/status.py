"""The lab's status: what it is doing, the epoch, the speed, the latest loss and accuracy."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from nntutor.app.widgets.lab.strings import lang_of, tr
from nntutor.i18n import group_digits
from nntutor.lab import Frame

SHOW_TIMING = True  # snapshot tests switch the speed figure off (it differs from run to run)

MARKS = {
    "building": "…",
    "ready": "■",
    "running": "▶",
    "stepping": "▶",
    "paused": "‖",
    "finished": "✓",
    "stopped_early": "✓",
    "diverged": "✗",
    "error": "!",
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
        lang = lang_of(self)
        line = Text()
        line.append(f"{MARKS.get(state, '')} {tr(lang, 'state.' + state)}", style="bold")
        if frame is not None:
            line.append(
                f" · {tr(lang, 'epoch')} {frame.epoch}/{frame.epochs} · {tr(lang, 'step')} {group_digits(frame.steps, lang)}"
            )
            timing = SHOW_TIMING and frame.steps_per_second is not None
            if timing and state in ("running", "paused", "finished"):
                line.append(
                    f" · {group_digits(frame.steps_per_second, lang)} {tr(lang, 'steps_per_s')}"
                )
        second = Text()
        last = frame.last if frame is not None else None
        val = tr(lang, "val")
        if frame is not None and frame.gpu_warmup is not None:  # CuPy compiling its kernels
            second.append(frame.gpu_warmup.message(lang), style="italic")
        elif last is not None:
            second.append(f"{tr(lang, 'loss')} ")
            second.append(_number(last.train_loss), style="bold")
            if last.val_loss is not None:
                second.append(f" ({val} {_number(last.val_loss)})")
            if last.train_acc is not None:
                second.append(f" · {tr(lang, 'acc')} ")
                second.append(_percent(last.train_acc), style="bold")
                if last.val_acc is not None:
                    second.append(f" ({val} {_percent(last.val_acc)})")
        elif frame is not None and frame.batch_loss is not None:
            second.append(f"{tr(lang, 'batch_loss')} {_number(frame.batch_loss)}")
        else:
            second.append(tr(lang, "keys_hint"), style="dim")
        both = Text("\n", no_wrap=True, overflow="ellipsis").join([line, second])
        both.no_wrap, both.overflow = True, "ellipsis"
        self.update(both)
