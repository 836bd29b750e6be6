# Tests of the dense-forward exercise (codecheck is provided by nntutor's runner).
from codecheck import case


@case("a batch of 5 samples, 3 inputs, 2 outputs", "батч из 5 примеров, 3 входа, 2 выхода")
def small(m, rng):
    X, W, b = rng.normal(size=(5, 3)), rng.normal(size=(2, 3)), rng.normal(size=2)
    return {"Z": m.dense_forward(X, W, b)}


@case("a square layer: 4 inputs, 4 outputs", "квадратный слой: 4 входа, 4 выхода")
def square(m, rng):
    X, W, b = rng.normal(size=(6, 4)), rng.normal(size=(4, 4)), rng.normal(size=4)
    return {"Z": m.dense_forward(X, W, b)}


@case("one sample in a batch of one", "один пример в батче из одного")
def single(m, rng):
    X, W, b = rng.normal(size=(1, 3)), rng.normal(size=(4, 3)), rng.normal(size=4)
    return {"Z": m.dense_forward(X, W, b)}
