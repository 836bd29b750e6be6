import numpy as np


def bce(A, Y):
    return float(np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A)))


def bce_grad(A, Y):
    return (Y - A) / (A * (1 - A)) / A.shape[1]
