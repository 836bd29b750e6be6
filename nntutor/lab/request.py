"""What opening the lab asks for: its settings, the controls a lesson locks or hides, a challenge."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nntutor.course.model import Exercise, Lesson


@dataclass(frozen=True)
class LabRequest:
    """``options``: `nntutor train` options plus the lab's (updates, weights, preset); ``locked``
    and ``hidden``: settings the learner may not change or does not see; ``challenge``: the
    lesson and lab challenge whose runs are judged."""

    options: Mapping[str, Any] | None = None
    locked: tuple[str, ...] = ()
    hidden: tuple[str, ...] = ()
    challenge: tuple[Lesson, Exercise] | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "locked", tuple(self.locked))
        object.__setattr__(self, "hidden", tuple(self.hidden))

    @property
    def reconfigures(self) -> bool:
        """Whether the lab is set up anew (a plain "open the lab" keeps what it has)."""
        return bool(
            self.options is not None or self.challenge is not None or self.locked or self.hidden
        )
