"""Project-level promises: the README's commands, CI, layering, the packaged course."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```\n(.*?)```", text, flags=re.DOTALL)
    return [b.strip() for b in blocks if "python3 -m venv" in b]


def test_readme_has_exactly_two_setup_commands():
    commands = readme_commands()
    assert len(commands) == 2, commands
    install, tests = commands
    assert "pip install ." in install and install.rstrip().endswith("nntutor")
    assert '".[test]"' in tests and "pytest" in tests


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert readme_commands()[1] in ci


@pytest.mark.parametrize("core", ["engine", "checker", "course", "practice"])
def test_cores_do_not_import_textual(core):
    code = (
        f"import sys, importlib, pkgutil, nntutor.{core} as pkg\n"
        f"for m in pkgutil.walk_packages(pkg.__path__, 'nntutor.{core}.'):\n"
        "    importlib.import_module(m.name)\n"
        "bad = [m for m in sys.modules if m == 'textual' or m.startswith('textual.') or m.startswith('nntutor.app')]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_help_is_fast_to_import():
    """`nntutor --help` must not pull numpy, sympy or textual."""
    code = (
        "import sys\n"
        "from nntutor.cli import build_parser\n"
        "build_parser()\n"
        "heavy = [m for m in ('numpy', 'sympy', 'textual', 'cupy') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_every_subcommand_has_help():
    from nntutor.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    assert {"lessons"} <= set(sub.choices)
    for name in sub.choices:
        out = subprocess.run(
            [sys.executable, "-m", "nntutor", name, "--help"],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
        )
        assert out.returncode == 0 and "usage: nntutor" in out.stdout, (name, out.stderr)


def test_version():
    out = subprocess.run(
        [sys.executable, "-m", "nntutor", "--version"], capture_output=True, text=True, check=False
    )
    from nntutor import __version__

    assert out.stdout.strip() == f"nntutor {__version__}"


def test_wheel_ships_the_course_and_compiled_catalogs(tmp_path):
    """A non-editable install finds the course (lessons/ as nntutor/_lessons) and the
    translations: the compiled .mo of every language, never the .po sources or tools/."""
    import zipfile

    from nntutor.i18n import LANGUAGES

    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0 and "hatchling" in (out.stderr + out.stdout):
        out = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(tmp_path), str(ROOT)],
            capture_output=True,
            text=True,
            check=False,
        )
    assert out.returncode == 0, out.stderr[-2000:]
    wheel = next(tmp_path.glob("nntutor-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    lessons = sorted(p.name for p in (ROOT / "lessons").iterdir() if (p / "lesson.toml").is_file())
    assert lessons
    for folder in lessons:
        assert f"nntutor/_lessons/{folder}/lesson.toml" in names
        assert f"nntutor/_lessons/{folder}/en.md" in names
    assert "nntutor/app/app.tcss" in names
    for lang in LANGUAGES[1:]:
        assert f"nntutor/locale/{lang}/LC_MESSAGES/nntutor.mo" in names
    assert not [n for n in names if n.endswith((".po", ".pot")) or n.startswith("tools/")]


def test_exercise_ids_in_the_docs_exist():
    """Every `nntutor lessons answer|show` and `nntutor code …` example names a real exercise."""
    from nntutor.course.loader import load_course
    from nntutor.paths import builtin_lessons_dir

    course = load_course(builtin_lessons_dir())
    ids = {f"{lesson.id}/{ex.id}" for lesson in course.lessons for ex in lesson.exercises}
    pattern = re.compile(
        r"nntutor (?:lessons (?:answer|show)|code (?:starter|solution|check))(?: --json)? "
        r"([a-z0-9-]+/[a-z0-9-]+)"
    )
    for doc in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for match in pattern.finditer(doc.read_text(encoding="utf-8")):
            assert match.group(1) in ids, (doc.name, match.group(1))
