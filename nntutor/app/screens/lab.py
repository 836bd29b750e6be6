"""The lab: build a network, train it live, and look inside it.

The screen is the lab mode's base screen, so it lives as long as the app: a run keeps
training while the learner reads a lesson, and its worker never outlives its widgets.
The screen lays out and draws the frames a ``nntutor.lab.LabSession`` computes, and only
the views on show. Its other parts, mixed in:

- ``lab_runner``: the bridge to the worker thread that builds and trains the session;
- ``lab_actions``: the keys, the controls' messages and the dialogs (presets, save, load);
- ``lab_challenge``: a lesson's lab challenge, judged by the course and recorded.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from nntutor.app.keys import localize_bindings
from nntutor.app.safe import plain
from nntutor.app.screens.lab_actions import LabActions
from nntutor.app.screens.lab_bench import LabBench
from nntutor.app.screens.lab_challenge import LabChallenge
from nntutor.app.screens.lab_runner import LabRunner
from nntutor.app.widgets.lab.challenge import ChallengeBanner
from nntutor.app.widgets.lab.controls import Control, LabControls, setting_label
from nntutor.app.widgets.lab.editable_plane import EditablePlane
from nntutor.app.widgets.lab.gradient_chart import GradientChart
from nntutor.app.widgets.lab.loss_chart import LossChart
from nntutor.app.widgets.lab.network_diagram import NetworkDiagram
from nntutor.app.widgets.lab.network_view import NetworkView
from nntutor.app.widgets.lab.plane import PlaneView
from nntutor.app.widgets.lab.status import LabStatus
from nntutor.app.widgets.lab.strings import tr
from nntutor.engine.errors import ConfigError
from nntutor.lab import (
    DEFAULT_UPDATES,
    PRESETS,
    ChallengeRun,
    Frame,
    LabConfig,
    LabSession,
    Wants,
    config_for_weights,
    lab_words,
)

if TYPE_CHECKING:
    from nntutor.course.model import Exercise, Lesson
    from nntutor.engine.explain import Explanation
    from nntutor.lab.request import LabRequest

VIEWS = ("loss", "boundary", "gradients", "network")
WIDE = (110, 32)  # at least this many columns and rows: all four views at once
ROOMY = 150  # columns from which the network view takes two thirds of its row
NETWORK_EVERY = 1.0  # seconds between redraws of the network view while training (costly to send)


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


class LabScreen(LabRunner, LabChallenge, LabActions, LabBench, Screen):
    """Controls on the left; status, one view (or four, when wide) on the right."""

    CSS_PATH = "../lab.tcss"

    BINDINGS = [
        Binding("space", "toggle_run", "Run"),  # and pause: the status line says which
        # single steps: the status line teaches them ("Space train · . batch · > epoch · v view")
        # and the help lists them; the footer keeps its 80 columns for the rest and Quit, Help
        Binding("full_stop", "step('batch')", "Batch", key_display=".", show=False),
        Binding("greater_than_sign", "step('epoch')", "Epoch", key_display=">", show=False),
        Binding("v", "next_view", "View"),
        Binding(
            "plus,equals_sign",
            "learning_rate(1)",
            "lr+",
            key_display="+",
            group=Binding.Group("Rate", compact=True),
        ),
        Binding(
            "minus",
            "learning_rate(-1)",
            "lr-",
            key_display="-",
            group=Binding.Group("Rate", compact=True),
        ),
        Binding("r", "reset", "Reset"),
        Binding("p", "presets", "Presets"),
        # the footer has no room for these at 80 columns: the help lists them
        Binding("s", "save", "Save", show=False),
        Binding("l", "load", "Load", show=False),
        Binding("z", "zoom", "Zoom", show=False),
        # at 80 columns the footer has room for eight keys and Quit, Help: these are in the help
        Binding("m", "my_code", "My code", show=False),
        Binding("d", "own_derivative", "Own f′", show=False),
        # the experiment bench (lab_bench.py)
        Binding("b", "replay", "Backprop"),
        Binding("e", "edit_data", "Points", show=False),
        Binding("i", "hidden_space", "Hidden", show=False),
        Binding("o", "neuron_off", "Neuron off", show=False),
        Binding("f", "neuron_freeze", "Freeze", show=False),
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
        self._pending: LabRequest | None = None
        self._built = False
        self._composed = False  # on_mount has begun: the widgets exist
        self._network_drawn = 0.0
        self._start_when_built: str | None = None
        self._diverged_in: int | None = None  # the epoch the last run diverged in

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
                    yield EditablePlane(id="view-boundary", classes="lab-view")
                    yield GradientChart(id="view-gradients", classes="lab-view")
                    yield NetworkView(id="view-network", classes="lab-view")
        yield Footer(compact=True, show_command_palette=False)

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
            self.configure(pending)
        elif not self._built:
            self._rebuild(self.config)
        self._show_controls()

    def on_screen_resume(self) -> None:
        self._layout_for(self.app.size.width, self.app.size.height)
        self.call_after_refresh(self._after_layout)

    def on_resize(self) -> None:
        self._layout_for(self.app.size.width, self.app.size.height)
        self.call_after_refresh(self._after_layout)

    def _layout_for(self, width: int, height: int) -> None:
        self.set_class(width >= WIDE[0] and height >= WIDE[1], "-wide")
        self.set_class(width >= ROOMY, "-roomy")

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
        # v is in the footer; the legend wraps to a second line rather than being cut
        self.query_one("#lab-viewbar", Static).update("".join(parts) + f" [dim]{legend}[/dim]")

    def _view_title(self, name: str) -> str:
        if name == "boundary" and self.session is not None and self.session.regression:
            name = "fit"
        return tr(self.app.lang, f"view.{name}")

    def action_next_view(self) -> None:
        self.view = VIEWS[(VIEWS.index(self.view) + 1) % len(VIEWS)]
        self._show_view()
        self.call_after_refresh(self._after_layout)

    def action_my_code(self) -> None:
        """Train the lab's network with the learner's own parts (lab_mine.py), this run paused."""
        from nntutor.app.screens.lab_mine import MyCodeLabScreen

        if self.in_flight is not None:
            self.action_toggle_run()
        self.app.push_screen(MyCodeLabScreen(self.config))

    def action_zoom(self) -> None:
        if self.wide:
            self.toggle_class("-zoom")
            self._show_view()
            self.call_after_refresh(self._after_layout)

    def _after_layout(self) -> None:
        self._update_wants()
        if self.last_frame is not None:
            self._draw(self.last_frame)
        self._frame_when_idle()

    # ---- configuring (lessons, `nntutor lab`, presets) ------------------------------------------
    def configure(self, request: LabRequest) -> None:
        """Open as ``request`` says: its options (`nntutor train` options, plus updates/weights/preset),
        some controls locked or hidden, a challenge."""
        if not self._composed:
            self._pending = request
            return
        locked, hidden, challenge = request.locked, request.hidden, request.challenge
        options = dict(request.options or {})
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
            self._show_notice(tr(self.app.lang, "bad_settings", why=self._worded(exc)))
            config = self.config
        self.locked, self.hidden_keys = frozenset(locked), frozenset(hidden)
        self.challenge = challenge
        self.banner.show(challenge[1] if challenge else None, note=self._limits_note(config))
        if weights:
            try:
                config, note = config_for_weights(weights, config)
            except ConfigError as exc:
                self._show_notice(self._worded(exc))
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
            self._show_notice(self._explained(frame.stall, frame.stalled))
        self._draw(frame, force=False)
        self._judge(frame, None)

    def _draw(self, frame: Frame, force: bool = True) -> None:
        """Draw the visible views; while training (``force`` false) the network at most once a second."""
        visible = self.visible_views()
        session = self.session
        if "loss" in visible and frame.curves is not None:
            diverged = self._diverged_in if self.state == "diverged" else None
            self.loss_chart.show(frame.curves, frame.first_batches, diverged)
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

    def _worded(self, exc: ConfigError) -> str:
        """A settings error as the lab says it: led by the label of the control at fault."""
        lang = self.app.lang
        return exc.worded(lambda setting: setting_label(setting, lang))

    def _explained(self, why: Explanation | None, fallback: str | None = None) -> str:
        """A divergence or stall explained in the learner's language, naming the lab's controls."""
        if why is None:
            return fallback or ""
        lang = self.app.lang
        return lab_words(why, lang, name=lambda setting: setting_label(setting, lang)) or ""

    def _show_notice(self, text: str) -> None:
        notice = self.notice
        notice.update(plain(text))
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
        text += self.bench_hint()
        self.query_one("#lab-hint", Static).update(text)

    def on_plane_view_resized(self) -> None:
        self._update_wants()
        self._frame_when_idle()

    # ---- the network view's neuron ---------------------------------------------------------------
    def on_network_diagram_neuron_chosen(self, event: NetworkDiagram.NeuronChosen) -> None:
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
