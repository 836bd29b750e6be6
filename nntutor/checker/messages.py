"""Every text the checker shows (English here; other languages in nntutor/locale, context "checker").

Templates are ``str.format`` strings. ``text(key, lang, **params)`` picks the language
(English when ``lang`` is unknown).
"""

from __future__ import annotations

from nntutor.i18n import Messages, t

TEXTS: Messages = Messages(
    "checker",
    {
        # --- reading the input ----------------------------------------------------------------
        "at": "At character {n}: {message}",
        "empty": "Type an expression.",
        "too_long": (
            "The expression is too long ({n} character; at most {max}).",
            "The expression is too long ({n} characters; at most {max}).",
        ),
        "too_many_tokens": "The expression is too long: at most {max} numbers, names and signs.",
        "too_deep": "The expression is nested too deeply (at most {max} levels).",
        "bad_char": "“{char}” is not allowed in a formula.",
        "equals": "Write only the expression, without “=”.",
        "factorial": "Factorials (!) are not supported.",
        "brackets": "Use round parentheses ( ) for grouping.",
        "decimal_comma": "A comma outside a function's parentheses: write decimals with a point (0.5).",
        "unclosed": "“{tok}” is opened here but never closed.",
        "unmatched": "This “{tok}” has no matching opening one.",
        "ends_early": "The expression ends too early: something is missing after “{tok}”.",
        "unexpected": "“{tok}” is not expected here.",
        "empty_parens": "Empty parentheses.",
        "two_numbers": "Two numbers in a row: is an operator missing?",
        "bad_number": "“{tok}” is not a number.",
        "long_number": "The number “{tok}” is too long (at most {max} digits, exponent at most {exp}).",
        "imaginary": "Complex numbers are not supported: every variable here is real.",
        "unknown_name": "Unknown name “{name}”.",
        "not_a_variable": "“{name}” is not a variable of this exercise (its variables: {vars}).",
        "no_variables": "“{name}” is not expected: the answer has no variables.",
        "unknown_function": "Unknown function “{name}”.",
        "needs_parens": "{name} is a function: write its argument in parentheses, {name}(…).",
        "arity": "{name} takes {n} argument(s), not {got}.",
        "inverse_notation": "{name}^-1 is ambiguous: write a{name}(x) for the inverse or 1/{name}(x) for the reciprocal.",
        "exponent_too_large": "The exponent {n} is too large (at most {max} in absolute value).",
        "number_too_large": "This would make a number too large to work with.",
        "undefined_expr": "The expression is undefined (division by zero or an infinite value).",
        # --- suggestions ----------------------------------------------------------------------
        "did_you_mean": "Did you mean “{s}”?",
        "missing_star": "Is a “*” missing? For example: {s}",
        "variables_are": "The variables are: {vars}.",
        "use_parens": "For example: {s}",
        "imaginary_hint": "i, j and I are not the imaginary unit here.",
        "split_note": "“{name}” read as {product}",
        # --- verdicts -------------------------------------------------------------------------
        "correct": "Correct.",
        "correct_tolerance": "Correct within the allowed tolerance.",
        "wrong": "Not equal to the expected answer.",
        "diag_sign": "The sign is wrong: your answer is the negative of the expected one.",
        "diag_missing_constant": "A constant factor {k} is missing.",
        "diag_extra_constant": "There is an extra constant factor {k}.",
        "diag_constant_factor": "Off by a constant factor: the expected answer is your answer times {k}.",
        "diag_inner_derivative": "The inner derivative is missing: by the chain rule, multiply by ∂({g})/∂{v} = {dg}.",
        "diag_missing_factor": "A factor {f} is missing.",
        "diag_extra_factor": "There is an extra factor {f}.",
        "diag_constant_term": "Off by a constant term: expected − yours = {c}.",
        "diag_domain": "Your answer is undefined at {point}, where the expected answer is defined.",
        "diag_value": "For example, at {point} your answer is {a}, the expected one is {b}.",
        "diag_value_constant": "Your answer is {a}, the expected one is {b}.",
        "too_complex": "Too complex to check within {s} s. Try a simpler form of your answer.",
        "too_large": "The values of your answer are too large to evaluate.",
        "unavailable": "The checker could not start: {why}",
        "internal": "Could not check this answer (internal error: {why}).",
        "diag_rounding": "Close, but not exact: write exact values (fractions such as 1/3) rather than rounded decimals.",
        # --- nntutor check ----------------------------------------------------------------------
        "cli_interpreted": "interpreted as",
        "cli_equivalent": "equivalent",
        "cli_not_equivalent": "not equivalent",
        "cli_invalid": "could not check",
        "cli_bad_line": 'line {n}: expected a JSON object with "answer" and "expected"',
        # --- authoring errors -----------------------------------------------------------------
        "auth_expected": "The expected answer is not valid: {why}",
        "auth_mistake": "Anticipated mistake #{i} is not valid: {why}",
        "auth_few_points": "The expected answer is defined at only {n} of {m} sample points; set domains for its variables.",
        "auth_bad_variable": "“{name}” cannot be a variable name.",
        "auth_bad_domain": "The domain of {name} must be [low, high] with low < high.",
        "auth_bad_tolerance": "The tolerance must be a number from 0 to 1.",
        "prime": "The prime (′) is understood only after a known function (σ′, tanh′, relu′, softplus′, exp′, log′): write the derivative of “{name}” out.",
        "second_prime": "Second derivatives (″) are not understood: write the derivative out.",
        "invisible_char": "{char} is not allowed; delete it.",
        "latex_unknown": "The LaTeX command {name} is not understood. Understood: \\frac, \\sqrt, \\cdot, \\times, \\left( \\right), Greek letters (\\sigma, \\eta), \\exp, \\ln, \\log, \\tanh.",
        "latex_backslash": "A lone “\\”: a LaTeX command needs its name, e.g. \\frac or \\sigma.",
        "latex_not_expression": "{name} is an operator, not an expression: write the result itself, e.g. σ(z)(1 − σ(z)) rather than \\frac{{\\partial}}{{\\partial z}}σ(z).",
        "latex_frac": "\\frac takes two arguments in braces: \\frac{a}{b}.",
        "latex_root": "\\sqrt[n]{x} is not understood: write x^(1/n).",
        "bad_subscript": "A subscript in braces holds letters and digits only, e.g. a_{1}.",
        "mismatched": "“{tok}” does not match the “{open}” it closes.",
        "ambiguous_exponent": "Is the letter in the exponent? Write {a} or {b}.",
        "bad_log_base": "The base of a logarithm must be positive and not 1.",
        "prime_note": "{name} = {value}",
        "define_note": "{name} stands for {value}",
        "correct_numeric": "Equal at every point tried, including around the kinks, but not proved.",
        "first_line_repeats": "The first line should already take the derivative; it repeats the starting expression.",
        "mut_sigma_for_prime": "You kept σ({u}) where σ′({u}) = σ({u})·(1 − σ({u})) belongs.",
        "mut_prime_sign": "The sign inside σ′ is flipped: σ′({u}) = σ({u})·(1 − σ({u})), not σ({u})·(1 + σ({u})).",
        "mut_tanh_for_prime": "You kept tanh({u}) where tanh′({u}) = 1 − tanh²({u}) belongs.",
        "mut_tanh_prime_sign": "The sign in tanh′ is flipped: tanh′({u}) = 1 − tanh²({u}), not 1 + tanh²({u}).",
        "mut_one_path": "Only one path is counted ({t}): a value used twice contributes along every path, so the other terms are missing.",
        "mut_no_prime": "The factor σ′({u}) = σ({u})·(1 − σ({u})) is missing.",
        "mut_term_sign": "The sign of the term {t} is wrong.",
        "mut_dropped_term": "The term {t} is missing.",
        "mut_lost_factor": "A factor {f} is missing.",
        "cli_not_proved": "equal at every point tried, not proved",
    },
)


def text(key: str, lang: str = "en", **params: object) -> str:
    if key not in TEXTS:
        raise KeyError(key)
    return t(key, lang, TEXTS, **params)


def at(position: int | None, message: str, lang: str = "en") -> str:
    """``message`` with where it happened, counted from 1 for people."""
    if position is None:
        return message
    if message[1:2].islower():  # not "U+200B …" nor a name such as "W"
        message = message[:1].lower() + message[1:]
    return text("at", lang, n=position + 1, message=message)
