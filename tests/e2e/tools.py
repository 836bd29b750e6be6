"""System tools the end-to-end tests drive: found, or skipped locally, or a clear failure in CI."""

from __future__ import annotations

import os
import shutil
import socket

import pytest

# Where Debian puts what .ci/run installs; sshd lives in /usr/sbin, often not on a user's PATH.
EXTRA_DIRS = ("/usr/sbin", "/usr/local/sbin", "/sbin")


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


def require(tool: str, package: str | None = None) -> str:
    """The path of ``tool``. Missing: a skip on a developer's machine, a failure in CI (where .ci/run installs it)."""
    path = shutil.which(tool) or next(
        (os.path.join(d, tool) for d in EXTRA_DIRS if os.access(os.path.join(d, tool), os.X_OK)),
        None,
    )
    if path:
        return path
    message = f"{tool} is not installed (apt-get install {package or tool}; .ci/run installs it)"
    if in_ci():
        pytest.fail(f"CI=true but {message}", pytrace=False)
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
