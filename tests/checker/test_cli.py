"""`nntutor check`: exit status, --json, --batch, as a script would use it."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KEYS = {"valid", "equivalent", "interpreted_as", "feedback", "method", "ms"}


def nntutor(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "nntutor", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "PYTHONPATH": str(ROOT)},
    )


def test_equivalent_exits_0_and_shows_the_reading():
    out = nntutor(
        "check",
        "x·σ(wx+b)(1−σ(wx+b))",
        "--expected",
        "x*exp(-w*x-b)/(1+exp(-w*x-b))^2",
        "--var",
        "w",
        "x",
        "b",
    )
    assert out.returncode == 0, out.stderr
    assert "interpreted as: x·(1 - σ(b + w·x))·σ(b + w·x)" in out.stdout
    assert "✓ equivalent" in out.stdout


def test_not_equivalent_exits_1_with_json():
    out = nntutor(
        "check",
        "sigma(w*x+b)*(1-sigma(w*x+b))",
        "--expected",
        "x*sigma(w*x+b)*(1-sigma(w*x+b))",
        "--json",
    )
    assert out.returncode == 1, out.stderr
    result = json.loads(out.stdout)
    assert KEYS <= set(result)
    assert result["valid"] and not result["equivalent"]
    assert result["method"] == "numeric"
    assert "inner derivative" in result["feedback"]


def test_invalid_input_exits_2_with_the_reason():
    out = nntutor("check", "W", "--expected", "w", "--json")
    assert out.returncode == 2
    result = json.loads(out.stdout)
    assert not result["valid"] and "not a variable" in result["error"]


def test_too_complex_exits_2():
    out = nntutor("check", "9^9^9^9", "--expected", "x")
    assert out.returncode == 2
    assert "too large" in out.stdout


def test_negative_answer_after_double_dash_and_russian():
    out = nntutor("--lang", "ru", "check", "--expected", "x", "--", "-x")
    assert out.returncode == 1
    assert "знак" in out.stdout


def test_domain_and_tolerance_options():
    assert (
        nntutor("check", "heaviside(z)", "--expected", "1", "--domain", "z=0.1:2").returncode == 0
    )
    assert nntutor("check", "0.33x", "--expected", "x/3").returncode == 1
    assert nntutor("check", "0.33x", "--expected", "x/3", "--tolerance", "0.02").returncode == 0


def test_batch_one_worker_one_result_per_line(tmp_path):
    cases = tmp_path / "bank.jsonl"
    lines = [
        {"answer": "2x", "expected": "x + x"},
        {"answer": "wx", "expected": "w*x", "vars": ["w", "x"]},
        {"answer": "-x", "expected": "x"},
        {"answer": "x +", "expected": "x"},
    ]
    cases.write_text("\n".join(json.dumps(c) for c in lines) + "\n\n# a comment\nnot json\n")
    out = nntutor("check", "--batch", str(cases), "--json")
    assert out.returncode == 2  # the worst line decides: invalid input
    results = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(results) == 5
    assert all(KEYS <= set(r) for r in results)
    assert [r["equivalent"] for r in results] == [True, True, False, False, False]
    assert [r["valid"] for r in results] == [True, True, True, False, False]
    assert "line 7" in results[4]["error"]


def test_batch_from_stdin_all_equivalent_exits_0():
    out = nntutor("check", "--batch", "-", stdin='{"answer": "x*x", "expected": "x^2"}\n')
    assert out.returncode == 0 and "✓" in out.stdout


def test_missing_arguments_exit_2():
    assert nntutor("check", "x").returncode == 2
    assert nntutor("check", "--batch", "/nonexistent.jsonl").returncode == 2
