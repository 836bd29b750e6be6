"""Text from outside (lesson files, imported progress, file names, typed answers) made safe to show.

A terminal obeys control characters: ESC starts a sequence that can retitle the window,
clear the screen or recolour it, and C1 characters such as U+009B (CSI) do the same on
some terminals. So no text from outside reaches a terminal raw. There is one function per
output path:

- ``visible(text)``: for the terminal (the TUI and the CLI's plain output). Every C0 and C1
  control character, DEL and the invisible format characters (zero-width space, bidi
  overrides) become visible symbols: ESC is shown as ␛, other C0 characters as their
  Control Pictures (U+2400…), C1 and format characters as ``<U+009B>``. Newlines and tabs
  stay when ``keep_newlines`` is set (Markdown bodies, multi-line messages).
- ``json_text(value)``: for ``--json`` output: JSON in which every such character is an
  escape (``\\u001b``, ``\\u009b``), so that piping JSON to a terminal is safe too.

``describe(char)`` names one character for messages ("U+200B ZERO WIDTH SPACE").
"""

from __future__ import annotations

import json
import re
import unicodedata

# C0 (except \t and \n, handled below), DEL, C1, and the invisible format characters that
# can hide or reorder text (zero-width, bidi embeddings/overrides/isolates, BOM).
_INVISIBLE = "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
_UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_INVISIBLE}]")
_UNSAFE_WITH_NEWLINES = re.compile(f"[\x00-\x1f\x7f-\x9f{_INVISIBLE}]")


def _picture(match: re.Match) -> str:
    char = match.group()
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟ (␛ for ESC)
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"<U+{code:04X}>"


def visible(text: str, keep_newlines: bool = False) -> str:
    """``text`` with every control and invisible character shown as a visible symbol."""
    if not isinstance(text, str):
        text = str(text)
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")  # lone surrogates
    pattern = _UNSAFE if keep_newlines else _UNSAFE_WITH_NEWLINES
    return pattern.sub(_picture, text)


def has_unsafe(text: str, keep_newlines: bool = True) -> bool:
    return bool((_UNSAFE if keep_newlines else _UNSAFE_WITH_NEWLINES).search(text))


_CONTROL_NAMES = {
    0x00: "NULL",
    0x07: "BELL",
    0x08: "BACKSPACE",
    0x09: "CHARACTER TABULATION",
    0x0A: "LINE FEED",
    0x0D: "CARRIAGE RETURN",
    0x0E: "SHIFT OUT",
    0x0F: "SHIFT IN",
    0x1B: "ESCAPE",
    0x7F: "DELETE",
    0x9B: "CONTROL SEQUENCE INTRODUCER",
    0x9D: "OPERATING SYSTEM COMMAND",
}


def describe(char: str) -> str:
    """'U+001B ESCAPE', 'U+200B ZERO WIDTH SPACE': a character named for a message."""
    code = ord(char)
    name = unicodedata.name(char, "")
    if not name:  # C0 and C1 characters have no Unicode name, only aliases
        name = _CONTROL_NAMES.get(code, "CONTROL CHARACTER")
    return f"U+{code:04X} {name}".rstrip()


def first_unsafe(text: str, keep_newlines: bool = True) -> tuple[int, str] | None:
    """The position and the character of the first control or invisible character, or None."""
    match = (_UNSAFE if keep_newlines else _UNSAFE_WITH_NEWLINES).search(text)
    return (match.start(), match.group()) if match else None


def json_text(value, **kwargs) -> str:
    """``json.dumps`` for output: non-ASCII stays readable, control characters are escaped."""
    text = json.dumps(value, ensure_ascii=False, **kwargs)
    return (
        re.sub(f"[\x7f-\x9f{_INVISIBLE}]", lambda m: f"\\u{ord(m.group()):04x}", text)
        .encode("utf-8", "backslashreplace")
        .decode("utf-8")
    )


def echo(text: str = "", *, file=None, flush: bool = False) -> None:
    """Print text from outside to a terminal or pipe: control characters shown, lines kept.

    Every CLI writer prints through this (or ``echo_json``), so no command can send a raw
    escape sequence that came from a lesson, a file name or an imported file."""
    import sys

    print(visible(text, keep_newlines=True), file=file or sys.stdout, flush=flush)


def echo_json(value, *, file=None, flush: bool = True, **kwargs) -> None:
    """Print JSON for scripts: every control character escaped (see ``json_text``); flushed,
    so that a reader of JSON lines sees each line as it comes."""
    import sys

    print(json_text(value, **kwargs), file=file or sys.stdout, flush=flush)
