"""nntutor's neural-network engine: dense networks on NumPy (CPU) or CuPy (GPU).

Never imports Textual or SymPy. Names are loaded on first use, so that
``from nntutor.engine import TrainConfig`` does not import NumPy.

    from nntutor.engine import TrainConfig, Trainer
    trainer = Trainer(TrainConfig(dataset="spirals", hidden=(32, 32), epochs=300))
    for report in trainer.fit():
        print(report.epoch, report.train_loss, report.val_acc)

See docs/engine.md.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

_EXPORTS = {
    "TrainConfig": "config",
    "ConfigError": "errors",
    "TrainingDiverged": "errors",
    "Trainer": "trainer",
    "EpochReport": "trainer",
    "Dataset": "data",
    "DATASETS": "data",
    "make_dataset": "data",
    "load_data": "data",
    "split_validation": "data",
    "gradient_check": "gradcheck",
    "GradientCheck": "gradcheck",
    "Network": "network",
    "Dense": "network",
    "ACTIVATIONS": "activations",
    "LOSSES": "losses",
    "OPTIMIZERS": "optimizers",
    "warm_up_gpu": "backend",
    "gpu_expected": "backend",
}
__all__ = [
    "ACTIVATIONS",
    "DATASETS",
    "LOSSES",
    "OPTIMIZERS",
    "ConfigError",
    "Dataset",
    "Dense",
    "EpochReport",
    "GradientCheck",
    "Network",
    "TrainConfig",
    "Trainer",
    "TrainingDiverged",
    "gpu_expected",
    "gradient_check",
    "load_data",
    "make_dataset",
    "split_validation",
    "warm_up_gpu",
]


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'nntutor.engine' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"nntutor.engine.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


if TYPE_CHECKING:
    from nntutor.engine.activations import ACTIVATIONS
    from nntutor.engine.backend import gpu_expected, warm_up_gpu
    from nntutor.engine.config import TrainConfig
    from nntutor.engine.data import DATASETS, Dataset, load_data, make_dataset, split_validation
    from nntutor.engine.errors import ConfigError, TrainingDiverged
    from nntutor.engine.gradcheck import GradientCheck, gradient_check
    from nntutor.engine.losses import LOSSES
    from nntutor.engine.network import Dense, Network
    from nntutor.engine.optimizers import OPTIMIZERS
    from nntutor.engine.trainer import EpochReport, Trainer
