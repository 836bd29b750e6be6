"""Spaced review with a frozen clock: ratings, due dates, lapses and leeches, the forecast."""

from datetime import date, timedelta, timezone

import pytest

from nntutor.practice.scheduling import (
    AGAIN,
    EASY,
    EASY_WITHIN_S,
    GOOD,
    HARD,
    LEECH_LAPSES,
    rating_for,
    replay_card,
)
from tests.practice.timeline import at


def test_the_rating_follows_from_the_outcome():
    assert rating_for(False) == AGAIN
    assert rating_for(False, hints_used=2) == AGAIN
    assert rating_for(True, solution_seen=True) == AGAIN  # copied from the solution: not recalled
    assert rating_for(True, hints_used=1) == HARD
    assert rating_for(True, hints_used=1, duration_s=3) == HARD  # quick, but with a hint
    assert rating_for(True) == GOOD
    assert rating_for(True, duration_s=EASY_WITHIN_S + 1) == GOOD
    assert rating_for(True, duration_s=EASY_WITHIN_S) == EASY


@pytest.mark.parametrize(("rating", "days"), [(AGAIN, 1), (HARD, 1), (GOOD, 2), (EASY, 8)])
def test_first_review_due_dates(rating, days):
    card = replay_card([(at(0), rating)])
    assert card.due == at(days)
    assert card.reviews == 1 and card.lapses == 0


def test_no_reviews_no_card():
    assert replay_card([]) is None


def test_intervals_grow_with_each_success_and_replays_are_deterministic():
    assert replay_card([(at(0), GOOD)]).due == at(2)
    assert replay_card([(at(0), GOOD), (at(2), GOOD)]).due == at(2 + 11)
    reviews = [(at(0), GOOD), (at(2), GOOD), (at(13), GOOD)]
    first = replay_card(reviews)
    assert first.due - at(13) > timedelta(days=30)
    assert replay_card(reviews) == first  # no fuzzing: the same history gives the same card


def test_a_lapse_is_a_wrong_answer_after_a_right_one():
    # several wrong tries in a row are one struggle, not several lapses
    assert (
        replay_card([(at(0), AGAIN), (at(0, minutes=1), AGAIN), (at(0, minutes=2), GOOD)]).lapses
        == 0
    )
    history = [
        (at(0), GOOD),
        (at(2), AGAIN),
        (at(2, minutes=1), AGAIN),
        (at(3), HARD),
        (at(5), AGAIN),
    ]
    assert replay_card(history).lapses == 2


def test_due_reviews_with_a_frozen_clock(store):
    store.record_attempt("l1", "good", "x", True, duration_s=60, now=at(0))  # due in 2 days
    store.record_attempt("l1", "wrong", "x", False, now=at(0))  # due tomorrow
    store.record_attempt("l2", "easy", "x", True, duration_s=5, now=at(0))  # due in 8 days
    assert store.due_reviews(now=at(0.9)) == []
    assert [r.exercise_id for r in store.due_reviews(now=at(1))] == ["wrong"]
    assert [r.exercise_id for r in store.due_reviews(now=at(30))] == ["wrong", "good", "easy"]
    assert [r.exercise_id for r in store.due_reviews(now=at(30), limit=2)] == ["wrong", "good"]
    # a mixed session across lessons: items from both lessons
    assert {r.lesson_id for r in store.due_reviews(now=at(30))} == {"l1", "l2"}
    item = store.due_reviews(now=at(1))[0]
    assert item.due == at(1) and item.due.tzinfo == timezone.utc


def test_reviewing_reschedules_the_card(store):
    store.record_attempt("l", "e", "x", True, duration_s=60, now=at(0))
    store.record_attempt("l", "e", "x", True, duration_s=60, now=at(2))
    (item,) = store.due_reviews(now=at(100))
    assert item.due == replay_card([(at(0), GOOD), (at(2), GOOD)]).due
    assert item.reviews == 2


def test_hints_make_the_next_review_sooner(store):
    store.record_attempt("l", "plain", "x", True, duration_s=60, now=at(0))
    store.record_attempt("l", "hinted", "x", True, hints_used=1, duration_s=60, now=at(0))
    due = {r.exercise_id: r.due for r in store.due_reviews(now=at(100))}
    assert due["hinted"] < due["plain"]


def test_leech_after_repeated_lapses(store):
    day = 0
    for _ in range(LEECH_LAPSES):
        store.record_attempt("l", "e", "right", True, duration_s=60, now=at(day))
        store.record_attempt("l", "e", "wrong", False, now=at(day + 3))
        assert store.leeches() == [] or store.leeches()[0].lapses == LEECH_LAPSES
        day += 5
    (item,) = store.due_reviews(now=at(day + 10))
    assert item.lapses == LEECH_LAPSES and item.is_leech
    assert [i.exercise_id for i in store.leeches()] == ["e"]


def test_forecast_counts_per_day_and_puts_overdue_into_today(store):
    store.record_attempt("l", "a", "x", False, now=at(-5))  # overdue since 4 days ago
    store.record_attempt("l", "b", "x", False, now=at(0))  # due tomorrow
    store.record_attempt("l", "c", "x", True, duration_s=60, now=at(0))  # in 2 days
    store.record_attempt("l", "d", "x", True, duration_s=5, now=at(0))  # in 8 days: beyond a week
    forecast = store.review_forecast(7, now=at(0), tz=timezone.utc)
    assert [day for day, _ in forecast] == [date(2026, 11, 2) + timedelta(days=i) for i in range(7)]
    assert [count for _, count in forecast] == [1, 1, 1, 0, 0, 0, 0]
    assert [count for _, count in store.review_forecast(10, now=at(0), tz=timezone.utc)][8] == 1


def test_forecast_days_follow_the_time_zone(store):
    # due at 09:00 UTC on Nov 3 is still Nov 2 in UTC-10
    store.record_attempt("l", "b", "x", False, now=at(0))
    minus10 = timezone(timedelta(hours=-10))
    forecast = store.review_forecast(3, now=at(0), tz=minus10)
    assert forecast[0] == (date(2026, 11, 1), 0)
    assert forecast[2] == (date(2026, 11, 3), 0)
    assert forecast[1] == (date(2026, 11, 2), 1)


def test_naive_times_are_refused(store):
    with pytest.raises(ValueError, match="timezone-aware"):
        store.record_attempt("l", "e", "x", True, now=at(0).replace(tzinfo=None))
    with pytest.raises(ValueError, match="timezone-aware"):
        store.due_reviews(now=at(0).replace(tzinfo=None))
