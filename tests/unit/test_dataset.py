"""Providing the data set: every failure names the file, what is wrong and what to do."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import h5py
import numpy as np
import pytest

from autograder import dataset

SHARED = Path(os.environ.get("CATVNONCAT_DIR", dataset.DATA_DIR))
TRAIN = dataset.PARTS[0]


@pytest.fixture
def isolated(tmp_path, monkeypatch):
    """data/ and CATVNONCAT_DIR both pointing at empty folders of this test."""
    data, other = tmp_path / "data", tmp_path / "other"
    data.mkdir(), other.mkdir()
    monkeypatch.setattr(dataset, "DATA_DIR", data)
    monkeypatch.setenv(dataset.ENV_DIR, str(other))
    monkeypatch.delenv(dataset.ENV_MIRRORS, raising=False)
    return data, other


def test_the_real_files_verify_and_load():
    paths = dataset.provide(download=False)
    assert sorted(paths) == ["test_catvnoncat.h5", "train_catvnoncat.h5"]
    train_x, train_y, test_x, test_y, classes = dataset.load_catvnoncat()
    assert train_x.shape == (209, 64, 64, 3) and train_x.dtype == np.uint8
    assert train_y.shape == (1, 209) and int(train_y.sum()) == 72
    assert test_x.shape == (50, 64, 64, 3) and int(test_y.sum()) == 33
    assert list(classes) == [b"non-cat", b"cat"]
    # "image 1" counts from 0, as the column index of the flattened matrix
    assert train_x.reshape(209, -1).T[:10, 1].tolist() == [196, 192, 190, 193, 186, 182, 188, 179, 174, 213]
    assert dataset.flattened_and_scaled()["train_x"].shape == (12288, 209)


def test_missing_file_says_where_it_looked_and_what_to_do(isolated):
    with pytest.raises(dataset.DatasetError) as err:
        dataset.provide(download=False)
    message = str(err.value)
    assert "train_catvnoncat.h5 was not found" in message
    assert str(isolated[0]) in message and str(isolated[1]) in message
    assert "autograder data" in message


def test_truncated_file(isolated):
    (isolated[0] / TRAIN.filename).write_bytes((SHARED / TRAIN.filename).read_bytes()[:1000])
    with pytest.raises(dataset.DatasetError,
                       match=r"train_catvnoncat.h5: the file is truncated \(1000 of 2572022 bytes\)"):
        dataset.locate(TRAIN)


def test_a_file_that_is_not_hdf5(isolated):
    (isolated[0] / TRAIN.filename).write_bytes(b"<html>not found</html>" * 200000)
    with pytest.raises(dataset.DatasetError, match="not the expected train_catvnoncat.h5.*not an HDF5 file"):
        dataset.locate(TRAIN)


def test_another_hdf5_file(isolated):
    with h5py.File(isolated[0] / TRAIN.filename, "w") as handle:
        handle["images"] = np.zeros((400, 64, 64, 3), np.uint8)
    with pytest.raises(dataset.DatasetError, match=r"HDF5 file, but a different one \(its keys are \['images'\]\)"):
        dataset.locate(TRAIN)


def test_hdf5_that_will_not_open_is_reported_by_the_schema_check(tmp_path):
    broken = tmp_path / "broken.h5"
    broken.write_bytes(b"\x89HDF\r\n\x1a\n" + b"\0" * 100)
    with pytest.raises(dataset.DatasetError, match="the HDF5 file will not open"):
        dataset.check_schema(broken, TRAIN)


def test_schema_names_the_wrong_key_and_shape(tmp_path):
    bad = tmp_path / "bad.h5"
    with h5py.File(bad, "w") as handle:
        handle["train_set_x"] = np.zeros((209, 64, 64), np.uint8)
        handle["train_set_y"] = np.zeros(209, np.int64)
        handle["list_classes"] = np.array([b"non-cat", b"cat"])
    with pytest.raises(dataset.DatasetError,
                       match=r"'train_set_x' is uint8 \(209, 64, 64\), expected uint8 \(209, 64, 64, 3\)"):
        dataset.check_schema(bad, TRAIN)


def test_env_folder_is_used_when_data_is_empty(isolated):
    for part in dataset.PARTS:
        shutil.copy(SHARED / part.filename, isolated[1] / part.filename)
    assert dataset.provide(download=False)[TRAIN.filename] == isolated[1] / TRAIN.filename


def test_download_verifies_and_skips_a_bad_mirror(isolated, tmp_path, monkeypatch):
    """A mirror that serves a wrong file is skipped; the good one is used; no partial file is left."""
    bad, good = tmp_path / "bad", tmp_path / "good"
    bad.mkdir(), good.mkdir()
    for part in dataset.PARTS:
        (bad / part.filename).write_bytes(b"x" * part.size)
        shutil.copy(SHARED / part.filename, good / part.filename)
    monkeypatch.delenv(dataset.ENV_DIR)
    monkeypatch.setenv(dataset.ENV_MIRRORS, f"{bad.as_uri()} {good.as_uri()}")
    said = []
    paths = dataset.provide(download=True, progress=said.append)
    assert paths[TRAIN.filename] == isolated[0] / TRAIN.filename
    assert dataset.sha256_of(paths[TRAIN.filename]) == TRAIN.sha256
    assert said[0] == f"downloading {bad.as_uri()}/{TRAIN.filename}"
    assert sorted(p.name for p in isolated[0].iterdir()) == ["test_catvnoncat.h5", "train_catvnoncat.h5"]


def test_download_failing_everywhere_lists_each_mirror(isolated, tmp_path, monkeypatch):
    monkeypatch.delenv(dataset.ENV_DIR)
    monkeypatch.setenv(dataset.ENV_MIRRORS, (tmp_path / "nowhere").as_uri())
    with pytest.raises(dataset.DatasetError, match="could not be downloaded from any mirror") as err:
        dataset.provide(download=True, progress=lambda _: None)
    assert "nowhere/train_catvnoncat.h5" in str(err.value)
    assert list(isolated[0].iterdir()) == []
