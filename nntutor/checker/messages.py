"""Every text the checker shows, in English and Russian.

Templates are ``str.format`` strings. ``text(key, lang, **params)`` picks the language
(English when ``lang`` is unknown).
"""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    # --- reading the input ----------------------------------------------------------------
    "at": {"en": "At character {n}: {message}", "ru": "Символ {n}: {message}"},
    "empty": {"en": "Type an expression.", "ru": "Введите выражение."},
    "too_long": {
        "en": "The expression is too long ({n} characters; at most {max}).",
        "ru": "Выражение слишком длинное ({n} символов, допустимо не больше {max}).",
    },
    "too_many_tokens": {
        "en": "The expression is too long: at most {max} numbers, names and signs.",
        "ru": "Выражение слишком длинное: допустимо не больше {max} чисел, имён и знаков.",
    },
    "too_deep": {
        "en": "The expression is nested too deeply (at most {max} levels).",
        "ru": "Слишком глубокая вложенность (допустимо не больше {max} уровней).",
    },
    "bad_char": {
        "en": "“{char}” is not allowed in a formula.",
        "ru": "Символ «{char}» в формуле не допускается.",
    },
    "prime": {
        "en": "The prime (′) is understood only after a known function (σ′, tanh′, relu′, softplus′, exp′, log′): write the derivative of “{name}” out.",
        "ru": "Штрих (′) понимается только после известной функции (σ′, tanh′, relu′, softplus′, exp′, log′): запишите производную «{name}» явно.",
    },
    "second_prime": {
        "en": "Second derivatives (″) are not understood: write the derivative out.",
        "ru": "Вторые производные (″) не поддерживаются: запишите производную явно.",
    },
    "invisible_char": {
        "en": "{char} is not allowed; delete it.",
        "ru": "Символ {char} не допускается; удалите его.",
    },
    "latex_unknown": {
        "en": "The LaTeX command {name} is not understood. Understood: \\frac, \\sqrt, \\cdot, \\times, \\left( \\right), Greek letters (\\sigma, \\eta), \\exp, \\ln, \\log, \\tanh.",
        "ru": "Команда LaTeX {name} не поддерживается. Поддерживаются: \\frac, \\sqrt, \\cdot, \\times, \\left( \\right), греческие буквы (\\sigma, \\eta), \\exp, \\ln, \\log, \\tanh.",
    },
    "latex_backslash": {
        "en": "A lone “\\”: a LaTeX command needs its name, e.g. \\frac or \\sigma.",
        "ru": "Одиночный «\\»: у команды LaTeX должно быть имя, например \\frac или \\sigma.",
    },
    "latex_not_expression": {
        "en": "{name} is an operator, not an expression: write the result itself, e.g. σ(z)(1 − σ(z)) rather than \\frac{{\\partial}}{{\\partial z}}σ(z).",
        "ru": "{name} — оператор, а не выражение: запишите сам результат, например σ(z)(1 − σ(z)) вместо \\frac{{\\partial}}{{\\partial z}}σ(z).",
    },
    "latex_frac": {
        "en": "\\frac takes two arguments in braces: \\frac{a}{b}.",
        "ru": "У \\frac два аргумента в фигурных скобках: \\frac{a}{b}.",
    },
    "latex_root": {
        "en": "\\sqrt[n]{x} is not understood: write x^(1/n).",
        "ru": "\\sqrt[n]{x} не поддерживается: пишите x^(1/n).",
    },
    "bad_subscript": {
        "en": "A subscript in braces holds letters and digits only, e.g. a_{1}.",
        "ru": "Индекс в фигурных скобках состоит только из букв и цифр, например a_{1}.",
    },
    "mismatched": {
        "en": "“{tok}” does not match the “{open}” it closes.",
        "ru": "«{tok}» не соответствует открывающей «{open}».",
    },
    "ambiguous_exponent": {
        "en": "Is the letter in the exponent? Write {a} or {b}.",
        "ru": "Буква входит в показатель степени? Напишите {a} или {b}.",
    },
    "bad_log_base": {
        "en": "The base of a logarithm must be positive and not 1.",
        "ru": "Основание логарифма должно быть положительным и не равным 1.",
    },
    "equals": {
        "en": "Write only the expression, without “=”.",
        "ru": "Запишите только само выражение, без «=».",
    },
    "factorial": {
        "en": "Factorials (!) are not supported.",
        "ru": "Факториал (!) не поддерживается.",
    },
    "brackets": {
        "en": "Use round parentheses ( ) for grouping.",
        "ru": "Для группировки используйте круглые скобки ( ).",
    },
    "decimal_comma": {
        "en": "A comma outside a function's parentheses: write decimals with a point (0.5).",
        "ru": "Запятая вне скобок функции: десятичные дроби пишутся с точкой (0.5).",
    },
    "unclosed": {
        "en": "“{tok}” is opened here but never closed.",
        "ru": "«{tok}» открыта, но не закрыта.",
    },
    "unmatched": {
        "en": "This “{tok}” has no matching opening one.",
        "ru": "У этой «{tok}» нет открывающей пары.",
    },
    "ends_early": {
        "en": "The expression ends too early: something is missing after “{tok}”.",
        "ru": "Выражение обрывается: после «{tok}» чего-то не хватает.",
    },
    "unexpected": {"en": "“{tok}” is not expected here.", "ru": "«{tok}» здесь не ожидается."},
    "empty_parens": {"en": "Empty parentheses.", "ru": "Пустые скобки."},
    "two_numbers": {
        "en": "Two numbers in a row: is an operator missing?",
        "ru": "Два числа подряд: не пропущен ли знак операции?",
    },
    "bad_number": {"en": "“{tok}” is not a number.", "ru": "«{tok}» — не число."},
    "long_number": {
        "en": "The number “{tok}” is too long (at most {max} digits, exponent at most {exp}).",
        "ru": "Число «{tok}» слишком длинное (не больше {max} цифр, порядок не больше {exp}).",
    },
    "imaginary": {
        "en": "Complex numbers are not supported: every variable here is real.",
        "ru": "Комплексные числа не поддерживаются: все переменные здесь действительные.",
    },
    "unknown_name": {"en": "Unknown name “{name}”.", "ru": "Неизвестное имя «{name}»."},
    "not_a_variable": {
        "en": "“{name}” is not a variable of this exercise (its variables: {vars}).",
        "ru": "«{name}» — не переменная этого упражнения (его переменные: {vars}).",
    },
    "no_variables": {
        "en": "“{name}” is not expected: the answer has no variables.",
        "ru": "«{name}» здесь не ожидается: в ответе нет переменных.",
    },
    "unknown_function": {"en": "Unknown function “{name}”.", "ru": "Неизвестная функция «{name}»."},
    "needs_parens": {
        "en": "{name} is a function: write its argument in parentheses, {name}(…).",
        "ru": "{name} — функция: её аргумент пишется в скобках, {name}(…).",
    },
    "arity": {
        "en": "{name} takes {n} argument(s), not {got}.",
        "ru": "{name}: неверное число аргументов ({got}; нужно {n}).",
    },
    "inverse_notation": {
        "en": "{name}^-1 is ambiguous: write a{name}(x) for the inverse or 1/{name}(x) for the reciprocal.",
        "ru": "{name}^-1 неоднозначно: пишите a{name}(x) для обратной функции или 1/{name}(x) для 1/{name}.",
    },
    "exponent_too_large": {
        "en": "The exponent {n} is too large (at most {max} in absolute value).",
        "ru": "Показатель степени {n} слишком велик (допустимо не больше {max} по модулю).",
    },
    "number_too_large": {
        "en": "This would make a number too large to work with.",
        "ru": "Здесь получилось бы слишком большое число.",
    },
    "undefined_expr": {
        "en": "The expression is undefined (division by zero or an infinite value).",
        "ru": "Выражение не определено (деление на ноль или бесконечное значение).",
    },
    # --- suggestions ----------------------------------------------------------------------
    "did_you_mean": {"en": "Did you mean “{s}”?", "ru": "Может быть, вы имели в виду «{s}»?"},
    "missing_star": {
        "en": "Is a “*” missing? For example: {s}",
        "ru": "Не пропущен ли знак «*»? Например: {s}",
    },
    "variables_are": {"en": "The variables are: {vars}.", "ru": "Переменные: {vars}."},
    "use_parens": {"en": "For example: {s}", "ru": "Например: {s}"},
    "imaginary_hint": {
        "en": "i, j and I are not the imaginary unit here.",
        "ru": "i, j и I здесь не означают мнимую единицу.",
    },
    "split_note": {"en": "“{name}” read as {product}", "ru": "«{name}» прочитано как {product}"},
    "prime_note": {"en": "{name} = {value}", "ru": "{name} = {value}"},
    "define_note": {
        "en": "{name} stands for {value}",
        "ru": "{name} означает {value}",
    },
    # --- verdicts -------------------------------------------------------------------------
    "correct": {"en": "Correct.", "ru": "Верно."},
    "correct_tolerance": {
        "en": "Correct within the allowed tolerance.",
        "ru": "Верно с допустимой точностью.",
    },
    "correct_numeric": {
        "en": "Equal at every point tried, including around the kinks, but not proved.",
        "ru": "Совпадает во всех проверенных точках, включая окрестности изломов, но не доказано.",
    },
    "first_line_repeats": {
        "en": "The first line should already take the derivative; it repeats the starting expression.",
        "ru": "Первая строка должна уже брать производную, а она повторяет исходное выражение.",
    },
    "mut_sigma_for_prime": {
        "en": "You kept σ({u}) where σ′({u}) = σ({u})·(1 − σ({u})) belongs.",
        "ru": "Вы оставили σ({u}) там, где должна стоять σ′({u}) = σ({u})·(1 − σ({u})).",
    },
    "mut_prime_sign": {
        "en": "The sign inside σ′ is flipped: σ′({u}) = σ({u})·(1 − σ({u})), not σ({u})·(1 + σ({u})).",
        "ru": "Перепутан знак внутри σ′: σ′({u}) = σ({u})·(1 − σ({u})), а не σ({u})·(1 + σ({u})).",
    },
    "mut_tanh_for_prime": {
        "en": "You kept tanh({u}) where tanh′({u}) = 1 − tanh²({u}) belongs.",
        "ru": "Вы оставили tanh({u}) там, где должна стоять tanh′({u}) = 1 − tanh²({u}).",
    },
    "mut_tanh_prime_sign": {
        "en": "The sign in tanh′ is flipped: tanh′({u}) = 1 − tanh²({u}), not 1 + tanh²({u}).",
        "ru": "Перепутан знак в tanh′: tanh′({u}) = 1 − tanh²({u}), а не 1 + tanh²({u}).",
    },
    "mut_one_path": {
        "en": "Only one path is counted ({t}): a value used twice contributes along every path, so the other terms are missing.",
        "ru": "Учтён только один путь ({t}): значение, использованное дважды, даёт вклад по каждому пути, а остальных слагаемых нет.",
    },
    "mut_no_prime": {
        "en": "The factor σ′({u}) = σ({u})·(1 − σ({u})) is missing.",
        "ru": "Не хватает множителя σ′({u}) = σ({u})·(1 − σ({u})).",
    },
    "mut_term_sign": {
        "en": "The sign of the term {t} is wrong.",
        "ru": "Неверный знак у слагаемого {t}.",
    },
    "mut_dropped_term": {
        "en": "The term {t} is missing.",
        "ru": "Не хватает слагаемого {t}.",
    },
    "mut_lost_factor": {"en": "A factor {f} is missing.", "ru": "Не хватает множителя {f}."},
    "wrong": {"en": "Not equal to the expected answer.", "ru": "Не совпадает с ожидаемым ответом."},
    "diag_sign": {
        "en": "The sign is wrong: your answer is the negative of the expected one.",
        "ru": "Ошибка в знаке: ваш ответ отличается от верного только знаком.",
    },
    "diag_missing_constant": {
        "en": "A constant factor {k} is missing.",
        "ru": "Не хватает постоянного множителя {k}.",
    },
    "diag_extra_constant": {
        "en": "There is an extra constant factor {k}.",
        "ru": "Лишний постоянный множитель {k}.",
    },
    "diag_constant_factor": {
        "en": "Off by a constant factor: the expected answer is your answer times {k}.",
        "ru": "Ответ отличается постоянным множителем: верный ответ равен вашему, умноженному на {k}.",
    },
    "diag_inner_derivative": {
        "en": "The inner derivative is missing: by the chain rule, multiply by ∂({g})/∂{v} = {dg}.",
        "ru": "Не хватает производной внутренней функции: по цепному правилу нужно умножить на ∂({g})/∂{v} = {dg}.",
    },
    "diag_missing_factor": {"en": "A factor {f} is missing.", "ru": "Не хватает множителя {f}."},
    "diag_extra_factor": {"en": "There is an extra factor {f}.", "ru": "Лишний множитель {f}."},
    "diag_constant_term": {
        "en": "Off by a constant term: expected − yours = {c}.",
        "ru": "Ответ отличается на постоянное слагаемое: верный − ваш = {c}.",
    },
    "diag_domain": {
        "en": "Your answer is undefined at {point}, where the expected answer is defined.",
        "ru": "Ваш ответ не определён при {point}, а верный ответ там определён.",
    },
    "diag_value": {
        "en": "For example, at {point} your answer is {a}, the expected one is {b}.",
        "ru": "Например, при {point} ваш ответ равен {a}, а верный — {b}.",
    },
    "diag_value_constant": {
        "en": "Your answer is {a}, the expected one is {b}.",
        "ru": "Ваш ответ равен {a}, а верный — {b}.",
    },
    "too_complex": {
        "en": "Too complex to check within {s} s. Try a simpler form of your answer.",
        "ru": "Слишком сложно, чтобы проверить за {s} с. Попробуйте записать ответ проще.",
    },
    "too_large": {
        "en": "The values of your answer are too large to evaluate.",
        "ru": "Значения вашего ответа слишком велики, чтобы их вычислить.",
    },
    "unavailable": {
        "en": "The checker could not start: {why}",
        "ru": "Не удалось запустить проверку: {why}",
    },
    "internal": {
        "en": "Could not check this answer (internal error: {why}).",
        "ru": "Не удалось проверить ответ (внутренняя ошибка: {why}).",
    },
    "diag_rounding": {
        "en": "Close, but not exact: write exact values (fractions such as 1/3) rather than rounded decimals.",
        "ru": "Близко, но не точно: пишите точные значения (дроби вроде 1/3), а не округлённые десятичные.",
    },
    # --- nntutor check ----------------------------------------------------------------------
    "cli_interpreted": {"en": "interpreted as", "ru": "прочитано как"},
    "cli_equivalent": {"en": "equivalent", "ru": "равно ожидаемому"},
    "cli_not_equivalent": {"en": "not equivalent", "ru": "не равно ожидаемому"},
    "cli_not_proved": {
        "en": "equal at every point tried, not proved",
        "ru": "совпадает во всех проверенных точках, но не доказано",
    },
    "cli_invalid": {"en": "could not check", "ru": "не удалось проверить"},
    "cli_bad_line": {
        "en": 'line {n}: expected a JSON object with "answer" and "expected"',
        "ru": 'строка {n}: нужен объект JSON с полями "answer" и "expected"',
    },
    # --- authoring errors -----------------------------------------------------------------
    "auth_expected": {
        "en": "The expected answer is not valid: {why}",
        "ru": "Ожидаемый ответ записан с ошибкой: {why}",
    },
    "auth_mistake": {
        "en": "Anticipated mistake #{i} is not valid: {why}",
        "ru": "Предусмотренная ошибка №{i} записана с ошибкой: {why}",
    },
    "auth_few_points": {
        "en": "The expected answer is defined at only {n} of {m} sample points; set domains for its variables.",
        "ru": "Ожидаемый ответ определён только в {n} из {m} пробных точек; задайте области значений (domains) переменных.",
    },
    "auth_bad_variable": {
        "en": "“{name}” cannot be a variable name.",
        "ru": "«{name}» не может быть именем переменной.",
    },
    "auth_bad_domain": {
        "en": "The domain of {name} must be [low, high] with low < high.",
        "ru": "Область значений {name} должна быть [низ, верх], где низ < верх.",
    },
    "auth_bad_tolerance": {
        "en": "The tolerance must be a number from 0 to 1.",
        "ru": "Допуск должен быть числом от 0 до 1.",
    },
}


def text(key: str, lang: str = "en", **params: object) -> str:
    entry = TEXTS[key]
    template = entry.get(lang) or entry["en"]
    return template.format(**params) if params else template


def at(position: int | None, message: str, lang: str = "en") -> str:
    """``message`` with where it happened, counted from 1 for people."""
    if position is None:
        return message
    if message[1:2].islower():  # not "U+200B …" nor a name such as "W"
        message = message[:1].lower() + message[1:]
    return text("at", lang, n=position + 1, message=message)
