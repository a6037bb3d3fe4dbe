"""A loop run in a background thread, so a widget's kernel stays free to hear a Stop button meanwhile.

``BackgroundRun(step, on_end)`` calls ``step()`` again and again in a daemon thread until it returns a false value,
``stop()`` is called, or it raises. Whatever ends the run, ``on_end(ending)`` is called once, in that
thread, with the reason; an exception, even ``SystemExit``, is caught and handed over there instead of being
lost in ``threading.excepthook``. ``stop()`` waits for the thread, so when it returns nothing runs.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import NamedTuple


class Ending(NamedTuple):
    """Why a run ended: ``"finished"`` (``step`` returned False), ``"stopped"``, or ``"failed"`` (``error``)."""

    reason: str
    error: BaseException | None = None


class BackgroundRun:
    """Run ``step()`` repeatedly in a thread named ``name``; ``on_end(Ending)`` is called when the run ends."""

    def __init__(self, step: Callable[[], bool], on_end: Callable[[Ending], None], name: str = "bplib-run"):
        if not callable(step) or not callable(on_end):
            raise TypeError(f"step and on_end must be callable, got {type(step).__name__} and {type(on_end).__name__}")
        self.step, self.on_end, self.name = step, on_end, name
        self.ending: Ending | None = None  # the last run's, once it has ended
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    @property
    def stop_requested(self) -> bool:
        """True from ``stop()`` until the next ``start()``: a step may check it to skip slow work."""
        return self._stop.is_set()

    def start(self) -> bool:
        """Start a run; False (and nothing new) if one is running already."""
        if self.running:
            return False
        self._stop.clear()
        self.ending = None
        self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
        self._thread.start()
        return True

    def stop(self) -> None:
        """Ask the run to stop after its current step and wait until it has ended (``on_end`` included).

        Called from inside the run (from ``step`` or ``on_end``), it only asks: a thread cannot wait for itself.
        """
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join()

    def join(self, timeout: float | None = None) -> bool:
        """Wait for the run to end by itself (at most ``timeout`` seconds); True if nothing runs any more."""
        if self._thread is not None:
            self._thread.join(timeout)
        return not self.running

    def _run(self) -> None:
        finished = False
        try:
            while not self._stop.is_set() and not finished:
                finished = not self.step()
            ending = Ending("finished" if finished else "stopped")
        except BaseException as error:  # noqa: BLE001 - a thread has nobody else to tell
            ending = Ending("failed", error)
        self.ending = ending
        try:
            self.on_end(ending)
        except BaseException as error:  # noqa: BLE001 - kept, not lost: the run failed after all
            self.ending = Ending("failed", error)
