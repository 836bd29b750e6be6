"""Authored mistakes, multi-step derivations, previews, authoring errors, Russian texts."""

import dataclasses

from nntutor.checker import CheckResult, Preview, StepsResult

SIG = "sigma(w*x + b)"
DSIG = f"x*{SIG}*(1 - {SIG})"
WXB = ["w", "x", "b"]
MISTAKES = [
    (f"{SIG}*(1 - {SIG})", "You forgot the inner derivative ∂(wx + b)/∂w = x."),
    (f"x*{SIG}", "σ′(z) is σ(z)(1 − σ(z)), not σ(z)."),
]


def test_authored_mistake_gives_its_feedback(checker):
    result = checker.check("σ(wx+b)(1−σ(wx+b))", DSIG, vars=WXB, mistakes=MISTAKES)
    assert result.valid and not result.equivalent
    assert result.mistake_index == 0
    assert result.diagnosis == "mistake"
    assert result.feedback == MISTAKES[0][1]
    second = checker.check("x σ(w x + b)", DSIG, vars=WXB, mistakes=MISTAKES)
    assert second.mistake_index == 1 and second.feedback == MISTAKES[1][1]


def test_unanticipated_mistake_falls_back_to_diagnosis(checker):
    result = checker.check(f"-{DSIG}", DSIG, vars=WXB, mistakes=MISTAKES)
    assert result.mistake_index is None
    assert result.diagnosis == "sign"


def test_correct_answer_is_not_matched_to_a_mistake(checker):
    result = checker.check(DSIG, DSIG, vars=WXB, mistakes=MISTAKES)
    assert result.equivalent and result.mistake_index is None


def test_invalid_mistake_is_an_authoring_error_but_the_verdict_stands(checker):
    result = checker.check("x", "2x", mistakes=[("x +", "never shown")])
    assert result.valid and not result.equivalent
    assert result.authoring_error and "#1" in result.authoring_error


def test_invalid_expected_is_an_authoring_error(checker):
    result = checker.check("x", "x +")
    assert not result.valid and result.authoring_error
    assert result.error  # something to show the learner too


def test_reference_undefined_almost_everywhere_is_an_authoring_error(checker):
    result = checker.check("sqrt(x - 3)", "sqrt(x - 3)")
    assert not result.valid
    assert "sample points" in result.authoring_error
    ok = checker.check("sqrt(x - 3)", "sqrt(x - 3)", domains={"x": (3.5, 9)})
    assert ok.valid and ok.equivalent


def test_bad_declarations_are_authoring_errors(checker):
    assert checker.check("x", "x", vars=["x", "exp"]).authoring_error
    assert checker.check("x", "x", vars=["x"], domains={"x": (2, 1)}).authoring_error
    assert checker.check("x", "x", tolerance=-1).authoring_error


def test_steps_point_at_the_first_wrong_step(checker):
    expected = f"2*({SIG} - y)*{SIG}*(1 - {SIG})*x"
    variables = WXB + ["y"]
    steps = [
        f"2*({SIG} - y) * ({SIG}*(1 - {SIG})) * x",
        f"2*x*({SIG} - y)*{SIG}*(1 + {SIG})",
        f"2*x*({SIG} - y)*{SIG}",
    ]
    result = checker.check_steps(steps, expected, vars=variables)
    assert isinstance(result, StepsResult)
    assert not result.equivalent
    assert result.first_wrong == 1
    assert len(result.steps) == 2
    assert result.steps[0].equivalent and not result.steps[1].equivalent
    assert result.steps[1].feedback

    good = checker.check_steps(
        steps[:1] + ["2x(σ(wx+b) − y)σ(wx+b)(1 − σ(wx+b))"], expected, vars=variables
    )
    assert good.equivalent and good.first_wrong is None and len(good.steps) == 2


def test_steps_diagnose_each_step_against_the_previous(checker):
    steps = ["2*(a - y)*a*(1 - a)", "-2*(a - y)*a*(1 - a)"]
    result = checker.check_steps(steps, "2*(a - y)*a*(1 - a)")
    assert result.first_wrong == 1
    assert result.steps[1].diagnosis == "sign"


def test_steps_stop_at_an_invalid_step_without_calling_it_wrong(checker):
    result = checker.check_steps(["2x", "2*x +"], "x + x")
    assert not result.equivalent
    assert result.first_wrong is None and result.first_invalid == 1
    assert result.steps[1].error


def test_steps_infer_variables_from_the_expected_answer(checker):
    result = checker.check_steps(["x*(w + 1)", "xw + x"], "x*w + x")
    assert result.equivalent, [s.error for s in result.steps]


def test_preview_shows_the_reading(checker):
    preview = checker.preview("x·σ(wx+b)(1−σ(wx+b))", vars=WXB)
    assert isinstance(preview, Preview)
    assert preview.valid and preview.error is None
    assert "σ(b + w·x)" in preview.interpreted_as
    assert "σ" in preview.pretty
    assert any("w·x" in note for note in preview.notes)


def test_preview_pretty_is_two_dimensional(checker):
    preview = checker.preview("e^(-z)/(1 + e^(-z))^2")
    assert preview.valid
    assert len(preview.pretty.splitlines()) >= 3
    assert "─" in preview.pretty


def test_interpreted_as_reads_back_as_the_same_expression(checker):
    for text in [
        "x·σ(wx+b)(1−σ(wx+b))",
        "|x - 1|^2/2 + π e^x",
        "w₁² + η_2 λ",
        "relu(z)*heaviside(z)",
        "sqrt(x)^3",
    ]:
        first = checker.preview(text)
        again = checker.preview(first.interpreted_as)
        assert again.valid, (text, first.interpreted_as, again.error)
        assert again.interpreted_as == first.interpreted_as


def test_preview_errors_say_where_and_suggest(checker):
    unknown = checker.preview("W x", vars=["w", "x"])
    assert not unknown.valid and unknown.position == 0
    assert "“w”" in unknown.suggestion
    ln = checker.preview("In(x)")
    assert "ln" in ln.suggestion
    star = checker.preview("xexp(z)")
    assert "x*exp" in star.suggestion
    unclosed = checker.preview("2*(x + 1")
    assert unclosed.position == 2 and "closed" in unclosed.error
    prime = checker.preview("f'(z)")  # a prime after an unknown function: write it out
    assert "′" in prime.error and "“f”" in prime.error and prime.position == 1


def test_invalid_input_is_not_an_attempt(checker):
    result = checker.check("sigmod(z)", "sigma(z)")
    assert not result.valid and not result.equivalent
    assert result.error and result.suggestion and "sigmoid" in result.suggestion
    assert result.authoring_error is None


def test_russian_texts(checker):
    wrong = checker.check("-x", "x", lang="ru")
    assert "знак" in wrong.feedback
    right = checker.check("x + x", "2x", lang="ru")
    assert right.feedback == "Верно."
    invalid = checker.preview("W", vars=["w"], lang="ru")
    assert "переменная" in invalid.error and "«w»" in invalid.suggestion
    inner = checker.check(f"{SIG}*(1 - {SIG})", DSIG, vars=WXB, lang="ru")
    assert "внутренней функции" in inner.feedback


def test_results_are_plain_dataclasses(checker):
    result = checker.check("x", "x")
    assert isinstance(result, CheckResult)
    assert dataclasses.is_dataclass(result)
    assert dataclasses.asdict(result)["equivalent"] is True
    assert set(result.to_json()) >= {
        "valid",
        "equivalent",
        "interpreted_as",
        "feedback",
        "method",
        "ms",
    }
