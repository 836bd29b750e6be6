"""Words of the lab's experiment bench: backprop replay, points by hand, the hidden space, neurons
off and frozen (English here; other languages in nntutor/locale, context "lab_bench")."""

from __future__ import annotations

from nntutor.i18n import Messages, t

STRINGS: Messages = Messages(
    "lab_bench",
    {
        # backprop replay
        "title": "Backprop replay · {net} · {what} · step {k} of {n}",
        "one_example": "one example",
        "batch": ("a mini-batch of {n} example", "a mini-batch of {n} examples"),
        "note.sum": "Σ runs over the examples of the batch; δ already holds the 1/N of the mean",
        "note.derivative": "{rule}",
        "note.off": "on: 0 for a neuron switched off, 1 for the others",
        "note.n_examples": "N = {n}: the examples in the batch",
        "note.n_entries": "N = {n}: examples × outputs",
        "more_rows": "… {n} more rows",
        "ask": "Predict {what} ({where}) before it is shown.",
        "ask_keys": "p: type a number · + − 0: only its sign · Enter: just show it",
        "where_example": "example {i}, neuron {j}",
        "where_weight": "the weight from input {k} into neuron {j}",
        "where_neuron": "neuron {j}",
        "enter_next": "Enter: next step · ←: back · Esc: close",
        "already_shown": "This step is already shown: Enter goes on to the next one.",
        "not_a_number": "Type a number such as -0.05 or 0.12 (or a sign: + or -).",
        "predict_title": "Your prediction of {what}:",
        "predict_hint": "Enter: check · Esc: cancel · within 5 % counts",
        "right": "✓ Right: the engine computed {answer}. (recorded)",
        "wrong": "✗ Not quite: the engine computed {answer}. (recorded)",
        "update_ready": "The gradients of every layer are ready. Enter applies the update to the lab's network.",
        "loss_batch": "loss on this batch:    {before} → {after}",
        "loss_train": "loss on the training set: {before} → {after}",
        "update_done": "One {optimizer} step with learning rate {lr} · Enter or Esc: back to the lab · n: another batch",
        "recorded": (
            "{n} prediction recorded in your progress.",
            "{n} predictions recorded in your progress.",
        ),
        "before": "before",
        "after": "after",
        "no_session": "There is no network yet: wait until it is built.",
        "diverged": "This run diverged: press r to start again first.",
        # points by hand
        "edit_needs_2d": "Points can be added on data with 2 inputs; this data has {n}.",
        "edit_needs_classes": "Points can be added to classification data; this data is regression.",
        "edit_hint": "arrows: move · Enter: add class {k} · c: class · x: delete nearest · Esc: done",
        "edit_bar": "adding class {k}",
        "edited_data": "A run on edited points does not count for the challenge: press r to start again.",
        "edit_keys": "c: class · x: delete · Esc: done",
        "point_added": (
            "A point of class {k} added: {n} training point.",
            "A point of class {k} added: {n} training points.",
        ),
        "point_deleted": "The nearest point (class {k}) deleted.",
        "point_last": "The last two points stay: a network needs something to train on.",
        "busy": "The network is busy; try again.",
        # neurons off and frozen
        "choose_neuron": "Choose a neuron in the network view first (v until Network, Tab, arrows).",
        "neuron_off": "{name} is off: its output is 0.",
        "neuron_on": "{name} is on again.",
        "neuron_frozen": "{name} is frozen: its weights in and its bias stay as they are.",
        "neuron_thawed": "{name} learns again.",
        "output_off": "An output neuron cannot be switched off; freeze it (f) instead.",
        "switches": "off: {off} · frozen: {frozen}",
        "switch_keys": "o: off · f: freeze",
        "none": "none",
        # the hidden space
        "hidden_title": "Hidden space · {layer} · x: neuron {i} · y: neuron {j}",
        "input_layer": "the input (x₁, x₂)",
        "input_features": "the input features ({names})",
        "feature_title": "Hidden space · {layer} · x: {x} · y: {y}",
        "hidden_layer": ("hidden layer {k} ({n} neuron)", "hidden layer {k} ({n} neurons)"),
        "hidden_keys": "[ ]: layer · ←→: x-axis neuron · ↑↓: y-axis neuron · Space: train · Esc: close",
        "hidden_legend": "· the input grid, bent by the layer   • the training points by class",
        "hidden_one": "This layer has one neuron: the plane is folded onto a line.",
        "hidden_needs_2d": "The hidden space needs data with 2 inputs; this data has {n}.",
        "hidden_no_layer": "This network has no hidden layer: add one in the settings.",
    },
)


def say(lang: str, key: str, **kwargs: object) -> str:
    """The bench's string ``key`` in ``lang`` (English when missing), formatted with ``kwargs``."""
    if key not in STRINGS:
        raise KeyError(key)
    return t(key, lang, STRINGS, **kwargs)
