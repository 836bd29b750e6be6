"""Output heads: the last layer's activation together with the loss it pairs with.

Pairing them gives the simple output error every lesson derives:
δ = ∂L/∂z = (a − y) / (number of terms averaged), for all three heads.

- ``mse``: linear output, mean squared error over every output of every sample (PyTorch ``MSELoss``);
- ``bce``: sigmoid output, binary cross-entropy over every output (PyTorch ``BCEWithLogitsLoss``);
- ``ce``:  softmax output, cross-entropy averaged over the samples (PyTorch ``CrossEntropyLoss``).

Losses are computed from z, never from a, so that log(0) cannot happen. Every loss is
returned as an array scalar that stays on the device; the caller decides when to copy it.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

from nntutor.engine.activations import sigmoid


class Loss(ABC):
    name = ""
    output_activation = ""
    classification = False

    def __init__(self, xp) -> None:
        self.xp = xp

    @abstractmethod
    def step(self, z, y, a, delta, cols):
        """For a training step: a = output(z), δ = ∂L/∂z into ``delta``; returns the loss.

        ``cols`` is scratch of shape (2, n, 1)."""

    @abstractmethod
    def loss(self, z, y):
        """The loss for outputs z and targets y (allocates; for evaluation)."""

    @abstractmethod
    def output(self, z):
        """The network's output a for the last layer's z (allocates)."""

    def correct(self, z, y, labels):
        """How many samples the outputs classify correctly (None: the head does not classify)."""
        return None


class MeanSquaredError(Loss):
    name = "mse"
    output_activation = "linear"

    def step(self, z, y, a, delta, cols):
        xp = self.xp
        count = z.size
        xp.subtract(z, y, out=delta)  # a = z here
        loss = xp.vdot(delta, delta) / count  # L = mean((a - y)²)
        delta *= 2 / count  # δ = 2(a - y) / count
        return loss

    def loss(self, z, y):
        diff = z - y
        return self.xp.vdot(diff, diff) / z.size

    def output(self, z):
        return z


class BinaryCrossEntropy(Loss):
    name = "bce"
    output_activation = "sigmoid"
    classification = True

    def step(self, z, y, a, delta, cols):
        xp = self.xp
        count = z.size
        # L = mean(−y·log σ(z) − (1−y)·log(1−σ(z))) = mean(softplus(z) − y·z)
        xp.logaddexp(0, z, out=delta)
        loss = (xp.sum(delta) - xp.vdot(z, y)) / count
        sigmoid(xp, z, a)
        xp.subtract(a, y, out=delta)  # δ = (σ(z) − y) / count
        delta *= 1 / count
        return loss

    def loss(self, z, y):
        xp = self.xp
        return (xp.sum(xp.logaddexp(0, z)) - xp.vdot(z, y)) / z.size

    def output(self, z):
        a = self.xp.empty_like(z)
        sigmoid(self.xp, z, a)
        return a

    def correct(self, z, y, labels):
        xp = self.xp
        return xp.count_nonzero((z > 0) == (y > 0.5)) / y.shape[1]


class CrossEntropy(Loss):
    name = "ce"
    output_activation = "softmax"
    classification = True

    def step(self, z, y, a, delta, cols):
        xp = self.xp
        n = z.shape[0]
        # softmax, shifted by the row maximum m so that exp never overflows
        m, col = cols
        xp.max(z, axis=1, keepdims=True, out=m)
        xp.subtract(z, m, out=a)
        xp.exp(a, out=a)
        xp.sum(a, axis=1, keepdims=True, out=col)
        a /= col
        # L = mean(log Σ e^z − z_y) = mean(m + log Σ e^(z−m) − z_y); y is one-hot
        xp.log(col, out=col)
        loss = (xp.sum(col) + xp.sum(m) - xp.vdot(z, y)) / n
        xp.subtract(a, y, out=delta)  # δ = (softmax(z) − y) / n
        delta *= 1 / n
        return loss

    def loss(self, z, y):
        return (self.xp.sum(self._log_sum_exp(z)) - self.xp.vdot(z, y)) / z.shape[0]

    def _log_sum_exp(self, z):
        xp = self.xp
        m = xp.max(z, axis=1, keepdims=True)
        return xp.log(xp.sum(xp.exp(z - m), axis=1, keepdims=True)) + m

    def output(self, z):
        return self.xp.exp(z - self._log_sum_exp(z))

    def correct(self, z, y, labels):
        return self.xp.count_nonzero(self.xp.argmax(z, axis=1) == labels)


LOSSES: dict[str, type[Loss]] = {
    cls.name: cls for cls in (MeanSquaredError, BinaryCrossEntropy, CrossEntropy)
}
