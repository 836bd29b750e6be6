"""Language choice and interface strings (English and Russian)."""

from __future__ import annotations

import os

LANGUAGES = ("en", "ru")


def detect_language(environ: dict[str, str] | None = None) -> str:
    """The language from the locale: LC_ALL, then LC_MESSAGES, then LANG (as gettext reads them)."""
    env = os.environ if environ is None else environ
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        if value:
            return "ru" if value.lower().startswith("ru") else "en"
    return "en"


def resolve_language(option: str | None, environ: dict[str, str] | None = None) -> str:
    return option if option in LANGUAGES else detect_language(environ)
