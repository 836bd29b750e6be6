"""Python and the libraries nntutor needs (and the ones only one command needs)."""

from __future__ import annotations

import platform
import sys
from collections.abc import Callable
from pathlib import Path

from nntutor.doctor.result import NOTE, OK, PROBLEM, Check

# What the app needs (pyproject's dependencies), and what only one command needs.
REQUIRED = (
    "textual",
    "rich",
    "numpy",
    "sympy",
    "platformdirs",
    "textual-plotext",
    "plotext",
    "fsrs",
)
# the README's advice: nntutor is installed from a clone into its own environment
_PIP = str(Path(sys.executable).with_name("pip"))
OPTIONAL = {
    "textual-serve": (
        "nntutor serve",
        f"in the folder you installed nntutor from: {_PIP} install '.[serve]' "
        "(from a package index: pip install 'nntutor[serve]')",
    )
}


def python_checks(version_of: Callable[[str], str | None] | None = None) -> list[Check]:
    from nntutor import __version__

    version_of = version_of or _installed_version
    section = "Python and libraries"
    checks = []
    py = sys.version_info
    py_text = f"Python {platform.python_version()} ({platform.python_implementation()}, {platform.system()} {platform.machine()})"
    if py < (3, 10):
        checks.append(
            Check(section, "python", PROBLEM, py_text, "nntutor needs Python 3.10 or newer.")
        )
    else:
        checks.append(
            Check(section, "python", OK, py_text, details={"version": platform.python_version()})
        )
    checks.append(
        Check(section, "nntutor", OK, f"nntutor {__version__}", details={"version": __version__})
    )
    found, missing = {}, []
    for name in REQUIRED:
        version = version_of(name)
        if version is None:
            missing.append(name)
        else:
            found[name] = version
    if found:
        listed = ", ".join(f"{k} {v}" for k, v in found.items())
        checks.append(Check(section, "libraries", OK, listed, details=found))
    if missing:
        checks.append(
            Check(
                section,
                "libraries-missing",
                PROBLEM,
                f"missing: {', '.join(missing)}",
                "Reinstall nntutor so that pip brings its dependencies: pip install --force-reinstall nntutor "
                "(in a checkout: pip install -e .).",
                {"missing": missing},
            )
        )
    for name, (needed_by, install) in OPTIONAL.items():
        version = version_of(name)
        if version is None:
            checks.append(
                Check(
                    section,
                    name,
                    NOTE,
                    f"{name} is not installed; only {needed_by} needs it",
                    install,
                )
            )
        else:
            checks.append(
                Check(
                    section,
                    name,
                    OK,
                    f"{name} {version} (for {needed_by})",
                    details={"version": version},
                )
            )
    return checks


def _installed_version(name: str) -> str | None:
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None
