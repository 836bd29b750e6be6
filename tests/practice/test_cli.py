"""``nntutor progress``: summary, options before or after the subcommand, reset with confirmation, bad imports."""

import json

import pytest

from nntutor.cli import main
from nntutor.practice.store import ProgressStore, file_name
from tests.practice.timeline import at


@pytest.fixture
def data_dir(tmp_path):
    with ProgressStore.open(tmp_path) as store:
        store.record_attempt("the-neuron", "range", "x", False, skills=["activation"], now=at(0))
        store.record_attempt(
            "the-neuron", "range", "y", True, skills=["activation"], duration_s=60, now=at(0)
        )
        store.record_attempt(
            "backprop", "chain", "z", True, skills=["chain-rule"], duration_s=60, now=at(0)
        )
        store.mark_lesson_complete("the-neuron", now=at(0))
        store.add_time(3900, "the-neuron", now=at(0))
    return tmp_path


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_summary_text(data_dir, capsys):
    code, out, err = run(capsys, "progress", "--data-dir", str(data_dir))
    assert code == 0 and err == ""
    assert 'profile "default"' in out
    assert "1 completed, 1 started" in out
    assert "3, 2 right" in out
    assert "1 h 5 min" in out
    assert "activation" in out and "chain-rule" in out
    assert "Next 7 days" in out


def test_summary_json(data_dir, capsys):
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "progress", "--json")
    summary = json.loads(out)
    assert code == 0
    assert summary["lessons"]["the-neuron"]["status"] == "completed"
    assert summary["lessons"]["backprop"]["status"] == "started"
    assert summary["attempts"] == {"total": 3, "correct": 2}
    assert set(summary["skills"]) == {"activation", "chain-rule"}
    assert summary["reviews"]["due_now"] == 2  # everything recorded at T0 is due by now
    assert len(summary["reviews"]["forecast"]) == 7
    assert summary["time_spent_s"] == 3900.0
    assert summary["streak"] is None


def test_empty_store(tmp_path, capsys):
    code, out, _ = run(capsys, "progress", "--data-dir", str(tmp_path))
    assert code == 0 and "Nothing recorded yet" in out


def test_data_dir_from_the_environment_and_profiles(data_dir, capsys, monkeypatch):
    monkeypatch.setenv("NNTUTOR_DATA_DIR", str(data_dir))
    _, out, _ = run(capsys, "progress", "--json")
    assert json.loads(out)["attempts"]["total"] == 3
    _, out, _ = run(capsys, "--profile", "alice", "progress", "--json")
    assert json.loads(out)["attempts"]["total"] == 0 and json.loads(out)["profile"] == "alice"
    _, out, _ = run(capsys, "progress", "--json", "--profile", "alice")
    assert json.loads(out)["profile"] == "alice"
    assert (data_dir / "progress-alice.sqlite3").exists()
    code, _, err = run(capsys, "progress", "--profile", "../etc")
    assert code == 2 and "profile name" in err


def total(data_dir) -> int:
    with ProgressStore.open(data_dir) as store:
        return len(store.attempts())


def test_reset_needs_confirmation(data_dir, capsys, monkeypatch):
    # not a terminal and no --yes: refuse
    code, _, err = run(capsys, "progress", "--data-dir", str(data_dir), "reset", "--all")
    assert code == 2 and "--yes" in err
    assert total(data_dir) == 3
    # a terminal: ask; anything but yes keeps everything
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    code, out, _ = run(
        capsys, "progress", "--data-dir", str(data_dir), "reset", "--lesson", "the-neuron"
    )
    assert code == 1 and "Nothing was reset" in out
    assert total(data_dir) == 3
    asked = []
    monkeypatch.setattr("builtins.input", lambda prompt: asked.append(prompt) or "y")
    code, out, _ = run(
        capsys, "progress", "--data-dir", str(data_dir), "reset", "--lesson", "the-neuron"
    )
    assert code == 0 and "2 attempts removed" in out
    assert "the-neuron" in asked[0] and "cannot be undone" in asked[0]
    assert total(data_dir) == 1


def test_reset_exercise_and_all_with_yes(data_dir, capsys):
    code, out, _ = run(
        capsys,
        "progress",
        "reset",
        "--exercise",
        "the-neuron/range",
        "--yes",
        "--data-dir",
        str(data_dir),
    )
    assert code == 0 and "2 attempts removed" in out
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "progress", "reset", "--all", "--yes")
    assert code == 0 and total(data_dir) == 0
    code, _, err = run(
        capsys, "--data-dir", str(data_dir), "progress", "reset", "--exercise", "no-slash", "--yes"
    )
    assert code == 2 and "LESSON/EXERCISE" in err


def test_a_bad_import_is_refused_and_changes_nothing(data_dir, tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps({"format": "nntutor-progress", "version": 1, "attempts": [{"uid": "x"}]})
    )
    code, _, err = run(capsys, "--data-dir", str(data_dir), "progress", "import", str(bad))
    assert code == 1 and "progress is unchanged" in err and "attempts[0]" in err
    code, _, err = run(
        capsys, "--data-dir", str(data_dir), "progress", "import", str(tmp_path / "missing.json")
    )
    assert code == 1 and "cannot read" in err
    assert total(data_dir) == 3


def test_a_corrupt_file_is_reported_and_the_command_still_works(tmp_path, capsys):
    (tmp_path / file_name()).write_bytes(b"\x00garbage" * 1000)
    code, out, err = run(capsys, "--data-dir", str(tmp_path), "progress")
    assert code == 0 and "Nothing recorded yet" in out
    assert "kept, not deleted" in err and ".corrupt-" in err
    code, out, err = run(capsys, "--data-dir", str(tmp_path), "--lang", "ru", "progress")
    assert err == ""  # reported once: the fresh file is fine


def test_export_to_standard_output(data_dir, capsys):
    code, out, err = run(capsys, "--data-dir", str(data_dir), "progress", "export", "-")
    assert code == 0 and "Exported 3 attempts" in err
    assert len(json.loads(out)["attempts"]) == 3
