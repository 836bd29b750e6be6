"""Generated datasets and the learner's own files."""

import numpy as np
import pytest

from nntutor.engine import DATASETS, ConfigError, Dataset, load_data, make_dataset
from nntutor.engine.data import resolve_targets


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_generated_datasets_have_the_asked_size_and_repeat_with_the_seed(name):
    data = make_dataset(name, samples=301, noise=0.1, seed=5)
    assert data.X.shape[0] == 301 and data.y.shape[0] == 301
    assert np.all(np.isfinite(data.X))
    again = make_dataset(name, samples=301, noise=0.1, seed=5)
    np.testing.assert_array_equal(data.X, again.X)
    np.testing.assert_array_equal(data.y, again.y)
    other = make_dataset(name, samples=301, noise=0.1, seed=6)
    assert not np.array_equal(data.X, other.X)


@pytest.mark.parametrize(
    "name,features,loss,outputs",
    [
        ("xor", 2, "bce", 1),
        ("circles", 2, "bce", 1),
        ("moons", 2, "bce", 1),
        ("spirals", 2, "ce", 3),
        ("blobs", 2, "ce", 3),
        ("sine", 1, "mse", 1),
    ],
)
def test_datasets_choose_their_loss(name, features, loss, outputs):
    data = make_dataset(name, samples=60)
    assert data.X.shape[1] == features
    targets = resolve_targets("auto", data)
    assert (targets.loss, targets.outputs) == (loss, outputs)


def test_noise_zero_and_default_noise():
    clean = make_dataset("circles", samples=100, noise=0.0)
    radius = np.hypot(clean.X[:, 0], clean.X[:, 1])
    np.testing.assert_allclose(np.sort(np.unique(radius.round(12))), [0.5, 1.0])
    assert make_dataset("circles", samples=100).X.shape == (100, 2)


def test_npz_with_validation_arrays(tmp_path):
    path = tmp_path / "mine.npz"
    rng = np.random.default_rng(0)
    np.savez(
        path,
        X=rng.normal(size=(20, 3)),
        y=rng.integers(0, 2, 20),
        X_val=rng.normal(size=(5, 3)),
        y_val=rng.integers(0, 2, 5),
    )
    data = load_data(path)
    assert data.X.shape == (20, 3) and data.X_val.shape == (5, 3)


def test_csv_with_and_without_header(tmp_path):
    rows = "1.0,2.0,0\n3.0,4.0,1\n5.0,6.5,1\n"
    (tmp_path / "plain.csv").write_text(rows)
    (tmp_path / "header.csv").write_text("a,b,label\n" + rows)
    for name in ("plain.csv", "header.csv"):
        data = load_data(tmp_path / name)
        np.testing.assert_array_equal(data.X, [[1, 2], [3, 4], [5, 6.5]])
        np.testing.assert_array_equal(data.y, [0, 1, 1])


@pytest.mark.parametrize(
    "content,words",
    [
        ("1,2\n3,x\n", "line 2"),
        ("1,2,3\n4,5\n", "same number of columns"),
        ("5\n6\n", "two columns"),
        ("", "empty"),
        ("a,b\n", "no data rows"),
        ("1,nan\n2,3\n", "NaN"),
    ],
)
def test_bad_csv_files(tmp_path, content, words):
    path = tmp_path / "bad.csv"
    path.write_text(content)
    with pytest.raises(ConfigError, match=words):
        load_data(path)


def test_bad_npz_files(tmp_path):
    np.savez(tmp_path / "nox.npz", y=np.zeros(3))
    with pytest.raises(ConfigError, match="no array X"):
        load_data(tmp_path / "nox.npz")
    np.savez(tmp_path / "short.npz", X=np.zeros((4, 2)), y=np.zeros(3))
    with pytest.raises(ConfigError, match="4 samples"):
        load_data(tmp_path / "short.npz")
    np.savez(tmp_path / "half.npz", X=np.zeros((4, 2)), y=np.zeros(4), X_val=np.zeros((2, 2)))
    with pytest.raises(ConfigError, match="X_val and y_val"):
        load_data(tmp_path / "half.npz")
    np.savez(
        tmp_path / "width.npz",
        X=np.zeros((4, 2)),
        y=np.zeros(4),
        X_val=np.zeros((2, 3)),
        y_val=np.zeros(2),
    )
    with pytest.raises(ConfigError, match="2 features"):
        load_data(tmp_path / "width.npz")
    (tmp_path / "junk.npz").write_bytes(b"not a zip")
    with pytest.raises(ConfigError, match="not a readable"):
        load_data(tmp_path / "junk.npz")
    with pytest.raises(ConfigError, match="no data file"):
        load_data(tmp_path / "missing.npz")
    (tmp_path / "data.txt").write_text("1,2\n")
    with pytest.raises(ConfigError, match=r"\.npz"):
        load_data(tmp_path / "data.txt")


def test_targets_resolution():
    X = np.zeros((4, 2))
    assert resolve_targets("auto", Dataset(X, np.array([0.5, 1.5, 2.0, 3.1]))).loss == "mse"
    assert resolve_targets("auto", Dataset(X, np.array([0, 1, 1, 0]))).loss == "bce"
    ce = resolve_targets("auto", Dataset(X, np.array([0, 2, 1, 0])))
    assert (ce.loss, ce.outputs) == ("ce", 3)
    one_hot = np.eye(3)[[0, 2, 1, 0]]
    assert resolve_targets("auto", Dataset(X, one_hot)).loss == "ce"
    assert resolve_targets("mse", Dataset(X, np.array([0, 1, 1, 0]))).loss == "mse"
    with pytest.raises(ConfigError, match="between 0 and 1"):
        resolve_targets("bce", Dataset(X, np.array([0, 2, 1, 0])))
    with pytest.raises(ConfigError, match="class labels"):
        resolve_targets("ce", Dataset(X, np.array([0.5, 1.0, 1.0, 0.0])))
    with pytest.raises(ConfigError, match="0, 1"):
        resolve_targets("ce", Dataset(X, np.array([-1, 1, 1, 0])))
    Y, labels = ce.encode(np.array([0, 2, 1, 0]), np.float32)
    np.testing.assert_array_equal(Y, np.eye(3, dtype=np.float32)[[0, 2, 1, 0]])
    np.testing.assert_array_equal(labels, [0, 2, 1, 0])


def test_images_are_flattened_and_one_column_is_one_feature():
    from nntutor.engine import TrainConfig, Trainer

    rng = np.random.default_rng(0)
    images = Dataset(rng.normal(size=(30, 4, 4)), rng.integers(0, 3, 30))
    assert images.features == 16
    trainer = Trainer(TrainConfig(hidden=(5,), epochs=1, device="cpu", threads=1), images)
    assert trainer.network.sizes == (16, 5, 3)
    column = Dataset(rng.normal(size=30), rng.normal(size=30))
    assert (
        Trainer(TrainConfig(hidden=(5,), epochs=1, device="cpu", threads=1), column).features == 1
    )
    with pytest.raises(ConfigError, match="table"):
        Trainer(TrainConfig(epochs=1), Dataset(np.zeros((0, 2)), np.zeros(0)))
