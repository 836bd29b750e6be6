"""The computation graphs the lessons use (lesson 5 and its traps), and new values for them."""

from __future__ import annotations

import random

from nntutor.playgrounds.computation_graph import Graph, Node


def _graphs() -> dict[str, Graph]:
    neuron = Graph(
        id="neuron",
        title="C = (σ(w·x + b) − y)²",
        nodes=(
            Node("x", "input"),
            Node("w", "input"),
            Node("b", "input"),
            Node("y", "input"),
            Node("u", "mul", ("w", "x")),
            Node("z", "add", ("u", "b")),
            Node("a", "sigmoid", ("z",)),
            Node("d", "sub", ("a", "y")),
            Node("C", "square", ("d",)),
        ),
        defaults={"x": 2.0, "w": 0.5, "b": -1.0, "y": 1.0},
        target="w",
        expected="2*(sigma(w*x + b) - y)*sigma(w*x + b)*(1 - sigma(w*x + b))*x",
    )
    shared = Graph(
        id="shared",
        title="f = x·y + x",
        nodes=(
            Node("x", "input"),
            Node("y", "input"),
            Node("q", "mul", ("x", "y")),
            Node("f", "add", ("q", "x")),
        ),
        defaults={"x": 3.0, "y": -2.0},
        target="x",
        expected="y + 1",
    )
    square = Graph(
        id="square",
        title="C = (w·x)·(w·x)",
        nodes=(
            Node("w", "input"),
            Node("x", "input"),
            Node("u", "mul", ("w", "x")),
            Node("C", "mul", ("u", "u")),
        ),
        defaults={"w": 0.5, "x": 2.0},
        target="w",
        expected="2*w*x^2",
    )
    linear = Graph(
        id="linear",
        title="C = (w·x + b − y)²",
        nodes=(
            Node("w", "input"),
            Node("x", "input"),
            Node("b", "input"),
            Node("y", "input"),
            Node("u", "mul", ("w", "x")),
            Node("z", "add", ("u", "b")),
            Node("d", "sub", ("z", "y")),
            Node("C", "square", ("d",)),
        ),
        defaults={"w": 2.0, "x": 3.0, "b": 1.0, "y": 5.0},
        target="w",
        expected="2*(w*x + b - y)*x",
    )
    return {g.id: g for g in (neuron, shared, square, linear)}


GRAPHS: dict[str, Graph] = _graphs()


def random_inputs(graph: Graph, rng: random.Random) -> dict[str, float]:
    """New input values for ``graph``, rounded to one decimal so that they are easy to read."""
    values = {}
    for name in graph.inputs:
        if name == "y" and graph.id == "neuron":
            values[name] = float(rng.choice((0, 1)))  # a target of a sigmoid output
        else:
            value = round(rng.uniform(-2.0, 2.0), 1)
            values[name] = value if value != 0 else 0.5
    return values
