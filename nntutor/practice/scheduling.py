"""Spaced review with FSRS: one card per exercise, rated from each attempt's outcome.

A card is never edited in place: it is the replay of the exercise's attempts,
oldest first, through one fixed FSRS scheduler. That keeps cards identical after
an export and import, and lets a reset simply drop attempts.

The scheduler has no learning steps (the lesson itself is the learning phase),
so every review is at least a day apart and "due today" means something, and no
fuzzing, so a replay always gives the same due dates.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache

AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
RATING_NAMES = {AGAIN: "again", HARD: "hard", GOOD: "good", EASY: "easy"}

# A right answer without help within this many seconds is rated Easy.
EASY_WITHIN_S = 20.0
# A card that lapsed this many times is a leech: suggest re-reading the lesson.
LEECH_LAPSES = 3
DESIRED_RETENTION = 0.9
MAXIMUM_INTERVAL_DAYS = 365


def rating_for(
    correct: bool, hints_used: int = 0, solution_seen: bool = False, duration_s: float | None = None
) -> int:
    """The FSRS rating an attempt earns.

    Wrong, or right only after seeing the worked solution: Again (it was not
    recalled). Right after hints: Hard. Right without help: Good, or Easy when
    it took at most ``EASY_WITHIN_S`` seconds.
    """
    if not correct or solution_seen:
        return AGAIN
    if hints_used:
        return HARD
    if duration_s is not None and duration_s <= EASY_WITHIN_S:
        return EASY
    return GOOD


@dataclass(frozen=True)
class CardState:
    card: dict  # fsrs Card.to_dict()
    due: datetime
    lapses: int
    reviews: int


@lru_cache(maxsize=1)
def _scheduler():
    from fsrs import Scheduler

    return Scheduler(
        desired_retention=DESIRED_RETENTION,
        learning_steps=(),
        relearning_steps=(),
        maximum_interval=MAXIMUM_INTERVAL_DAYS,
        enable_fuzzing=False,
    )


def replay_card(reviews: Iterable[tuple[datetime, int]]) -> CardState | None:
    """The card after these (time, rating) reviews, oldest first; None if there were none.

    A lapse is a wrong answer (Again) right after a right one: the learner knew
    it and then forgot. Repeated wrong tries in a row count once.
    """
    from fsrs import Card, Rating

    scheduler = _scheduler()
    card = None
    lapses = count = 0
    previous = None
    for at, rating in reviews:
        at = at.astimezone(timezone.utc)
        if card is None:
            card = Card(card_id=1, due=at)
        card, _ = scheduler.review_card(card, Rating(rating), review_datetime=at)
        if rating == AGAIN and previous is not None and previous != AGAIN:
            lapses += 1
        previous = rating
        count += 1
    if card is None:
        return None
    return CardState(card=card.to_dict(), due=card.due, lapses=lapses, reviews=count)
