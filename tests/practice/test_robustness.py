"""The file survives what learners' machines do: two sessions at once, kill -9, damage, a newer nntutor."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from nntutor.practice.store import ProgressStore, file_name
from tests.practice.timeline import at

WRITER = Path(__file__).with_name("writer.py")


def start_writer(data_dir: Path, name: str, count: int, go: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(WRITER), str(data_dir), name, str(count), str(go)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def integrity(data_dir: Path) -> str:
    conn = sqlite3.connect(data_dir / file_name())
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def assert_caches_match_attempts(store: ProgressStore) -> None:
    """The cards and mastery written in each attempt's transaction agree with the attempts."""
    attempts = store.attempts()
    per_exercise: dict = {}
    per_skill: dict = {}
    for attempt in attempts:
        per_exercise[(attempt.lesson_id, attempt.exercise_id)] = (
            per_exercise.get((attempt.lesson_id, attempt.exercise_id), 0) + 1
        )
        for skill in attempt.skills:
            per_skill[skill] = per_skill.get(skill, 0) + 1
    cards = {(r.lesson_id, r.exercise_id): r.reviews for r in store.due_reviews(now=at(100_000))}
    assert cards == per_exercise
    assert {skill: state.attempts for skill, state in store.mastery().items()} == per_skill


# ---- two processes at once -------------------------------------------------------------------


def test_two_writers_at_once_lose_and_corrupt_nothing(tmp_path):
    data_dir, go = tmp_path / "data", tmp_path / "go"
    rounds = 40
    writers = [start_writer(data_dir, name, rounds, go) for name in ("alpha", "beta")]
    time.sleep(0.5)  # both are waiting; release them together onto a file that does not exist yet
    go.touch()
    for writer in writers:
        out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
        assert "NOTICE" not in out
        assert out.split() == [str(i) for i in range(rounds)]
    assert integrity(data_dir) == "ok"
    with ProgressStore.open(data_dir) as store:
        assert store.notice is None
        answers = [a.answer for a in store.attempts()]
        assert len(answers) == 4 * rounds
        for name in ("alpha", "beta"):
            for i in range(rounds):
                assert answers.count(f"{name}:{i}") == 2
        assert store.time_spent() == {"race": 2.0 * rounds}
        assert store.mastery()["shared"].attempts == 4 * rounds
        assert_caches_match_attempts(store)


# ---- kill -9 ---------------------------------------------------------------------------------


@pytest.mark.parametrize("rounds_before_kill", [0, 1, 7, 25])
def test_kill_9_during_writes_loses_nothing_confirmed(tmp_path, rounds_before_kill):
    data_dir, go = tmp_path / "data", tmp_path / "go"
    go.touch()
    confirmed = -1
    for session in range(3):  # several sessions, each killed mid-write
        writer = start_writer(data_dir, f"s{session}", 0, go)
        if rounds_before_kill == 0:
            time.sleep(0.05 + 0.1 * session)  # somewhere in start-up, opening or the first writes
        else:
            for _ in range(rounds_before_kill):
                line = writer.stdout.readline()
                assert line.strip().isdigit(), (
                    line,
                    writer.stderr.read() if writer.poll() is not None else "",
                )
                confirmed = int(line)
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=30)
        assert writer.returncode == -signal.SIGKILL

        with ProgressStore.open(data_dir) as store:
            assert store.notice is None
            answers = {a.answer for a in store.attempts()}
            for i in range(confirmed + 1):
                assert f"s{session}:{i}" in answers  # every round reported as done is on disk
            assert_caches_match_attempts(store)
        assert integrity(data_dir) == "ok"


# ---- a damaged file --------------------------------------------------------------------------


def set_aside_files(data_dir: Path, kind: str) -> list[Path]:
    return sorted(
        p
        for p in data_dir.iterdir()
        if f".{kind}-" in p.name and not p.name.endswith(("-wal", "-shm"))
    )


def test_a_garbage_file_is_kept_aside_and_a_fresh_store_starts(tmp_path):
    tmp_path.joinpath(file_name()).write_bytes(b"this is not a database\n" * 500)
    original = tmp_path.joinpath(file_name()).read_bytes()
    store = ProgressStore.open(tmp_path)
    (aside,) = set_aside_files(tmp_path, "corrupt")
    assert aside.name.startswith("progress.sqlite3.corrupt-") and aside.name.endswith("Z")
    assert aside.read_bytes() == original  # kept, byte for byte
    assert store.problem.kind == "corrupt" and store.problem.moved_to == aside
    assert (
        str(aside) in store.notice and "damaged" in store.notice and "not deleted" in store.notice
    )
    assert str(aside) in store.notice_in("ru")
    assert store.persistent
    store.record_attempt("l", "e", "x", True, now=at(0))
    store.close()
    with ProgressStore.open(tmp_path) as again:  # the fresh file is fine from now on
        assert again.notice is None
        assert len(again.attempts()) == 1


def test_a_file_with_damaged_pages_is_kept_aside(tmp_path):
    with ProgressStore.open(tmp_path) as store:
        for i in range(400):
            store.record_attempt(
                "lesson", f"e{i % 20}", "answer " * 20, i % 2 == 0, skills=["s"], now=at(i)
            )
    path = tmp_path / file_name()
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0
    size = path.stat().st_size
    with open(path, "r+b") as handle:  # scribble over a few pages in the middle
        handle.seek(size // 2)
        handle.write(os.urandom(8192))
    with ProgressStore.open(tmp_path) as store:
        assert store.problem is not None and store.problem.kind == "corrupt"
        assert store.attempts() == []
    assert len(set_aside_files(tmp_path, "corrupt")) == 1


def test_the_wal_moves_aside_with_its_file(tmp_path):
    path = tmp_path / file_name()
    path.write_bytes(b"garbage" * 100)
    Path(f"{path}-wal").write_bytes(b"old wal")
    with ProgressStore.open(tmp_path) as store:
        assert store.problem.kind == "corrupt"
        aside = store.problem.moved_to
        assert Path(f"{aside}-wal").read_bytes() == b"old wal"


def test_a_foreign_sqlite_file_is_not_taken_for_progress(tmp_path):
    conn = sqlite3.connect(tmp_path / file_name())
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    with ProgressStore.open(tmp_path) as store:
        assert store.problem.kind == "corrupt"
        assert "not an nntutor progress file" in store.problem.detail
    (aside,) = set_aside_files(tmp_path, "corrupt")
    assert sqlite3.connect(aside).execute("SELECT name FROM sqlite_master").fetchall() == [
        ("recipes",)
    ]


def test_an_empty_file_is_simply_a_new_store(tmp_path):
    tmp_path.joinpath(file_name()).write_bytes(b"")
    with ProgressStore.open(tmp_path) as store:
        assert store.notice is None


# ---- a newer nntutor's file ------------------------------------------------------------------


def test_a_newer_schema_is_kept_aside_unchanged(tmp_path):
    with ProgressStore.open(tmp_path) as store:
        store.record_attempt("l", "e", "from the future", True, now=at(0))
    conn = sqlite3.connect(tmp_path / file_name())
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    with ProgressStore.open(tmp_path) as store:
        assert store.problem.kind == "newer"
        assert "newer version of nntutor" in store.notice
        assert store.attempts() == []
    (aside,) = set_aside_files(tmp_path, "newer")
    kept = sqlite3.connect(aside)
    assert kept.execute("PRAGMA user_version").fetchone() == (99,)
    assert kept.execute("SELECT answer FROM attempts").fetchall() == [("from the future",)]
    kept.close()


# ---- no usable folder ------------------------------------------------------------------------


def test_an_unusable_folder_gives_a_working_store_that_says_it_will_not_save(tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the data folder should be")
    store = ProgressStore.open(blocked / "nntutor")
    assert store.problem.kind == "unavailable"
    assert not store.persistent
    assert "will not be saved" in store.notice and "--data-dir" in store.notice
    store.record_attempt("l", "e", "x", True, now=at(0))
    assert len(store.attempts()) == 1
    store.close()
