"""Drawing a ``Plane`` in a terminal: two pixels per cell (▀ with a foreground and a background).

Colours are quantised to a few levels, and neighbouring cells that look the same are
written as one run, so that a redraw over SSH costs a few kilobytes, not tens.
Without colour (NO_COLOR) classes become shades (░ ▒ ▓) and points become digits.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from nntutor.lab import Plane

# Class colours after TensorFlow Playground's: orange, blue, then more for more classes.
CLASS_RGB = (
    (245, 147, 34),
    (8, 119, 189),
    (90, 180, 90),
    (200, 80, 170),
    (230, 200, 50),
    (130, 100, 210),
    (70, 190, 200),
    (210, 70, 70),
    (160, 160, 160),
    (150, 110, 70),
)
NEGATIVE_RGB, POSITIVE_RGB = CLASS_RGB[0], CLASS_RGB[1]
CURVE_RGB = (90, 200, 250)
LEVELS = (0.14, 0.26, 0.38, 0.52)  # how strongly a region shows its class, by confidence
VALUE_LEVELS = (0.0, 0.16, 0.3, 0.45, 0.62)
SHADES = (" ", "░", "▒", "▓", "█")
TRAIN_GLYPH, VAL_GLYPH = "•", "◦"


def class_rgb(k: int) -> tuple[int, int, int]:
    return CLASS_RGB[k % len(CLASS_RGB)]


def _blend(base: np.ndarray, rgb: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    return (base + (rgb - base) * alpha[..., None]).round().astype(np.int16)


def plane_image(plane: Plane, rows: int, cols: int, base: tuple[int, int, int]) -> np.ndarray:
    """An RGB image of ``2·rows`` × ``cols`` pixels for a classes or values plane."""
    base_rgb = np.array(base, dtype=np.float64)
    if plane.kind == "classes":
        classes = _fit(plane.classes, 2 * rows, cols).astype(int)
        confidence = _fit(plane.confidence, 2 * rows, cols)
        level = np.minimum((confidence * len(LEVELS)).astype(int), len(LEVELS) - 1)
        alpha = np.asarray(LEVELS)[level]
        palette = np.array(CLASS_RGB, dtype=np.float64)
        return _blend(base_rgb, palette[classes % len(CLASS_RGB)], alpha)
    values = _fit(plane.values, 2 * rows, cols)
    magnitude = np.minimum((np.abs(values) * len(VALUE_LEVELS)).astype(int), len(VALUE_LEVELS) - 1)
    alpha = np.asarray(VALUE_LEVELS)[magnitude]
    colour = np.where(
        (values < 0)[..., None], np.array(NEGATIVE_RGB, float), np.array(POSITIVE_RGB, float)
    )
    return _blend(base_rgb, colour, alpha)


def _fit(grid: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """``grid`` resampled (nearest) to rows × cols, in case the widget changed size since it was computed."""
    grid = np.asarray(grid)
    if grid.shape == (rows, cols):
        return grid
    r = (np.arange(rows) * grid.shape[0] // max(rows, 1)).clip(0, grid.shape[0] - 1)
    c = (np.arange(cols) * grid.shape[1] // max(cols, 1)).clip(0, grid.shape[1] - 1)
    return grid[np.ix_(r, c)]


def curve_image(
    plane: Plane,
    rows: int,
    cols: int,
    base: tuple[int, int, int],
    points: Sequence[tuple[np.ndarray, np.ndarray]] = (),
) -> np.ndarray:
    """A 1-D plot: the data as dim pixels and the curve as bright ones."""
    height = 2 * rows
    image = np.empty((height, cols, 3), dtype=np.int16)
    image[:] = base
    x0, x1, y0, y1 = plane.extent

    def row_of(y: np.ndarray) -> np.ndarray:
        return ((y1 - y) / ((y1 - y0) or 1) * (height - 1)).round().astype(int).clip(0, height - 1)

    dim = _blend(np.array(base, float), np.array((200, 200, 200), float), np.array(0.35))
    for X, y in points:
        cx = ((X[:, 0] - x0) / ((x1 - x0) or 1) * (cols - 1)).round().astype(int).clip(0, cols - 1)
        image[row_of(np.asarray(y, float).reshape(-1)), cx] = dim
    if plane.curve is not None and len(plane.curve):
        curve = _fit(np.asarray(plane.curve, float)[None, :], 1, cols)[0]
        ys = row_of(curve)
        for c in range(cols):
            low, high = sorted((ys[c], ys[c - 1] if c else ys[c]))
            image[low : high + 1, c] = CURVE_RGB
    return image


def point_cells(
    points: Sequence[tuple[np.ndarray, np.ndarray, bool]], extent, rows: int, cols: int
) -> dict[tuple[int, int], tuple[int, bool]]:
    """Which cell shows which point: {(row, col): (class, is_validation)}; validation points drawn last."""
    x0, x1, y0, y1 = extent
    cells: dict[tuple[int, int], tuple[int, bool]] = {}
    for X, y, is_val in points:
        if X is None or len(X) == 0:
            continue
        cx = ((X[:, 0] - x0) / ((x1 - x0) or 1) * cols).astype(int).clip(0, cols - 1)
        cy = ((y1 - X[:, 1]) / ((y1 - y0) or 1) * rows).astype(int).clip(0, rows - 1)
        labels = np.asarray(y).reshape(len(X), -1)
        labels = labels.argmax(axis=1) if labels.shape[1] > 1 else labels[:, 0]
        for r, c, k in zip(cy.tolist(), cx.tolist(), labels.astype(int).tolist(), strict=True):
            cells[(r, c)] = (k, is_val)
    return cells


class StyleCache:
    """Rich styles by (foreground, background) colours, made once."""

    def __init__(self) -> None:
        self._styles: dict[tuple, Style] = {}

    def get(self, fg: tuple | None, bg: tuple | None, bold: bool = False) -> Style:
        key = (fg, bg, bold)
        style = self._styles.get(key)
        if style is None:
            style = Style(
                color=f"rgb({fg[0]},{fg[1]},{fg[2]})" if fg else None,
                bgcolor=f"rgb({bg[0]},{bg[1]},{bg[2]})" if bg else None,
                bold=bold,
            )
            self._styles[key] = style
        return style


def image_strips(
    image: np.ndarray,
    cells: dict[tuple[int, int], tuple[int, bool]],
    styles: StyleCache,
) -> list[Strip]:
    """Half-block strips of ``image`` (2 pixels per cell) with point glyphs over it, in runs."""
    rows, cols = image.shape[0] // 2, image.shape[1]
    strips = []
    top_all, bottom_all = image[0::2], image[1::2]
    for r in range(rows):
        top_row, bottom_row = top_all[r].tolist(), bottom_all[r].tolist()
        segments: list[Segment] = []
        run_text: list[str] = []
        run_style: Style | None = None
        for c in range(cols):
            top, bottom = tuple(top_row[c]), tuple(bottom_row[c])
            point = cells.get((r, c))
            if point is not None:
                glyph = VAL_GLYPH if point[1] else TRAIN_GLYPH
                style = styles.get(
                    class_rgb(point[0]), bottom if top == bottom else _mix(top, bottom), True
                )
            elif top == bottom:
                glyph, style = " ", styles.get(None, top)
            else:
                glyph, style = "▀", styles.get(top, bottom)
            if style is not run_style:
                if run_text:
                    segments.append(Segment("".join(run_text), run_style))
                run_text, run_style = [], style
            run_text.append(glyph)
        if run_text:
            segments.append(Segment("".join(run_text), run_style))
        strips.append(Strip(segments, cols))
    return strips


def _mix(a: tuple, b: tuple) -> tuple:
    return tuple((x + y) // 2 for x, y in zip(a, b, strict=True))


def mono_strips(
    plane: Plane, rows: int, cols: int, cells: dict[tuple[int, int], tuple[int, bool]]
) -> list[Strip]:
    """Without colour: a shade per class (or per value), digits for points (validation underlined)."""
    if plane.kind == "classes":
        grid = _fit(plane.classes, rows, cols).astype(int) % len(SHADES)
        sure = _fit(plane.confidence, rows, cols) > 0.5
        chars = np.where(sure, np.asarray(SHADES)[grid], "·")
    elif plane.kind == "values":
        values = _fit(plane.values, rows, cols)
        levels = np.minimum((np.abs(values) * 3).astype(int), 2)
        chars = np.where(
            values < 0, np.asarray(["·", "-", "="])[levels], np.asarray([" ", "+", "#"])[levels]
        )
    else:
        chars = np.full((rows, cols), " ")
    strips = []
    plain, under = Style(), Style(underline=True, bold=True)
    for r in range(rows):
        segments = []
        for c in range(cols):
            point = cells.get((r, c))
            if point is not None:
                segments.append(
                    Segment(str(point[0] % 10), under if point[1] else Style(bold=True))
                )
            else:
                segments.append(Segment(str(chars[r, c]), plain))
        strips.append(Strip(Segment.simplify(segments), cols))
    return strips
