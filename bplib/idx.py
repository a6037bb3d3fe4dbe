"""The IDX file format, in which MNIST's handwritten digits are stored: read one file into a numpy array.

An IDX file is a header followed by numbers, all big-endian:

    bytes 0-1   zero
    byte 2      the type of the numbers: 0x08 unsigned byte, 0x09 signed byte, 0x0B int16, 0x0C int32,
                0x0D float32, 0x0E float64
    byte 3      the number of dimensions d
    4 d bytes   the size of each dimension, unsigned 32-bit
    the rest    the numbers, in row-major (C) order

So the first four bytes, the "magic number", say what follows: 0x00000803 for MNIST's images (unsigned bytes
in 3 dimensions: count, rows, columns) and 0x00000801 for its labels (unsigned bytes, 1 dimension). Files may
be gzipped, as they are usually distributed; the gzip signature is recognised whatever the file's name.
"""

from __future__ import annotations

import gzip
import math
import struct
import zlib
from os import PathLike
from pathlib import Path

import numpy as np

from .validation import _memory_bytes, as_path, file_problem

TYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}
GZIP_SIGNATURE = b"\x1f\x8b"
MAX_DIMENSIONS = 32  # numpy's own limit is 32 or 64 depending on its version; MNIST's files have 1 or 3
LONGEST_HEADER = 4 + 4 * 255  # bytes: the magic number and up to 255 sizes
MORE_SHOWN = 2**20  # bytes past what the header promises that are read to say how long a file is


def read_idx(path: str | PathLike) -> np.ndarray:
    """The numbers stored in the IDX file at ``path`` (gzipped or not), shaped as its header says.

    The dtype follows the file's type code (``uint8`` for MNIST). A missing file, a folder, one that cannot be
    read, a wrong magic number, a file shorter or longer than its header promises, more than ``MAX_DIMENSIONS``
    dimensions, more numbers than the machine has memory for, NaN or infinity among float numbers: ``ValueError``
    naming the file and what is wrong. ``path`` is a ``str`` or a
    ``pathlib.Path``. Only what the header promises is read (and unzipped), and only once it fits in memory, so a
    small gzipped file that would unzip to gigabytes is refused, not unzipped.
    """
    path = as_path(path, "path")
    try:
        if path.exists() and not (path.is_file() or path.is_dir()):  # a folder is refused on opening, quoting it
            raise ValueError(f"path {path}: not a file but a pipe, socket or device, which a read could wait on")
        with path.open("rb") as file:
            zipped = file.read(2) == GZIP_SIGNATURE
            file.seek(0)
            stream = gzip.GzipFile(fileobj=file) if zipped else file
            data = _read(path, stream, LONGEST_HEADER)
            shape, dtype, header = _header(path, data)
            count = math.prod(shape)
            expected = count * dtype.itemsize
            if expected > _memory_bytes():
                raise ValueError(
                    f"{path}: its header promises {' x '.join(map(str, shape))} numbers, {expected / 2**30:.3g} GiB, "
                    "more than this machine's memory"
                )
            data += _read(path, stream, header + expected + MORE_SHOWN + 1 - len(data))
    except OSError as error:  # no such file, a folder, no permission to read it
        raise file_problem(path, error, "path") from error
    found = len(data) - header
    if found != expected:
        more = f"more than {MORE_SHOWN}" if found > expected + MORE_SHOWN else found - expected
        problem = "truncated" if found < expected else f"{more} bytes too long"
        raise ValueError(
            f"{path}: {problem}: the header promises {' x '.join(map(str, shape))} numbers of {dtype.itemsize} "
            f"byte(s), {expected} bytes, but {found} bytes follow it"
        )
    numbers = np.frombuffer(data, dtype, count=count, offset=header).reshape(shape).astype(dtype.newbyteorder("="))
    if dtype.kind == "f" and not np.all(np.isfinite(numbers)):
        where = tuple(int(i) for i in np.argwhere(~np.isfinite(numbers))[0])
        raise ValueError(
            f"{path}: damaged or not data: it holds {float(numbers[where])!r} at index {where}, where numbers belong"
        )
    return numbers


def _header(path: Path, data: bytes) -> tuple[tuple[int, ...], np.dtype, int]:
    """The shape, the dtype and the header's length in bytes, from the first bytes of the file."""
    if len(data) < 4:
        raise ValueError(f"{path}: truncated: {len(data)} bytes, too short even for the 4-byte IDX magic number")
    code, ndim = data[2], data[3]
    if data[:2] != b"\0\0" or code not in TYPES or ndim == 0:
        magic = int.from_bytes(data[:4], "big")
        raise ValueError(
            f"{path}: not an IDX file: its magic number is 0x{magic:08X}; an IDX file starts with two zero bytes, "
            f"a type code ({', '.join(f'{c:02X}' for c in TYPES)}) and the number of dimensions "
            "(MNIST: 0x00000803 for images, 0x00000801 for labels)"
        )
    if ndim > MAX_DIMENSIONS:
        raise ValueError(
            f"{path}: its header says the numbers have {ndim} dimensions; bplib reads IDX files of up to "
            f"{MAX_DIMENSIONS} (MNIST's have 1 or 3)"
        )
    header = 4 + 4 * ndim
    if len(data) < header:
        raise ValueError(
            f"{path}: truncated: the header needs {header} bytes for {ndim} dimensions, the file has {len(data)}"
        )
    return struct.unpack(f">{ndim}I", data[4:header]), np.dtype(TYPES[code]), header


def _read(path: Path, stream, size: int) -> bytes:
    """Up to ``size`` more bytes of the file (unzipped, if the stream unzips)."""
    try:
        return stream.read(size)
    except (OSError, EOFError, zlib.error) as error:  # a cut-off download ends in EOFError
        if isinstance(stream, gzip.GzipFile):
            raise ValueError(f"{path}: a damaged gzip file ({error})") from error
        raise
