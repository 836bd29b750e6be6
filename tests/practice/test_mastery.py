"""Mastery rules (nntutor.practice.mastery), as documented in docs/progress.md."""

from datetime import datetime, timedelta, timezone

from nntutor.practice.mastery import (
    FAMILIAR,
    MASTERED,
    MAX_SCORE,
    PROFICIENT,
    Outcome,
    level_for,
    points,
    replay,
)

T0 = datetime(2026, 11, 1, 9, tzinfo=timezone.utc)


def right(day=0, **kw):
    return Outcome(T0 + timedelta(days=day), True, **kw)


def wrong(day=0):
    return Outcome(T0 + timedelta(days=day), False)


def test_points_reward_unaided_answers_most():
    assert points(right()) == 2
    assert points(right(hints_used=1)) == 1
    assert points(right(hints_used=3)) == 1
    assert points(right(solution_seen=True)) == 0
    assert points(right(hints_used=2, solution_seen=True)) == 0
    assert points(wrong()) == -1


def test_a_skill_never_attempted_is_new_and_any_attempt_makes_it_learning():
    assert replay("s", []).level == "new"
    assert replay("s", [wrong()]).level == "learning"
    assert replay("s", [wrong()]).score == 0  # the score never goes below zero


def test_levels_follow_the_score_thresholds():
    assert level_for(FAMILIAR - 1, 1, 0) == "learning"
    assert level_for(FAMILIAR, 1, 0) == "familiar"
    assert level_for(PROFICIENT, 1, 0) == "proficient"
    assert level_for(MASTERED, 1, 2) == "mastered"


def test_mastered_needs_unaided_answers_on_two_different_days():
    same_day = replay("s", [right() for _ in range(6)])
    assert same_day.score == MAX_SCORE
    assert same_day.level == "proficient"
    assert same_day.unaided_days == 1
    two_days = replay("s", [right() for _ in range(5)] + [right(day=1)])
    assert two_days.level == "mastered"
    # help on the second day does not count as a second day of unaided recall
    helped = replay("s", [right() for _ in range(5)] + [right(day=1, hints_used=1)])
    assert helped.level == "proficient"


def test_hints_and_solution_move_a_skill_up_less_or_not_at_all():
    unaided = replay("s", [right(), right()])
    hinted = replay("s", [right(hints_used=1), right(hints_used=1)])
    copied = replay("s", [right(solution_seen=True), right(solution_seen=True)])
    assert (unaided.score, hinted.score, copied.score) == (4, 2, 0)
    assert (unaided.level, hinted.level, copied.level) == ("familiar", "learning", "learning")


def test_wrong_answers_move_a_skill_down():
    outcomes = [right(), right(), right(day=1), right(day=1), right(day=2), right(day=2)]
    top = replay("s", outcomes)
    assert top.level == "mastered" and top.score == MAX_SCORE
    # the room above the threshold absorbs two slips; the third drops a level
    assert replay("s", outcomes + [wrong(3)] * 2).level == "mastered"
    assert replay("s", outcomes + [wrong(3)] * 3).level == "proficient"
    assert replay("s", outcomes + [wrong(3)] * 7).level == "familiar"
    assert replay("s", outcomes + [wrong(3)] * 10).level == "learning"


def test_counts_and_progress():
    state = replay("s", [wrong(), right(hints_used=1), right()])
    assert (state.attempts, state.correct, state.score) == (3, 2, 3)
    assert state.progress == 0.3
    assert replay("s", [right()] * 6).progress == 1.0
    assert state.rank == 2
