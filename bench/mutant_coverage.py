"""How many of the course's authored mistakes would generated mistakes alone have named?

For every expression and derivation exercise of the built-in course that lists anticipated
mistakes, the reference answer is mutated (nntutor/checker/mutants.py) and each authored
mistake is compared with every mutant at the checker's sample points. A mistake counts as
named when some mutant takes its values everywhere. Prints per exercise and overall shares,
and the time generation took. In-process (imports SymPy), no worker.

    python bench/mutant_coverage.py [--json]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    from nntutor.checker.equivalence import EXACT_RTOL, draw, screen, same_function
    from nntutor.checker.mutants import generate
    from nntutor.checker.parser import parse
    from nntutor.course.loader import load_course
    from nntutor.paths import builtin_lessons_dir

    course = load_course(builtin_lessons_dir())
    rows = []
    spent = 0.0
    for lesson in course.lessons:
        for ex in lesson.exercises:
            if ex.kind not in ("expression", "derivation") or not ex.mistakes:
                continue
            variables = list(ex.vars)
            defines = {}
            for name, text in getattr(ex, "defines", {}).items():
                defines[name] = parse(text, variables, defines).expr
            reference = parse(ex.expected, variables, defines).expr
            started = time.perf_counter()
            mutants = generate(reference)
            spent += time.perf_counter() - started
            named = 0
            for m in ex.mistakes:
                answer = parse(m.answer, variables, defines).expr
                symbols = sorted(reference.free_symbols | answer.free_symbols, key=str)
                sample = draw(reference, symbols, dict(ex.domains))
                found = screen(answer, sample, EXACT_RTOL)
                if any(same_function(u.expr, found.answer_values, sample, EXACT_RTOL)
                       for u in mutants):  # fmt: skip
                    named += 1
            rows.append({"exercise": f"{lesson.id}/{ex.id}", "mistakes": len(ex.mistakes),
                         "named": named, "mutants": len(mutants)})  # fmt: skip
    total = sum(r["mistakes"] for r in rows)
    named = sum(r["named"] for r in rows)
    shares = [r["named"] / r["mistakes"] for r in rows]
    cpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
    model = next(
        (ln.split(":", 1)[1].strip() for ln in cpu.splitlines() if "Model name" in ln), "?"
    )
    summary = {
        "exercises": len(rows),
        "authored_mistakes": total,
        "named_by_generation": named,
        "share_overall": round(named / total, 3) if total else None,
        "mean_share_per_exercise": round(sum(shares) / len(shares), 3) if shares else None,
        "generation_ms_per_exercise": round(1000 * spent / max(len(rows), 1), 1),
        "cpu": model,
    }
    if args.json:
        print(json.dumps({"rows": rows, **summary}, ensure_ascii=False))
        return 0
    for r in rows:
        print(f"  {r['exercise']:<40} {r['named']}/{r['mistakes']} named ({r['mutants']} mutants)")
    print(
        f"generated mistakes name {named} of {total} authored mistakes "
        f"({summary['share_overall']:.0%}; mean per exercise {summary['mean_share_per_exercise']:.0%}) "
        f"in {len(rows)} exercises; generation {summary['generation_ms_per_exercise']} ms per "
        f"exercise (uncached); CPU: {model}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
