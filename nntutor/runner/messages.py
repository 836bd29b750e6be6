"""The runner's own messages (the child has its own table for per-test messages)."""

from __future__ import annotations

from nntutor.i18n import Messages, t

MESSAGES = Messages(
    "runner",
    {
        "time": {
            "en": "stopped after {seconds:g} s: the time limit (an endless loop?){during}",
            "ru": "остановлено через {seconds:g} с: предел времени (бесконечный цикл?){during}",
        },
        "memory": {
            "en": "stopped: the memory limit of {mb} MB was reached{during}",
            "ru": "остановлено: достигнут предел памяти в {mb} МБ{during}",
        },
        "output": {
            "en": "stopped: your code printed more than {bytes:,} bytes (the output limit){during}",
            "ru": "остановлено: ваш код напечатал больше {bytes:,} байт (предел вывода){during}",
        },
        "during": {"en": ", during the test “{name}”", "ru": ", во время теста «{name}»"},
        "missing_file": {
            "en": "the file {path} is gone (deleted or moved?); save it again, or reset to the starter",
            "ru": "файла {path} больше нет (удалён или перемещён?); сохраните его снова или верните заготовку",
        },
        "unreadable": {
            "en": "cannot read {path}: {reason}",
            "ru": "не удаётся прочитать {path}: {reason}",
        },
        "too_big": {
            "en": "{path} is {size:,} bytes; a solution file may have at most {limit:,}",
            "ru": "{path} занимает {size:,} байт; файл решения может быть не больше {limit:,}",
        },
        "not_utf8": {
            "en": "{path} is not UTF-8 text; save it as UTF-8",
            "ru": "{path} — не текст в UTF-8; сохраните его в UTF-8",
        },
        "died": {
            "en": "the program stopped unexpectedly ({how}) before the tests finished",
            "ru": "программа неожиданно остановилась ({how}), не закончив тесты",
        },
        "broken": {
            "en": "the exercise's own tests failed to run (a problem in the course, not in your code): {error}",
            "ru": "тесты упражнения не запустились (ошибка в курсе, а не в вашем коде): {error}",
        },
        "not_code": {
            "en": "{exercise} is not a code exercise",
            "ru": "{exercise} — не упражнение с кодом",
        },
    },
)


def say(key: str, lang: str, **values) -> str:
    return t(key, lang, MESSAGES, **values)
