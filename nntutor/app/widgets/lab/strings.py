"""The lab's interface words (English here; other languages in nntutor/locale, context "lab")."""

from __future__ import annotations

from nntutor.i18n import Messages, t

STRINGS: Messages = Messages(
    "lab",
    {
        # status
        "state.building": "building",
        "state.ready": "ready: Space trains",
        "state.running": "training",
        "state.stepping": "stepping",
        "state.paused": "paused",
        "state.finished": "done",
        "state.stopped_early": "stopped early",
        "state.diverged": "diverged: r resets",
        "state.error": "stopped",
        "epoch": "epoch",
        "step": "step",
        "steps_per_s": "steps/s",
        "loss": "loss",
        "acc": "acc",
        "val": "val",
        "batch_loss": "batch loss",
        "keys_hint": "Space train · . batch · > epoch · v view",
        # views
        "view.loss": "Loss curves",
        "view.boundary": "Decision boundary",
        "view.fit": "Fit to the data",
        "view.gradients": "Gradient norms",
        "view.network": "Network",
        "legend.loss": "+/- learning rate",
        "legend.boundary": "• train ◦ val",
        "legend.gradients": "log scale",
        "legend.network": "Tab, arrows: a neuron",
        "chart.start": "press Space to train",
        "chart.train": "train",
        "chart.validation": "validation",
        "chart.layer": "layer {n}",
        "chart.output": "output",
        # the settings panel
        "hint.change": "←→ change",
        "hint.type": " · Enter type",
        "hint.live": "applies while training",
        "hint.rebuild": "rebuilds the network",
        "hint.locked": "[b]locked[/b] by the lesson",
        # notices
        "locked": "{what} is locked by the lesson.",
        "setting_locked": "That setting is locked by the lesson.",
        "cannot_build": "This network cannot be built: {why}",
        "bad_settings": "These lab settings cannot work: {why}",
        "fix_settings": "Change the settings first: this network cannot be built.",
        "diverged_first": "This run diverged: press r to start again (lower the learning rate first).",
        "run_complete": (
            "The run is complete ({n} epoch). Raise the epochs to go on, or press r to start again.",
            "The run is complete ({n} epochs). Raise the epochs to go on, or press r to start again.",
        ),
        "ladder_end": "The learning rate ladder ends at {lr}.",
        "nothing_to_save": "There is no network to save yet.",
        "saved": "Saved {weights} and {config}",
        "not_saved": "Not saved: {why}",
        "loaded": "Loaded {name} {note}.",
        "weights_locked": "Those weights need settings the lesson locked.",
        "save_title": "Save the weights (.npz) and settings (.json) to:",
        "save_export_hint": "or export the network as a script: name.py (NumPy), name_torch.py (PyTorch)",
        "exported": "Wrote {files}",
        "load_title": "Load weights (.npz) from:",
        "type_title": "{what}: type {how}",
        "dialog.apply": "Enter: apply · Esc: cancel",
        "dialog.ok": "Enter: OK · Esc: cancel",
        "dialog.pick": "or pick one (↓, Enter):",
        "presets": "[b]Presets[/b] (the network is rebuilt; locked settings stay)",
        # the network view
        "neuron.hidden": "layer {layer} · neuron {n}",
        "neuron.class": "output · class {k}",
        "neuron.p1": "output · P(class 1)",
        "neuron.output": "output {n}",
        "neuron.smaller": "… {n} smaller",
        "neuron.plane": "a over the plane:",
        "neuron.choose": "Choose a neuron with the arrow keys.",
        "neuron.needs_plane": "(needs data with 1 or 2 inputs)",
        # challenges
        "challenge": "Challenge",
        "goal.acc": "validation accuracy ≥ {v}",
        "goal.loss": "validation loss ≤ {v}",
        "goal.on": (
            "{goal} on {dataset} within {epochs} epoch",
            "{goal} on {dataset} within {epochs} epochs",
        ),
        "limit.layers": ("≤ {n} hidden layer", "≤ {n} hidden layers"),
        "limit.width": ("≤ {n} wide", "≤ {n} wide"),
        "best": "best",
        "solved": "✓ Solved",
        "not_yet": "✗ Not yet",
        "recorded": "recorded; r to try again",
        "challenge_solved": "Challenge solved: recorded in your progress.",
        "judged_when": "Judged when the run reaches the target, ends, or passes the epoch limit. 1: back to the lesson.",
        "breaks_limits": "This network breaks the challenge's limits ({what}): it will not count.",
        "other_data": "The challenge is on {dataset}: a run on other data does not count.",
        "loaded_weights_count": "A run from loaded weights does not count: press r to start from fresh weights.",
        # added on branch h/lab: the typing box's hints, and texts that were English only
        "typed.samples": "a number of samples",
        "typed.noise": "the noise, e.g. 0.1",
        "typed.val_fraction": "the validation share, e.g. 0.2",
        "typed.layers": "hidden widths, e.g. 16,16",
        "typed.widths": "hidden widths, e.g. 16,16",
        "typed.activation": "one activation, or one per layer: relu,tanh",
        "typed.lr": "a learning rate, e.g. 0.05",
        "typed.batch_size": "a batch size",
        "typed.epochs": "a number of epochs",
        "typed.dropout": "a dropout probability, e.g. 0.2",
        "typed.l2": "an L2 weight decay, e.g. 0.001",
        "typed.patience": "epochs without a better validation loss, or off",
        "typed.pace": "epochs per second, or max",
        "typed.seed": "a seed (a whole number)",
        "typed.dataset": "a dataset name, or a boundary like x2 > sin(3*x1)",
        "typed.features": "input features, e.g. x1,x2,x1^2,x2^2,x1*x2,sin(x1),sin(x2)",
        "typed.dataset_choice": "type one of {names}, or a comparison over x1 and x2 such as x2 > sin(3*x1)",
        "typed.separated": "type {what}, separated by commas (or none for no hidden layer)",
        "typed.type": "type {what}",
        "typed.not_whole": "type {what}; {text} is not a whole number",
        "typed.not_number": "type {what}; {text} is not a number",
        "no_boundary": "The decision boundary needs data with 1 or 2 inputs; this data has {n}.",
        "training_stopped": "Training stopped.",
        # added on branch h/ux (issue 18): words that stayed English, and the network view
        "value.off": "off",
        "value.none": "none",
        "value.max": "max",
        "value.eps": "ep/s",
        "net.in": "in",
        "net.out": "out",
        "net.empty": "The network appears here once it is built.",
        "net.rows": "↑ {top} · ↓ {below} more",
        "net.layers": "layers {first}–{last} of {n}: ← → page",
        "chart.diverged": "diverged in epoch {n}",
        "chart.diverged_batch": "diverged in epoch 1: losses per batch",
        "chart.batches": "batch",
    },
)


def tr(lang: str, key: str, **kwargs: object) -> str:
    """The lab string ``key`` in ``lang`` (English when missing), formatted with ``kwargs``."""
    if key not in STRINGS:
        raise KeyError(key)
    return t(key, lang, STRINGS, **kwargs)


def lang_of(node) -> str:
    """The interface language of a widget's app ("en" outside nntutor's app)."""
    try:
        return getattr(node.app, "lang", "en")
    except Exception:  # noqa: BLE001 - no app yet (a widget built outside one)
        return "en"
