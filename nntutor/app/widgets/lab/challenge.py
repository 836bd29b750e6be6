"""A lab challenge's banner: the goal, the best so far in this run, and the verdict once judged."""

from __future__ import annotations

from textual.widgets import Static

from nntutor.app.safe import fill
from nntutor.app.widgets.lab.strings import lang_of, tr
from nntutor.course.model import Exercise


def goal_text(ex: Exercise, lang: str = "en") -> str:
    lab = ex.lab
    target = lab.get("target", {})
    metric, value = target.get("metric"), float(target.get("value", 0))
    goal = (
        tr(lang, "goal.acc", v=f"{value:.0%}")
        if metric == "val_acc"
        else tr(lang, "goal.loss", v=f"{value:g}")
    )
    limits = lab.get("limits") or {}
    extra = []
    if "max_layers" in limits:
        extra.append(tr(lang, "limit.layers", n=limits["max_layers"]))
    if "max_width" in limits:
        extra.append(tr(lang, "limit.width", n=limits["max_width"]))
    more = f" ({', '.join(extra)})" if extra else ""
    return (
        tr(lang, "goal.on", goal=goal, dataset=lab.get("dataset"), epochs=lab.get("max_epochs"))
        + more
    )


def best_text(ex: Exercise, best: float | None) -> str:
    if best is None:
        return "—"
    return f"{best:.1%}" if ex.lab.get("target", {}).get("metric") == "val_acc" else f"{best:.4g}"


class ChallengeBanner(Static):
    """Shown only while the lab holds a challenge."""

    DEFAULT_CSS = """
    ChallengeBanner {
        height: auto;
        color: $accent;
    }
    """

    def show(
        self, ex: Exercise | None, best: float | None = None, note: str = "", verdict: str = ""
    ) -> None:
        self.display = ex is not None
        if ex is None:
            return
        lang = lang_of(self)
        template = "[b]$challenge[/b]: $goal · $best_word $best"
        if verdict:
            template += "\n$verdict"
        elif note:
            template += "\n[dim]$note[/dim]"
        self.update(
            fill(
                template,
                challenge=tr(lang, "challenge"),
                goal=goal_text(ex, lang),
                best_word=tr(lang, "best"),
                best=best_text(ex, best),
                verdict=verdict,
                note=note,
            )
        )
