"""The lab screen's bridge to its worker thread: building a session and training it.

Training runs in one thread worker (group "lab"); it reports ``FrameComputed`` messages,
throttled by time, and ``RunEnded`` with the ``Outcome``. Handlers here keep the screen's
state (building, ready, running, paused, diverged, …) and hand frames to the drawing code.
"""

from __future__ import annotations

from dataclasses import replace

from textual import work
from textual.worker import get_current_worker

from nntutor.app.widgets.lab.messages import FrameComputed, RunEnded, SessionBuilt, SessionFailed
from nntutor.app.widgets.lab.strings import tr
from nntutor.engine.errors import ConfigError
from nntutor.lab import ChallengeRun, LabConfig, LabSession


class LabRunner:
    """Mixed into ``LabScreen``: builds sessions and runs training in the "lab" worker group."""

    def _rebuild(self, config: LabConfig, weights: str | None = None, note: str = "") -> None:
        self._stop()
        self._start_when_built = None
        self._built = True
        self.generation += 1
        self.config = config
        self._weights = weights
        self.session = None
        self.state = "building"
        self.last_frame = None
        self._note = note
        self._show_notice("")
        if self.challenge is not None:
            why = self._why_not_counted(config, weights)
            self.challenge_run = ChallengeRun(self.generation, not why, why)
            self.banner.show(self.challenge[1], note=why or self._limits_note(config))
        self._show_controls()
        self.status.show(self.state, None)
        self._build(replace(config), self.generation, weights, note)

    @work(thread=True, exclusive=True, group="lab", exit_on_error=False)
    def _build(self, config: LabConfig, generation: int, weights: str | None, note: str) -> None:
        try:
            session = LabSession(config, weights=weights, generation=generation)
            with session.lock:
                frame = session.frame(self._wants)
        except ConfigError as exc:
            message = self._worded(exc)
        except Exception as exc:  # noqa: BLE001 - a GPU that fails to start, memory: explain, never crash
            message = f"{type(exc).__name__}: {exc}"
        else:
            self.post_message(SessionBuilt(generation, session, frame, note))
            return
        self.post_message(SessionFailed(generation, message))

    def on_session_built(self, event: SessionBuilt) -> None:
        if event.generation != self.generation:
            return
        self.session = event.session
        self.state = "ready"
        session = event.session
        self.boundary.border_title = self._view_title("boundary")
        self._show_view()
        self.boundary.set_points(session.train_points, session.val_points)
        if not session.can_draw_plane:
            self.boundary.show(
                None,
                tr(self.app.lang, "no_boundary", n=session.features),
            )
        notes = [n for n in (event.note, *session.trainer.notes) if n]
        if notes:
            self.notify(" ".join(notes), timeout=6)
        self._show_controls()
        self._apply(event.frame)
        self.call_after_refresh(self._after_layout)
        if self._start_when_built is not None:
            until, self._start_when_built = self._start_when_built, None
            self._start(until)

    def on_session_failed(self, event: SessionFailed) -> None:
        if event.generation != self.generation:
            return
        self.state = "error"
        self.status.show(self.state, None)
        self._show_notice(tr(self.app.lang, "cannot_build", why=event.message))

    # ---- training ----------------------------------------------------------------------------
    def _start(self, until: str) -> None:
        session = self.session
        if session is None and self.state == "building":
            self._start_when_built = until  # pressed before the network was ready: start then
            return
        if session is None:
            self.notify(tr(self.app.lang, "fix_settings"), severity="warning")
            return
        if self.state == "diverged":
            self.notify(tr(self.app.lang, "diverged_first"), severity="warning")
            return
        if until == "end" and session.trainer.finished:
            self.notify(tr(self.app.lang, "run_complete", n=session.trainer.epoch))
            return
        self.run += 1
        self.in_flight = self.run
        self.state = "running" if until == "end" else "stepping"
        self.status.show(self.state, self.last_frame)
        self._train(session, self.run, until, 1 / self.updates)

    @work(thread=True, exclusive=True, group="lab", exit_on_error=False)
    def _train(self, session: LabSession, run: int, until: str, interval: float) -> None:
        worker = get_current_worker()
        outcome = session.train(
            until,
            should_stop=lambda: worker.is_cancelled,
            on_frame=lambda frame: self.post_message(FrameComputed(run, frame)),
            wants=lambda: self._wants,
            interval=interval,
        )
        self.post_message(RunEnded(run, outcome))

    def _stop(self) -> None:
        self.workers.cancel_group(self, "lab")
        self.in_flight = None

    def on_frame_computed(self, event: FrameComputed) -> None:
        if self.session is None or event.frame.generation != self.session.generation:
            return
        self._apply(event.frame)

    def on_run_ended(self, event: RunEnded) -> None:
        if event.run != self.run:
            return  # an older run, stopped on purpose
        self.in_flight = None
        outcome = event.outcome
        if outcome.reason in ("batch", "epoch", "paused"):
            self.state = "paused"
        else:
            self.state = outcome.reason
        if outcome.reason == "diverged":
            self._diverged_in = outcome.epoch
            self._show_notice(self._explained(outcome.explanation, outcome.message))
        elif outcome.reason == "error":
            self._show_notice(outcome.message or tr(self.app.lang, "training_stopped"))
        if self.last_frame is not None:
            self.status.show(self.state, self.last_frame)
            self._judge(self.last_frame, outcome)
        self._frame_when_idle()
