"""Mastery per skill: points from each attempt, levels from the points.

The rules (also in docs/progress.md):

- Every attempt on an exercise counts for each skill the exercise is tagged with.
- Points: right without help +2; right after hints +1; right after seeing the
  worked solution 0; wrong -1. The score stays between 0 and ``MAX_SCORE``.
- Level from the score: learning below 3, familiar from 3, proficient from 6,
  mastered from 10 -- but mastered only once the skill has been answered right
  without help on at least ``MASTERED_DAYS`` different (UTC) days; until then it
  stays proficient. A skill never attempted is new.
- So a level goes down when wrong answers take the score below its threshold:
  one slip costs a point, and the room above 10 lets a mastered skill absorb two.

Mastery does not decay with time on its own: forgetting is the review
schedule's business, and a wrong answer in review costs points like any other.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

LEVELS = ("new", "learning", "familiar", "proficient", "mastered")
FAMILIAR = 3
PROFICIENT = 6
MASTERED = 10
MAX_SCORE = 12
MASTERED_DAYS = 2


@dataclass(frozen=True)
class Outcome:
    """What mastery needs to know about one attempt."""

    at: datetime
    correct: bool
    hints_used: int = 0
    solution_seen: bool = False

    @property
    def unaided(self) -> bool:
        return self.correct and not self.hints_used and not self.solution_seen


@dataclass(frozen=True)
class MasteryState:
    skill: str
    level: str = "new"
    score: int = 0
    attempts: int = 0
    correct: int = 0
    unaided_days: int = 0

    @property
    def progress(self) -> float:
        """How far towards mastered, from 0.0 to 1.0."""
        return min(self.score, MASTERED) / MASTERED

    @property
    def rank(self) -> int:
        """Position of the level in ``LEVELS`` (0 = new)."""
        return LEVELS.index(self.level)


def points(outcome: Outcome) -> int:
    if not outcome.correct:
        return -1
    if outcome.solution_seen:
        return 0
    if outcome.hints_used:
        return 1
    return 2


def level_for(score: int, attempts: int, unaided_days: int) -> str:
    if attempts == 0:
        return "new"
    if score >= MASTERED and unaided_days >= MASTERED_DAYS:
        return "mastered"
    if score >= PROFICIENT:
        return "proficient"
    if score >= FAMILIAR:
        return "familiar"
    return "learning"


def replay(skill: str, outcomes: Iterable[Outcome]) -> MasteryState:
    """The skill's mastery after these attempts, taken in order."""
    score = attempts = correct = 0
    days: set = set()
    for outcome in outcomes:
        attempts += 1
        correct += outcome.correct
        score = max(0, min(MAX_SCORE, score + points(outcome)))
        if outcome.unaided:
            days.add(outcome.at.date())
    return MasteryState(
        skill=skill,
        level=level_for(score, attempts, len(days)),
        score=score,
        attempts=attempts,
        correct=correct,
        unaided_days=len(days),
    )
