"""The interactive views of a lesson's Try-it tab, by the name a lesson.toml gives (see docs/playgrounds.md)."""

from __future__ import annotations

from textual.widget import Widget

from nntutor.app.widgets.playgrounds.descent import DescentPlayground
from nntutor.app.widgets.playgrounds.graph import GraphPlayground
from nntutor.app.widgets.playgrounds.neuron import NeuronPlayground

PLAYGROUNDS: dict[str, type[Widget]] = {
    "neuron": NeuronPlayground,
    "graph": GraphPlayground,
    "descent": DescentPlayground,
}

__all__ = ["PLAYGROUNDS", "DescentPlayground", "GraphPlayground", "NeuronPlayground"]
