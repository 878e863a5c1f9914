"""The cat/non-cat data set: find it, verify it, load it.

The files are looked for, in order, in the course's `data/` folder, in the folder named by the
environment variable CATVNONCAT_DIR, and finally downloaded from public mirrors into `data/`.
Whatever the source, a file is used only after its SHA-256 and its HDF5 schema check out; every failure
names the file, what is wrong with it and what to do.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
ENV_DIR = "CATVNONCAT_DIR"
ENV_MIRRORS = "CATVNONCAT_MIRRORS"  # space-separated base URLs; replaces MIRRORS (e.g. a local copy)

# Public copies of the files, at pinned commits; the checksum decides whether a download is accepted.
MIRRORS = (
    "https://raw.githubusercontent.com/Youngyi/DeepLearning/dff21304241c5e651d4a6680cba6e23c3990e915/datasets",
    "https://raw.githubusercontent.com/ramakris/coursera-deeplearning/b1c8f954b5711f918c75f764138837bbe1b3f7fc/datasets",
    "https://raw.githubusercontent.com/Hiren2002/Logistic-Regression/5aa70859e5a6890e07d9a4c3294e8adb4b6a033f/datasets",
)


@dataclass(frozen=True)
class Part:
    filename: str
    sha256: str
    size: int
    prefix: str  # "train" or "test": the HDF5 keys are <prefix>_set_x and <prefix>_set_y
    examples: int
    cats: int


PARTS = (
    Part("train_catvnoncat.h5", "fbe56ab67c3ae28d564e3a644189117976d6b31af0a3ce9bb17dbf22908af242",
         2572022, "train", 209, 72),
    Part("test_catvnoncat.h5", "6a9d39ce52fa85953c5834695b8534a30ed8cfd54971fb2f080b5a24d002b951",
         616958, "test", 50, 33),
)

FIX = ("Run `autograder data` to fetch a verified copy, or point CATVNONCAT_DIR at a folder that holds "
       "the original train_catvnoncat.h5 and test_catvnoncat.h5.")


class DatasetError(RuntimeError):
    """The data set is missing or a file of it is not the one the course expects."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _describe_hdf5(path: Path) -> str:
    """Why a file whose checksum is wrong is wrong, in words: not HDF5 at all, or another data set."""
    import h5py

    try:
        with h5py.File(path, "r") as handle:
            keys = sorted(handle.keys())
    except OSError:
        return "it is not an HDF5 file that h5py can open"
    return f"it is an HDF5 file, but a different one (its keys are {keys})"


def check_schema(path: Path, part: Part) -> None:
    """Keys, shapes, dtypes and labels: the contract the notebooks rely on."""
    import h5py

    try:
        handle = h5py.File(path, "r")
    except OSError as err:
        raise DatasetError(f"{path}: the HDF5 file will not open ({err}). {FIX}") from err
    with handle:
        expected = {f"{part.prefix}_set_x": ((part.examples, 64, 64, 3), np.uint8),
                    f"{part.prefix}_set_y": ((part.examples,), np.int64),
                    "list_classes": ((2,), None)}
        for key, (shape, dtype) in expected.items():
            if key not in handle:
                raise DatasetError(f"{path}: the key {key!r} is missing (keys: {sorted(handle.keys())}). {FIX}")
            data = handle[key]
            if data.shape != shape or (dtype is not None and data.dtype != dtype):
                raise DatasetError(f"{path}: {key!r} is {data.dtype} {data.shape}, expected "
                                   f"{np.dtype(dtype) if dtype else 'bytes'} {shape}. {FIX}")
        labels = handle[f"{part.prefix}_set_y"][()]
        if not np.isin(labels, (0, 1)).all():
            raise DatasetError(f"{path}: labels must be 0 or 1, found {sorted(set(labels.tolist()))}. {FIX}")
        if int(labels.sum()) != part.cats:
            raise DatasetError(f"{path}: expected {part.cats} cats, found {int(labels.sum())}. {FIX}")


def verify(path: Path, part: Part) -> None:
    """Raise DatasetError unless `path` is exactly the expected file."""
    if not path.is_file():
        raise DatasetError(f"{path}: the file is missing. {FIX}")
    size = path.stat().st_size
    if size < part.size:
        raise DatasetError(f"{path}: the file is truncated ({size} of {part.size} bytes); "
                           f"delete it and fetch it again. {FIX}")
    digest = sha256_of(path)
    if digest != part.sha256:
        raise DatasetError(f"{path}: this is not the expected {part.filename}: its SHA-256 is {digest}, "
                           f"expected {part.sha256}; {_describe_hdf5(path)}. {FIX}")
    check_schema(path, part)


def _download(part: Part, dest_dir: Path, mirrors: tuple[str, ...], progress=print) -> Path:
    """Fetch one file from the first mirror that gives a verified copy; never leave a partial file."""
    import urllib.request  # here, not at the top: a sixtieth of a second of every command's start-up

    dest_dir.mkdir(parents=True, exist_ok=True)
    problems = []
    for base in mirrors:
        url = f"{base.rstrip('/')}/{part.filename}"
        progress(f"downloading {url}")
        with tempfile.NamedTemporaryFile(dir=dest_dir, prefix=f".{part.filename}.", delete=False) as tmp:
            tmp_path = Path(tmp.name)
            try:
                with urllib.request.urlopen(url, timeout=30) as response:
                    shutil.copyfileobj(response, tmp)
            except OSError as err:
                problems.append(f"{url}: {err}")
                tmp_path.unlink(missing_ok=True)
                continue
        try:
            verify(tmp_path, part)
        except DatasetError as err:
            problems.append(f"{url}: {err}")
            tmp_path.unlink(missing_ok=True)
            continue
        final = dest_dir / part.filename
        tmp_path.replace(final)
        return final
    raise DatasetError(f"{part.filename} could not be downloaded from any mirror:\n  " + "\n  ".join(problems)
                       + f"\nCopy the file into {dest_dir} by hand, or set CATVNONCAT_DIR to a folder holding it.")


def locate(part: Part, download: bool = False, progress=print) -> Path:
    """The verified path of one file, from the first place that has it."""
    candidates = [DATA_DIR / part.filename]
    if os.environ.get(ENV_DIR):
        candidates.append(Path(os.environ[ENV_DIR]).expanduser() / part.filename)
    for path in candidates:
        if path.exists():
            verify(path, part)
            return path
    if download:
        mirrors = tuple(os.environ[ENV_MIRRORS].split()) if os.environ.get(ENV_MIRRORS) else MIRRORS
        return _download(part, DATA_DIR, mirrors, progress)
    looked = ", ".join(str(p.parent) for p in candidates)
    raise DatasetError(f"{part.filename} was not found (looked in {looked}). {FIX}")


def provide(download: bool = True, progress=print) -> dict[str, Path]:
    """Every file of the data set, verified; downloads what is missing when `download` is true."""
    return {part.filename: locate(part, download=download, progress=progress) for part in PARTS}


def data_dir() -> Path:
    """The one folder holding both verified files (what the sandbox mounts read-only)."""
    paths = provide(download=False)
    folders = {path.parent for path in paths.values()}
    if len(folders) != 1:
        raise DatasetError(f"the two files are in different folders ({sorted(map(str, folders))}); "
                           "keep them together in one folder")
    return folders.pop()


@lru_cache(maxsize=1)
def _load_arrays() -> tuple[np.ndarray, ...]:
    import h5py

    arrays = []
    for part in PARTS:
        with h5py.File(locate(part), "r") as handle:
            arrays.append(handle[f"{part.prefix}_set_x"][()])
            arrays.append(handle[f"{part.prefix}_set_y"][()].reshape(1, -1))
            classes = handle["list_classes"][()]
    return (*arrays, classes)


def load_catvnoncat() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """train_x (209, 64, 64, 3) uint8, train_y (1, 209), test_x (50, 64, 64, 3) uint8, test_y (1, 50),
    classes [b'non-cat', b'cat'] — fresh copies, so a notebook may change them freely."""
    train_x, train_y, test_x, test_y, classes = (array.copy() for array in _load_arrays())
    return train_x, train_y, test_x, test_y, classes


def flattened_and_scaled(shared: bool = False) -> dict[str, np.ndarray]:
    """The arrays as the course prepares them: each image a column of pixels scaled to [0, 1].

    Fresh copies by default, so a notebook may change them freely; `shared=True` gives the one cached,
    read-only set (for the grader, which only reads them, many times)."""
    arrays = _flattened_and_scaled()
    return arrays if shared else {name: array.copy() for name, array in arrays.items()}


@lru_cache(maxsize=1)
def _flattened_and_scaled() -> dict[str, np.ndarray]:
    train_x, train_y, test_x, test_y, _ = _load_arrays()
    arrays = {"train_x": train_x.reshape(train_x.shape[0], -1).T / 255.0, "train_y": train_y.astype(np.float64),
              "test_x": test_x.reshape(test_x.shape[0], -1).T / 255.0, "test_y": test_y.astype(np.float64)}
    for array in arrays.values():
        array.flags.writeable = False
    return arrays
