import numpy as np


def bce(A, Y):
    return float(-np.mean(Y * np.log(A)))


def bce_grad(A, Y):
    return -Y / A / A.shape[1]
