"""``nntutor train``: train a network on a dataset and show how the loss fell.

Exit codes: 0 done, 2 a setting or file that cannot work, 3 training diverged, 130 stopped with Ctrl-C.
The flags are shared with other commands through ``add_training_arguments`` and ``config_from_args``.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import TYPE_CHECKING

from nntutor.commands._common import add_subcommand
from nntutor.textsafe import echo, echo_json

if TYPE_CHECKING:
    from nntutor.engine.config import TrainConfig

CHART_POINTS = 400  # plotting more points only slows the chart down


def register(subparsers) -> None:
    parser = add_subcommand(
        subparsers,
        "train",
        help="train a neural network and draw its loss curves",
        description="Train a dense neural network on a generated dataset or your own data, "
        "then draw the training and validation loss curves.",
    )
    add_training_arguments(parser)
    out = parser.add_argument_group("output")
    out.add_argument(
        "--save-weights",
        metavar="F.npz",
        help="write the trained weights W1, b1, …, WL, bL to this file",
    )
    out.add_argument(
        "--export-numpy",
        metavar="F.py",
        help="write the trained network as a standalone NumPy script: predict(X), "
        "and `python F.py DATA.npz` prints the accuracy",
    )
    out.add_argument(
        "--export-torch",
        metavar="F.py",
        help="write the trained network as a PyTorch nn.Sequential script, weights loaded",
    )
    out.add_argument(
        "--json", action="store_true", help="print one JSON object per epoch, then a summary"
    )
    parser.set_defaults(handler=run)


def add_training_arguments(parser: argparse.ArgumentParser) -> None:
    """The flags that describe a training run; every default is TrainConfig's."""
    from nntutor.engine.config import (
        DATASET_NAMES,
        DEFAULT_LR,
        DEVICES,
        DTYPES,
        LOSS_NAMES,
        OPTIMIZER_NAMES,
        TrainConfig,
    )

    defaults = TrainConfig()
    data = parser.add_argument_group("data")
    source = data.add_mutually_exclusive_group()
    source.add_argument(
        "--dataset",
        metavar="NAME",
        help=f"a generated dataset: {', '.join(DATASET_NAMES)} (default {defaults.dataset})",
    )
    source.add_argument(
        "--data",
        metavar="FILE",
        help="your data: .npz with X, y (and X_val, y_val), or .csv with the target last",
    )
    data.add_argument(
        "--samples", type=int, metavar="N", help=f"samples to generate (default {defaults.samples})"
    )
    data.add_argument(
        "--noise",
        type=float,
        metavar="X",
        help="noise of the generated data (default: the dataset's)",
    )
    data.add_argument(
        "--features",
        metavar="LIST",
        help="input features computed from x1, x2: x1,x2,x1^2,x2^2,x1*x2,sin(x1),sin(x2) "
        "(default: x1,x2 as given)",
    )
    data.add_argument(
        "--val-fraction",
        type=float,
        metavar="F",
        help=f"share of the data held out for validation; 0 for none (default {defaults.val_fraction:g})",
    )

    net = parser.add_argument_group("network")
    net.add_argument(
        "--hidden",
        metavar="16,16",
        help=f"hidden layer widths (default {','.join(map(str, defaults.hidden))})",
    )
    net.add_argument(
        "--activation",
        metavar="NAME",
        help="sigmoid, tanh, relu, leaky_relu, softplus or linear, or one per hidden layer "
        f"(relu,tanh) (default {defaults.activation})",
    )
    net.add_argument(
        "--loss",
        choices=LOSS_NAMES,
        help="mse (regression), bce (two classes), ce (several classes); auto picks from the data",
    )
    net.add_argument(
        "--dropout",
        type=float,
        metavar="P",
        help="dropout probability for hidden layers (default 0)",
    )
    net.add_argument(
        "--init-weights", metavar="F.npz", help="start from these weights (W1, b1, …, WL, bL)"
    )

    opt = parser.add_argument_group("training")
    opt.add_argument("--optimizer", choices=OPTIMIZER_NAMES, help=f"(default {defaults.optimizer})")
    opt.add_argument(
        "--momentum", type=float, metavar="X", help=f"momentum μ (default {defaults.momentum:g})"
    )
    opt.add_argument(
        "--lr",
        type=float,
        metavar="X",
        help="learning rate (default "
        + ", ".join(f"{k} {v:g}" for k, v in DEFAULT_LR.items())
        + ")",
    )
    opt.add_argument(
        "--batch-size",
        type=int,
        metavar="N",
        help=f"samples per step (default {defaults.batch_size})",
    )
    opt.add_argument(
        "--epochs", type=int, metavar="N", help=f"passes over the data (default {defaults.epochs})"
    )
    opt.add_argument("--l2", type=float, metavar="X", help="L2 weight decay λ (default 0)")
    opt.add_argument(
        "--patience",
        type=int,
        metavar="N",
        help="stop after N epochs without a better validation loss",
    )
    opt.add_argument(
        "--no-shuffle", action="store_true", help="keep the samples in order instead of shuffling"
    )
    opt.add_argument(
        "--seed",
        type=int,
        metavar="N",
        help=f"seed for data, weights and shuffling (default {defaults.seed})",
    )

    run_group = parser.add_argument_group("computation")
    run_group.add_argument("--dtype", choices=DTYPES, help=f"(default {defaults.dtype})")
    run_group.add_argument(
        "--device",
        choices=DEVICES,
        help="auto uses a GPU only for networks big enough to gain from it (default auto)",
    )
    run_group.add_argument(
        "--threads",
        metavar="N",
        help="BLAS threads on the CPU; auto: one per idle core (default auto)",
    )


# flags copied as they are into the options (when given)
SIMPLE_OPTIONS = (
    "samples",
    "noise",
    "activation",
    "loss",
    "optimizer",
    "momentum",
    "lr",
    "batch_size",
    "epochs",
    "dropout",
    "l2",
    "val_fraction",
    "patience",
    "seed",
    "dtype",
    "device",
)


def options_from_args(args: argparse.Namespace) -> dict:
    """The training options the flags give, only those given (shared with `nntutor lab`).

    Raises ConfigError for a flag that cannot be read.
    """
    from nntutor.engine.config import parse_hidden, parse_threads

    values: dict = {}
    for name in SIMPLE_OPTIONS:
        value = getattr(args, name, None)
        if value is not None:
            values[name] = value
    if getattr(args, "data", None):
        values.update(data_path=args.data, dataset=None)
    elif getattr(args, "dataset", None):
        values["dataset"] = args.dataset
    if getattr(args, "hidden", None) is not None:
        values["hidden"] = parse_hidden(args.hidden)
    if getattr(args, "no_shuffle", False):
        values["shuffle"] = False
    if getattr(args, "features", None) is not None:
        from nntutor.engine.features import parse_features

        values["features"] = parse_features(args.features)
    threads = parse_threads(getattr(args, "threads", None))
    if threads is not None:
        values["threads"] = threads
    return values


def config_from_args(args: argparse.Namespace) -> TrainConfig:
    """A TrainConfig from parsed flags; flags not given keep TrainConfig's defaults. Raises ConfigError."""
    from nntutor.engine.config import TrainConfig

    values = options_from_args(args)
    if getattr(args, "init_weights", None) is not None:
        values["init_weights"] = args.init_weights
    return TrainConfig(**values)


def run(args: argparse.Namespace) -> int:
    from nntutor.engine.errors import ConfigError

    as_json = args.json
    try:
        config = config_from_args(args)
        config.validate()
        from nntutor.engine.threads import prepare_before_numpy

        prepare_before_numpy(config.threads)
        from nntutor.engine.trainer import Trainer
        from nntutor.lab.datasets import make_data

        trainer = Trainer(config, make_data(config))
    except ConfigError as exc:
        return _fail(str(exc), as_json, code=2)
    for note in trainer.notes:
        echo(note, file=sys.stderr)
    if str(trainer.device).startswith("gpu"):
        _warm_gpu(config, getattr(args, "lang", None))
    return _train_json(trainer, args) if as_json else _train_with_progress(trainer, args)


def _warm_gpu(config, lang: str | None) -> None:
    """CuPy compiles its kernels on first use (seconds): say so, rather than sit silent."""
    from nntutor.engine.backend import warm_up_gpu
    from nntutor.i18n import resolve_language

    warmup = warm_up_gpu(config)
    if not warmup.wait(0.5):
        echo(warmup.message(resolve_language(lang)), file=sys.stderr, flush=True)
        warmup.wait()


def _fail(message: str, as_json: bool, code: int, **extra) -> int:
    if as_json:
        echo_json({"error": message, **extra})
    echo(f"nntutor train: {message}", file=sys.stderr)
    return code


def _fit(trainer, on_epoch, as_json: bool, lang: str = "en") -> int | None:
    """Train; None when done, else the exit code. A divergence is explained in ``lang`` on
    stderr (the JSON error stays in English, for programs)."""
    from nntutor.engine.errors import TrainingDiverged

    try:
        trainer.fit(on_epoch=on_epoch)
    except TrainingDiverged as exc:
        said = exc.explanation.render(lang) if exc.explanation is not None else exc.message
        if as_json:
            echo_json({"error": exc.message, "epoch": exc.epoch})
        echo(f"nntutor train: {said}", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        return 130
    return None


def _lang(args: argparse.Namespace) -> str:
    from nntutor.i18n import resolve_language

    return resolve_language(getattr(args, "lang", None))


def _summary(trainer) -> dict:
    seconds = trainer.seconds
    return {
        "done": True,
        "epochs": trainer.epoch,
        "steps": trainer.steps,
        "seconds": round(seconds, 4),
        "steps_per_second": round(trainer.steps / seconds, 1) if seconds > 0 else None,
        "device": trainer.device,
        "dtype": trainer.config.dtype,
        "network": str(trainer.network),
        "loss": trainer.targets.loss,
        "stopped_early": trainer.stopped_early,
        "best_epoch": trainer.best_epoch,
    }


def _save(trainer, args, as_json: bool) -> int | None:
    from nntutor.engine.errors import ConfigError

    try:
        if args.save_weights:
            trainer.save_weights(args.save_weights)
        if getattr(args, "export_numpy", None):
            trainer.export_numpy(args.export_numpy)
        if getattr(args, "export_torch", None):
            trainer.export_torch(args.export_torch)
    except ConfigError as exc:
        return _fail(str(exc), as_json, code=2)
    return None


def _train_json(trainer, args) -> int:
    def on_epoch(report) -> None:
        echo_json(report.as_json())

    code = _fit(trainer, on_epoch, as_json=True, lang=_lang(args))
    if code is not None and code != 130:
        return code
    failed = _save(trainer, args, as_json=True)
    summary = _summary(trainer)
    if code == 130:
        summary["interrupted"] = True
    echo_json(summary)
    return failed or code or 0


def _train_with_progress(trainer, args) -> int:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console()
    cfg = trainer.config
    echo(
        f"Training a {trainer.network} network ({_activation_text(cfg.activation)}, {trainer.targets.loss} loss, {cfg.optimizer}, "
        f"lr {cfg.learning_rate:g}) on {trainer.train_size} samples"
        + (f", validating on {trainer.val_size}" if trainer.val_size else "")
        + f" [{trainer.device}, {cfg.dtype}]"
    )
    progress = Progress(
        TextColumn("epoch"),
        MofNCompleteColumn(),
        BarColumn(),
        TextColumn("{task.fields[metrics]}"),
        TimeElapsedColumn(),
        console=console,
    )
    with progress:
        task = progress.add_task("train", total=cfg.epochs, metrics="")

        def on_epoch(report) -> None:
            progress.update(task, completed=report.epoch, metrics=_metrics_text(report))

        code = _fit(trainer, on_epoch, as_json=False, lang=_lang(args))
    if code is not None and code != 130:
        return code
    if trainer.history:
        print(loss_chart(trainer.history, width=console.width, color=console.is_terminal))
    console.print(_summary_line(trainer, interrupted=code == 130))
    failed = _save(trainer, args, as_json=False)
    if not failed:
        for path, what in (
            (args.save_weights, "weights saved to"),
            (getattr(args, "export_numpy", None), "NumPy script written to"),
            (getattr(args, "export_torch", None), "PyTorch script written to"),
        ):
            if path:
                echo(f"{what} {path}")
    return failed or code or 0


def _activation_text(activation) -> str:
    return activation if isinstance(activation, str) else ",".join(activation)


def _metrics_text(report) -> str:
    parts = [f"loss {report.train_loss:.4g}"]
    if report.val_loss is not None:
        parts.append(f"val loss {report.val_loss:.4g}")
    if report.val_acc is not None:
        parts.append(f"val acc {report.val_acc:.1%}")
    elif report.train_acc is not None:
        parts.append(f"acc {report.train_acc:.1%}")
    return "  ".join(parts)


def _summary_line(trainer, interrupted: bool) -> str:
    last = trainer.history[-1] if trainer.history else None
    seconds = max(trainer.seconds, 1e-9)
    text = f"{trainer.epoch} epochs, {trainer.steps} steps in {trainer.seconds:.2f} s ({trainer.steps / seconds:,.0f} steps/s)"
    if interrupted:
        text = "Stopped by you after " + text
    elif trainer.stopped_early:
        text = (
            f"Stopped early (no better validation loss for {trainer.config.patience} epochs) after "
            + text
        )
    else:
        text = "Done: " + text
    if trainer.best_epoch is not None and (trainer.stopped_early or trainer.finished):
        text += f"; kept the weights of epoch {trainer.best_epoch}"
    if last is not None:
        text += f". Final loss {last.train_loss:.4g}"
        if last.val_loss is not None:
            text += f", validation loss {last.val_loss:.4g}"
        if last.val_acc is not None:
            text += f", validation accuracy {last.val_acc:.1%}"
        elif last.train_acc is not None:
            text += f", training accuracy {last.train_acc:.1%}"
    return text + "."


def loss_chart(history, width: int = 80, height: int = 18, color: bool = True) -> str:
    """The training and validation loss per epoch as a terminal chart (plotext)."""
    import plotext as plt

    step = max(1, len(history) // CHART_POINTS)
    shown = history[::step]
    if shown[-1] is not history[-1]:
        shown.append(history[-1])
    epochs = [r.epoch for r in shown]
    train = [r.train_loss for r in shown]
    val = [r.val_loss for r in shown if r.val_loss is not None]
    plt.clear_figure()
    plt.plotsize(max(40, min(width, 100)), height)
    if not color:
        plt.theme("clear")
    values = train + val
    if min(values) > 0 and max(values) / min(values) > 50:
        plt.yscale("log")
    plt.plot(epochs, train, label="train loss", marker="braille")
    if len(val) == len(epochs):
        plt.plot(epochs, val, label="validation loss", marker="braille" if color else "dot")
    plt.title("loss per epoch")
    plt.xlabel("epoch")
    last = epochs[-1]
    plt.xticks(sorted({round(1 + (last - 1) * k / 4) for k in range(5)}))
    chart = plt.build()
    plt.clear_figure()
    return chart if color else re.sub(r"\x1b\[[0-9;]*m", "", chart)
