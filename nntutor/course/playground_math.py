"""The mathematics behind the lessons' playgrounds, with no user interface.

Three parts, one per playground (see docs/playgrounds.md):

- **neuron**: a = f(w·x + b) for the activations of lesson 2, and f′;
- **graph**: small computation graphs, walked forward node by node, then backward
  node by node, with every gradient contribution added (+=) the way autodiff does it;
- **descent**: gradient descent on a 1-D curve, a non-convex curve and a 2-D valley.

And ``evaluate``: the numeric value of a formula written the way nntutor's checker
prints it (``x·(1 - σ(b + w·x))^2``), by a small recursive-descent reader that only
knows numbers, the given variables, + − · / ^, parentheses, |…| and a fixed list of
functions. It never calls ``eval``.

Plain floats only: no NumPy, no SymPy, no Textual.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

# --- numbers as the lessons write them -----------------------------------------------------------

MINUS = "−"


def fmt(value: float, digits: int = 4) -> str:
    """``value`` with up to ``digits`` significant digits and a true minus sign: −0.25, 1.5e6, ∞."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "∞" if value > 0 else f"{MINUS}∞"
    if value == 0:
        return "0"
    text = f"{value:.{digits}g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}e{int(exponent)}"
    if text in ("-0", "0"):
        return "0"
    return text.replace("-", MINUS)


# --- the neuron (lesson 2) -----------------------------------------------------------------------

ACTIVATIONS: tuple[str, ...] = ("sigmoid", "tanh", "relu")


def sigmoid(z: float) -> float:
    """σ(z) = 1 / (1 + e⁻ᶻ), without overflow for large |z|."""
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def activate(name: str, z: float) -> float:
    """f(z) for ``name`` in ACTIVATIONS."""
    if name == "sigmoid":
        return sigmoid(z)
    if name == "tanh":
        return math.tanh(z)
    if name == "relu":
        return max(0.0, z)
    raise ValueError(f"unknown activation {name!r}; use one of: {', '.join(ACTIVATIONS)}")


def activation_slope(name: str, z: float) -> float:
    """f′(z): σ(1 − σ), 1 − tanh², and 0 or 1 for ReLU (0 at z = 0, as libraries do)."""
    if name == "sigmoid":
        s = sigmoid(z)
        return s * (1.0 - s)
    if name == "tanh":
        t = math.tanh(z)
        return 1.0 - t * t
    if name == "relu":
        return 1.0 if z > 0 else 0.0
    raise ValueError(f"unknown activation {name!r}; use one of: {', '.join(ACTIVATIONS)}")


@dataclass(frozen=True)
class Neuron:
    """One neuron with one input: z = w·x + b, a = f(z), probed at ``x``."""

    w: float = 1.0
    b: float = 0.0
    activation: str = "sigmoid"
    x: float = 1.0

    @property
    def z(self) -> float:
        return self.w * self.x + self.b

    @property
    def a(self) -> float:
        return activate(self.activation, self.z)

    @property
    def slope(self) -> float:
        """f′(z) at the probe."""
        return activation_slope(self.activation, self.z)

    @property
    def threshold(self) -> float | None:
        """Where the neuron switches on, w·x + b = 0, that is x = −b/w (None when w = 0)."""
        if self.w == 0:
            return None
        return -self.b / self.w

    def output(self, x: float) -> float:
        return activate(self.activation, self.w * x + self.b)

    def curve(
        self, lo: float = -5.0, hi: float = 5.0, points: int = 201
    ) -> tuple[list[float], list[float]]:
        """(xs, a(xs)) on ``points`` evenly spaced x from ``lo`` to ``hi``."""
        if points < 2:
            raise ValueError("a curve needs at least 2 points")
        xs = [lo + (hi - lo) * i / (points - 1) for i in range(points)]
        return xs, [self.output(x) for x in xs]


# --- computation graphs (lesson 5) ---------------------------------------------------------------

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


# --- gradient descent (lesson 6) -----------------------------------------------------------------

LEARNING_RATES: tuple[float, ...] = (
    0.01,
    0.03,
    0.05,
    0.09,
    0.1,
    0.11,
    0.3,
    0.5,
    0.9,
    1.0,
    1.1,
    1.5,
)
DIVERGED_AT = 1e6  # |w| beyond this, or a loss that overflows, ends the walk
CONVERGED_BELOW = 1e-6  # a gradient norm this small is a stationary point


Point = tuple[float, ...]


@dataclass(frozen=True)
class Surface:
    """A loss C(w) over one or two weights, with its gradient and where the lesson starts."""

    id: str
    formula: str
    dims: int
    loss: Callable[[Point], float]
    gradient: Callable[[Point], Point]
    lesson_start: Point
    lesson_rate: float
    bounds: tuple[tuple[float, float], ...]  # the box drawn, per weight
    minimum: Point  # the global minimum
    curvatures: tuple[float, ...] | None = None  # C'' per weight for a quadratic (None otherwise)

    def factors(self, rate: float) -> tuple[float, ...] | None:
        """For a quadratic: what one step multiplies each weight's distance to the minimum by."""
        if self.curvatures is None:
            return None
        return tuple(1.0 - rate * c for c in self.curvatures)

    def random_start(self, rng: random.Random) -> Point:
        """A start inside the drawn box, away from the minimum, rounded to one decimal."""
        while True:
            point = tuple(
                round(rng.uniform(lo + 0.1 * (hi - lo), hi - 0.1 * (hi - lo)), 1)
                for lo, hi in self.bounds
            )
            if math.dist(point, self.minimum) > 0.25 * (self.bounds[0][1] - self.bounds[0][0]) / 2:
                return point

    def inside(self, point: Point) -> bool:
        return all(lo <= v <= hi for v, (lo, hi) in zip(point, self.bounds))


def _bumpy_loss(w: Point) -> float:
    v = w[0]
    return 0.25 * v**4 - 2.0 * v**2 + 0.5 * v + 5.0


def _bumpy_gradient(w: Point) -> Point:
    v = w[0]
    return (v**3 - 4.0 * v + 0.5,)


SURFACES: dict[str, Surface] = {
    s.id: s
    for s in (
        Surface(
            id="curve",
            formula="C(w) = (w − 3)²",
            dims=1,
            loss=lambda w: (w[0] - 3.0) ** 2,
            gradient=lambda w: (2.0 * (w[0] - 3.0),),
            lesson_start=(0.0,),
            lesson_rate=0.1,
            bounds=((-3.0, 9.0),),
            minimum=(3.0,),
            curvatures=(2.0,),
        ),
        Surface(
            id="bumpy",
            formula="C(w) = w⁴/4 − 2w² + w/2 + 5",
            dims=1,
            loss=_bumpy_loss,
            gradient=_bumpy_gradient,
            lesson_start=(3.0,),
            lesson_rate=0.03,
            bounds=((-3.2, 3.2),),
            minimum=(-2.05979,),  # the root of w³ − 4w + 1/2 left of the hump
        ),
        Surface(
            id="valley",
            formula="C(w₁, w₂) = w₁² + 10·w₂²",
            dims=2,
            loss=lambda w: w[0] ** 2 + 10.0 * w[1] ** 2,
            gradient=lambda w: (2.0 * w[0], 20.0 * w[1]),
            lesson_start=(-4.0, 1.0),
            lesson_rate=0.09,
            bounds=((-5.0, 5.0), (-2.5, 2.5)),
            minimum=(0.0, 0.0),
            curvatures=(2.0, 20.0),
        ),
    )
}


def _norm(v: Point) -> float:
    return math.sqrt(sum(c * c for c in v))


@dataclass
class Descent:
    """A walk w ← w − ε·∇C(w) on ``surface`` from ``start``.

    ``path`` holds every point reached (all finite). When a step overflows or
    leaves |w| ≤ DIVERGED_AT, the walk stops and ``diverged`` is set; it never raises.
    """

    surface: Surface
    start: Point
    rate: float
    path: list[Point] = field(default_factory=list)
    losses: list[float] = field(default_factory=list)
    diverged: bool = False

    def __post_init__(self) -> None:
        if len(self.start) != self.surface.dims:
            raise ValueError(f"{self.surface.id} needs a start with {self.surface.dims} weights")
        if not self.rate > 0:
            raise ValueError("the learning rate must be positive")
        self.path = [tuple(float(v) for v in self.start)]
        self.losses = [self.surface.loss(self.path[0])]

    @property
    def w(self) -> Point:
        return self.path[-1]

    @property
    def loss(self) -> float:
        return self.losses[-1]

    @property
    def gradient(self) -> Point:
        return self.surface.gradient(self.w)

    @property
    def steps(self) -> int:
        return len(self.path) - 1

    @property
    def converged(self) -> bool:
        return not self.diverged and _norm(self.gradient) < CONVERGED_BELOW

    def step(self) -> bool:
        """One update; False when the walk cannot go on (it diverged or it is at a stationary point)."""
        if self.diverged or self.converged:
            return False
        try:
            grad = self.gradient
            new = tuple(w - self.rate * g for w, g in zip(self.w, grad))
            loss = self.surface.loss(new)
        except (OverflowError, ValueError):
            self.diverged = True
            return False
        if not all(math.isfinite(v) and abs(v) <= DIVERGED_AT for v in new) or not math.isfinite(
            loss
        ):
            self.diverged = True
            return False
        self.path.append(new)
        self.losses.append(loss)
        return True

    def run(self, steps: int) -> int:
        """Up to ``steps`` updates; how many were taken."""
        taken = 0
        while taken < steps and self.step():
            taken += 1
        return taken

    def behaviour(self) -> str:
        """What the walk is doing, judged from its last steps.

        One of: ``start`` (no step yet), ``diverged``, ``converged``, ``local_minimum``
        (converged, but higher than the global minimum), ``diverging`` (the loss grew
        on each of the last steps), ``bouncing`` (it jumps across without getting
        lower), ``zigzag`` (it jumps across the minimum and gets lower), ``creeping``
        (it gets lower by under 5 % a step), ``descending``.
        """
        if self.diverged:
            return "diverged"
        if self.converged:
            best = self.surface.loss(self.surface.minimum)
            return "local_minimum" if self.loss > best + 1e-3 else "converged"
        if self.steps == 0:
            return "start"
        losses = self.losses
        recent = losses[-4:]
        if len(recent) >= 3 and all(b > a * (1 + 1e-9) for a, b in itertools.pairwise(recent)):
            return "diverging"
        if len(self.path) >= 3 and self._crossing():
            # jumping across the minimum: compare with two steps back (the same side)
            before = losses[-3] if len(losses) >= 4 else losses[-2]
            if losses[-1] > before * (1 + 1e-6):
                return "diverging"
            if losses[-1] >= before * (1 - 1e-6):
                return "bouncing"
            return "zigzag"
        if losses[-1] < losses[-2]:
            return "creeping" if losses[-2] - losses[-1] < 0.05 * abs(losses[-2]) else "descending"
        return "creeping" if losses[-1] == losses[-2] else "diverging"

    def _crossing(self) -> bool:
        """The last two steps went in opposite directions along some weight."""
        a, b, c = self.path[-3], self.path[-2], self.path[-1]
        return any((b[i] - a[i]) * (c[i] - b[i]) < 0 for i in range(self.surface.dims))


# --- the value of a formula at a point -----------------------------------------------------------

MAX_FORMULA = 2000  # characters
MAX_DEPTH = 60  # nesting of parentheses and operators


class FormulaError(ValueError):
    """A formula that cannot be evaluated. ``code`` names why: syntax, name, domain, overflow, long."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


def _finite(value: float) -> float:
    if math.isnan(value):
        raise FormulaError("domain")
    if math.isinf(value):
        raise FormulaError("overflow")
    return value


def _safe(f: Callable[..., float]) -> Callable[..., float]:
    """``f`` that raises FormulaError instead of OverflowError, ValueError, inf or NaN."""

    def call(*args: float) -> float:
        try:
            value = f(*args)
        except OverflowError:
            raise FormulaError("overflow") from None
        except (ValueError, ZeroDivisionError):
            raise FormulaError("domain") from None
        if isinstance(value, complex):
            raise FormulaError("domain")
        return _finite(float(value))

    return call


_add = _safe(lambda a, b: a + b)
_sub = _safe(lambda a, b: a - b)
_mul = _safe(lambda a, b: a * b)
_div = _safe(lambda a, b: a / b)
_pow = _safe(math.pow)


def _softplus(z: float) -> float:
    return max(z, 0.0) + math.log1p(math.exp(-abs(z)))


_FUNCTIONS: dict[str, tuple[int, int, Callable[..., float]]] = {
    # name: (fewest arguments, most arguments, function)
    "σ": (1, 1, sigmoid),
    "sigma": (1, 1, sigmoid),
    "sigmoid": (1, 1, sigmoid),
    "exp": (1, 1, math.exp),
    "log": (1, 1, math.log),
    "ln": (1, 1, math.log),
    "sqrt": (1, 1, math.sqrt),
    "tanh": (1, 1, math.tanh),
    "sinh": (1, 1, math.sinh),
    "cosh": (1, 1, math.cosh),
    "sin": (1, 1, math.sin),
    "cos": (1, 1, math.cos),
    "tan": (1, 1, math.tan),
    "abs": (1, 1, abs),
    "relu": (1, 1, lambda z: max(0.0, z)),
    "softplus": (1, 1, _softplus),
    "heaviside": (1, 2, lambda z, at0=0.5: 1.0 if z > 0 else (0.0 if z < 0 else at0)),
    "max": (1, 64, max),
    "min": (1, 64, min),
}
_CONSTANTS = {"e": math.e, "π": math.pi, "pi": math.pi}
_OPERATORS = {"+", "-", MINUS, "*", "·", "×", "/", "^", "(", ")", "|", ","}


def _tokens(text: str) -> list[tuple[str, str]]:
    """(kind, text) pairs: num, name, op."""
    out: list[tuple[str, str]] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
        elif c.isdigit() or (c == "." and i + 1 < n and text[i + 1].isdigit()):
            j = i
            while j < n and (text[j].isdigit() or text[j] == "."):
                j += 1
            if (
                j < n
                and text[j] in "eE"
                and j + 1 < n
                and (text[j + 1].isdigit() or text[j + 1] in "+-")
            ):
                k = j + 1 + (text[j + 1] in "+-")
                if k < n and text[k].isdigit():
                    j = k
                    while j < n and text[j].isdigit():
                        j += 1
            out.append(("num", text[i:j]))
            i = j
        elif c.isalpha() or c == "_":
            j = i
            while j < n and (text[j].isalnum() or text[j] in "_′"):
                j += 1
            out.append(("name", text[i:j]))
            i = j
        elif c == "*" and text[i : i + 2] == "**":
            out.append(("op", "^"))
            i += 2
        elif c in _OPERATORS:
            out.append(("op", {"*": "·", "×": "·", MINUS: "-"}.get(c, c)))
            i += 1
        else:
            raise FormulaError("syntax", f"unexpected character {c!r}")
    return out


class _Reader:
    """expr := term (± term)* ; term := unary ((·|/) unary)* ; unary := −unary | power ;
    power := atom (^ unary)? ; atom := number | name | name(args) | (expr) | |expr|."""

    def __init__(self, tokens: list[tuple[str, str]], values: Mapping[str, float]) -> None:
        self.tokens = tokens
        self.at = 0
        self.values = values
        self.depth = 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self, expected: str | None = None) -> tuple[str, str]:
        token = self.peek()
        if token is None or (expected is not None and token[1] != expected):
            want = f"“{expected}”" if expected else "more"
            raise FormulaError("syntax", f"expected {want}")
        self.at += 1
        return token

    def _enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise FormulaError("long", "nested too deeply")

    def expr(self) -> float:
        self._enter()
        value = self.term()
        while (token := self.peek()) is not None and token[1] in ("+", "-"):
            self.take()
            right = self.term()
            value = _add(value, right) if token[1] == "+" else _sub(value, right)
        self.depth -= 1
        return value

    def term(self) -> float:
        value = self.unary()
        while (token := self.peek()) is not None and token[1] in ("·", "/"):
            self.take()
            right = self.unary()
            value = _mul(value, right) if token[1] == "·" else _div(value, right)
        return value

    def unary(self) -> float:
        token = self.peek()
        if token is not None and token[1] in ("-", "+"):
            self.take()
            self._enter()
            inner = self.unary()
            self.depth -= 1
            return -inner if token[1] == "-" else inner
        return self.power()

    def power(self) -> float:
        base = self.atom()
        token = self.peek()
        if token is not None and token[1] == "^":
            self.take()
            self._enter()
            exponent = self.unary()
            self.depth -= 1
            return _pow(base, exponent)
        return base

    def atom(self) -> float:
        kind, text = self.take()
        if kind == "num":
            try:
                return _finite(float(text))
            except ValueError:
                raise FormulaError("syntax", f"not a number: {text}") from None
        if kind == "name":
            nxt = self.peek()
            if nxt is not None and nxt[1] == "(":
                return self.call(text)
            if text in self.values:
                return float(self.values[text])
            if text in _CONSTANTS:
                return _CONSTANTS[text]
            raise FormulaError("name", text)
        if text == "(":
            self._enter()
            value = self.expr()
            self.take(")")
            self.depth -= 1
            return value
        if text == "|":
            self._enter()
            value = abs(self.expr())
            self.take("|")
            self.depth -= 1
            return value
        raise FormulaError("syntax", f"unexpected “{text}”")

    def call(self, name: str) -> float:
        spec = _FUNCTIONS.get(name.lower()) or _FUNCTIONS.get(name)
        if spec is None:
            raise FormulaError("name", name)
        self._enter()
        self.take("(")
        args = [self.expr()]
        while (token := self.peek()) is not None and token[1] == ",":
            self.take()
            args.append(self.expr())
        self.take(")")
        self.depth -= 1
        fewest, most, f = spec
        if not fewest <= len(args) <= most:
            raise FormulaError(
                "syntax", f"{name} takes {fewest} argument{'s' if fewest > 1 else ''}"
            )
        return _safe(f)(*args)


def evaluate(text: str, values: Mapping[str, float]) -> float:
    """The value of ``text`` with the given variables, as a finite float; FormulaError otherwise.

    ``text`` is a formula with explicit operators, the way nntutor's checker prints
    what it understood: ``x·(1 - σ(b + w·x))·(-2·y + 2·σ(b + w·x))``. Python's ``**``
    and ``*`` are read too. Nothing in it is executed: it is read by a small parser
    that knows only numbers, the variables in ``values``, e and π, the operators
    + − · / ^, parentheses, |…| and the functions in ``_FUNCTIONS``.
    """
    if len(text) > MAX_FORMULA:
        raise FormulaError("long", f"over {MAX_FORMULA} characters")
    tokens = _tokens(text)
    if not tokens:
        raise FormulaError("syntax", "empty formula")
    reader = _Reader(tokens, values)
    value = reader.expr()
    if reader.peek() is not None:
        raise FormulaError("syntax", f"unexpected “{reader.peek()[1]}”")
    return _finite(value)
