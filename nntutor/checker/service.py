"""The worker's requests: preview and check. Results are plain dicts (see results.py)."""

from __future__ import annotations

import math
from collections.abc import Callable

from mpmath import mpf

from nntutor.checker import messages
from nntutor.checker.budget import Deadlines
from nntutor.checker.diagnosis import diagnose
from nntutor.checker.equivalence import (
    EXACT_RTOL,
    MIN_POINTS,
    draw,
    has_kinks,
    kink_sample,
    prove_equal,
    same_function,
    screen,
)
from nntutor.checker.functions import one_line, pretty
from nntutor.checker.mutants import DIAGNOSIS, generate
from nntutor.checker.parser import Parsed, ParseError, check_variables, parse
from nntutor.checker.vocabulary import canonical_name


class AuthoringError(Exception):
    pass


def _notes(parsed: Parsed, lang: str) -> list[str]:
    notes = [messages.text("split_note", lang, name=raw, product=p) for raw, p in parsed.notes]
    notes += [messages.text("prime_note", lang, name=n, value=v) for n, v in parsed.primes]
    notes += [messages.text("define_note", lang, name=n, value=v) for n, v in parsed.defined]
    return notes


def _defines(raw, variables: list[str] | None) -> dict:
    """The names an exercise's prompt defines (a = σ(z)), read with the exercise's variables."""
    out = {}
    if not raw:
        return out
    if not isinstance(raw, dict):
        raise AuthoringError("auth_bad_variable", str(raw))
    for name, text in raw.items():
        if check_variables([name]) is not None or not isinstance(text, str):
            raise AuthoringError("auth_bad_variable", str(name))
        out[canonical_name(name)] = parse(text, variables, out).expr
    return out


def _free_names(req: dict) -> list[str]:
    """The variables of an exercise that declares none: the reference's names and its defines'."""
    names: set[str] = set()
    for text in (req.get("defines") or {}).values():
        if isinstance(text, str):
            names |= {s.name for s in parse(text, None).expr.free_symbols}
    source = parse(req.get("vars_from") or req.get("expected", ""), None).expr
    names |= {s.name for s in source.free_symbols}
    return sorted(names - {canonical_name(str(k)) for k in (req.get("defines") or {})})


def _invalid(error: ParseError, lang: str) -> dict:
    return {
        "valid": False,
        "error": error.message(lang),
        "suggestion": error.suggestion_text(lang),
        "position": error.position,
    }


def _variables(raw) -> list[str] | None:
    if not raw:
        return None
    if not isinstance(raw, (list, tuple)):
        raise AuthoringError("auth_bad_variable", str(raw))
    bad = check_variables(list(raw))
    if bad is not None:
        raise AuthoringError("auth_bad_variable", bad)
    return list(raw)


def preview(req: dict) -> dict:
    lang = req.get("lang", "en")
    try:
        variables = _variables(req.get("vars"))
    except AuthoringError as exc:
        return {"valid": False, "error": messages.text(exc.args[0], lang, name=exc.args[1])}
    try:
        defines = _defines(req.get("defines"), variables)
        parsed = parse(req.get("text", ""), variables, defines)
    except AuthoringError as exc:
        return {"valid": False, "error": messages.text(exc.args[0], lang, name=exc.args[1])}
    except ParseError as exc:
        return _invalid(exc, lang)
    return {
        "valid": True,
        "interpreted_as": one_line(parsed.expr),
        "pretty": pretty(parsed.expr),
        "notes": _notes(parsed, lang),
    }


def _domains(raw) -> dict[str, tuple[float, float]]:
    out: dict[str, tuple[float, float]] = {}
    for name, interval in (raw or {}).items():
        if check_variables([name]) is not None:
            raise AuthoringError("auth_bad_variable", str(name))
        try:
            lo, hi = (float(v) for v in interval)
        except (TypeError, ValueError):
            raise AuthoringError("auth_bad_domain", name) from None
        if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
            raise AuthoringError("auth_bad_domain", name)
        out[canonical_name(str(name))] = (lo, hi)
    return out


def check(req: dict, deadlines: Deadlines, partial: Callable[[dict], None]) -> dict:
    lang = req.get("lang", "en")

    def say(key: str, **params: object) -> str:
        return messages.text(key, lang, **params)

    def authoring(message: str) -> dict:
        return {"valid": False, "error": message, "authoring_error": message, "feedback": message}

    try:
        variables = _variables(req.get("vars"))
        domains = _domains(req.get("domains"))
        tolerance = float(req.get("tolerance") or 0.0)
        if not (0.0 <= tolerance < 1.0):
            raise AuthoringError("auth_bad_tolerance", "")
    except AuthoringError as exc:
        return authoring(say(exc.args[0], name=exc.args[1]))

    try:
        if variables is None:  # the names in the reference (or vars_from), and any given a domain
            variables = sorted(set(_free_names(req)) | set(domains))
        defines = _defines(req.get("defines"), variables)
        reference = parse(req.get("expected", ""), variables, defines).expr
    except AuthoringError as exc:
        return authoring(say(exc.args[0], name=exc.args[1]))
    except ParseError as exc:
        return authoring(say("auth_expected", why=exc.message(lang)))

    try:
        parsed = parse(req.get("answer", ""), variables, defines)
    except ParseError as exc:
        out = _invalid(exc, lang)
        out["feedback"] = out["error"]
        return out
    answer = parsed.expr
    result = {
        "valid": True,
        "interpreted_as": one_line(answer),
        "pretty": pretty(answer),
        "notes": _notes(parsed, lang),
    }

    symbols = sorted(reference.free_symbols | answer.free_symbols, key=lambda s: s.name)
    sample = draw(reference, symbols, domains)
    if symbols and len(sample.points) < MIN_POINTS:
        message = say("auth_few_points", n=len(sample.points), m=sample.draws)
        return {**result, **authoring(message)}
    if not sample.points:
        return {**result, **authoring(say("auth_expected", why=say("undefined_expr")))}

    rtol = EXACT_RTOL if tolerance == 0 else mpf(tolerance)
    budget = float(req.get("budget", 1.0))
    found = screen(answer, sample, rtol)

    if found.equal:
        if found.agreeing < min(MIN_POINTS, len(sample.points)):
            message = say("too_large")
            return {**result, "valid": False, "error": message, "feedback": message}
        kinks = has_kinks(answer) or has_kinks(reference)
        if kinks:  # agreement on [−2, 2] says little about relu(z) against min(max(0, z), 6)
            wider = kink_sample(answer, reference, symbols, domains)
            more = screen(answer, wider, rtol)
            if not more.equal:
                sample, found = wider, more
        if found.equal:
            result.update(equivalent=True, method="numeric")
            if tolerance > 0:
                result["feedback"] = say("correct_tolerance")
                return result
            result["feedback"] = say("correct_numeric" if kinks else "correct")
            partial(dict(result))
            method = prove_equal(answer, reference, deadlines, budget)
            result["method"] = method or "numeric"
            if method is not None:
                result["feedback"] = say("correct")
            return result

    result.update(equivalent=False, method="numeric")
    for i, item in enumerate(req.get("mistakes") or []):
        try:
            mistake_text, feedback = item
            mistake = parse(mistake_text, variables, defines).expr
        except (TypeError, ValueError):
            result.setdefault(
                "authoring_error", say("auth_mistake", i=i + 1, why="(answer, feedback)?")
            )
            continue
        except ParseError as exc:
            result.setdefault(
                "authoring_error", say("auth_mistake", i=i + 1, why=exc.message(lang))
            )
            continue
        if same_function(mistake, found.answer_values, sample, rtol):
            result.update(diagnosis="mistake", mistake_index=i, feedback=feedback or say("wrong"))
            return result
    if result.get("authoring_error") is None:
        for mutant in generate(reference):
            if same_function(mutant.expr, found.answer_values, sample, rtol):
                result.update(diagnosis=DIAGNOSIS[mutant.code], mistake_kind=mutant.code)
                result["feedback"] = f"{say('wrong')} {say(mutant.key, **mutant.params)}"
                return result
    found_diagnosis = diagnose(
        answer, reference, sample, found, rtol, deadlines, budget, parsed.decimals
    )
    result["diagnosis"] = found_diagnosis.code
    detail = say(found_diagnosis.key, **found_diagnosis.params)
    result["feedback"] = detail if found_diagnosis.key == "wrong" else f"{say('wrong')} {detail}"
    return result
