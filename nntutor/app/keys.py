"""Footer labels in the learner's language.

Textual declares key bindings on classes, with English descriptions. A node calls
``localize_bindings`` once mounted: its bindings are replaced by copies whose
descriptions are in the learner's language.
"""

from __future__ import annotations

import dataclasses

from textual.binding import BindingsMap
from textual.dom import DOMNode

# Short: the footer has 80 columns, and Russian words run long.
LABELS_RU = {
    "Open": "Открыть",
    "Continue": "Продолжить",
    "Next step": "Дальше",
    "Course": "Курс",
    "Review": "Повтор",
    "Progress": "Прогресс",
    "Lab": "Лаб.",
    "Help": "Справка",
    "Quit": "Выход",
    "Back": "Назад",
    "Text": "Текст",
    "Exercises": "Упражн.",
    "Try it": "Попробуйте",
    "Next ex.": "След.",
    "Prev ex.": "Пред.",
    "Hint": "Подсказка",
    "Solution": "Решение",
    "Answer": "Ответить",
    "Start review": "Начать",
    "Re-read lesson": "Перечитать",
    "Refresh": "Обновить",
    "Streak on/off": "Серия",
    "Close": "Закрыть",
    "OK": "OK",
    "Run/pause": "Пуск/пауза",
    "View": "Вид",
    "Batch": "Батч",
    "Epoch": "Эпоха",
    "Reset": "Сброс",
    "Save": "Сохр.",
    "Load": "Загр.",
    "Presets": "Наборы",
    "Zoom": "Крупно",
}

LABELS = {"ru": LABELS_RU}


def label(description: str, lang: str, extra: dict[str, str] | None = None) -> str:
    table = {**LABELS.get(lang, {}), **(extra or {})} if lang != "en" else {}
    return table.get(description, description)


def localize_bindings(node: DOMNode, lang: str, extra: dict[str, str] | None = None) -> None:
    """Give ``node``'s footer labels in ``lang`` (``extra`` adds a node's own words)."""
    if lang == "en":
        return
    translated = BindingsMap()
    for bindings in node._bindings.key_to_bindings.values():
        for binding in bindings:
            description = label(binding.description, lang, extra)
            translated._add_binding(dataclasses.replace(binding, description=description))
    node._bindings = translated
    node.refresh_bindings()
