"""What grading tells the learner, in English and Russian, with plural forms.

An entry is ``{key: {"en": ..., "ru": ...}}``. A plural entry holds a tuple of
forms per language, in gettext's order: English (one, other), Russian (one,
few, many); ``ntext`` picks the form for a number as gettext's ``ngettext``
would with the standard Plural-Forms of each language.
"""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "empty": {"en": "the answer is empty", "ru": "ответ пуст"},
    "step": {"en": "step {n}", "ru": "шаг {n}"},
    "not_finite": {"en": "not a finite number", "ru": "это не конечное число"},
    "unknown_kind": {
        "en": "exercises of kind {kind!r} cannot be graded",
        "ru": "упражнения вида {kind!r} проверить нельзя",
    },
    "choice.pick_one": {
        "en": "give the number of one choice (1 to {n}) or its text",
        "ru": "укажите номер одного варианта (от 1 до {n}) или его текст",
    },
    "choice.pick_some": {
        "en": "give the numbers of your choices (1 to {n}), separated by commas",
        "ru": "укажите номера выбранных вариантов (от 1 до {n}) через запятую",
    },
    "choice.unknown": {
        "en": "there is no choice “{item}”: give a number from 1 to {n} or a choice's text",
        "ru": "нет варианта «{item}»: укажите номер от 1 до {n} или текст варианта",
    },
    "lab.by_run": {
        "en": "a lab challenge is answered by a training run: open it in the lab",
        "ru": "задание в лаборатории выполняется обучением сети: откройте его в лаборатории",
    },
    "lab.acc_met": {
        "en": "validation accuracy reached {best} (target ≥ {goal})",
        "ru": "точность на валидации достигла {best} (цель ≥ {goal})",
    },
    "lab.loss_met": {
        "en": "validation loss reached {best} (target ≤ {goal})",
        "ru": "потери на валидации опустились до {best} (цель ≤ {goal})",
    },
    "lab.acc_limits": {
        "en": "best validation accuracy {best}, but the network breaks the limits: {what}",
        "ru": "лучшая точность на валидации {best}, но сеть нарушает ограничения: {what}",
    },
    "lab.loss_limits": {
        "en": "best validation loss {best}, but the network breaks the limits: {what}",
        "ru": "наименьшие потери на валидации {best}, но сеть нарушает ограничения: {what}",
    },
}

PLURALS: dict[str, dict[str, tuple[str, ...]]] = {
    "lab.acc_missed": {
        "en": (
            "best validation accuracy {best} within {n} epoch; the target is ≥ {goal}",
            "best validation accuracy {best} within {n} epochs; the target is ≥ {goal}",
        ),
        "ru": (
            "лучшая точность на валидации за {n} эпоху: {best}; цель ≥ {goal}",
            "лучшая точность на валидации за {n} эпохи: {best}; цель ≥ {goal}",
            "лучшая точность на валидации за {n} эпох: {best}; цель ≥ {goal}",
        ),
    },
    "lab.loss_missed": {
        "en": (
            "best validation loss {best} within {n} epoch; the target is ≤ {goal}",
            "best validation loss {best} within {n} epochs; the target is ≤ {goal}",
        ),
        "ru": (
            "наименьшие потери на валидации за {n} эпоху: {best}; цель ≤ {goal}",
            "наименьшие потери на валидации за {n} эпохи: {best}; цель ≤ {goal}",
            "наименьшие потери на валидации за {n} эпох: {best}; цель ≤ {goal}",
        ),
    },
    "limit.layers": {
        "en": ("at most {n} hidden layer", "at most {n} hidden layers"),
        "ru": (
            "максимум {n} скрытый слой",
            "максимум {n} скрытых слоя",
            "максимум {n} скрытых слоёв",
        ),
    },
    "limit.width": {
        "en": ("at most {n} neuron per layer", "at most {n} neurons per layer"),
        "ru": (
            "максимум {n} нейрон в слое",
            "максимум {n} нейрона в слое",
            "максимум {n} нейронов в слое",
        ),
    },
}


def plural_index(n: int, lang: str) -> int:
    """The index of the plural form for ``n``, as the language's gettext Plural-Forms gives it."""
    n = abs(int(n))
    if lang == "ru":
        if n % 10 == 1 and n % 100 != 11:
            return 0
        if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
            return 1
        return 2
    return 0 if n == 1 else 1


def text(key: str, lang: str, **kwargs: object) -> str:
    """The string ``key`` in ``lang`` (English when missing), formatted with ``kwargs``."""
    entry = STRINGS[key]
    template = entry.get(lang) or entry["en"]
    return template.format(**kwargs)


def ntext(key: str, n: int, lang: str, **kwargs: object) -> str:
    """The plural string ``key`` for the number ``n`` in ``lang``; ``{n}`` is filled too."""
    entry = PLURALS[key]
    if lang not in entry:
        lang = "en"
    forms = entry[lang]
    return forms[plural_index(n, lang)].format(n=n, **kwargs)
