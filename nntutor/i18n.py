"""Language choice and interface strings.

The tables in the code hold the English text; every other language comes from a gettext
catalog, ``nntutor/locale/<lang>/LC_MESSAGES/nntutor.mo``, read with the standard library.
An entry ``key`` of a table named ``context`` is the catalog message with
``msgctxt "<context>.<key>"`` and the English text as its ``msgid``. A plural entry is a
pair ``(one, other)`` of English forms; the catalog gives the language's own forms.
``python -m tools.i18n`` (in the source tree) extracts, compiles and checks the catalogs;
docs/translating.md says how to add a language.
"""

from __future__ import annotations

import functools
import gettext
import os
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "nntutor"


def _installed_languages() -> tuple[str, ...]:
    """English (the source text) and every language with a compiled catalog."""
    try:
        found = sorted(
            p.name
            for p in LOCALE_DIR.iterdir()
            if (p / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file() and p.name != "en"
        )
    except OSError:
        found = []
    return ("en", *found)


LANGUAGES = _installed_languages()


def detect_language(environ: dict[str, str] | None = None) -> str:
    """The language from the locale: LC_ALL, then LC_MESSAGES, then LANG (as gettext reads them)."""
    env = os.environ if environ is None else environ
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        if value:
            code = value.split(".")[0].split("@")[0].split("_")[0].lower()
            return code if code in LANGUAGES else "en"
    return "en"


def resolve_language(option: str | None, environ: dict[str, str] | None = None) -> str:
    return option if option in LANGUAGES else detect_language(environ)


class Messages(dict):
    """A table of interface strings: ``{key: "English"}`` or ``{key: ("one", "other")}``.

    ``context`` names the table in the catalogs (``msgctxt "<context>.<key>"``). Entries still
    in the old shape ``{"en": ..., "ru": ...}`` keep working until ``python -m tools.i18n
    migrate`` moves their translations into the catalogs.
    """

    def __init__(self, context: str, entries: dict) -> None:
        super().__init__(entries)
        self.context = context

    def text(self, lang: str, key: str, **values: object) -> str:
        """The string ``key`` of this table in ``lang``, formatted: ``t(key, lang, self, …)``."""
        return t(key, lang, self, **values)


@functools.cache
def translations(lang: str) -> gettext.NullTranslations:
    """The compiled catalog of ``lang`` (English, the source text, when there is none)."""
    if lang == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, [lang], fallback=True)


def _count(kwargs: dict[str, object]) -> int:
    """The number a plural form agrees with: ``n``, or else the only whole-number argument."""
    if "n" in kwargs:
        candidates = [kwargs["n"]]
    else:
        candidates = [v for v in kwargs.values() if isinstance(v, int) and not isinstance(v, bool)]
    if len(candidates) == 1:
        value = candidates[0]
        if isinstance(value, bool):
            return 2
        if isinstance(value, int):
            return abs(value)
        if isinstance(value, float) and value.is_integer():
            return abs(int(value))
    return 2  # not a whole number: the "other" form (English "2 steps")


def plural_index(n: int, lang: str) -> int:
    """Which plural form agrees with ``n`` in ``lang`` (gettext's order: English one/other,
    Russian one/few/many), from the language's catalog's Plural-Forms."""
    return _plural_index(lang, abs(int(n)))


def _plural_index(lang: str, n: int) -> int:
    catalog = translations(lang)
    plural = getattr(catalog, "plural", None)
    return plural(n) if plural is not None else int(n != 1)


STRINGS = Messages(
    "i18n",
    {
        "course": "Course",
        "review": "Review",
        "progress": "Progress",
        "lab": "Lab",
        "open": "Open",
        "continue": "Continue",
        "back": "Back",
        "help": "Help",
        "quit": "Quit",
        "text": "Text",
        "try_it": "Try it",
        "exercises": "Exercises",
        "next": "Next",
        "previous": "Previous",
        "check": "Check",
        "hint": "Hint",
        "solution": "Solution",
        "status.new": "new",
        "status.started": "started",
        "status.completed": "done",
        "status.unavailable": "unavailable",
        "next_step": "Next step",
        "all_done": "You have finished every lesson. Review keeps it fresh.",
        "continue_where": "Continue where you left off",
        "unavailable_reason": "unavailable: {reason}",
        "fallback_note": "This text is not yet written in your language; showing English.",
        "exercise_of": "Exercise {n} of {total}",
        "kind.single_choice": "one answer",
        "kind.multiple_choice": "several answers",
        "kind.numeric": "a number",
        "kind.expression": "a formula",
        "kind.derivation": "a derivation, step by step",
        "kind.lab_challenge": "a lab challenge",
        "kind.code": "code",
        "kind.experiment": "predict, then run",
        "experiment_running": "Prediction committed. Running the experiment…",
        "correct": "Correct.",
        "wrong": "Not quite.",
        "invalid": "Cannot read that answer: {why}",
        "invalid_free": "This does not count as an attempt.",
        "pick_one": "Pick an answer first (arrows, then Enter).",
        "pick_some": "Mark your answers with Space, then press Enter.",
        "type_number": "Type a number and press Enter",
        "type_formula": "Type a formula and press Enter",
        "type_steps": "One step per line. Tab to the Check button when done.",
        "interpreted_as": "Interpreted as",
        "checking": "Checking…",
        "attempts": ("attempts: {n}", "attempts: {n}"),
        "solved": "solved",
        "your_answer": "Your answer: {answer}",
        "your_last_answer": "Your last answer: {answer}",
        "no_more_hints": "No more hints: see the solution.",
        "lesson_done": "Lesson complete!",
        "mark_done": "Mark done",
        "step_wrong": "Step {n} does not follow: {why}",
        "unavailable_lesson": "This lesson cannot be opened: {reason}",
        "store_notice_title": "About your progress file",
        "too_small": "Please enlarge the terminal to at least {w}×{h} (it is {cw}×{ch}).",
        "checker_unavailable": "The formula checker could not start: {why}",
        "lab_hint": "Open the lab with this challenge's preset: press the button below.",
        # Between groups of three digits: 2,500 in English.
        "thousands_separator": ",",
        "something_wrong": "Something went wrong",
    },
)


def t(key: str, lang: str, table: dict | None = None, **kwargs: object) -> str:
    """The interface string ``key`` in ``lang`` (English if missing), formatted with ``kwargs``.

    ``table`` is a screen's own table of strings (a ``Messages``), in the same shape as
    ``STRINGS``. A plural entry picks its form by ``n`` (or the only whole-number argument).
    """
    table = STRINGS if table is None else table
    entry = table.get(key)
    if entry is None:
        return key
    if isinstance(entry, dict):  # the old shape, not yet migrated into the catalogs
        entry = entry.get(lang) or entry["en"]
        if isinstance(entry, (tuple, list)):
            forms = list(entry)
            text = forms[min(_plural_index(lang, _count(kwargs)), len(forms) - 1)]
        else:
            text = entry
    else:
        context = f"{getattr(table, 'context', '')}.{key}"
        catalog = translations(lang)
        if isinstance(entry, (tuple, list)):
            text = catalog.npgettext(context, entry[0], entry[1], _count(kwargs))
        else:
            text = catalog.pgettext(context, entry)
    return text.format(**kwargs) if kwargs else text


def thousands_separator(lang: str) -> str:
    """The digit-group separator of ``lang`` ("," in English, a narrow no-break space in Russian)."""
    return t("thousands_separator", lang)


def group_digits(value: float, lang: str, decimals: int = 0) -> str:
    """``value`` with its thousands grouped as ``lang`` writes them: 2,500 or 2 500.

    Decimals keep the point, as everywhere else in nntutor.
    """
    text = f"{value:,.{decimals}f}"
    separator = thousands_separator(lang)
    return text if separator == "," else text.replace(",", separator)
