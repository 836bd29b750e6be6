"""Switching hidden neurons off, and freezing neurons, while a network trains (no UI).

- **Off**: the neuron's output is forced to 0, a = f(z)·0, and so is its δ: nothing it
  listens to learns through it, and the layer above sees nothing from it. The layer's
  activation is wrapped in ``Switched``, which multiplies by a keep-vector of 1s and 0s;
  the engine itself is unchanged.
- **Frozen**: the neuron's incoming weights and bias stay as they were when it was frozen;
  the optimizer puts them back after every step (its ``hold``).

Turning a neuron on again, or thawing it, lets training go on from where it is.
"""

from __future__ import annotations

import numpy as np

from nntutor.engine.activations import Activation
from nntutor.engine.errors import ConfigError


class Switched(Activation):
    """A hidden layer's activation with some neurons off: a = f(z) ⊙ keep, δ = (…) ⊙ keep."""

    def __init__(self, inner: Activation, keep) -> None:
        super().__init__(inner.xp)
        self.inner, self.keep, self.name = inner, keep, inner.name

    def forward(self, z, out) -> None:
        self.inner.forward(z, out)
        out *= self.keep

    def backward(self, d, z, a, scratch) -> None:
        self.inner.backward(d, z, a, scratch)
        d *= self.keep


class NeuronSwitches:
    """Which neurons of a trainer's network are off or frozen; changes apply at once.

    Neurons are (layer, index): ``layer`` is the dense layer (0 for the first hidden layer)."""

    def __init__(self, trainer) -> None:
        self.trainer = trainer
        self.off: set[tuple[int, int]] = set()
        self.frozen: dict[tuple[int, int], tuple[np.ndarray, float]] = {}

    @property
    def network(self):
        return self.trainer.network

    def _check(self, layer: int, index: int) -> None:
        layers = self.network.layers
        if not (0 <= layer < len(layers) and 0 <= index < layers[layer].outputs):
            raise ConfigError(f"there is no neuron {index + 1} in layer {layer + 1}")

    def set_off(self, layer: int, index: int, off: bool) -> None:
        """Switch neuron (layer, index) off (its output is 0) or on again."""
        self._check(layer, index)
        if off and layer == len(self.network.layers) - 1:
            raise ConfigError("an output neuron cannot be switched off: only hidden neurons can")
        (self.off.add if off else self.off.discard)((layer, index))
        self._apply_off(layer)

    def set_frozen(self, layer: int, index: int, frozen: bool) -> None:
        """Freeze neuron (layer, index) (its weights in and bias keep their values now) or thaw it."""
        self._check(layer, index)
        if frozen:
            W, b = self.network.get_weights()[layer]
            self.frozen[(layer, index)] = (W[index].copy(), float(b[index]))
        else:
            self.frozen.pop((layer, index), None)
        self._apply_frozen()

    def is_off(self, layer: int, index: int) -> bool:
        return (layer, index) in self.off

    def is_frozen(self, layer: int, index: int) -> bool:
        return (layer, index) in self.frozen

    def keep(self, layer: int) -> np.ndarray | None:
        """Layer ``layer``'s keep-vector on the host (1 on, 0 off), or None when all are on."""
        off = [i for (k, i) in self.off if k == layer]
        if not off:
            return None
        keep = np.ones(self.network.layers[layer].outputs)
        keep[off] = 0.0
        return keep

    def _apply_off(self, layer: int) -> None:
        dense = self.network.layers[layer]
        inner = (
            dense.activation.inner if isinstance(dense.activation, Switched) else dense.activation
        )
        keep = self.keep(layer)
        if keep is None:
            dense.activation = inner
        else:
            backend = self.network.backend
            dense.activation = Switched(inner, backend.asarray(keep, self.network.dtype))

    def _apply_frozen(self) -> None:
        optimizer = self.trainer.optimizer
        if not self.frozen:
            optimizer.hold = None
            return
        net = self.network
        indices, values = [], []
        w_at, b_at = 0, net.weight_count
        for layer, dense in enumerate(net.layers):
            outputs, inputs = dense.outputs, dense.inputs
            for index in range(outputs):
                held = self.frozen.get((layer, index))
                if held is None:
                    continue
                row, bias = held
                indices.extend(range(w_at + index * inputs, w_at + (index + 1) * inputs))
                values.extend(row.tolist())
                indices.append(b_at + index)
                values.append(bias)
            w_at += outputs * inputs
            b_at += outputs
        backend = net.backend
        optimizer.hold = (
            backend.asarray(np.asarray(indices, dtype=np.int64)),
            backend.asarray(np.asarray(values), net.dtype),
        )

    def describe(self) -> tuple[list[str], list[str]]:
        """Names of the neurons off and frozen, as the lab shows them ("h1.3": layer 1, neuron 3)."""
        last = len(self.network.layers) - 1

        def name(layer: int, index: int) -> str:
            return f"out.{index + 1}" if layer == last else f"h{layer + 1}.{index + 1}"

        return (
            [name(*n) for n in sorted(self.off)],
            [name(*n) for n in sorted(self.frozen)],
        )
