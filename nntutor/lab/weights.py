"""Saving a lab session's weights with its settings, and reading weights files back."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from nntutor.engine.errors import ConfigError
from nntutor.engine.weights import read_layers
from nntutor.lab.config import LabConfig

if TYPE_CHECKING:
    from nntutor.lab.session import LabSession

LAB_FORMAT = "nntutor-lab"


def weight_shapes(path: str | Path) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """The (W, b) shapes of every layer in an .npz weights file (W1, b1, …, WL, bL)."""
    return [(W.shape, b.shape) for W, b in read_layers(path)]


MAX_SIDE_BYTES = 1024 * 1024  # a saved lab configuration takes about 1 KB


def config_for_weights(path: str | Path, current: LabConfig) -> tuple[LabConfig, str]:
    """The configuration to load ``path`` into, and a note saying where it came from.

    A file saved by the lab has its configuration next to it (same name, .json); weights
    from `nntutor train --save-weights` have none, so the hidden widths are read from their
    shapes and everything else stays as it is.
    """
    path = Path(path).expanduser()
    shapes = weight_shapes(path)
    side = path.with_suffix(".json")
    if side.is_file():
        try:
            if side.stat().st_size > MAX_SIDE_BYTES:
                raise ValueError(f"larger than {MAX_SIDE_BYTES:,} bytes")
            saved = json.loads(side.read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError) as exc:
            raise ConfigError(f"{side.name} is not a readable lab configuration ({exc})") from None
        if (
            isinstance(saved, dict)
            and saved.get("format") == LAB_FORMAT
            and isinstance(saved.get("config"), dict)
        ):
            options = {k: v for k, v in saved["config"].items() if k != "init_weights"}
            return LabConfig.from_options(options), f"with its settings from {side.name}"
    hidden = tuple(w[0] for w, _ in shapes[:-1])
    config = current.with_hidden(hidden)
    config.validate()
    return (
        config,
        f"as a {'-'.join(str(s) for s in (shapes[0][0][1], *hidden, shapes[-1][0][0]))} network",
    )


def save_session(session: LabSession, path: str | Path) -> tuple[Path, Path]:
    """Write the weights (the engine's .npz: W1, b1, …) and the configuration (.json) next to them."""
    path = Path(path).expanduser()
    if path.suffix.lower() != ".npz":
        path = path.with_name(path.name + ".npz")
    side = path.with_suffix(".json")
    make_folder_for(path)
    session.trainer.save_weights(path)
    last = session.trainer.history[-1] if session.trainer.history else None
    options = session.config.options()
    options.pop("init_weights", None)
    record = {
        "format": LAB_FORMAT,
        "version": 1,
        "network": session.network_name,
        "weights": path.name,
        "epoch": session.trainer.epoch,
        "metrics": last.as_json() if last else None,
        "config": options,
    }
    try:
        side.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot write {side}: {exc.strerror or exc}") from None
    return path, side


def make_folder_for(path: Path) -> None:
    """Create the folder ``path`` will be written into, or ConfigError saying why not."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(
            f"cannot create the folder {path.parent}: {exc.strerror or exc}"
        ) from None
