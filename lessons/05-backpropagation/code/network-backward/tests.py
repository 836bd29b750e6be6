# Tests of the two-layer backward pass (codecheck is provided by nntutor's runner).
from codecheck import case, numeric_gradient

NAMES = ("dW1", "db1", "dW2", "db2")


def net(rng, n=8, inputs=2, hidden=5, classes=3):
    X = rng.normal(size=(n, inputs))
    y = rng.integers(0, classes, size=n)
    W1, b1 = rng.normal(0, 0.8, size=(hidden, inputs)), rng.normal(0, 0.3, size=hidden)
    W2, b2 = rng.normal(0, 0.8, size=(classes, hidden)), rng.normal(0, 0.3, size=classes)
    return X, y, W1, b1, W2, b2


def grads(m, rng, names=NAMES, **shape):
    out = m.network_backward(*net(rng, **shape))
    return {name: out[NAMES.index(name)] for name in names}


@case("the output layer's dW2 and db2", "dW2 и db2 выходного слоя")
def output_layer(m, rng):
    return grads(m, rng, ("dW2", "db2"))


@case("the hidden layer's dW1 and db1", "dW1 и db1 скрытого слоя")
def hidden_layer(m, rng):
    return grads(m, rng, ("dW1", "db1"))


@case(
    "every gradient against central differences",
    "все градиенты против центральных разностей",
    rtol=1e-5,
    atol=1e-7,
)
def numeric(m, rng):
    return grads(m, rng, n=6, inputs=3, hidden=4, classes=3)


@numeric.expect
def _(ref, rng):
    X, y, W1, b1, W2, b2 = net(rng, n=6, inputs=3, hidden=4, classes=3)
    params = [W1, b1, W2, b2]
    out = {}
    for index, name in enumerate(NAMES):

        def loss(value, index=index):
            args = list(params)
            args[index] = value
            return ref.loss(X, y, *args)

        out[name] = numeric_gradient(loss, params[index].copy())
    return out
