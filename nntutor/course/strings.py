"""What grading tells the learner, in English and Russian, with plural forms.

An entry is ``{key: {"en": ..., "ru": ...}}``. A plural entry holds a tuple of
forms per language, in gettext's order: English (one, other), Russian (one,
few, many); ``ntext`` picks the form for a number as gettext's ``ngettext``
would with the standard Plural-Forms of each language.
"""

from __future__ import annotations

from nntutor.i18n import Messages, t

STRINGS: Messages = Messages(
    "course",
    {
        "empty": "the answer is empty",
        "step": "step {n}",
        "not_finite": "not a finite number",
        "unknown_kind": "exercises of kind {kind!r} cannot be graded",
        "choice.pick_one": "give the number of one choice (1 to {n}) or its text",
        "choice.pick_some": "give the numbers of your choices (1 to {n}), separated by commas",
        "choice.unknown": "there is no choice “{item}”: give a number from 1 to {n} or a choice's text",
        "lab.by_run": "a lab challenge is answered by a training run: open it in the lab",
        "code.by_file": "a code exercise is answered by a Python file: give its path",
        "code.passed": "every test passes ({n})",
        "lab.acc_met": "validation accuracy reached {best} (target ≥ {goal})",
        "lab.loss_met": "validation loss reached {best} (target ≤ {goal})",
        "lab.acc_limits": "best validation accuracy {best}, but the network breaks the limits: {what}",
        "lab.loss_limits": "best validation loss {best}, but the network breaks the limits: {what}",
    },
)

PLURALS: Messages = Messages(
    "course.plurals",
    {
        "lab.acc_missed": (
            "best validation accuracy {best} within {n} epoch; the target is ≥ {goal}",
            "best validation accuracy {best} within {n} epochs; the target is ≥ {goal}",
        ),
        "lab.loss_missed": (
            "best validation loss {best} within {n} epoch; the target is ≤ {goal}",
            "best validation loss {best} within {n} epochs; the target is ≤ {goal}",
        ),
        "limit.layers": ("at most {n} hidden layer", "at most {n} hidden layers"),
        "limit.width": ("at most {n} neuron per layer", "at most {n} neurons per layer"),
    },
)


def text(key: str, lang: str, **kwargs: object) -> str:
    """The string ``key`` in ``lang`` (English when missing), formatted with ``kwargs``."""
    return t(key, lang, STRINGS, **kwargs)


def ntext(key: str, n: int, lang: str, **kwargs: object) -> str:
    """The plural string ``key`` for the number ``n`` in ``lang``; ``{n}`` is filled too."""
    return t(key, lang, PLURALS, n=n, **kwargs)
