"""The lab with the learner's own code: their parts train the lab's network, live.

Pushed on the lab mode's stack (key ``m`` in the lab). The learner's functions run only in
``nntutor.runner.lab.LearnerTraining``'s child process; this screen polls its reports a few
times a second (a non-blocking read of a pipe), draws the loss curves and the per-layer
gradient check beside them, and says what happened and where when the child stops on a hang,
an exception or a NaN.
"""

from __future__ import annotations

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Header, SelectionList, Static
from textual_plotext import PlotextPlot

from nntutor.app.keys import localize_bindings
from nntutor.i18n import Messages
from nntutor.lab.my_code import (
    PartFile,
    default_choice,
    grad_check_rows,
    learner_parts,
    training_config,
)
from nntutor.textsafe import visible

POLL_EVERY_S = 0.25

STRINGS = Messages(
    "lab_mine",
    {
        "title": "The lab with my code",
        "parts": "Your parts (Enter switches one on or off):",
        "part": "{part}: {exercise} ({lesson})",
        "unsolved": " · tests not passed yet",
        "none_found": "No code of yours implements a network part yet. Solve a code exercise such as dense-backward (lesson “Backpropagation”), then come back.",
        "settings": "{dataset} · hidden {hidden} · {activation} · {optimizer} · lr {lr} · batch {batch} · {epochs} epochs (the lab's settings)",
        "ready": "Space trains with your parts; Esc goes back to the lab.",
        "pick_some": "Switch on at least one of your parts first.",
        "no_file_data": "Your code trains on the lab's built-in datasets; choose one instead of a file.",
        "running": "Training with your {parts}… epoch {epoch} · val. accuracy {acc}",
        "starting": "Starting with your {parts}…",
        "finished": "Finished: {epochs} epochs, val. accuracy {acc}.",
        "stopped": "Stopped at epoch {epoch}.",
        "failed": "Training stopped: {error}",
        "unused": "Not used: {part}: {why}",
        "grads": "Gradient check",
        "grads_note": "largest relative difference from the engine, per layer",
        "layer": "layer {name}",
        "agrees": "agrees",
        "differs": "differs",
        "loss": "loss",
        "train": "train",
        "val": "validation",
        "printed": "Your code printed:",
    },
)


tr = STRINGS.text


def percent(value) -> str:
    return "—" if value is None else f"{100 * value:.1f}%"


class MyCodeLabScreen(Screen):
    """Your parts on the left; status, the loss curves and the gradient check on the right."""

    DEFAULT_CSS = """
    MyCodeLabScreen #mine-top { height: auto; max-height: 8; }
    MyCodeLabScreen #mine-parts { width: 1fr; height: auto; max-height: 6; }
    MyCodeLabScreen #mine-settings { width: 1fr; height: auto; padding: 0 1; color: $text-muted; }
    MyCodeLabScreen #mine-status { height: auto; padding: 0 1; }
    MyCodeLabScreen #mine-problem { height: auto; max-height: 8; padding: 0 1; color: $error; }
    MyCodeLabScreen #mine-views { height: 1fr; min-height: 8; }
    MyCodeLabScreen #mine-loss { width: 1fr; }
    MyCodeLabScreen #mine-grads { width: 30; padding: 0 1; }
    """
    BINDINGS = [
        Binding("space", "toggle_run", "Run/pause", priority=True),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, config, epochs: int | None = None) -> None:
        super().__init__()
        self.config = config
        self.epochs = epochs
        self.files: list[PartFile] = []
        self.training = None
        self.reports: list[dict] = []
        self.unused: dict[str, str] = {}
        self.outcome: dict | None = None
        self._timer: Timer | None = None

    @property
    def lang(self) -> str:
        return self.app.lang

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical():
            yield Static(tr(self.lang, "parts"), id="mine-label")
            with Horizontal(id="mine-top"):
                yield SelectionList[int](id="mine-parts")
                yield Static(id="mine-settings")
            yield Static(tr(self.lang, "ready"), id="mine-status")
            yield Static(id="mine-problem")
            with Horizontal(id="mine-views"):
                yield PlotextPlot(id="mine-loss")
                yield Static(id="mine-grads")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        localize_bindings(self, self.lang)
        self.app.sub_title = tr(self.lang, "title")
        app = self.app
        solved = {
            (lesson.id, ex_id)
            for lesson in app.course.lessons
            for ex_id, state in app.store.exercise_states(lesson.id).items()
            if state.solved
        }
        settings = app.settings
        self.files = learner_parts(
            app.course, settings.data_dir, settings.profile, self.lang, solved
        )
        chosen = default_choice(self.files, self.config.optimizer)
        parts = self.query_one("#mine-parts", SelectionList)
        for i, f in enumerate(self.files):
            label = tr(self.lang, "part", part=f.part, exercise=f.exercise_id, lesson=f.title)
            label += "" if f.solved else tr(self.lang, "unsolved")
            parts.add_option((visible(label), i, chosen.get(f.part) == f))
        if not self.files:
            self.query_one("#mine-status", Static).update(escape(tr(self.lang, "none_found")))
            parts.display = False
        cfg = training_config(self.config, self.epochs)
        self.query_one("#mine-settings", Static).update(
            escape(
                tr(
                    self.lang,
                    "settings",
                    dataset=cfg["dataset"] or "—",
                    hidden="-".join(map(str, cfg["hidden"])),
                    activation=cfg["activation"],
                    optimizer=cfg["optimizer"],
                    lr=cfg["lr"] if cfg["lr"] is not None else "auto",
                    batch=cfg["batch_size"],
                    epochs=cfg["epochs"],
                )
            )
        )
        self._draw()
        parts.focus()

    # ---- running ---------------------------------------------------------------------------------
    def chosen_parts(self) -> dict[str, PartFile]:
        picked = self.query_one("#mine-parts", SelectionList).selected
        chosen: dict[str, PartFile] = {}
        for i in sorted(picked):
            chosen[self.files[i].part] = self.files[i]  # one file per part: the later one
        return chosen

    @property
    def running(self) -> bool:
        return self.training is not None and self.training.outcome is None

    def action_toggle_run(self) -> None:
        if self.running:
            self.stop()
        else:
            self.start()

    def start(self) -> None:
        from nntutor.runner.lab import LearnerTraining

        chosen = self.chosen_parts()
        status = self.query_one("#mine-status", Static)
        if not chosen:
            status.update(escape(tr(self.lang, "pick_some")))
            return
        if self.config.data_path:
            status.update(escape(tr(self.lang, "no_file_data")))
            return
        self.reports, self.unused, self.outcome = [], {}, None
        self.query_one("#mine-problem", Static).update("")
        self.training = LearnerTraining(
            {part: f.path for part, f in chosen.items()},
            training_config(self.config, self.epochs),
            lang=self.lang,
        )
        self.training.start()
        status.update(escape(tr(self.lang, "starting", parts=", ".join(chosen))))
        self._draw()
        self._timer = self.set_interval(POLL_EVERY_S, self._poll)
        self._poll()

    def stop(self) -> None:
        if self.training is not None and self.training.outcome is None:
            self.training.stop()
        self._poll()

    def _poll(self) -> None:
        training = self.training
        if training is None:
            return
        fresh = training.poll() if training.outcome is None else []
        for event in fresh:
            if event.get("event") == "start":
                self.unused = dict(event.get("parts_unused") or {})
            elif event.get("event") == "report":
                self.reports.append(event)
        if fresh:
            self._draw()
        if training.outcome is not None:
            if self._timer is not None:
                self._timer.stop()
                self._timer = None
            if self.outcome is None:
                self.outcome = training.outcome
                self._ended(training)
        elif self.reports:
            last = self.reports[-1]
            used = ", ".join(p for p in self.chosen_parts() if p not in self.unused)
            self.query_one("#mine-status", Static).update(
                escape(
                    tr(
                        self.lang,
                        "running",
                        parts=used or "—",
                        epoch=last["epoch"],
                        acc=percent(last.get("val_acc")),
                    )
                )
            )

    def _ended(self, training) -> None:
        outcome = training.outcome or {}
        last = self.reports[-1] if self.reports else {}
        status = self.query_one("#mine-status", Static)
        problem = self.query_one("#mine-problem", Static)
        lines = []
        if outcome.get("status") == "finished":
            status.update(
                escape(
                    tr(
                        self.lang,
                        "finished",
                        epochs=last.get("epoch", 0),
                        acc=percent(last.get("val_acc")),
                    )
                )
            )
        elif outcome.get("status") == "stopped":
            status.update(escape(tr(self.lang, "stopped", epoch=last.get("epoch", 0))))
        else:
            status.update("")
            error = visible(str(outcome.get("error") or outcome.get("status")))
            lines.append(escape(tr(self.lang, "failed", error=error)))
        printed = training.output.strip()
        if printed:
            lines.append(f"[b]{escape(tr(self.lang, 'printed'))}[/b]")
            lines.append(escape(printed[-600:]))
        problem.update("\n".join(lines))

    # ---- drawing ---------------------------------------------------------------------------------
    def _draw(self) -> None:
        lang = self.lang
        plot = self.query_one("#mine-loss", PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        plt.title(tr(lang, "loss"))
        epochs = [r["epoch"] for r in self.reports]
        if epochs:
            plt.plot(epochs, [r["train_loss"] for r in self.reports], label=tr(lang, "train"))
            val = [
                (r["epoch"], r["val_loss"]) for r in self.reports if r.get("val_loss") is not None
            ]
            if val:
                plt.plot([e for e, _ in val], [v for _, v in val], label=tr(lang, "val"))
        plot.refresh()
        lines = [
            f"[b]{escape(tr(lang, 'grads'))}[/b]",
            f"[dim]{escape(tr(lang, 'grads_note'))}[/dim]",
        ]
        if self.reports:
            for name, diff, ok in grad_check_rows(self.reports[-1].get("grad_check") or []):
                mark = (
                    f"[$success]✓ {tr(lang, 'agrees')}[/]"
                    if ok
                    else f"[$error]✗ {tr(lang, 'differs')}[/]"
                )
                lines.append(f"{escape(tr(lang, 'layer', name=name))}: {diff:.1e} {mark}")
        for part, why in self.unused.items():
            lines.append(escape(tr(lang, "unused", part=visible(part), why=visible(str(why)))))
        self.query_one("#mine-grads", Static).update("\n".join(lines))

    @on(SelectionList.SelectedChanged)
    def _parts_changed(self) -> None:
        if not self.running:
            self.query_one("#mine-status", Static).update(escape(tr(self.lang, "ready")))

    def action_back(self) -> None:
        self.app.pop_screen()

    def on_unmount(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        if self.training is not None:
            self.training.stop()  # the child and its process group go with the screen
