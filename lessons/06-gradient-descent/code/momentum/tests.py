# Tests of the momentum step (codecheck is provided by nntutor's runner).
import numpy as np
from codecheck import case

SHAPES = [(3, 2), (3,), (1, 3), (1,)]


def run(m, rng, steps, lr=0.1, beta=0.9):
    params = [rng.normal(size=s) for s in SHAPES]
    velocities = [np.zeros(s) for s in SHAPES]
    for _ in range(steps):
        grads = [rng.normal(size=s) for s in SHAPES]
        params, velocities = m.momentum_step(params, grads, velocities, lr, beta)
    out = {f"params[{i}]": p for i, p in enumerate(params)}
    out.update({f"velocities[{i}]": v for i, v in enumerate(velocities)})
    return out


@case("the first step, from zero velocity", "первый шаг, с нулевой скорости")
def first(m, rng):
    return run(m, rng, 1)


@case("three steps in a row: the velocity carries over", "три шага подряд: скорость переносится")
def three(m, rng):
    return run(m, rng, 3)


@case("five steps with β = 0.5 and lr = 0.05", "пять шагов с β = 0.5 и lr = 0.05")
def five(m, rng):
    return run(m, rng, 5, lr=0.05, beta=0.5)
