"""One neuron: z = w·x + b, then a = σ(z)."""

import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def neuron_output(w, b, x):
    """a = σ(w·x + b) for one neuron and one input vector x."""
    z = np.dot(w, x) + b
    return sigmoid(z)
