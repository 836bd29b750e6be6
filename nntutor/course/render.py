"""An exercise as plain text, as the learner sees it: for authors (``nntutor lessons show``)
and for the course's self-test (the plural check reads exactly this text).

A randomised exercise is drawn with a seed and filled in; the solution comes with the
variant's derived values. No Textual, no SymPy: only the course model and the evaluator.
"""

from __future__ import annotations

from dataclasses import dataclass

from nntutor.course.model import Exercise
from nntutor.course.numeric import Variant, format_number, variant
from nntutor.i18n import Messages, t

_LABELS = Messages(
    "course.render",
    {
        "exercise": "Exercise {id} ({kind})",
        "variant": "variant: seed {seed}",
        "hint": "Hint {n}",
        "solution": "Solution",
        "answer": "Answer",
        "derived": "Values in this variant",
        "correct": "correct",
        "mistakes": "Anticipated mistakes",
        "same_as_answer": "equal to the answer in this variant, so never reported here",
    },
)


def label(key: str, lang: str, **values: object) -> str:
    return t(key, lang, _LABELS, **values)


@dataclass
class Rendered:
    """The parts of a rendered exercise, each already filled in for the variant."""

    prompt: str
    choices: list[str]
    hints: list[str]
    solution: str
    mistakes: list[str]
    variant: Variant | None

    def texts(self) -> list[str]:
        """Every text the learner may read, for checks over all of them."""
        return [self.prompt, *self.choices, *self.hints, self.solution, *self.mistakes]


def render_parts(exercise: Exercise, seed: int = 0, lang: str = "en") -> Rendered:
    """The exercise's texts in ``lang`` for the variant drawn with ``seed``.

    FormulaError when a numeric exercise's formulas cannot be evaluated.
    """
    drawn = variant(exercise, seed) if exercise.kind == "numeric" else None

    def fill(text: str) -> str:
        return drawn.fill(text, lang) if drawn else text

    return Rendered(
        prompt=fill(exercise.prompt.get(lang)).strip(),
        choices=[fill(choice.text.get(lang)) for choice in exercise.choices],
        hints=[fill(hint.get(lang)).strip() for hint in exercise.hints],
        solution=fill(exercise.solution.get(lang)).strip(),
        mistakes=[fill(m.feedback.get(lang)).strip() for m in exercise.mistakes],
        variant=drawn,
    )


def derived_lines(exercise: Exercise, drawn: Variant) -> list[str]:
    """``z = w*x + b = 0.7``: each derived quantity, its formula and its value, then the answer."""
    lines = [
        f"{name} = {formula} = {format_number(drawn.derived[name])}"
        for name, formula in exercise.derived
    ]
    answer = exercise.answer
    if isinstance(answer, str):
        lines.append(f"answer = {answer} = {format_number(drawn.answer)}")
    else:
        lines.append(f"answer = {format_number(drawn.answer)}")
    return lines


def render_exercise(
    exercise: Exercise, seed: int = 0, lang: str = "en", *, solution: bool = False
) -> str:
    """The exercise as plain text: prompt, choices and hints; with ``solution``, also the
    worked solution, the variant's derived values and the anticipated mistakes."""
    parts = render_parts(exercise, seed, lang)
    out = [label("exercise", lang, id=exercise.id, kind=exercise.kind)]
    if exercise.randomised:
        out.append(label("variant", lang, seed=seed))
    out += ["", parts.prompt]
    if parts.choices:
        out.append("")
        for i, (text, choice) in enumerate(
            zip(parts.choices, exercise.choices, strict=True), start=1
        ):
            mark = f"  ({label('correct', lang)})" if solution and choice.correct else ""
            out.append(f"  {i}. {text}{mark}")
    for i, hint in enumerate(parts.hints, start=1):
        out += ["", f"{label('hint', lang, n=i)}: {hint}"]
    if solution:
        out += ["", f"{label('solution', lang)}:", parts.solution]
        if parts.variant is not None:
            out += ["", f"{label('derived', lang)}:"]
            out += [f"  {line}" for line in derived_lines(exercise, parts.variant)]
        elif exercise.expected:
            out += ["", f"{label('answer', lang)}: {exercise.expected}"]
        if parts.mistakes:
            out += ["", f"{label('mistakes', lang)}:"]
            for mistake, feedback in zip(exercise.mistakes, parts.mistakes, strict=True):
                value = ""
                if parts.variant is not None:
                    value = _mistake_value(mistake.answer, parts.variant)
                    if _same_as_answer(exercise, mistake.answer, parts.variant):
                        value += f" ({label('same_as_answer', lang)})"
                out.append(f"  {mistake.answer}{value}: {feedback}")
    return "\n".join(out)


def _mistake_value(formula: str, drawn: Variant) -> str:
    from nntutor.course.numeric import FormulaError, evaluate

    try:
        return f" = {format_number(evaluate(formula, drawn.scope))}"
    except FormulaError as exc:
        return f" ({exc.describe('en')})"


def _same_as_answer(exercise: Exercise, formula: str, drawn: Variant) -> bool:
    from nntutor.course.numeric import FormulaError, evaluate, matching_mistake

    try:
        value = evaluate(formula, drawn.scope)
    except FormulaError:
        return False
    return matching_mistake(exercise, value, drawn) is None
