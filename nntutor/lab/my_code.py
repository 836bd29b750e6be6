"""The lab's "use my implementation": which of the learner's files stand in for which engine part,
and the lab's settings as the runner's training child takes them. No UI; nothing runs here
(the learner's code runs only in ``nntutor.runner.lab.LearnerTraining``'s child process)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PART_ORDER = ("activation", "dense", "loss", "optimizer", "network")
GRAD_OK = 1e-4  # a layer whose largest relative difference stays below this agrees with the engine


@dataclass(frozen=True)
class PartFile:
    """A learner's file that implements ``part``: the exercise it answers and whether it passed."""

    part: str
    lesson_id: str
    exercise_id: str
    title: str  # the exercise's lesson title, in the learner's language
    path: Path
    solved: bool


def learner_parts(
    course, data_dir: Path, profile: str, lang: str, solved: set[tuple[str, str]]
) -> list[PartFile]:
    """Every workspace file of an exercise with a ``part``, in the engine's order of parts."""
    from nntutor.runner import workspace_file

    found: list[PartFile] = []
    for lesson in course.lessons:
        for ex in lesson.exercises:
            if ex.kind != "code" or not ex.part:
                continue
            try:
                path = workspace_file(data_dir, profile, lesson.id, ex.id)
            except ValueError:
                continue
            if path.is_file():
                found.append(
                    PartFile(
                        ex.part,
                        lesson.id,
                        ex.id,
                        lesson.title.get(lang),
                        path,
                        (lesson.id, ex.id) in solved,
                    )
                )
    order = {part: i for i, part in enumerate(PART_ORDER)}
    return sorted(found, key=lambda p: (order.get(p.part, len(order)), p.lesson_id, p.exercise_id))


def default_choice(files: list[PartFile], optimizer: str) -> dict[str, PartFile]:
    """One file per part: a solved one first; for the optimizer, the one named after the lab's
    optimizer (``momentum`` for momentum, ``sgd-step`` for sgd); else the newest file."""

    def rank(f: PartFile) -> tuple:
        named = f.part == "optimizer" and f.exercise_id.startswith(optimizer)
        return (f.solved, named, f.path.stat().st_mtime if f.path.exists() else 0.0)

    chosen: dict[str, PartFile] = {}
    for f in files:
        if f.part not in chosen or rank(f) > rank(chosen[f.part]):
            chosen[f.part] = f
    return {part: f for part, f in chosen.items() if f.solved}


def training_config(config, epochs: int | None = None) -> dict:
    """The lab's settings (a ``LabConfig``) as ``LearnerTraining`` takes them."""
    activation = config.layer_activations()[0] if config.hidden else "tanh"
    return {
        "dataset": config.dataset,
        "samples": config.samples,
        "noise": config.noise,
        "seed": config.seed,
        "hidden": list(config.hidden),
        "activation": activation,
        "optimizer": config.optimizer,
        "lr": config.lr,
        "momentum": config.momentum,
        "batch_size": config.batch_size,
        "epochs": epochs if epochs is not None else config.epochs,
        "val_fraction": config.val_fraction,
    }


def grad_check_rows(grad_check: list[float]) -> list[tuple[str, float, bool]]:
    """Per layer: its name (the last one is the output layer), the largest relative difference
    between the learner's gradients and the engine's, and whether they agree."""
    rows = []
    for i, diff in enumerate(grad_check):
        name = "out" if i == len(grad_check) - 1 else str(i + 1)
        rows.append((name, float(diff), diff < GRAD_OK))
    return rows
