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


STRINGS: dict[str, dict[str, str]] = {
    "course": {"en": "Course", "ru": "Курс"},
    "review": {"en": "Review", "ru": "Повторение"},
    "progress": {"en": "Progress", "ru": "Прогресс"},
    "lab": {"en": "Lab", "ru": "Лаборатория"},
    "open": {"en": "Open", "ru": "Открыть"},
    "continue": {"en": "Continue", "ru": "Продолжить"},
    "back": {"en": "Back", "ru": "Назад"},
    "help": {"en": "Help", "ru": "Справка"},
    "quit": {"en": "Quit", "ru": "Выход"},
    "text": {"en": "Text", "ru": "Текст"},
    "try_it": {"en": "Try it", "ru": "Попробуйте"},
    "exercises": {"en": "Exercises", "ru": "Упражнения"},
    "next": {"en": "Next", "ru": "Далее"},
    "previous": {"en": "Previous", "ru": "Назад"},
    "check": {"en": "Check", "ru": "Проверить"},
    "hint": {"en": "Hint", "ru": "Подсказка"},
    "solution": {"en": "Solution", "ru": "Решение"},
    "status.new": {"en": "new", "ru": "новый"},
    "status.started": {"en": "started", "ru": "начат"},
    "status.completed": {"en": "done", "ru": "пройден"},
    "status.unavailable": {"en": "unavailable", "ru": "недоступен"},
    "next_step": {"en": "Next step", "ru": "Следующий шаг"},
    "all_done": {
        "en": "You have finished every lesson. Review keeps it fresh.",
        "ru": "Вы прошли все уроки. Повторение поможет не забыть.",
    },
    "continue_where": {
        "en": "Continue where you left off",
        "ru": "Продолжить с места, где остановились",
    },
    "unavailable_reason": {"en": "unavailable: {reason}", "ru": "недоступен: {reason}"},
    "fallback_note": {
        "en": "This text is not yet written in your language; showing English.",
        "ru": "Этот текст ещё не переведён на русский; показан английский.",
    },
    "exercise_of": {"en": "Exercise {n} of {total}", "ru": "Упражнение {n} из {total}"},
    "kind.single_choice": {"en": "one answer", "ru": "один ответ"},
    "kind.multiple_choice": {"en": "several answers", "ru": "несколько ответов"},
    "kind.numeric": {"en": "a number", "ru": "число"},
    "kind.expression": {"en": "a formula", "ru": "формула"},
    "kind.derivation": {"en": "a derivation, step by step", "ru": "вывод по шагам"},
    "kind.lab_challenge": {"en": "a lab challenge", "ru": "задание в лаборатории"},
    "correct": {"en": "Correct.", "ru": "Верно."},
    "wrong": {"en": "Not quite.", "ru": "Не совсем."},
    "invalid": {"en": "Cannot read that answer: {why}", "ru": "Не удалось прочитать ответ: {why}"},
    "invalid_free": {
        "en": "This does not count as an attempt.",
        "ru": "Это не считается попыткой.",
    },
    "pick_one": {
        "en": "Pick an answer first (arrows, then Enter).",
        "ru": "Сначала выберите ответ (стрелки, затем Enter).",
    },
    "pick_some": {
        "en": "Mark your answers with Space, then press Enter.",
        "ru": "Отметьте ответы пробелом, затем нажмите Enter.",
    },
    "type_number": {"en": "Type a number and press Enter", "ru": "Введите число и нажмите Enter"},
    "type_formula": {
        "en": "Type a formula and press Enter",
        "ru": "Введите формулу и нажмите Enter",
    },
    "type_steps": {
        "en": "One step per line. Tab to the Check button when done.",
        "ru": "Один шаг на строку. Клавишей Tab перейдите к кнопке «Проверить».",
    },
    "interpreted_as": {"en": "Interpreted as", "ru": "Понято как"},
    "checking": {"en": "Checking…", "ru": "Проверяю…"},
    "attempts": {"en": "attempts: {n}", "ru": "попыток: {n}"},
    "solved": {"en": "solved", "ru": "решено"},
    "your_answer": {"en": "Your answer: {answer}", "ru": "Ваш ответ: {answer}"},
    "your_last_answer": {"en": "Your last answer: {answer}", "ru": "Ваш последний ответ: {answer}"},
    "no_more_hints": {
        "en": "No more hints: see the solution.",
        "ru": "Подсказок больше нет: посмотрите решение.",
    },
    "lesson_done": {"en": "Lesson complete!", "ru": "Урок пройден!"},
    "mark_done": {"en": "Mark done", "ru": "Отметить пройденным"},
    "step_wrong": {
        "en": "Step {n} does not follow: {why}",
        "ru": "Шаг {n} не следует из предыдущего: {why}",
    },
    "unavailable_lesson": {
        "en": "This lesson cannot be opened: {reason}",
        "ru": "Этот урок нельзя открыть: {reason}",
    },
    "store_notice_title": {"en": "About your progress file", "ru": "О файле прогресса"},
    "too_small": {
        "en": "Please enlarge the terminal to at least {w}×{h} (it is {cw}×{ch}).",
        "ru": "Пожалуйста, увеличьте окно терминала хотя бы до {w}×{h} (сейчас {cw}×{ch}).",
    },
    "checker_unavailable": {
        "en": "The formula checker could not start: {why}",
        "ru": "Не удалось запустить проверку формул: {why}",
    },
    "lab_hint": {
        "en": "Open the lab with this challenge's preset: press the button below.",
        "ru": "Откройте лабораторию с настройками этого задания: нажмите кнопку ниже.",
    },
    "something_wrong": {"en": "Something went wrong", "ru": "Что-то пошло не так"},
}


def t(key: str, lang: str, table: dict[str, dict[str, str]] | None = None, **kwargs: object) -> str:
    """The interface string ``key`` in ``lang`` (English if missing), formatted with ``kwargs``.

    ``table`` is a screen's own table of strings, in the same shape as ``STRINGS``.
    """
    entry = (STRINGS if table is None else table).get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry["en"]
    return text.format(**kwargs) if kwargs else text
