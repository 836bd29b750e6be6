"""What the checker answers: plain dataclasses, safe to pass between threads and to JSON."""

from __future__ import annotations

from dataclasses import dataclass, field, fields


@dataclass
class Preview:
    """How an input was read, before any checking.

    ``interpreted_as`` is a one-line form (it reads back as the same expression);
    ``pretty`` is SymPy's 2-D Unicode drawing. When ``valid`` is false, ``error``
    says what is wrong and where, ``position`` is the 0-based character in the
    text as typed, and ``suggestion`` may propose a fix. ``notes`` lists readings
    worth showing, such as a name split into a product (``wx`` as ``w·x``).
    """

    valid: bool
    interpreted_as: str = ""
    pretty: str = ""
    error: str | None = None
    suggestion: str | None = None
    position: int | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class CheckResult:
    """The verdict on one answer.

    ``valid`` is true when the answer was read and a verdict reached. When it is
    false, the attempt should not count: ``error`` says why (invalid input, too
    complex to check) and ``authoring_error`` is set when the fault lies in the
    exercise (the expected answer, an anticipated mistake, the domains).

    ``method`` says what decided: ``identical`` (the same expression once read),
    ``simplify`` or ``rewrite`` (a symbolic proof: SymPy's simplify, or rewriting
    in exp and cancelling), ``numeric`` (random points: a counterexample, or
    agreement that no proof confirmed within its time budget), ``none``.

    ``diagnosis`` names what went wrong, for programs: ``mistake`` (an authored
    anticipated mistake, see ``mistake_index``), ``sign``, ``constant_factor``,
    ``inner_derivative``, ``missing_factor``, ``extra_factor``, ``constant_term``,
    ``domain``, ``value``, ``generated`` (a mistake generated from the reference, see
    ``mistake_kind``; generated mistakes of the kinds above keep those codes, with
    ``mistake_kind`` set), ``repeats_start`` (a derivation's first line repeats ``start``).
    ``feedback`` is the sentence for the learner.
    """

    valid: bool
    equivalent: bool = False
    interpreted_as: str = ""
    pretty: str = ""
    feedback: str = ""
    method: str = "none"
    ms: float = 0.0
    diagnosis: str | None = None
    mistake_index: int | None = None
    mistake_kind: str | None = None  # a generated mistake: sigma_for_prime, one_path, ...
    error: str | None = None
    authoring_error: str | None = None
    suggestion: str | None = None
    position: int | None = None
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        """The object ``nntutor check --json`` prints."""
        return {
            "valid": self.valid,
            "equivalent": self.equivalent,
            "interpreted_as": self.interpreted_as,
            "feedback": self.feedback,
            "method": self.method,
            "ms": round(self.ms, 1),
            "diagnosis": self.diagnosis,
            "mistake_kind": self.mistake_kind,
            "error": self.error or self.authoring_error,
        }


@dataclass
class StepsResult:
    """The verdict on a chain of steps.

    ``steps`` holds one result per step checked, up to and including the first
    step that is wrong (``first_wrong``) or could not be read (``first_invalid``);
    the steps after it are not checked. ``equivalent`` is true when every step
    was read and follows from the one before, the first from the expected answer.
    """

    equivalent: bool
    first_wrong: int | None = None
    steps: list[CheckResult] = field(default_factory=list)
    first_invalid: int | None = None


def _from_dict(cls, data: dict):
    names = {f.name for f in fields(cls)}
    return cls(**{k: v for k, v in data.items() if k in names})


def preview_from_dict(data: dict) -> Preview:
    return _from_dict(Preview, data)


def check_from_dict(data: dict) -> CheckResult:
    return _from_dict(CheckResult, data)
