import numpy as np


def neuron_output(w, b, x):
    return np.dot(w, x) + b
