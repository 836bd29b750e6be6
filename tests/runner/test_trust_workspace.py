"""The trust store and the learner's workspace files."""

from __future__ import annotations

import pytest

from nntutor.paths import builtin_lessons_dir
from nntutor.runner import workspace_file
from nntutor.runner.trust import is_trusted, trust
from nntutor.runner.workspace import ensure_started, save_private


def test_builtin_course_is_trusted_and_others_after_agreeing(tmp_path):
    data = tmp_path / "data"
    assert is_trusted(builtin_lessons_dir(), data)
    other = tmp_path / "course"
    other.mkdir()
    assert not is_trusted(other, data)
    trust(other, data)
    assert is_trusted(other, data)
    assert is_trusted(tmp_path / "x" / ".." / "course", data)
    assert not is_trusted(tmp_path, data)


def test_a_damaged_store_trusts_nothing(tmp_path):
    (tmp_path / "trusted-folders.json").write_text("{not json")
    assert not is_trusted(tmp_path / "course", tmp_path)


def test_workspace_file_is_private(tmp_path):
    path = workspace_file(tmp_path, "default", "backpropagation", "dense-backward")
    assert path == tmp_path / "workspace" / "default" / "backpropagation" / "dense-backward.py"
    for folder in (path.parent, path.parent.parent, path.parent.parent.parent):
        assert folder.stat().st_mode & 0o777 == 0o700
    assert ensure_started(path, "starter\n")
    assert not ensure_started(path, "other\n")
    assert path.read_text() == "starter\n"
    assert path.stat().st_mode & 0o777 == 0o600
    save_private(path, "mine\n")
    assert path.read_text() == "mine\n" and path.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("bad", ["../x", "a/b", "", ".hidden"])
def test_workspace_names_cannot_leave_the_folder(tmp_path, bad):
    with pytest.raises(ValueError):
        workspace_file(tmp_path, bad, "lesson", "exercise")
