"""A dense network, written the way the lessons write it.

One layer computes z = W·a + b and a = f(z), with W of shape (outputs, inputs).
A batch holds one sample per row, so for a batch the same rule reads
Z = A·Wᵀ + b (row i of Z is W·aᵢ + b).

Backpropagation, layer by layer from the output down:

    δ_L = ∂L/∂z_L                      (the loss head gives it: (a − y) / count)
    dW  = δᵀ·A_in      db = Σ_rows δ     (the gradient of W and b)
    δ_below = (δ·W) ⊙ f'(z_below)        (the error passed one layer down)

All weights live in one flat vector ``params`` (all W, then all b) and all
gradients in ``grads``; each layer's W, b, dW and db are views into them. So
an optimizer updates every parameter with a handful of whole-vector operations,
and the per-layer views are what a learner inspects.

Buffers for z, a and δ are allocated once for the largest batch and reused:
a training step allocates nothing, which also spares the page faults that
fresh large arrays cost on every step.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from nntutor.engine.activations import ACTIVATIONS, Activation
from nntutor.engine.backend import Backend
from nntutor.engine.errors import ConfigError
from nntutor.engine.losses import LOSSES, Loss

EVAL_CHUNK_ROWS = 8192  # evaluation and prediction run in chunks of this many samples


class Dense:
    """One fully connected layer: z = W·a + b, a = f(z).

    After a training step: ``a_in`` (its input), ``z``, ``a``, ``delta`` (δ = ∂L/∂z),
    ``dW`` and ``db`` hold the values of that step's batch, one row per sample.
    With dropout, ``a`` is f(z) and the next layer sees ``a · mask``.
    The output layer's ``activation`` is None: the loss head computes its a.
    """

    def __init__(
        self, W, b, dW, db, activation: Activation | None, backend: Backend, dropout: float = 0.0
    ):
        self.W, self.b, self.dW, self.db = W, b, dW, db
        self.WT = W.T
        self.activation = activation
        self.backend = backend
        self.dropout = dropout if activation is not None else 0.0
        self.outputs, self.inputs = W.shape
        self.a_in = self.z = self.a = self.delta = self.mask = None

    def allocate(self, rows: int, a_is_z: bool = False) -> None:
        xp, shape, dtype = self.backend.xp, (rows, self.outputs), self.W.dtype
        self._z = xp.zeros(shape, dtype)
        self._a = self._z if a_is_z else xp.zeros(shape, dtype)
        self._delta = xp.zeros(shape, dtype)
        self._scratch = xp.zeros(shape, dtype)
        self._mask = xp.zeros(shape, dtype) if self.dropout else None
        self._dropped = xp.zeros(shape, dtype) if self.dropout else None

    def bind(self, n: int) -> None:
        """Point z, a, δ at the first n rows of the buffers."""
        self.z, self.a, self.delta, self.scratch = (
            self._z[:n],
            self._a[:n],
            self._delta[:n],
            self._scratch[:n],
        )
        if self.dropout:
            self._mask_n, self._dropped_n = self._mask[:n], self._dropped[:n]

    def forward(self, a_in, train: bool):
        """z = W·a_in + b, a = f(z) for every row; returns what the next layer sees."""
        xp = self.backend.xp
        self.a_in = a_in
        z = self.z
        xp.dot(a_in, self.WT, out=z)
        xp.add(z, self.b, out=z)
        if self.activation is None:
            return z
        self.activation.forward(z, self.a)
        if not (train and self.dropout):
            self.mask = None
            return self.a
        # inverted dropout: keep each unit with probability 1 − p and scale it by 1/(1 − p)
        mask = self._mask_n
        self.backend.uniform_into(mask)
        xp.greater_equal(mask, self.dropout, out=mask)
        mask *= 1 / (1 - self.dropout)
        self.mask = mask
        return xp.multiply(self.a, mask, out=self._dropped_n)

    def backward(self, ones) -> None:
        """dW = δᵀ·a_in and db = Σ_rows δ (``ones`` is a vector of n ones: db = 1ᵀ·δ)."""
        xp = self.backend.xp
        xp.dot(self.delta.T, self.a_in, out=self.dW)
        xp.dot(ones, self.delta, out=self.db)

    def pass_back(self, below: Dense) -> None:
        """δ_below = (δ·W) ⊙ f'(z_below), written into the layer below."""
        d = below.delta
        self.backend.xp.dot(self.delta, self.W, out=d)  # ∂L/∂(what this layer saw)
        if below.mask is not None:
            d *= below.mask
        below.activation.backward(d, below.z, below.a, below.scratch)

    def snapshot(self) -> dict[str, np.ndarray]:
        """Host copies of W, b and, after a step, a_in, z, a, delta, dW, db."""
        names = ("W", "b", "dW", "db", "a_in", "z", "a", "delta")
        return {
            name: self.backend.to_host(getattr(self, name)).copy()
            for name in names
            if getattr(self, name) is not None
        }


class Network:
    """Dense layers of the given sizes (inputs, hidden…, outputs) and a loss head.

    ``activation`` is one name for every hidden layer, or one name per hidden layer.
    """

    def __init__(
        self,
        sizes: tuple[int, ...],
        activation: str | Sequence[str],
        loss: str,
        backend: Backend,
        dtype: str = "float32",
        seed: int = 0,
        dropout: float = 0.0,
    ) -> None:
        xp = backend.xp
        self.sizes = tuple(sizes)
        self.backend = backend
        self.dtype = np.dtype(dtype)
        self.head: Loss = LOSSES[loss](xp)
        hidden_count = len(self.sizes) - 2
        self.activations = (
            (activation,) * hidden_count if isinstance(activation, str) else tuple(activation)
        )
        if len(self.activations) != hidden_count:
            raise ConfigError(
                f"{len(self.activations)} activations for {hidden_count} hidden layers: "
                "give one for all of them or one per hidden layer"
            )
        shapes = list(
            zip(self.sizes[1:], self.sizes[:-1], strict=True)
        )  # (outputs, inputs) per layer
        self.weight_count = sum(o * i for o, i in shapes)
        total = self.weight_count + sum(o for o, _ in shapes)
        self.params = xp.zeros(total, self.dtype)
        self.grads = xp.zeros(total, self.dtype)
        self.layers: list[Dense] = []
        w_at, b_at = 0, self.weight_count
        for index, (outputs, inputs) in enumerate(shapes):
            is_hidden = index < len(shapes) - 1
            w_slice, b_slice = slice(w_at, w_at + outputs * inputs), slice(b_at, b_at + outputs)
            layer = Dense(
                self.params[w_slice].reshape(outputs, inputs),
                self.params[b_slice],
                self.grads[w_slice].reshape(outputs, inputs),
                self.grads[b_slice],
                ACTIVATIONS[self.activations[index]](xp) if is_hidden else None,
                backend,
                dropout if is_hidden else 0.0,
            )
            self.layers.append(layer)
            w_at, b_at = w_slice.stop, b_slice.stop
        self.initialize(seed)
        self.rows = self.n = 0

    def __str__(self) -> str:
        return "-".join(str(s) for s in self.sizes)

    # ---- weights -------------------------------------------------------------------------
    def initialize(self, seed: int) -> None:
        """Random weights and biases from ``seed``, with a spread of about 1/√fan_in.

        Layers followed by ReLU or leaky ReLU: He-uniform weights, U(±√(6/fan_in)), which keep
        the signal's size through deep ReLU stacks. Every other layer (tanh, sigmoid, softplus,
        the output): U(±1/√fan_in), PyTorch's ``nn.Linear`` default. Biases: U(±1/√fan_in), as
        PyTorch draws them. Zero biases would put every first-layer unit's boundary through
        the origin; on data centred there (a spiral) whole runs then stall at chance.
        """
        rng = np.random.default_rng([seed, 1])
        weights = []
        for layer in self.layers:
            fan_in, fan_out = layer.inputs, layer.outputs
            limit = 1 / math.sqrt(fan_in)
            if layer.activation is not None and layer.activation.name in ("relu", "leaky_relu"):
                weight_limit = math.sqrt(6 / fan_in)
            else:
                weight_limit = limit
            W = rng.uniform(-weight_limit, weight_limit, size=(fan_out, fan_in))
            weights.append((W, rng.uniform(-limit, limit, size=fan_out)))
        self.set_weights(weights)

    def get_weights(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """Host copies of (W, b) for every layer."""
        to_host = self.backend.to_host
        return [(to_host(layer.W).copy(), to_host(layer.b).copy()) for layer in self.layers]

    def set_weights(
        self, weights: list[tuple[np.ndarray, np.ndarray]], source: str = "the weights"
    ) -> None:
        """Copy (W, b) for every layer into the network, or raise ConfigError if they do not fit.

        ``source`` names where they came from in messages ("the weights in w.npz")."""
        if len(weights) != len(self.layers):
            raise ConfigError(
                f"{source} have {len(weights)} layers but this {self} network has {len(self.layers)}"
            )
        for number, (layer, (W, b)) in enumerate(zip(self.layers, weights, strict=True), start=1):
            W, b = np.asarray(W), np.asarray(b)
            for name, got, want in (
                (f"W{number}", W.shape, layer.W.shape),
                (f"b{number}", b.shape, layer.b.shape),
            ):
                if got != want:
                    raise ConfigError(
                        f"{source} do not fit this {self} network: {name} has shape {got}, it needs {want}"
                    )
            if not (np.all(np.isfinite(W)) and np.all(np.isfinite(b))):
                raise ConfigError(
                    f"{source}: W{number} or b{number} contains NaN or infinite values"
                )
        for layer, (W, b) in zip(self.layers, weights, strict=True):
            layer.W[...] = self.backend.asarray(W, self.dtype)
            layer.b[...] = self.backend.asarray(b, self.dtype)

    def save(self, path: str | Path) -> None:
        """Write W1, b1, …, WL, bL to an .npz file."""
        arrays = {}
        for number, (W, b) in enumerate(self.get_weights(), start=1):
            arrays[f"W{number}"], arrays[f"b{number}"] = W, b
        path = Path(path).expanduser()
        try:
            with open(path, "wb") as f:
                np.savez(f, **arrays)
        except OSError as exc:
            raise ConfigError(f"cannot write weights to {path}: {exc.strerror or exc}") from None

    def load(self, path: str | Path) -> None:
        """Read W1, b1, …, WL, bL from an .npz file written by ``save`` (or by hand)."""
        from nntutor.engine.weights import read_npz

        path = Path(path).expanduser()
        arrays = read_npz(path)
        count = len(self.layers)
        expected = [f"{kind}{n}" for n in range(1, count + 1) for kind in "Wb"]
        missing = [key for key in expected if key not in arrays]
        extra = sorted(set(arrays) - set(expected))
        if missing or extra:
            found = ", ".join(sorted(arrays)) or "nothing"
            raise ConfigError(
                f"the weights in {path.name} do not fit this {self} network: "
                f"it needs {', '.join(expected)}, the file holds {found}"
            )
        weights = [(arrays[f"W{n}"], arrays[f"b{n}"]) for n in range(1, count + 1)]
        self.set_weights(weights, source=f"the weights in {path.name}")

    # ---- training --------------------------------------------------------------------------
    def allocate(self, rows: int) -> None:
        """Buffers for batches of up to ``rows`` samples."""
        xp = self.backend.xp
        a_is_z = self.head.output_activation == "linear"
        for index, layer in enumerate(self.layers):
            layer.allocate(rows, a_is_z=a_is_z and index == len(self.layers) - 1)
        self._ones = xp.ones(rows, self.dtype)
        self._cols = xp.zeros((2, rows, 1), self.dtype)
        self.rows, self.n = rows, 0

    def _bind(self, n: int) -> None:
        if n > self.rows:
            self.allocate(n)
        for layer in self.layers:
            layer.bind(n)
        self.ones, self.cols = self._ones[:n], self._cols[:, :n]
        self.n = n

    def forward(self, x, train: bool = True):
        """The forward pass through the buffers; returns the last layer's z."""
        if x.shape[0] != self.n:
            self._bind(x.shape[0])
        a = x
        for layer in self.layers:
            a = layer.forward(a, train)
        return a

    def backward(self) -> None:
        """From the output layer's δ down: every layer's dW, db and the δ of the layer below."""
        layers, ones = self.layers, self.ones
        for index in range(len(layers) - 1, -1, -1):
            layer = layers[index]
            layer.backward(ones)
            if index:
                layer.pass_back(layers[index - 1])

    def gradients(self, x, y, train: bool = True):
        """Forward, loss and backward for a batch: fills every layer's z, a, δ, dW, db; returns the loss."""
        z = self.forward(x, train)
        out = self.layers[-1]
        loss = self.head.step(z, y, out.a, out.delta, self.cols)
        self.backward()
        return loss

    # ---- evaluation -------------------------------------------------------------------------
    def output_z(self, x):
        """The last layer's z for inputs x, without dropout and without touching the training buffers."""
        a = x
        for layer in self.layers:
            z = a @ layer.WT
            z += layer.b
            a = layer.activation(z) if layer.activation is not None else z
        return a

    def chunks(self, rows: int):
        for start in range(0, rows, EVAL_CHUNK_ROWS):
            yield slice(start, min(start + EVAL_CHUNK_ROWS, rows))

    def predict(self, x):
        """The network's outputs a_L for inputs x (device arrays in and out)."""
        xp = self.backend.xp
        parts = [self.head.output(self.output_z(x[part])) for part in self.chunks(x.shape[0])]
        return parts[0] if len(parts) == 1 else xp.concatenate(parts)

    def evaluate(self, x, y, labels=None):
        """(summed loss, number classified correctly or None) over a whole set, on the device."""
        loss_sum, correct = 0.0, None
        for part in self.chunks(x.shape[0]):
            z = self.output_z(x[part])
            loss_sum = loss_sum + self.head.loss(z, y[part]) * z.shape[0]
            hits = self.head.correct(z, y[part], None if labels is None else labels[part])
            if hits is not None:
                correct = hits if correct is None else correct + hits
        return loss_sum, correct

    def loss(self, x, y) -> float:
        """The mean loss over x, y as a host float (no dropout)."""
        loss_sum, _ = self.evaluate(x, y)
        return float(loss_sum) / x.shape[0]

    def grad_norms(self):
        """Each layer's gradient norm, ‖(dW, db)‖, as one device array."""
        xp = self.backend.xp
        return xp.sqrt(
            xp.stack(
                [xp.vdot(layer.dW, layer.dW) + xp.vdot(layer.db, layer.db) for layer in self.layers]
            )
        )
