"""Predict, then run: the ``experiment`` exercise kind.

The learner commits a prediction about a small training experiment (a choice, or a
number), then the engine runs it, and the prediction is graded against what the run
actually did, by criteria written in the lesson file. Nothing is a canned answer:
another seed gives another run, and a choice is right when its criterion held.

A lesson file describes one experiment as runs (named A, B, …) over a shared base
configuration, and either choices, each with a ``when`` criterion, or a numeric
``answer`` measured from the runs (see docs/authoring.md):

    choices = [
      { en = "B's loss ends lower", ru = "…", when = "B.loss@30 < A.loss@30" },
      { en = "B's loss ends higher or blows up", ru = "…", when = "B.loss@30 >= A.loss@30" },
    ]
    [exercises.experiment]
    epochs = 30
    base = { dataset = "moons", samples = 300, hidden = [8], optimizer = "sgd", lr = 0.1 }
    runs = { A = {}, B = { lr = 1.0 } }

A criterion is one comparison; each side is arithmetic over measured quantities
``RUN.name`` or ``RUN.name@EPOCH``, read by the course's formula evaluator (never
``eval``). Quantities: ``loss`` (training loss), ``val_loss``, ``acc``, ``val_acc``,
``val_acc_dropout`` (accuracy on the validation set with dropout left on),
``unit_spread`` (how much the first hidden layer's units differ: 0 when they are all
the same), ``weight_norm`` and ``diverged`` (1 or 0). A run that diverged counts its
losses as 1e30 from then on.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from nntutor.course.comparison import COMPARISON, HOLDS
from nntutor.course.model import Experiment
from nntutor.engine.config import LESSON_SETTINGS
from nntutor.i18n import Messages, t

MAX_EPOCHS = 300
MAX_SAMPLES = 2000
MAX_WORK = 4e9  # epochs × samples × parameters summed over the runs: a few seconds on one core
DIVERGED_LOSS = 1e30
QUANTITIES = (
    "loss",
    "val_loss",
    "acc",
    "val_acc",
    "val_acc_dropout",
    "unit_spread",
    "weight_norm",
    "diverged",
)
PER_EPOCH = ("loss", "val_loss", "acc", "val_acc")
# what one run may change: the lesson settings that shape the network and its training
RUN_SETTINGS = (LESSON_SETTINGS - {"epochs", "patience", "seed", "dtype", "device", "shuffle"}) | {
    "init"
}  # "init": "zeros" starts every weight and bias at 0
_QUANTITY = re.compile(r"\b([A-Z][A-Za-z0-9]*)\.([a-z_]+)(?:@(\d+))?")

STRINGS = Messages(
    "experiment",
    {
        "need_prediction": "Commit a prediction first: pick one of the {n} choices.",
        "need_number": "Commit a prediction first: type a number.",
        "failed": "The experiment could not run: {why}",
        "held": "What the run did: {what}",
        "none_held": "None of the choices describes this run.",
        "measured": "Measured: {value} (your prediction {typed}, within ±{tolerance} counts).",
        "run_line": "run {name}: {settings} → loss {loss}{val}{acc}{diverged}",
        "run_diverged": ", diverged at epoch {epoch}",
    },
)


@dataclass
class RunResult:
    name: str
    settings: dict[str, Any]  # what this run changes from the experiment's base
    losses: list[float] = field(default_factory=list)  # training loss per epoch
    val_losses: list[float] = field(default_factory=list)
    accs: list[float] = field(default_factory=list)
    val_accs: list[float] = field(default_factory=list)
    extra: dict[str, float] = field(default_factory=dict)
    diverged_at: int | None = None

    def value(self, quantity: str, epoch: int | None) -> float:
        if quantity in PER_EPOCH:
            series = {
                "loss": self.losses,
                "val_loss": self.val_losses,
                "acc": self.accs,
                "val_acc": self.val_accs,
            }[quantity]
            if not series:
                return DIVERGED_LOSS if quantity in ("loss", "val_loss") else 0.0
            index = len(series) - 1 if epoch is None else epoch - 1
            if index >= len(series):
                return DIVERGED_LOSS if quantity in ("loss", "val_loss") else series[-1]
            return series[index]
        if quantity == "diverged":
            return 1.0 if self.diverged_at is not None else 0.0
        return self.extra.get(quantity, 0.0)


@dataclass
class ExperimentRun:
    """What the engine did: one result per run, and the seed they shared."""

    seed: int
    results: dict[str, RunResult]
    problem: str | None = None

    def quantities(self, text: str) -> tuple[str, dict[str, float]]:
        """``text`` with each RUN.name@EPOCH replaced by a variable, and the variables' values."""
        values: dict[str, float] = {}

        def swap(match: re.Match) -> str:
            run, quantity, epoch = match.group(1), match.group(2), match.group(3)
            name = f"q{len(values)}"
            values[name] = self.results[run].value(quantity, int(epoch) if epoch else None)
            return name

        return _QUANTITY.sub(swap, text), values

    def holds(self, criterion: str) -> bool:
        from nntutor.course.formula import evaluate

        text, values = self.quantities(criterion)
        sign = COMPARISON.findall(text)[0]
        left, right = COMPARISON.split(text)
        return HOLDS[sign](evaluate(left, values), evaluate(right, values))

    def measure(self, formula: str) -> float:
        from nntutor.course.formula import evaluate

        text, values = self.quantities(formula)
        return evaluate(text, values)


@dataclass
class ExperimentAnswer:
    """A committed prediction (a 0-based choice index, or a number as typed) and the seed of the run.

    After grading, ``run`` holds what the engine did, for a view to draw."""

    prediction: Any
    seed: int = 0
    run: ExperimentRun | None = None


# ---- reading the lesson file ------------------------------------------------------------------------


def check_criterion(
    text: Any, runs: Mapping[str, Any], epochs: int, comparison: bool
) -> str | None:
    """What is wrong with a ``when`` criterion (comparison) or a measured ``answer``; None if fine."""
    from nntutor.course.formula import FormulaError, evaluate

    if not isinstance(text, str) or not text.strip():
        return 'expected a text such as "B.val_loss@50 >= 2 * A.val_loss@50"'
    signs = COMPARISON.findall(text)
    if comparison and len(signs) != 1:
        return f"a criterion is one comparison (<, >, <=, >=); {text!r} has {len(signs)}"
    if not comparison and signs:
        return f"a measured answer is a number, not a comparison: {text!r}"
    found = _QUANTITY.findall(text)
    if not found:
        return f"{text!r} measures nothing: name a quantity like A.val_loss@50"
    for run, quantity, epoch in found:
        if run not in runs:
            return f"{text!r} names run {run}, which is not among the runs ({', '.join(runs)})"
        if quantity not in QUANTITIES:
            return f"unknown quantity {quantity!r}; use one of {', '.join(QUANTITIES)}"
        if epoch and quantity not in PER_EPOCH:
            return f"{quantity} has no value per epoch; write {run}.{quantity} without @"
        if epoch and not 1 <= int(epoch) <= epochs:
            return f"epoch {epoch} is outside the experiment's 1…{epochs}"
    probe = _QUANTITY.sub("1.5", text)
    for side in COMPARISON.split(probe):
        try:
            evaluate(side, {})
        except FormulaError as exc:
            if exc.code != "domain":
                return f"{text!r} cannot be read: {exc.describe()}"
    return None


def read_exercise(raw: dict, ex, where: str, c, read_text) -> None:
    """Fill an experiment exercise from its lesson-file table; problems go to the collector ``c``.

    ``read_text`` is the loader's reader of {en, ru} texts."""
    from nntutor.course.model import Choice

    experiment, problem = read_experiment(raw.get("experiment"))
    if problem:
        c.error(f"{where}.experiment", problem)
        return
    ex.experiment = experiment
    items, measured = raw.get("choices"), raw.get("answer")
    if (items is None) == (measured is None):
        c.error(
            where, "an experiment has choices (each with a when criterion) or a measured answer"
        )
        return
    if measured is not None:
        problem = check_criterion(measured, experiment.runs, experiment.epochs, comparison=False)
        if problem:
            c.error(f"{where}.answer", problem)
        ex.answer = measured
        tolerance = raw.get("tolerance", 0.0)
        if isinstance(tolerance, bool) or not isinstance(tolerance, (int, float)) or tolerance < 0:
            c.error(f"{where}.tolerance", "must be a number of at least 0")
        else:
            ex.tolerance = float(tolerance)
        rel = raw.get("rel_tolerance", 0.0 if ex.tolerance else 0.1)
        if isinstance(rel, bool) or not isinstance(rel, (int, float)) or rel < 0:
            c.error(f"{where}.rel_tolerance", "must be a number of at least 0")
        else:
            ex.rel_tolerance = float(rel)
        return
    if not isinstance(items, list) or len(items) < 2:
        c.error(f"{where}.choices", "an experiment's prediction needs at least two choices")
        return
    choices = []
    for i, item in enumerate(items):
        w = f"{where}.choices[{i}]"
        if not isinstance(item, dict):
            c.error(
                w, 'each choice is a table like { en = "...", ru = "...", when = "A.loss < 1" }'
            )
            continue
        for key in sorted(set(item) - {"en", "ru", "why", "when"}):
            c.error(f"{w}.{key}", "unknown field in an experiment's choice (use en, ru, why, when)")
        problem = check_criterion(item.get("when"), experiment.runs, experiment.epochs, True)
        if problem:
            c.error(f"{w}.when", problem)
            continue
        why = read_text(item.get("why"), f"{w}.why", c, required=False)
        text = read_text({k: v for k, v in item.items() if k in ("en", "ru")}, w, c)
        if text:
            choices.append(Choice(text=text, why=why, when=item["when"]))
    ex.choices = tuple(choices)


def read_experiment(raw: Any) -> tuple[Experiment | None, str | None]:
    """The ``[exercises.experiment]`` table, or a message saying what is wrong with it."""
    from nntutor.engine.config import TrainConfig
    from nntutor.engine.errors import ConfigError

    if not isinstance(raw, dict):
        return None, "an experiment needs a table: epochs, base = {…}, runs = { A = {…}, … }"
    unknown = sorted(set(raw) - {"epochs", "base", "runs"})
    if unknown:
        return None, f"unknown field {unknown[0]!r} (use epochs, base, runs)"
    epochs = raw.get("epochs")
    if isinstance(epochs, bool) or not isinstance(epochs, int) or not 1 <= epochs <= MAX_EPOCHS:
        return None, f"epochs must be a whole number from 1 to {MAX_EPOCHS}"
    base = raw.get("base", {})
    runs = raw.get("runs")
    if not isinstance(base, dict):
        return None, "base must be a table of settings"
    if (
        not isinstance(runs, dict)
        or not runs
        or not all(isinstance(r, dict) for r in runs.values())
    ):
        return None, "runs must be a table of named runs, like runs = { A = {}, B = { lr = 1.0 } }"
    experiment = Experiment(epochs, dict(base), {str(k): dict(v) for k, v in runs.items()})
    work = 0.0
    for name in experiment.runs:
        if not re.fullmatch(r"[A-Z][A-Za-z0-9]*", name):
            return None, f"run names start with a capital letter, like A or Deep (got {name!r})"
        settings = experiment.settings(name)
        bad = sorted(set(settings) - RUN_SETTINGS)
        if bad:
            return (
                None,
                f"run {name}: unknown setting {bad[0]!r}; use {', '.join(sorted(RUN_SETTINGS))}",
            )
        if settings.get("init", "random") not in ("random", "zeros"):
            return None, f"run {name}: init is random or zeros"
        if is_formula_free(settings.get("dataset")) is False:
            return None, f"run {name}: name a built-in dataset"
        options = {k: v for k, v in settings.items() if k != "init"}
        if "hidden" in options:
            options["hidden"] = tuple(options["hidden"])
        try:
            config = TrainConfig(epochs=epochs, device="cpu", **options)
            config.validate()
        except (ConfigError, TypeError) as exc:
            return None, f"run {name}: {exc}"
        if config.samples > MAX_SAMPLES:
            return None, f"run {name}: at most {MAX_SAMPLES} samples, so that it runs in seconds"
        sizes = (2, *config.hidden, 3)
        params = sum(a * b + b for a, b in itertools.pairwise(sizes))
        work += epochs * config.samples * params
    if work > MAX_WORK:
        return (
            None,
            "the runs are too big to finish in a few seconds: fewer epochs, samples or units",
        )
    return experiment, None


def is_formula_free(dataset: Any) -> bool | None:
    """Whether a run's dataset is a built-in name (formula datasets belong to the lab)."""
    from nntutor.engine.config import DATASET_NAMES

    if dataset is None:
        return None
    return dataset in DATASET_NAMES


# ---- running ----------------------------------------------------------------------------------------


def run_experiment(experiment: Experiment, seed: int = 0, should_stop=None) -> ExperimentRun:
    """Run every run of the experiment on the CPU with the same seed; never raises for a bad run."""
    from nntutor.engine.errors import ConfigError

    results = {}
    for name in experiment.runs:
        try:
            results[name] = _run_one(name, experiment.settings(name), experiment.epochs, seed)
            results[name].settings = dict(experiment.runs[name])
        except ConfigError as exc:
            return ExperimentRun(seed, results, problem=f"run {name}: {exc}")
        if should_stop is not None and should_stop():
            return ExperimentRun(seed, results, problem="stopped")
    return ExperimentRun(seed, results)


def _run_one(name: str, settings: dict, epochs: int, seed: int) -> RunResult:
    import numpy as np

    from nntutor.engine.config import TrainConfig
    from nntutor.engine.errors import TrainingDiverged
    from nntutor.engine.trainer import Trainer

    options = {k: v for k, v in settings.items() if k != "init"}
    if "hidden" in options:
        options["hidden"] = tuple(options["hidden"])
    config = TrainConfig(epochs=epochs, device="cpu", seed=seed, threads=1, **options)
    trainer = Trainer(config)
    net = trainer.network
    if settings.get("init") == "zeros":
        net.set_weights([(np.zeros_like(W), np.zeros_like(b)) for W, b in net.get_weights()])
    result = RunResult(name, dict(settings))
    try:
        trainer.fit()
    except TrainingDiverged as exc:
        result.diverged_at = exc.epoch
    for report in trainer.history:
        result.losses.append(_finite_loss(report.train_loss))
        result.val_losses.append(_finite_loss(report.val_loss))
        result.accs.append(report.train_acc or 0.0)
        result.val_accs.append(report.val_acc or 0.0)
    if result.diverged_at is not None:
        del result.losses[result.diverged_at - 1 :]
        del result.val_losses[result.diverged_at - 1 :]
    weights = net.get_weights()
    W1, b1 = weights[0]
    units = np.column_stack([W1, b1]).astype(np.float64)
    result.extra["unit_spread"] = float(np.max(np.std(units, axis=0))) if len(weights) > 1 else 0.0
    result.extra["weight_norm"] = float(
        np.sqrt(sum(np.sum(W.astype(np.float64) ** 2) for W, _ in weights))
    )
    result.extra["val_acc_dropout"] = _accuracy_with_dropout(trainer)
    for key, value in list(result.extra.items()):
        if not math.isfinite(value):
            result.extra[key] = DIVERGED_LOSS
    return result


def _finite_loss(value: float | None) -> float:
    if value is None or not math.isfinite(value):
        return DIVERGED_LOSS
    return float(value)


def _accuracy_with_dropout(trainer) -> float:
    """Accuracy on the validation set computed the way training sees it: dropout still on."""
    import numpy as np

    val = trainer._val
    if val is None or not trainer.classification:
        return 0.0
    X, Y, labels = val
    net = trainer.network
    with np.errstate(all="ignore"):
        z = net.forward(X, train=True)
        correct = net.head.correct(z, Y, labels)
    return float(trainer.backend.floats([correct])[0]) / len(X)


# ---- grading ----------------------------------------------------------------------------------------


def describe_run(run: ExperimentRun, lang: str) -> list[str]:
    """One line per run: the settings that differ from the base, and what it reached."""
    lines = []
    for name, result in run.results.items():
        changed = ", ".join(f"{k} = {_shown(v)}" for k, v in result.settings.items()) or "base"
        last = result.losses[-1] if result.losses else DIVERGED_LOSS
        val = f" · val {_g(result.val_losses[-1])}" if result.val_losses else ""
        acc = (
            f" · val acc {result.val_accs[-1]:.0%}"
            if result.val_accs and result.val_accs[-1]
            else ""
        )
        diverged = (
            t("run_diverged", lang, STRINGS, epoch=result.diverged_at)
            if result.diverged_at is not None
            else ""
        )
        lines.append(
            t(
                "run_line",
                lang,
                STRINGS,
                name=name,
                settings=changed,
                loss=_g(last),
                val=val,
                acc=acc,
                diverged=diverged,
            )
        )
    return lines


def _g(value: float) -> str:
    return "∞" if value >= DIVERGED_LOSS else f"{value:.4g}"


def _shown(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ",".join(map(str, value)) or "none"
    return str(value)


def judge(exercise, answer: ExperimentAnswer, lang: str) -> tuple[bool, str, str, str]:
    """(correct, message, recorded answer, shown answer) for a committed prediction.

    Runs the experiment (with ``answer.seed``) unless ``answer.run`` already holds it.
    Raises ValueError with a message in ``lang`` when the prediction cannot be read."""
    experiment = exercise.experiment
    if answer.run is None:
        answer.run = run_experiment(experiment, answer.seed)
    run = answer.run
    if run.problem:
        raise RuntimeError(t("failed", lang, STRINGS, why=run.problem))
    lines = describe_run(run, lang)
    if exercise.choices:
        picked = exercise.choices[answer.prediction]
        held = [c for c in exercise.choices if run.holds(c.when)]
        correct = run.holds(picked.when)
        what = "; ".join(c.text.get(lang) for c in held)
        lines.append(t("held", lang, STRINGS, what=what) if held else t("none_held", lang, STRINGS))
        if picked.why and not correct:
            lines.append(picked.why.get(lang))
        return correct, "\n".join(lines), picked.text.get("en"), picked.text.get(lang)
    from nntutor.course.numeric import grade_numeric

    measured = run.measure(str(exercise.answer))
    verdict = grade_numeric(exercise, str(answer.prediction), measured, lang)
    if not verdict.valid:
        raise ValueError(verdict.message)
    tolerance = exercise.tolerance or abs(measured) * exercise.rel_tolerance
    lines.append(
        t(
            "measured",
            lang,
            STRINGS,
            value=f"{measured:.4g}",
            typed=str(answer.prediction),
            tolerance=f"{tolerance:.3g}",
        )
    )
    typed = str(answer.prediction).strip()
    return verdict.correct, "\n".join(lines), typed, typed
