"""Code exercises: how long a check takes, and how fast the lab trains on the learner's code.

Goals (issue 11), on this machine:
- a check, from the save of the learner's file to the verdict: p50 ≤ 400 ms, p95 ≤ 1 s,
  over the course's code exercises (each checked with its reference solution, which
  passes, and with its first anticipated mistake, which also runs the mistake files);
- the lab on the learner's own (reference) implementation: at least 50% of the engine's
  steps per second on the default spirals network (2 × 16 tanh, batch 32, 1000 samples).

Both figures are ratios or times measured in this same run. The lab's ratio is printed by
wall clock (best of --repeats alternated runs) and by CPU time (both trainers are
single-threaded, so CPU time is what a busy, shared machine disturbs least). The screen's own redraw is
not included (that is the TUI's part); the save is a write of the file, as an editor does.

    python bench/code_check.py [--rounds 3] [--epochs 100] [--repeats 5] [--json]
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def cpu_model() -> str:
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
        for line in out.splitlines():
            if line.startswith("Model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def check_latency(rounds: int) -> dict:
    from nntutor.course.loader import load_course
    from nntutor.paths import builtin_lessons_dir
    from nntutor.runner import check_code

    course = load_course(builtin_lessons_dir())
    exercises = [ex for lesson in course.lessons for ex in lesson.exercises if ex.kind == "code"]
    times, wrong = [], 0
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(rounds):
            for ex in exercises:
                sources = [(ex.code_dir / "solution.py", True)]
                if ex.code_mistakes:
                    sources.append((ex.code_dir / ex.code_mistakes[0].file, False))
                for source, should_pass in sources:
                    path = Path(tmp) / f"{ex.id}.py"
                    text = source.read_text()
                    started = time.perf_counter()
                    path.write_text(text)  # the save
                    report = check_code(ex, path, "en")
                    times.append((time.perf_counter() - started) * 1000)
                    wrong += report.passed != should_pass
    return {
        "exercises": len(exercises),
        "checks": len(times),
        "p50_ms": statistics.median(times),
        "p95_ms": percentile(times, 0.95),
        "max_ms": max(times),
        "wrong_verdicts": wrong,
    }


def engine_speed(config: dict, epochs: int) -> dict:
    from nntutor.engine import TrainConfig, Trainer

    trainer = Trainer(TrainConfig(**config, epochs=epochs, device="cpu", threads=1))
    report = None
    cpu = time.process_time()
    for _ in range(epochs):
        report = trainer.run_epoch()
    cpu = time.process_time() - cpu
    return {
        "steps": report.steps,
        "seconds": report.seconds,
        "cpu_s": cpu,
        "val_acc": report.val_acc,
    }


def learner_speed(parts: dict, config: dict, epochs: int) -> dict:
    from nntutor.runner.lab import LearnerTraining

    started = time.perf_counter()
    last = None
    with LearnerTraining(parts, {**config, "epochs": epochs}) as run:
        while run.outcome is None:
            for report in run.poll():
                if report.get("event") == "report":
                    last = report
            time.sleep(0.005)
        outcome = run.outcome
    wall = time.perf_counter() - started
    if outcome["status"] != "finished" or last is None:
        raise SystemExit(f"the learner's training did not finish: {outcome}")
    return {
        "steps": last["step"],
        "seconds": last["elapsed_s"],
        "cpu_s": last["cpu_s"],
        "wall_s_with_start": wall,
        "val_acc": last["val_acc"],
        "grad_check_max": max(last["grad_check"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--epochs", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=5, help="runs of each trainer (best kept)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    from nntutor.paths import builtin_lessons_dir

    lessons = builtin_lessons_dir()
    parts = {
        "dense": lessons / "05-backpropagation/code/dense-backward/solution.py",
        "loss": lessons / "04-loss-functions/code/softmax-ce/solution.py",
    }
    latency = check_latency(args.rounds)
    speeds = {}
    for name, config, extra in (
        ("adam (default)", {"dataset": "spirals"}, {}),
        (
            "momentum",
            {"dataset": "spirals", "optimizer": "momentum", "lr": 0.1},
            {"optimizer": lessons / "06-gradient-descent/code/momentum/solution.py"},
        ),
    ):
        # alternate the two, several times, and keep each one's best: the machine is shared
        engines, learners = [], []
        for _ in range(args.repeats):
            engines.append(engine_speed(config, args.epochs))
            learners.append(learner_speed({**parts, **extra}, config, args.epochs))
        engine = max(engines, key=lambda r: r["steps"] / r["seconds"])
        learner = max(learners, key=lambda r: r["steps"] / r["seconds"])
        ratio = (learner["steps"] / learner["seconds"]) / (engine["steps"] / engine["seconds"])
        engine_cpu = min(engines, key=lambda r: r["cpu_s"])
        learner_cpu = min(learners, key=lambda r: r["cpu_s"])
        cpu_ratio = engine_cpu["cpu_s"] / learner_cpu["cpu_s"]  # same steps on both sides
        speeds[name] = {
            "engine": engine,
            "learner": learner,
            "ratio": ratio,
            "cpu_ratio": cpu_ratio,
        }
    result = {"cpu": cpu_model(), "check": latency, "lab": speeds}
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"CPU: {result['cpu']}")
    c = latency
    print(
        f"check, save → verdict, {c['checks']} checks over {c['exercises']} exercises: "
        f"p50 {c['p50_ms']:.0f} ms, p95 {c['p95_ms']:.0f} ms, max {c['max_ms']:.0f} ms "
        f"(goal p50 ≤ 400, p95 ≤ 1000); wrong verdicts: {c['wrong_verdicts']}"
    )
    for name, s in speeds.items():
        e, lr = s["engine"], s["learner"]
        print(
            f"lab, spirals 2×16 tanh, {name}, {args.epochs} epochs: engine "
            f"{e['steps'] / e['seconds']:.0f} steps/s (val_acc {e['val_acc']:.3f}); "
            f"learner's reference code {lr['steps'] / lr['seconds']:.0f} steps/s "
            f"(val_acc {lr['val_acc']:.3f}, grad check {lr['grad_check_max']:.1e}, "
            f"{lr['wall_s_with_start']:.2f} s with the child's start): "
            f"ratio {s['ratio']:.2f} by wall clock, {s['cpu_ratio']:.2f} by CPU time (goal ≥ 0.50)"
        )


if __name__ == "__main__":
    main()
