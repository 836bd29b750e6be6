"""The two errors a learner can meet: a configuration that cannot work, and a run that blew up."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nntutor.engine.explain import Explanation

# TrainConfig fields whose command-line flag is not the field's name with dashes.
FLAGS = {"data_path": "--data", "init_weights": "--init-weights"}


def flag(setting: str) -> str:
    """The command-line flag of a TrainConfig field: ``batch_size`` → ``--batch-size``."""
    return FLAGS.get(setting) or "--" + setting.replace("_", "-")


class ConfigError(ValueError):
    """A setting, a data file or a weights file that cannot work. The message is written for a learner.

    ``setting`` names the TrainConfig field at fault (None when no one setting is), so that
    each reader can name it its own way: ``str()`` adds the command-line flag, the lab
    its control's label (see ``worded``)."""

    def __init__(self, message: str = "", *, setting: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.setting = setting

    def worded(self, name: Callable[[str], str] | None = flag) -> str:
        """The message, led by the setting as ``name`` calls it (nothing added for None)."""
        if self.setting is None or name is None:
            return self.message
        return f"{name(self.setting)}: {self.message}"

    def __str__(self) -> str:
        return self.worded(flag)


class TrainingDiverged(RuntimeError):
    """The loss became NaN or infinite. ``message`` names the likely cause and a remedy (for the
    command line); ``explanation`` holds the same as data, for other readers and languages."""

    def __init__(self, epoch: int, message: str, explanation: Explanation | None = None) -> None:
        super().__init__(message)
        self.epoch = epoch
        self.message = message
        self.explanation = explanation
