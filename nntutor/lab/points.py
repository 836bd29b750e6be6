"""Editing a lab session's training points by hand: add one of a class, delete the nearest (no UI).

The trainer takes the edited set from its next step on, so a run under way keeps training on
it. Only classification data with two inputs can be edited this way; the validation points
stay as they were, so they still measure the network on data it does not train on.
"""

from __future__ import annotations

import numpy as np

from nntutor.engine.errors import ConfigError

MIN_POINTS = 2  # deleting stops here: a training set needs something to train on


def can_edit(session) -> str:
    """Why the points of ``session`` cannot be edited by hand ("" when they can)."""
    if session.features != 2:
        return f"points can be added on data with 2 inputs; this data has {session.features}"
    if session.classes is None:
        return "points can be added to classification data; this data is regression"
    return ""


def _labels(y: np.ndarray) -> np.ndarray:
    y = np.asarray(y)
    return y.argmax(axis=1) if y.ndim == 2 and y.shape[1] > 1 else y.reshape(len(y))


def add_point(session, x1: float, x2: float, label: int) -> int:
    """Add a training point of class ``label`` at (x1, x2); returns the number of training points."""
    why = can_edit(session)
    if why:
        raise ConfigError(why)
    if not (0 <= label < session.classes):
        raise ConfigError(
            f"class {label} does not exist here: the classes are 0 to {session.classes - 1}"
        )
    X, y = session.train_points
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] > 1:  # one-hot rows
        row = np.zeros((1, y.shape[1]), dtype=y.dtype)
        row[0, label] = 1
    else:
        row = np.full((1, *y.shape[1:]), label, dtype=y.dtype)
    new_X = np.concatenate([X, np.array([[x1, x2]], dtype=X.dtype)])
    new_y = np.concatenate([y, row])
    _use(session, new_X, new_y)
    return len(new_X)


def delete_nearest(session, x1: float, x2: float) -> tuple[float, float, int] | None:
    """Delete the training point nearest (x1, x2); returns it as (x1, x2, class), or None if
    only ``MIN_POINTS`` are left."""
    why = can_edit(session)
    if why:
        raise ConfigError(why)
    X, y = session.train_points
    if len(X) <= MIN_POINTS:
        return None
    nearest = int(np.argmin((X[:, 0] - x1) ** 2 + (X[:, 1] - x2) ** 2))
    gone = (float(X[nearest, 0]), float(X[nearest, 1]), int(_labels(y)[nearest]))
    keep = np.arange(len(X)) != nearest
    _use(session, X[keep], np.asarray(y)[keep])
    return gone


def _use(session, X: np.ndarray, y: np.ndarray) -> None:
    session.trainer.set_training_data(X, y)
    session.train_points = (X, y)
