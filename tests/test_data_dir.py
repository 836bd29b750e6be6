"""The data folder is private: created 0700 with 0600 files; a loose or foreign folder is refused."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from nntutor.paths import UnsafeDataDir, prepare_data_dir


def test_new_folder_is_private(tmp_path):
    folder = prepare_data_dir(tmp_path / "a" / "data")
    assert folder.stat().st_mode & 0o777 == 0o700


def test_own_readable_folder_and_files_are_tightened(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    progress = folder / "progress.sqlite3"
    progress.write_text("answers")
    progress.chmod(0o644)
    prepare_data_dir(folder)
    assert folder.stat().st_mode & 0o777 == 0o700
    assert progress.stat().st_mode & 0o777 == 0o600


def test_folder_writable_by_others_is_refused(tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(0o777)
    with pytest.raises(UnsafeDataDir, match="chmod 700"):
        prepare_data_dir(folder)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to chown")
def test_folder_of_another_user_is_refused(tmp_path):
    folder = tmp_path / "planted"
    folder.mkdir(mode=0o700)
    os.chown(folder, 65534, 65534)
    with pytest.raises(UnsafeDataDir, match="belongs to another user"):
        prepare_data_dir(folder)


def test_the_app_refuses_a_loose_folder_and_a_bad_profile_without_a_traceback(tmp_path):
    loose = tmp_path / "loose"
    loose.mkdir()
    loose.chmod(0o777)
    for args in (
        ["--data-dir", str(loose)],
        ["--data-dir", str(tmp_path / "d"), "--profile", "../../x"],
    ):
        out = subprocess.run(
            [sys.executable, "-m", "nntutor", *args], capture_output=True, text=True, check=False
        )
        assert out.returncode == 2, out
        assert "Traceback" not in out.stderr and out.stderr.startswith("nntutor: ")


def test_progress_files_are_created_private(tmp_path):
    from nntutor.practice.store import ProgressStore

    store = ProgressStore.open(tmp_path / "data", "default")
    store.record_attempt("intro", "where", "0", True, skills=["motivation"])
    store.close()
    files = [p for p in (tmp_path / "data").iterdir() if p.is_file()]
    assert files
    for path in files:
        assert path.stat().st_mode & 0o777 == 0o600, path
    assert (tmp_path / "data").stat().st_mode & 0o777 == 0o700
