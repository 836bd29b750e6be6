"""Reading ``.npz`` files that may be hostile: sizes checked before anything is allocated.

``np.load`` trusts a file: a 578-byte ``.npz`` whose header claims 7 TiB, or 3.5 MB that
inflate to gigabytes, are allocated before anything can refuse them. Here each array's
header (shape and dtype) is read first; object arrays (pickles) are refused, and the bytes
every array claims, alone and together, must stay under a cap. Only then is the array read,
and only as many bytes as its header declares.
"""

from __future__ import annotations

import os
import stat
import zipfile
import zlib
from pathlib import Path

import numpy as np

DEFAULT_MAX_BYTES = 512 * 1024**2  # what the arrays of one file may take in memory, together
MAX_MEMBERS = 4096  # arrays in one file (a weights file of 100 layers holds 200)


class NpzError(ValueError):
    """The file cannot be read safely; the message says why, in words."""


def _header(fp) -> tuple[tuple[int, ...], np.dtype]:
    fmt = np.lib.format
    version = fmt.read_magic(fp)
    if version == (1, 0):
        shape, _, dtype = fmt.read_array_header_1_0(fp)
    elif version == (2, 0):
        shape, _, dtype = fmt.read_array_header_2_0(fp)
    else:
        raise NpzError(f"an array in an unknown .npy format version {version}")
    return shape, dtype


def read_npz(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> dict[str, np.ndarray]:
    """Every array of an ``.npz`` file, by name, or NpzError with a reason a learner can act on."""
    path = Path(path)
    arrays: dict[str, np.ndarray] = {}
    total = 0
    try:
        # A FIFO would block the open, /dev/zero would never end: only a regular file is read.
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise NpzError("not a regular file (a device, a FIFO or a folder is never read)")
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                raise NpzError(f"{len(members):,} entries; at most {MAX_MEMBERS:,} are read")
            for info in members:
                if not info.filename.endswith(".npy"):
                    continue
                name = info.filename[: -len(".npy")]
                with archive.open(info) as fp:
                    shape, dtype = _header(fp)
                    if dtype.hasobject:
                        raise NpzError(
                            f"array {name!r} holds Python objects; only numbers are read"
                        )
                    count = 1
                    for dim in shape:
                        count *= int(dim)
                    size = count * dtype.itemsize
                    total += size
                    if size > max_bytes or total > max_bytes:
                        raise NpzError(
                            f"array {name!r} claims {size:,} bytes (shape {shape}); "
                            f"at most {max_bytes:,} bytes are read from one file"
                        )
                    fp.seek(0)
                    arrays[name] = np.lib.format.read_array(fp, allow_pickle=False)
    except (NpzError, FileNotFoundError):
        raise
    except (
        OSError,
        EOFError,
        ValueError,
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        NotImplementedError,  # an unknown compression method
    ) as exc:
        raise NpzError(f"not a readable .npz file ({exc})") from None
    return arrays
