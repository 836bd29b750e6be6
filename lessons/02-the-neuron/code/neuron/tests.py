# Tests of the neuron exercise (codecheck is provided by nntutor's runner; see docs/authoring.md).
from codecheck import case


@case("a neuron with three inputs", "нейрон с тремя входами")
def three(m, rng):
    w, x = rng.normal(size=3), rng.normal(size=3)
    b = float(rng.normal())
    return {"a": m.neuron_output(w, b, x)}


@case("a neuron with eight inputs and a large bias", "нейрон с восемью входами и большим сдвигом")
def eight(m, rng):
    w, x = rng.normal(size=8), rng.normal(size=8)
    return {"a": m.neuron_output(w, 2.5, x)}
