"""The two errors a learner can meet: a configuration that cannot work, and a run that blew up."""

from __future__ import annotations


class ConfigError(ValueError):
    """A setting, a data file or a weights file that cannot work. The message is written for a learner."""


class TrainingDiverged(RuntimeError):
    """The loss became NaN or infinite. ``message`` names the likely cause and a remedy."""

    def __init__(self, epoch: int, message: str) -> None:
        super().__init__(message)
        self.epoch = epoch
        self.message = message
