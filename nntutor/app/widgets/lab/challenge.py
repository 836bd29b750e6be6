"""A lab challenge's banner: the goal, the best so far in this run, and the verdict once judged."""

from __future__ import annotations

from rich.markup import escape
from textual.widgets import Static

from nntutor.course.model import Exercise


def goal_text(ex: Exercise) -> str:
    lab = ex.lab
    target = lab.get("target", {})
    metric, value = target.get("metric"), float(target.get("value", 0))
    if metric == "val_acc":
        goal = f"validation accuracy ≥ {value:.0%}"
    else:
        goal = f"validation loss ≤ {value:g}"
    limits = lab.get("limits") or {}
    extra = []
    if "max_layers" in limits:
        extra.append(f"≤ {limits['max_layers']} hidden layers")
    if "max_width" in limits:
        extra.append(f"≤ {limits['max_width']} wide")
    more = f" ({', '.join(extra)})" if extra else ""
    return f"{goal} on {lab.get('dataset')} within {lab.get('max_epochs')} epochs{more}"


def best_text(ex: Exercise, best: float | None) -> str:
    if best is None:
        return "—"
    return f"{best:.1%}" if ex.lab.get("target", {}).get("metric") == "val_acc" else f"{best:.4g}"


class ChallengeBanner(Static):
    """Shown only while the lab holds a challenge."""

    DEFAULT_CSS = """
    ChallengeBanner {
        height: auto;
        max-height: 3;
        color: $accent;
    }
    """

    def show(
        self, ex: Exercise | None, best: float | None = None, note: str = "", verdict: str = ""
    ) -> None:
        self.display = ex is not None
        if ex is None:
            return
        text = f"[b]Challenge[/b]: {escape(goal_text(ex))} · best {best_text(ex, best)}"
        if verdict:
            text += f"\n{escape(verdict)}"
        elif note:
            text += f"\n[dim]{escape(note)}[/dim]"
        self.update(text)
