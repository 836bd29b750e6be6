"""The progress store: what it records, how it reads back, resets, threads, profiles, migrations."""

import sqlite3
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

import pytest

from nntutor.practice import schema
from nntutor.practice.store import Position, ProgressStore, file_name
from tests.practice.timeline import T0, at


def test_an_attempt_reads_back_identically_after_a_restart(tmp_path):
    with ProgressStore.open(tmp_path) as store:
        recorded = store.record_attempt(
            "the-neuron",
            "sigmoid-range",
            "(0, 1)",
            True,
            skills=["activation", "neuron", "activation"],
            feedback="Right: σ stays between 0 and 1.",
            hints_used=1,
            seed=1234,
            duration_s=42.5,
            now=at(0),
        )
        store.mark_lesson_complete("the-neuron", now=at(0))
        store.set_position("the-neuron", "Activation", now=at(0))
    assert recorded.skills == ("activation", "neuron")
    assert recorded.at == T0 and recorded.at.tzinfo == timezone.utc
    with ProgressStore.open(tmp_path) as store:
        assert store.notice is None
        assert store.attempts() == [recorded]
        assert store.lesson_status("the-neuron") == "completed"
        assert store.last_position() == Position("the-neuron", "Activation", T0)
        assert set(store.mastery()) == {"activation", "neuron"}
        assert len(store.due_reviews(now=at(30))) == 1


def test_an_attempt_is_committed_before_record_attempt_returns(tmp_path):
    store = ProgressStore.open(tmp_path)
    store.record_attempt("l", "e", "42", True, now=at(0))
    other = sqlite3.connect(tmp_path / file_name())  # another process's view of the file
    assert other.execute("SELECT answer FROM attempts").fetchall() == [("42",)]
    assert other.execute("SELECT COUNT(*) FROM cards").fetchone() == (1,)
    other.close()
    store.close()


def test_the_file_is_wal_with_full_sync(store):
    assert store._conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store._conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert store._conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_attempts_filter_and_order(store):
    store.record_attempt("a", "x", "2", False, now=at(1))
    store.record_attempt("a", "y", "3", True, now=at(0))
    store.record_attempt("b", "x", "4", True, now=at(2))
    assert [a.answer for a in store.attempts()] == ["3", "2", "4"]
    assert [a.answer for a in store.attempts("a")] == ["3", "2"]
    assert [a.answer for a in store.attempts("a", "x")] == ["2"]
    assert [a.answer for a in store.attempts(exercise_id="x")] == ["2", "4"]


def test_exercise_states_and_hint_policy(store):
    store.record_attempt("l", "e1", "1", False, seed=7, now=at(0))
    store.record_hint("l", "e1", 0, now=at(0))
    store.record_attempt("l", "e1", "2", False, hints_used=1, seed=8, now=at(0))
    store.record_hint("l", "e1", 1, now=at(0))
    store.record_solution_viewed("l", "e1", now=at(0))
    store.record_attempt("l", "e1", "3", True, hints_used=2, solution_seen=True, seed=9, now=at(0))
    store.record_hint("l", "e2", 0, now=at(0))
    states = store.exercise_states("l")
    e1, e2 = states["e1"], states["e2"]
    assert (e1.attempts, e1.wrong, e1.solved) == (3, 2, True)
    assert (e1.last_answer, e1.last_correct, e1.last_seed) == ("3", True, 9)
    assert (e1.hints_shown, e1.solution_seen) == (2, True)
    assert (e2.attempts, e2.solved, e2.last_answer, e2.hints_shown) == (0, False, None, 1)
    assert store.exercise_states("other") == {}
    # hints unlock one per wrong attempt (or when asked); the solution after N attempts
    assert e2.hints_offered(3) == 1
    assert e1.hints_offered(1) == 1
    fresh = store.exercise_states("l")["e2"]
    assert not fresh.solution_offered(after=3)
    store.record_attempt("l", "e2", "a", False, now=at(0))
    store.record_attempt("l", "e2", "b", False, now=at(0))
    later = store.exercise_states("l")["e2"]
    assert later.hints_offered(3) == 2
    assert not later.solution_offered(after=3)
    store.record_attempt("l", "e2", "c", False, now=at(0))
    assert store.exercise_states("l")["e2"].solution_offered(after=3)


def test_lesson_statuses(store):
    assert store.lesson_status("a") == "new"
    store.set_position("a", None, now=at(0))
    store.record_hint("b", "e", 0, now=at(0))
    store.add_time(30, "c", now=at(0))
    store.record_attempt("d", "e", "x", False, now=at(0))
    store.mark_lesson_complete("e", now=at(0))
    store.add_time(30, None, now=at(0))  # outside any lesson: starts nothing
    assert store.lesson_statuses() == {
        "a": "started",
        "b": "started",
        "c": "started",
        "d": "started",
        "e": "completed",
    }


def test_completion_keeps_the_first_time(store):
    store.mark_lesson_complete("a", now=at(0))
    store.mark_lesson_complete("a", now=at(5))
    assert store.export_dict()["lessons"] == [
        {"lesson_id": "a", "completed_at": T0.isoformat(timespec="microseconds")}
    ]


def test_positions_per_lesson_and_last(store):
    assert store.last_position() is None
    store.set_position("a", "Intro", now=at(0))
    store.set_position("b", "Gradients", now=at(1))
    store.set_position("a", "Sigmoid", now=at(2))
    assert store.last_position() == Position("a", "Sigmoid", at(2))
    assert store.position("b") == Position("b", "Gradients", at(1))
    assert store.position("zzz") is None


def test_time_spent(store):
    store.add_time(60, "a", now=at(0))
    store.add_time(30.5, "a", now=at(1))
    store.add_time(10, None, now=at(1))
    for nonsense in (0, -5, float("nan"), float("inf")):
        store.add_time(nonsense, "a", now=at(1))
    assert store.time_spent() == {"": 10.0, "a": 90.5}
    assert store.total_time() == 100.5


def test_streak_is_off_until_turned_on(store):
    for day in (0, 1, 2, 4, 5):
        store.record_attempt("l", "e", "x", True, now=at(day))
    assert store.streak(now=at(5), tz=timezone.utc) is None
    store.set_streak_enabled(True)
    assert store.streak_enabled
    assert store.streak(now=at(5), tz=timezone.utc) == 2
    assert store.streak(now=at(6), tz=timezone.utc) == 2  # today not yet practised: still alive
    assert store.streak(now=at(7), tz=timezone.utc) == 0
    assert store.streak(now=at(2), tz=timezone.utc) == 3


def test_settings(store):
    assert store.get_setting("x", "default") == "default"
    store.set_setting("x", {"a": [1, 2]})
    assert store.get_setting("x") == {"a": [1, 2]}


def test_variant_seed_is_stable_until_an_attempt_and_differs_per_learner(tmp_path):
    with ProgressStore.open(tmp_path) as store:
        first = store.variant_seed("l", "e")
        assert store.variant_seed("l", "e") == first
        assert store.variant_seed("l", "other") != first
        store.record_attempt("l", "e", "x", False, seed=first, now=at(0))
        second = store.variant_seed("l", "e")
        assert second != first
        assert 0 <= second < 2**63
    with ProgressStore.open(tmp_path) as store:
        assert store.variant_seed("l", "e") == second  # a restart shows the same variant
    with ProgressStore.open(tmp_path, "bob") as bob:
        assert bob.variant_seed("l", "e") != first


def test_reset_exercise_lesson_all(store):
    store.record_attempt("a", "x", "1", True, skills=["s", "t"], duration_s=60, now=at(0))
    store.record_attempt("a", "y", "1", True, skills=["s"], duration_s=60, now=at(0))
    store.record_hint("a", "x", 0, now=at(0))
    store.record_attempt("b", "x", "1", True, skills=["t"], duration_s=60, now=at(0))
    store.mark_lesson_complete("a", now=at(0))
    store.set_position("a", "S", now=at(0))
    store.add_time(50, "a", now=at(0))
    store.set_streak_enabled(True)

    assert store.reset_exercise("a", "x") == 1
    assert [(a.lesson_id, a.exercise_id) for a in store.attempts()] == [("a", "y"), ("b", "x")]
    assert "x" not in store.exercise_states("a")
    assert {(r.lesson_id, r.exercise_id) for r in store.due_reviews(now=at(30))} == {
        ("a", "y"),
        ("b", "x"),
    }
    mastery = store.mastery()
    assert (mastery["s"].attempts, mastery["t"].attempts) == (1, 1)

    assert store.reset_lesson("a") == 1
    assert store.lesson_status("a") == "new"
    assert store.position("a") is None
    assert store.time_spent() == {}
    assert set(store.mastery()) == {"t"}  # "s" was only practised in lesson a
    assert store.lesson_status("b") == "started"

    assert store.reset_all() == 1
    assert store.attempts() == [] and store.mastery() == {} and store.due_reviews(now=at(30)) == []
    assert store.lesson_statuses() == {}
    assert store.streak_enabled  # a setting, not progress


def test_invalid_arguments_are_refused(store):
    with pytest.raises(ValueError):
        store.record_attempt("", "e", "x", True)
    with pytest.raises(ValueError):
        store.record_attempt("l", "e", "x", True, hints_used=-1)
    with pytest.raises(ValueError):
        store.record_attempt("l", "e", "x", True, seed=2**64)
    with pytest.raises(ValueError):
        store.record_attempt("l", "e", "x", True, duration_s=float("nan"))
    with pytest.raises(ValueError):
        store.record_hint("l", "e", -1)
    assert store.attempts() == []


def test_profiles_have_their_own_files(tmp_path):
    with ProgressStore.open(tmp_path) as default, ProgressStore.open(tmp_path, "alice") as alice:
        alice.record_attempt("l", "e", "x", True, now=at(0))
        assert default.attempts() == []
        assert alice.profile == "alice"
    assert (tmp_path / "progress.sqlite3").exists()
    assert (tmp_path / "progress-alice.sqlite3").exists()
    assert ProgressStore.profiles(tmp_path) == ["alice", "default"]
    for bad in ("", "../x", "a b", "-x", "x" * 41):
        with pytest.raises(ValueError, match="profile name"):
            ProgressStore.open(tmp_path, bad)


def test_two_threads_share_one_store(store):
    def work(name):
        for i in range(50):
            store.record_attempt(
                "l", name, str(i), i % 2 == 0, skills=["shared"], now=at(0, seconds=i)
            )
            store.attempts("l", name)
            store.summary(now=at(1))

    with ThreadPoolExecutor(max_workers=3) as pool:
        for future in [pool.submit(work, f"e{n}") for n in range(3)]:
            future.result()  # re-raises anything a thread hit
    assert len(store.attempts()) == 150
    assert store.mastery()["shared"].attempts == 150


def test_an_older_schema_is_migrated_and_keeps_its_data(tmp_path, monkeypatch):
    with ProgressStore.open(tmp_path) as store:
        store.record_attempt("l", "e", "x", True, now=at(0))

    def add_notes(conn):
        conn.execute("CREATE TABLE notes (lesson_id TEXT PRIMARY KEY, text TEXT NOT NULL)")

    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, add_notes])
    with ProgressStore.open(tmp_path) as store:
        assert store.notice is None
        assert [a.answer for a in store.attempts()] == ["x"]
        assert store._conn.execute("PRAGMA user_version").fetchone()[0] == 2
        store._conn.execute("INSERT INTO notes VALUES ('l', 'hello')")


def test_a_failed_migration_leaves_the_file_as_it_was(tmp_path, monkeypatch):
    with ProgressStore.open(tmp_path) as store:
        store.record_attempt("l", "e", "x", True, now=at(0))

    def broken(conn):
        conn.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("migration bug")

    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, broken])
    with pytest.raises(RuntimeError):
        ProgressStore.open(tmp_path)
    monkeypatch.undo()
    with ProgressStore.open(tmp_path) as store:
        assert store.notice is None
        assert store._conn.execute("PRAGMA user_version").fetchone()[0] == 1
        assert [a.answer for a in store.attempts()] == ["x"]


def test_importing_the_store_is_light():
    code = (
        "import sys, nntutor.practice.store\n"
        "heavy = [m for m in ('fsrs', 'textual', 'numpy', 'sympy') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_recording_does_not_slow_down_with_history(store):
    import time

    for i in range(300):
        store.record_attempt("l", f"e{i % 10}", "x", i % 3 != 0, skills=["a", "b"], now=at(i / 10))
    start = time.perf_counter()
    store.record_attempt("l", "e0", "x", True, skills=["a", "b"], now=at(40))
    assert time.perf_counter() - start < 0.5
    assert store.due_reviews(now=at(40) + timedelta(days=400))


def test_lab_replay_predictions_count_for_skills_but_are_not_reviewed(store):
    store.record_attempt("@lab", "replay", "δ₃[1,2] = 0.1", True, skills=["backprop"])
    store.record_attempt("@lab", "replay", "sign(δ₂[1,1]) = +", False, skills=["backprop"])
    assert [a.exercise_id for a in store.attempts("@lab")] == ["replay", "replay"]
    assert store.mastery()["backprop"].attempts == 2
    far = datetime.now(timezone.utc) + timedelta(days=3650)
    assert store.due_reviews(far) == []
    assert "@lab" not in store.lesson_statuses()
    summary = store.summary()
    assert summary["attempts"]["total"] == 2 and "@lab" not in summary["lessons"]
