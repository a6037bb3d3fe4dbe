"""Handwritten digits: the 8 x 8 set that scikit-learn ships, and MNIST when the learner has its files.

Nothing is downloaded. ``load_digits`` reads the copy of the UCI "Optical Recognition of Handwritten Digits"
set (E. Alpaydin and C. Kaynak, 1998) that scikit-learn keeps inside its package: 1,797 digits, 8 x 8 pixels
of 0..16. ``load_mnist`` reads MNIST's four IDX files from a folder (``bplib.idx``). Both give images as float64
rows scaled to [0, 1] and labels as integers 0..9; ``one_hot`` turns labels into desired outputs.
"""

from __future__ import annotations

import importlib.util
import zlib
from os import PathLike
from pathlib import Path
from typing import NamedTuple

import numpy as np

from .idx import GZIP_SIGNATURE, read_idx
from .validation import as_path, as_positive_int, check_fits_in_memory, describe, file_problem

PIXELS = 64  # the UCI digits: 8 x 8
LONGEST_FIELD = 6  # digits in a count or a label: far more than 16 needs, few enough that int() stays small

MNIST_FILES = {
    "train_images": "train-images-idx3-ubyte",
    "train_labels": "train-labels-idx1-ubyte",
    "test_images": "t10k-images-idx3-ubyte",
    "test_labels": "t10k-labels-idx1-ubyte",
}


def load_digits() -> tuple[np.ndarray, np.ndarray]:
    """The UCI 8 x 8 digits from scikit-learn: ``(images, labels)``.

    ``images`` is float64 ``(1797, 64)``, each row an image read row by row, pixel counts 0..16 divided by 16;
    ``labels`` is int ``(1797,)``, the digit each image shows.

    Reads scikit-learn's own copy of the data (a CSV file inside its package: 64 counts and the label per row)
    without importing scikit-learn, which takes seconds; if that file is not where scikit-learn has always kept
    it, asks ``sklearn.datasets.load_digits``. A damaged file (cut off, not numbers, rows of another length,
    counts or labels out of range): ``ValueError`` naming it.
    """
    shipped = _shipped_digits_file()
    if shipped is not None:
        counts, labels = _read_digits_csv(shipped)
    else:
        try:
            from sklearn.datasets import load_digits as sklearn_digits  # here, so `import bplib` stays numpy-only
        except ImportError as error:  # installed but broken (a half-finished install, a missing dependency)
            raise ModuleNotFoundError(
                f"load_digits needs a working scikit-learn, which ships the data: pip install --force-reinstall "
                f"scikit-learn ({error})"
            ) from error
        data = sklearn_digits()
        counts, labels = data.data, data.target
    return counts.astype(np.float64) / 16.0, labels.astype(np.int64)


def _read_digits_csv(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """The ``(counts, labels)`` of the digits CSV at ``path`` (gzipped or not): rows of 64 counts 0..16 and a
    label 0..9. A damaged file raises a ValueError naming it and the first line at fault (lines from 1)."""

    def damaged(problem: str) -> ValueError:
        return ValueError(f"{path}: not a readable digits CSV (rows of {PIXELS} counts and a label): {problem}")

    try:
        raw = path.read_bytes()
    except OSError as error:  # no such file, a folder, no permission
        raise file_problem(path, error) from error
    cut = False
    if raw[:2] == GZIP_SIGNATURE:
        unzipped = []
        while raw[:2] == GZIP_SIGNATURE and not cut:  # a gzip file may hold several members, one after another
            unzip = zlib.decompressobj(wbits=31)  # 31: a gzip header and trailer
            try:
                unzipped.append(unzip.decompress(raw))
            except zlib.error as error:
                raise damaged(f"a damaged gzip file ({error})") from error
            cut, raw = not unzip.eof, unzip.unused_data  # not at its end: the rest of the file never came
        raw = b"".join(unzipped)  # bytes after the last member that start no other one are ignored, as gzip does
    lines = raw.split(b"\n")
    if cut:
        raise damaged(f"cut off in line {len(lines)}")
    if lines and not lines[-1].strip():
        lines.pop()  # the newline that ends the last row
    if not lines:
        raise damaged("no rows")
    table = np.empty((len(lines), PIXELS + 1), dtype=np.int64)
    for n, line in enumerate(lines, start=1):
        try:
            fields = line.decode("ascii").split(",")
        except UnicodeDecodeError:
            raise damaged(f"line {n} is not text") from None
        if len(fields) != PIXELS + 1:
            held = "nothing" if not line.strip() else f"{len(fields)} comma-separated values"
            raise damaged(f"line {n} holds {held}, not {PIXELS + 1}")
        for column, field in enumerate(fields, start=1):
            if not field.strip().isdigit():  # isdigit: no sign, point, exponent or _, and ASCII here
                raise damaged(f"line {n}, column {column} holds {field.strip()[:20]!r}, not a whole number")
            if len(field.strip()) > LONGEST_FIELD:
                raise damaged(f"line {n}, column {column} holds a {len(field.strip())}-digit number, not a count")
        table[n - 1] = [int(field) for field in fields]
    counts, labels = table[:, :-1], table[:, -1]
    for what, values, largest in (("pixel counts", counts, 16), ("labels", labels, 9)):
        if values.max() > largest:
            line = int(np.argwhere(values > largest)[0][0]) + 1
            raise ValueError(
                f"{path}: {what} must lie in 0..{largest}, found {values.min()} to {values.max()} (line {line})"
            )
    return counts, labels


def _shipped_digits_file() -> Path | None:
    """scikit-learn's ``datasets/data/digits.csv.gz``, found without importing scikit-learn; None if absent."""
    spec = importlib.util.find_spec("sklearn")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("load_digits needs scikit-learn, which ships the data: pip install scikit-learn")
    path = Path(next(iter(spec.submodule_search_locations))) / "datasets" / "data" / "digits.csv.gz"
    return path if path.is_file() else None


def one_hot(labels, n_classes: int = 10) -> np.ndarray:
    """Desired outputs for class labels: ``(n,)`` integers in 0..n_classes-1 -> float64 ``(n, n_classes)``, a 1
    in the label's column and 0 elsewhere."""
    if isinstance(labels, np.ma.MaskedArray) or isinstance(labels, (str, bytes)):
        raise TypeError(f"labels must be a 1-D array of whole numbers, got {describe(labels)}")
    try:
        labels = np.asarray(labels)
    except ValueError as error:  # ragged nested lists
        raise ValueError(f"labels must be a 1-D array of whole numbers, got ragged lists: {error}") from None
    if labels.ndim == 1 and labels.size == 0 and labels.dtype.kind == "f":
        labels = labels.astype(np.int64)  # no labels: numpy makes [] a float array (not a complex one: refused)
    if labels.ndim != 1 or labels.dtype.kind not in "iu":  # not "m": numpy counts a timedelta as an integer
        raise ValueError(f"labels must be a 1-D array of whole numbers, got {labels.dtype} of shape {labels.shape}")
    n_classes = as_positive_int(n_classes, "n_classes")
    if labels.size and (labels.min() < 0 or labels.max() >= n_classes):
        raise ValueError(f"labels must lie in 0..{n_classes - 1}, got values from {labels.min()} to {labels.max()}")
    what = f"{labels.size} desired outputs of {n_classes} classes" if labels.size else f"a row of {n_classes} classes"
    check_fits_in_memory(max(labels.size, 1) * n_classes, "n_classes", what)  # no labels: numpy still sizes a row
    desired = np.zeros((labels.size, n_classes))
    desired[np.arange(labels.size), labels] = 1.0
    return desired


class MNIST(NamedTuple):
    """MNIST's two parts: images float64 ``(n, rows * columns)`` in [0, 1], labels int ``(n,)`` in 0..9."""

    train_images: np.ndarray
    train_labels: np.ndarray
    test_images: np.ndarray
    test_labels: np.ndarray


def load_mnist(directory: str | PathLike) -> MNIST:
    """Read MNIST's four IDX files from ``directory``: ``train-images-idx3-ubyte``, ``train-labels-idx1-ubyte``,
    ``t10k-images-idx3-ubyte`` and ``t10k-labels-idx1-ubyte``, each gzipped (``.gz``) or not.

    Images come back as float64 rows, ``(n, rows * columns)``, pixel values 0..255 divided by 255; labels as
    integers. A missing file, a damaged one, images and labels whose counts differ, a file with no images, or
    training and test images of different sizes: ``ValueError`` naming the file.
    """
    folder = as_path(directory, "directory")
    if not folder.is_dir():
        raise ValueError(f"directory must be a folder holding MNIST's four files, got {str(folder)!r}: no such folder")
    parts, sizes = {}, {}
    for part in ("train", "test"):
        images_path = _find(folder, MNIST_FILES[f"{part}_images"])
        labels_path = _find(folder, MNIST_FILES[f"{part}_labels"])
        images, labels = _images(images_path), _labels(labels_path)
        if len(images) != len(labels):
            raise ValueError(
                f"{images_path} holds {len(images)} images but {labels_path} holds {len(labels)} labels: "
                "the counts must match"
            )
        sizes[part] = (images_path, images.shape[1:])
        parts[f"{part}_images"] = images.reshape(len(images), -1).astype(np.float64) / 255.0
        parts[f"{part}_labels"] = labels.astype(np.int64)
    (train_path, train_size), (test_path, test_size) = sizes["train"], sizes["test"]
    if train_size != test_size:
        raise ValueError(
            f"{test_path} holds images of {test_size[0]} x {test_size[1]} pixels, but {train_path} holds images of "
            f"{train_size[0]} x {train_size[1]}: a network trained on the one cannot read the other"
        )
    return MNIST(**parts)


def _find(folder: Path, name: str) -> Path:
    """The file ``name`` in ``folder``, gzipped or not (some copies write ``.idx3`` for ``-idx3``)."""
    dotted = name.replace("-idx", ".idx")
    for candidate in (name, name + ".gz", dotted, dotted + ".gz"):
        if (folder / candidate).is_file():
            return folder / candidate
    raise ValueError(f"{folder / name}: no such file (nor {name}.gz) in directory {folder}")


def _unsigned_bytes(path: Path, ndim: int, what: str) -> np.ndarray:
    """The IDX file at ``path``, which must hold unsigned bytes in ``ndim`` dimensions (MNIST's only kinds)."""
    array = read_idx(path)
    if array.dtype != np.uint8 or array.ndim != ndim:
        raise ValueError(
            f"{path}: expected {what} (unsigned bytes in {ndim} dimension(s); magic number 0x000008{ndim:02X}), "
            f"got {array.dtype} in {array.ndim} dimension(s)"
        )
    return array


def _images(path: Path) -> np.ndarray:
    images = _unsigned_bytes(path, 3, "images: count, rows, columns")
    if 0 in images.shape:
        raise ValueError(
            f"{path}: holds no images: its header says {' x '.join(map(str, images.shape))} (count, rows, columns)"
        )
    return images


def _labels(path: Path) -> np.ndarray:
    labels = _unsigned_bytes(path, 1, "labels")
    if labels.size and labels.max() > 9:
        raise ValueError(f"{path}: labels must be digits 0..9, found {labels.max()}")
    return labels
