"""Export and import: a faithful round trip, idempotent merges, and bad files refused untouched."""

import copy
import json
from datetime import timezone

import pytest

from nntutor.cli import main
from nntutor.practice import transfer
from nntutor.practice.store import ProgressStore
from tests.practice.timeline import at


def fill(store: ProgressStore, who: str = "a") -> None:
    store.record_attempt(
        "the-neuron", "range", "(0,1)", False, skills=["activation"], seed=11, now=at(0)
    )
    store.record_hint("the-neuron", "range", 0, now=at(0, minutes=1))
    store.record_attempt(
        "the-neuron",
        "range",
        "0<σ<1",
        True,
        skills=["activation"],
        hints_used=1,
        seed=12,
        feedback="Right.",
        duration_s=48.25,
        now=at(0, minutes=2),
    )
    store.record_solution_viewed("backprop", "chain", now=at(1))
    store.record_attempt(
        "backprop",
        "chain",
        f"{who}·σ′",
        True,
        skills=["chain-rule", "sigmoid"],
        solution_seen=True,
        now=at(1),
    )
    store.record_attempt(
        "backprop", "chain", "x", True, skills=["chain-rule"], duration_s=9, now=at(4)
    )
    store.mark_lesson_complete("the-neuron", now=at(0, hours=1))
    store.set_position("backprop", "The chain rule", now=at(4))
    store.add_time(600, "the-neuron", now=at(0))
    store.add_time(95.5, "backprop", now=at(4))
    store.add_time(30, None, now=at(4))
    store.set_streak_enabled(True)


def snapshot(store: ProgressStore) -> dict:
    """Everything a learner can see, at a fixed moment."""
    return {
        "summary": store.summary(now=at(5), tz=timezone.utc),
        "attempts": [(a.uid, a.answer, a.at, a.skills, a.rating) for a in store.attempts()],
        "due": store.due_reviews(now=at(400)),
        "mastery": store.mastery(),
        "states": {lesson: store.exercise_states(lesson) for lesson in ("the-neuron", "backprop")},
        "position": store.last_position(),
        "time": store.time_spent(),
    }


def test_export_import_round_trip_into_an_empty_data_dir(tmp_path):
    with ProgressStore.open(tmp_path / "one") as source:
        fill(source)
        exported = json.loads(json.dumps(source.export_dict(now=at(5))))  # through JSON, as on disk
        expected = snapshot(source)
    with ProgressStore.open(tmp_path / "two") as target:
        report = target.import_dict(exported)
        assert (report.attempts_added, report.attempts_already_present) == (4, 0)
        assert snapshot(target) == expected
        again = target.export_dict(now=at(5))
    assert {**again, "profile": None} == {**exported, "profile": None}


def test_importing_twice_changes_nothing(tmp_path):
    with ProgressStore.open(tmp_path / "one") as source:
        fill(source)
        exported = source.export_dict()
    with ProgressStore.open(tmp_path / "two") as target:
        target.import_dict(exported)
        first = snapshot(target)
        report = target.import_dict(exported)
        assert (report.attempts_added, report.attempts_already_present, report.events_added) == (
            0,
            4,
            0,
        )
        assert snapshot(target) == first


def test_importing_into_the_same_store_changes_nothing(store):
    fill(store)
    before = snapshot(store)
    store.import_dict(store.export_dict())
    assert snapshot(store) == before


def test_two_machines_merge(tmp_path):
    with (
        ProgressStore.open(tmp_path / "laptop") as laptop,
        ProgressStore.open(tmp_path / "server") as server,
    ):
        laptop.record_attempt("l", "e", "1", True, skills=["s"], duration_s=60, now=at(0))
        laptop.add_time(100, "l", now=at(0))
        server.record_attempt("l", "e", "2", True, skills=["s"], duration_s=60, now=at(2))
        server.add_time(50, "l", now=at(2))
        server.set_position("l", "later", now=at(2))
        laptop.set_position("l", "earlier", now=at(1))
        laptop.import_dict(server.export_dict())
        server.import_dict(laptop.export_dict())
        for side in (laptop, server):
            assert [a.answer for a in side.attempts()] == ["1", "2"]
            (item,) = side.due_reviews(now=at(400))
            assert item.reviews == 2
            assert side.mastery()["s"].score == 4
            assert side.time_spent() == {"l": 150.0}
            assert side.last_position().section == "later"
        assert snapshot(laptop) == snapshot(server)


def test_attempts_recorded_out_of_order_are_replayed_in_time_order(tmp_path):
    with ProgressStore.open(tmp_path / "a") as a, ProgressStore.open(tmp_path / "b") as b:
        a.record_attempt("l", "e", "late", True, duration_s=60, now=at(5))
        b.record_attempt("l", "e", "early", False, now=at(0))
        a.import_dict(b.export_dict())
        (item,) = a.due_reviews(now=at(400))
        fresh = ProgressStore.in_memory()
        fresh.record_attempt("l", "e", "early", False, now=at(0))
        fresh.record_attempt("l", "e", "late", True, duration_s=60, now=at(5))
        assert fresh.due_reviews(now=at(400)) == [item]


BAD = [
    ("not a table", []),
    ("wrong format", {"format": "something-else", "version": 1}),
    ("newer version", {"format": "nntutor-progress", "version": 99}),
    ("attempts not a list", {"attempts": {}}),
    ("naive time", {"attempts": [{"at": "2026-11-02T09:00:00"}]}),
    ("missing uid", {"attempts": [{"uid": None}]}),
    ("correct as text", {"attempts": [{"correct": "yes"}]}),
    ("negative duration", {"attempts": [{"duration_s": -3}]}),
    ("rating out of range", {"attempts": [{"rating": 7}]}),
    (
        "bad event kind",
        {
            "events": [
                {
                    "uid": "e1",
                    "kind": "peek",
                    "lesson_id": "l",
                    "exercise_id": "e",
                    "at": "2026-11-02T09:00:00+00:00",
                }
            ]
        },
    ),
    (
        "bad time row",
        {"time": [{"origin": "o", "lesson_id": "l", "day": "yesterday", "seconds": 5}]},
    ),
    ("settings not a table", {"settings": []}),
]


@pytest.mark.parametrize(("case", "change"), BAD, ids=[case for case, _ in BAD])
def test_a_bad_file_is_refused_and_progress_stays_as_it_was(store, case, change):
    fill(store)
    before = snapshot(store)
    good = store.export_dict()
    if isinstance(change, dict):
        bad = copy.deepcopy(good)
        for key, value in change.items():
            if key in ("attempts", "events", "time") and isinstance(value, list):
                bad[key] = [
                    {
                        **(bad[key][0] if bad[key] else {}),
                        **value[0],
                        "uid": value[0].get("uid", "new-uid"),
                    }
                ] + bad[key]
            else:
                bad[key] = value
    else:
        bad = change
    with pytest.raises(transfer.InvalidProgressFile) as refused:
        store.import_dict(bad)
    assert refused.value.problems
    assert snapshot(store) == before


def test_an_import_that_fails_half_way_changes_nothing(store, monkeypatch, tmp_path):
    with ProgressStore.open(tmp_path / "other") as other:
        fill(other, who="b")
        data = other.export_dict()
    store.record_attempt("mine", "e", "x", True, now=at(0))
    before = snapshot(store)

    def crash(conn):
        raise OSError("disk full")

    monkeypatch.setattr(transfer, "rebuild_all", crash)
    with pytest.raises(OSError):
        store.import_dict(data)
    assert snapshot(store) == before


def test_a_hand_written_file_without_ratings_is_accepted(store):
    store.import_dict(
        {
            "format": "nntutor-progress",
            "version": 1,
            "attempts": [
                {
                    "uid": "u1",
                    "lesson_id": "l",
                    "exercise_id": "e",
                    "answer": "1",
                    "correct": True,
                    "at": "2026-11-02T09:00:00Z",
                }
            ],
        }
    )
    (attempt,) = store.attempts()
    assert attempt.rating == 3 and attempt.at == at(0)


def test_load_refuses_what_is_not_an_export(tmp_path):
    for name, content in [
        ("a.json", b"{not json"),
        ("b.json", b"\xff\xfe\x00"),
        ("c.json", b'{"format": 1}'),
    ]:
        path = tmp_path / name
        path.write_bytes(content)
        with pytest.raises(transfer.InvalidProgressFile):
            transfer.load(path)


def test_save_writes_a_file_that_loads_back(store, tmp_path):
    fill(store)
    path = tmp_path / "progress.json"
    transfer.save(store.export_dict(), path)
    assert transfer.load(path)["attempts"] == transfer.validate(store.export_dict())["attempts"]
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_cli_export_then_import_into_an_empty_data_dir_gives_identical_progress_json(
    tmp_path, capsys
):
    with ProgressStore.open(tmp_path / "one") as source:
        fill(source)
    out_file = tmp_path / "moved.json"
    assert main(["progress", "--data-dir", str(tmp_path / "one"), "export", str(out_file)]) == 0
    assert main(["--data-dir", str(tmp_path / "two"), "progress", "import", str(out_file)]) == 0
    capsys.readouterr()
    assert main(["progress", "--json", "--data-dir", str(tmp_path / "one")]) == 0
    original = capsys.readouterr().out
    assert main(["--data-dir", str(tmp_path / "two"), "progress", "--json"]) == 0
    moved = capsys.readouterr().out
    assert json.loads(original)["attempts"]["total"] == 4
    assert moved == original
    # and importing the same file again changes nothing
    assert main(["--data-dir", str(tmp_path / "two"), "progress", "import", str(out_file)]) == 0
    assert "0 attempts (4 were already here)" in capsys.readouterr().out
    assert main(["--data-dir", str(tmp_path / "two"), "progress", "--json"]) == 0
    assert capsys.readouterr().out == original
