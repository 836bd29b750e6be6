"""The lab screen's experiment bench: backprop replay (b), points by hand on the boundary (e),
the hidden space (i), and the chosen neuron off (o) or frozen (f).

The logic lives in ``nntutor.lab`` (replay, hidden_space, points, neurons); the replay and the
hidden space open as screens of their own over the lab, which stays alive beneath them.
"""

from __future__ import annotations

from rich.markup import escape

from nntutor.app.widgets.lab.bench_strings import say
from nntutor.app.widgets.lab.editable_plane import EditablePlane
from nntutor.engine.errors import ConfigError

LOCK_WAIT = 0.5  # seconds the screen waits for the trainer's lock to edit the data


class LabBench:
    """Mixed into ``LabScreen``."""

    def _bench_session(self, allow_diverged: bool = False):
        """The session, or None after telling the learner why there is none to use."""
        session = self.session
        if session is None:
            self.notify(say(self.app.lang, "no_session"), severity="warning")
            return None
        if self.state == "diverged" and not allow_diverged:
            self.notify(say(self.app.lang, "diverged"), severity="warning")
            return None
        return session

    def _pause_training(self) -> None:
        if self.in_flight is not None:
            self._stop()
            self.state = "paused"
            self.status.show(self.state, self.last_frame)

    # ---- backprop replay ---------------------------------------------------------------------
    def action_replay(self) -> None:
        from nntutor.app.widgets.lab.replay_view import ReplayScreen

        session = self._bench_session()
        if session is None:
            return
        self._pause_training()

        def closed(updated: bool | None) -> None:
            if updated:
                self._network_drawn = 0.0
            self._frame_when_idle()

        self.app.push_screen(ReplayScreen(session), closed)

    # ---- the hidden space --------------------------------------------------------------------
    def action_hidden_space(self) -> None:
        from nntutor.app.widgets.lab.hidden_view import HiddenSpaceScreen

        session = self._bench_session()
        if session is None:
            return
        lang = self.app.lang
        if session.features != 2:
            self.notify(say(lang, "hidden_needs_2d", n=session.features), severity="warning")
            return
        if len(session.sizes) < 3:
            self.notify(say(lang, "hidden_no_layer"), severity="warning")
            return
        self.app.push_screen(
            HiddenSpaceScreen(session, self.action_toggle_run), lambda _: self._frame_when_idle()
        )

    # ---- points by hand ----------------------------------------------------------------------
    @property
    def editable_plane(self) -> EditablePlane:
        return self.query_one("#view-boundary", EditablePlane)

    def action_edit_data(self) -> None:
        session = self._bench_session()
        if session is None:
            return
        lang = self.app.lang
        if session.features != 2:
            self.notify(say(lang, "edit_needs_2d", n=session.features), severity="warning")
            return
        if session.classes is None:
            self.notify(say(lang, "edit_needs_classes"), severity="warning")
            return
        if self.view != "boundary" and not (self.wide and not self.has_class("-zoom")):
            self.view = "boundary"
            self._show_view()
            self.call_after_refresh(self._after_layout)
        plane = self.editable_plane
        plane.class_count = session.classes
        plane.label = min(plane.label, session.classes - 1)
        plane.focus()
        self._edit_hint(plane.label)

    def _edit_hint(self, label: int) -> None:
        self.notify(say(self.app.lang, "edit_hint", k=label), timeout=4)

    def on_descendant_focus(self, event) -> None:
        if isinstance(event.widget, EditablePlane):
            self._show_edit_bar()

    def on_descendant_blur(self, event) -> None:
        if isinstance(event.widget, EditablePlane):
            self._show_view()

    def _show_edit_bar(self) -> None:
        """While editing, the view bar says which class Enter adds and the keys."""
        from nntutor.app.widgets.lab.canvas import class_rgb

        label = self.editable_plane.label
        rgb = class_rgb(label)
        text = say(self.app.lang, "edit_bar", k=label)
        self.query_one("#lab-viewbar").update(
            f"[b rgb({rgb[0]},{rgb[1]},{rgb[2]})]✚[/] [reverse b] {escape(text)} [/]"
            f" [dim]{escape(say(self.app.lang, 'edit_keys'))}[/dim]"
        )

    def on_editable_plane_class_chosen(self, event: EditablePlane.ClassChosen) -> None:
        self._show_edit_bar()

    def on_editable_plane_done(self, event: EditablePlane.Done) -> None:
        self.controls.focus()

    def bench_hint(self) -> str:
        """Lines for the side panel's hint (wide terminals): neurons off and frozen."""
        lang, lines = self.app.lang, []
        session = self.session
        if session is not None:
            off, frozen = session.switches.describe()
            if off or frozen:
                none = say(lang, "none")
                lines.append(
                    say(
                        lang,
                        "switches",
                        off=", ".join(off) or none,
                        frozen=", ".join(frozen) or none,
                    )
                )
        return "".join(f"\n[dim]{escape(line)}[/dim]" for line in lines)

    def _edit(self, change) -> object:
        session = self.session
        if session is None:
            return None
        if not session.lock.acquire(timeout=LOCK_WAIT):
            self.notify(say(self.app.lang, "busy"), severity="warning")
            return None
        try:
            result = change(session)
        except ConfigError as exc:
            self.notify(str(exc), severity="warning")
            return None
        finally:
            session.lock.release()
        self.boundary.set_points(session.train_points, session.val_points)
        run = self.challenge_run
        if run is not None and run.generation == session.generation and run.counts:
            run.counts, run.why_not = False, say(self.app.lang, "edited_data")
            self.banner.show(self.challenge[1], note=run.why_not)
        self._frame_when_idle()
        return result

    def on_editable_plane_point_added(self, event: EditablePlane.PointAdded) -> None:
        from nntutor.lab.points import add_point

        count = self._edit(lambda s: add_point(s, event.x1, event.x2, event.label))
        if count is not None:
            self.notify(say(self.app.lang, "point_added", k=event.label, n=count), timeout=2)

    def on_editable_plane_point_deleted(self, event: EditablePlane.PointDeleted) -> None:
        from nntutor.lab.points import delete_nearest

        session = self.session
        if session is None:
            return
        before = len(session.train_points[0])
        gone = self._edit(lambda s: delete_nearest(s, event.x1, event.x2))
        if gone is not None:
            self.notify(say(self.app.lang, "point_deleted", k=gone[2]), timeout=2)
        elif self.session is session and len(session.train_points[0]) == before:
            self.notify(say(self.app.lang, "point_last"), severity="warning")

    # ---- neurons off and frozen --------------------------------------------------------------
    def _chosen_neuron(self):
        """(session, layer, index, name) of the network view's chosen neuron, or None."""
        session = self._bench_session(allow_diverged=False)
        if session is None:
            return None
        if "network" not in self.visible_views():
            self.notify(say(self.app.lang, "choose_neuron"), severity="warning")
            return None
        layer, index = self.neuron
        last = len(session.sizes) - 2
        name = f"out.{index + 1}" if layer == last else f"h{layer + 1}.{index + 1}"
        return session, layer, index, name

    def action_neuron_off(self) -> None:
        chosen = self._chosen_neuron()
        if chosen is None:
            return
        session, layer, index, name = chosen
        lang = self.app.lang
        if layer == len(session.sizes) - 2:
            self.notify(say(lang, "output_off"), severity="warning")
            return
        off = not session.switches.is_off(layer, index)
        if self._switch(lambda: session.switches.set_off(layer, index, off)):
            self.notify(say(lang, "neuron_off" if off else "neuron_on", name=name), timeout=3)

    def action_neuron_freeze(self) -> None:
        chosen = self._chosen_neuron()
        if chosen is None:
            return
        session, layer, index, name = chosen
        frozen = not session.switches.is_frozen(layer, index)
        if self._switch(lambda: session.switches.set_frozen(layer, index, frozen)):
            key = "neuron_frozen" if frozen else "neuron_thawed"
            self.notify(say(self.app.lang, key, name=name), timeout=3)

    def _switch(self, change) -> bool:
        session = self.session
        if not session.lock.acquire(timeout=LOCK_WAIT):
            self.notify(say(self.app.lang, "busy"), severity="warning")
            return False
        try:
            change()
        finally:
            session.lock.release()
        self._show_hint(self.controls.current)
        self._mark_neurons()
        self._network_drawn = 0.0
        self._frame_when_idle()
        return True

    def on_session_built(self, event) -> None:
        """A new network has every neuron on and free: clear the marks of the last one."""
        if self.session is not None:
            self._mark_neurons()

    def _mark_neurons(self) -> None:
        """Neurons off (○) and frozen (◆, ◇ when also off) in the network view's diagram."""
        switches = self.session.switches
        marks = {n: "○" for n in switches.off}
        for n in switches.frozen:
            marks[n] = "◇" if n in marks else "◆"
        diagram = self.network_view.diagram
        diagram.marks = marks
        diagram.refresh()
