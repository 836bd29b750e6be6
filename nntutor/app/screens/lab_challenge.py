"""The lab screen's challenge: whether a run counts, judging it, and recording the verdict.

The judging itself is the course's (``nntutor.course.challenges``); this part shows it.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from nntutor.app.widgets.lab.challenge import best_text
from nntutor.app.widgets.lab.strings import tr
from nntutor.lab import Frame, LabConfig, Outcome

if TYPE_CHECKING:
    from nntutor.course.model import Exercise


class LabChallenge:
    """Mixed into ``LabScreen``: a lesson's lab challenge, judged as its runs go."""

    def _why_not_counted(self, config: LabConfig, weights: str | None = None) -> str:
        """Why a run with ``config`` cannot count for the challenge ("" when it can)."""
        if self.challenge is None:
            return ""
        from nntutor.course.challenges import limits_problems

        lang, ex = self.app.lang, self.challenge[1]
        problems = limits_problems(ex, config.hidden, self.app.lang)
        if problems:
            return tr(lang, "breaks_limits", what="; ".join(problems))
        if config.dataset != ex.lab.get("dataset") or config.data_path:
            return tr(lang, "other_data", dataset=ex.lab.get("dataset"))
        if weights:
            return tr(lang, "loaded_weights_count")
        return ""

    def _limits_note(self, config: LabConfig, weights: str | None = None) -> str:
        return self._why_not_counted(config, weights) or tr(self.app.lang, "judged_when")

    def _judge(self, frame: Frame, outcome: Outcome | None) -> None:
        if self.challenge is None or self.challenge_run is None or self.session is None:
            return
        run = self.challenge_run
        if run.generation != frame.generation or run.judged:
            return
        from nntutor.course.challenges import judge

        lesson, ex = self.challenge
        met, best = judge(ex, frame.reports)
        ended = outcome is not None and outcome.reason in (
            "finished",
            "stopped_early",
            "diverged",
            "error",
        )
        over = frame.epoch >= int(ex.lab.get("max_epochs", 0))
        if not run.counts:
            self.banner.show(ex, best, note=run.why_not)
            return
        if not (met or over or ended):
            self.banner.show(ex, best, note=self._limits_note(self.config))
            return
        from nntutor.app.widgets.exercise_records import record_lab_run

        run.judged = True
        problem = (
            outcome.message
            if outcome is not None and outcome.reason in ("diverged", "error")
            else None
        )
        verdict = record_lab_run(
            self.app,
            lesson,
            ex,
            frame.reports,
            self.session.config.hidden,
            self._run_summary(ex, best),
            problem=problem,
            duration_s=time.monotonic() - run.started,
        )
        lang = self.app.lang
        mark = tr(lang, "solved" if verdict.correct else "not_yet")
        self.banner.show(ex, best, verdict=f"{mark}: {verdict.message} ({tr(lang, 'recorded')})")
        if verdict.correct:
            self.notify(tr(self.app.lang, "challenge_solved"), timeout=6)

    def _run_summary(self, ex: Exercise, best: float | None) -> str:
        c = self.session.config if self.session is not None else self.config
        parts = [
            f"hidden {','.join(map(str, c.hidden)) or 'none'} {','.join(c.layer_activations()) or c.activation}",
            f"{c.optimizer} lr {c.learning_rate:g}",
            f"batch {c.batch_size}",
        ]
        if c.dropout:
            parts.append(f"dropout {c.dropout:g}")
        if c.l2:
            parts.append(f"L2 {c.l2:g}")
        if c.patience:
            parts.append(f"early stop {c.patience}")
        return " · ".join(parts) + f" → best {best_text(ex, best)}"
