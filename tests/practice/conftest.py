import pytest

from nntutor.practice.store import ProgressStore


@pytest.fixture
def store(tmp_path):
    s = ProgressStore.open(tmp_path / "data")
    yield s
    s.close()
