"""Answer checking: safe parsing, equivalence, diagnosis of mistakes, in a sandboxed worker.

    from nntutor.checker import Checker
    checker = Checker()
    result = checker.check("x*sigma(w*x+b)*(1-sigma(w*x+b))", "x*exp(-w*x-b)/(1+exp(-w*x-b))^2")

Importing this package does not import SymPy: that happens in the worker process only.
"""

from nntutor.checker.client import Checker
from nntutor.checker.results import CheckResult, Preview, StepsResult

__all__ = ["CheckResult", "Checker", "Preview", "StepsResult"]
