"""Data and weight files that lie about their size are refused before anything is allocated."""

from __future__ import annotations

import io
import zipfile

import numpy as np
import pytest

from nntutor.engine import load_data
from nntutor.engine.errors import ConfigError
from nntutor.engine.npzsafe import NpzError, read_npz


def npy_bytes(shape, dtype="<f4", payload: bytes = b"") -> bytes:
    out = io.BytesIO()
    header = {"descr": dtype, "fortran_order": False, "shape": shape}
    np.lib.format.write_array_header_1_0(out, header)
    return out.getvalue() + payload


def write_zip(path, members: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def test_a_header_claiming_terabytes_is_refused_at_once(tmp_path):
    path = tmp_path / "huge.npz"
    write_zip(path, {"X.npy": npy_bytes((2**40, 2)), "y.npy": npy_bytes((2,))})
    assert path.stat().st_size < 2000
    with pytest.raises(NpzError, match="claims"):
        read_npz(path)
    with pytest.raises(ConfigError, match=r"huge\.npz: .*claims"):
        load_data(path)


def test_data_beyond_the_declared_shape_is_never_inflated(tmp_path):
    path = tmp_path / "bomb.npz"
    zeros = bytes(64 * 1024**2)  # compresses to about 64 KB
    write_zip(
        path, {"X.npy": npy_bytes((4, 2), "<f8", zeros), "y.npy": npy_bytes((4,), "<f8", zeros)}
    )
    arrays = read_npz(path)
    assert arrays["X"].shape == (4, 2) and arrays["y"].shape == (4,)


def test_object_arrays_are_refused(tmp_path):
    path = tmp_path / "pickle.npz"
    np.savez(path, X=np.array([{"a": 1}], dtype=object), y=np.zeros(1))
    with pytest.raises(NpzError, match="Python objects"):
        read_npz(path)


def test_not_a_zip(tmp_path):
    path = tmp_path / "x.npz"
    path.write_bytes(b"not a zip at all")
    with pytest.raises(ConfigError, match=r"not a readable \.npz"):
        load_data(path)


def test_a_huge_sparse_csv_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "big.csv"
    with open(path, "wb") as f:
        f.truncate(2 * 1024**3)
    with pytest.raises(ConfigError, match="at most"):
        load_data(path)


def test_a_good_npz_still_loads(tmp_path):
    path = tmp_path / "ok.npz"
    np.savez_compressed(path, X=np.ones((5, 2)), y=np.array([0, 1, 0, 1, 1]))
    data = load_data(path)
    assert data.X.shape == (5, 2)
