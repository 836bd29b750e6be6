"""The terminal: size, colour depth, encoding, SSH and tmux."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

from nntutor.doctor.result import NOTE, OK, PROBLEM, Check

MIN_SIZE = (60, 18)  # nntutor.app.app.MIN_WIDTH, MIN_HEIGHT (not imported: that would load Textual)
GOOD_SIZE = (80, 24)


def colour_depth(environ: Mapping[str, str]) -> str:
    """The colours Textual will use: 'truecolor', '256', '16' or 'none' (mirrors Rich's detection)."""
    forced = environ.get("TEXTUAL_COLOR_SYSTEM", "").strip().lower()
    if forced in ("truecolor", "256", "standard", "windows"):
        return {"standard": "16", "windows": "16"}.get(forced, forced)
    term = environ.get("TERM", "").strip().lower()
    if term in ("", "dumb", "unknown"):
        return "none"
    if environ.get("COLORTERM", "").strip().lower() in ("truecolor", "24bit"):
        return "truecolor"
    suffix = term.rpartition("-")[2]
    if suffix in ("kitty", "direct", "truecolor", "24bit"):
        return "truecolor"
    if suffix == "256color":
        return "256"
    return "16"


def terminal_checks(
    environ: Mapping[str, str] = os.environ,
    size: tuple[int, int] | None = None,
    is_tty: bool | None = None,
    encoding: str | None = None,
) -> list[Check]:
    section = "Terminal"
    if is_tty is None:
        is_tty = sys.__stdout__ is not None and sys.__stdout__.isatty()
    if size is None and is_tty:
        try:
            size = tuple(os.get_terminal_size(sys.__stdout__.fileno()))
        except OSError:
            size = None
    encoding = encoding or getattr(sys.__stdout__, "encoding", None) or "unknown"
    checks = []
    if size is None:
        checks.append(
            Check(
                section,
                "size",
                NOTE,
                "not a terminal (output is redirected): size and colours are not known here",
            )
        )
    else:
        width, height = size
        shown = f"{width}×{height}"
        if width < MIN_SIZE[0] or height < MIN_SIZE[1]:
            checks.append(
                Check(
                    section,
                    "size",
                    PROBLEM,
                    f"{shown}: smaller than the minimum {MIN_SIZE[0]}×{MIN_SIZE[1]}",
                    f"Enlarge the window (or a tmux pane) to at least {GOOD_SIZE[0]}×{GOOD_SIZE[1]}; "
                    "below the minimum nntutor shows only a 'please enlarge' screen.",
                    {"width": width, "height": height},
                )
            )
        elif width < GOOD_SIZE[0] or height < GOOD_SIZE[1]:
            checks.append(
                Check(
                    section,
                    "size",
                    NOTE,
                    f"{shown}: usable; {GOOD_SIZE[0]}×{GOOD_SIZE[1]} or larger shows more",
                    details={"width": width, "height": height},
                )
            )
        else:
            checks.append(
                Check(section, "size", OK, shown, details={"width": width, "height": height})
            )

    term = environ.get("TERM", "")
    depth = colour_depth(environ)
    settings = (
        " ".join(
            f"{k}={environ[k]}"
            for k in ("TERM", "COLORTERM", "TEXTUAL_COLOR_SYSTEM", "NO_COLOR")
            if k in environ
        )
        or "TERM is not set"
    )
    if depth == "none" and "TEXTUAL_COLOR_SYSTEM" not in environ:
        checks.append(
            Check(
                section,
                "colours",
                PROBLEM,
                f"{settings}: the terminal type is unknown, so the screen may not draw properly",
                "Set the terminal type, e.g. export TERM=xterm-256color (most terminals today), "
                "or TERM=xterm for 16 colours.",
                {"term": term, "depth": depth},
            )
        )
    else:
        words = {"truecolor": "millions of colours", "256": "256 colours", "16": "16 colours"}[
            depth
        ]
        message = f"{words} ({settings})"
        if "NO_COLOR" in environ:
            message += "; NO_COLOR is set, so nntutor draws in shades of grey"
        checks.append(
            Check(section, "colours", OK, message, details={"term": term, "depth": depth})
        )

    if "utf" not in encoding.lower().replace("-", ""):
        checks.append(
            Check(
                section,
                "encoding",
                PROBLEM,
                f"the terminal's encoding is {encoding}: lesson formulas and the marks ✓ ◐ ○ ✗ need UTF-8",
                "Use a UTF-8 locale: export LANG=C.UTF-8 (or en_US.UTF-8, ru_RU.UTF-8) before nntutor.",
                {"encoding": encoding},
            )
        )
    else:
        checks.append(Check(section, "encoding", OK, encoding, details={"encoding": encoding}))

    if environ.get("SSH_CONNECTION") or environ.get("SSH_TTY"):
        message = "over SSH"
        fix = ""
        if depth != "truecolor" and "NO_COLOR" not in environ:
            message += "; SSH does not pass COLORTERM on, so colours follow TERM alone"
            fix = (
                "If your own terminal shows millions of colours, export COLORTERM=truecolor here "
                "(or TEXTUAL_COLOR_SYSTEM=truecolor). On a slow link, nntutor --no-mouse sends less."
            )
        checks.append(Check(section, "ssh", NOTE, message, fix))
    if environ.get("TMUX"):
        checks.append(
            Check(
                section,
                "tmux",
                NOTE,
                "inside tmux: for millions of colours tmux must know your terminal has them "
                "(set -as terminal-features ',xterm-256color:RGB' in ~/.tmux.conf)",
            )
        )
    return checks
