"""The lab screen's keys and dialogs: changing settings, presets, saving and loading weights."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from nntutor.app.widgets.lab.controls import (
    BY_NAME,
    LR_LADDER,
    Control,
    LabControls,
    parse_typed,
    step_updates,
    typed_value,
)
from nntutor.app.widgets.lab.strings import tr
from nntutor.engine.errors import ConfigError
from nntutor.lab import PRESETS, LabConfig, config_for_weights

LIVE_KEYS = {"lr", "l2", "epochs", "pace"}


class LabActions:
    """Mixed into ``LabScreen``: what the learner's keys and the controls' messages do."""

    def _label(self, control: Control) -> str:
        return control.label.get(self.app.lang) or control.label["en"]

    def on_lab_controls_highlighted(self, event: LabControls.Highlighted) -> None:
        self._show_hint(event.setting)

    def on_lab_controls_refused(self, event: LabControls.Refused) -> None:
        if event.why == "locked":
            self.notify(
                tr(self.app.lang, "locked", what=self._label(event.setting)), severity="warning"
            )

    def on_lab_controls_stepped(self, event: LabControls.Stepped) -> None:
        self.apply_updates(event.updates)

    def on_lab_controls_edit_requested(self, event: LabControls.EditRequested) -> None:
        from nntutor.app.widgets.lab.value_dialog import ValueDialog

        control = event.setting

        def check(text: str) -> str | None:
            try:
                LabConfig.from_options(parse_typed(control, text, self.app.lang), base=self.config)
            except ConfigError as exc:
                return self._worded(exc)
            return None

        def done(text: str | None) -> None:
            if text is not None:
                self.apply_updates(parse_typed(control, text, self.app.lang))

        self.app.push_screen(
            ValueDialog(
                tr(
                    self.app.lang,
                    "type_title",
                    what=self._label(control),
                    how=tr(self.app.lang, f"typed.{control.name}"),
                ),
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
            self.notify(self._worded(exc), severity="warning", timeout=6)
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
                self.notify(self._worded(exc), severity="warning")
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
            from nntutor.lab.export import export_session, is_script_name

            try:
                with session.lock:
                    if is_script_name(path):
                        files = export_session(session, path)
                    else:
                        weights, config = session.save(path)
            except ConfigError as exc:
                self.notify(
                    tr(self.app.lang, "not_saved", why=self._worded(exc)),
                    severity="error",
                    timeout=8,
                )
                return
            if is_script_name(path):
                from rich.markup import escape

                from nntutor.textsafe import visible

                shown = escape(", ".join(visible(str(f)) for f in files))
                self.notify(tr(self.app.lang, "exported", files=shown), timeout=8)
                return
            self.notify(tr(self.app.lang, "saved", weights=weights, config=config.name), timeout=8)

        self.app.push_screen(
            FileDialog(
                tr(self.app.lang, "save_title") + "\n" + tr(self.app.lang, "save_export_hint"),
                str(self._lab_folder() / name),
                [],
            ),
            done,
        )

    def action_own_derivative(self) -> None:
        """Train two copies of this network: the engine's derivative, and the learner's own."""
        from nntutor.app.widgets.lab.own_derivative import OwnDerivativeDialog
        from nntutor.lab.own_derivative import TARGETS

        answers = {}
        for target in TARGETS:
            state = self.app.store.exercise_states(target.lesson).get(target.exercise)
            if state is not None and state.last_answer:
                answers[(target.lesson, target.exercise)] = state.last_answer
        self.app.push_screen(OwnDerivativeDialog(self.config, answers))

    def action_load(self) -> None:
        from nntutor.app.widgets.lab.file_dialog import FileDialog, weight_files

        def check(path: str) -> str | None:
            try:
                config_for_weights(path, self.config)
            except ConfigError as exc:
                return self._worded(exc)
            return None

        def done(path: str | None) -> None:
            if path is None:
                return
            try:
                config, note = config_for_weights(path, self.config)
            except ConfigError as exc:
                self.notify(self._worded(exc), severity="error", timeout=8)
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
