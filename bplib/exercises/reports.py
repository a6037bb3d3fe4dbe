"""How a verdict shows numbers: the case the learner's function was given, expected and got printed with
enough digits to tell them apart, and the relative error between two arrays."""

from __future__ import annotations

import numpy as np

from . import messages as text

SHOWN_ENTRIES = 6  # a vector up to this long is printed; a longer one, or a matrix, is described by its shape
FEWEST_DIGITS, MOST_DIGITS = 4, 17
LABEL_WIDTH = 11  # "  expected " and "  got      " in messages.EXPECTED_GOT


def gap(got: np.ndarray, expected: np.ndarray) -> float:
    """max |got - expected| / max(1e-8, max(|got| + |expected|)), the relative error of ``bplib.relative_error``
    (cs231n's), but infinite where ``got`` holds NaN or infinity instead of raising or returning NaN."""
    if got.size == 0:
        return 0.0
    if not np.all(np.isfinite(got)):
        return np.inf
    with np.errstate(over="ignore", invalid="ignore"):
        value = float(np.max(np.abs(got - expected)) / max(1e-8, float(np.max(np.abs(got) + np.abs(expected)))))
    return value if np.isfinite(value) else np.inf


def digits_apart(expected: np.ndarray, got: np.ndarray) -> tuple[str, str]:
    """``expected`` and ``got`` printed with the fewest digits (at least four) that make them differ on screen."""
    for digits in range(FEWEST_DIGITS, MOST_DIGITS + 1):
        shown = _show(expected, digits), _show(got, digits)
        if shown[0] != shown[1]:
            return shown
    return _show(expected, MOST_DIGITS), _show(got, MOST_DIGITS)


def _show(array: np.ndarray, digits: int) -> str:
    """The array as numpy prints it, its later lines indented to follow a label of ``LABEL_WIDTH`` characters."""
    return np.array2string(
        array,
        precision=digits,
        floatmode="maxprec",
        suppress_small=False,
        max_line_width=110,
        separator=", ",
        prefix=" " * LABEL_WIDTH,
    )


def describe_case(case: dict, number: int, total: int) -> str:
    """``  case 2 of 4: delta_next = [0.1, -0.3], weights_next: a matrix of shape (2, 3), z = [...]``."""
    shown = [_describe_argument(name, value) for name, value in case.items()]
    return text.say(text.CASE, number=number, total=total, arguments="; ".join(s for s in shown if s))


def _describe_argument(name: str, value) -> str:
    if callable(value):
        return text.say(text.ARGUMENT_FUNCTION, name=name)
    if isinstance(value, (int, float, np.floating, np.integer)):
        return f"{name} = {float(value):.6g}"
    if isinstance(value, list) and value and isinstance(value[0], np.ndarray):
        shapes = ", ".join(str(v.shape) for v in value)
        return text.say_count(text.ARGUMENT_ARRAYS, len(value), name=name, shapes=shapes)
    array = np.asarray(value, dtype=np.float64)
    if array.ndim == 1 and array.size <= SHOWN_ENTRIES:
        return f"{name} = {np.array2string(array, precision=4, floatmode='maxprec', separator=', ')}"
    if array.ndim == 1:
        return text.say_count(text.ARGUMENT_VECTOR, array.size, name=name)
    return text.say(text.ARGUMENT_MATRIX, name=name, shape=array.shape)
