import pytest

from nntutor.checker import Checker


@pytest.fixture(scope="session")
def checker():
    """One worker for the whole session, as the app uses it."""
    instance = Checker()
    yield instance
    instance.close()
