import pytest


def pytest_collection_modifyitems(config, items):
    """Tests marked ``gpu`` skip cleanly where CuPy or a CUDA device is missing."""
    marked = [item for item in items if item.get_closest_marker("gpu")]
    if not marked:
        return
    from nntutor.engine.backend import load_cupy

    cupy, reason = load_cupy()
    if cupy is None:
        skip = pytest.mark.skip(reason=f"needs a GPU: {reason}")
        for item in marked:
            item.add_marker(skip)
