"""Running the learner's code in a forked copy of the kernel, so that whatever it does ends with the copy.

``results(work, seconds, decode, going_on)`` runs ``work(send)`` in the copy, which is in a process group of its
own; each ``send(result)`` reaches the kernel as a message on a pipe (a kind, a length, the bytes), and so does
what the learner prints, which the kernel prints. The copy, and all it started, is stopped when a result has not
come within ``seconds`` of the one before, when the results wanted have come, or when the kernel ends. What the
copy sends is the learner's to forge: the kernel reads it within the time, and ``decode`` checks each result.
"""

from __future__ import annotations

import codecs
import contextlib
import ctypes
import faulthandler
import io
import os
import pickle
import select
import signal
import sys
import threading
import time
import warnings
from collections.abc import Callable

LONGEST_LIMIT = 1e6  # seconds: a longer limit is this one (a wait cannot count to 1e300)
PIECE = getattr(select, "PIPE_BUF", 512) - 5  # bytes: what the learner prints is sent in pieces that fit, with
# their kind and length, in one write a pipe keeps whole (so that processes the learner forks cannot mix them up)
LARGEST_MESSAGE = 1 << 28  # bytes: a longer message from the copy is none of the engine's
PR_SET_PDEATHSIG = 1  # Linux's prctl option: a signal sent to the process when its parent ends
TIME_UP, ENDED = "time up", "ended"  # what stands for a result that did not come
STREAMS = {b"o": "stdout", b"e": "stderr"}
warnings.filterwarnings(  # Python 3.12's warning on every fork beside threads: the copy runs only the learner's code
    "ignore", message=r".*use of fork\(\) may lead to deadlocks", category=DeprecationWarning)
_in_a_copy = False  # True in the copy: any check there is called by the learner's code


def in_a_copy() -> bool:
    """Whether this process is a copy of the kernel running the learner's code."""
    return _in_a_copy


def results(work: Callable[[Callable[[object], None]], None], seconds: float | None,
            decode: Callable[[bytes], object | None], going_on: Callable[[list], bool]) -> list | None:
    """What ``work(send)`` sends from a forked copy of this process, while ``going_on(results)``: each result as
    ``decode`` gives it from its pickle, or TIME_UP or ENDED (last) if it did not come in time or the copy ended or
    sent what does not decode. None where no copy can be made (no fork, or no memory or processes left for one)."""
    (incoming, outgoing), (heartbeat, lifeline) = os.pipe(), os.pipe()  # the kernel holds the lifeline
    open_ends, child = [incoming, outgoing, heartbeat, lifeline], -1
    try:
        if hasattr(os, "fork"):
            with contextlib.suppress(OSError):
                child = os.fork()
        if child == 0:
            _copy(work, outgoing, heartbeat, (incoming, lifeline))
        for end in (outgoing, heartbeat):  # the copy's: when it ends, the end of its messages is seen
            open_ends.remove(end)
            os.close(end)
        if child < 0:
            return None
        with contextlib.suppress(OSError):  # here too, so that the group exists before it is stopped
            os.setpgid(child, child)
        return _received(incoming, seconds, decode, going_on)
    finally:
        for end in open_ends:
            os.close(end)
        if child > 0:
            _stop(child)


def _copy(work: Callable, outgoing: int, heartbeat: int, kernels: tuple[int, int]) -> None:
    """The forked copy: ``work`` run, each result it sends and what the learner prints sent on ``outgoing``; then
    the copy ends, the learner's objects and threads with it. It ends too when the kernel does (``heartbeat``
    then reads its end), so that a restarted kernel leaves no copy running."""
    lock = threading.Lock()  # the learner's threads may print while a result is sent

    def send(kind: bytes, payload: bytes) -> None:
        with lock:
            data = kind + len(payload).to_bytes(4, "big") + payload
            while data:
                data = data[os.write(outgoing, data):]

    global _in_a_copy
    try:
        _in_a_copy = True
        for end in kernels:
            os.close(end)
        threading.Thread(target=lambda: os.read(heartbeat, 1) or os._exit(0), daemon=True).start()
        with contextlib.suppress(Exception):  # Linux: ended by the system when the kernel ends (not on macOS)
            ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        with contextlib.suppress(OSError):  # a group of its own: the processes the learner starts are stopped with it
            os.setpgid(0, 0)
        sys.stdout, sys.stderr = (io.TextIOWrapper(_Relay(send, kind), encoding="utf-8", errors="backslashreplace",
                                                   line_buffering=True, write_through=True) for kind in STREAMS)
        sys.unraisablehook = lambda unraisable: None  # a __del__ that raises is the learner's own business
        faulthandler.disable()  # a crash is told in the verdict, not as a dump of the copy's threads
        work(lambda result: send(b"r", pickle.dumps(result, protocol=4)))
    except KeyboardInterrupt:  # raised in the copy: the kernel's too
        send(b"i", b"")
    finally:
        os._exit(0)  # no cleanup: whatever the learner's objects would still do


class _Relay(io.RawIOBase):
    """Under the copy's ``sys.stdout`` or ``sys.stderr``: the bytes written, sent to the kernel in pieces."""

    def __init__(self, send: Callable[[bytes, bytes], None], kind: bytes) -> None:
        super().__init__()
        self.send, self.kind = send, kind

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        data = bytes(data)
        for start in range(0, len(data), PIECE):
            self.send(self.kind, data[start:start + PIECE])
        return len(data)


def _received(incoming: int, seconds: float | None, decode: Callable, going_on: Callable[[list], bool]) -> list:
    """The results the copy sends, each within ``seconds`` of the one before; what it prints is printed here."""
    got: list = []
    buffer = bytearray()
    decoders = {kind: codecs.getincrementaldecoder("utf-8")("replace") for kind in STREAMS}
    while going_on(got):
        ends = None if seconds is None else time.monotonic() + min(seconds, LONGEST_LIMIT)
        while (message := _next(incoming, buffer, ends)) and message[0] in STREAMS:
            stream = getattr(sys, STREAMS[message[0]])
            if stream is not None:
                stream.write(decoders[message[0]].decode(message[1]))
        if message and message[0] == b"i":
            raise KeyboardInterrupt
        result = decode(message[1]) if message and message[0] == b"r" else None
        if result is None:
            got.append(TIME_UP if ends is not None and time.monotonic() >= ends else ENDED)
            break
        got.append(result)
    return got


def _next(incoming: int, buffer: bytearray, ends: float | None) -> tuple[bytes, bytes] | None:
    """The copy's next message (kind, bytes); None if time is up (at ``ends``, even while it prints on), the copy
    has ended, or what it sent is no message."""
    if ends is not None and time.monotonic() >= ends:
        return None
    while len(buffer) < 5 or len(buffer) < 5 + int.from_bytes(buffer[1:5], "big"):
        wait = None if ends is None else ends - time.monotonic()
        if wait is not None and wait <= 0 or int.from_bytes(buffer[1:5], "big") > LARGEST_MESSAGE:
            return None
        if not select.select([incoming], [], [], wait)[0]:
            return None
        data = os.read(incoming, 1 << 20)
        if not data:
            return None
        buffer += data
    size = 5 + int.from_bytes(buffer[1:5], "big")
    message = bytes(buffer[:1]), bytes(buffer[5:size])
    del buffer[:size]
    return message


def _stop(child: int) -> None:
    """The copy and all it started killed (its process group), and reaped."""
    for kill in (os.killpg, os.kill):  # the copy itself too, if it left its group
        with contextlib.suppress(OSError):
            kill(child, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(child, 0)
