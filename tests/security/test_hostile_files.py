"""Hostile settings and files end at once in a clear message that names the problem (issue 12, §5).

Each case here once crashed, hung or ate gigabytes; none may allocate before it is refused."""

from __future__ import annotations

import io
import os
import struct
import zipfile

import numpy as np
import pytest

from nntutor.engine.config import TrainConfig
from nntutor.engine.errors import ConfigError

# ---- training settings: wrong types and sizes are named before anything is allocated -----------


@pytest.mark.parametrize(
    "options, setting, words",
    [
        ({"samples": 10**8}, "samples", "at most 1,000,000"),
        ({"samples": [1]}, "samples", "whole number"),
        ({"epochs": [1]}, "epochs", "whole number"),
        ({"epochs": 10**6, "samples": 10**6}, "epochs", "sample passes"),
        ({"hidden": (10**5000,)}, "hidden", "too wide"),
        ({"hidden": (20_000,)}, "hidden", "too wide"),
        ({"hidden": (16_000, 16_000)}, "hidden", "weights between them"),
        ({"hidden": (4,) * 100}, "hidden", "too many"),
        ({"hidden": (["a"],)}, "hidden", "whole numbers"),
        ({"batch_size": 10**6}, "batch_size", "at most 65,536"),
        ({"batch_size": 60_000, "hidden": (4096,)}, "batch_size", "smaller batch"),
        ({"lr": "0.1"}, "lr", "must be a number"),
        ({"lr": 10**400}, "lr", "finite"),
        ({"dataset": None, "data_path": 5}, "data_path", "file name"),
        ({"shuffle": "yes"}, "shuffle", "true or false"),
        ({"threads": 10**9}, "threads", "at most"),
    ],
)
def test_bad_training_settings_are_named(options, setting, words):
    with pytest.raises(ConfigError) as caught:
        TrainConfig(**options).validate()
    assert caught.value.setting == setting
    assert words in caught.value.message
    assert len(caught.value.message) < 300


def test_a_lab_preset_with_wrong_types_is_a_config_error():
    from nntutor.course.challenges import challenge_options
    from nntutor.course.model import Exercise, Text
    from nntutor.lab import LabConfig

    for preset in ({"epochs": [1]}, {"samples": 10**8}, {"hidden": [[1]]}, {"lr": {"a": 1}}):
        with pytest.raises(ConfigError):
            LabConfig.from_options(preset)
    ex = Exercise(
        id="c",
        kind="lab_challenge",
        skills=(),
        prompt=Text({"en": ""}),
        hints=(),
        solution=Text({"en": ""}),
        lab={"dataset": "xor", "max_epochs": 10, "reference": {"epochs": [1]}},
    )
    options = challenge_options(ex, "reference")  # once int([1]): TypeError
    with pytest.raises(ConfigError) as caught:
        TrainConfig(**options).validate()
    assert caught.value.setting == "epochs"


# ---- weights files: sizes checked before allocation, only regular files read --------------------


def npy_header(shape: tuple[int, ...], dtype: str = "<f8") -> bytes:
    header = repr({"descr": dtype, "fortran_order": False, "shape": shape}).encode("latin-1")
    header += b" " * (63 - (len(header) + 10) % 64) + b"\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header


def test_a_tiny_weights_file_that_claims_terabytes_is_refused(tmp_path):
    from nntutor.engine.weights import read_layers

    path = tmp_path / "huge.npz"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("W1.npy", npy_header((2**20, 2**20)) + b"\0" * 64)  # 8 TiB declared
        archive.writestr("b1.npy", npy_header((2,)) + b"\0" * 16)
    assert path.stat().st_size < 1000
    with pytest.raises(ConfigError) as caught:
        read_layers(path)
    assert "huge.npz" in str(caught.value) and "bytes" in str(caught.value)


def test_a_weights_file_that_inflates_past_the_cap_is_refused(tmp_path):
    from nntutor.engine.weights import read_layers

    path = tmp_path / "bomb.npz"
    zeros = npy_header((2**27,)) + bytes(8 * 2**27)  # 1 GiB of zeros compresses to about 1 MB
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("W1.npy", zeros)
    del zeros
    with pytest.raises(ConfigError, match="at most"):
        read_layers(path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_weights_from_a_fifo_or_a_device_are_refused_without_blocking(tmp_path):
    from nntutor.engine.weights import read_layers

    fifo = tmp_path / "w.npz"
    os.mkfifo(fifo)
    for path in (fifo, "/dev/zero"):
        with pytest.raises(ConfigError, match="not a regular file"):
            read_layers(path)


def test_good_weights_still_load(tmp_path):
    from nntutor.engine.weights import read_layers

    path = tmp_path / "ok.npz"
    np.savez(path, W1=np.ones((2, 3)), b1=np.zeros(3), W2=np.ones((3, 1)), b2=np.zeros(1))
    assert [W.shape for W, _ in read_layers(path)] == [(2, 3), (3, 1)]


def test_a_huge_lab_side_file_is_not_read(tmp_path):
    from nntutor.lab import LabConfig, config_for_weights

    path = tmp_path / "w.npz"
    np.savez(path, W1=np.ones((2, 3)), b1=np.zeros(3), W2=np.ones((3, 1)), b2=np.zeros(1))
    side = path.with_suffix(".json")
    side.write_text("[" * 100_000 + "]" * 100_000)  # deeper than json can parse
    with pytest.raises(ConfigError, match=r"w\.json"):
        config_for_weights(path, LabConfig())
    with open(side, "wb") as handle:
        handle.truncate(64 * 1024**2)  # sparse: 64 MiB of nothing
    with pytest.raises(ConfigError, match="larger than"):
        config_for_weights(path, LabConfig())


# ---- progress import: devices, FIFOs and endless streams ----------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_progress_import_refuses_devices_fifos_and_folders_at_once(tmp_path):
    from nntutor.practice.transfer import InvalidProgressFile, load

    fifo = tmp_path / "progress.json"
    os.mkfifo(fifo)  # no writer: opening it for reading would block forever
    for path in (fifo, "/dev/zero", tmp_path):
        with pytest.raises(InvalidProgressFile) as caught:
            load(path)
        assert "not a regular file" in caught.value.problems[0]


class EndlessZeros(io.RawIOBase):
    """Standard input that never ends; counts what was read."""

    read_so_far = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        buffer[:] = bytes(len(buffer))
        self.read_so_far += len(buffer)
        return len(buffer)


def test_progress_import_stops_reading_endless_garbage_early():
    from nntutor.practice.transfer import InvalidProgressFile, load_stream

    stream = EndlessZeros()
    with pytest.raises(InvalidProgressFile, match="does not start like a progress export"):
        load_stream(io.BufferedReader(stream))
    assert stream.read_so_far <= 1024 * 1024


def test_progress_import_still_reads_a_real_export(tmp_path):
    from nntutor.practice.store import ProgressStore
    from nntutor.practice.transfer import load, save

    data_dir = tmp_path / "data"
    with ProgressStore.open(data_dir, "default") as store:
        store.record_attempt("intro", "where", "0", True, skills=["motivation"])
        save(store.export_dict(), tmp_path / "out.json")
    assert len(load(tmp_path / "out.json")["attempts"]) == 1
