"""How an answer is judged, in one place: run the learner's function on fresh cases under a time limit, read
what it returns, then judge it in this order:

1. not done yet (the template's ``...``, NotImplementedError, nothing returned and nothing changed);
2. a rule of the exercise broken (a whole batch passed where one sample is asked for);
3. right on every case (to ``Exercise.tolerance``), then confirmed against nudging;
4. a named mistake (one of ``Exercise.mistakes``), then float32 numbers, then a nudged slope;
5. otherwise the first case that went wrong: raised or timed out, wrong structure, NaN or infinity, values.

A check never raises and always returns: whatever the learner's code raises (even SystemExit) or returns
becomes a verdict, the time limit stays armed until every bit of the learner's code has run (its exception's
``__str__``, its answer's ``__array__`` or ``__del__``), and a function that calls a checker is told so. Only
the kernel's interrupt (KeyboardInterrupt) goes through, so the stop button works.
"""

from __future__ import annotations

import inspect
import math
import numbers
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import messages as text

TIME_LIMIT = 3.0  # seconds per case: far more than any answer needs on the checkers' small cases
LONGEST_LIMIT = 1e6  # seconds: a longer limit is this one (the alarm clock cannot count to 1e300)
REPEAT = 0.05  # seconds between further alarms, for code that swallows the first one
TOLERANCE = 1e-12  # relative error: backprop in any style lands below 1e-14, nudging near 1e-10
NUDGED_TOLERANCE = 1e-7  # an answer this close to the checker's own nudges is a nudge (theirs differ ~1e-10)
LOW_PRECISION_TOLERANCE = 1e-3  # a float32 answer is this close to the reference when only its precision is off
MAX_DEPTH = 8  # lists nested deeper than any answer here (and a list that contains itself) stop here
LONGEST_TEXT = 300  # characters of an exception's message shown
MARKS = {"correct": "✔", "not done": "…", "known mistake": "✘", "wrong": "✘", "error": "✘"}
ENGINE = __file__
_checks_running: list[str] = []  # the exercises being checked now; more than one: the learner called a checker


class TimeUp(BaseException):
    """Raised in the learner's code when a case runs past its time limit (not an Exception, so that
    ``except Exception`` does not swallow it). Raising it from the tracer switches the tracer off, so one that
    the learner's code catches and lets go switches it on again: the next line raises again, one loop further out."""

    def __del__(self):
        if self.args and self.args[0].armed:
            self.args[0].trace(sys._getframe(1))


@dataclass
class Verdict:
    """The outcome of one check, shown as its text by IPython.

    ``status``: "correct", "not done", "known mistake", "wrong" or "error". ``kind`` says what happened: "correct",
    "not done", "mistake" (``mistake`` names it: a named mistake, "nudged", "whole batch", "calls the checker"),
    "float32", "in place", "no return", "structure", "not finite", "values", "raised", "timeout", "parameter
    names", "not callable" or "bad argument". ``where`` names the part at fault (``weight_grads[1]``), ``case``
    the case (from 1); ``error`` is the largest relative error from the reference; ``measured`` holds the numbers
    of a right answer's confirmation (``nudge_error``)."""

    exercise: str
    status: str
    message: str
    kind: str
    mistake: str | None = None
    where: str | None = None
    case: int | None = None
    error: float = math.nan
    measured: dict[str, float] = field(default_factory=dict)
    details: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return self.status == "correct"

    def __str__(self) -> str:
        return "\n".join([f"{MARKS[self.status]} {self.exercise}: {self.message}", *self.details])

    def _repr_pretty_(self, printer, cycle) -> None:  # how IPython shows a verdict left as a cell's last value
        printer.text(str(self))


@dataclass(frozen=True)
class Mistake:
    """A known wrong answer: ``compute(**case)`` gives what it gives (raising where it cannot be made, as numpy
    does for a W that does not fit); ``explain`` says what it is and where the notebooks cover it."""

    name: str
    compute: Callable[..., object]
    explain: str


@dataclass(frozen=True)
class Exercise:
    """One exercise: ``make_cases(seed)`` gives dicts of arguments, passed by name (keys starting with ``_`` are
    kept from the learner: what the checker needs to know about a case); ``parts`` names a multi-array answer's
    parts; ``shape_hint`` follows a wrong shape; ``nudged(case)`` is the answer by centred nudges, named as a
    mistake and the confirmation of a right answer with the sentence ``confirm`` (placeholder ``error``), or
    ``confirm(cases, answers)`` gives the sentence and its numbers; ``batch_calls(case)`` the sizes of the
    batches passed where one sample is asked for."""

    name: str
    title: str
    make_cases: Callable[[int], list[dict]]
    reference: Callable[..., object]
    mistakes: Sequence[Mistake] = ()
    parts: tuple[str, ...] = ()
    shape_hint: str = ""
    nudged: Callable[[dict], object] | None = None
    confirm: str | Callable[[list[dict], list], tuple[str, dict[str, float]]] | None = None
    tolerance: float = TOLERANCE
    batch_calls: Callable[[dict], list[int]] | None = None


@dataclass(frozen=True)
class Problem:
    """Where an answer is not what was asked for: ``where`` names the part (empty while the answer is being read),
    ``message`` says what."""

    where: str
    message: str
    params: dict = field(default_factory=dict)

    def sentence(self) -> str:
        return text.say(self.message, where=self.where, **self.params)


@dataclass
class Outcome:
    """What one call did: ``kind`` is "answer" (``answer`` holds it read, ``problem`` its structure's fault),
    "not done", "none" (nothing returned), "raised", "timeout" or "calls the checker"."""

    kind: str
    answer: object = None  # float64 arrays, in tuples as the reference's parts
    problem: Problem | None = None
    low_precision: bool = False
    error: str = ""
    line: str = ""
    changed: tuple[str, ...] = ()


# --- checking ------------------------------------------------------------------------------------------------


def check(exercise: Exercise, learner, seed=0, time_limit=TIME_LIMIT) -> Verdict:
    """Judge ``learner`` on the exercise's cases for ``seed``, with ``time_limit`` seconds per case (None for no
    limit); never raises but for the kernel's interrupt."""
    refusal = _refusal(exercise, learner, seed, time_limit)
    if refusal is not None:
        return refusal
    if _checks_running:  # the learner's function called this checker: stop the regress here
        _checks_running.append(exercise.name)
        return _verdict(exercise, "error", "mistake", text.say(text.CALLS_CHECKER), mistake="calls the checker")
    _checks_running.append(exercise.name)
    try:
        with np.errstate(all="ignore"):  # the cases' 0 / 0 and overflows are for the verdict to tell, not warnings
            return _judge(exercise, learner, int(seed), None if time_limit is None else float(time_limit))
    except TimeUp:  # an alarm that arrived just as the learner's code ended
        return _verdict(exercise, "error", "timeout", text.say(text.TIMEOUT_LATE, seconds=time_limit))
    finally:
        _checks_running.clear()


def _refusal(exercise: Exercise, learner, seed, time_limit) -> Verdict | None:
    if not isinstance(seed, (int, np.integer)) or isinstance(seed, bool) or seed < 0:
        return _verdict(exercise, "error", "bad argument", text.say(text.BAD_SEED, got=_shown(seed, repr, 60)))
    if time_limit is not None and not (_is_real(time_limit) and math.isfinite(time_limit) and time_limit > 0):
        message = text.say(text.BAD_TIME_LIMIT, got=_shown(time_limit, repr, 60))
        return _verdict(exercise, "error", "bad argument", message)
    if not callable(learner):
        message = text.say(text.NOT_CALLABLE, name=exercise.name, type=type(learner).__name__)
        return _verdict(exercise, "error", "not callable", message)
    return None


def _judge(exercise: Exercise, learner, seed: int, seconds: float | None) -> Verdict:
    cases = exercise.make_cases(seed)
    expected = [_plain(exercise.reference(**case)) for case in cases]
    names = [name for name in cases[0] if not name.startswith("_")]
    refused = _limited(seconds, lambda: _refused_names(learner, names))
    if refused is TimeUp:
        return _verdict(exercise, "error", "timeout", text.say(text.TIMEOUT_LATE, seconds=seconds))
    if refused is not None:
        message = text.say(text.PARAMETER_NAMES, got=", ".join(refused), expected=", ".join(names))
        return _verdict(exercise, "error", "parameter names", message)
    outcomes: list[Outcome] = []
    for case, wanted in zip(cases, expected):
        outcomes.append(_run(learner, case, wanted, exercise.parts, seconds))
        if outcomes[-1].kind != "answer" or len(_checks_running) > 1:
            break
    if len(_checks_running) > 1:
        return _verdict(exercise, "error", "mistake", text.say(text.CALLS_CHECKER), mistake="calls the checker")
    first = outcomes[0]
    if first.kind == "not done" or (first.kind == "none" and not first.changed):
        message = text.say(text.NOT_DONE if first.kind == "not done" else text.RETURNS_NOTHING)
        return _verdict(exercise, "not done", "not done", message)
    batch = _first_batch(exercise, cases[: len(outcomes)])
    if batch is not None:
        message = text.say(text.WHOLE_BATCH, case=batch[0], samples=batch[1])
        return _verdict(exercise, "known mistake", "mistake", message, mistake="whole batch", case=batch[0])
    answered = [o for o in outcomes if o.kind == "answer" and o.problem is None]
    errors = [_error(o.answer, e) for o, e in zip(answered, expected)]
    if len(answered) == len(cases) and max(errors) <= exercise.tolerance:
        return _correct(exercise, cases, [o.answer for o in answered], max(errors))
    for mistake in exercise.mistakes:
        if _makes(lambda case, m=mistake: m.compute(**case), cases, outcomes, exercise.tolerance):
            return _verdict(exercise, "known mistake", "mistake", text.say(mistake.explain), mistake=mistake.name)
    complete = len(answered) == len(cases)
    if complete and any(o.low_precision for o in outcomes) and max(errors) <= LOW_PRECISION_TOLERANCE:
        return _verdict(exercise, "wrong", "float32", text.say(text.FLOAT32, error=max(errors)), error=max(errors))
    if complete and exercise.nudged is not None and _makes(exercise.nudged, cases, outcomes, NUDGED_TOLERANCE):
        message = text.say(text.NUDGED, error=max(errors))
        return _verdict(exercise, "known mistake", "mistake", message, mistake="nudged", error=max(errors))
    return _first_wrong_case(exercise, cases, outcomes, expected, seconds)


def _correct(exercise: Exercise, cases: list[dict], answers: list, error: float) -> Verdict:
    sentences, measured = [text.say_count(text.CORRECT, len(cases))], {}
    if callable(exercise.confirm):
        sentence, measured = exercise.confirm(cases, answers)
        sentences.append(sentence)
    elif exercise.confirm is not None and exercise.nudged is not None:
        nudge_error = max(_error(a, _plain(exercise.nudged(c))) for a, c in zip(answers, cases))
        sentences.append(text.say(exercise.confirm, error=nudge_error))
        measured = {"nudge_error": nudge_error}
    return _verdict(exercise, "correct", "correct", " ".join(sentences), error=error, measured=measured)


def _makes(compute: Callable[[dict], object], cases, outcomes: list[Outcome], tolerance: float) -> bool:
    """Whether the learner's answers are ``compute``'s on every case run: equal (to ``tolerance``, or to the
    float32 tolerance for float32 answers) where it answered, unable to answer where it raised."""
    answered = 0
    for case, outcome in zip(cases, outcomes):
        try:
            wrong = _plain(compute(case))
        except Exception:  # the mistake cannot be made on this case (shapes that do not fit)
            wrong = None
        if outcome.kind == "answer":
            got = None if wrong is None else _conform(outcome.answer, wrong, "")
            limit = LOW_PRECISION_TOLERANCE if outcome.low_precision else tolerance
            if got is None or isinstance(got, Problem) or not _error(got, wrong) <= limit:
                return False
            answered += 1
        elif outcome.kind != "raised" or wrong is not None:
            return False
    return answered > 0


def _first_batch(exercise: Exercise, cases: list[dict]) -> tuple[int, int] | None:
    """(case, samples) of the first call that got a whole batch where one sample is asked for."""
    if exercise.batch_calls is None:
        return None
    return next(((n + 1, s) for n, c in enumerate(cases) for s in exercise.batch_calls(c) if s > 1), None)


def _first_wrong_case(exercise: Exercise, cases, outcomes: list[Outcome], expected, seconds) -> Verdict:
    for n, (case, outcome, wanted) in enumerate(zip(cases, outcomes, expected)):
        shown = [_describe_case(case, n + 1, len(cases))]
        if outcome.kind == "answer" and outcome.problem is not None:
            problem = outcome.problem
            sentences = [problem.sentence()]
            if exercise.shape_hint and problem.message in (text.WRONG_KIND, text.EXTRA_AXIS):
                sentences.append(text.say(exercise.shape_hint))
            return _verdict(exercise, "wrong", "structure", " ".join(sentences), where=problem.where, case=n + 1,
                            details=shown)
        if outcome.kind == "answer":
            labels = _labels(wanted, text.say(text.YOUR_ANSWER), exercise.parts)
            pairs = list(zip(labels, _leaves(outcome.answer), _leaves(wanted)))
            if all(_gap(g, e) <= exercise.tolerance for _, g, e in pairs):
                continue
            return _wrong_values(exercise, n + 1, pairs, shown)
        return _no_answer(exercise, n + 1, outcome, seconds, shown)
    raise AssertionError("a wrong answer with no wrong case")  # unreachable: _judge found one not close


def _no_answer(exercise: Exercise, case: int, outcome: Outcome, seconds, shown: list[str]) -> Verdict:
    if outcome.kind == "none" and outcome.changed:
        message = text.say(text.IN_PLACE, names=", ".join(outcome.changed))
        return _verdict(exercise, "wrong", "in place", message, case=case)
    if outcome.kind == "none":
        return _verdict(exercise, "wrong", "no return", text.say(text.NO_RETURN, case=case), case=case)
    if outcome.kind == "not done":
        return _verdict(exercise, "not done", "not done", text.say(text.NOT_DONE), case=case)
    if outcome.kind == "timeout":
        message = text.say(text.TIMEOUT, case=case, seconds=seconds)
        return _verdict(exercise, "error", "timeout", message, case=case, details=shown)
    if outcome.line:
        shown.append(text.say(text.RAISED_AT, line=outcome.line))
    message = text.say(text.RAISED, case=case, error=outcome.error)
    return _verdict(exercise, "error", "raised", message, case=case, details=shown)


def _wrong_values(exercise: Exercise, case: int, pairs: list, shown: list[str]) -> Verdict:
    gaps = [_gap(g, e) for _, g, e in pairs]
    wrong = [n for n, g in enumerate(gaps) if not g <= exercise.tolerance]
    label, got, wanted = pairs[wrong[0]]
    if not np.all(np.isfinite(got) | np.isnan(wanted)):
        message = text.NOT_FINITE_NAN if np.isnan(got).any() else text.NOT_FINITE_INF
        return _verdict(exercise, "wrong", "not finite", text.say(message, where=label, case=case), where=label,
                        case=case, details=shown)
    if len(pairs) == 1:
        message = text.say(text.VALUES_DIFFER, case=case)
    else:
        labels = ", ".join(pairs[n][0] for n in wrong)
        message = text.say_count(text.ARRAYS_DIFFER, len(wrong), total=len(pairs), case=case, labels=labels)
        for (name, _, _), g in zip(pairs, gaps):
            shown.append(text.say(text.ARRAY_OK if g <= exercise.tolerance else text.ARRAY_DIFFERS, where=name,
                                  error=g))
        shown.append(text.say(text.ARRAY_SHOWN, where=label))
    shown.append(text.say(text.EXPECTED_GOT, **_digits_apart(wanted, got)))
    return _verdict(exercise, "wrong", "values", message, where=label, case=case, error=max(gaps), details=shown)


def _verdict(exercise: Exercise, status: str, kind: str, message: str, **fields) -> Verdict:
    return Verdict(text.say(exercise.title), status, message, kind, **fields)


# --- running the learner's code ------------------------------------------------------------------------------


def _run(learner, case: dict, expected, parts: tuple[str, ...], seconds: float | None) -> Outcome:
    """``learner`` on fresh copies of the case's arguments, under the time limit: an ``Outcome`` whatever it does."""
    arguments = {name: _fresh(value) for name, value in case.items() if not name.startswith("_")}
    outcome = _limited(seconds, lambda: _call(learner, arguments, case, expected, parts))
    return Outcome("timeout") if outcome is TimeUp else outcome


def _call(learner, arguments: dict, case: dict, expected, parts) -> Outcome:
    """The call, its answer read, its exception described, and its objects let go (their ``__del__`` runs), all
    under the caller's time limit."""
    returned = None
    try:
        returned = learner(**arguments)
        return _outcome(returned, case, arguments, expected, parts)
    except NotImplementedError:
        return Outcome("not done")
    except (KeyboardInterrupt, TimeUp):
        raise
    except BaseException as error:  # the learner's bug, even SystemExit, becomes a verdict
        outcome = Outcome("raised", error=_describe_error(error), line=_learner_line(error))
        error.__traceback__ = None  # its frames, and their objects, go now
        return outcome
    finally:
        returned = None
        arguments.clear()


def _outcome(returned, case: dict, arguments: dict, expected, parts) -> Outcome:
    if returned is Ellipsis:
        return Outcome("not done")
    if returned is None:
        return Outcome("none", changed=tuple(n for n, v in arguments.items() if not _same(case[n], v)))
    low: list[bool] = []
    answer = _read(returned, low)
    conformed = _conform(answer, expected, text.say(text.YOUR_ANSWER), parts)
    if isinstance(conformed, Problem):
        return Outcome("answer", answer, conformed)
    return Outcome("answer", conformed, low_precision=any(low))


def _limited(seconds: float | None, work: Callable[[], object]) -> object:
    """``work()`` under a time limit of ``seconds``: its result, or ``TimeUp`` (the class) when the limit fired."""
    limit = TimeLimit(seconds)
    try:
        limit.start()
        result = work()
    except TimeUp:
        limit.armed = False  # first, and without a call: from here on no TimeUp is started
        result = TimeUp
    finally:
        limit.armed = False
        while limit.running:
            try:
                limit.stop()
            except TimeUp:  # one left pending, arriving as stop() begins: stop again
                pass
    return TimeUp if limit.fired else result


class TimeLimit:
    """After ``start()``, raises ``TimeUp`` in the running code once ``seconds`` have passed, and again and again
    until ``stop()``; code that catches ``TimeUp`` gets it again on its next line. ``stop()`` gives back the
    previous SIGALRM handler, timer and tracer. Only on POSIX in the main thread (SIGALRM); elsewhere, or with
    ``seconds=None``, there is no limit."""

    def __init__(self, seconds: float | None) -> None:
        main = threading.current_thread() is threading.main_thread()
        self.seconds = min(seconds, LONGEST_LIMIT) if seconds and hasattr(signal, "setitimer") and main else None
        self.armed = self.fired = self.running = False

    def start(self) -> None:
        if self.seconds is not None:
            self._saved = (signal.signal(signal.SIGALRM, self._ring), sys.gettrace(), sys.getprofile(),
                           sys.unraisablehook)
            self._timer = (time.monotonic(), *signal.setitimer(signal.ITIMER_REAL, self.seconds, REPEAT))
            sys.unraisablehook = _ignore  # a __del__ stopped by the limit is no news
            self.armed = self.running = True

    def stop(self) -> None:
        self.armed = False  # an alarm arriving from now on is ignored (a TimeUp pending arrives in the caller's loop)
        signal.setitimer(signal.ITIMER_REAL, 0)
        handler, tracer, profiler, sys.unraisablehook = self._saved
        if self.fired:
            sys.settrace(tracer)
            sys.setprofile(profiler)
        signal.signal(signal.SIGALRM, handler)
        started, delay, interval = self._timer
        if delay > 0:  # someone else's timer was running: give it back what is left of it
            signal.setitimer(signal.ITIMER_REAL, max(delay - (time.monotonic() - started), 1e-3), interval)
        self.running = False

    def _ring(self, signum, frame) -> None:
        if not self.armed:
            return
        self.fired = True
        self.trace(frame)
        raise TimeUp(self)

    def trace(self, frame) -> None:
        """Trace the learner's frames from ``frame`` up, and every call it makes (its calls set the tracer again)."""
        while frame is not None and frame.f_code.co_filename != ENGINE:
            frame.f_trace, frame = self._trace, frame.f_back
        sys.settrace(self._trace)
        sys.setprofile(self._retrace)

    def _retrace(self, frame, event, arg) -> None:
        if self.armed:
            self.trace(frame)

    def _trace(self, frame, event, arg):
        """After the alarm, every line of the learner's code raises TimeUp again."""
        if self.armed and event == "line" and frame.f_code.co_filename != ENGINE:
            raise TimeUp(self)
        return self._trace


def _ignore(unraisable) -> None:
    pass


def _refused_names(learner, names: list[str]) -> list[str] | None:
    """The learner's parameter names when they cannot take these arguments by name; None when they can, or when
    its signature cannot be read or bound for another reason (a builtin, a hostile ``__signature__``): the call
    will tell."""
    try:
        signature = inspect.signature(learner)
        try:
            signature.bind(**dict.fromkeys(names))
        except TypeError:
            return [str(name) for name in signature.parameters]
    except (KeyboardInterrupt, TimeUp):
        raise
    except BaseException:
        return None
    return None


def _fresh(value):
    """A copy for one call, so that a function that changes its arguments cannot spoil the next case."""
    if isinstance(value, np.ndarray):
        return value.copy()
    return [_fresh(v) for v in value] if type(value) is list else value


def _same(original, now) -> bool:
    """Whether the learner left an argument (an array, or a list of arrays or numbers) as it got it."""
    if isinstance(original, np.ndarray):
        return type(now) is np.ndarray and now.shape == original.shape and bool(np.array_equal(now, original))
    if type(original) is list:
        return type(now) is list and len(now) == len(original) and all(map(_same, original, now))
    return type(now) is type(original) and (now == original if isinstance(original, float) else True)


def _describe_error(error: BaseException) -> str:
    message = _shown(error, str, LONGEST_TEXT)
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


def _learner_line(error: BaseException) -> str:
    """``line 3 of hidden_delta: return weights_next @ delta_next``: the last line of the traceback in the
    learner's own code (not bplib's, numpy's or Python's); empty when there is none."""
    libraries = tuple(str(Path(m.__file__).resolve().parent) for m in (np, inspect, sys.modules["bplib"]))
    frames = [f for f in traceback.extract_tb(error.__traceback__) if not f.filename.startswith(libraries)]
    if not frames:
        return ""
    line = _shown((frames[-1].line or "").strip(), str, 120)
    return f"line {frames[-1].lineno} of {frames[-1].name}: {line}".rstrip(": ")


def _shown(value, show: Callable[[object], str], limit: int) -> str:
    """``show(value)`` (``str`` or ``repr``), shortened, or a placeholder when showing it raises."""
    try:
        shown = show(value)
    except (KeyboardInterrupt, TimeUp):
        raise
    except BaseException:
        return "<cannot be shown>"
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


# --- reading an answer, and comparing -------------------------------------------------------------------------


def _read(value, low: list[bool], depth: int = 0):
    """The answer as a float64 array (a list of numbers as a vector), a tuple of readings, or a ``Problem`` (its
    ``where`` still empty) saying what it is instead; ``low`` gets True for float16 or float32 numbers."""
    try:
        return _read_value(value, low, depth)
    except (KeyboardInterrupt, TimeUp):
        raise
    except RecursionError:
        return Problem("", text.TOO_DEEP)
    except BaseException as error:  # a hostile __array__, __len__ or __iter__, even one raising SystemExit
        return Problem("", text.UNREADABLE, {"error": _describe_error(error)})


def _read_value(value, low: list[bool], depth: int):
    if depth > MAX_DEPTH:
        return Problem("", text.TOO_DEEP)
    odd = _not_numbers(value)
    if odd is not None:
        return odd
    if isinstance(value, (list, tuple)) or (isinstance(value, np.ndarray) and value.dtype == object):
        if isinstance(value, np.ndarray) and value.ndim == 0:
            return _read(value.item(), low, depth + 1)
        items = tuple(value)
        if items and all(isinstance(v, (float, int, np.floating, np.integer)) and _is_real(v) for v in items):
            try:  # a list of plain numbers: a vector, read at once
                low.append(any(isinstance(v, (np.float16, np.float32)) for v in items))
                return np.array(items, dtype=np.float64)
            except OverflowError:  # an int too large for a float: read one by one, to say which
                pass
        read = tuple(_read(v, low, depth + 1) for v in items)
        numbers_only = read and all(isinstance(r, np.ndarray) and r.ndim == 0 for r in read)
        return np.array(read) if numbers_only else read
    if isinstance(value, numbers.Integral) and not isinstance(value, np.integer):
        try:
            return np.array(float(value))
        except OverflowError:
            return Problem("", text.TOO_LARGE, {"example": _shown(value, repr, 30)})
    array = np.asarray(value)  # an array, a number, or an object with __array__
    kind = array.dtype.kind
    if kind in "fiu":
        low.append(array.dtype in (np.float16, np.float32))
        return np.array(array, dtype=np.float64)
    first = array.ravel()[0] if array.size else "[]"
    odd = {"b": Problem("", text.IS_BOOL), "c": Problem("", text.IS_COMPLEX, {"example": _shown(first, str, 40)})}
    if kind in "US":
        return Problem("", text.IS_TEXT, {"example": _shown(first.item() if array.size else first, repr, 60)})
    if kind == "O":
        return Problem("", text.NOT_NUMBERS, {"type": type(value).__name__})
    return odd.get(kind, Problem("", text.NOT_NUMBERS_ARRAY, {"dtype": str(array.dtype)}))


def _not_numbers(value) -> Problem | None:
    """The kinds of value that are never numbers, each with its own explanation."""
    if value is None or value is Ellipsis:
        return Problem("", text.IS_NONE if value is None else text.IS_ELLIPSIS)
    if isinstance(value, (bool, np.bool_)):
        return Problem("", text.IS_BOOL)
    if isinstance(value, (str, bytes)):
        return Problem("", text.IS_TEXT, {"example": _shown(value, repr, 60)})
    if isinstance(value, (complex, np.complexfloating)):
        return Problem("", text.IS_COMPLEX, {"example": _shown(value, str, 40)})
    kinds = ((dict, text.IS_DICT), ((set, frozenset), text.IS_SET), (Iterator, text.IS_ITERATOR))
    return next((Problem("", m, {"type": type(value).__name__}) for k, m in kinds if isinstance(value, k)), None)


def _is_real(value) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def _conform(got, expected, where: str, names: tuple[str, ...] = ()):
    """A reading laid over the structure of ``expected`` (an array, or a tuple of parts): the answer in that
    structure, or the first ``Problem``, naming where it is (``weight_grads[1]``)."""
    if isinstance(got, Problem):  # read as not numbers: say where
        return Problem(where, got.message, got.params)
    if isinstance(expected, tuple):
        rows = isinstance(got, np.ndarray) and got.ndim > 0  # a list of equal-shaped parts was read as one array
        items = tuple(got) if rows or isinstance(got, tuple) else None
        if items is None or len(items) != len(expected):
            return Problem(where, text.WRONG_KIND, {"got": _describe(got), "expected": _describe(expected, names)})
        parts = [_conform(g, e, names[n] if n < len(names) else f"{where}[{n}]") for n, (g, e) in
                 enumerate(zip(items, expected))]
        return next((p for p in parts if isinstance(p, Problem)), tuple(parts))
    if isinstance(got, tuple):  # a list where an array is asked for: its items as rows, if they are numbers
        stacked = _stacked(got)
        if stacked is None:
            unread = _first_unread(got, where)
            if unread is not None:
                return unread
            lengths = ", ".join(str(len(g) if isinstance(g, tuple) else np.atleast_1d(g).shape[0]) for g in got)
            return Problem(where, text.RAGGED, {"lengths": lengths})
        got = stacked
    if got.shape == expected.shape:
        return got
    if expected.shape == () and got.shape == (1,):
        return Problem(where, text.ONE_NUMBER_IN_AN_ARRAY, {"value": f"{got[0]:.6g}"})
    if [n for n in got.shape if n != 1] == [n for n in expected.shape if n != 1] and got.ndim > expected.ndim:
        return Problem(where, text.EXTRA_AXIS, {"got": got.shape, "expected": expected.shape})
    return Problem(where, text.WRONG_KIND, {"got": _describe(got), "expected": _describe(expected)})


def _stacked(reading) -> np.ndarray | None:
    """A reading as one array: a list of equal-shaped arrays stacked; None if ragged or not all numbers."""
    if not isinstance(reading, tuple):
        return reading if isinstance(reading, np.ndarray) else None
    rows = [_stacked(r) for r in reading]
    if not rows or any(r is None for r in rows) or len({r.shape for r in rows}) > 1:
        return np.zeros(0) if not rows else None
    return np.stack(rows)


def _first_unread(reading, where: str) -> Problem | None:
    if isinstance(reading, Problem):
        return Problem(where, reading.message, reading.params)
    if not isinstance(reading, tuple):
        return None
    return next((p for n, r in enumerate(reading) if (p := _first_unread(r, f"{where}[{n}]"))), None)


def _describe(reading, names: tuple[str, ...] = ()) -> str:
    """What a reading is, in words: "a number", "a vector of 3 numbers", "a pair (bias_grads, weight_grads)"."""
    if isinstance(reading, np.ndarray):
        shape = reading.shape
        if len(shape) < 2:
            return text.say(text.A_NUMBER) if not shape else text.say_count(text.A_VECTOR, shape[0])
        return text.say(text.A_MATRIX if len(shape) == 2 else text.AN_ARRAY, shape=shape)
    if isinstance(reading, tuple) and names and len(names) == len(reading):
        return text.say(text.NAMED_PARTS, names=", ".join(names))
    if isinstance(reading, tuple):
        arrays = reading and all(isinstance(r, np.ndarray) and r.ndim for r in reading)
        return text.say_count(text.A_LIST_OF_ARRAYS if arrays else text.A_LIST, len(reading))
    return text.say(text.SOMETHING_ELSE)


def _plain(value):
    """One of the checker's own answers as float64 arrays in tuples, like a conformed reading."""
    return tuple(map(_plain, value)) if isinstance(value, (list, tuple)) else np.asarray(value, dtype=np.float64)


def _leaves(tree) -> list[np.ndarray]:
    return [leaf for part in tree for leaf in _leaves(part)] if isinstance(tree, tuple) else [tree]


def _labels(tree, where: str, names: tuple[str, ...] = ()) -> list[str]:
    if not isinstance(tree, tuple):
        return [where]
    return [l for n, part in enumerate(tree) for l in _labels(part, names[n] if n < len(names) else f"{where}[{n}]")]


def _error(answer, expected) -> float:
    return max(map(_gap, _leaves(answer), _leaves(expected)), default=0.0)


def _gap(got: np.ndarray, expected: np.ndarray) -> float:
    """max |got - expected| / max(1e-8, max(|got| + |expected|)), cs231n's relative error (``bplib.relative_error``);
    infinite where ``got`` holds NaN or infinity that ``expected`` does not (NaN where it has NaN is right)."""
    holes = np.isnan(expected)
    if not np.array_equal(np.isnan(got), holes) or np.isinf(got).any():
        return math.inf
    got, expected = got[~holes], expected[~holes]
    if got.size == 0:
        return 0.0
    value = float(np.max(np.abs(got - expected)) / max(1e-8, float(np.max(np.abs(got) + np.abs(expected)))))
    return value if math.isfinite(value) else math.inf


# --- showing numbers -----------------------------------------------------------------------------------------


def _digits_apart(expected: np.ndarray, got: np.ndarray) -> dict[str, str]:
    """``expected`` and ``got`` printed with the fewest digits (at least four) that make them differ on screen,
    later lines indented to follow the labels of ``messages.EXPECTED_GOT``."""
    for digits in range(4, 18):
        shown = [np.array2string(a, precision=digits, floatmode="maxprec", max_line_width=110, separator=", ",
                                 prefix=" " * 11) for a in (expected, got)]
        if shown[0] != shown[1] or digits == 17:
            return {"expected": shown[0], "got": shown[1]}
    raise AssertionError("unreachable")


def _describe_case(case: dict, number: int, total: int) -> str:
    """``  case 2 of 4: delta_next = [0.1, -0.3]; weights_next: a matrix of shape (2, 3); z = [...]``."""
    return text.say(text.CASE, number=number, total=total,
                    arguments="; ".join(_describe_argument(n, v) for n, v in case.items() if not n.startswith("_")))


def _describe_argument(name: str, value) -> str:
    if callable(value):
        return text.say(text.ARGUMENT_FUNCTION, name=name)
    if _is_real(value):
        return f"{name} = {float(value):.6g}"
    if isinstance(value, list) and value and isinstance(value[0], np.ndarray):
        shapes = ", ".join(str(v.shape) for v in value)
        return text.say_count(text.ARGUMENT_ARRAYS, len(value), name=name, shapes=shapes)
    array = np.asarray(value, dtype=np.float64)
    if array.ndim == 1 and array.size <= 6:
        return f"{name} = {np.array2string(array, precision=4, floatmode='maxprec', separator=', ')}"
    if array.ndim == 1:
        return text.say_count(text.ARGUMENT_VECTOR, array.size, name=name)
    return text.say(text.ARGUMENT_MATRIX, name=name, shape=array.shape)
