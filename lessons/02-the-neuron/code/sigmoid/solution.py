"""The sigmoid σ(z) = 1 / (1 + e^(−z)) and its derivative σ′(z), element by element."""

import numpy as np


def sigmoid(z):
    """σ(z) for every element of z."""
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_prime(z):
    """σ′(z) = dσ/dz for every element of z."""
    s = sigmoid(z)
    return s * (1.0 - s)
