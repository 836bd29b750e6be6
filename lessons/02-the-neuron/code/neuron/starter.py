"""One neuron: z = w·x + b, then a = σ(z).

x holds the neuron's inputs and w its weights (both of shape (inputs,)); b is a number.
Return a, the neuron's output: one number.
"""

import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def neuron_output(w, b, x):
    """a = σ(w·x + b) for one neuron and one input vector x."""
    raise NotImplementedError("write neuron_output(w, b, x)")
