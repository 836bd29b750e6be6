import numpy as np


def mse(A, Y):
    return float(np.mean((A - Y) ** 2))


def mse_grad(A, Y):
    return 2.0 * (A - Y) / A.size
