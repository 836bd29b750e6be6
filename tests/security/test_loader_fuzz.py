"""Random TOML-ish garbage as a lesson file: the loader reports it, never raises (issue 12, §5)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nntutor.course.loader import load_course
from nntutor.course.validate import validate_course

VALID = (Path(__file__).parent.parent / "app" / "course" / "01-intro" / "lesson.toml").read_text(
    encoding="utf-8"
)

pieces = st.sampled_from(
    [
        "[[exercises]]\n",
        "[exercises.lab]\n",
        'id = "x"\n',
        'kind = "numeric"\n',
        'kind = "derivation"\n',
        'kind = "lab_challenge"\n',
        "answer = 1e999\n",
        "answer = " + "9" * 5000 + "\n",
        "order = -1\n",
        "order = 99999999999999999999\n",
        "title = { en = 1 }\n",
        'title = "\\u001b]2;x\\u0007"\n',
        "x = " + "[" * 3000 + "]" * 3000 + "\n",
        'params = [{ name = "n", low = inf, high = nan }]\n',
        "max_epochs = [1]\n",
        'preset = { epochs = [1], samples = 100000000, hidden = ["a"] }\n',
        'expected = "x**x**x**x"\n',
        "skills = [1, 2]\n",
        "= = =\n",
        '"""\n',
        "\x00",
        "\ufeff",
    ]
)
garbage = st.one_of(
    st.lists(st.one_of(pieces, st.text(max_size=40)), max_size=12).map("".join),
    st.text(max_size=400).map(lambda tail: VALID + tail),
    st.binary(max_size=300).map(lambda b: b.decode("latin-1")),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(garbage)
def test_the_loader_never_raises_on_garbage(text):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "course"
        lesson = root / "01-garbage"
        lesson.mkdir(parents=True)
        (lesson / "lesson.toml").write_text(text, encoding="utf-8", errors="surrogateescape")
        (lesson / "en.md").write_text("# Text\n", encoding="utf-8")
        course = load_course(root)
        report = validate_course(course, answers=False)
        for problem in report.problems:
            str(problem).encode("utf-8", "backslashreplace")
        shutil.rmtree(root)
