"""Train with your own derivative: the learner's checked formula in place of the engine's.

For the exercises where the learner derives an activation's derivative (σ′, tanh′,
softplus′) or the output δ of a loss, the lab trains two copies of one network from
the same weights: one with the engine's derivative, one with the learner's. It shows
both loss curves, the cosine similarity of the two gradients per layer (on the
learner's network, on a fixed batch) and the first epoch where the losses part.

The learner's formula is never run as text. The checker's own parser reads it in a
limited child process (``nntutor.lab.expression_tree``), which sends back a tree of
allowlisted node types; ``compile_tree`` turns that tree into NumPy operations
(closures over ``xp.add``, ``xp.multiply``, …), nothing else. The engine and the
checker do not know each other: this module composes them.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np

from nntutor.engine.activations import ACTIVATIONS, Activation
from nntutor.engine.errors import ConfigError, TrainingDiverged
from nntutor.engine.losses import BinaryCrossEntropy
from nntutor.engine.trainer import Trainer
from nntutor.lab.config import LabConfig
from nntutor.lab.datasets import make_data

PART_RATIO = 0.1  # the losses have parted once they differ by more than 10 %
PROBE_ROWS = 256  # the batch the gradients are compared on
TREE_SECONDS = 20.0


@dataclass(frozen=True)
class Target:
    """What a derivative exercise's answer replaces in the engine."""

    lesson: str
    exercise: str
    replaces: str  # "activation" (f′ of a hidden activation) or "output" (δ of the loss head)
    name: str  # the activation (sigmoid, tanh, softplus) or the loss (bce)
    variables: tuple[str, ...]  # the exercise's variables
    subs: tuple[tuple[str, str | int], ...] = ()  # renames that make the answer a function of z
    label: dict = field(default_factory=dict)


TARGETS: tuple[Target, ...] = (
    Target(
        "backpropagation",
        "d-sigmoid-db",
        "activation",
        "sigmoid",
        ("w", "x", "b"),
        (("b", "z"), ("w", 0)),
        {"en": "σ′(z)", "ru": "σ′(z)"},
    ),
    Target(
        "the-neuron",
        "tanh-derivative",
        "activation",
        "tanh",
        ("z",),
        (),
        {"en": "tanh′(z)", "ru": "tanh′(z)"},
    ),
    Target(
        "the-neuron",
        "sigmoid-derivative",
        "activation",
        "tanh",
        ("z",),
        (),
        {"en": "tanh′(z) as (2σ(2z) − 1)′", "ru": "tanh′(z) как (2σ(2z) − 1)′"},
    ),
    Target(
        "the-neuron",
        "softplus-derivative",
        "activation",
        "softplus",
        ("z",),
        (),
        {"en": "softplus′(z)", "ru": "softplus′(z)"},
    ),
    Target(
        "loss-functions",
        "bce-through-sigmoid",
        "output",
        "bce",
        ("z", "y"),
        (),
        {
            "en": "the output δ = ∂C/∂z of cross-entropy",
            "ru": "выходная δ = ∂C/∂z перекрёстной энтропии",
        },
    ),
)


def target_for(lesson: str, exercise: str) -> Target | None:
    return next((t for t in TARGETS if (t.lesson, t.exercise) == (lesson, exercise)), None)


# ---- from the learner's text to NumPy ---------------------------------------------------------------


def read_tree(text: str, variables: tuple[str, ...], subs=(), lang: str = "en") -> tuple[list, str]:
    """(tree, the formula as read) for the learner's text, read by the checker's parser in a child.

    Raises ConfigError with the parser's message when the text cannot be read or trained with."""
    request = {"text": text, "vars": list(variables), "subs": dict(subs), "lang": lang}
    try:
        done = subprocess.run(
            [sys.executable, "-m", "nntutor.lab.expression_tree"],
            input=json.dumps(request),
            capture_output=True,
            text=True,
            timeout=TREE_SECONDS,
            check=False,
        )
        answer = json.loads(done.stdout or "{}")
    except subprocess.TimeoutExpired:
        raise ConfigError("reading the formula took too long") from None
    except ValueError:
        answer = {}
    if "error" in answer:
        raise ConfigError(str(answer["error"]))
    if "tree" not in answer:
        raise ConfigError("the formula could not be read")
    return answer["tree"], str(answer.get("shown", text))


Compiled = Callable[[object, dict], object]  # (xp, {name: array}) → array


def compile_tree(tree, allowed: tuple[str, ...]) -> Compiled:
    """NumPy operations for a tree of allowlisted nodes; ConfigError for anything else."""
    if not isinstance(tree, list) or not tree:
        raise ConfigError("not a formula tree")
    kind = tree[0]
    if kind == "num" and len(tree) == 2 and isinstance(tree[1], (int, float)):
        value = float(tree[1])
        return lambda xp, env: value
    if kind == "sym" and len(tree) == 2:
        name = tree[1]
        if name not in allowed:
            raise ConfigError(f"the formula uses {name}; here it may use {', '.join(allowed)}")
        return lambda xp, env: env[name]
    if kind in ("add", "mul") and len(tree) == 2 and isinstance(tree[1], list) and tree[1]:
        parts = [compile_tree(part, allowed) for part in tree[1]]

        def fold(xp, env, parts=parts, add=kind == "add"):
            out = parts[0](xp, env)
            for part in parts[1:]:
                out = xp.add(out, part(xp, env)) if add else xp.multiply(out, part(xp, env))
            return out

        return fold
    if kind == "pow" and len(tree) == 3:
        base, exponent = compile_tree(tree[1], allowed), compile_tree(tree[2], allowed)
        return lambda xp, env: xp.power(base(xp, env), exponent(xp, env))
    if kind == "call" and len(tree) == 3:
        arg = compile_tree(tree[2], allowed)
        functions = {
            "sigmoid": lambda xp, v: xp.exp(-xp.logaddexp(0, -v)),
            "softplus": lambda xp, v: xp.logaddexp(0, v),
            "tanh": lambda xp, v: xp.tanh(v),
            "exp": lambda xp, v: xp.exp(v),
            "log": lambda xp, v: xp.log(v),
            "abs": lambda xp, v: xp.abs(v),
            "sin": lambda xp, v: xp.sin(v),
            "cos": lambda xp, v: xp.cos(v),
        }
        function = functions.get(tree[1])
        if function is None:
            raise ConfigError(f"{tree[1]} cannot be trained with")
        return lambda xp, env: function(xp, arg(xp, env))
    raise ConfigError(f"a {kind!r} node cannot be trained with")


def numpy_text(tree) -> str:
    """The compiled operations written out as NumPy, for the learner to read (never run)."""
    kind = tree[0]
    if kind == "num":
        return f"{tree[1]:g}"
    if kind == "sym":
        return tree[1]
    if kind in ("add", "mul"):
        sign = " + " if kind == "add" else " * "
        return "(" + sign.join(numpy_text(p) for p in tree[1]) + ")"
    if kind == "pow":
        return f"np.power({numpy_text(tree[1])}, {numpy_text(tree[2])})"
    return f"{'sigmoid' if tree[1] == 'sigmoid' else 'np.' + tree[1]}({numpy_text(tree[2])})"


@dataclass
class OwnDerivative:
    target: Target
    text: str  # as the learner typed it
    shown: str  # as the checker read it (after the renames to z)
    tree: list
    compiled: Compiled

    @property
    def code(self) -> str:
        return numpy_text(self.tree)


def own_derivative(target: Target, text: str, lang: str = "en") -> OwnDerivative:
    """The learner's answer to ``target``'s exercise, compiled; ConfigError if it cannot be."""
    if target.replaces == "output" and "\n" in text:
        text = [line for line in text.splitlines() if line.strip()][-1]  # a derivation's last step
    tree, shown = read_tree(text, target.variables, target.subs, lang)
    allowed = ("z",) if target.replaces == "activation" else ("z", "y")
    return OwnDerivative(target, text, shown, tree, compile_tree(tree, allowed))


# ---- the engine with the learner's derivative ---------------------------------------------------------


class LearnerActivation(Activation):
    """The engine's activation forward, the learner's f′ backward: δ = d ⊙ f′(z)."""

    def __init__(self, engine: Activation, own: OwnDerivative) -> None:
        super().__init__(engine.xp)
        self.engine, self.own, self.name = engine, own, engine.name

    def forward(self, z, out) -> None:
        self.engine.forward(z, out)

    def backward(self, d, z, a, scratch) -> None:
        d *= self.own.compiled(self.xp, {"z": z})


class LearnerBCE(BinaryCrossEntropy):
    """Binary cross-entropy whose output δ is the learner's formula, averaged like the engine's."""

    def __init__(self, xp, own: OwnDerivative) -> None:
        super().__init__(xp)
        self.own = own

    def step(self, z, y, a, delta, cols):
        loss = super().step(z, y, a, delta, cols)
        delta[...] = self.own.compiled(self.xp, {"z": z, "y": y})
        delta *= 1 / z.size
        return loss


def comparison_config(config: LabConfig, target: Target) -> LabConfig:
    """The lab's settings with the target's activation in every hidden layer (or its loss)."""
    if target.replaces == "activation":
        hidden = config.hidden or (8,)
        return replace(config, hidden=tuple(hidden), activation=target.name, activations=None)
    return replace(config, loss=target.name)


@dataclass
class Comparison:
    """Both runs, epoch by epoch."""

    engine_losses: list[float] = field(default_factory=list)
    own_losses: list[float] = field(default_factory=list)
    cosines: list[list[float]] = field(default_factory=list)  # per epoch, one per layer
    parted_at: int | None = None  # the first epoch where the losses differ by more than PART_RATIO
    own_diverged_at: int | None = None


def _cosine(a: np.ndarray, b: np.ndarray) -> float:
    na, nb = float(np.linalg.norm(a)), float(np.linalg.norm(b))
    if na == 0 or nb == 0:
        return 1.0 if na == nb else 0.0
    return float(np.dot(a, b) / (na * nb))


class OwnDerivativeRun:
    """Two trainers from the same weights and data; ``epoch()`` advances both by one epoch."""

    def __init__(self, config: LabConfig, own: OwnDerivative) -> None:
        self.own = own
        self.config = config = comparison_config(config, own.target)
        config.validate()
        data = make_data(config)
        self.engine = Trainer(config.train_config(), data)
        self.learner = Trainer(config.train_config(), data)
        if self.engine.targets.loss != "bce" and own.target.replaces == "output":
            raise ConfigError(
                "the output δ of cross-entropy needs two classes: choose moons, xor or circles"
            )
        net = self.learner.network
        self.swapped = []
        if own.target.replaces == "activation":
            for layer in net.layers[:-1]:
                self.swapped.append(
                    (layer, layer.activation, LearnerActivation(layer.activation, own))
                )
                layer.activation = self.swapped[-1][2]
        else:
            self.head = (net.head, LearnerBCE(net.backend.xp, own))
            net.head = self.head[1]
        rows = min(PROBE_ROWS, self.learner.train_size)
        self.probe = (self.learner._X[:rows], self.learner._Y[:rows])
        self.result = Comparison()

    def _use(self, learners: bool) -> None:
        for layer, engine, mine in self.swapped:
            layer.activation = mine if learners else engine
        if not self.swapped:
            self.learner.network.head = self.head[1] if learners else self.head[0]

    def layer_cosines(self) -> list[float]:
        """cos(engine's gradient, learner's gradient) per layer, both on the learner's weights."""
        net = self.learner.network
        grads = []
        with np.errstate(all="ignore"):
            for learners in (True, False):
                self._use(learners)
                net.gradients(*self.probe, train=False)
                grads.append(
                    [
                        np.concatenate(
                            [net.backend.to_host(layer.dW).ravel(), net.backend.to_host(layer.db)]
                        )
                        for layer in net.layers
                    ]
                )
        self._use(True)
        return [
            _cosine(mine.astype(np.float64), engine.astype(np.float64))
            for mine, engine in zip(*grads, strict=True)
        ]

    def epoch(self) -> Comparison:
        result = self.result
        result.engine_losses.append(self.engine.run_epoch().train_loss)
        if result.own_diverged_at is None:
            try:
                loss = self.learner.run_epoch().train_loss
            except TrainingDiverged as exc:
                result.own_diverged_at = exc.epoch
                loss = math.inf
            result.own_losses.append(loss)
            cosines = self.layer_cosines() if result.own_diverged_at is None else []
            result.cosines.append(cosines)
        epoch = len(result.engine_losses)
        mine, theirs = result.own_losses[-1], result.engine_losses[-1]
        if result.parted_at is None and (
            not math.isfinite(mine) or abs(mine - theirs) > PART_RATIO * max(abs(theirs), 1e-12)
        ):
            result.parted_at = epoch
        return result


def engine_activation(name: str, xp) -> Activation:
    return ACTIVATIONS[name](xp)
