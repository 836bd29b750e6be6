"""Every CLI writer sends control characters from outside as visible symbols or JSON escapes,
never raw (issue 12, §4): `progress` (text and --json), `doctor`, `train`, `lab`."""

from __future__ import annotations

import json
import re

import pytest

from nntutor.cli import main
from nntutor.practice.store import ProgressStore

RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # what a terminal would obey
HOSTILE = "a\x1b]2;pwned\x07\x1b[2J\x00\x9b31m\x9d"


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_nothing_raw(*texts: str) -> None:
    for text in texts:
        assert not RAW.search(text.replace("\n", "")), repr(text[:200])


@pytest.fixture
def planted(tmp_path):
    """Progress as an imported file could leave it: control characters in ids and skills."""
    with ProgressStore.open(tmp_path) as store:
        store.record_attempt(HOSTILE, "ex" + HOSTILE, "x", True, skills=["skill" + HOSTILE])
        store.mark_lesson_complete(HOSTILE)
    return tmp_path


def test_progress_summary_shows_control_characters(planted, capsys):
    code, out, err = run(capsys, "progress", "--data-dir", str(planted))
    assert code == 0
    assert_nothing_raw(out, err)
    assert "skill" in out and "␛]2;pwned␇" in out


def test_progress_json_escapes_control_characters(planted, capsys):
    code, out, err = run(capsys, "progress", "--json", "--data-dir", str(planted))
    assert code == 0
    assert_nothing_raw(out, err)
    summary = json.loads(out)
    assert "skill" + HOSTILE in summary["skills"]  # nothing lost: escapes decode back


def test_progress_export_to_standard_output_escapes_them(planted, capsys):
    code, out, err = run(capsys, "progress", "--data-dir", str(planted), "export", "-")
    assert code == 0
    assert_nothing_raw(out, err)
    assert json.loads(out)["attempts"][0]["lesson_id"] == HOSTILE


def test_progress_import_names_a_hostile_file_visibly(tmp_path, capsys):
    bad = tmp_path / f"x{HOSTILE.replace(chr(0), '')}.json"  # a file name holds no NUL
    bad.write_text("{}", encoding="utf-8")
    for path in (str(bad), str(bad) + "\0"):
        code, out, err = run(capsys, "progress", "--data-dir", str(tmp_path / "d"), "import", path)
        assert code == 1
        assert_nothing_raw(out, err)
        assert "␛]2;pwned" in err


def test_doctor_output_shows_control_characters(monkeypatch, capsys, tmp_path):
    import nntutor.doctor
    from nntutor.doctor.result import PROBLEM, Check

    planted = [Check("Data", "folder", PROBLEM, f"cannot use {HOSTILE}", fix=f"rm {HOSTILE}")]
    monkeypatch.setattr(nntutor.doctor, "all_checks", lambda *a, **k: planted)
    for extra in ([], ["--json"]):
        code, out, err = run(capsys, "doctor", *extra, "--data-dir", str(tmp_path))
        assert code == 1
        assert_nothing_raw(out, err)
    assert json.loads(out)[0]["message"] == f"cannot use {HOSTILE}"


def test_train_names_a_hostile_data_file_visibly(tmp_path, capsys):
    missing = str(tmp_path / f"d{HOSTILE}.csv")
    for extra in ([], ["--json"]):
        code, out, err = run(capsys, "train", "--data", missing, "--epochs", "1", *extra)
        assert code != 0
        assert_nothing_raw(out, err)
        assert "␛]2;pwned" in err


def test_lab_names_a_hostile_weights_file_visibly(tmp_path, capsys):
    code, out, err = run(capsys, "lab", "--load", str(tmp_path / f"w{HOSTILE}.npz"))
    assert code == 2
    assert_nothing_raw(out, err)
    assert "␛]2;pwned" in err
