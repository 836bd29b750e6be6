"""Comparisons between two formulas, for the course's experiments and the lab's formula datasets."""

from __future__ import annotations

import re

# A comparison between two formulas ("x2 > sin(3*x1)", "B.loss@20 >= A.loss@20"): its signs
# and what each means, for the course's experiments and the lab's formula datasets.
COMPARISON = re.compile(r"<=|>=|≤|≥|<|>")
HOLDS = {
    "<": lambda a, b: a < b,
    ">": lambda a, b: a > b,
    "<=": lambda a, b: a <= b,
    ">=": lambda a, b: a >= b,
    "≤": lambda a, b: a <= b,
    "≥": lambda a, b: a >= b,
}
