"""Checks on what callers pass in, with messages that name the argument.

Every public function of bplib runs its inputs through these helpers first, so a learner who passes a
wrong shape, a NaN or a misspelt name hears about it in one line, instead of getting a silently
broadcast answer or a numpy traceback from deep inside.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence

import numpy as np


def as_float_array(value, name: str, *, ndim: int | tuple[int, ...] | None = None) -> np.ndarray:
    """Return ``value`` as a finite float64 array, or raise naming ``name``.

    ``ndim`` is the allowed number of dimensions (one int or a tuple of them).
    """
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"{name} must be numbers, got {type(value).__name__} {value!r}")
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise TypeError(f"{name} must be numbers (an array of floats), got {_describe(value)}") from error
    allowed = (ndim,) if isinstance(ndim, int) else ndim
    if allowed is not None and array.ndim not in allowed:
        wanted = " or ".join(f"{d}-D" for d in allowed)
        raise ValueError(f"{name} must be {wanted}, got shape {array.shape}")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must be finite, got NaN or infinity in {array.tolist()!r}"[:300])
    return array


def check_shape(array: np.ndarray, name: str, expected: tuple[int, ...]) -> None:
    """Raise unless ``array.shape == expected`` (no broadcasting is ever allowed)."""
    if array.shape != tuple(expected):
        raise ValueError(f"{name} must have shape {tuple(expected)}, got {array.shape}")


def as_positive_float(value, name: str) -> float:
    """Return ``value`` as a float > 0 (a step size, a learning rate), or raise naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a positive number, got {_describe(value)}")
    value = float(value)
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive finite number, got {value!r}")
    return value


def as_positive_int(value, name: str) -> int:
    """Return ``value`` as an int >= 1 (an epoch count, a batch size), or raise naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a whole number, got {_describe(value)}")
    if value < 1:
        raise ValueError(f"{name} must be at least 1, got {value}")
    return int(value)


def check_choice(value, name: str, choices: Sequence[str]) -> str:
    """Return ``value`` if it is one of ``choices``; otherwise raise, listing the valid ones."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a name, one of {list(choices)}, got {_describe(value)}")
    if value not in choices:
        raise ValueError(f"{name} must be one of {list(choices)}, got {value!r}")
    return value


def _describe(value) -> str:
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{type(value).__name__} {text}"
