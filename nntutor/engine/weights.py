"""Weights files: the one reader of the .npz files that hold W1, b1, …, WL, bL.

``Network.load`` (the engine, the CLI's --init-weights) and the lab (which reads a file's
shapes to build a network that fits it) both read through here, so a file is judged the
same way everywhere.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from nntutor.engine.errors import ConfigError


def read_npz(path: str | Path) -> dict[str, np.ndarray]:
    """Every array in an .npz file, by name; ConfigError (in words) when it cannot be read.

    Read through ``npzsafe``: each array's declared size is checked before it is allocated,
    so a small file that claims terabytes or inflates to gigabytes is refused, and a FIFO or
    a device is never opened."""
    from nntutor.engine.npzsafe import NpzError
    from nntutor.engine.npzsafe import read_npz as read_checked

    path = Path(path).expanduser()
    try:
        return read_checked(path)
    except FileNotFoundError:
        raise ConfigError(f"no weights file at {path}") from None
    except NpzError as exc:
        raise ConfigError(f"{path.name} is not a readable .npz weights file ({exc})") from None


def read_layers(path: str | Path) -> list[tuple[np.ndarray, np.ndarray]]:
    """The (W, b) of every layer in a weights file, input side first.

    ConfigError when the file holds anything but W1, b1, …, WL, bL with two-dimensional W."""
    arrays = read_npz(path)
    layers = []
    n = 1
    while f"W{n}" in arrays and f"b{n}" in arrays:
        layers.append((arrays[f"W{n}"], arrays[f"b{n}"]))
        n += 1
    if not layers or len(arrays) != 2 * len(layers) or any(W.ndim != 2 for W, _ in layers):
        found = ", ".join(sorted(arrays)) or "nothing"
        raise ConfigError(
            f"{Path(path).name} is not a weights file of W1, b1, …, WL, bL (it holds {found})"
        )
    return layers
