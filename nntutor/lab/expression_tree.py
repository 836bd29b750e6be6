"""A learner's formula as a plain tree, read by the checker's grammar in a limited child process.

``python -m nntutor.lab.expression_tree`` reads one JSON request on stdin
(``{"text": ..., "vars": [...], "subs": {...}}``), parses the text with the checker's
own parser (nntutor/checker/parser.py: a character allowlist, a tokenizer and a
recursive-descent grammar; no ``eval``, no ``sympify``), walks the SymPy tree and
writes it back as nested JSON lists made only of allowlisted node types:

    ["num", 0.5]  ["sym", "z"]  ["add", [...]]  ["mul", [...]]  ["pow", base, exponent]
    ["call", "sigmoid" | "softplus" | "tanh" | "exp" | "log" | "abs" | "sin" | "cos", arg]

Anything else is refused with a message. The child has a memory limit and the parent
a time limit, as the checker's worker has, because SymPy can be made to work for long.
``nntutor.lab.own_derivative`` turns the tree into NumPy operations.
"""

from __future__ import annotations

import json
import sys

CALLS = ("sigmoid", "softplus", "tanh", "exp", "log", "abs", "sin", "cos")
MEMORY_MB = 1024
MAX_NODES = 2000


class Refused(Exception):
    pass


def tree_of(expr, count: list[int]) -> list:
    import sympy as sp

    from nntutor.checker.functions import sigmoid, softplus

    count[0] += 1
    if count[0] > MAX_NODES:
        raise Refused("the formula is too large to train with")
    if expr.is_Symbol:
        return ["sym", expr.name]
    if expr.is_Number:
        if not expr.is_real:
            raise Refused("the formula is not a real number")
        return ["num", float(expr)]
    if expr is sp.E:
        return ["num", 2.718281828459045]
    if expr is sp.pi:
        return ["num", 3.141592653589793]
    if isinstance(expr, sp.Add):
        return ["add", [tree_of(a, count) for a in expr.args]]
    if isinstance(expr, sp.Mul):
        return ["mul", [tree_of(a, count) for a in expr.args]]
    if isinstance(expr, sp.Pow):
        return ["pow", tree_of(expr.base, count), tree_of(expr.exp, count)]
    calls = {
        sigmoid: "sigmoid",
        softplus: "softplus",
        sp.tanh: "tanh",
        sp.exp: "exp",
        sp.log: "log",
        sp.Abs: "abs",
        sp.sin: "sin",
        sp.cos: "cos",
    }
    for cls, name in calls.items():
        if isinstance(expr, cls) and len(expr.args) == 1:
            return ["call", name, tree_of(expr.args[0], count)]
    raise Refused(f"{type(expr).__name__} cannot be trained with (use {', '.join(CALLS)})")


def read(request: dict) -> dict:
    import sympy as sp

    from nntutor.checker.parser import ParseError, parse

    try:
        parsed = parse(request["text"], list(request["vars"]))
    except ParseError as exc:
        return {"error": exc.message(request.get("lang", "en"))}
    expr = parsed.expr
    subs = request.get("subs") or {}
    if subs:
        names = {s.name: s for s in expr.free_symbols}
        expr = expr.subs(
            {
                names[k]: (sp.Symbol(v, real=True) if isinstance(v, str) else sp.Integer(v))
                for k, v in subs.items()
                if k in names
            },
            simultaneous=True,
        )
    try:
        return {"tree": tree_of(expr, [0]), "shown": str(expr)}
    except Refused as exc:
        return {"error": str(exc)}


def main() -> int:
    try:
        import resource

        limit = MEMORY_MB * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):
        pass
    request = json.loads(sys.stdin.read(100_000))
    try:
        answer = read(request)
    except MemoryError:
        answer = {"error": "the formula needs too much memory"}
    sys.stdout.write(json.dumps(answer))
    return 0


if __name__ == "__main__":
    sys.exit(main())
