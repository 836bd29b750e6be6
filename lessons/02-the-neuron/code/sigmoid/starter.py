"""The sigmoid σ(z) = 1 / (1 + e^(−z)) and its derivative σ′(z), element by element.

z is a NumPy array of any shape (one number per neuron and sample); return arrays of the
same shape. Write σ′ through σ: σ′(z) = σ(z)·(1 − σ(z)).
"""

import numpy as np  # noqa: F401  (you will need it)


def sigmoid(z):
    """σ(z) for every element of z."""
    raise NotImplementedError("write sigmoid(z)")


def sigmoid_prime(z):
    """σ′(z) = dσ/dz for every element of z."""
    raise NotImplementedError("write sigmoid_prime(z)")
