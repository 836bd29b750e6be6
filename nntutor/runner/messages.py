"""The runner's own messages (the child has its own table for per-test messages)."""

from __future__ import annotations

from nntutor.i18n import Messages, t

MESSAGES = Messages(
    "runner",
    {
        "time": "stopped after {seconds:g} s: the time limit (an endless loop?){during}",
        "memory": "stopped: the memory limit of {mb} MB was reached{during}",
        "output": "stopped: your code printed more than {bytes:,} bytes (the output limit){during}",
        "during": ", during the test “{name}”",
        "missing_file": "the file {path} is gone (deleted or moved?); save it again, or reset to the starter",
        "unreadable": "cannot read {path}: {reason}",
        "too_big": "{path} is {size:,} bytes; a solution file may have at most {limit:,}",
        "not_utf8": "{path} is not UTF-8 text; save it as UTF-8",
        "died": "the program stopped unexpectedly ({how}) before the tests finished",
        "broken": "the exercise's own tests failed to run (a problem in the course, not in your code): {error}",
        "not_code": "{exercise} is not a code exercise",
    },
)


def say(key: str, lang: str, **values) -> str:
    return t(key, lang, MESSAGES, **values)
