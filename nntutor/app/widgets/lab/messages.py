"""Messages from the lab's worker threads to its screen, named as past events."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from nntutor.lab import Frame, LabSession, Outcome


@dataclass
class FrameComputed(Message):
    """A throttled update from a training run; a newer one replaces one still waiting in the queue."""

    run: int
    frame: Frame

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, FrameComputed)


@dataclass
class RunEnded(Message):
    run: int
    outcome: Outcome


@dataclass
class SessionBuilt(Message):
    generation: int
    session: LabSession
    frame: Frame
    note: str = ""


@dataclass
class SessionFailed(Message):
    generation: int
    message: str
