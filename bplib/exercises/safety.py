"""Keeping a check alive whatever the learner's code does: a time limit for code that never ends, and the
rule for exceptions (every one becomes a verdict, except the kernel's stop button).

The time limit uses ``SIGALRM`` (``signal.setitimer``), so it works on POSIX in the main thread, where a
notebook's cells run. Elsewhere (Windows, other threads) there is no limit, and the kernel's interrupt button
stops a function that never ends.
"""

from __future__ import annotations

import math
import signal
import threading
import time

TIME_LIMIT = 3.0  # seconds per case: far more than any answer needs on the checkers' small cases
REPEAT = 0.25  # seconds between further alarms, for code that swallows the first one (``except BaseException``)
LONGEST_TEXT = 300  # characters of an exception's message shown to the learner


class TimeUp(BaseException):
    """Raised inside the learner's code when a case runs past its time limit (a BaseException, so that a
    learner's ``except Exception`` does not swallow it)."""


# What a check must let through: the kernel's interrupt button, and its own time limit (handled by the caller).
LET_THROUGH = (KeyboardInterrupt, TimeUp)


def can_limit_time() -> bool:
    """Whether a ``TimeLimit`` can stop code here: POSIX, main thread."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


class TimeLimit:
    """Raise ``TimeUp`` in the running code once ``seconds`` have passed after ``start()``, and again every
    ``REPEAT`` seconds until ``stop()``. ``stop()`` restores the previous ``SIGALRM`` handler and timer; it may be
    called more than once, so a caller can call it again after catching a ``TimeUp`` that arrived just as the
    code ended. ``seconds=None`` (or no way to limit time here): no limit.
    """

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds if can_limit_time() else None
        self.armed = False
        self.fired = False
        self._previous = None

    def _ring(self, signum, frame) -> None:
        if self.armed:
            self.fired = True
            raise TimeUp

    def start(self) -> None:
        if self.seconds is None:
            return
        handler = signal.signal(signal.SIGALRM, self._ring)
        self.armed = True
        self._previous = (handler, time.monotonic(), *signal.setitimer(signal.ITIMER_REAL, self.seconds, REPEAT))

    def stop(self) -> None:
        self.armed = False  # first, so that an alarm arriving from now on is ignored
        if self._previous is None:
            return
        handler, started, delay, interval = self._previous
        self._previous = None
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, handler)
        if delay > 0:  # someone else's timer was running: give it back what is left of it
            signal.setitimer(signal.ITIMER_REAL, max(delay - (time.monotonic() - started), 1e-3), interval)


def safe_text(value, limit: int = LONGEST_TEXT) -> str:
    """``str(value)``, shortened, or a placeholder when even printing it fails."""
    try:
        text = str(value)
    except LET_THROUGH:
        raise
    except BaseException:  # an object whose __str__ raises (even SystemExit) must not break the check
        return "<cannot be shown: printing it raised an error>"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def safe_repr(value, limit: int = 60) -> str:
    """``repr(value)``, shortened, or a placeholder when it fails."""
    try:
        text = repr(value)
    except LET_THROUGH:
        raise
    except BaseException:
        return "<cannot be shown>"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def is_positive_time(value) -> bool:
    """Whether ``value`` is a usable time limit in seconds (a positive, finite real number)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) and value > 0
