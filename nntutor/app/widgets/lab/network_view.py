"""The network view: the diagram of layers and weights beside the chosen neuron's detail."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal

from nntutor.app.widgets.lab.network_diagram import NetworkDiagram
from nntutor.app.widgets.lab.neuron_detail import NeuronDetail
from nntutor.lab import Neuron


class NetworkView(Horizontal):
    """Diagram on the left (focus it to choose neurons), detail on the right."""

    DEFAULT_CSS = """
    NetworkView {
        width: 1fr;
        height: 1fr;
    }
    NetworkView > NetworkDiagram {
        width: auto;
    }
    NetworkView > NeuronDetail {
        width: 1fr;
        min-width: 20;
        padding: 0 0 0 1;
    }
    """

    def compose(self) -> ComposeResult:
        yield NetworkDiagram(id="network-diagram")
        yield NeuronDetail(id="neuron-detail")

    @property
    def diagram(self) -> NetworkDiagram:
        return self.query_one(NetworkDiagram)

    @property
    def detail(self) -> NeuronDetail:
        return self.query_one(NeuronDetail)

    def show(
        self, sizes: tuple[int, ...], weights, activations: tuple[str, ...], neuron: Neuron | None
    ) -> None:
        if weights is not None:
            self.diagram.show(sizes, weights, activations)
        self.detail.show(neuron, sizes)

    def neuron_plane_size(self) -> tuple[int, int]:
        return self.detail.plane_view.pixels()
