"""Computation graphs (lesson 5), walked forward node by node, then backward node by node.

Every gradient contribution is added (+=) the way autodiff does it, and each step
can be replayed. The graphs of the lessons are in ``lesson_graphs``.
Plain floats only: no NumPy, no SymPy, no Textual.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from nntutor.course.formula import MINUS, fmt, sigmoid

OPS = ("input", "mul", "add", "sub", "sigmoid", "square")


@dataclass(frozen=True)
class Node:
    """One node: ``name = op(parents)``. Inputs (leaves) have op "input" and no parents."""

    name: str
    op: str
    parents: tuple[str, ...] = ()

    @property
    def formula(self) -> str:
        """How the lessons write the node: w·x, u + b, σ(z), a − y, d²."""
        p = self.parents
        if self.op == "input":
            return self.name
        if self.op == "mul":
            return f"{p[0]}·{p[1]}"
        if self.op == "add":
            return f"{p[0]} + {p[1]}"
        if self.op == "sub":
            return f"{p[0]} {MINUS} {p[1]}"
        if self.op == "sigmoid":
            return f"σ({p[0]})"
        if self.op == "square":
            return f"{p[0]}²"
        raise ValueError(f"unknown op {self.op!r}")

    def substituted(self, values: Mapping[str, float]) -> str:
        """The formula with the parents' values in place: 0.5·2, 1 + (−1), σ(0), (−0.5)²."""
        v = [_paren(values[p]) for p in self.parents]
        if self.op == "input":
            return fmt(values[self.name])
        if self.op == "mul":
            return f"{v[0]}·{v[1]}"
        if self.op == "add":
            return f"{fmt(values[self.parents[0]])} + {v[1]}"
        if self.op == "sub":
            return f"{fmt(values[self.parents[0]])} {MINUS} {v[1]}"
        if self.op == "sigmoid":
            return f"σ({fmt(values[self.parents[0]])})"
        if self.op == "square":
            return f"{v[0]}²"
        raise ValueError(f"unknown op {self.op!r}")


_ARITY = {"input": 0, "mul": 2, "add": 2, "sub": 2, "sigmoid": 1, "square": 1}


def _apply(op: str, args: Sequence[float]) -> float:
    if op == "mul":
        return args[0] * args[1]
    if op == "add":
        return args[0] + args[1]
    if op == "sub":
        return args[0] - args[1]
    if op == "sigmoid":
        return sigmoid(args[0])
    if op == "square":
        return args[0] * args[0]
    raise ValueError(f"unknown op {op!r}")


def _local(node: Node, index: int, values: Mapping[str, float]) -> tuple[str, float]:
    """(how the lesson writes ∂node/∂parent[index], its value)."""
    p = node.parents
    if node.op == "mul":
        other = p[1 - index]
        return other, values[other]
    if node.op == "add":
        return "1", 1.0
    if node.op == "sub":
        return ("1", 1.0) if index == 0 else (f"({MINUS}1)", -1.0)
    if node.op == "sigmoid":
        a = values[node.name]
        return f"σ′({p[0]})", a * (1.0 - a)
    if node.op == "square":
        return f"2{p[0]}", 2.0 * values[p[0]]
    raise ValueError(f"unknown op {node.op!r}")


@dataclass(frozen=True)
class Contribution:
    """One term of the backward pass: ∂out/∂target += upstream · local."""

    source: str  # the node passing its gradient back
    target: str  # the parent that receives it
    local_symbol: str  # ∂source/∂target as the lesson writes it: x, 1, σ′(z), 2d
    upstream: float  # ∂out/∂source
    local: float  # ∂source/∂target
    before: float  # ∂out/∂target before this term
    output: str  # the graph's output node (C or f)

    @property
    def amount(self) -> float:
        return self.upstream * self.local

    @property
    def after(self) -> float:
        return self.before + self.amount

    @property
    def rule(self) -> str:
        """``∂C/∂w += ∂C/∂u · x = −0.25 · 2 = −0.5``, and the running total when it adds to one."""
        o = self.output
        up = f"∂{o}/∂{self.source}"
        text = (
            f"∂{o}/∂{self.target} += {up} · {self.local_symbol}"
            f" = {_paren(self.upstream)} · {_paren(self.local)} = {fmt(self.amount)}"
        )
        if self.before != 0:
            text += f"  → {fmt(self.before)} + {_paren(self.amount)} = {fmt(self.after)}"
        return text


def _paren(value: float) -> str:
    text = fmt(value)
    return f"({text})" if text.startswith(MINUS) else text


@dataclass(frozen=True)
class Step:
    """One step of a walk: a forward value, the seed ∂out/∂out = 1, or one node's backward pass."""

    phase: str  # "forward", "seed" or "backward"
    node: str
    value: float = 0.0  # forward: the value computed
    contributions: tuple[Contribution, ...] = ()


@dataclass
class WalkState:
    """What is known after some steps: values computed so far and gradients gathered so far."""

    values: dict[str, float]
    grads: dict[str, float]
    complete: set[str]  # nodes whose gradient has received every contribution
    step: Step | None  # the last step taken (None before the first)
    index: int  # how many steps were taken

    def phase(self) -> str:
        return "start" if self.step is None else self.step.phase


@dataclass(frozen=True)
class Graph:
    """A computation graph: nodes in a topological order (every parent before its children).

    The last node is the output. ``defaults`` are the input values of the lesson;
    ``target`` is the input whose derivative the learner is asked to write, and
    ``expected`` that derivative in the checker's syntax.
    """

    id: str
    title: str  # the whole function, as the lesson writes it
    nodes: tuple[Node, ...]
    defaults: Mapping[str, float]
    target: str
    expected: str

    def __post_init__(self) -> None:
        seen: set[str] = set()
        for node in self.nodes:
            if node.op not in _ARITY:
                raise ValueError(f"node {node.name}: unknown op {node.op!r}")
            if len(node.parents) != _ARITY[node.op]:
                raise ValueError(f"node {node.name}: {node.op} takes {_ARITY[node.op]} inputs")
            missing = [p for p in node.parents if p not in seen]
            if missing:
                raise ValueError(f"node {node.name} uses {missing[0]} before it is defined")
            if node.name in seen:
                raise ValueError(f"node {node.name} is defined twice")
            seen.add(node.name)
        if set(self.defaults) != set(self.inputs):
            raise ValueError(
                f"graph {self.id}: defaults must give exactly the inputs {self.inputs}"
            )
        if self.target not in self.inputs:
            raise ValueError(f"graph {self.id}: target {self.target!r} is not an input")

    @property
    def output(self) -> str:
        return self.nodes[-1].name

    @property
    def inputs(self) -> tuple[str, ...]:
        return tuple(n.name for n in self.nodes if n.op == "input")

    @property
    def computed(self) -> tuple[Node, ...]:
        return tuple(n for n in self.nodes if n.op != "input")

    def node(self, name: str) -> Node:
        for n in self.nodes:
            if n.name == name:
                return n
        raise KeyError(name)

    def children(self, name: str) -> list[str]:
        """The nodes that use ``name``, once per use (u·u uses u twice)."""
        return [n.name for n in self.nodes for p in n.parents if p == name]

    def _check_inputs(self, inputs: Mapping[str, float]) -> dict[str, float]:
        missing = [name for name in self.inputs if name not in inputs]
        if missing:
            raise ValueError(f"graph {self.id} needs a value for {', '.join(missing)}")
        return {name: float(inputs[name]) for name in self.inputs}

    def forward(self, inputs: Mapping[str, float]) -> dict[str, float]:
        """Every node's value."""
        values = self._check_inputs(inputs)
        for node in self.computed:
            values[node.name] = _apply(node.op, [values[p] for p in node.parents])
        return values

    def value(self, inputs: Mapping[str, float]) -> float:
        """The output's value."""
        return self.forward(inputs)[self.output]

    def backward(self, inputs: Mapping[str, float]) -> dict[str, float]:
        """∂output/∂node for every node: reverse order, each node adding to its parents (+=)."""
        walk = self.walk(inputs)
        grads = {n.name: 0.0 for n in self.nodes}
        grads.update(walk.state(len(walk.steps)).grads)
        return grads

    def walk(self, inputs: Mapping[str, float]) -> Walk:
        """Every step of the forward pass, then of the backward pass."""
        values = self.forward(inputs)
        steps = [Step("forward", n.name, values[n.name]) for n in self.computed]
        out = self.output
        steps.append(Step("seed", out, 1.0))
        grads = {n.name: 0.0 for n in self.nodes}
        grads[out] = 1.0
        for node in reversed(self.computed):
            terms = []
            for index, parent in enumerate(node.parents):
                symbol, local = _local(node, index, values)
                term = Contribution(
                    node.name, parent, symbol, grads[node.name], local, grads[parent], out
                )
                grads[parent] = term.after
                terms.append(term)
            steps.append(Step("backward", node.name, contributions=tuple(terms)))
        return Walk(self, values, tuple(steps))


@dataclass(frozen=True)
class Walk:
    """A graph's forward and backward pass as a list of steps that can be replayed to any point."""

    graph: Graph
    values: Mapping[str, float]  # every node's final value
    steps: tuple[Step, ...]

    @property
    def forward_steps(self) -> int:
        return sum(1 for s in self.steps if s.phase == "forward")

    def state(self, index: int) -> WalkState:
        """What is known after the first ``index`` steps (clamped to 0…len(steps))."""
        index = max(0, min(index, len(self.steps)))
        graph = self.graph
        values = {name: self.values[name] for name in graph.inputs}
        grads: dict[str, float] = {}
        received: dict[str, int] = {}
        for step in self.steps[:index]:
            if step.phase == "forward":
                values[step.node] = step.value
            elif step.phase == "seed":
                grads[step.node] = 1.0
            else:
                for term in step.contributions:
                    grads[term.target] = term.after
                    received[term.target] = received.get(term.target, 0) + 1
        complete = {name for name in grads if received.get(name, 0) == len(graph.children(name))}
        return WalkState(values, grads, complete, self.steps[index - 1] if index else None, index)


def central_difference(f: Callable[[float], float], at: float, h: float = 1e-5) -> float:
    """(f(at + h) − f(at − h)) / 2h: the derivative's estimate with an error of order h²."""
    return (f(at + h) - f(at - h)) / (2 * h)


def graph_difference(
    graph: Graph, inputs: Mapping[str, float], name: str, h: float = 1e-5
) -> float:
    """∂output/∂name by a central difference on the graph's own forward pass."""

    def moved(v: float) -> float:
        return graph.value({**inputs, name: v})

    return central_difference(moved, float(inputs[name]), h)
