"""Activation functions f and their derivatives f'.

Each activation works in place on preallocated arrays, so that a training step
allocates nothing:

- ``forward(z, out)`` writes a = f(z) into ``out``;
- ``backward(d, z, a, scratch)`` turns d = ∂L/∂a into δ = ∂L/∂z = d ⊙ f'(z), in place.

``xp`` is the array module (NumPy or CuPy); both share these ufuncs.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

LEAKY_SLOPE = 0.01  # PyTorch's default negative slope


class Activation(ABC):
    name = ""

    def __init__(self, xp) -> None:
        self.xp = xp

    @abstractmethod
    def forward(self, z, out) -> None: ...

    @abstractmethod
    def backward(self, d, z, a, scratch) -> None: ...

    def __call__(self, z):
        """f(z) into a new array (for evaluation, not the training loop)."""
        out = self.xp.empty_like(z)
        self.forward(z, out)
        return out


class Linear(Activation):
    name = "linear"

    def forward(self, z, out) -> None:
        if out is not z:
            self.xp.copyto(out, z)

    def backward(self, d, z, a, scratch) -> None:
        pass  # f'(z) = 1


class Tanh(Activation):
    name = "tanh"

    def forward(self, z, out) -> None:
        self.xp.tanh(z, out=out)

    def backward(self, d, z, a, scratch) -> None:
        xp = self.xp
        xp.multiply(a, a, out=scratch)  # f'(z) = 1 - tanh(z)² = 1 - a²
        xp.subtract(1, scratch, out=scratch)
        d *= scratch


def sigmoid(xp, z, out) -> None:
    """σ(z) = 1 / (1 + e^(-z)), computed as exp(-softplus(-z)): never overflows, full precision."""
    xp.negative(z, out=out)
    xp.logaddexp(0, out, out=out)  # softplus(-z) = log(1 + e^(-z)), stable for any z
    xp.negative(out, out=out)
    xp.exp(out, out=out)


class Sigmoid(Activation):
    name = "sigmoid"

    def forward(self, z, out) -> None:
        sigmoid(self.xp, z, out)

    def backward(self, d, z, a, scratch) -> None:
        xp = self.xp
        xp.subtract(1, a, out=scratch)  # f'(z) = σ(z)(1 - σ(z)) = a(1 - a)
        scratch *= a
        d *= scratch


class ReLU(Activation):
    name = "relu"

    def forward(self, z, out) -> None:
        self.xp.maximum(z, 0, out=out)

    def backward(self, d, z, a, scratch) -> None:
        self.xp.greater(z, 0, out=scratch)  # f'(z) = 1 where z > 0, else 0
        d *= scratch


class LeakyReLU(Activation):
    name = "leaky_relu"

    def forward(self, z, out) -> None:
        xp = self.xp
        xp.multiply(z, LEAKY_SLOPE, out=out)  # max(z, 0.01·z) is z for z > 0 and 0.01·z below
        xp.maximum(z, out, out=out)

    def backward(self, d, z, a, scratch) -> None:
        xp = self.xp
        xp.greater(z, 0, out=scratch)  # f'(z) = 1 where z > 0, else 0.01
        scratch *= 1 - LEAKY_SLOPE
        scratch += LEAKY_SLOPE
        d *= scratch


class Softplus(Activation):
    name = "softplus"

    def forward(self, z, out) -> None:
        self.xp.logaddexp(0, z, out=out)  # log(1 + e^z), stable for any z

    def backward(self, d, z, a, scratch) -> None:
        sigmoid(self.xp, z, scratch)  # f'(z) = σ(z)
        d *= scratch


ACTIVATIONS: dict[str, type[Activation]] = {
    cls.name: cls for cls in (Sigmoid, Tanh, ReLU, LeakyReLU, Softplus, Linear)
}
# Spellings a learner may type.
ALIASES = {
    "leaky-relu": "leaky_relu",
    "leakyrelu": "leaky_relu",
    "identity": "linear",
    "logistic": "sigmoid",
}


def canonical_activation(name: str) -> str:
    key = name.strip().lower()
    return ALIASES.get(key, key)
