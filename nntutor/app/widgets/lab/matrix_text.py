"""A matrix as terminal text: numbers when it fits, a heat strip (one cell per entry) when not.

In a heat strip an entry's colour is its sign (blue +, orange −, as in the network view)
and its strength its size against the largest |entry| shown. Without colour the strip uses
glyphs: · small, + − medium, # = large.
"""

from __future__ import annotations

import numpy as np
from rich.style import Style
from rich.text import Text

POSITIVE, NEGATIVE = (8, 119, 189), (245, 147, 34)
BASE = (40, 40, 40)
CELL = 8  # characters per number: "+0.0123 "
MONO_POSITIVE, MONO_NEGATIVE = ("·", "+", "+", "#"), ("·", "-", "-", "=")


def number(value: float, wide: bool = False) -> str:
    """A value in 7 characters: 4 decimals, or powers of ten for large and tiny ones."""
    if value == 0:
        return "  0    "
    if wide or abs(value) >= 100 or abs(value) < 0.001:
        mantissa, exponent = f"{value:+.1e}".split("e")
        return f"{mantissa}e{int(exponent)}".replace("-", "−")
    return f"{value:+.4f}".replace("-", "−")


def fits_numbers(columns: int, width: int, label: int) -> bool:
    return label + columns * CELL <= width


def _heat_style(value: float, scale: float, mono: bool) -> tuple[str, Style]:
    level = 0 if scale <= 0 else min(3, int(abs(value) / scale * 4))
    if mono:
        return (MONO_POSITIVE if value >= 0 else MONO_NEGATIVE)[level], Style()
    rgb = POSITIVE if value >= 0 else NEGATIVE
    alpha = (0.25, 0.5, 0.75, 1.0)[level]
    colour = tuple(round(b + (c - b) * alpha) for b, c in zip(BASE, rgb, strict=True))
    return "█", Style(color=f"rgb({colour[0]},{colour[1]},{colour[2]})")


def matrix_text(
    symbol: str,
    M: np.ndarray,
    width: int,
    max_rows: int = 4,
    mono: bool = False,
    hidden: bool = False,
    mark: tuple[int, int] | None = None,
    label: int = 12,
    more: str = "… {n} more",
) -> Text:
    """``symbol`` then ``M``'s rows, as numbers or as a heat strip; ``hidden`` shows "?" instead
    of values (a result not revealed yet); ``mark`` highlights one entry (the one asked)."""
    M = np.atleast_2d(np.asarray(M, dtype=np.float64))
    rows, cols = M.shape
    out = Text(no_wrap=True, overflow="crop")
    numbers = fits_numbers(cols, width, label)
    shown_rows = rows if rows <= max_rows else max_rows - 1
    if mark is not None and mark[0] >= shown_rows:
        shown_rows = min(rows, max_rows)  # keep the asked row in view
        first = max(0, mark[0] - shown_rows + 1)
    else:
        first = 0
    scale = float(np.max(np.abs(M))) if M.size else 0.0
    room = max(1, width - label - 1)
    left = 0  # the first column of a strip too wide to show whole: keep the asked entry in view
    if not numbers and mark is not None and mark[1] >= room:
        left = min(mark[1] - room // 2, cols - room)
    for r in range(first, first + shown_rows):
        if r > first:
            out.append("\n")
        head = f"{symbol}" if r == first else ""
        out.append(f"{head:<{label}}"[:label], style="bold" if r == first else "")
        if numbers:
            for c in range(cols):
                chosen = mark == (r, c)
                cell = " ?     " if hidden and not chosen else number(float(M[r, c]))
                if hidden and chosen:
                    cell = " ?     "
                out.append(cell, style=Style(reverse=True, bold=True) if chosen else None)
                out.append(" ")
        else:
            shown = min(cols - left, room)
            if left:
                out.append("…", "dim")
                shown -= 1
            for c in range(left + (1 if left else 0), left + shown + (1 if left else 0)):
                chosen = mark == (r, c)
                if hidden:
                    glyph, style = "?" if chosen else "·", Style(dim=not chosen)
                else:
                    glyph, style = _heat_style(float(M[r, c]), scale, mono)
                if chosen:
                    style = style + Style(reverse=True, bold=True)
                out.append(glyph, style)
            if left + shown + (1 if left else 0) < cols:
                out.append("…", "dim")
    hidden_rows = rows - shown_rows
    if hidden_rows > 0:
        out.append("\n" + " " * label + more.format(n=hidden_rows), style="dim")
    if not numbers and not hidden and M.size:
        out.append(f"  max |·| {scale:.3g}", style="dim")
    return out
