# Tests of the sigmoid exercise (codecheck is provided by nntutor's runner; see docs/authoring.md).
from codecheck import case, numeric_gradient


@case("σ(z) of a vector", "σ(z) для вектора")
def values(m, rng):
    z = rng.normal(0.0, 3.0, size=7)
    return {"sigmoid(z)": m.sigmoid(z)}


@case("σ(z) keeps the shape of a batch", "σ(z) сохраняет форму батча")
def batch(m, rng):
    z = rng.normal(0.0, 2.0, size=(4, 3))
    return {"sigmoid(Z)": m.sigmoid(z)}


@case(
    "σ′(z) agrees with a central difference of σ",
    "σ′(z) совпадает с центральной разностью σ",
    rtol=1e-5,
    atol=1e-7,
)
def slope(m, rng):
    z = rng.normal(0.0, 2.0, size=6)
    return {"sigmoid_prime(z)": m.sigmoid_prime(z)}


@slope.expect
def _(ref, rng):
    z = rng.normal(0.0, 2.0, size=6)
    return {"sigmoid_prime(z)": numeric_gradient(lambda v: ref.sigmoid(v).sum(), z.copy())}
