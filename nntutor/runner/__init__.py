"""Runs a learner's code file and a course's tests in a limited child process (no UI here).

See docs/code-exercises.md for what runs, where and with which limits.
"""

from __future__ import annotations

from nntutor.runner.check import check_code, solution_text, starter_text
from nntutor.runner.report import Limits, RunReport, TestResult
from nntutor.runner.workspace import workspace_file

__all__ = [
    "Limits",
    "RunReport",
    "TestResult",
    "check_code",
    "solution_text",
    "starter_text",
    "workspace_file",
]
