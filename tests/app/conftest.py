"""Fixtures for the app's tests: a small fixed course, a fresh data dir, no nondeterminism."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

COURSE = Path(__file__).parent / "course"


@pytest.fixture
def make_app(tmp_path):
    """Build the real app as `nntutor` would, on the test course and a fresh data dir."""
    from nntutor.commands._app import build_app

    made = []

    def factory(lang: str = "en", lessons: Path = COURSE, data_dir: Path | None = None):
        args = argparse.Namespace(
            lessons=str(lessons),
            data_dir=str(data_dir or tmp_path / "data"),
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
