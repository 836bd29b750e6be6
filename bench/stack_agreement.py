"""Agreement with STACK's algebraic-equivalence cases, and the policy behind every difference.

The 162 cases (see ../shared/benchmarks/README.md) run through ``nntutor check
--batch`` in one worker. STACK syntax is translated first: ``E`` (Euler's
number) becomes ``e``; ``**`` is understood as it is; every name that is not a
function is declared as a variable of the case. ``I`` (the imaginary unit) is
left as it is: complex numbers are outside our real-number vocabulary, so those
cases are reported as invalid under our policy.

Every case where nntutor does not accept what STACK accepts, or accepts what
STACK does not, is listed with the stated policy (docs/checker.md) that
explains it; a case no policy explains is marked UNEXPLAINED (and makes the
script exit 1).

    python bench/stack_agreement.py [--data PATH] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nntutor.checker.vocabulary import CONSTANTS, FUNCTIONS, canonical_name

DEFAULT_DATA = ROOT.parent / "shared" / "benchmarks" / "stack-algequiv.jsonl"

POLICIES = {
    "reals": "over the reals: compared where the reference is defined; an answer undefined "
    "there, or a non-integer power of a negative number, is not equal",
    "complex": "real numbers only: I, the imaginary unit, is outside the vocabulary",
    "vocabulary": "vocabulary of a neural-network course: no factorial, binomial, sum, product, "
    "diff, root, signum, cosec, csch, two-argument lg or unknown functions such as F(x)",
    "decimals": "decimals are exact: 0.5 is 1/2 and 4.52·10² is 452; a rounded decimal "
    "is not equal to the exact value",
    "indices": "a digit suffix is an index: x1, x_1 and x₁ are the same variable",
}

_NAME = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(\s*\()?")


def names(text: str) -> set[str]:
    """Identifiers that are not called like functions, nor constants."""
    return (
        {m.group(1) for m in _NAME.finditer(text) if not m.group(2)}
        - set(FUNCTIONS)
        - set(CONSTANTS)
        - {"E", "I"}
    )


def translate(case: dict) -> dict:
    answer = re.sub(r"\bE\b", "e", case["student"])
    expected = re.sub(r"\bE\b", "e", case["teacher"])
    return {"answer": answer, "expected": expected, "vars": sorted(names(answer) | names(expected))}


def policy(case: dict, result: dict) -> str | None:
    """Which stated policy explains a difference from STACK (or an invalid case), if any."""
    both = case["student"] + " " + case["teacher"]
    error = result.get("error") or ""
    if re.search(r"\bI\b", both):
        return "complex"
    if not result["valid"]:
        if "sample points" in error:
            return "reals"
        if re.search(r"unknown function|factorial|argument|not a variable", error):
            return "vocabulary"
        return None
    raw = names(case["student"]) | names(case["teacher"])
    if len({canonical_name(n) for n in raw}) < len(raw):
        return "indices"
    if re.search(r"\d\.\d|\d\.(?!\d)|\.\d", both):
        return "decimals"
    if result.get("diagnosis") == "domain":
        return "reals"
    if result["equivalent"] and not case["expected"] and re.search(r"sqrt|log|\*\*\(|abs", both):
        return "reals"  # equal wherever both sides are real
    return None


def run_batch(cases: list[dict]) -> tuple[list[dict], float]:
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for case in cases:
            f.write(json.dumps(translate(case), ensure_ascii=False) + "\n")
        path = f.name
    try:
        start = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-m", "nntutor", "--lang", "en", "check", "--batch", path, "--json"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        seconds = time.perf_counter() - start
    finally:
        os.unlink(path)
    results = [json.loads(line) for line in out.stdout.splitlines() if line.strip()]
    if len(results) != len(cases):
        raise SystemExit(f"expected {len(cases)} results, got {len(results)}:\n{out.stderr}")
    return results, seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data", type=Path, default=Path(os.environ.get("NNTUTOR_STACK_DATA", DEFAULT_DATA))
    )
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args()
    if not args.data.is_file():
        print(f"no STACK data at {args.data} (use --data PATH)", file=sys.stderr)
        return 2
    cases = [
        json.loads(line)
        for line in args.data.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    results, seconds = run_batch(cases)

    rows = []
    for number, (case, result) in enumerate(zip(cases, results)):
        if re.search(r"\bI\b", case["student"] + " " + case["teacher"]) and result["valid"]:
            # With no other variable declared, the checker reads I as a real variable named I;
            # STACK means the imaginary unit, which our policy has no way to express.
            result = {**result, "valid": False, "error": "I is the imaginary unit here"}
        ours = bool(result["valid"] and result["equivalent"])
        rows.append(
            {
                "case": number,
                "student": case["student"],
                "teacher": case["teacher"],
                "stack": case["expected"],
                "valid": result["valid"],
                "nntutor": ours,
                "agree": ours == case["expected"],
                "policy": None
                if ours == case["expected"] and result["valid"]
                else policy(case, result),
                "why": result.get("error") or result.get("feedback") or "",
            }
        )
    valid = [r for r in rows if r["valid"]]
    invalid = [r for r in rows if not r["valid"]]
    differ = [r for r in valid if not r["agree"]]
    unexplained = [r for r in differ + invalid if r["policy"] is None]
    figures = {
        "cases": len(rows),
        "agree": sum(r["agree"] for r in rows),
        "valid": len(valid),
        "agree_valid": sum(r["agree"] for r in valid),
        "invalid": len(invalid),
        "invalid_by_policy": {p: sum(r["policy"] == p for r in invalid) for p in POLICIES},
        "differ_by_policy": {p: sum(r["policy"] == p for r in differ) for p in POLICIES},
        "unexplained": len(unexplained),
        "seconds": round(seconds, 1),
    }
    if args.json:
        print(
            json.dumps(
                {"figures": figures, "rows": [r for r in rows if r["policy"] or not r["agree"]]}
            )
        )
        return 1 if unexplained else 0

    def pct(a: int, b: int) -> str:
        return f"{100 * a / b:.1f}%" if b else "-"

    print(
        f"STACK algebraic-equivalence cases: {figures['cases']} (checked in {seconds:.1f} s, one worker)"
    )
    print(
        f"  same verdict as STACK (invalid counts as not equivalent): "
        f"{figures['agree']}/{figures['cases']} ({pct(figures['agree'], figures['cases'])})"
    )
    print(
        f"  valid under our policy: {figures['valid']}; same verdict among them: "
        f"{figures['agree_valid']}/{figures['valid']} ({pct(figures['agree_valid'], figures['valid'])})"
    )
    print(
        f"  invalid under our policy: {figures['invalid']} "
        f"({', '.join(f'{p} {n}' for p, n in figures['invalid_by_policy'].items() if n)})"
    )
    print("\nPolicies (docs/checker.md):")
    for key, text in POLICIES.items():
        print(f"  {key:<10} {text}")
    print("\nValid cases where the verdict differs from STACK:")
    for r in differ:
        verdict = "equivalent" if r["nntutor"] else "not equivalent"
        stack = "equivalent" if r["stack"] else "not equivalent"
        print(f"  #{r['case']:<3} {r['student']}  vs  {r['teacher']}")
        print(f"        STACK: {stack}; nntutor: {verdict} — {r['policy'] or 'UNEXPLAINED'}")
    print("\nInvalid under our policy (no verdict; STACK's label in brackets):")
    for r in invalid:
        stack = "equivalent" if r["stack"] else "not equivalent"
        print(f"  #{r['case']:<3} [{stack}] {r['student']}  vs  {r['teacher']}")
        print(f"        {r['policy'] or 'UNEXPLAINED'}: {r['why'][:110]}")
    if unexplained:
        print(f"\n{len(unexplained)} case(s) UNEXPLAINED by a stated policy")
    return 1 if unexplained else 0


if __name__ == "__main__":
    raise SystemExit(main())
