"""The course as data: lessons, their texts and their exercises."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nntutor.i18n import LANGUAGES

PLAYGROUNDS = ("neuron", "graph", "descent")

KINDS = (
    "single_choice",
    "multiple_choice",
    "numeric",
    "expression",
    "derivation",
    "lab_challenge",
    "code",
    "experiment",
)


@dataclass(frozen=True)
class Text:
    """A text in several languages."""

    by_lang: dict[str, str]

    def get(self, lang: str) -> str:
        return self.resolve(lang)[0]

    def resolve(self, lang: str) -> tuple[str, bool]:
        """The text in ``lang``, else in English; the flag says whether it fell back."""
        if self.by_lang.get(lang):
            return self.by_lang[lang], False
        for fallback in ("en", *self.by_lang):
            if self.by_lang.get(fallback):
                return self.by_lang[fallback], True
        return "", True

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(lang for lang, text in self.by_lang.items() if text)


@dataclass(frozen=True)
class Choice:
    text: Text
    correct: bool = False
    why: Text | None = None
    when: str = ""  # experiment: the criterion over the run that makes this choice right


@dataclass(frozen=True)
class Mistake:
    """An anticipated wrong answer and what to tell the learner who gives it."""

    answer: str
    feedback: Text


@dataclass(frozen=True)
class CodeMistake:
    """A code exercise's anticipated wrong implementation: a file in its folder and the feedback."""

    id: str
    file: str  # relative to the exercise's code folder
    feedback: Text


@dataclass(frozen=True)
class Param:
    """A randomised value of a numeric exercise."""

    name: str
    choices: tuple[float, ...] = ()
    low: float = 0.0
    high: float = 0.0
    step: float | None = None


@dataclass
class Experiment:
    """An experiment exercise's runs, as the lesson file gives them: epochs, the base settings and the runs."""

    epochs: int
    base: dict[str, Any]
    runs: dict[str, dict[str, Any]]

    def settings(self, name: str) -> dict[str, Any]:
        return {**self.base, **self.runs[name]}


@dataclass
class Exercise:
    id: str
    kind: str
    skills: tuple[str, ...]
    prompt: Text
    hints: tuple[Text, ...]
    solution: Text
    # single_choice / multiple_choice
    choices: tuple[Choice, ...] = ()
    # numeric
    answer: str | float | None = None
    tolerance: float = 0.0
    rel_tolerance: float = 1e-6
    params: tuple[Param, ...] = ()
    # numeric: intermediate quantities, (name, formula) in the order they are evaluated
    derived: tuple[tuple[str, str], ...] = ()
    # expression / derivation
    expected: str = ""
    vars: tuple[str, ...] = ()
    domains: dict[str, tuple[float, float]] = field(default_factory=dict)
    mistakes: tuple[Mistake, ...] = ()  # numeric too: a formula over params and derived
    defines: dict[str, str] = field(default_factory=dict)  # names the prompt introduces: a = σ(z)
    start: str = ""
    wrt: str = ""  # derivation: the variable differentiated by
    steps: tuple[str, ...] = ()
    # lab_challenge: the table as written (dataset, target, max_epochs, limits, preset, locked, reference)
    lab: dict = field(default_factory=dict)
    # code: a folder of starter.py, solution.py, tests.py, mistakes.toml (see docs/authoring.md)
    code: str = ""  # the folder as written, relative to the lesson folder
    code_dir: Path | None = None  # that folder, resolved
    part: str = ""  # the engine part it implements, for the lab ("" when none)
    code_mistakes: tuple[CodeMistake, ...] = ()
    # experiment: the runs (course/experiments.py Experiment); choices carry ``when``,
    # or ``answer`` is a quantity measured from the runs
    experiment: Experiment | None = None

    @property
    def randomised(self) -> bool:
        return bool(self.params)

    @property
    def correct_choices(self) -> set[int]:
        return {i for i, choice in enumerate(self.choices) if choice.correct}


@dataclass(frozen=True)
class Problem:
    """Something wrong in a lesson file, located precisely enough to fix."""

    path: str
    where: str
    message: str
    severity: str = "error"  # "error": the lesson cannot be used; "warning": it can, with a gap
    lang: str | None = None  # set on a warning about a text missing in that language

    def __str__(self) -> str:
        where = f": {self.where}" if self.where else ""
        return f"{self.path}{where}: {self.message}"


@dataclass
class Lesson:
    id: str
    order: int
    folder: Path
    title: Text
    prerequisites: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    playground: str | None = None  # an interactive view shown in the lesson's "Try it" tab
    texts: dict[str, str] = field(default_factory=dict)
    exercises: list[Exercise] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def available(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(lang for lang in LANGUAGES if self.texts.get(lang))

    def text(self, lang: str) -> tuple[str, bool]:
        """The lesson's Markdown in ``lang``, else English; the flag says whether it fell back."""
        if self.texts.get(lang):
            return self.texts[lang], False
        return self.texts.get("en", ""), True

    def exercise(self, exercise_id: str) -> Exercise | None:
        return next((e for e in self.exercises if e.id == exercise_id), None)

    @property
    def reason(self) -> str:
        """Why the lesson is unavailable, in one line."""
        errors = [p for p in self.problems if p.severity == "error"]
        if not errors:
            return ""
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        return str(errors[0]) + more


@dataclass
class Course:
    root: Path
    title: Text
    lessons: list[Lesson]
    problems: list[Problem] = field(default_factory=list)  # course-level (course.toml, duplicates)

    def lesson(self, lesson_id: str) -> Lesson | None:
        return next((lesson for lesson in self.lessons if lesson.id == lesson_id), None)

    @property
    def all_problems(self) -> list[Problem]:
        out = list(self.problems)
        for lesson in self.lessons:
            out.extend(lesson.problems)
        return out

    def recommended_next(self, statuses: dict[str, str]) -> Lesson | None:
        """The first available lesson not completed whose prerequisites are all completed.

        Falls back to the first available lesson not completed at all.
        """
        usable = [lesson for lesson in self.lessons if lesson.available]
        todo = [lesson for lesson in usable if statuses.get(lesson.id) != "completed"]
        for lesson in todo:
            if all(statuses.get(p) == "completed" for p in lesson.prerequisites):
                return lesson
        return todo[0] if todo else None
