"""How fast the checker judges typical neural-network derivatives.

Goals (issue 3): in a warm worker, median ≤ 50 ms and p95 ≤ 300 ms per check;
the first check, including the worker's start, ≤ 1 s.

Each case is checked once (a fresh answer, as a learner would type it), timed
from the caller's side, and then the whole set once more (SymPy's caches warm).
For reference, the same pairs are timed with a plain in-process
``simplify(a − b) == 0`` on already-parsed expressions (no parsing, no
isolation, no numeric screen, no diagnosis), and the ratio is printed.

    python bench/check.py [--rounds 2] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

WXB = ["w", "x", "b"]
# (answer, expected, vars, domains); the answer is right or holds a typical mistake
CASES: list[tuple[str, str, list[str] | None, dict | None]] = [
    ("x·σ(wx+b)(1−σ(wx+b))", "x*exp(-w*x-b)/(1+exp(-w*x-b))^2", WXB, None),
    ("x e^(-w x - b)/(1+e^(-w x - b))^2", "x*sigma(w*x+b)*(1-sigma(w*x+b))", WXB, None),
    ("sigma(z)*(1-sigma(z))", "exp(-z)/(1+exp(-z))^2", ["z"], None),
    ("σ(z)(1−σ(z))", "sigma(z)*sigma(-z)", ["z"], None),
    ("1 - tanh(z)^2", "1/cosh(z)^2", ["z"], None),
    ("4/(e^z + e^-z)^2", "1 - tanh(z)^2", ["z"], None),
    ("x*(1 - tanh(w*x+b)^2)", "x/cosh(w*x+b)^2", WXB, None),
    ("4x/(e^(wx+b) + e^(-wx-b))²", "x*(1 - tanh(w*x+b)^2)", WXB, None),
    (
        "2*(sigma(w*x+b)-y)*sigma(w*x+b)*(1-sigma(w*x+b))*x",
        "2*x*(sigma(w*x+b) - y)*sigma(w*x+b)*(1 - sigma(w*x+b))",
        WXB + ["y"],
        None,
    ),
    (
        "2x(σ(wx+b) − y)σ(wx+b)(1 − σ(wx+b))",
        "2*(sigma(w*x+b)-y)*x*exp(-w*x-b)/(1+exp(-w*x-b))^2",
        WXB + ["y"],
        None,
    ),
    ("sigma(z) - y", "-y*(1-sigma(z)) + (1-y)*sigma(z)", ["z", "y"], None),
    ("(sigma(w*x+b) - y)*x", "x*(-y*(1 - sigma(w*x+b)) + (1 - y)*sigma(w*x+b))", WXB + ["y"], None),
    (
        "-y/sigma(z)*sigma(z)*(1-sigma(z)) + (1-y)/(1-sigma(z))*sigma(z)*(1-sigma(z))",
        "sigma(z) - y",
        ["z", "y"],
        None,
    ),
    ("sigma(z)", "exp(z)/(1+exp(z))", ["z"], None),
    ("log(sigma(z))", "-softplus(-z)", ["z"], None),
    ("softplus(z) - softplus(-z)", "z", ["z"], None),
    ("2*sigma(2*z) - 1", "tanh(z)", ["z"], None),
    ("heaviside(z)", "1", ["z"], {"z": (0.1, 2.0)}),
    (
        "w2*x*sigma(w1*x+b1)*(1-sigma(w1*x+b1))",
        "w₂ x σ(w₁x + b₁)(1 − σ(w₁x + b₁))",
        ["w1", "w2", "b1", "x"],
        None,
    ),
    (
        "exp(z1)/(exp(z1)+exp(z2)) * (1 - exp(z1)/(exp(z1)+exp(z2)))",
        "exp(z1)*exp(z2)/(exp(z1)+exp(z2))^2",
        ["z1", "z2"],
        None,
    ),
    ("exp(z1)/(exp(z1)+exp(z2)) - 1", "-exp(z2)/(exp(z1)+exp(z2))", ["z1", "z2"], None),
    ("w - eta*2*x*(w*x - y)", "w - 2*eta*x^2*w + 2*eta*x*y", ["w", "x", "y", "eta"], None),
    ("2*(w*x-y)*x + 2*lambda*w", "2x(wx − y) + 2λw", ["w", "x", "y", "lambda"], None),
    ("mu*v - epsilon*2*(w - 3)", "μv − 2ε(w − 3)", ["v", "w", "mu", "epsilon"], None),
    ("x^2*exp(-x^2/2)", "x**2*e**(-x**2/2)", ["x"], None),
    (
        "w2*sigma(w2*sigma(w1*x))*(1-sigma(w2*sigma(w1*x)))*sigma(w1*x)*(1-sigma(w1*x))*w1",
        "w1*w2*sigma(w1*x)*sigma(-w1*x)*sigma(w2*sigma(w1*x))*sigma(-w2*sigma(w1*x))",
        ["w1", "w2", "x"],
        None,
    ),
    ("relu(w*x+b)*x", "max(0, w*x + b)*x", WXB, None),
    ("2*(a - y)", "2*(a-y)", ["a", "y"], None),
    # typical mistakes
    ("sigma(w*x+b)*(1-sigma(w*x+b))", "x*sigma(w*x+b)*(1-sigma(w*x+b))", WXB, None),
    ("sigma(z)*(1+sigma(z))", "sigma(z)*(1-sigma(z))", ["z"], None),
    (
        "(sigma(w*x+b)-y)*sigma(w*x+b)*(1-sigma(w*x+b))*x",
        "2*(sigma(w*x+b)-y)*sigma(w*x+b)*(1-sigma(w*x+b))*x",
        WXB + ["y"],
        None,
    ),
    ("1 - tanh(z)", "1 - tanh(z)^2", ["z"], None),
    ("exp(z1)/(exp(z1)+exp(z2))", "exp(z1)/(exp(z1)+exp(z2)) - 1", ["z1", "z2"], None),
    ("-x*sigma(w*x+b)*(1-sigma(w*x+b))", "x*sigma(w*x+b)*(1-sigma(w*x+b))", WXB, None),
    ("(1 - tanh(w*x+b)^2)", "x*(1 - tanh(w*x+b)^2)", WXB, None),
    ("2*(a - y)*a", "2*(a-y)", ["a", "y"], None),
    ("w + eta*2*x*(w*x - y)", "w - eta*2*x*(w*x - y)", ["w", "x", "y", "eta"], None),
    ("0.33*x", "x/3", ["x"], None),
    ("sigma(z)^2*(1-sigma(z))", "sigma(z)*(1-sigma(z))", ["z"], None),
    ("x*sigma(w*x+b)", "x*sigma(w*x+b)*(1-sigma(w*x+b))", WXB, None),
]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo = int(k)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def reference_times() -> list[float]:
    """Plain simplify(a − b) == 0 on the parsed pairs, in this process."""
    import sympy as sp

    from nntutor.checker.functions import to_elementary
    from nntutor.checker.parser import parse

    times = []
    for answer, expected, variables, _ in CASES:
        a = parse(answer, variables).expr
        b = parse(expected, variables).expr
        sp.core.cache.clear_cache()
        start = time.perf_counter()
        sp.simplify(to_elementary(a - b)) == 0  # noqa: B015 - timed for its cost
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rounds", type=int, default=2, help="passes over the cases (first: fresh)"
    )
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args()

    from nntutor.checker import Checker

    start = time.perf_counter()
    checker = Checker()
    first_answer, first_expected, first_vars, _ = CASES[0]
    first = checker.check(first_answer, first_expected, vars=first_vars)
    first_ms = (time.perf_counter() - start) * 1000
    assert first.valid and first.equivalent, first

    rounds: list[list[float]] = []
    methods: dict[str, int] = {}
    wrong = 0
    for r in range(args.rounds):
        times = []
        for answer, expected, variables, domains in CASES:
            t0 = time.perf_counter()
            result = checker.check(answer, expected, vars=variables, domains=domains)
            times.append((time.perf_counter() - t0) * 1000)
            if r == 0:
                methods[result.method] = methods.get(result.method, 0) + 1
                wrong += not result.valid
        rounds.append(times)
    checker.close()
    reference = reference_times()

    fresh = rounds[0]
    figures = {
        "cases": len(CASES),
        "first_check_with_start_ms": round(first_ms, 1),
        "median_ms": round(statistics.median(fresh), 1),
        "p95_ms": round(percentile(fresh, 0.95), 1),
        "max_ms": round(max(fresh), 1),
        "repeat_median_ms": round(statistics.median(rounds[-1]), 1),
        "repeat_p95_ms": round(percentile(rounds[-1], 0.95), 1),
        "reference_simplify_median_ms": round(statistics.median(reference), 1),
        "reference_simplify_p95_ms": round(percentile(reference, 0.95), 1),
        "methods": methods,
        "invalid": wrong,
    }
    figures["median_ratio_to_reference"] = round(
        figures["median_ms"] / figures["reference_simplify_median_ms"], 2
    )
    if args.json:
        print(json.dumps(figures))
    else:
        print(
            f"checker bench: {len(CASES)} typical NN derivatives (right answers and common mistakes)"
        )
        print(
            f"  first check, worker start included: {figures['first_check_with_start_ms']:.0f} ms   (goal ≤ 1000)"
        )
        print(
            f"  warm worker, each case once:        median {figures['median_ms']:.1f} ms (goal ≤ 50), "
            f"p95 {figures['p95_ms']:.1f} ms (goal ≤ 300), max {figures['max_ms']:.1f} ms"
        )
        print(
            f"  same cases again (caches warm):     median {figures['repeat_median_ms']:.1f} ms, "
            f"p95 {figures['repeat_p95_ms']:.1f} ms"
        )
        print(
            f"  reference, plain simplify(a-b)==0:  median {figures['reference_simplify_median_ms']:.1f} ms, "
            f"p95 {figures['reference_simplify_p95_ms']:.1f} ms  (checker/reference median: "
            f"{figures['median_ratio_to_reference']:.2f})"
        )
        print(f"  decided by: {', '.join(f'{k} {v}' for k, v in sorted(methods.items()))}")
        if wrong:
            print(f"  ! {wrong} case(s) could not be checked")
    ok = (
        figures["first_check_with_start_ms"] <= 1000
        and figures["median_ms"] <= 50
        and figures["p95_ms"] <= 300
    )
    return 0 if ok and not wrong else 1


if __name__ == "__main__":
    raise SystemExit(main())
