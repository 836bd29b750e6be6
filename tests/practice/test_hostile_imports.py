"""Hostile progress files end in a clear message naming the file and the problem, never a traceback;
and what an older nntutor let in (rows of 1e308 seconds) no longer breaks the readers."""

from __future__ import annotations

import io
import json
import sqlite3
import time

import pytest

from nntutor.cli import main
from nntutor.practice import transfer
from nntutor.practice.attempts import clean_skills
from nntutor.practice.store import ProgressStore, file_name
from tests.practice.timeline import at


def export(**changes) -> dict:
    attempt = {
        "uid": "u1",
        "lesson_id": "l",
        "exercise_id": "e",
        "answer": "1",
        "correct": True,
        "skills": ["s"],
        "at": "2026-11-02T09:00:00Z",
    }
    attempt.update(changes.pop("attempt", {}))
    return {"format": "nntutor-progress", "version": 1, "attempts": [attempt], **changes}


def import_file(tmp_path, capsys, content: bytes | str) -> tuple[int, str]:
    """Import ``content`` through the CLI into a store holding one attempt; the store must not change."""
    data = tmp_path / "data"
    with ProgressStore.open(data) as store:
        store.record_attempt("mine", "e", "x", True, now=at(0))
    path = tmp_path / "hostile.json"
    path.write_bytes(
        content.encode("utf-8", "surrogatepass") if isinstance(content, str) else content
    )
    capsys.readouterr()
    started = time.perf_counter()
    code = main(["progress", "--data-dir", str(data), "import", str(path)])
    elapsed = time.perf_counter() - started
    _, err = capsys.readouterr()
    with ProgressStore.open(data) as store:
        assert [a.lesson_id for a in store.attempts()] == ["mine"]
    assert code == 1
    assert f"{path} was not imported" in err
    assert "Traceback" not in err
    assert elapsed < 30  # generous: a hang is minutes, and the suite runs on a busy machine
    return code, err


def test_nesting_thousands_deep_is_refused(tmp_path, capsys):
    deep = "[" * 100_000 + "]" * 100_000
    _, err = import_file(
        tmp_path, capsys, '{"format": "nntutor-progress", "settings": {"x": ' + deep + "}}"
    )
    assert "nested too deeply" in err


def test_nesting_thousands_deep_in_data_given_directly_is_refused(store):
    value: list = []
    for _ in range(100_000):
        value = [value]
    with pytest.raises(transfer.InvalidProgressFile, match="nested too deeply"):
        store.import_dict(export(settings={"x": value}))


def test_a_lone_surrogate_is_refused(tmp_path, capsys):
    text = json.dumps(export(attempt={"answer": "a\\ud800b"})).replace("\\\\ud800", "\\ud800")
    assert "\\ud800" in text
    _, err = import_file(tmp_path, capsys, text)
    assert "attempts[0].answer" in err and "U+D800" in err and "surrogate" in err


def test_a_lone_surrogate_in_a_setting_is_refused(tmp_path, capsys):
    text = json.dumps(export(settings={"streak": ["\ud800"]}))
    _, err = import_file(tmp_path, capsys, text)
    assert "settings['streak']" in err and "U+D800" in err


@pytest.mark.parametrize(
    "moment",
    ["9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+23:59", "9999-12-31T23:59:59+00:00"],
)
def test_dates_at_the_edges_are_refused(tmp_path, capsys, moment):
    _, err = import_file(tmp_path, capsys, json.dumps(export(attempt={"at": moment})))
    assert "attempts[0].at" in err


def test_a_5000_digit_number_in_the_file_is_refused(tmp_path, capsys):
    text = json.dumps(export()).replace('"version": 1', '"version": ' + "9" * 5000)
    _, err = import_file(tmp_path, capsys, text)
    assert "number too long" in err


def test_a_5000_digit_version_given_directly_is_refused(store):
    with pytest.raises(transfer.InvalidProgressFile, match="too large to show"):
        store.import_dict(export(version=10**5000))


def test_5000_digit_seconds_given_directly_are_refused(store):
    with pytest.raises(transfer.InvalidProgressFile, match=r"attempts\[0\]\.duration_s"):
        store.import_dict(export(attempt={"duration_s": 10**5000}))


def test_200000_skills_on_one_attempt_are_refused_quickly(tmp_path, capsys):
    skills = [f"skill-{i}" for i in range(200_000)]
    _, err = import_file(tmp_path, capsys, json.dumps(export(attempt={"skills": skills})))
    assert "attempts[0].skills" in err and "200000 skills" in err


def test_cleaning_skills_is_linear():
    skills = [f"s{i % 100_000}" for i in range(200_000)]
    started = time.perf_counter()
    cleaned = clean_skills(skills)
    assert time.perf_counter() - started < 5  # the quadratic version took minutes
    assert cleaned == [f"s{i}" for i in range(100_000)]
    assert clean_skills([" a", "b ", "a", "", "  "]) == ["a", "b"]


def test_1e308_seconds_are_refused_on_import(tmp_path, capsys):
    rows = [
        {"origin": f"o{i}", "lesson_id": "l", "day": "2026-11-02", "seconds": 1e308}
        for i in range(2)
    ]
    _, err = import_file(tmp_path, capsys, json.dumps(export(time=rows)))
    assert "time[0].seconds" in err and "at most" in err


def test_rows_of_1e308_seconds_already_stored_do_not_break_the_readers(tmp_path, capsys):
    with ProgressStore.open(tmp_path) as store:
        store.record_attempt("l", "e", "x", True, now=at(0))
    # what an older nntutor let an import write
    conn = sqlite3.connect(tmp_path / file_name())
    with conn:
        conn.executemany(
            "INSERT INTO time_spent (origin, lesson_id, day, seconds) VALUES (?, 'l', '2026-11-02', ?)",
            [("o1", 1e308), ("o2", 1e308), ("o3", float("inf")), ("o4", -5.0)],
        )
    conn.close()
    with ProgressStore.open(tmp_path) as store:
        total = store.total_time()
        assert 0 < total < float("inf")
        assert store.summary(now=at(1))["time_spent_s"] == round(total, 1)
    for argv in (["progress"], ["progress", "--json"]):
        code = main([*argv, "--data-dir", str(tmp_path)])
        out, err = capsys.readouterr()
        assert code == 0 and "Traceback" not in err
    assert json.loads(out)["lessons"]["l"]["time_s"] == round(total, 1)


def test_endless_standard_input_stops_at_the_size_cap(monkeypatch):
    class Endless(io.RawIOBase):
        def readable(self):
            return True

        def readinto(self, buffer):
            buffer[:] = b" " * len(buffer)
            return len(buffer)

    monkeypatch.setattr(transfer, "MAX_FILE_BYTES", 1024)
    with pytest.raises(transfer.InvalidProgressFile):
        transfer.load_stream(io.BufferedReader(Endless()))
