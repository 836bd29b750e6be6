"""Fixtures for the hostile-input tests: a copy of the app tests' small course to plant things in."""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import pytest

COURSE = Path(__file__).parent.parent / "app" / "course"


@pytest.fixture
def course_copy(tmp_path) -> Path:
    """A writable copy of the small test course."""
    target = tmp_path / "course"
    shutil.copytree(COURSE, target)
    return target


@pytest.fixture
def make_app(tmp_path):
    """The real app, as `nntutor` builds it, on a given course and a fresh data folder."""
    from nntutor.commands._app import build_app

    made = []

    def factory(lessons: Path = COURSE, lang: str = "en"):
        args = argparse.Namespace(
            lessons=str(lessons),
            data_dir=str(tmp_path / "data"),
            lang=lang,
            profile=None,
            no_mouse=True,
        )
        app = build_app(args)
        made.append(app)
        return app

    yield factory
    for app in made:
        app.store.close()


def set_title(course: Path, title: str) -> None:
    """Give the first lesson another English title (a TOML basic string keeps every character)."""
    import json

    toml = course / "01-intro" / "lesson.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace(
            'en = "Why neural networks"', f"en = {json.dumps(title)}"
        ),
        encoding="utf-8",
    )
