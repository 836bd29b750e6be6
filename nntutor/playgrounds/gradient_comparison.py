"""The graph playground's comparison: the learner's derivative beside backprop and the engine.

This is where the checker and the engine meet (composed here, above both). The
checker reads the learner's formula and says whether it is the right derivative
everywhere; it has no request that evaluates a formula at a point, so the value at
the current point comes from ``nntutor.course.formula.evaluate`` applied to the
checker's own reading (``interpreted_as``, explicit operators only). The
engine has no head with a sigmoid output and a squared error, so for
C = (σ(w·x + b) − y)² its gradient comes from a 1-1-1 network: a sigmoid hidden
neuron (w, b) and a linear output fixed at weight 1 and bias 0 under the ``mse``
head, whose loss on one sample is exactly that C. Its first layer's dW is ∂C/∂w.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from nntutor.course.formula import FormulaError, evaluate
from nntutor.playgrounds.computation_graph import Graph


@dataclass
class LearnerFormula:
    """What the checker made of the learner's formula."""

    typed: str
    valid: bool
    equivalent: bool = False
    interpreted_as: str = ""
    feedback: str = ""

    def value_at(self, values: Mapping[str, float]) -> float | FormulaError:
        """The formula's value at ``values``, or why there is none."""
        if not self.valid:
            return FormulaError("syntax", self.feedback)
        try:
            return evaluate(self.interpreted_as, values)
        except FormulaError as exc:
            return exc


def check_formula(checker, graph: Graph, typed: str, lang: str) -> LearnerFormula:
    """Ask the checker (blocking: call it from a worker thread) whether ``typed`` is ∂out/∂target."""
    result = checker.check(typed, graph.expected, vars=list(graph.inputs), lang=lang)
    if not result.valid:
        return LearnerFormula(typed, False, feedback=result.error or result.feedback)
    return LearnerFormula(typed, True, result.equivalent, result.interpreted_as, result.feedback)


ENGINE_GRAPHS = ("neuron", "linear")  # the graphs that are networks the engine can build


def engine_gradient(graph_id: str, inputs: Mapping[str, float]) -> float:
    """∂C/∂w by nntutor.engine's own backpropagation (float64, CPU).

    ``linear``: C = (w·x + b − y)² is a 1-1 network under the ``mse`` head.
    ``neuron``: C = (σ(w·x + b) − y)² is a 1-1-1 network, a sigmoid hidden neuron
    (w, b) and a linear output fixed at weight 1 and bias 0, under ``mse``.
    """
    import numpy as np

    from nntutor.engine import Network
    from nntutor.engine.backend import cpu_backend

    if graph_id not in ENGINE_GRAPHS:
        raise ValueError(f"the graph {graph_id!r} is not a network the engine builds")
    x, w, b, y = (float(inputs[k]) for k in ("x", "w", "b", "y"))
    layer = (np.array([[w]]), np.array([b]))
    if graph_id == "linear":
        network = Network((1, 1), "linear", "mse", cpu_backend(0), dtype="float64")
        network.set_weights([layer])
    else:
        network = Network((1, 1, 1), "sigmoid", "mse", cpu_backend(0), dtype="float64")
        network.set_weights([layer, (np.array([[1.0]]), np.array([0.0]))])
    network.gradients(np.array([[x]]), np.array([[y]]), train=False)
    return float(network.layers[0].dW[0, 0])
