"""Backprop replayed step by step on the lab's own network, with predictions to check (no UI).

``freeze`` takes one mini-batch (or one example) of the session's training points and runs
the engine's forward and backward pass on it once, without dropout. The ``Replay`` then hands
out the backward pass as steps, in the lessons' notation (layers numbered from the input,
x = a₁, so a network with L weight matrices has δ₂ … δ_{L+1}):

1. δ of the output layer, from the loss head;
2. for each layer from the output down: ∂C/∂W and ∂C/∂b, then δ of the layer below,
   δ_prev = (Wᵀδ) ⊙ f′(z_prev);
3. the update: the optimizer's step on this batch, and the loss before and after.

Every number shown is the engine's (``Dense.snapshot``). Each step also carries the same
quantity derived here from the rule it names, from the step before, in float64: the tests
check that the two agree, which is what the replay claims.

A prediction is one entry of the step's result, or only its sign, checked against the
engine's number (``check``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
REL_TOLERANCE = 0.05  # a predicted number within 5 % of the engine's counts as right
ABS_TOLERANCE = 5e-4  # … or within this much of it (numbers near 0, as shown: 3 decimals)

DERIVATIVE_RULES = {
    "tanh": "tanh′(z) = 1 − a²",
    "sigmoid": "σ′(z) = a(1 − a)",
    "relu": "ReLU′(z) = 1 if z > 0, else 0",
    "leaky_relu": "LeakyReLU′(z) = 1 if z > 0, else 0.01",
    "softplus": "softplus′(z) = σ(z)",
    "linear": "f′(z) = 1",
}
OUTPUT_RULES = {
    "bce": "δ{o} = (σ(z{o}) − y) / N",
    "mse": "δ{o} = 2(a{o} − y) / N",
    "ce": "δ{o} = (softmax(z{o}) − y) / N",
}


def sub(n: int) -> str:
    return str(n).translate(SUBSCRIPTS)


def derivative(name: str, z: np.ndarray) -> np.ndarray:
    """f′(z) of a hidden activation, in float64, from z alone."""
    if name == "tanh":
        return 1 - np.tanh(z) ** 2
    if name == "sigmoid":
        s = 1 / (1 + np.exp(-z))
        return s * (1 - s)
    if name == "relu":
        return (z > 0).astype(np.float64)
    if name == "leaky_relu":
        return np.where(z > 0, 1.0, 0.01)
    if name == "softplus":
        return 1 / (1 + np.exp(-z))
    return np.ones_like(z)


@dataclass
class Quantity:
    """One named array of a step: the engine's numbers and the same derived from the rule."""

    symbol: str  # "δ₃", "∂C/∂W₂", …
    engine: np.ndarray  # always 2-D: rows are examples (δ, z, a) or W's rows (∂C/∂W)
    derived: np.ndarray | None = None
    rows_are: str = "examples"  # "examples", "neurons" (∂C/∂W: one row per neuron) or "one"


@dataclass
class Step:
    """One step of the backward pass: what it computes, by which rule, from what."""

    kind: str  # "output", "grads", "below" or "update"
    layer: int  # the lessons' layer number of the δ it computes or uses (2 … L+1)
    rule: str  # the formula, in the lessons' notation
    results: list[Quantity]  # what the step computes (asked about, then revealed)
    inputs: list[Quantity] = field(default_factory=list)  # what it uses, shown from the start
    worked: list[Quantity] = field(default_factory=list)  # the rule's parts, shown with the result
    notes: list[tuple[str, dict]] = field(
        default_factory=list
    )  # (key, values) for the screen to word


@dataclass
class Question:
    """A prediction to make before a step's result is shown: one entry of a result."""

    quantity: int  # index into the step's results
    row: int
    col: int

    def truth(self, step: Step) -> float:
        return float(step.results[self.quantity].engine[self.row, self.col])


@dataclass
class Verdict:
    correct: bool
    truth: float
    answer: str  # the prediction as recorded, e.g. "δ₃[1,2] = -0.04" or "sign(δ₃[1,2]) = +"
    kind: str  # "value" or "sign"


@dataclass
class UpdateResult:
    batch_loss_before: float
    batch_loss_after: float
    train_loss_before: float
    train_loss_after: float
    optimizer: str
    lr: float


def sign_of(value: float) -> str:
    return "+" if value > 0 else "−" if value < 0 else "0"


def read_number(text: str) -> float | None:
    """A typed prediction as a number (accepts −, a comma for the decimal point), or None."""
    cleaned = text.strip().replace("−", "-").replace(",", ".").replace(" ", "")
    if not cleaned or len(cleaned) > 40:
        return None
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if np.isfinite(value) else None


def check(step: Step, question: Question, prediction: str) -> Verdict | None:
    """Check a prediction: a sign ("+", "-", "−", "0") or a number. None: not readable."""
    truth = question.truth(step)
    name = f"{step.results[question.quantity].symbol}[{question.row + 1},{question.col + 1}]"
    text = prediction.strip()
    if text in ("+", "-", "−"):
        return check_sign(step, question, text)
    value = read_number(text)
    if value is None:
        return None
    right = abs(value - truth) <= max(REL_TOLERANCE * abs(truth), ABS_TOLERANCE)
    return Verdict(right, truth, f"{name} = {value:g}", "value")


def check_sign(step: Step, question: Question, sign: str) -> Verdict:
    """Check a predicted sign: "+", "−" or "0" (exactly zero, as a switched-off ReLU gives)."""
    truth = question.truth(step)
    name = f"{step.results[question.quantity].symbol}[{question.row + 1},{question.col + 1}]"
    said = {"-": "−"}.get(sign, sign)
    return Verdict(said == sign_of(truth), truth, f"sign({name}) = {said}", "sign")


class Replay:
    """The backward pass of one frozen batch, as steps; see the module's docstring."""

    def __init__(
        self, trainer, X: np.ndarray, y: np.ndarray, rows: np.ndarray, keeps=None, train=None
    ):
        """``X``, ``y``: the frozen batch; ``keeps``: each layer's on/off vector (None: all on);
        ``train``: the whole training set (X, y), for the loss before and after the update."""
        self.trainer = trainer
        net = trainer.network
        self.rows = np.asarray(rows)
        self.X_host = np.asarray(X, dtype=np.float64)
        Y, _ = trainer.targets.encode(np.asarray(y), net.dtype)
        backend = net.backend
        self._X, self._Y = backend.asarray(self.X_host, net.dtype), backend.asarray(Y)
        self.Y = np.asarray(Y, dtype=np.float64)
        train_X, train_y = train if train is not None else (X, y)
        train_Y, _ = trainer.targets.encode(np.asarray(train_y), net.dtype)
        self._train = (backend.asarray(np.asarray(train_X), net.dtype), backend.asarray(train_Y))
        self.loss_name = net.head.name
        self.activations = tuple(net.activations)
        self.keeps = list(keeps) if keeps is not None else [None] * len(net.layers)
        with np.errstate(all="ignore"):
            self.batch_loss = float(net.gradients(self._X, self._Y, train=False))
        self.snapshots = [
            {k: np.asarray(v, dtype=np.float64) for k, v in layer.snapshot().items()}
            for layer in net.layers
        ]
        self.steps = self._steps()
        self.updated: UpdateResult | None = None

    @property
    def examples(self) -> int:
        return len(self.X_host)

    # ---- the steps -----------------------------------------------------------------------
    def _steps(self) -> list[Step]:
        snaps, count = self.snapshots, len(self.snapshots)
        out = count + 1  # the lessons' number of the output layer
        last = snaps[-1]
        steps = [self._output_step(last, out)]
        delta = steps[0].results[0].derived
        for k in range(count - 1, -1, -1):
            snap, number = snaps[k], k + 2  # dense layer k computes z of layer k+2
            a_in = "x" if k == 0 else f"a{sub(k + 1)}"
            dW = delta.T @ snap["a_in"].reshape(len(snap["a_in"]), -1)
            db = delta.sum(axis=0, keepdims=True)
            steps.append(
                Step(
                    "grads",
                    number,
                    f"∂C/∂W{sub(k + 1)} = Σ δ{sub(number)}·{a_in}ᵀ    ∂C/∂b{sub(k + 1)} = Σ δ{sub(number)}",
                    [
                        Quantity(f"∂C/∂W{sub(k + 1)}", snap["dW"], dW, "neurons"),
                        Quantity(f"∂C/∂b{sub(k + 1)}", snap["db"][None, :], db, "one"),
                    ],
                    [
                        Quantity(f"δ{sub(number)}", snap["delta"], delta),
                        Quantity(a_in, snap["a_in"].reshape(len(snap["a_in"]), -1)),
                    ],
                    notes=[("sum", {})],
                )
            )
            if k == 0:
                break
            below = snaps[k - 1]
            name = self.activations[k - 1]
            back = delta @ snap["W"]
            fprime = derivative(name, below["z"])
            keep = self.keeps[k - 1]
            new = back * fprime * (keep if keep is not None else 1.0)
            lower = number - 1
            rule = f"δ{sub(lower)} = (W{sub(k + 1)}ᵀδ{sub(number)}) ⊙ f′(z{sub(lower)})"
            notes = [("derivative", {"rule": DERIVATIVE_RULES.get(name, "f′(z)")})]
            if keep is not None:
                rule += " ⊙ on"
                notes.append(("off", {}))
            steps.append(
                Step(
                    "below",
                    lower,
                    rule,
                    [Quantity(f"δ{sub(lower)}", below["delta"], new)],
                    [
                        Quantity(f"δ{sub(number)}", snap["delta"], delta),
                        Quantity(f"W{sub(k + 1)}", snap["W"], rows_are="neurons"),
                        Quantity(f"z{sub(lower)}", below["z"]),
                    ],
                    [
                        Quantity(f"W{sub(k + 1)}ᵀδ{sub(number)}", back),
                        Quantity(f"f′(z{sub(lower)})", fprime),
                    ],
                    notes=notes,
                )
            )
            delta = new
        steps.append(Step("update", 1, self._update_rule(), []))
        return steps

    def _output_step(self, last: dict, out: int) -> Step:
        z, Y = last["z"], self.Y
        if self.loss_name == "ce":
            e = np.exp(z - z.max(axis=1, keepdims=True))
            a = e / e.sum(axis=1, keepdims=True)
            delta = (a - Y) / len(z)
            n_note = ("n_examples", {"n": len(z)})
        elif self.loss_name == "bce":
            a = 1 / (1 + np.exp(-z))
            delta = (a - Y) / z.size
            n_note = ("n_entries", {"n": z.size})
        else:
            a = z
            delta = 2 * (a - Y) / z.size
            n_note = ("n_entries", {"n": z.size})
        o = sub(out)
        return Step(
            "output",
            out,
            OUTPUT_RULES[self.loss_name].format(o=o),
            [Quantity(f"δ{o}", last["delta"], delta)],
            [Quantity(f"z{o}", z), Quantity("y", Y)],
            [Quantity(f"a{o}", a)],
            notes=[n_note],
        )

    def _update_rule(self) -> str:
        name = self.trainer.config.optimizer
        if name == "sgd":
            return "w ← w − η·∂C/∂w    b ← b − η·∂C/∂b"
        if name == "momentum":
            return "v ← μ·v + ∂C/∂w    w ← w − η·v"
        return "Adam: w ← w − η·m̂ / (√v̂ + ε)"

    # ---- predictions ---------------------------------------------------------------------
    def question(self, index: int, seed: int = 0) -> Question | None:
        """The entry to predict before step ``index`` is shown (None for the update step)."""
        step = self.steps[index]
        if not step.results:
            return None
        rng = np.random.default_rng([seed, index])
        quantity = 0
        values = step.results[quantity].engine
        sizable = np.argwhere(np.abs(values) >= 0.1 * np.max(np.abs(values)))
        pool = sizable if len(sizable) else np.argwhere(np.ones(values.shape, dtype=bool))
        row, col = pool[int(rng.integers(len(pool)))]
        return Question(quantity, int(row), int(col))

    # ---- the update ----------------------------------------------------------------------
    def apply(self) -> UpdateResult:
        """The optimizer's step on this batch (once); the loss on it and on the training set."""
        if self.updated is not None:
            return self.updated
        trainer, net = self.trainer, self.trainer.network
        X_train, Y_train = self._train
        with np.errstate(all="ignore"):
            train_before = float(net.loss(X_train, Y_train))
            net.gradients(self._X, self._Y, train=False)
            trainer.optimizer.step()
            batch_after = float(net.loss(self._X, self._Y))
            train_after = float(net.loss(X_train, Y_train))
        self.updated = UpdateResult(
            self.batch_loss,
            batch_after,
            train_before,
            train_after,
            trainer.config.optimizer,
            float(trainer.optimizer.lr),
        )
        return self.updated


def freeze(session, one_example: bool = False, draw: int = 0) -> Replay:
    """A replay of one mini-batch (the trainer's batch size) or one example of the session's
    training points, drawn with the session's seed and ``draw``. Call with no worker training."""
    X, y = session.train_points
    rng = np.random.default_rng([session.config.seed, 17, draw])
    size = 1 if one_example else min(session.trainer.batch_size, len(X))
    rows = np.sort(rng.choice(len(X), size=size, replace=False))
    keeps = [session.switches.keep(k) for k in range(len(session.trainer.network.layers))]
    return Replay(session.trainer, X[rows], np.asarray(y)[rows], rows, keeps, train=(X, y))
