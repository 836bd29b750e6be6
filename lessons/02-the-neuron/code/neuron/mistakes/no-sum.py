import numpy as np


def neuron_output(w, b, x):
    return 1.0 / (1.0 + np.exp(-(w * x + b)))
