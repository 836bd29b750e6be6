"""Footer labels in the learner's language.

Textual declares key bindings on classes, with English descriptions. A node calls
``localize_bindings`` once mounted: its bindings are replaced by copies whose
descriptions are in the learner's language (from the catalogs, context "keys").
"""

from __future__ import annotations

import dataclasses

from textual.binding import BindingsMap
from textual.dom import DOMNode

from nntutor.i18n import Messages, t

# The footer labels, by the English description of their binding. Short: the footer has 80
# columns, and Russian words run long.
LABELS = Messages(
    "keys",
    {
        "Open": "Open",
        "Continue": "Continue",
        "Next step": "Next step",
        "Course": "Course",
        "Review": "Review",
        "Progress": "Progress",
        "Lab": "Lab",
        "Help": "Help",
        "Quit": "Quit",
        "Back": "Back",
        "Text": "Text",
        "Exercises": "Exercises",
        "Try it": "Try it",
        "Next ex.": "Next ex.",
        "Prev ex.": "Prev ex.",
        "Hint": "Hint",
        "Solution": "Solution",
        "Answer": "Answer",
        "Run tests": "Run tests",
        "My code": "My code",
        "Start review": "Start review",
        "Re-read lesson": "Re-read lesson",
        "Refresh": "Refresh",
        "Streak on/off": "Streak on/off",
        "Close": "Close",
        "OK": "OK",
        "Run/pause": "Run/pause",
        "View": "View",
        "Batch": "Batch",
        "Epoch": "Epoch",
        "Reset": "Reset",
        "Save": "Save",
        "Load": "Load",
        "Presets": "Presets",
        "Zoom": "Zoom",
        "palette": "palette",
        "Rate": "Rate",
        "Run": "Run",
        "Mistakes": "Mistakes",
        "New numbers": "New numbers",
        # the lab's experiment bench
        "Backprop": "Backprop",
        "Points": "Points",
        "Hidden": "Hidden",
        "Neuron off": "Neuron off",
        "Freeze": "Freeze",
        "Predict": "Predict",
        "Example/batch": "Example/batch",
        "New batch": "New batch",
        "Layer": "Layer",
        "Add point": "Add point",
        "Delete point": "Delete point",
        "Class": "Class",
        "Done": "Done",
        # the playgrounds' keys
        "w": "w",
        "b": "b",
        "activation": "activation",
        "probe x": "probe x",
        "reset": "reset",
        "next": "next",
        "back": "back",
        "restart": "restart",
        "graph": "graph",
        "new values": "new values",
        "lesson values": "lesson values",
        "formula": "formula",
        "step": "step",
        "run": "run",
        "ε": "ε",
        "surface": "surface",
        "random": "random",
        "lesson": "lesson",
        "start": "start",
    },
)


def label(description: str, lang: str, extra: dict[str, str] | None = None) -> str:
    """The footer label of ``description`` in ``lang``; ``extra`` overrides the catalog."""
    if lang == "en":
        return description
    if extra and description in extra:
        return extra[description]
    return t(description, lang, LABELS) if description in LABELS else description


def localize_bindings(node: DOMNode, lang: str, extra: dict[str, str] | None = None) -> None:
    """Give ``node``'s footer labels in ``lang`` (``extra`` adds a node's own words)."""
    if lang == "en":
        return
    translated = BindingsMap()
    for bindings in node._bindings.key_to_bindings.values():
        for binding in bindings:
            description = label(binding.description, lang, extra)
            group = binding.group
            if group is not None:  # a group's keys share one label in the footer
                group = dataclasses.replace(
                    group, description=label(group.description, lang, extra)
                )
            translated._add_binding(
                dataclasses.replace(binding, description=description, group=group)
            )
    node._bindings = translated
    node.refresh_bindings()
