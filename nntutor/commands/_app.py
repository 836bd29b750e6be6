"""Starting the TUI from parsed arguments (used when `nntutor` runs without a subcommand)."""

from __future__ import annotations

import argparse
import os
import sys


def build_app(args: argparse.Namespace, lab: dict | None = None):
    """The app for these options: the course loaded, the progress store opened.

    ``lab`` (or ``args.lab``, set by `nntutor lab`): open straight into the lab with these options."""
    from nntutor.app.app import NNTutorApp, Settings
    from nntutor.course.cache import load_course_cached
    from nntutor.i18n import resolve_language
    from nntutor.paths import data_dir, lessons_dir, prepare_data_dir
    from nntutor.practice.store import ProgressStore

    settings = Settings(
        lessons_dir=lessons_dir(getattr(args, "lessons", None)),
        data_dir=data_dir(getattr(args, "data_dir", None)),
        lang=resolve_language(getattr(args, "lang", None)),
        profile=getattr(args, "profile", None) or "default",
        mouse=not getattr(args, "no_mouse", False),
    )
    prepare_data_dir(settings.data_dir)
    course = load_course_cached(settings.lessons_dir, settings.data_dir / "cache")
    store = ProgressStore.open(settings.data_dir, settings.profile)
    app = NNTutorApp(settings, course, store)
    lab = lab if lab is not None else getattr(args, "lab", None)
    if lab is not None:
        from nntutor.lab.request import LabRequest

        app.open_lab(LabRequest(lab))
    return app


def run_app(args: argparse.Namespace) -> int:
    from nntutor.paths import UnsafeDataDir
    from nntutor.textsafe import echo

    try:
        app = build_app(args)
    except UnsafeDataDir as exc:
        echo(f"nntutor: {exc}.", file=sys.stderr)
        return 2
    except OSError as exc:
        echo(
            f"nntutor: cannot use the data folder: {exc}. Pass --data-dir DIR to choose another.",
            file=sys.stderr,
        )
        return 2
    except ValueError as exc:  # an invalid --profile name, say
        echo(f"nntutor: {exc}", file=sys.stderr)
        return 2
    if sys.__stdout__ is not None and sys.__stdout__.isatty():
        # Textual reads the size with shutil, which prefers these: exported (readline, some
        # shells do), they would pin the app to its first size however the terminal is resized.
        for name in ("COLUMNS", "LINES"):
            os.environ.pop(name, None)
    try:
        app.run(mouse=app.settings.mouse)
    finally:
        app.store.close()
    code = app.return_code or 0
    # Everything is saved, the terminal restored and the checker worker stopped (on unmount).
    # Unloading numpy, sympy and textual module by module adds about a quarter of a second to
    # quitting, which a learner feels on Ctrl+Q; end the process here instead.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
