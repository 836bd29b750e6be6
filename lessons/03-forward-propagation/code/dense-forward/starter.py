"""A dense layer's forward pass for a whole batch.

One sample is z = W·a + b with W of shape (outputs, inputs). A batch holds ONE SAMPLE PER
ROW: X has shape (N, inputs), and the layer's Z has shape (N, outputs), row i being
W·xᵢ + b. In matrix form: Z = X·Wᵀ + b (b is added to every row).
"""

import numpy as np  # noqa: F401  (you will need it)


def dense_forward(X, W, b):
    """Z of shape (N, outputs) for X of shape (N, inputs), W (outputs, inputs), b (outputs,)."""
    raise NotImplementedError("write dense_forward(X, W, b)")
