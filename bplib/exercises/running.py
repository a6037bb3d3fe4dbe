"""Calling the learner's function on one case, so that whatever it does becomes an ``Outcome``: an answer
(read into numbers), "not done yet", nothing returned, an exception, or running past the time limit.

The function gets fresh copies of the case's arguments, by name; afterwards the copies show whether it changed
its arguments in place. ``BackpropCalls`` counts the function's calls of ``bplib.backprop`` (exercise 05-2 asks
for one call per sample).
"""

from __future__ import annotations

import inspect
import sysconfig
import threading
import traceback
from dataclasses import dataclass
from pathlib import Path

import numpy as np

import bplib

from .answers import Tree, describe_error, read
from .safety import LET_THROUGH, TimeLimit, TimeUp, safe_text

# the learner's own line in a traceback is the last one outside these folders
LIBRARY_FOLDERS = (
    *(str(Path(module.__file__).resolve().parent) for module in (bplib, np)),
    str(Path(sysconfig.get_paths()["stdlib"]).resolve()),
)


@dataclass(frozen=True)
class Outcome:
    """What one call did: ``kind`` is "answer", "not done", "none" (returned None), "raised" or "timeout"."""

    kind: str
    answer: Tree | None = None
    error: str = ""  # "ZeroDivisionError: division by zero"
    line: str = ""  # the learner's line that raised, when it can be found
    changed: tuple[str, ...] = ()  # the arguments the function changed in place


def call(learner, case: dict, seconds: float | None) -> Outcome:
    """Run ``learner(**case)`` on copies of the case, under a time limit of ``seconds``; never raises except for
    the kernel's interrupt (KeyboardInterrupt)."""
    arguments = {name: fresh_copy(value) for name, value in case.items()}
    limit = TimeLimit(seconds)
    try:
        try:
            limit.start()
            returned = learner(**arguments)
            answer = None if returned is None or returned is Ellipsis else read(returned)
        finally:
            limit.stop()
    except KeyboardInterrupt:
        raise
    except TimeUp:
        return Outcome("timeout")
    except NotImplementedError:
        return Outcome("not done")
    except BaseException as error:  # the learner's bug, even SystemExit or GeneratorExit, becomes a verdict
        return Outcome("raised", error=describe_error(error), line=learner_line(error))
    finally:
        limit.stop()  # again: a TimeUp may have arrived just as the call ended, before the first stop
    if limit.fired:  # the function caught the TimeUp itself and went on
        return Outcome("timeout")
    if returned is Ellipsis:
        return Outcome("not done")
    if returned is None:
        return Outcome("none", changed=changed_arguments(case, arguments))
    return Outcome("answer", answer)


def fresh_copy(value):
    """A copy for one call, so that a function that changes its arguments cannot spoil the next case."""
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, list):
        return [fresh_copy(v) for v in value]
    return value


def changed_arguments(case: dict, arguments: dict) -> tuple[str, ...]:
    """The names of the arguments whose copies the function changed in place."""
    return tuple(name for name, value in case.items() if not _unchanged(value, arguments[name]))


def _unchanged(original, now) -> bool:
    if isinstance(original, np.ndarray):
        return (
            type(now) is np.ndarray
            and now.shape == original.shape
            and now.dtype == original.dtype
            and bool(np.array_equal(now, original))
        )
    if isinstance(original, list):
        return type(now) is list and len(now) == len(original) and all(map(_unchanged, original, now))
    return True  # numbers and functions cannot be changed in place


def learner_line(error: BaseException) -> str:
    """``line 3 of hidden_delta: return weights_next @ delta_next``: the last line of the traceback outside bplib
    and numpy, which is the learner's own line; empty when there is none."""
    try:
        frames = traceback.extract_tb(error.__traceback__)[1:]  # [0] is ``call`` itself
        own = [f for f in frames if not str(Path(f.filename).resolve()).startswith(LIBRARY_FOLDERS)]
        if not own:
            return ""
        frame = own[-1]
        return f"line {frame.lineno} of {frame.name}: {safe_text((frame.line or '').strip(), 120)}".rstrip(": ")
    except LET_THROUGH:
        raise
    except BaseException:
        return ""


def parameter_names(learner) -> tuple[str, ...] | None:
    """The names of the function's parameters, or None when they cannot be read (a builtin, an odd callable)."""
    try:
        return tuple(inspect.signature(learner).parameters)
    except LET_THROUGH:
        raise
    except BaseException:
        return None


def accepts(learner, names) -> bool:
    """Whether the function can be called with these arguments by name (True when that cannot be told)."""
    try:
        signature = inspect.signature(learner)
    except LET_THROUGH:
        raise
    except BaseException:
        return True
    try:
        signature.bind(**dict.fromkeys(names))
    except TypeError:
        return False
    return True


class BackpropCalls:
    """While active (``with BackpropCalls(learner) as calls:``), ``bplib.backprop`` counts its calls: ``samples``
    holds, for each call, ``(case, how many samples its x held)``, where ``case`` is whatever the caller last set
    ``calls.case`` to. Names in the learner's module bound to ``bplib.backprop`` (``from bplib import backprop``)
    count too; calls from other threads (a training view running in the background) do not."""

    def __init__(self, learner) -> None:
        self.case = 0
        self.samples: list[tuple[int, int]] = []
        self._original = bplib.backprop
        self._namespace = getattr(learner, "__globals__", None)
        if not isinstance(self._namespace, dict):
            self._namespace = {}
        self._names = [name for name, value in list(self._namespace.items()) if value is self._original]

    def __enter__(self) -> BackpropCalls:
        original, samples, checking = self._original, self.samples, threading.get_ident()

        def backprop(weights, biases, x, y, *args, **kwargs):
            if threading.get_ident() == checking:
                samples.append((self.case, len(x) if np.ndim(x) == 2 else 1))
            return original(weights, biases, x, y, *args, **kwargs)

        backprop.__doc__, backprop.__wrapped__ = original.__doc__, original
        bplib.backprop = backprop
        for name in self._names:
            self._namespace[name] = backprop
        return self

    def __exit__(self, *exc) -> None:
        bplib.backprop = self._original
        for name in self._names:
            self._namespace[name] = self._original

    def first_batch(self) -> tuple[int, int] | None:
        """``(case, samples)`` of the first call that got more than one sample at once, or None."""
        return next(((case, n) for case, n in self.samples if n > 1), None)
