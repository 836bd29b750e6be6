"""The lab: build a network, train it live, and look inside it.

The screen is the lab mode's base screen, so it lives as long as the app: a run keeps
training while the learner reads a lesson, and its worker never outlives its widgets.
Training runs in one thread worker (group "lab"); it reports ``FrameComputed`` messages,
throttled by time, and the screen draws only the views on show.
"""

from __future__ import annotations

import os
import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Static
from textual.worker import get_current_worker

from nntutor.app.keys import localize_bindings
from nntutor.app.widgets.lab.challenge import ChallengeBanner, best_text
from nntutor.app.widgets.lab.controls import (
    BY_NAME,
    LR_LADDER,
    Control,
    LabControls,
    parse_typed,
    step_updates,
    typed_value,
)
from nntutor.app.widgets.lab.gradient_chart import GradientChart
from nntutor.app.widgets.lab.loss_chart import LossChart
from nntutor.app.widgets.lab.messages import FrameComputed, RunEnded, SessionBuilt, SessionFailed
from nntutor.app.widgets.lab.network_diagram import NetworkDiagram
from nntutor.app.widgets.lab.network_view import NetworkView
from nntutor.app.widgets.lab.plane import PlaneView
from nntutor.app.widgets.lab.session import (
    DEFAULT_UPDATES,
    PRESETS,
    ChallengeRun,
    Frame,
    LabConfig,
    LabSession,
    Outcome,
    Wants,
    config_for_weights,
)
from nntutor.app.widgets.lab.status import LabStatus
from nntutor.app.widgets.lab.strings import tr
from nntutor.engine.errors import ConfigError

if TYPE_CHECKING:
    from nntutor.course.model import Exercise, Lesson

VIEWS = ("loss", "boundary", "gradients", "network")
WIDE = (110, 32)  # at least this many columns and rows: all four views at once
NETWORK_EVERY = 1.0  # seconds between redraws of the network view while training (costly to send)
LIVE_KEYS = {"lr", "l2", "epochs", "pace"}


def updates_per_second(value: Any = None) -> float:
    """The screen updates per second while training: the option, else NNTUTOR_LAB_UPDATES, else 4."""
    for candidate in (value, os.environ.get("NNTUTOR_LAB_UPDATES")):
        try:
            number = float(candidate)
        except (TypeError, ValueError):
            continue
        if number > 0:
            return min(number, 30.0)
    return DEFAULT_UPDATES


class LabScreen(Screen):
    """Controls on the left; status, one view (or four, when wide) on the right."""

    CSS_PATH = "../lab.tcss"

    BINDINGS = [
        Binding("space", "toggle_run", "Run/pause"),
        Binding("v", "next_view", "View", show=False),  # taught by the status line and view bar
        Binding("full_stop", "step('batch')", "Batch", key_display=".", show=False),
        Binding("greater_than_sign", "step('epoch')", "Epoch", key_display=">", show=False),
        Binding("r", "reset", "Reset"),
        Binding("s", "save", "Save"),
        Binding("l", "load", "Load"),
        Binding("p", "presets", "Presets"),
        Binding("plus,equals_sign", "learning_rate(1)", "lr+", key_display="+", show=False),
        Binding("minus", "learning_rate(-1)", "lr-", key_display="-", show=False),
        Binding("z", "zoom", "Zoom", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.config = LabConfig()
        self.locked: frozenset[str] = frozenset()
        self.hidden_keys: frozenset[str] = frozenset()
        self.challenge: tuple[Lesson, Exercise] | None = None
        self.challenge_run: ChallengeRun | None = None
        self.session: LabSession | None = None
        self.generation = 0
        self.run = 0
        self.in_flight: int | None = None  # the run whose worker is training
        self.state = "building"
        self.view = "loss"
        self.neuron = (0, 0)
        self.last_frame: Frame | None = None
        self.updates = updates_per_second()
        self._wants = Wants()
        self._weights: str | None = None
        self._note = ""
        self._pending: tuple | None = None
        self._built = False
        self._composed = False  # on_mount has begun: the widgets exist
        self._network_drawn = 0.0
        self._start_when_built: str | None = None

    # ---- layout ------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="lab-body"):
            with Vertical(id="lab-side"):
                yield LabControls(id="lab-controls")
                yield Static(id="lab-hint")
            with Vertical(id="lab-main"):
                yield ChallengeBanner(id="lab-challenge")
                yield LabStatus(id="lab-status")
                yield Static(id="lab-notice", markup=False)
                yield Static(id="lab-viewbar")
                with Container(id="lab-views"):
                    yield LossChart(id="view-loss", classes="lab-view")
                    yield PlaneView(id="view-boundary", classes="lab-view")
                    yield GradientChart(id="view-gradients", classes="lab-view")
                    yield NetworkView(id="view-network", classes="lab-view")
        yield Footer(compact=True)

    @property
    def controls(self) -> LabControls:
        return self.query_one(LabControls)

    @property
    def status(self) -> LabStatus:
        return self.query_one(LabStatus)

    @property
    def notice(self) -> Static:
        return self.query_one("#lab-notice", Static)

    @property
    def banner(self) -> ChallengeBanner:
        return self.query_one(ChallengeBanner)

    @property
    def loss_chart(self) -> LossChart:
        return self.query_one(LossChart)

    @property
    def gradient_chart(self) -> GradientChart:
        return self.query_one(GradientChart)

    @property
    def boundary(self) -> PlaneView:
        return self.query_one("#view-boundary", PlaneView)

    @property
    def network_view(self) -> NetworkView:
        return self.query_one(NetworkView)

    def on_mount(self) -> None:
        localize_bindings(self, self.app.lang)
        self._composed = True
        for name in VIEWS:
            self.query_one(f"#view-{name}").border_title = self._view_title(name)
        self._layout_for(self.app.size.width, self.app.size.height)
        self._show_view()
        self.banner.show(None)
        self.controls.focus()
        if self._pending is not None:
            pending, self._pending = self._pending, None
            self.configure(*pending)
        elif not self._built:
            self._rebuild(self.config)
        self._show_controls()

    def on_screen_resume(self) -> None:
        self.app.sub_title = "Lab"
        self._layout_for(self.app.size.width, self.app.size.height)
        self.call_after_refresh(self._after_layout)

    def on_resize(self) -> None:
        self._layout_for(self.app.size.width, self.app.size.height)
        self.call_after_refresh(self._after_layout)

    def _layout_for(self, width: int, height: int) -> None:
        self.set_class(width >= WIDE[0] and height >= WIDE[1], "-wide")

    @property
    def wide(self) -> bool:
        return self.has_class("-wide")

    def visible_views(self) -> tuple[str, ...]:
        if self.wide and not self.has_class("-zoom"):
            return VIEWS
        return (self.view,)

    def _show_view(self) -> None:
        for name in VIEWS:
            self.query_one(f"#view-{name}").set_class(name == self.view, "-current")
        parts = []
        for name in VIEWS:
            title = self._view_title(name)
            title = title if self.wide else title.split()[0]
            parts.append(f"[reverse b] {title} [/]" if name == self.view else f" {title} ")
        legend = tr(self.app.lang, f"legend.{self.view}")
        self.query_one("#lab-viewbar", Static).update("".join(parts) + f" [dim]v · {legend}[/dim]")

    def _view_title(self, name: str) -> str:
        if name == "boundary" and self.session is not None and self.session.regression:
            name = "fit"
        return tr(self.app.lang, f"view.{name}")

    def _after_layout(self) -> None:
        self._update_wants()
        if self.last_frame is not None:
            self._draw(self.last_frame)
        self._frame_when_idle()

    # ---- configuring (lessons, `nntutor lab`, presets) ------------------------------------------
    def configure(
        self,
        options: dict | None = None,
        locked: tuple[str, ...] = (),
        hidden: tuple[str, ...] = (),
        challenge: tuple[Lesson, Exercise] | None = None,
    ) -> None:
        """Open with ``options`` (`nntutor train` options, plus updates/weights/preset), some controls locked or hidden."""
        if not self._composed:
            self._pending = (options, locked, hidden, challenge)
            return
        options = dict(options or {})
        self.updates = updates_per_second(options.pop("updates", None))
        weights = options.pop("weights", None)
        preset = options.pop("preset", None)
        try:
            base = (
                LabConfig.from_options(PRESETS[preset].options)
                if preset in PRESETS
                else LabConfig()
            )
            config = LabConfig.from_options(options, base=base)
        except ConfigError as exc:  # a lesson's preset or a flag that cannot work
            self._show_notice(tr(self.app.lang, "bad_settings", why=exc))
            config = self.config
        self.locked, self.hidden_keys = frozenset(locked), frozenset(hidden)
        self.challenge = challenge
        self.banner.show(challenge[1] if challenge else None, note=self._limits_note(config))
        if weights:
            try:
                config, note = config_for_weights(weights, config)
            except ConfigError as exc:
                self._show_notice(str(exc))
                weights, note = None, ""
            self._rebuild(
                config,
                weights=weights,
                note=tr(self.app.lang, "loaded", name=Path(weights).name, note=note)
                if weights
                else "",
            )
        else:
            self._rebuild(config)

    def _why_not_counted(self, config: LabConfig, weights: str | None = None) -> str:
        """Why a run with ``config`` cannot count for the challenge ("" when it can)."""
        if self.challenge is None:
            return ""
        from nntutor.course.challenges import limits_problems

        lang, ex = self.app.lang, self.challenge[1]
        problems = limits_problems(ex, config.hidden, lang)
        if problems:
            return tr(lang, "breaks_limits", what="; ".join(problems))
        if config.dataset != ex.lab.get("dataset") or config.data_path:
            return tr(lang, "other_data", dataset=ex.lab.get("dataset"))
        if weights:
            return tr(lang, "loaded_weights_count")
        return ""

    def _limits_note(self, config: LabConfig, weights: str | None = None) -> str:
        return self._why_not_counted(config, weights) or tr(self.app.lang, "judged_when")

    # ---- building a session ---------------------------------------------------------------------
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
            message = str(exc)
        except Exception as exc:  # noqa: BLE001 - a GPU that fails to start, memory: explain, never crash
            message = f"{type(exc).__name__}: {exc}"
        else:
            self.post_message(SessionBuilt(generation, session, frame, note))
            return
        self.post_message(SessionFailed(generation, message))

    @on(SessionBuilt)
    def _session_built(self, event: SessionBuilt) -> None:
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
                f"The decision boundary needs data with 1 or 2 inputs; this data has {session.features}.",
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

    @on(SessionFailed)
    def _session_failed(self, event: SessionFailed) -> None:
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

    @on(FrameComputed)
    def _frame_computed(self, event: FrameComputed) -> None:
        if self.session is None or event.frame.generation != self.session.generation:
            return
        self._apply(event.frame)

    @on(RunEnded)
    def _run_ended(self, event: RunEnded) -> None:
        if event.run != self.run:
            return  # an older run, stopped on purpose
        self.in_flight = None
        outcome = event.outcome
        if outcome.reason in ("batch", "epoch", "paused"):
            self.state = "paused"
        else:
            self.state = outcome.reason
        if outcome.reason == "diverged":
            self._show_notice(outcome.message or "The loss became NaN.")
        elif outcome.reason == "error":
            self._show_notice(outcome.message or "Training stopped.")
        if self.last_frame is not None:
            self.status.show(self.state, self.last_frame)
            self._judge(self.last_frame, outcome)
        self._frame_when_idle()

    # ---- drawing frames ----------------------------------------------------------------------
    def _update_wants(self) -> None:
        visible = self.visible_views()
        boundary = self.boundary.pixels() if "boundary" in visible else None
        network = "network" in visible
        self._wants = Wants(
            curves=True,
            boundary=boundary,
            weights=network,
            neuron=self.neuron if network else None,
            neuron_size=self.network_view.neuron_plane_size() if network else None,
        )

    def _frame_when_idle(self) -> None:
        """A fresh frame computed here, when no worker trains (the lock keeps it safe either way)."""
        session = self.session
        if session is None or self.in_flight is not None:
            return
        if not session.lock.acquire(timeout=0.1):
            return
        try:
            frame = session.frame(self._wants, safe=self.state == "diverged")
        finally:
            session.lock.release()
        self._draw(frame)
        self.last_frame = frame

    def _apply(self, frame: Frame) -> None:
        self.last_frame = frame
        self.status.show(self.state, frame)
        if self.state not in ("diverged", "error"):
            self._show_notice(frame.stalled or "")
        self._draw(frame, force=False)
        self._judge(frame, None)

    def _draw(self, frame: Frame, force: bool = True) -> None:
        """Draw the visible views; while training (``force`` false) the network at most once a second."""
        visible = self.visible_views()
        session = self.session
        if "loss" in visible and frame.curves is not None:
            self.loss_chart.show(frame.curves)
        if "gradients" in visible and frame.curves is not None:
            self.gradient_chart.show(frame.curves)
        if "boundary" in visible and frame.boundary is not None:
            self.boundary.show(frame.boundary)
        if (
            "network" in visible
            and session is not None
            and (frame.weights is not None or frame.neuron is not None)
            and (force or time.monotonic() - self._network_drawn >= NETWORK_EVERY)
        ):
            self.network_view.show(session.sizes, frame.weights, session.activations, frame.neuron)
            self._network_drawn = time.monotonic()

    def _show_notice(self, text: str) -> None:
        notice = self.notice
        notice.update(text)
        notice.set_class(bool(text), "-shown")

    def _show_controls(self) -> None:
        session = self.session
        self.controls.show(
            self.config,
            locked=self.locked,
            hidden=self.hidden_keys,
            device_active=session.device if session is not None else None,
            resolved_loss=session.loss_name if session is not None else None,
        )
        self._show_hint(self.controls.current)

    def _show_hint(self, control: Control | None) -> None:
        if control is None:
            return
        lang = self.app.lang
        if control.key in self.locked:
            text = tr(lang, "hint.locked")
        else:
            text = tr(lang, "hint.change") + (tr(lang, "hint.type") if control.typed else "")
            text += f"\n[dim]{tr(lang, 'hint.live' if control.live else 'hint.rebuild')}[/dim]"
        self.query_one("#lab-hint", Static).update(text)

    # ---- the challenge -------------------------------------------------------------------------
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
        from nntutor.app.widgets.exercise_panel import record_lab_run

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

    # ---- controls ----------------------------------------------------------------------------
    def _label(self, control: Control) -> str:
        return control.label.get(self.app.lang) or control.label["en"]

    @on(LabControls.Highlighted)
    def _highlighted(self, event: LabControls.Highlighted) -> None:
        self._show_hint(event.setting)

    @on(LabControls.Refused)
    def _refused(self, event: LabControls.Refused) -> None:
        if event.why == "locked":
            self.notify(
                tr(self.app.lang, "locked", what=self._label(event.setting)), severity="warning"
            )

    @on(LabControls.Stepped)
    def _stepped(self, event: LabControls.Stepped) -> None:
        self.apply_updates(event.updates)

    @on(LabControls.EditRequested)
    def _edit(self, event: LabControls.EditRequested) -> None:
        from nntutor.app.widgets.lab.value_dialog import ValueDialog

        control = event.setting

        def check(text: str) -> str | None:
            try:
                LabConfig.from_options(parse_typed(control, text), base=self.config)
            except ConfigError as exc:
                return str(exc)
            return None

        def done(text: str | None) -> None:
            if text is not None:
                self.apply_updates(parse_typed(control, text))

        self.app.push_screen(
            ValueDialog(
                tr(self.app.lang, "type_title", what=self._label(control), how=control.typed),
                typed_value(control, self.config),
                check,
            ),
            done,
        )

    def apply_updates(self, updates: dict[str, Any]) -> bool:
        """Change settings: live ones go to the running network, the rest rebuild it."""
        if any(key in self.locked for key in updates if key != "activations"):
            self.notify(tr(self.app.lang, "setting_locked"), severity="warning")
            return False
        try:
            config = LabConfig.from_options(updates, base=self.config)
        except ConfigError as exc:
            self.notify(str(exc), severity="warning", timeout=6)
            return False
        live = (
            set(updates) <= LIVE_KEYS
            and self.session is not None
            and self.state not in ("diverged", "error")
        )
        self.config = config
        if live:
            self.session.set_live(
                lr=config.learning_rate if "lr" in updates else None,
                l2=config.l2 if "l2" in updates else None,
                epochs=config.epochs if "epochs" in updates else None,
                pace=config.pace if "pace" in updates else None,
            )
            self._show_controls()
            if self.challenge is not None:
                self.banner.show(self.challenge[1], note=self._limits_note(config))
            if self.last_frame is not None:
                self.last_frame.epochs = config.epochs
                self.status.show(self.state, self.last_frame)
            if (
                self.state in ("finished", "stopped_early")
                and "epochs" in updates
                and not self.session.trainer.finished
            ):
                self.state = "paused"
                self.status.show(self.state, self.last_frame)
            return True
        self._rebuild(config)
        return True

    # ---- actions -----------------------------------------------------------------------------
    def action_toggle_run(self) -> None:
        if self.in_flight is not None and self.state == "running":
            self._stop()
            self.state = "paused"
            self.status.show(self.state, self.last_frame)
        else:
            self._start("end")

    def action_step(self, until: str) -> None:
        if self.in_flight is not None:
            self._stop()
        self._start(until)

    def action_reset(self) -> None:
        self._rebuild(self.config, weights=None)

    def action_next_view(self) -> None:
        self.view = VIEWS[(VIEWS.index(self.view) + 1) % len(VIEWS)]
        self._show_view()
        self.call_after_refresh(self._after_layout)

    def action_zoom(self) -> None:
        if self.wide:
            self.toggle_class("-zoom")
            self._show_view()
            self.call_after_refresh(self._after_layout)

    def action_learning_rate(self, direction: int) -> None:
        if "lr" in self.locked:
            self.notify(
                tr(self.app.lang, "locked", what=self._label(BY_NAME["lr"])), severity="warning"
            )
            return
        updates = step_updates("lr", self.config, direction)
        if updates is None:
            end = LR_LADDER[0 if direction < 0 else -1]
            self.notify(tr(self.app.lang, "ladder_end", lr=f"{end:g}"))
            return
        if self.apply_updates(updates):
            self.controls.select("lr")

    def action_presets(self) -> None:
        from nntutor.app.widgets.lab.preset_picker import PresetPicker

        def chosen(name: str | None) -> None:
            if name is None:
                return
            config = LabConfig.from_options(PRESETS[name].options)
            kept = {
                key: getattr(self.config, key) for key in self.locked if hasattr(self.config, key)
            }
            if "hidden" in self.locked:
                kept["activations"] = self.config.activations
            try:
                config = LabConfig.from_options(kept, base=config) if kept else config
            except ConfigError as exc:
                self.notify(str(exc), severity="warning")
                return
            self._rebuild(config)

        self.app.push_screen(PresetPicker(), chosen)

    def _lab_folder(self) -> Path:
        return Path(self.app.settings.data_dir) / "lab"

    def action_save(self) -> None:
        from nntutor.app.widgets.lab.file_dialog import FileDialog

        session = self.session
        if session is None:
            self.notify(tr(self.app.lang, "nothing_to_save"), severity="warning")
            return
        name = f"{self.config.dataset or 'data'}-{session.network_name}.npz"

        def done(path: str | None) -> None:
            if path is None or self.session is not session:
                return
            try:
                with session.lock:
                    weights, config = session.save(path)
            except ConfigError as exc:
                self.notify(f"Not saved: {exc}", severity="error", timeout=8)
                return
            self.notify(f"Saved {weights} and {config.name}", timeout=8)

        self.app.push_screen(
            FileDialog(
                tr(self.app.lang, "save_title"),
                str(self._lab_folder() / name),
                [],
            ),
            done,
        )

    def action_load(self) -> None:
        from nntutor.app.widgets.lab.file_dialog import FileDialog, weight_files

        def check(path: str) -> str | None:
            try:
                config_for_weights(path, self.config)
            except ConfigError as exc:
                return str(exc)
            return None

        def done(path: str | None) -> None:
            if path is None:
                return
            try:
                config, note = config_for_weights(path, self.config)
            except ConfigError as exc:
                self.notify(str(exc), severity="error", timeout=8)
                return
            if any(
                getattr(config, key, None) != getattr(self.config, key, None) for key in self.locked
            ):
                self.notify(tr(self.app.lang, "weights_locked"), severity="warning")
                return
            self._rebuild(
                config,
                weights=path,
                note=tr(self.app.lang, "loaded", name=Path(path).name, note=note),
            )

        files = weight_files([self._lab_folder(), Path.cwd()])
        start = str(files[0]) if files else str(self._lab_folder()) + os.sep
        self.app.push_screen(FileDialog(tr(self.app.lang, "load_title"), start, files, check), done)

    @on(PlaneView.Resized)
    def _plane_resized(self) -> None:
        self._update_wants()
        self._frame_when_idle()

    # ---- the network view's neuron ---------------------------------------------------------------
    @on(NetworkDiagram.NeuronChosen)
    def _neuron_chosen(self, event: NetworkDiagram.NeuronChosen) -> None:
        self.neuron = (event.layer, event.index)
        self._network_drawn = 0.0  # show the new neuron with the next frame
        self._update_wants()
        self._frame_when_idle()

    def on_key(self, event: events.Key) -> None:
        """Every key reaches here before its action: training gives way while the screen answers."""
        if self.session is not None and self.in_flight is not None:
            self.session.give_way()

    def on_unmount(self) -> None:
        self._stop()
