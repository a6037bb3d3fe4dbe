"""Checks on what callers pass in, with messages that name the argument.

Every public function of bplib runs its inputs through these helpers first, so a learner who passes a
wrong shape, a NaN or a misspelt name hears about it in one line, instead of getting a silently
broadcast answer, a warning, or a numpy traceback from deep inside.
"""

from __future__ import annotations

import functools
import numbers
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import numpy as np

from .i18n import N_, _

_REAL_KINDS = "biuf"  # bool, signed and unsigned int, float: the dtypes that convert to float64 exactly or nearly


def as_float_array(value, name: str, *, ndim: int | tuple[int, ...] | None = None) -> np.ndarray:
    """Return ``value`` as a finite float64 array, or raise naming ``name``.

    ``ndim`` is the allowed number of dimensions (one int or a tuple of them). Refused with a TypeError: None,
    strings and bytes (also inside arrays or lists), complex numbers (numpy would drop the imaginary part),
    masked arrays (numpy would ignore the mask), anything that is not a number. Refused with a ValueError: ragged
    nested lists, a wrong number of dimensions, NaN or infinity, numbers too large for float64.

    The array returned is read-only: it may share memory with the caller's array, which bplib never changes.
    """
    if type(value) is np.ndarray and value.dtype == np.float64:
        array = value  # the common case, kept quick: training loops call this often
    else:
        array = _to_float64(value, name)
    allowed = (ndim,) if isinstance(ndim, int) else ndim
    if allowed is not None and array.ndim not in allowed:
        wanted = " or ".join(f"{d}-D" for d in allowed)
        raise ValueError(f"{name} must be {wanted}, got shape {array.shape}")
    finite = np.isfinite(array)
    if not finite.all():
        where = tuple(int(i) for i in np.argwhere(~finite)[0])
        entry = f"{name}[{', '.join(map(str, where))}]" if where else name
        raise ValueError(f"{name} must be finite, got {array[where]} at {entry} (float64 holds up to 1.8e308)")
    view = array.view()
    view.flags.writeable = False
    return view


def _to_float64(value, name: str) -> np.ndarray:
    if value is None or isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be numbers, got {describe(value)}")
    if isinstance(value, np.ma.MaskedArray):
        raise TypeError(
            f"{name} must be a plain array, got a masked array (bplib would ignore its mask): "
            f"drop the masked entries or pass {name}.filled(value)"
        )
    try:
        raw = np.asarray(value)
    except (ValueError, TypeError) as error:
        raise ValueError(f"{name} must be a rectangular array of numbers, got ragged nested lists: {error}") from None
    kind = raw.dtype.kind
    if kind == "O":
        for item in raw.flat:
            if not isinstance(item, numbers.Real):
                raise TypeError(f"{name} must be numbers, got {describe(item)} inside {describe(value)}")
    elif kind not in _REAL_KINDS:
        what = {"c": "complex numbers", "U": "strings", "S": "bytes"}.get(kind, f"dtype {raw.dtype}")
        raise TypeError(f"{name} must be real numbers (float64), got {what}: {describe(value)}")
    try:
        with np.errstate(over="ignore"):  # a float128 above 1.8e308 becomes inf, refused by the caller
            return np.asarray(raw, dtype=np.float64)
    except OverflowError:  # a Python int too large for float64
        raise ValueError(f"{name} must be finite, got a number beyond float64's 1.8e308 in {describe(value)}") from None


def check_shape(array: np.ndarray, name: str, expected: tuple[int, ...], why: str | None = None) -> None:
    """Raise unless ``array.shape == expected`` (no broadcasting is ever allowed); ``why`` says where the expected
    shape comes from, naming the other argument, when it comes from one."""
    shape = getattr(array, "shape", None)
    if not isinstance(shape, tuple):
        raise TypeError(f"{name} must be a numpy array, got {describe(array)}")
    if shape != tuple(expected):
        because = "" if why is None else f" ({why})"
        raise ValueError(f"{name} must have shape {tuple(expected)}{because}, got {shape}")


LAYERS_DO_NOT_CHAIN = N_(
    "weights[{layer}] must take the {inputs} outputs of layer {previous} as inputs, so shape ({outputs}, {inputs}); "
    "got {shape}"
)


def check_layers_chain(weights: Sequence[np.ndarray]) -> None:
    """Raise unless each layer's weights ``(n_out, n_in)`` take the outputs of the layer before as inputs.

    The one shape error a notebook shows on purpose (04: the article's two blocks, which cannot be consecutive
    layers as written), so its message is in the learner's language.
    """
    shapes = [getattr(w, "shape", None) for w in weights] if isinstance(weights, (list, tuple)) else None
    if shapes is None or not all(isinstance(shape, tuple) and len(shape) == 2 for shape in shapes):
        raise TypeError(f"weights must be a list of 2-D arrays, one per layer, got {describe(weights)}")
    for layer in range(1, len(weights)):
        inputs, shape = weights[layer - 1].shape[0], weights[layer].shape
        if shape[1] != inputs:
            raise ValueError(
                _(LAYERS_DO_NOT_CHAIN).format(
                    layer=layer, inputs=inputs, previous=layer - 1, outputs=shape[0], shape=shape
                )
            )


def check_finite_results(arrays: Iterable[np.ndarray], what: str, cause: str | Callable[[], str]) -> None:
    """Raise a ValueError unless every array computed is finite: ``what`` names the result, ``cause`` (a text, or a
    function making it, called only on failure) says which inputs were too large. float64 arithmetic overflows to
    inf, and inf - inf gives NaN, with no more than a warning."""
    if not isinstance(arrays, (list, tuple)):
        raise TypeError(f"{what} must be given as a list of arrays, got {describe(arrays)}")
    for array in arrays:
        try:
            values = np.asarray(array)
        except ValueError:  # ragged nested lists: not numbers bplib computed
            values = np.empty(0, dtype=object)
        if values.dtype.kind not in _REAL_KINDS:
            raise TypeError(f"{what} must be real numbers, got {describe(array)}")
        if not np.isfinite(values).all():
            because = cause if isinstance(cause, str) else cause()
            raise ValueError(f"{what} overflows float64 (beyond 1.8e308): {because}")


def quietly(function: Callable) -> Callable:
    """``function`` run with numpy's floating-point warnings off, for computations whose callers check the results
    with ``check_finite_results``: an overflow then says what was too large instead of printing a RuntimeWarning."""
    if not callable(function):
        raise TypeError(f"function must be a function, got {describe(function)}")

    @functools.wraps(function)
    def quiet(*args, **kwargs):
        with np.errstate(all="ignore"):
            return function(*args, **kwargs)

    return quiet


def as_positive_float(value, name: str) -> float:
    """Return ``value`` as a float > 0 (a step size, a learning rate), or raise naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a positive number, got {describe(value)}")
    value = _real_to_float(value, name)
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive finite number, got {value!r}")
    return value


def as_positive_int(value, name: str) -> int:
    """Return ``value`` as an int >= 1 (an epoch count, a batch size), or raise naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a whole number, got {describe(value)}")
    value = int(value)  # compared as a plain int: an int subclass could lie in its own <
    if value < 1:
        raise ValueError(f"{name} must be at least 1, got {value}")
    return value


def as_bool(value, name: str) -> bool:
    """Return ``value`` if it is True or False (numpy's included); anything else raises, even a truthy string."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {describe(value)}")
    return bool(value)


def as_generator(seed, name: str = "seed") -> np.random.Generator:
    """A ``numpy.random.Generator`` from a whole-number seed >= 0 (or the generator itself)."""
    if isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError(f"{name} must be a whole number >= 0 or a numpy.random.Generator, got {describe(seed)}")
    seed = int(seed)
    if seed < 0:
        raise ValueError(f"{name} must be a whole number >= 0 or a numpy.random.Generator, got {seed}")
    return np.random.default_rng(seed)


def as_path(value, name: str) -> Path:
    """Return ``value`` (a ``str`` or a path object such as ``pathlib.Path``) as a ``Path``, or raise naming ``name``.

    The one check of a path argument in bplib (``read_idx``, ``load_mnist``). Refused with a TypeError: None,
    numbers, bytes (pathlib would fail deep inside with its own message), an object whose ``__fspath__()`` gives
    anything but text. Refused with a ValueError: the empty str (pathlib would read it as the current folder) and
    text holding a NUL character, which no file name can hold. A file that cannot be opened is the reader's to
    report, quoting the path (``file_problem``).
    """
    if isinstance(value, str):
        text = str.__str__(value)
    elif isinstance(value, os.PathLike):
        text = type(value).__fspath__(value)  # what os.fspath calls; its TypeError would not name the argument
        if not isinstance(text, str):
            raise TypeError(
                f"{name} must be a file path (a str or a pathlib.Path), got {describe(value)}: its __fspath__() "
                f"returned {type(text).__name__}, not text"
            )
    else:
        raise TypeError(f"{name} must be a file path (a str or a pathlib.Path), got {describe(value)}")
    if not text:
        raise ValueError(f"{name} must be a file path, got an empty str")
    if "\0" in text:
        raise ValueError(f"{name} must be a file path, got text holding a NUL character: {describe(value)}")
    try:
        os.fsencode(text)  # what opening it will do: a lone surrogate cannot become a file name
    except UnicodeEncodeError as error:
        raise ValueError(f"{name} must be a file path, got text no file name can hold ({error.reason}): "
                         f"{describe(value)}") from None
    return Path(text)


def file_problem(path: Path, error: OSError, name: str | None = None) -> ValueError:
    """The ValueError to raise, quoting ``path`` (the argument ``name``, if the caller gave it), when opening or
    reading it failed with ``error`` (no such file, a folder, no permission):
    ``raise file_problem(path, error, "path") from error``."""
    if not isinstance(error, OSError):
        raise TypeError(f"error must be the OSError that opening or reading the file raised, got {describe(error)}")
    where = f"{name} {path}" if name else str(path)
    if isinstance(error, FileNotFoundError):
        return ValueError(f"{where}: no such file")
    if isinstance(error, IsADirectoryError):
        return ValueError(f"{where}: a folder, not a file")
    return ValueError(f"{where}: cannot be read ({error.strerror or str(error) or type(error).__name__})")


def _memory_bytes() -> int:
    """This machine's memory, or 16 GiB where the system does not say (Windows)."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):
        return 2**34


LARGEST_ARRAY_BYTES = 4 * 2**30  # the most bplib allocates at once: far above anything a notebook here needs


def check_fits_in_memory(n_numbers: int, name: str, what: str) -> None:
    """Raise a ValueError naming ``name`` before ``what`` (``n_numbers`` float64 numbers) is allocated, if it would
    need more than ``LARGEST_ARRAY_BYTES`` (4 GiB) or more memory than the machine has: a MemoryError, or the
    system stopping the kernel at the array's first use (numpy hands out zeros lazily), says less."""
    if isinstance(n_numbers, bool) or not isinstance(n_numbers, numbers.Integral) or int(n_numbers) < 0:
        raise TypeError(f"n_numbers must be a whole number >= 0, got {describe(n_numbers)}")
    n_numbers = int(n_numbers)  # a numpy integer would wrap around in 8 * n_numbers
    available = _memory_bytes()
    if 8 * n_numbers > min(available, LARGEST_ARRAY_BYTES):
        shown = float(min(n_numbers, 10**300))  # a Python int may be too large for a float, and for the message
        limit = (
            f"this machine's {available / 2**30:.3g} GiB of memory"
            if available < LARGEST_ARRAY_BYTES
            else f"the {LARGEST_ARRAY_BYTES / 2**30:g} GiB bplib allocates at most at once"
        )
        size = f"{shown:.3g} numbers, {8 * shown / 2**30:.3g} GiB"
        raise ValueError(f"{name} is too large: {what} would hold {size}, more than {limit}")


def check_choice(value, name: str, choices: Sequence[str]) -> str:
    """Return ``value`` if it is one of ``choices``; otherwise raise, listing the valid ones."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a name, one of {list(choices)}, got {describe(value)}")
    value = str.__str__(value)  # the text itself: a str subclass could lie in its own == and pass for a choice
    if value not in choices:
        raise ValueError(f"{name} must be one of {list(choices)}, got {value!r}")
    return value


def _real_to_float(value, name: str) -> float:
    try:
        return float(value)
    except OverflowError:
        raise ValueError(f"{name} must be a finite number, got one beyond float64's 1.8e308") from None


def describe(value) -> str:
    """A short ``type repr`` of ``value`` for a message (cut at 60 characters)."""
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{type(value).__name__} {text}"
