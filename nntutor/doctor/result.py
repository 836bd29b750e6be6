"""One finding of ``nntutor doctor``: its status, what was seen, and the fix in plain words."""

from __future__ import annotations

from dataclasses import dataclass, field

OK, NOTE, PROBLEM = "ok", "note", "problem"


@dataclass
class Check:
    section: str
    name: str
    status: str  # ok, note or problem
    message: str
    fix: str = ""
    details: dict = field(default_factory=dict)
