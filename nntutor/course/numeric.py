"""Numeric exercises: drawing randomised values, filling them in, grading a typed number.

Formulas (the answer formulas in lesson files, the derived quantities and anticipated
mistakes, the arithmetic a learner types) are evaluated by ``nntutor.course.formula``, the
one plain-float evaluator; nothing is passed to ``eval``.

A variant is computed in order: the params are drawn, then each derived quantity
(``[exercises.derived] z = "w*x + b"``) is evaluated from the params and the quantities
before it, then the answer, then each anticipated mistake's formula. Texts are filled with
all of them: ``{z}`` is the value, ``{n|neuron|neurons}`` is the number with its noun in the
form the language's plural rule picks (CLDR: English one/other, Russian one/few/many).
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from nntutor.course.formula import FormulaError, evaluate, format_number, formula_names
from nntutor.course.model import Exercise, Param

__all__ = [
    "FormulaError",
    "NumericVerdict",
    "Variant",
    "check_param",
    "draw",
    "evaluate",
    "fill",
    "format_number",
    "formula_names",
    "grade_numeric",
    "matching_mistake",
    "placeholders",
    "plural_form_count",
    "plural_problems",
    "variant",
]

MAX_STEPS_IN_RANGE = 1e12  # (max − min) / step: more values than this is a mistake in the file


def _param_error(param: Param, problem: str, **values: object) -> FormulaError:
    return FormulaError("param", reason=f"param.{problem}", name=param.name, **values)


def check_param(param: Param) -> None:
    """FormulaError when ``param`` cannot be drawn: numbers that are not finite, a range too wide."""
    numbers = list(param.choices) if param.choices else [param.low, param.high]
    if param.step is not None:
        numbers.append(param.step)
    for value in numbers:
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            raise _param_error(param, "not_number", value=repr(value))
        try:
            finite = math.isfinite(value)
        except OverflowError:
            finite = False
        if not finite:
            raise _param_error(param, "not_finite", value=value)
    if param.choices:
        return
    width = param.high - param.low
    if not math.isfinite(width):
        raise _param_error(param, "too_wide", low=param.low, high=param.high)
    if width < 0:
        raise _param_error(param, "min_max", low=param.low, high=param.high)
    if param.step is not None:
        if param.step <= 0:
            raise _param_error(param, "step_positive")
        count = max(abs(param.low), abs(param.high)) / param.step
        if not count <= MAX_STEPS_IN_RANGE:
            raise _param_error(param, "step_small", step=param.step, low=param.low, high=param.high)


def draw(params: tuple[Param, ...], seed: int) -> dict[str, float]:
    """Values for a randomised exercise, reproducible from ``seed``."""
    rng = random.Random(seed)
    values: dict[str, float] = {}
    for param in params:
        check_param(param)
        if param.choices:
            values[param.name] = rng.choice(param.choices)
        else:
            value = rng.uniform(param.low, param.high)
            if param.step:
                value = round(round(value / param.step) * param.step, 10)
            values[param.name] = value
    return values


_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
# {n|neuron|neurons}, {n|нейрон|нейрона|нейронов}: a number and its noun in agreement
_PLURAL = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)((?:\|[^{}|\n]+)+)\}")
# which language's rule a plural form follows when the text's language is not given:
# two forms are English (one/other), three are Russian (one/few/many)
_RULE_BY_FORMS = {2: "en", 3: "ru"}


def plural_form_count(lang: str) -> int:
    """How many forms a noun has in ``lang``'s plural rule (English 2, Russian 3)."""
    from nntutor.i18n import plural_index as rule

    return len({rule(n, lang) for n in range(200)})


def plural_index(value: float, forms: int, lang: str | None = None) -> int:
    """The form (0-based, of ``forms``) that agrees with ``value``.

    A whole number follows the plural rule of ``lang`` (the gettext catalog's, that is
    CLDR's); without ``lang``, the rule of the language whose nouns have that many forms.
    A fraction takes CLDR's "other": the second form (English "0.5 neurons", Russian
    "0,5 нейрона").
    """
    from nntutor.i18n import plural_index as rule

    if not float(value).is_integer():
        index = 1
    else:
        index = rule(int(value), lang or _RULE_BY_FORMS.get(forms, "en"))
    return min(index, forms - 1)


def fill(text: str, values: Mapping[str, float], lang: str | None = None) -> str:
    """Replace ``{name}`` by the drawn value and ``{name|form|form…}`` by the value and the
    form of the noun that agrees with it; unknown placeholders are left as written."""

    def plural(match: re.Match) -> str:
        name, forms = match.group(1), match.group(2).split("|")[1:]
        if name not in values:
            return match.group(0)
        value = values[name]
        return f"{format_number(value)} {forms[plural_index(value, len(forms), lang)]}"

    def sub(match: re.Match) -> str:
        name = match.group(1)
        return format_number(values[name]) if name in values else match.group(0)

    return _PLACEHOLDER.sub(sub, _PLURAL.sub(plural, text))


def placeholders(text: str) -> set[str]:
    return set(_PLACEHOLDER.findall(text)) | {name for name, _ in _PLURAL.findall(text)}


def plural_problems(text: str, lang: str) -> list[str]:
    """What is wrong with the plural forms in ``text``, written in ``lang``: the wrong number
    of forms for the language (English needs 2, Russian 3)."""
    need = plural_form_count(lang)
    out = []
    for name, forms in _PLURAL.findall(text):
        count = len(forms.split("|")) - 1
        if count != need:
            out.append(
                f"{{{name}{forms}}} has {count} form(s); a noun in {lang!r} needs {need}"
                + (" (one, few, many: 1 нейрон, 2 нейрона, 5 нейронов)" if need == 3 else "")
                + (" (one, other: 1 neuron, 2 neurons)" if need == 2 else "")
            )
    return out


@dataclass(frozen=True)
class Variant:
    """One drawn instance of a numeric exercise: its params, derived quantities and answer."""

    seed: int
    values: dict[str, float]
    answer: float
    derived: dict[str, float] = field(default_factory=dict)

    @property
    def scope(self) -> dict[str, float]:
        """Every value a text or a mistake's formula may use: params, derived, the answer."""
        return {**self.values, **self.derived, "answer": self.answer}

    def fill(self, text: str, lang: str | None = None) -> str:
        return fill(text, self.scope, lang)


def variant(exercise: Exercise, seed: int = 0) -> Variant:
    """Draw the params with ``seed``, then evaluate the derived quantities and the answer.

    FormulaError (naming the quantity) when a formula cannot be evaluated.
    """
    values = draw(exercise.params, seed)
    scope = dict(values)
    derived: dict[str, float] = {}
    for name, formula in exercise.derived:
        try:
            derived[name] = scope[name] = evaluate(formula, scope)
        except FormulaError as exc:
            raise FormulaError(exc.code, f"derived {name}: {exc.describe('en')}") from None
    answer = evaluate(exercise.answer, scope)  # a number or a formula; FormulaError if neither
    return Variant(seed=seed, values=values, answer=answer, derived=derived)


def _close(exercise: Exercise, value: float, target: float) -> bool:
    return abs(value - target) <= exercise.tolerance or math.isclose(
        value, target, rel_tol=exercise.rel_tolerance, abs_tol=0.0
    )


def matching_mistake(exercise: Exercise, value: float, drawn: Variant) -> int | None:
    """The index of the first anticipated mistake whose value (in this variant) ``value``
    matches within the exercise's tolerance; None if none does or the answer itself does."""
    if _close(exercise, value, drawn.answer):
        return None
    scope = drawn.scope
    for i, mistake in enumerate(exercise.mistakes):
        try:
            wrong = evaluate(mistake.answer, scope)
        except FormulaError:  # undefined in this variant (the validator reports a formula
            continue  # that fails in every variant)
        if _close(exercise, value, wrong) and not _close(exercise, wrong, drawn.answer):
            return i
    return None


@dataclass(frozen=True)
class NumericVerdict:
    """``mistake`` is the index of the anticipated mistake a wrong number matched, and
    ``message`` then its feedback in the learner's language, filled with the variant."""

    valid: bool
    correct: bool
    value: float | None
    message: str
    mistake: int | None = None


def grade_numeric(
    exercise: Exercise,
    typed: str,
    answer: float,
    lang: str = "en",
    drawn: Variant | None = None,
) -> NumericVerdict:
    """Grade a typed number (or simple arithmetic such as ``1/3``) against ``answer``.

    What cannot be read gets ``valid=False`` and a message in ``lang`` that says why.
    With ``drawn`` (the learner's variant), a wrong number that matches one of the
    exercise's anticipated mistakes is named: ``mistake`` and its feedback.
    """
    typed = (
        typed.strip().replace(",", ".")
        if typed.count(",") == 1 and "." not in typed
        else typed.strip()
    )
    if not typed:
        return NumericVerdict(
            False, False, None, FormulaError("syntax", reason="nothing").describe(lang)
        )
    try:
        value = evaluate(typed, {})  # always a finite float
    except FormulaError as exc:
        return NumericVerdict(False, False, None, exc.describe(lang))
    if _close(exercise, value, answer):
        return NumericVerdict(True, True, value, "")
    if drawn is not None and exercise.mistakes:
        index = matching_mistake(exercise, value, drawn)
        if index is not None:
            feedback = drawn.fill(exercise.mistakes[index].feedback.get(lang), lang)
            return NumericVerdict(True, False, value, feedback, index)
    return NumericVerdict(True, False, value, "")
