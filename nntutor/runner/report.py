"""What a code check returns: limits in, a report per run and per test out."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Limits:
    """What the learner's code may use: wall time, address space (RLIMIT_AS) and printed bytes."""

    wall_s: float = 10.0
    memory_mb: int = 512
    output_bytes: int = 64_000


@dataclass
class TestResult:
    name: str
    passed: bool
    message: str  # in the learner's language; "" when passed


@dataclass
class RunReport:
    status: str  # "passed" | "failed" | "error" (syntax error, exception) | "limit"
    tests: list[TestResult] = field(default_factory=list)
    mistake: str | None = None  # id of the anticipated mistake matched
    feedback: str | None = None  # that mistake's feedback, in the learner's language
    error: str | None = None  # "my_file.py, line 12: NameError: ..." (the learner's file and line)
    limit: str | None = None  # "time" | "memory" | "output"
    output: str = ""  # what the learner's code printed (capped), control characters made visible
    ms: float = 0.0

    @property
    def passed(self) -> bool:
        return self.status == "passed"

    def to_json(self) -> dict:
        """The shape ``nntutor code check --json`` prints, plus the fields a script may want."""
        return {
            "passed": self.passed,
            "status": self.status,
            "tests": [
                {"name": t.name, "passed": t.passed, "message": t.message} for t in self.tests
            ],
            "mistake": self.mistake,
            "feedback": self.feedback,
            "error": self.error,
            "limit": self.limit,
            "output": self.output,
            "ms": round(self.ms, 1),
        }
