"""Mistakes nobody wrote down: the reference answer's expression tree, mutated the way learners err.

Each mutant is the reference with one learner's slip applied, and a description in words:
- an inner derivative of the chain rule dropped (a factor ∂g/∂v of a product removed);
- a constant factor lost (the 2 of a square, a 1/n), or another factor of a product;
- the sign of the whole answer or of one of its terms, or one term left out;
- only one path of a value used twice kept (one term of a sum, the others dropped);
- σ written for σ′ (σ(u) where σ(u)(1 − σ(u)) belongs), or the sign inside σ′ flipped
  (σ(u)(1 + σ(u))); the same for tanh′ = 1 − tanh²(u).
Generation is bounded (MAX_MUTANTS) and cached per reference; only the worker imports this.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp

from nntutor.checker.functions import display_name, one_line, sigmoid

MAX_MUTANTS = 40
MAX_SUM_TERMS = 4
_CACHE: dict[sp.Expr, list[Mutant]] = {}
_CACHE_SIZE = 64


# the diagnosis code a program sees (results.CheckResult.diagnosis), shared with diagnosis.py
# where a generated mistake is one of its kinds
DIAGNOSIS = {
    "sigma_for_prime": "missing_factor",
    "lost_factor": "missing_factor",
    "lost_constant": "constant_factor",
    "inner_derivative": "inner_derivative",
    "tanh_for_prime": "generated",
    "prime_sign": "generated",
    "tanh_prime_sign": "generated",
    "one_path": "generated",
    "no_prime": "missing_factor",
    "sign": "sign",
    "term_sign": "generated",
    "dropped_term": "generated",
}


@dataclass
class Mutant:
    expr: sp.Expr
    code: str  # sigma_for_prime, prime_sign, tanh_for_prime, tanh_prime_sign, one_path, ...
    key: str  # the message that names it (messages.py)
    params: dict = field(default_factory=dict)


def _inner_functions(expr: sp.Expr) -> list[sp.Expr]:
    found: list[sp.Expr] = []
    for node in sp.preorder_traversal(expr):
        if isinstance(node, sp.Function) and node.args and not node.args[0].is_Symbol:
            if not node.args[0].is_number and node.args[0] not in found:
                found.append(node.args[0])
    return found


def _sigma_prime(node: sp.Expr) -> list[Mutant]:
    """σ(u)·(1 − σ(u)) inside a product: σ kept for σ′, and the sign inside σ′ flipped."""
    out = []
    for arg in node.args:
        if not arg.is_Add:
            continue
        for s in arg.atoms(sigmoid):
            if sp.expand(arg - (1 - s)) == 0 and s in node.args:
                u = one_line(s.args[0])
                out.append(Mutant(node.xreplace({arg: sp.Integer(1)}), "sigma_for_prime",
                                  "mut_sigma_for_prime", {"u": u}))  # fmt: skip
                out.append(Mutant(node.xreplace({arg: 1 + s}), "prime_sign",
                                  "mut_prime_sign", {"u": u}))  # fmt: skip
                out.append(Mutant(node.xreplace({arg: sp.Integer(1), s: sp.Integer(1)}),
                                  "no_prime", "mut_no_prime", {"u": u}))  # fmt: skip
    return out


def _tanh_prime(node: sp.Expr) -> list[Mutant]:
    """1 − tanh²(u): tanh(u) kept for tanh′, and 1 + tanh²(u)."""
    out = []
    for t in node.atoms(sp.tanh):
        if sp.expand(node - (1 - t**2)) == 0:
            u = one_line(t.args[0])
            out.append(Mutant(t, "tanh_for_prime", "mut_tanh_for_prime", {"u": u}))
            out.append(Mutant(1 + t**2, "tanh_prime_sign", "mut_tanh_prime_sign", {"u": u}))
    return out


def _dropped_factor(node: sp.Expr, arg: sp.Expr) -> Mutant:
    rest = node / arg
    for g in _inner_functions(rest):
        for v in sorted(g.free_symbols, key=lambda s: s.name):
            if sp.diff(g, v) == arg:
                params = {"g": one_line(g), "v": display_name(v.name), "dg": one_line(arg)}
                return Mutant(rest, "inner_derivative", "diag_inner_derivative", params)
    if arg.is_number:
        if arg.is_Integer and arg > 1:
            return Mutant(rest, "lost_constant", "diag_missing_constant", {"k": one_line(arg)})
        return Mutant(rest, "lost_constant", "mut_lost_factor", {"f": one_line(arg)})
    return Mutant(rest, "lost_factor", "mut_lost_factor", {"f": one_line(arg)})


def _walk(expr: sp.Expr):
    """The sums and products a derivative is built of: not inside a function's argument."""
    yield expr
    if expr.is_Mul or expr.is_Add:
        for a in expr.args:
            yield from _walk(a)


def _is_path(term: sp.Expr) -> bool:
    """A term that is a product of at least two factors (one path of the chain rule)."""
    return term.is_Mul and sum(1 for a in term.args if not a.is_number) >= 2


def generate(reference: sp.Expr) -> list[Mutant]:
    """Candidate mistakes for ``reference``, each the whole answer with one slip, at most
    MAX_MUTANTS, the most telling first (σ for σ′ before a lost factor)."""
    if reference in _CACHE:
        return _CACHE[reference]
    local: list[tuple[sp.Expr, Mutant]] = []  # (node replaced, mutant of that node)
    for node in _walk(reference):
        if len(local) > 4 * MAX_MUTANTS:
            break
        if node.is_Mul:
            local += [(node, m) for m in _sigma_prime(node)]
        if node.is_Add:
            local += [(node, m) for m in _tanh_prime(node)]
            terms = [t for t in node.args if not t.is_number]
            paths = len(terms) == len(node.args) and all(_is_path(t) for t in terms)
            if 2 <= len(terms) <= MAX_SUM_TERMS and paths:
                for t in terms:
                    local.append((node, Mutant(t, "one_path", "mut_one_path", {"t": one_line(t)})))
        top = node is reference or (reference.is_Add and node in reference.args)
        if node.is_Mul and top:  # a factor of the answer, or of one of its terms
            for arg in node.args:
                if not (arg.is_number and abs(arg) == 1):
                    local.append((node, _dropped_factor(node, arg)))
    local.append((reference, Mutant(-reference, "sign", "diag_sign")))
    if reference.is_Add and len(reference.args) <= 2 * MAX_SUM_TERMS:
        for t in reference.args:
            if t.is_number:
                continue
            shown = {"t": one_line(t)}
            local.append((t, Mutant(-t, "term_sign", "mut_term_sign", shown)))
            local.append((t, Mutant(sp.Integer(0), "dropped_term", "mut_dropped_term", shown)))
    out: list[Mutant] = []
    seen = {reference}
    order = ("sign", "sigma_for_prime", "prime_sign", "no_prime", "tanh_for_prime",
             "tanh_prime_sign", "one_path", "term_sign", "dropped_term")  # fmt: skip
    local.sort(key=lambda item: order.index(item[1].code) if item[1].code in order else 9)
    for node, m in local:
        whole = reference.xreplace({node: m.expr})
        if whole in seen or whole.is_zero:
            continue
        seen.add(whole)
        out.append(Mutant(whole, m.code, m.key, m.params))
        if len(out) >= MAX_MUTANTS:
            break
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[reference] = out
    return out
