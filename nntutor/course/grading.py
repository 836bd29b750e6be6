"""Grading: one verdict per answer, one grader per exercise kind. No UI.

    from nntutor.checker import Checker
    from nntutor.course.grading import grade

    with Checker() as checker:
        verdict = grade(exercise, "x*sigma(w*x+b)*(1-sigma(w*x+b))", lang="ru", checker=checker)

Every kind registers its grader in ``GRADERS``; a new kind adds one function and
one entry there. What an answer is depends on the kind:

- ``single_choice``: a 0-based index, or a typed string: a 1-based number or a choice's text;
- ``multiple_choice``: 0-based indexes, or a typed string: numbers ``1,3`` or texts ``a; b``;
- ``numeric``: the typed number (simple arithmetic such as ``1/3`` is fine), graded against
  the exercise's ``variant`` (drawn with seed 0 when none is given);
- ``expression``: the typed formula;
- ``derivation``: the steps, as a list or as text with one step per line (or separated by ``;``);
- ``lab_challenge``: a ``LabRun``, what the lab's training run reached;
- ``experiment``: the prediction (a choice or a number), or an ``ExperimentAnswer`` with its
  seed: the engine runs the experiment and the prediction is graded by what it did.

Formula kinds use the checker's worker process: pass the running ``Checker``
(the app's); without one, a worker is started for the call and stopped after it.
Importing this module loads neither Textual nor numpy nor SymPy.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from nntutor.course import strings
from nntutor.course.model import Exercise
from nntutor.course.numeric import Variant, grade_numeric, variant
from nntutor.i18n import t

if TYPE_CHECKING:
    from nntutor.checker import Checker, CheckResult


@dataclass
class Verdict:
    """The outcome of one answer.

    ``valid`` is false when the answer could not be read (it must not count as an
    attempt; ``message`` says why). ``answer`` is the normalised answer, as it is
    recorded: choices by their English text, so records do not depend on the
    language; ``shown`` is the answer in the learner's language where it differs.
    ``mistake`` names the mistake recognised: ``mistakes[i]`` for the exercise's
    i-th anticipated mistake, or the checker's diagnosis (``sign``,
    ``inner_derivative``, ...). ``first_wrong_step`` is the 1-based number of the
    first derivation step that does not follow or cannot be read. ``expected`` is
    the right value of a numeric exercise, to show after a wrong answer.
    """

    valid: bool
    correct: bool
    message: str = ""
    mistake: str | None = None
    answer: str = ""
    shown: str = ""
    interpreted_as: str = ""
    first_wrong_step: int | None = None
    expected: str = ""

    def to_json(self) -> dict:
        return {
            "valid": self.valid,
            "correct": self.correct,
            "message": self.message,
            "mistake": self.mistake,
            "answer": self.answer,
            "interpreted_as": self.interpreted_as,
            "first_wrong_step": self.first_wrong_step,
            "expected": self.expected,
        }


@dataclass
class LabRun:
    """A lab challenge's training run: its epoch reports, the hidden layers, a one-line summary.

    ``problem`` is set when the run failed (diverged, an error): it is then the message.
    """

    reports: Sequence[Any]
    hidden: Sequence[int]
    summary: str = ""
    problem: str | None = None


@dataclass
class Context:
    """What a grader may need besides the exercise and the answer."""

    lang: str = "en"
    variant: Variant | None = None
    checker: Checker | None = None
    _own_checker: Checker | None = field(default=None, repr=False)

    def require_checker(self) -> Checker:
        if self.checker is None:
            from nntutor.checker import Checker

            self.checker = self._own_checker = Checker()
        return self.checker


def grade(
    exercise: Exercise,
    answer: Any,
    variant: Variant | None = None,
    *,
    lang: str = "en",
    checker: Checker | None = None,
) -> Verdict:
    """Grade ``answer`` to ``exercise`` with the grader of its kind."""
    grader = GRADERS.get(exercise.kind)
    if grader is None:
        return Verdict(False, False, strings.text("unknown_kind", lang, kind=exercise.kind))
    context = Context(lang=lang, variant=variant, checker=checker)
    try:
        return grader.grade(exercise, answer, context)
    finally:
        if context._own_checker is not None:
            context._own_checker.close()


# --- choices --------------------------------------------------------------------------------------


def _choice_index(ex: Exercise, item: str) -> int | None:
    """A typed choice: its 1-based number, or its text in any language (case and spaces ignored)."""
    item = item.strip()
    if item.isdigit():
        n = int(item)
        return n - 1 if 1 <= n <= len(ex.choices) else None
    folded = " ".join(item.split()).casefold()
    for i, choice in enumerate(ex.choices):
        texts = choice.text.by_lang.values()
        if any(" ".join(text.split()).casefold() == folded for text in texts):
            return i
    return None


def grade_single_choice(ex: Exercise, answer: Any, context: Context) -> Verdict:
    lang = context.lang
    if isinstance(answer, int) and not isinstance(answer, bool):
        picked = answer if 0 <= answer < len(ex.choices) else None
    elif isinstance(answer, str) and answer.strip():
        picked = _choice_index(ex, answer)
        if picked is None:
            n = len(ex.choices)
            item = answer.strip()
            return Verdict(False, False, strings.text("choice.unknown", lang, item=item, n=n))
    else:
        picked = None
    if picked is None:
        return Verdict(False, False, strings.text("choice.pick_one", lang, n=len(ex.choices)))
    choice = ex.choices[picked]
    return Verdict(
        True,
        choice.correct,
        choice.why.get(lang) if choice.why else "",
        answer=choice.text.get("en"),
        shown=choice.text.get(lang),
    )


def grade_multiple_choice(ex: Exercise, answer: Any, context: Context) -> Verdict:
    lang = context.lang
    n = len(ex.choices)
    picked: set[int] = set()
    if isinstance(answer, str):
        items = [x.strip() for x in re.split(";" if ";" in answer else ",", answer) if x.strip()]
        for item in items:
            index = _choice_index(ex, item)
            if index is None:
                return Verdict(False, False, strings.text("choice.unknown", lang, item=item, n=n))
            picked.add(index)
    else:
        picked = {int(i) for i in answer or () if 0 <= int(i) < n}
    if not picked:
        return Verdict(False, False, strings.text("choice.pick_some", lang, n=n))
    order = sorted(picked)
    whys = [
        ex.choices[i].why.get(lang)
        for i in sorted(picked ^ ex.correct_choices)
        if ex.choices[i].why
    ]
    return Verdict(
        True,
        picked == ex.correct_choices,
        " ".join(whys),
        answer="; ".join(ex.choices[i].text.get("en") for i in order),
        shown="; ".join(ex.choices[i].text.get(lang) for i in order),
    )


# --- numbers --------------------------------------------------------------------------------------


def grade_numeric_answer(ex: Exercise, answer: Any, context: Context) -> Verdict:
    drawn = context.variant or variant(ex, 0)
    typed = _typed(answer)
    if not typed:
        return Verdict(False, False, strings.text("empty", context.lang), answer=typed)
    result = grade_numeric(ex, typed, drawn.answer, context.lang, drawn)
    if not result.valid:
        return Verdict(False, False, result.message, answer=typed)
    expected = f"{drawn.answer:.6g}" if math.isfinite(drawn.answer) else str(drawn.answer)
    mistake = f"mistakes[{result.mistake}]" if result.mistake is not None else None
    return Verdict(
        True, result.correct, result.message, mistake=mistake, answer=typed, expected=expected
    )


def _typed(answer: Any) -> str:
    return "" if answer is None else str(answer).strip()


# --- formulas -------------------------------------------------------------------------------------


def _checker_options(ex: Exercise, lang: str) -> dict:
    return dict(
        vars=list(ex.vars),
        domains=ex.domains or None,
        tolerance=ex.tolerance,
        mistakes=[(m.answer, m.feedback.get(lang)) for m in ex.mistakes],
        lang=lang,
        defines=dict(ex.defines) or None,
    )


def _mistake(result: CheckResult) -> str | None:
    if result.diagnosis == "mistake" and result.mistake_index is not None:
        return f"mistakes[{result.mistake_index}]"
    return result.diagnosis


def grade_expression(ex: Exercise, answer: Any, context: Context) -> Verdict:
    typed = _typed(answer)
    if not typed:
        return Verdict(False, False, strings.text("empty", context.lang))
    checker = context.require_checker()
    result = checker.check(typed, ex.expected, **_checker_options(ex, context.lang))
    if not result.valid:
        return Verdict(False, False, result.error or result.feedback or "", answer=typed)
    return Verdict(
        True,
        result.equivalent,
        # on a right answer the checker's feedback only repeats the verdict
        "" if result.equivalent else result.feedback or "",
        mistake=None if result.equivalent else _mistake(result),
        answer=typed,
        interpreted_as=result.interpreted_as,
    )


def split_steps(answer: str | Sequence[str]) -> list[str]:
    """A derivation's steps: one per line or between ``;``, blanks dropped."""
    lines = re.split(r"[\n;]", answer) if isinstance(answer, str) else list(answer)
    return [line.strip() for line in lines if line.strip()]


def grade_derivation(ex: Exercise, answer: Any, context: Context) -> Verdict:
    lang = context.lang
    steps = split_steps(answer)
    if not steps:
        return Verdict(False, False, strings.text("empty", lang))
    joined = "\n".join(steps)
    checker = context.require_checker()
    result = checker.check_steps(
        steps, ex.expected, start=ex.start or None, **_checker_options(ex, lang)
    )
    read = "\n".join(step.interpreted_as for step in result.steps if step.interpreted_as)
    if result.first_invalid is not None:
        step = result.steps[result.first_invalid]
        return Verdict(
            False,
            False,
            step.error or step.feedback or "",
            answer=joined,
            first_wrong_step=result.first_invalid + 1,
        )
    if result.equivalent:
        return Verdict(True, True, "", answer=joined, interpreted_as=read)
    index = result.first_wrong or 0
    wrong = result.steps[index] if index < len(result.steps) else None
    why = wrong.feedback if wrong is not None else ""
    return Verdict(
        True,
        False,
        t("step_wrong", lang, n=index + 1, why=why),
        mistake=_mistake(wrong) if wrong is not None else None,
        answer=joined,
        interpreted_as=read,
        first_wrong_step=index + 1,
    )


# --- lab challenges -------------------------------------------------------------------------------


def grade_lab_challenge(ex: Exercise, answer: Any, context: Context) -> Verdict:
    from nntutor.course.challenges import judge, limits_problems

    lang = context.lang
    if not isinstance(answer, LabRun):
        return Verdict(False, False, strings.text("lab.by_run", lang))
    met, best = judge(ex, answer.reports)
    broken = limits_problems(ex, answer.hidden, lang)
    target = ex.lab["target"]
    acc = target["metric"] == "val_acc"
    kind = "acc" if acc else "loss"
    shown = "—" if best is None else (f"{best:.1%}" if acc else f"{best:.4g}")
    goal = f"{float(target['value']):.0%}" if acc else f"{float(target['value']):g}"
    if answer.problem:
        correct, message = False, answer.problem
    elif broken:
        correct = False
        message = strings.text(f"lab.{kind}_limits", lang, best=shown, what="; ".join(broken))
    elif met:
        correct, message = True, strings.text(f"lab.{kind}_met", lang, best=shown, goal=goal)
    else:
        correct = False
        epochs = int(ex.lab["max_epochs"])
        message = strings.ntext(f"lab.{kind}_missed", epochs, lang, best=shown, goal=goal)
    return Verdict(True, correct, message, answer=answer.summary)


# --- code ------------------------------------------------------------------------------------------


def grade_code(ex: Exercise, answer: Any, context: Context) -> Verdict:
    """The learner's file (a path), or the ``RunReport`` of a check already run on it.

    The file runs in the runner's limited child process (nntutor.runner); the caller makes
    sure the course is trusted (the built-in course is; see nntutor.runner.trust). A file
    that cannot run (a syntax error, an exception while loading it, a limit hit) is not an
    attempt: the verdict is invalid and says where and why.
    """
    from pathlib import Path

    from nntutor.runner import RunReport, check_code

    lang = context.lang
    if isinstance(answer, RunReport):
        report = answer
    elif isinstance(answer, (str, Path)) and str(answer).strip():
        report = check_code(ex, Path(answer), lang)
    else:
        return Verdict(False, False, strings.text("code.by_file", lang))
    return code_verdict(report, lang)


def code_verdict(report, lang: str) -> Verdict:
    """The verdict of a code check: correct when every test passes."""
    passed = sum(1 for test in report.tests if test.passed)
    summary = f"{passed}/{len(report.tests)}"
    if report.status in ("error", "limit"):
        return Verdict(False, False, report.error or "", answer=summary)
    if report.status == "passed":
        message = strings.text("code.passed", lang, n=len(report.tests))
        return Verdict(True, True, message, answer=summary)
    failing = next((test for test in report.tests if not test.passed), None)
    parts = [f"{failing.name}: {failing.message}"] if failing else []
    if report.feedback:
        parts.append(report.feedback)
    return Verdict(True, False, " ".join(parts), mistake=report.mistake, answer=summary)


# --- experiments: predict, then run ---------------------------------------------------------------


def grade_experiment(ex: Exercise, answer: Any, context: Context) -> Verdict:
    """A prediction graded by what the experiment's run did (course/experiments.py)."""
    from nntutor.course.experiments import STRINGS as EXP
    from nntutor.course.experiments import ExperimentAnswer, judge

    lang = context.lang
    if not isinstance(answer, ExperimentAnswer):
        seed = context.variant.seed if context.variant is not None else 0
        answer = ExperimentAnswer(answer, seed)
    prediction = answer.prediction
    if ex.choices:
        if isinstance(prediction, str) and prediction.strip():
            prediction = _choice_index(ex, prediction)
        if (
            not isinstance(prediction, int)
            or isinstance(prediction, bool)
            or not (0 <= prediction < len(ex.choices))
        ):
            return Verdict(False, False, t("need_prediction", lang, EXP, n=len(ex.choices)))
        answer.prediction = prediction
    elif not _typed(prediction):
        return Verdict(False, False, t("need_number", lang, EXP))
    try:
        correct, message, recorded, shown = judge(ex, answer, lang)
    except ValueError as exc:
        return Verdict(False, False, str(exc), answer=_typed(prediction))
    except RuntimeError as exc:
        return Verdict(False, False, str(exc))
    return Verdict(True, correct, message, answer=recorded, shown=shown)


# --- the registry ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Grader:
    """How one exercise kind is graded.

    ``slow``: it may take a while (a worker process answers), so a UI runs it off its main thread.
    """

    grade: Callable[[Exercise, Any, Context], Verdict]
    slow: bool = False


GRADERS: dict[str, Grader] = {
    "single_choice": Grader(grade_single_choice),
    "multiple_choice": Grader(grade_multiple_choice),
    "numeric": Grader(grade_numeric_answer),
    "expression": Grader(grade_expression, slow=True),
    "derivation": Grader(grade_derivation, slow=True),
    "lab_challenge": Grader(grade_lab_challenge),
    "code": Grader(grade_code, slow=True),
    "experiment": Grader(grade_experiment, slow=True),
}


def is_slow(exercise: Exercise) -> bool:
    """Whether grading this exercise should run off a UI's main thread."""
    grader = GRADERS.get(exercise.kind)
    return grader is not None and grader.slow
