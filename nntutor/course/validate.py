"""The course's self-test: structure, both languages, and every answer key.

Structure comes from the loader. On top of it this module checks what needs the
other cores: every reference answer passes its own check and every anticipated
mistake is judged wrong (checker), every randomised exercise yields a finite
answer for 20 seeds (and its numeric mistakes a value that is not the answer), every
exercise's text in each language puts a number and the noun after it in agreement
(60 variants of a randomised one, rendered as ``nntutor lessons show`` prints them), and, on request, every lab challenge's reference
configuration reaches its target (engine).
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from nntutor.course.model import Course, Exercise, Lesson, Problem

SEEDS = range(20)

# Answer-key checks run in the checker's worker, up to its 3 s each. A course folder may come
# from anyone: one whose 40 steps and 20 mistakes all take the full 3 s must not keep
# `validate` busy for minutes. So the checks share a budget: what does not fit is skipped and
# reported (severity "skipped"), which is not a problem of the course (the exit code is 0).
ANSWER_BUDGET_S = 60.0  # all answer-key checks of a course together
EXPERIMENT_SEEDS = range(3)  # each experiment runs on these (the course's take 0.05–0.2 s each)
EXERCISE_BUDGET_S = 20.0  # the checks of one exercise


_clock = time.monotonic  # the tests put a clock of their own here


class OutOfTime(Exception):
    """Raised by ``TimedChecker.check`` once the budget is spent (no check is cut short)."""


class TimedChecker:
    """The checker, refusing to start a check once the course's or the exercise's time is up."""

    def __init__(self, checker, budget_s: float = ANSWER_BUDGET_S, clock=None) -> None:
        self.checker, self.clock, self.budget_s = checker, clock or _clock, budget_s
        self.course_deadline = self.clock() + budget_s
        self.started = 0
        self.exercise_deadline = self.course_deadline
        self.exercise_budget_s = EXERCISE_BUDGET_S

    def start_exercise(self) -> None:
        self.exercise_deadline = min(self.course_deadline, self.clock() + self.exercise_budget_s)
        self.started = 0

    def out_of_time(self) -> bool:
        return self.clock() >= self.exercise_deadline

    def check(self, *args, **kwargs):
        if self.out_of_time():
            raise OutOfTime
        self.started += 1
        return self.checker.check(*args, **kwargs)

    def skipped(self, path: str, where: str, total: int) -> Problem:
        """The report of an exercise whose checks did not all fit in the time."""
        course = self.clock() >= self.course_deadline
        whose = "the course's" if course else "this exercise's"
        budget = self.budget_s if course else self.exercise_budget_s
        return Problem(
            path,
            where,
            f"{max(0, total - self.started)} of {total} answer-key checks not run: {whose} "
            f"time for them ({budget:g} s) ran out",
            severity="skipped",
        )


@dataclass
class Report:
    course: Course
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """No problem; checks skipped for time (severity "skipped") are reported, not failed."""
        return all(p.severity == "skipped" for p in self.problems)

    @property
    def skipped(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "skipped"]


def _where(lesson: Lesson, ex: Exercise) -> tuple[str, str]:
    return f"{lesson.folder.name}/lesson.toml", f"exercise {ex.id}"


def check_numeric(lesson: Lesson, ex: Exercise) -> list[Problem]:
    """Every variant has a finite answer; every anticipated mistake can be computed and is
    not the answer itself in every variant."""
    from nntutor.course.numeric import FormulaError, evaluate, variant

    out = []
    path, where = _where(lesson, ex)
    seeds = SEEDS if ex.randomised else [0]
    computable = [0] * len(ex.mistakes)  # variants where the mistake has a value
    distinct = [0] * len(ex.mistakes)  # variants where that value is not the answer
    for seed in seeds:
        try:
            v = variant(ex, seed)
        except FormulaError as exc:
            out.append(Problem(path, where, f"seed {seed}: the answer formula fails: {exc}"))
            return out
        if not math.isfinite(v.answer):
            out.append(Problem(path, where, f"seed {seed}: the answer is not a finite number"))
            return out
        for i, mistake in enumerate(ex.mistakes):
            try:
                wrong = evaluate(mistake.answer, v.scope)
            except FormulaError:
                continue
            computable[i] += 1
            close = abs(wrong - v.answer) <= ex.tolerance or math.isclose(
                wrong, v.answer, rel_tol=ex.rel_tolerance, abs_tol=0.0
            )
            distinct[i] += not close
    for i, mistake in enumerate(ex.mistakes):
        w = f"{where} mistakes[{i}]"
        if not computable[i]:
            out.append(Problem(path, w, f"{mistake.answer!r} cannot be computed in any variant"))
        elif not distinct[i]:
            out.append(
                Problem(
                    path, w, f"{mistake.answer!r} equals the answer in every variant: not a mistake"
                )
            )
    return out


# Nouns that follow a number in the course, in the forms the plural rule picks
# (English one/other, Russian one/few/many). A number followed by one of these words in
# another form than its rule picks is reported. Russian after a preposition (из 5 нейронов,
# на 3 видеокартах) takes another case, so a number right after one is not checked.
_EN_NOUNS = (
    "neuron input output example epoch parameter filter channel layer GPU day byte"
    " image card weight hour step pixel iteration update row column"
    " gradient point second minute unit sample feature token"
)
_RU_NOUNS = (
    "нейрон/нейрона/нейронов вход/входа/входов выход/выхода/выходов"
    " пример/примера/примеров эпоха/эпохи/эпох параметр/параметра/параметров"
    " фильтр/фильтра/фильтров канал/канала/каналов слой/слоя/слоёв слой/слоя/слоев"
    " день/дня/дней байт/байта/байт карта/карты/карт картинка/картинки/картинок"
    " изображение/изображения/изображений видеокарта/видеокарты/видеокарт"
    " час/часа/часов шаг/шага/шагов класс/класса/классов пиксель/пикселя/пикселей"
    " итерация/итерации/итераций обновление/обновления/обновлений вес/веса/весов"
    " смещение/смещения/смещений миллиард/миллиарда/миллиардов раз/раза/раз"
    " батч/батча/батчей строка/строки/строк столбец/столбца/столбцов"
    " градиент/градиента/градиентов точка/точки/точек секунда/секунды/секунд"
    " минута/минуты/минут признак/признака/признаков токен/токена/токенов"
)
PLURAL_NOUNS: dict[str, list[tuple[str, ...]]] = {
    "en": [(f, f + "s") for f in _EN_NOUNS.split()]
    + [("bias", "biases"), ("class", "classes"), ("batch", "batches")],
    "ru": [tuple(forms.split("/")) for forms in _RU_NOUNS.split()],
}
_PREPOSITIONS = (
    "в во на по о об обо с со от до для при к ко за над под из изо между через около без среди про"
)
_RU_PREPOSITIONS = set(_PREPOSITIONS.split())
# a number (10 000 with its digits grouped, 0.5, −3) and, on the same line, the word after it;
# a word joined by a hyphen (GPU-hours, 16-bit) is part of a compound and not checked
_NUMBER_WORD = re.compile(
    r"(?<![\w.,])(?P<number>[−-]?\d{1,3}(?:[ \u00a0\u202f]\d{3})+|[−-]?\d+(?:[.,]\d+)?)"
    r"[ \u00a0]+(?P<word>[^\W\d_]+)(?![-\w])"
)
# what comes before a number: a name and "=" (N = 3) is skipped to reach the word before it
_BEFORE = re.compile(r"([^\W\d_]+)[^\w]*(?:\b\w+[ \u00a0]*=[ \u00a0]*)?$")

# a number and "and" before the number checked: the noun agrees with the last one, and the
# case is set by what stands before the first
_LISTED = re.compile(r"[−-]?\d+(?:[.,]\d+)?,?[ \u00a0]+(?:и|или|and|or)[ \u00a0]+$")


def _noun_forms(lang: str) -> dict[str, set[int]]:
    forms: dict[str, set[int]] = {}
    for noun in PLURAL_NOUNS.get(lang, []):
        for index, form in enumerate(noun):
            forms.setdefault(form.lower(), set()).add(index)
    return forms


def wrong_plurals(text: str, lang: str) -> list[str]:
    """The places in ``text`` where a number is followed by a noun of ``PLURAL_NOUNS``
    in a form that does not agree with it: ["1 neurons (expected: neuron)", ...].

    Not checked: a number after a noun (an index: "neuron 1 of layer 2", «нейрон 1 слоя
    2») and, in Russian, a number after a preposition (из 5 нейронов, на 3 видеокартах:
    another case than the one the plural rule is about).
    """
    from nntutor.course.numeric import plural_index

    forms = _noun_forms(lang)
    nouns = {form.lower(): noun for noun in PLURAL_NOUNS.get(lang, []) for form in noun}
    out = []
    for match in _NUMBER_WORD.finditer(text):
        word = match.group("word")
        have = forms.get(word.lower())
        if have is None:
            continue
        context = text[max(0, match.start() - 60) : match.start()]
        while (shorter := _LISTED.sub("", context)) != context:  # "из 64 и 32 нейронов"
            context = shorter
        found = _BEFORE.search(context)
        before = found.group(1).lower() if found else ""
        if before in forms or (lang == "ru" and before in _RU_PREPOSITIONS):
            continue
        digits = re.sub(r"[ \u00a0\u202f]", "", match.group("number"))
        number = float(digits.replace(",", ".").replace("−", "-"))
        noun = nouns[word.lower()]
        index = plural_index(number, len(noun), lang)
        if index not in have:
            out.append(f"{match.group('number')} {word} (expected: {noun[index]})")
    return out


PLURAL_SEEDS = range(60)


def check_plurals(lesson: Lesson, ex: Exercise, languages: tuple[str, ...]) -> list[Problem]:
    """Render many variants of the exercise in each language, as ``nntutor lessons show``
    does, and report a number followed by a noun in the wrong form (once per text)."""
    from nntutor.course.numeric import FormulaError
    from nntutor.course.render import render_parts

    path, where = _where(lesson, ex)
    found: dict[str, int] = {}
    for lang in languages:
        for seed in PLURAL_SEEDS if ex.randomised else [0]:
            try:
                parts = render_parts(ex, seed, lang)
            except FormulaError:
                break  # check_numeric reports it
            for text in parts.texts():
                for slip in wrong_plurals(text, lang):
                    found.setdefault(f"{lang}: {slip}", seed)
    return [
        Problem(
            path,
            where,
            f"plural agreement, seed {seed}, {slip}: write the noun as {{n|form|form…}}"
            " (see docs/authoring.md) or rephrase",
        )
        for slip, seed in found.items()
    ]


def check_expressions(lesson: Lesson, ex: Exercise, checker, lang: str = "en") -> list[Problem]:
    """Reference passes its own check; steps equal it; each mistake is judged wrong with its feedback."""
    path, where = _where(lesson, ex)
    out: list[Problem] = []
    kw = dict(
        vars=list(ex.vars),
        domains=ex.domains or None,
        tolerance=ex.tolerance,
        lang=lang,
        defines=dict(ex.defines) or None,
    )
    own = checker.check(ex.expected, ex.expected, **kw)
    if own.authoring_error:
        return [Problem(path, where, f"expected: {own.authoring_error}")]
    if not own.valid or not own.equivalent:
        return [
            Problem(
                path,
                where,
                f"expected {ex.expected!r} does not pass its own check: {own.error or own.feedback}",
            )
        ]
    try:
        for i, step in enumerate(ex.steps):
            res = checker.check(step, ex.expected, **kw)
            if not res.valid or not res.equivalent:
                out.append(
                    Problem(
                        path,
                        f"{where} steps[{i}]",
                        f"{step!r} is not equal to expected ({res.error or res.feedback})",
                    )
                )
        mistakes = [(m.answer, m.feedback.get(lang)) for m in ex.mistakes]
        for i, m in enumerate(ex.mistakes):
            res = checker.check(m.answer, ex.expected, mistakes=mistakes, **kw)
            if not res.valid:
                out.append(
                    Problem(
                        path,
                        f"{where} mistakes[{i}]",
                        f"{m.answer!r} is not valid input: {res.error}",
                    )
                )
            elif res.equivalent:
                out.append(
                    Problem(
                        path,
                        f"{where} mistakes[{i}]",
                        f"{m.answer!r} is equivalent to expected, so it is not a mistake",
                    )
                )
            elif res.mistake_index != i:
                out.append(
                    Problem(
                        path,
                        f"{where} mistakes[{i}]",
                        f"{m.answer!r} did not produce its own feedback (matched {res.mistake_index})",
                    )
                )
    except OutOfTime:  # only a TimedChecker raises it
        total = 1 + len(ex.steps) + len(ex.mistakes) + (ex.kind == "derivation")
        out.append(checker.skipped(path, where, total))
    return out


def derivative_of_start(ex: Exercise) -> str:
    """d(start)/d(wrt) in the checker's own syntax (parsed by its parser, differentiated by SymPy).

    Raises the parser's ParseError when ``start`` is not valid input.
    """
    import sympy as sp

    from nntutor.checker.functions import one_line
    from nntutor.checker.parser import parse

    expr = parse(ex.start, list(ex.vars)).expr
    symbol = parse(ex.wrt, list(ex.vars)).expr  # the parser's own name for it (w1 is w_1)
    return one_line(sp.diff(expr, symbol))


def check_derivation_start(
    lesson: Lesson, ex: Exercise, checker, lang: str = "en"
) -> list[Problem]:
    """The derivative of ``start`` with respect to ``wrt`` is ``expected`` (judged by the checker)."""
    from nntutor.checker.parser import ParseError

    path, where = _where(lesson, ex)
    if not ex.start:
        return [Problem(path, f"{where} start", "a derivation needs start, the expression derived")]
    try:
        derivative = derivative_of_start(ex)
    except ParseError as exc:
        why = exc.message(lang)
        return [Problem(path, f"{where} start", f"{ex.start!r} is not valid input: {why}")]
    kw = dict(vars=list(ex.vars), domains=ex.domains or None, tolerance=ex.tolerance, lang=lang)
    res = checker.check(derivative, ex.expected, **kw)
    if res.valid and res.equivalent:
        return []
    return [
        Problem(
            path,
            f"{where} wrt",
            f"the derivative of start with respect to {ex.wrt!r} is {derivative}, "
            f"which is not expected {ex.expected!r}: check wrt, start and expected",
        )
    ]


def check_lab(lesson: Lesson, ex: Exercise) -> list[Problem]:
    """Train the reference configuration and check that it meets the target."""
    from nntutor.course.challenges import run_reference
    from nntutor.engine import ConfigError, TrainingDiverged

    path, where = _where(lesson, ex)
    try:
        met, achieved = run_reference(ex)
    except (ConfigError, TrainingDiverged, ValueError) as exc:  # learner-readable messages
        return [Problem(path, where, f"the reference configuration fails: {exc}")]
    if not met:
        target = ex.lab["target"]
        return [
            Problem(
                path,
                where,
                f"the reference reaches {target['metric']} = {achieved:.4g}, target {target['value']}",
            )
        ]
    return []


def check_experiment(lesson: Lesson, ex: Exercise, seeds=EXPERIMENT_SEEDS) -> list[Problem]:
    """Run the experiment on a few seeds: with choices, exactly one must hold on each (else no
    prediction, or several, would be right); with a numeric answer, it must be a number."""
    from nntutor.course.experiments import run_experiment

    path, where = _where(lesson, ex)
    out = []
    for seed in seeds:
        run = run_experiment(ex.experiment, seed)
        if run.problem:
            out.append(Problem(path, where, f"seed {seed}: the experiment fails: {run.problem}"))
            continue
        try:
            if ex.choices:
                held = [n for n, c in enumerate(ex.choices, start=1) if run.holds(c.when)]
            else:
                value = run.measure(str(ex.answer))
        except (ValueError, ZeroDivisionError, OverflowError) as exc:
            out.append(Problem(path, where, f"seed {seed}: a criterion cannot be read ({exc})"))
            continue
        if ex.choices and len(held) != 1:
            what = (
                "no choice holds" if not held else f"choices {', '.join(map(str, held))} all hold"
            )
            out.append(
                Problem(
                    path,
                    where,
                    f"seed {seed}: {what}; exactly one should, so that one prediction is right "
                    "(make the criteria cover every outcome without overlapping)",
                )
            )
        elif not ex.choices and not math.isfinite(value):
            out.append(Problem(path, where, f"seed {seed}: the answer {ex.answer} is {value}"))
    return out


def check_code_exercise(lesson: Lesson, ex: Exercise, lang: str = "en") -> list[Problem]:
    """The reference passes, the starter fails, each anticipated mistake is recognised as itself.

    Runs the exercise's files in the runner's limited child process, a few at a time.
    """
    from concurrent.futures import ThreadPoolExecutor

    from nntutor.runner import check_code

    path, where = _where(lesson, ex)
    folder = ex.code_dir
    runs = {"solution": folder / "solution.py", "starter": folder / "starter.py"}
    runs.update({f"mistake {m.id}": folder / m.file for m in ex.code_mistakes})
    with ThreadPoolExecutor(max_workers=4) as pool:
        reports = dict(
            zip(runs, pool.map(lambda f: check_code(ex, f, lang), runs.values()), strict=True)
        )
    out: list[Problem] = []

    def problem(what: str, message: str) -> None:
        out.append(Problem(path, f"{where} {what}", message))

    def why(report) -> str:
        failing = [f"{t.name}: {t.message}" for t in report.tests if not t.passed]
        return report.error or (failing[0] if failing else report.status)

    solution = reports.pop("solution")
    if not solution.passed:
        problem("solution.py", f"the reference does not pass its own tests ({why(solution)})")
    starter = reports.pop("starter")
    if starter.passed:
        problem("starter.py", "the starter passes the tests; it should leave work to do")
    elif starter.status == "limit":
        problem("starter.py", f"the starter hits a limit ({starter.error})")
    for m in ex.code_mistakes:
        report = reports[f"mistake {m.id}"]
        if report.passed:
            problem(m.file, "this mistake passes the tests, so the tests cannot catch it")
        elif report.mistake != m.id:
            found = f"recognised as {report.mistake!r}" if report.mistake else "not recognised"
            problem(m.file, f"the mistake is {found} ({why(report)})")
    return out


def validate_course(
    course: Course,
    *,
    languages: tuple[str, ...] = ("en", "ru"),
    answers: bool = True,
    run_labs: bool = False,
    run_code: bool = True,
    progress: Callable[[str], None] | None = None,
    budget_s: float = ANSWER_BUDGET_S,
) -> Report:
    report = Report(course)
    report.problems = [p for p in course.all_problems if p.lang is None or p.lang in languages]
    if not answers:
        return report
    checker = None
    try:
        for lesson in course.lessons:
            if not lesson.available:
                continue
            if progress:
                progress(lesson.id)
            for ex in lesson.exercises:
                report.problems += check_plurals(lesson, ex, languages)
                if ex.kind == "numeric":
                    report.problems += check_numeric(lesson, ex)
                elif ex.kind in ("expression", "derivation"):
                    if checker is None:
                        from nntutor.checker import Checker

                        checker = TimedChecker(Checker(), budget_s)
                    checker.start_exercise()
                    try:
                        report.problems += check_expressions(lesson, ex, checker)
                        if ex.kind == "derivation" and not checker.out_of_time():
                            report.problems += check_derivation_start(lesson, ex, checker)
                    except OutOfTime:
                        total = 1 + len(ex.steps) + len(ex.mistakes) + (ex.kind == "derivation")
                        report.problems.append(checker.skipped(*_where(lesson, ex), total))
                elif ex.kind == "lab_challenge" and run_labs:
                    report.problems += check_lab(lesson, ex)
                elif ex.kind == "experiment" and ex.experiment is not None:
                    report.problems += check_experiment(lesson, ex)
                elif ex.kind == "code" and run_code:
                    report.problems += check_code_exercise(lesson, ex)
    finally:
        if checker is not None:
            checker.checker.close()
    return report


def lessons_json(course: Course) -> list[dict]:
    """What ``nntutor lessons --json`` prints."""
    out = []
    for lesson in course.lessons:
        out.append(
            {
                "id": lesson.id,
                "order": lesson.order,
                "title": lesson.title.by_lang,
                "languages": list(lesson.languages),
                "available": lesson.available,
                "reason": lesson.reason or None,
                "exercises": [{"id": ex.id, "kind": ex.kind} for ex in lesson.exercises],
            }
        )
    return out


def default_root(override: str | None = None) -> Path:
    from nntutor.paths import lessons_dir

    return lessons_dir(override)
