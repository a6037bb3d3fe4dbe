"""The IDX reader and the MNIST loader, on small files the tests write byte by byte (nothing is downloaded)."""

import gzip
import os
import re
import struct
from pathlib import Path

import numpy as np
import pytest

from bplib import idx, validation
from bplib.datasets import load_mnist, read_idx

CODES = {np.uint8: 0x08, np.int8: 0x09, np.int16: 0x0B, np.int32: 0x0C, np.float32: 0x0D, np.float64: 0x0E}


def idx_bytes(array: np.ndarray) -> bytes:
    """An IDX file's bytes, written here from the format's definition: magic, sizes, big-endian numbers."""
    header = bytes([0, 0, CODES[array.dtype.type], array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
    return header + array.astype(array.dtype.newbyteorder(">")).tobytes()


def write(path, data: bytes, zipped: bool = False):
    path.write_bytes(gzip.compress(data) if zipped else data)
    return path


@pytest.mark.parametrize("zipped", [False, True], ids=["plain", "gzipped"])
@pytest.mark.parametrize("dtype", list(CODES), ids=[d.__name__ for d in CODES])
def test_round_trip_of_every_number_type(tmp_path, dtype, zipped):
    rng = np.random.default_rng(3)
    array = (rng.normal(size=(3, 4, 5)) * 50).astype(dtype)
    got = read_idx(write(tmp_path / "file-idx3-ubyte", idx_bytes(array), zipped))
    assert got.dtype == np.dtype(dtype) and got.dtype.isnative
    np.testing.assert_array_equal(got, array)


def test_the_bytes_are_read_big_endian(tmp_path):
    data = bytes([0, 0, 0x0C, 1]) + struct.pack(">I", 2) + bytes([0, 0, 1, 2, 255, 255, 255, 254])
    np.testing.assert_array_equal(read_idx(write(tmp_path / "f", data)), [258, -2])


def test_the_header_alone_gives_an_empty_array(tmp_path):
    data = bytes([0, 0, 8, 3]) + struct.pack(">3I", 0, 28, 28)
    assert read_idx(write(tmp_path / "f", data)).shape == (0, 28, 28)


GOOD = bytes([0, 0, 8, 2]) + struct.pack(">2I", 2, 3) + bytes(range(6))

BAD_FILES = {
    "empty": (b"", "truncated"),
    "shorter than the magic number": (b"\0\0\x08", "truncated"),
    "first bytes not zero": (b"\x01\0\x08\x01" + GOOD[4:], "magic number is 0x01000801"),
    "unknown type code": (b"\0\0\x07\x02" + GOOD[4:], "magic number is 0x00000702"),
    "zero dimensions": (b"\0\0\x08\x00", "magic number is 0x00000800"),
    "a text file": (b"hello, world\n", "not an IDX file"),
    "header cut short": (GOOD[:9], "header needs 12 bytes"),
    "data cut short": (GOOD[:-1], "truncated: the header promises 2 x 3 numbers"),
    "bytes after the data": (GOOD + b"\0", "1 bytes too long"),
}


@pytest.mark.parametrize("zipped", [False, True], ids=["plain", "gzipped"])
@pytest.mark.parametrize("case", list(BAD_FILES))
def test_every_bad_file_is_a_value_error_naming_the_file_and_the_fault(tmp_path, case, zipped):
    data, fault = BAD_FILES[case]
    path = write(tmp_path / "train-images-idx3-ubyte", data, zipped)
    with pytest.raises(ValueError) as caught:
        read_idx(path)
    assert str(path) in str(caught.value) and fault in str(caught.value)


def test_a_well_formed_file_passes_the_checks_the_bad_ones_fail(tmp_path):
    """The bad files above differ from this good one only where they are bad."""
    np.testing.assert_array_equal(read_idx(write(tmp_path / "good", GOOD)), [[0, 1, 2], [3, 4, 5]])


def test_a_damaged_gzip_file(tmp_path):
    path = write(tmp_path / "labels.gz", gzip.compress(GOOD)[:-6])
    with pytest.raises(ValueError, match="damaged gzip file") as caught:
        read_idx(path)
    assert str(path) in str(caught.value)


def test_a_missing_file_and_a_folder(tmp_path):
    with pytest.raises(ValueError, match="nope: no such file"):
        read_idx(tmp_path / "nope")
    with pytest.raises(ValueError, match="not a file"):
        read_idx(tmp_path)


# --- MNIST's four files ---------------------------------------------------------------------------------------


def write_mnist(folder, n_train=5, n_test=3, side=4, zipped=True, suffix="-idx"):
    """Four small MNIST-like files; returns the arrays written."""
    rng = np.random.default_rng(0)
    arrays = {
        "train-images": rng.integers(0, 256, size=(n_train, side, side), dtype=np.uint8),
        "train-labels": rng.integers(0, 10, size=n_train, dtype=np.uint8),
        "t10k-images": rng.integers(0, 256, size=(n_test, side, side), dtype=np.uint8),
        "t10k-labels": rng.integers(0, 10, size=n_test, dtype=np.uint8),
    }
    for name, array in arrays.items():
        kind = "3" if "images" in name else "1"
        file = f"{name}{suffix}{kind}-ubyte" + (".gz" if zipped else "")
        write(folder / file, idx_bytes(array), zipped)
    return arrays


@pytest.mark.parametrize(("zipped", "suffix"), [(True, "-idx"), (False, "-idx"), (False, ".idx")])
def test_load_mnist_scales_images_and_keeps_labels(tmp_path, zipped, suffix):
    written = write_mnist(tmp_path, zipped=zipped, suffix=suffix)
    mnist = load_mnist(tmp_path)
    assert mnist.train_images.shape == (5, 16) and mnist.test_images.shape == (3, 16)
    assert mnist.train_images.dtype == np.float64 and mnist.train_labels.dtype == np.int64
    np.testing.assert_array_equal(mnist.train_images * 255, written["train-images"].reshape(5, 16))
    np.testing.assert_array_equal(mnist.test_images[2], written["t10k-images"][2].ravel() / 255.0)
    np.testing.assert_array_equal(mnist.train_labels, written["train-labels"])
    np.testing.assert_array_equal(mnist.test_labels, written["t10k-labels"])


def test_load_mnist_names_the_missing_file(tmp_path):
    write_mnist(tmp_path)
    (tmp_path / "t10k-labels-idx1-ubyte.gz").unlink()
    with pytest.raises(ValueError, match="t10k-labels-idx1-ubyte: no such file"):
        load_mnist(tmp_path)


def test_load_mnist_wants_a_folder(tmp_path):
    with pytest.raises(ValueError, match="directory must be a folder"):
        load_mnist(tmp_path / "not-there")


def test_images_and_labels_whose_counts_differ(tmp_path):
    write_mnist(tmp_path, zipped=False)
    (tmp_path / "train-labels-idx1-ubyte").write_bytes(idx_bytes(np.zeros(4, dtype=np.uint8)))
    with pytest.raises(ValueError, match="holds 5 images but .*train-labels-idx1-ubyte holds 4 labels"):
        load_mnist(tmp_path)


def test_labels_where_images_belong_and_labels_that_are_not_digits(tmp_path):
    write_mnist(tmp_path, zipped=False)
    images = tmp_path / "train-images-idx3-ubyte"
    images.write_bytes(idx_bytes(np.zeros(5, dtype=np.uint8)))
    with pytest.raises(ValueError, match="train-images-idx3-ubyte: expected images"):
        load_mnist(tmp_path)
    images.write_bytes(idx_bytes(np.zeros((5, 4, 4), dtype=np.uint8)))
    (tmp_path / "t10k-labels-idx1-ubyte").write_bytes(idx_bytes(np.array([1, 12, 3], dtype=np.uint8)))
    with pytest.raises(ValueError, match="t10k-labels-idx1-ubyte: labels must be digits 0..9, found 12"):
        load_mnist(tmp_path)


def test_a_header_with_more_dimensions_than_numpy_holds_is_named(tmp_path):
    many = bytes([0, 0, 0x08, 255]) + struct.pack(">255I", *[1] * 255) + b"\x07"  # 255 sizes of 1, one number
    with pytest.raises(ValueError, match=r"many-idx: its header says the numbers have 255 dimensions; .* up to 32"):
        read_idx(write(tmp_path / "many-idx", many))
    as_many_as_allowed = np.zeros((1,) * 32, dtype=np.uint8)
    assert read_idx(write(tmp_path / "ok-idx", idx_bytes(as_many_as_allowed))).shape == (1,) * 32


@pytest.mark.parametrize("path", [None, 3, 2.5, b"file-idx", ["file-idx"]], ids=repr)
def test_a_path_that_is_not_a_path_is_a_type_error_naming_it(path):
    with pytest.raises(TypeError, match="path must be a file path"):
        read_idx(path)
    with pytest.raises(TypeError, match="directory must be a file path"):
        load_mnist(path)


def test_an_mnist_folder_with_no_training_images(tmp_path):
    write_mnist(tmp_path, zipped=False)
    (tmp_path / "train-images-idx3-ubyte").write_bytes(idx_bytes(np.zeros((0, 4, 4), dtype=np.uint8)))
    (tmp_path / "train-labels-idx1-ubyte").write_bytes(idx_bytes(np.zeros(0, dtype=np.uint8)))
    with pytest.raises(ValueError, match=r"train-images-idx3-ubyte: holds no images: its header says 0 x 4 x 4"):
        load_mnist(tmp_path)


def test_training_and_test_images_of_different_sizes(tmp_path):
    write_mnist(tmp_path, zipped=False)
    (tmp_path / "t10k-images-idx3-ubyte").write_bytes(idx_bytes(np.zeros((3, 5, 4), dtype=np.uint8)))
    with pytest.raises(ValueError, match=r"t10k-images-idx3-ubyte holds images of 5 x 4 pixels, but .* of 4 x 4"):
        load_mnist(tmp_path)


def test_a_gzipped_file_that_unzips_to_more_than_memory_is_refused_before_it_is_unzipped(tmp_path, monkeypatch):
    """A small .gz can unzip to gigabytes (here 64 MiB of zeros, on a machine said to have 1 MiB): the header's
    promise is weighed against the memory first, and nothing is unzipped past the header."""
    header = bytes([0, 0, 8, 2]) + struct.pack(">2I", 2**13, 2**13)
    path = tmp_path / "bomb-idx2-ubyte.gz"
    with gzip.open(path, "wb") as file:
        file.write(header)
        for _ in range(64):
            file.write(bytes(2**20))
    unzipped = []
    real_read = gzip.GzipFile.read
    monkeypatch.setattr(gzip.GzipFile, "read", lambda self, n=-1: unzipped.append(n) or real_read(self, n))
    monkeypatch.setattr(idx, "_memory_bytes", lambda: 2**20)
    with pytest.raises(ValueError, match=r"bomb-idx2-ubyte.gz: its header promises 8192 x 8192 numbers") as caught:
        read_idx(path)
    assert "more than this machine's memory" in str(caught.value)
    assert all(0 <= n <= 4 + 4 * 255 for n in unzipped), unzipped  # only the header was asked for


@pytest.mark.parametrize("zipped", [False, True], ids=["plain", "gzipped"])
def test_a_file_far_longer_than_its_header_promises_is_read_only_so_far(tmp_path, zipped):
    path = write(tmp_path / "long-idx", GOOD + bytes(3 * idx.MORE_SHOWN), zipped)
    with pytest.raises(ValueError, match=f"long-idx: more than {idx.MORE_SHOWN} bytes too long"):
        read_idx(path)


class _PathOfANumber:
    """An object whose ``__fspath__`` returns a number, not text: no path."""

    def __fspath__(self):
        return 3


def test_an_object_whose_fspath_is_a_number_is_a_type_error_naming_the_argument():
    with pytest.raises(TypeError, match=r"^path must be a file path.*__fspath__\(\) returned int"):
        read_idx(_PathOfANumber())
    with pytest.raises(TypeError, match=r"^directory must be a file path.*__fspath__\(\) returned int"):
        load_mnist(_PathOfANumber())


def test_an_empty_path_is_a_value_error_naming_the_argument():
    """ "" would be the current folder to pathlib; no one means that by an empty file name."""
    with pytest.raises(ValueError, match=r"^path must be a file path, got an empty str"):
        read_idx("")
    with pytest.raises(ValueError, match=r"^directory must be a file path, got an empty str"):
        load_mnist("")


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf], ids=repr)
@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=["float32", "float64"])
def test_a_float_idx_file_holding_nan_or_infinity_is_named(tmp_path, dtype, bad):
    path = write(tmp_path / "floats-idx1", idx_bytes(np.array([1.0, 2.0, bad, 4.0], dtype=dtype)))
    with pytest.raises(ValueError, match=rf"^{re.escape(str(path))}: .*{bad!r} at index \(2,\)"):
        read_idx(path)


def test_a_file_that_cannot_be_opened_is_a_value_error_quoting_it(tmp_path, monkeypatch):
    """Permission denied, simulated (the tests may run as root, who may read anything)."""
    path = write(tmp_path / "locked-idx1", idx_bytes(np.array([1, 2], dtype=np.uint8)))

    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(ValueError, match=rf"^path {re.escape(str(path))}: cannot be read \(Permission denied\)"):
        read_idx(path)


@pytest.mark.parametrize(("error", "said"), [(OSError(), "OSError"), (OSError("disk gone"), "disk gone")])
def test_an_os_error_without_a_system_message_still_says_something(error, said):
    """No empty brackets: the error's text, or at least its kind."""
    assert str(validation.file_problem(Path("/tmp/x"), error, "path")) == f"path /tmp/x: cannot be read ({said})"


def test_a_path_too_long_for_the_system_is_a_value_error_naming_it():
    with pytest.raises(ValueError, match=r"^path /tmp/a{300}: cannot be read"):
        read_idx("/tmp/" + "a" * 300)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_refused_by_what_it_is_not_read(tmp_path):
    """Opening a pipe waits for a writer, and reading it waits for data: read_idx refuses it unopened. Here the
    pipe has a writer and the data already, so a read_idx that opened it would fail this test, not hang it."""
    pipe = tmp_path / "a-pipe"
    os.mkfifo(pipe)
    reader = os.open(pipe, os.O_RDONLY | os.O_NONBLOCK)  # a reader of our own, so the writer opens at once
    writer = os.open(pipe, os.O_WRONLY | os.O_NONBLOCK)
    try:
        os.write(writer, idx_bytes(np.arange(3, dtype=np.uint8)))
        with pytest.raises(ValueError, match=f"^path {re.escape(str(pipe))}: not a file but a pipe"):
            read_idx(pipe)
    finally:
        os.close(writer)
        os.close(reader)
