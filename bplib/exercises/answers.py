"""Reading an answer: what it is made of, and whether that is the structure asked for.

``read`` runs once per answer, under the time limit (it may call the learner's ``__array__``, ``__len__`` or
``__iter__``): it copies the answer into plain float64 arrays (``Numbers``) and lists of them (``Parts``), or
says why it cannot (``Unreadable``). Everything after works on that copy, so no learner code runs again.

``conform`` then lays the copy over the structure of the reference answer: a number, a vector, a matrix, a
list or pair of those. A list of numbers where a vector is expected is fine when its length is right; a
matrix where a vector is expected is not. Every mismatch is a ``Problem`` naming where it is
(``weight_grads[1]``) and what was expected.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np

from . import messages as text
from .safety import LET_THROUGH, safe_repr, safe_text

MAX_DEPTH = 8  # lists nested deeper than any answer here (and a list that contains itself) stop here
LOW_PRECISION = (np.float16, np.float32)


@dataclass(frozen=True)
class Numbers:
    """Real numbers: a float64 copy of the answer's array (0-d for one number)."""

    array: np.ndarray
    low_precision: bool = False  # it came as float16 or float32


@dataclass(frozen=True)
class Parts:
    """A list or tuple (or an array of objects): each item read in turn."""

    items: tuple


@dataclass(frozen=True)
class Unreadable:
    """Something that is not real numbers; ``message`` says what, in words for the learner."""

    message: str
    params: dict = field(default_factory=dict)


Tree = Numbers | Parts | Unreadable


@dataclass(frozen=True)
class Problem:
    """Where an answer's structure differs from the one asked for: ``where`` names the part."""

    where: str
    message: str
    params: dict

    def sentence(self) -> str:
        return text.say(self.message, where=self.where, **self.params)


# --- reading -------------------------------------------------------------------------------------------------


def read(value) -> Tree:
    """The answer as ``Numbers``, ``Parts`` or ``Unreadable``; never raises (but lets the kernel's interrupt and
    the time limit through)."""
    try:
        return _read(value, 0)
    except LET_THROUGH:
        raise
    except RecursionError:
        return Unreadable(text.TOO_DEEP)
    except BaseException as error:  # a hostile __array__, __len__ or __iter__, even one raising SystemExit
        return Unreadable(text.UNREADABLE, {"error": describe_error(error)})


def describe_error(error: BaseException) -> str:
    """``TypeError: message``, safe to show whatever the exception's ``__str__`` does."""
    message = safe_text(error)
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


def _read(value, depth: int) -> Tree:
    if depth > MAX_DEPTH:
        return Unreadable(text.TOO_DEEP)
    plain = _plain_kind(value)
    if plain is not None:
        return plain
    if isinstance(value, (list, tuple)):
        return _read_sequence(value, depth)
    if isinstance(value, np.ndarray):
        return _read_array(value, depth)
    if isinstance(value, numbers.Integral):
        return _read_integer(value)
    if isinstance(value, numbers.Real):
        return Numbers(np.array(float(value)), isinstance(value, LOW_PRECISION))
    converted = np.asarray(value)  # an object with __array__ (or anything numpy understands)
    if converted.dtype == object:
        return Unreadable(text.NOT_NUMBERS, {"type": type(value).__name__})
    return _read_array(converted, depth)


def _plain_kind(value) -> Unreadable | None:
    """The kinds of value that are never numbers, each with its own explanation."""
    if value is None:
        return Unreadable(text.IS_NONE)
    if value is Ellipsis:
        return Unreadable(text.IS_ELLIPSIS)
    if isinstance(value, (bool, np.bool_)):
        return Unreadable(text.IS_BOOL)
    if isinstance(value, (str, bytes)):
        return Unreadable(text.IS_TEXT, {"example": safe_repr(value)})
    if isinstance(value, (complex, np.complexfloating)):
        return Unreadable(text.IS_COMPLEX, {"example": safe_text(value, 40)})
    if isinstance(value, dict):
        return Unreadable(text.IS_DICT)
    if isinstance(value, (set, frozenset)):
        return Unreadable(text.IS_SET)
    if isinstance(value, Iterator):  # generators, map, zip, iter(...): values given once, on demand
        return Unreadable(text.IS_ITERATOR, {"type": type(value).__name__})
    return None


def _read_sequence(value, depth: int) -> Tree:
    items = tuple(value)
    kinds = set(map(type, items))
    if items and all(_is_real_kind(k) for k in kinds):  # a list of numbers: a vector, read at once
        try:
            return Numbers(np.array(items, dtype=np.float64), any(issubclass(k, LOW_PRECISION) for k in kinds))
        except OverflowError:  # an int too large for a float: read one by one below, to say which
            pass
    return Parts(tuple(_read(v, depth + 1) for v in items))


def _is_real_kind(kind: type) -> bool:
    return issubclass(kind, (float, int, np.floating, np.integer)) and not issubclass(kind, (bool, np.bool_))


def _read_integer(value) -> Tree:
    try:
        return Numbers(np.array(float(value)))
    except OverflowError:
        return Unreadable(text.TOO_LARGE, {"example": safe_repr(value, 30)})


def _read_array(array: np.ndarray, depth: int) -> Tree:
    kind = array.dtype.kind
    if kind in "fiu":
        return Numbers(np.array(array, dtype=np.float64), array.dtype.type in LOW_PRECISION)
    if kind == "b":
        return Unreadable(text.IS_BOOL)
    if kind == "c":
        return Unreadable(text.IS_COMPLEX, {"example": safe_text(array.ravel()[0], 40) if array.size else "[]"})
    if kind in "US":
        return Unreadable(text.IS_TEXT, {"example": safe_repr(array.ravel()[0].item()) if array.size else "[]"})
    if kind == "O":
        return _read(array.item(), depth + 1) if array.ndim == 0 else Parts(tuple(_read(v, depth + 1) for v in array))
    return Unreadable(text.NOT_NUMBERS_ARRAY, {"dtype": str(array.dtype)})


# --- comparing structure -------------------------------------------------------------------------------------


def conform(answer: Tree, expected: Tree, where: str, names: tuple[str, ...] = ()) -> object:
    """``answer`` laid over ``expected``'s structure: nested tuples of float64 arrays shaped like ``expected``,
    or the first ``Problem``. ``names`` label the top-level parts (``("bias_grads", "weight_grads")``)."""
    if isinstance(answer, Unreadable):
        return Problem(where, answer.message, answer.params)
    if isinstance(expected, Numbers):
        return _conform_numbers(answer, expected.array.shape, where)
    items = _as_items(answer, expected)
    if items is None or len(items) != len(expected.items):
        return Problem(where, text.WRONG_KIND, {"got": describe(answer), "expected": describe(expected, names)})
    conformed = []
    for n, (got, wanted) in enumerate(zip(items, expected.items)):
        label = names[n] if n < len(names) else f"{where}[{n}]"
        part = conform(got, wanted, label)
        if isinstance(part, Problem):
            return part
        conformed.append(part)
    return tuple(conformed)


def _as_items(answer: Tree, expected: Parts) -> tuple | None:
    """The answer's parts where parts are expected, or None; an array's rows count as parts when each row has the
    shape of a part (a list of equal-shaped arrays may have been read as one array)."""
    if isinstance(answer, Parts):
        return answer.items
    array = answer.array
    rows_fit = array.ndim >= 1 and all(
        isinstance(p, Numbers) and p.array.shape == array.shape[1:] for p in expected.items
    )
    return tuple(Numbers(row, answer.low_precision) for row in array) if rows_fit else None


def _conform_numbers(answer: Tree, shape: tuple[int, ...], where: str):
    if isinstance(answer, Parts):
        answer = stack(answer, where)
        if isinstance(answer, Problem):
            return answer
    got = answer.array.shape
    if got == shape:
        return answer
    if shape == () and got == (1,):
        return Problem(where, text.ONE_NUMBER_IN_AN_ARRAY, {"value": _short(answer.array[0])})
    if tuple(n for n in got if n != 1) == tuple(n for n in shape if n != 1) and len(got) > len(shape):
        return Problem(where, text.EXTRA_AXIS, {"got": got, "expected": shape})
    return Problem(where, text.WRONG_KIND, {"got": describe(answer), "expected": describe(Numbers(np.zeros(shape)))})


def stack(parts: Parts, where: str):
    """A list of numbers or of equal-shaped arrays, as one ``Numbers``; otherwise the ``Problem`` in it."""
    rows = []
    for n, item in enumerate(parts.items):
        if isinstance(item, Unreadable):
            return Problem(f"{where}[{n}]", item.message, item.params)
        row = stack(item, f"{where}[{n}]") if isinstance(item, Parts) else item
        if isinstance(row, Problem):
            return row
        rows.append(row)
    if not rows:
        return Numbers(np.zeros(0))
    if len({r.array.shape for r in rows}) > 1:
        return Problem(where, text.RAGGED, {"lengths": ", ".join(str(len(np.atleast_1d(r.array))) for r in rows)})
    return Numbers(np.stack([r.array for r in rows]), any(r.low_precision for r in rows))


def describe(tree: Tree, names: tuple[str, ...] = ()) -> str:
    """What ``tree`` is, in words: "a number", "a vector of 3 numbers", "a matrix of shape (3, 4)", "a pair
    (bias_grads, weight_grads)", "a list of 2 items"."""
    if isinstance(tree, Numbers):
        shape = tree.array.shape
        if len(shape) == 0:
            return text.say(text.A_NUMBER)
        if len(shape) == 1:
            return text.say_count(text.A_VECTOR, shape[0])
        if len(shape) == 2:
            return text.say(text.A_MATRIX, shape=shape)
        return text.say(text.AN_ARRAY, shape=shape)
    if isinstance(tree, Parts):
        if names and len(names) == len(tree.items):
            return text.say(text.NAMED_PARTS, names=", ".join(names))
        if tree.items and all(isinstance(item, Numbers) and item.array.ndim for item in tree.items):
            return text.say_count(text.A_LIST_OF_ARRAYS, len(tree.items))
        return text.say_count(text.A_LIST, len(tree.items))
    return text.say(text.SOMETHING_ELSE)


def _short(value: float) -> str:
    return np.format_float_positional(value, precision=6, unique=True, trim="-")
