# Tests of inverted dropout (codecheck is provided by nntutor's runner).
import numpy as np
from codecheck import case


def forward(m, rng, p, shape=(6, 5)):
    A = rng.normal(size=shape)
    out, mask = m.dropout_forward(A, p, np.random.default_rng(11))
    return A, out, mask


@case("the output with p = 0.5", "выход при p = 0.5")
def half(m, rng):
    _, out, _ = forward(m, rng, 0.5)
    return {"output": out}


@case("the mask with p = 0.2", "маска при p = 0.2")
def mask(m, rng):
    _, _, mask = forward(m, rng, 0.2)
    return {"mask": mask}


@case(
    "the mean activation is kept (p = 0.3, 200 000 units)",
    "среднее значение сохраняется (p = 0.3, 200 000 нейронов)",
    atol=0.01,
)
def expectation(m, rng):
    A = np.ones((400, 500))
    out, _ = m.dropout_forward(A, 0.3, np.random.default_rng(5))
    return {"mean of the output": float(np.mean(out))}


@case("the backward pass", "обратный проход")
def backward(m, rng):
    _, _, mask = forward(m, rng, 0.4)
    d_out = rng.normal(size=mask.shape)
    return {"dA": m.dropout_backward(d_out, mask)}
