import numpy as np


def softmax(Z):
    E = np.exp(Z - Z.max(axis=0, keepdims=True))
    return E / E.sum(axis=0, keepdims=True)


def cross_entropy(Z, y):
    P = softmax(Z)
    return float(-np.mean(np.log(P[np.arange(len(y)), y])))


def cross_entropy_grad(Z, y):
    P = softmax(Z)
    P[np.arange(len(y)), y] -= 1.0
    return P
