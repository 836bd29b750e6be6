"""`nntutor code starter|solution|check` and the trust asked of a --lessons folder."""

from __future__ import annotations

import json
import shutil

from nntutor.cli import main
from nntutor.paths import builtin_lessons_dir

SIGMOID = builtin_lessons_dir() / "02-the-neuron" / "code" / "sigmoid"


def test_starter_and_solution_are_printed(capsys):
    assert main(["code", "starter", "the-neuron/sigmoid"]) == 0
    assert "def sigmoid_prime(z):" in capsys.readouterr().out
    assert main(["code", "solution", "the-neuron/sigmoid"]) == 0
    assert "return s * (1.0 - s)" in capsys.readouterr().out


def test_check_json_and_exit_codes(capsys, tmp_path):
    assert (
        main(["code", "check", "the-neuron/sigmoid", str(SIGMOID / "solution.py"), "--json"]) == 0
    )
    out = json.loads(capsys.readouterr().out)
    assert out["passed"] is True and out["mistake"] is None and out["ms"] > 0
    assert all(t["passed"] for t in out["tests"])

    wrong = SIGMOID / "mistakes" / "minus-sign.py"
    assert main(["code", "check", "the-neuron/sigmoid", str(wrong), "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["passed"] is False and out["mistake"] == "minus-sign"
    assert set(out["tests"][0]) == {"name", "passed", "message"}

    broken = tmp_path / "broken.py"
    broken.write_text("def sigmoid(z)\n")
    assert main(["code", "check", "the-neuron/sigmoid", str(broken)]) == 2
    assert "broken.py, line 1: SyntaxError" in capsys.readouterr().out


def test_plain_output_in_russian(capsys):
    wrong = SIGMOID / "mistakes" / "minus-sign.py"
    assert main(["code", "check", "the-neuron/sigmoid", str(wrong), "--lang", "ru"]) == 1
    out = capsys.readouterr().out
    assert "✗ σ(z) для вектора: sigmoid(z)[0] равно" in out
    assert "Известная ошибка: Потерян знак" in out


def test_bad_ids_get_messages(capsys):
    assert main(["code", "starter", "sigmoid"]) == 2
    assert "is not LESSON/EXERCISE" in capsys.readouterr().err
    assert main(["code", "starter", "no-such-lesson/x"]) == 2
    assert "no lesson 'no-such-lesson'" in capsys.readouterr().err
    assert main(["code", "starter", "the-neuron/tanh-range"]) == 2
    assert "its code exercises: sigmoid" in capsys.readouterr().err


def test_another_folder_runs_only_after_trust(capsys, tmp_path):
    course = tmp_path / "course"
    shutil.copytree(builtin_lessons_dir() / "02-the-neuron", course / "02-the-neuron")
    data = tmp_path / "data"
    args = ["--lessons", str(course), "--data-dir", str(data), "code", "check"]
    target = ["the-neuron/sigmoid", str(SIGMOID / "solution.py")]
    assert main([*args, *target]) == 2
    assert "--trust" in capsys.readouterr().err
    assert main([*args, *target, "--trust"]) == 0
    assert main([*args, *target]) == 0  # remembered
    assert (data / "trusted-folders.json").stat().st_mode & 0o077 == 0


def test_validate_runs_another_folder_s_code_only_after_trust(capsys, tmp_path):
    course = tmp_path / "course"
    shutil.copytree(builtin_lessons_dir() / "02-the-neuron", course / "02-the-neuron")
    data = tmp_path / "data"
    args = ["--data-dir", str(data), "lessons", "validate", str(course)]
    assert main(args) == 1
    assert "not run: the folder's code exercises run only after --trust" in capsys.readouterr().out
    main([*args, "--trust"])  # the copied lesson's prerequisite is unknown here: a warning
    out = capsys.readouterr().out
    assert "not run" not in out
    assert "exercise sigmoid" not in out and "exercise neuron" not in out
    assert "prerequisites: unknown lesson id" in out
