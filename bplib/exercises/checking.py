"""How an answer is judged, in one place. The learner's function runs in a forked copy of the kernel (``forked``),
one case after another, each under a time limit, and whatever the learner's code does (its threads, processes,
garbage, the interpreter state it changes) ends with the copy. There each answer is read as float64 arrays and
sent to the kernel, which takes what comes as the learner's (no code in it run, each field checked), lays it over
the reference's structure and judges, in this order:
1. not done yet, or a rule broken (a whole batch passed where one sample is asked for, a forbidden call);
2. right in structure, shapes and values on every case (to ``Exercise.tolerance``), confirmed against nudging;
3. a named mistake (``Exercise.mistakes``), a sample left out, float32 numbers, a nudged slope;
4. otherwise the first case that went wrong: its structure or shapes, what it raised, or its values.
A check never raises (but KeyboardInterrupt, the kernel's stop button) and always ends. Where there is no fork
(Windows), the cases run in the kernel itself, with no time limit.
"""

from __future__ import annotations

import fractions
import functools
import gc
import inspect
import io
import math
import numbers
import pickle
import string
import sys
import threading
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import CodeType

import numpy as np

from . import forked
from . import messages as text
from .rules import named_bplib_function, names_read, own_helpers

TIME_LIMIT = 3.0  # seconds per case: far more than any answer needs on the checkers' small cases
TOLERANCE = 1e-12  # relative error: backprop in any style lands below 1e-14 (but for rare cases of cancellation,
# near 1e-13), centred nudges near 1e-10 (nudges extrapolated to a step of 0 land near 1e-13: values cannot tell)
NUDGED_TOLERANCE = 1e-7  # an answer this close to the checker's own nudges is a nudge (theirs differ ~1e-10)
NEARLY = 1e-3  # closer than this but not right: nudged in another way (a forward difference, another h), or rounded
LOW_PRECISION_ULPS = 32  # a float32 answer is this many of its roundings (eps) from the reference when only
# its precision is off: a right formula in float32 lands near 1e-7, one off by 4e-4 does not
MAX_DEPTH = 8  # lists nested deeper than any answer here (and a list that contains itself) stop here
LONGEST_TEXT = 300  # characters of an exception's message shown
MARKS = {"correct": "✔", "not done": "…", "known mistake": "✘", "wrong": "✘", "error": "✘"}
NEVER_NUMBERS = (  # the kinds of value that are never numbers, each with its own explanation
    (type(None), text.IS_NONE), (type(Ellipsis), text.IS_ELLIPSIS), ((bool, np.bool_), text.IS_BOOL),
    ((str, bytes), text.IS_TEXT), ((complex, np.complexfloating), text.IS_COMPLEX), (dict, text.IS_DICT),
    ((set, frozenset), text.IS_SET), (Iterator, text.IS_ITERATOR),
)
ENGINE = __file__
UNWATCH_THREADS = threading.setprofile.__code__  # sets the profiler of the threads started later
SENT_CLASSES = {(__name__, "Outcome"), (__name__, "Problem"), ("numpy", "ndarray"), ("numpy", "dtype"),
                ("numpy._core.multiarray", "_reconstruct"), ("numpy.core.multiarray", "_reconstruct")}
READING_PROBLEMS = {  # what reading an answer can find wrong, each with the parameters its message takes
    message: {name for _, name, _, _ in string.Formatter().parse(message) if name}
    for message in [m for _, m in NEVER_NUMBERS] + [text.TOO_DEEP, text.UNREADABLE, text.NOT_NUMBERS,
                                                    text.NOT_NUMBERS_ARRAY, text.TOO_LARGE]}
LARGEST_READING = 100_000  # parts: far more than any answer here has (readings sent by the copy are checked)
_checking = threading.local()  # .now: whether this thread is checking an answer
_called_back: list[str] = []  # the checkers the learner's function called


@dataclass
class Verdict:
    """The outcome of one check, shown as its text (by IPython too). ``status``: "correct", "not done", "known
    mistake", "wrong" or "error"; ``kind`` what happened ("mistake": ``mistake`` names it); ``where`` the part at
    fault (``weight_grads[1]``), ``case`` the case (from 1), ``error`` the largest relative error from the
    reference, ``measured`` a right answer's confirmation (``nudge_error``)."""

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
    ``confirm(cases, answers)`` gives the sentence and its numbers. ``batch_calls(case)`` gives the sizes of the
    batches passed where one sample is asked for; with it, the case's function arguments take one sample, and a
    right answer must have passed each row of the case's ``x`` through them. ``may_not_call(code)`` names a
    function the answer may not call (``rules.slope_code``): every call is watched, and one such call is a named
    mistake, said by ``calls_forbidden`` (placeholder ``name``), whatever the numbers. ``may_not_read`` pairs names
    the answer's code may not read (``a`` stored by the notebook, ``nudge``) with the sentence refusing it
    (placeholder ``name``); an answer that reads one is not run."""

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
    may_not_call: Callable[[CodeType], str | None] | None = None
    calls_forbidden: str = ""
    may_not_read: tuple[tuple[tuple[str, ...], str], ...] = ()


@dataclass(frozen=True)
class Problem:
    """Why an answer is not what was asked for: ``message`` (with ``params``) about the part ``where``."""

    where: str
    message: str
    params: dict = field(default_factory=dict)


@dataclass
class Outcome:
    """One case: what the answer was, read (None: nothing, or it raised); that in the reference's structure (None
    if it is not) and its relative error; the verdict's fields if the case went wrong; and what the watch saw."""

    reading: object = None
    answer: object = None
    wrong: dict | None = None
    low_precision: float = 0.0  # the rounding (eps) of float16 or float32 numbers in it; 0.0 for float64
    error: float = math.inf
    skipped: int | None = None  # the first sample of the case's x that was not passed on, if any
    looped: bool = False  # whether any sample was passed on
    forbidden: str | None = None  # the first forbidden call
    batches: tuple[int, ...] = ()  # the sizes of the batches passed where one sample is asked for
    calls_checker: bool = False


# --- judging -------------------------------------------------------------------------------------------------


def check(exercise: Exercise, learner, seed=0, time_limit=TIME_LIMIT) -> Verdict:
    """Judge ``learner`` on the exercise's cases for ``seed``, with ``time_limit`` seconds per case (None for no
    limit); never raises but for the kernel's interrupt."""
    if not is_seed(seed):
        return _verdict(exercise, "error", "bad argument", text.say(text.BAD_SEED, got=shown_plainly(seed)))
    limit = None if time_limit is None else plain_number(time_limit)
    if time_limit is not None and not (limit is not None and 0 < limit < math.inf):
        message = text.say(text.BAD_TIME_LIMIT, got=shown_plainly(time_limit))
        return _verdict(exercise, "error", "bad argument", message)
    if limit is not None:
        limit = float(min(limit, sys.float_info.max))  # an int too large for a float: as good as no limit
    if not callable(learner):
        message = text.say(text.NOT_CALLABLE, name=exercise.name, type=type(learner).__name__)
        return _verdict(exercise, "error", "not callable", message)
    for names, message in exercise.may_not_read:
        read = names_read(learner) & set(names)
        found = sorted(read - own_helpers(learner, read))
        if found:
            message = text.say(message, name=found[0])
            return _verdict(exercise, "known mistake", "mistake", message, mistake="uses " + found[0])
    if forked.in_a_copy() or getattr(_checking, "now", False):  # the learner's function called a checker
        _called_back.append(exercise.name)
        return _verdict(exercise, "error", "mistake", text.say(text.CALLS_CHECKER), mistake="calls the checker")
    _checking.now = True
    _called_back.clear()
    try:
        with np.errstate(all="ignore"):  # the cases' 0 / 0 and overflows are for the verdict to tell, not warnings
            return _judge(exercise, learner, plain_number(seed), limit)
    finally:
        _checking.now = False


def is_seed(seed) -> bool:
    """Whether ``seed`` can fix a checker's cases: a whole number, 0 or more (numpy's too, not True or False)."""
    number = plain_number(seed)
    return isinstance(number, int) and number >= 0


def plain_number(value) -> int | float | None:
    """The number ``value`` holds (a Python or numpy int or float, an exact Fraction), read by its base type: a
    subclass's ``__float__``, ``__int__`` or ``__lt__`` is the learner's code, and the kernel, where values passed
    to a checker are read, runs nothing under a time limit. None for anything else, True and False included."""
    if isinstance(value, (bool, np.bool_)):
        return None
    if isinstance(value, int):
        return int.__int__(value)
    if isinstance(value, float):  # numpy's float64 too
        return float.__float__(value)
    if isinstance(value, (np.integer, np.floating)):
        return np.generic.item(value)
    if type(value) is fractions.Fraction and type(value.numerator) is int and type(value.denominator) is int:
        n, d = value.numerator, value.denominator
        try:
            return n if d == 1 else n / d
        except OverflowError:  # beyond float64
            return math.inf if n > 0 else -math.inf
    return None


def shown_plainly(value) -> str:
    """``repr(value)`` of a number or text the learner passed to a checker, shortened; of any other object only
    its type's name (``<Slow object>``): its ``repr`` is the learner's code, and nothing in the kernel times out."""
    return _shown(value, repr, 60) if _shows_plainly(value, depth=2) else f"<{type(value).__name__} object>"


def _shows_plainly(value, depth: int) -> bool:
    """Whether ``repr(value)`` runs only Python's and numpy's code: a number, text, or a short list of them."""
    kind = type(value)
    if kind in (int, float, complex, str, bytes, bool, type(None), type(Ellipsis)):
        return True
    if kind in (list, tuple):
        return depth > 0 and len(value) <= 10 and all(_shows_plainly(item, depth - 1) for item in value)
    if kind is np.ndarray:
        return value.dtype.kind in "biufc"
    return isinstance(value, np.generic) and kind.__module__ == "numpy"  # numpy's own number, not a subclass


def _judge(exercise: Exercise, learner, seed: int, seconds: float | None) -> Verdict:
    cases = exercise.make_cases(seed)
    expected = [_plain(exercise.reference(**case)) for case in cases]
    run = functools.partial(_run_cases, exercise, learner, cases)
    sent = forked.results(run, seconds, _decoded, functools.partial(_going_on, cases=cases))
    outcomes = _in_kernel(run) if sent is None else [_stopped(o, n, seconds) if isinstance(o, str) else o
                                                      for n, o in enumerate(sent)]
    outcomes = [_shows(exercise, o, cases, n, expected[n]) for n, o in enumerate(outcomes)]
    if any(o.calls_checker for o in outcomes):
        return _verdict(exercise, "error", "mistake", text.say(text.CALLS_CHECKER), mistake="calls the checker")
    # 1. not done yet, or a rule broken
    first = (outcomes[0].wrong or {}).get("kind")
    if first in ("not done", "no return"):
        message = text.say(text.NOT_DONE if first == "not done" else text.RETURNS_NOTHING)
        return _verdict(exercise, "not done", "not done", message)
    batch = next(((n + 1, size) for n, o in enumerate(outcomes) for size in o.batches if size > 1), None)
    if batch:
        message = text.say(text.WHOLE_BATCH, case=batch[0], samples=batch[1])
        return _verdict(exercise, "known mistake", "mistake", message, mistake="whole batch", case=batch[0])
    called = next((o.forbidden for o in outcomes if o.forbidden), None)
    if called:
        message = text.say(_refusal(exercise, called), name=called)
        return _verdict(exercise, "known mistake", "mistake", message, mistake="forbidden call")
    # 2. right in structure, shapes and values on every case
    right = len(outcomes) == len(cases) and all(o.answer is not None for o in outcomes)
    error = max(o.error for o in outcomes) if right else math.inf
    if error <= exercise.tolerance and any(o.skipped is not None for o in outcomes):
        message = text.say(text.NOT_SAMPLE_BY_SAMPLE)
        return _verdict(exercise, "known mistake", "mistake", message, mistake="not sample by sample")
    if error <= exercise.tolerance:
        return _correct(exercise, cases, [o.answer for o in outcomes], error)
    # 3. a named mistake, float32 numbers, a nudged slope
    for mistake in exercise.mistakes:
        if _makes(lambda case, m=mistake: m.compute(**case), cases, outcomes, exercise.tolerance):
            return _verdict(exercise, "known mistake", "mistake", text.say(mistake.explain), mistake=mistake.name)
    left_out = next(((n + 1, o.skipped) for n, o in enumerate(outcomes)  # answered from some samples, not all
                     if o.skipped is not None and o.looped and o.answer is not None), None)
    if left_out:
        message = text.say(text.SAMPLE_LEFT_OUT, case=left_out[0], row=left_out[1])
        return _verdict(exercise, "known mistake", "mistake", message, mistake="sample left out", case=left_out[0])
    if error <= LOW_PRECISION_ULPS * max(o.low_precision for o in outcomes):
        return _verdict(exercise, "wrong", "float32", text.say(text.FLOAT32, error=error), error=error)
    if right and exercise.nudged is not None and error <= NEARLY:  # nudged, ours or another way, or rounded
        if _makes(exercise.nudged, cases, outcomes, NUDGED_TOLERANCE):
            message = text.say(text.NUDGED, error=error, tolerance=exercise.tolerance)
            return _verdict(exercise, "known mistake", "mistake", message, mistake="nudged", error=error)
        message = text.say(text.NEARLY, error=error, tolerance=exercise.tolerance)
        return _verdict(exercise, "wrong", "nearly", message, error=error)
    # 4. the first case that went wrong
    return next(_verdict(exercise, **o.wrong) for o in outcomes if o.wrong)


def _correct(exercise: Exercise, cases: list[dict], answers: list, error: float) -> Verdict:
    sentences, measured = [text.say_count(text.CORRECT, len(cases))], {}
    if callable(exercise.confirm):
        sentence, measured = exercise.confirm(cases, answers)
        sentences.append(sentence)
    elif exercise.confirm is not None and exercise.nudged is not None:
        nudge_error = max(_gap(a, _plain(exercise.nudged(c))) for a, c in zip(answers, cases))
        sentences.append(text.say(exercise.confirm, error=nudge_error))
        measured = {"nudge_error": nudge_error}
    return _verdict(exercise, "correct", "correct", " ".join(sentences), error=error, measured=measured)


def _makes(compute: Callable[[dict], object], cases, outcomes: list[Outcome], tolerance: float) -> bool:
    """Whether the learner's answers are ``compute``'s on every case run: equal (to ``tolerance``, or to the
    float32 tolerance for float32 answers) where it answered, raising where the mistake cannot be made."""
    for case, outcome in zip(cases, outcomes):
        try:
            wrong = _plain(compute(case))
        except Exception:  # the mistake cannot be made on this case (shapes that do not fit): nor the answer
            if outcome.wrong is None or outcome.wrong["kind"] != "raised":
                return False
            continue
        got = None if outcome.reading is None else _conform(outcome.reading, wrong, "")
        limit = max(tolerance, LOW_PRECISION_ULPS * outcome.low_precision)
        if got is None or isinstance(got, Problem) or not _gap(got, wrong) <= limit:
            return False
    return outcomes[0].reading is not None


def _call_rule(exercise: Exercise) -> Callable[[CodeType], str | None] | None:
    """What the engine watches for as the answer runs: ``may_not_call``'s code, and bplib's functions named in
    ``may_not_read`` (read under another name, they are still called by theirs)."""
    names = frozenset(name for group, _ in exercise.may_not_read for name in group)
    if not names:
        return exercise.may_not_call
    forbidden = exercise.may_not_call or (lambda code: None)
    return lambda code: forbidden(code) or named_bplib_function(code, names)


def _refusal(exercise: Exercise, called: str) -> str:
    """The sentence for a forbidden call: turning the watch off, a name ``may_not_read`` refuses, or any other."""
    if called == "sys.setprofile":
        return text.WATCH_TURNED_OFF
    name = called.rsplit(".", 1)[-1]
    return next((message for group, message in exercise.may_not_read if name in group), exercise.calls_forbidden)


def _verdict(exercise: Exercise, status: str, kind: str, message: str, **fields) -> Verdict:
    return Verdict(text.say(exercise.title), status, message, kind, **fields)


# --- where the learner's code runs (``forked``), and what comes back from it -------------------------------------


def _in_kernel(run: Callable[[Callable], None]) -> list[Outcome]:
    """``run(send)`` in this process, with no time limit (where no copy can be made: no fork)."""
    outcomes: list[Outcome] = []
    run(outcomes.append)
    return outcomes


class _Unpickler(pickle.Unpickler):
    """Makes only numpy's arrays and the engine's outcomes: what the copy sends can run no code in the kernel."""

    def find_class(self, module: str, name: str):
        if (module, name) not in SENT_CLASSES:
            raise pickle.UnpicklingError(f"{module}.{name} is not part of an outcome")
        return super().find_class(module, name)


def _decoded(payload: bytes) -> Outcome | None:
    """The outcome in a message, its fields of the types an outcome has; None if it is not one."""
    try:
        sent = _Unpickler(io.BytesIO(payload)).load()
        if type(sent) is not Outcome or not (sent.wrong is None or _is_wrong(sent.wrong)) or not _is_reading(
                sent.reading):
            return None
        return Outcome(sent.reading, wrong=sent.wrong, low_precision=float(sent.low_precision),
                       skipped=None if sent.skipped is None else int(sent.skipped), looped=bool(sent.looped),
                       forbidden=None if sent.forbidden is None else str(sent.forbidden),
                       batches=tuple(map(int, sent.batches)), calls_checker=bool(sent.calls_checker))
    except Exception:  # anything that does not decode, or is not an outcome
        return None


def _is_reading(reading) -> bool:
    """Whether ``reading`` is what ``_read`` gives: None, float64 arrays, a Problem it names with the parameters
    its message takes (``where`` is the engine's), and tuples of these, no more parts than LARGEST_READING."""
    parts, count = [reading], 0
    while parts and count < LARGEST_READING:
        part, count = parts.pop(), count + 1
        if type(part) is tuple:
            parts.extend(part)
        elif type(part) is Problem:
            params = part.params
            if not (type(part.where) is str and part.message in READING_PROBLEMS and type(params) is dict and
                    all(type(k) is str and type(v) is str for k, v in params.items()) and
                    "where" not in params and READING_PROBLEMS[part.message] <= set(params) | {"where"}):
                return False
        elif not (part is None or type(part) is np.ndarray and part.dtype == np.float64):
            return False
    return not parts


def _is_wrong(wrong) -> bool:
    """Whether ``wrong`` is a case's verdict as ``_call`` gives it: a status, a kind, a message, details."""
    return (type(wrong) is dict and set(wrong) <= {"status", "kind", "message", "details"}
            and wrong.get("status") in ("not done", "wrong", "error") and type(wrong.get("kind")) is str
            and type(wrong.get("message")) is str and type(wrong.get("details", [])) is list
            and all(type(d) is str for d in wrong.get("details", [])))


def _stopped(stop: str, n: int, seconds: float | None) -> Outcome:
    """The outcome of case ``n``, which did not come: time was up, or the learner's code ended the process."""
    kind, message = ("timeout", text.TIMEOUT) if stop == forked.TIME_UP else ("ended", text.PROCESS_ENDED)
    return Outcome(wrong=dict(status="error", kind=kind, message=text.say(message, case=n + 1, seconds=seconds)))


def _going_on(outcomes: list[Outcome], cases: list[dict]) -> bool:
    """Whether another case runs: until the last, or one that gave nothing to read (it raised)."""
    return len(outcomes) < len(cases) and (not outcomes or outcomes[-1].reading is not None)


# --- in the copy: the learner's function on each case ----------------------------------------------------------


def _run_cases(exercise: Exercise, learner, cases: list[dict], send: Callable) -> None:
    outcomes: list[Outcome] = []
    while _going_on(outcomes, cases):
        outcomes.append(_run(exercise, learner, cases, len(outcomes)))
        gc.collect(1)  # the young cyclic garbage the case left: its __del__ runs now, in the case's time
        send(outcomes[-1])


def _run(exercise: Exercise, learner, cases: list[dict], n: int) -> Outcome:
    """``learner`` on fresh copies of case ``n``'s arguments, every call it makes watched: an ``Outcome``,
    whatever it does."""
    arguments = {name: _fresh(value) for name, value in cases[n].items() if not name.startswith("_")}
    if exercise.batch_calls is not None:  # a function that takes one sample: note the samples it is given
        arguments = {name: _Watched(v) if callable(v) else v for name, v in arguments.items()}
    watched = [value for value in arguments.values() if isinstance(value, _Watched)]
    calls: list[str] = []
    outcome = _watching(_call_rule(exercise), calls, functools.partial(_call, learner, arguments, cases[n], n + 1))
    rows = enumerate(cases[n]["x"]) if watched else ()  # where a function takes one sample: x's rows
    outcome.skipped = next((i for i, row in rows if any(row.tobytes() not in w.seen for w in watched)), None)
    outcome.looped = any(w.seen for w in watched)
    outcome.forbidden = calls[0] if calls else None  # the first: the one the answer itself wrote
    outcome.batches = tuple(exercise.batch_calls(cases[n])) if exercise.batch_calls else ()
    outcome.calls_checker = bool(_called_back)
    return outcome


def _call(learner, arguments: dict, case: dict, number: int) -> Outcome:
    """The call and its answer read, or its exception described: all of the learner's code."""
    try:
        returned = _given_back(learner, arguments)
        if returned is Ellipsis:
            return Outcome(wrong=dict(status="not done", kind="not done", message=text.say(text.NOT_DONE)))
        if returned is None:
            changed = ", ".join(name for name, value in arguments.items() if not _same(case[name], value))
            message = text.say(text.IN_PLACE, names=changed) if changed else text.say(text.NO_RETURN, case=number)
            return Outcome(wrong=dict(status="wrong", kind="in place" if changed else "no return", message=message))
        low: list[float] = []
        reading = _read(returned, low)
        return Outcome(reading, low_precision=max(low, default=0.0))
    except NotImplementedError:
        return Outcome(wrong=dict(status="not done", kind="not done", message=text.say(text.NOT_DONE)))
    except KeyboardInterrupt:
        raise
    except BaseException as error:  # the learner's bug, even SystemExit, becomes a verdict
        refused = _refused_names(learner, list(arguments)) if isinstance(error, TypeError) else None
        if refused is not None:  # it cannot take the arguments by their names
            message = text.say(text.PARAMETER_NAMES, got=", ".join(refused), expected=", ".join(arguments))
            return Outcome(wrong=dict(status="error", kind="parameter names", message=message))
        line = _shown(error, _learner_line, 300, fallback="")
        message = text.say(text.RAISED, case=number, error=_describe_error(error))
        details = [text.say(text.RAISED_AT, line=line)] if line else []
        return Outcome(wrong=dict(status="error", kind="raised", message=message, details=details))


# --- back in the kernel: what each case shows -------------------------------------------------------------------


def _shows(exercise: Exercise, outcome: Outcome, cases: list[dict], n: int, expected) -> Outcome:
    """Case ``n``'s outcome, its answer compared with the reference, and the case described if it went wrong."""
    if outcome.wrong is None and outcome.reading is not None:
        outcome = _compared(exercise, outcome, n + 1, expected)
    if outcome.wrong:
        arguments = "; ".join(_describe_argument(k, v) for k, v in cases[n].items() if not k.startswith("_"))
        described = text.say(text.CASE, number=n + 1, total=len(cases), arguments=arguments)
        outcome.wrong.update(case=n + 1, details=[described, *outcome.wrong.get("details", [])])
    return outcome


def _compared(exercise: Exercise, outcome: Outcome, number: int, expected) -> Outcome:
    """An answer as the copy read it, laid over the reference's structure and compared with it, in the kernel."""
    reading, low = outcome.reading, [outcome.low_precision]
    answer = _conform(reading, expected, text.say(text.YOUR_ANSWER), exercise.parts)
    if isinstance(answer, Problem):
        sentences = [text.say(answer.message, where=answer.where, **answer.params)]
        if exercise.shape_hint and answer.message in (text.WRONG_KIND, text.EXTRA_AXIS):
            sentences.append(text.say(exercise.shape_hint))
        wrong = dict(status="wrong", kind="structure", message=" ".join(sentences), where=answer.where)
        return replace(outcome, wrong=wrong)
    answers, wanted = _leaves(answer), _leaves(expected)
    gaps = [_gap(g, e) for (_, g), (_, e) in zip(answers, wanted)]
    off = [n for n, gap in enumerate(gaps) if not gap <= exercise.tolerance]
    if not off:
        return replace(outcome, answer=answer, error=max(gaps, default=0.0))
    if not any(low) and _in_float32(answers) and not _in_float32(wanted):  # float32 results cast back to float64
        low.append(_rounding(np.dtype(np.float32)))
    wanted = _leaves(expected, text.say(text.YOUR_ANSWER), exercise.parts)  # now with their names
    (label, right), got = wanted[off[0]], answers[off[0]][1]
    wrong = dict(status="wrong", kind="values", where=label, error=max(gaps, default=0.0), details=[])
    if not np.all(np.isfinite(got) | np.isnan(right)):
        message = text.NOT_FINITE_NAN if np.isnan(got).any() else text.NOT_FINITE_INF
        wrong.update(kind="not finite", message=text.say(message, where=label, case=number), error=math.nan)
        return replace(outcome, answer=answer, wrong=wrong, low_precision=max(low), error=max(gaps, default=0.0))
    if len(wanted) == 1:
        wrong["message"] = text.say(text.VALUES_DIFFER, case=number)
    else:
        labels = ", ".join(wanted[n][0] for n in off)
        wrong["message"] = text.say_count(text.ARRAYS_DIFFER, len(off), total=len(wanted), case=number, labels=labels)
        wrong["details"] = [text.say(text.ARRAY_OK if gap <= exercise.tolerance else text.ARRAY_DIFFERS, where=name,
                                     error=gap) for (name, _), gap in zip(wanted, gaps)]
        wrong["details"].append(text.say(text.ARRAY_SHOWN, where=label))
    wrong["details"].append(text.say(text.EXPECTED_GOT, **_digits_apart(right, got)))
    return replace(outcome, answer=answer, wrong=wrong, low_precision=max(low), error=max(gaps, default=0.0))


def _given_back(learner, arguments: dict):
    """``learner(**arguments)``, with numpy's error handling and the tracer it changes given back: the checker's
    reading and comparing run as they should."""
    tracer = sys.gettrace()
    with np.errstate(all="ignore"):
        try:
            return learner(**arguments)
        finally:  # first: a tracer left behind acts on every Python call that follows
            sys.settrace(tracer)


def _watching(rule: Callable[[CodeType], str | None] | None, calls: list[str], work: Callable[[], Outcome]):
    """``work()``, with each call it makes, in the threads it starts too, watched: each function that ``rule``
    names is noted in ``calls``. Turning that watch off, seen or found off at the end, is noted as
    ``sys.setprofile``."""
    if rule is None:
        return work()

    def note(frame, event, arg) -> None:
        if event == "call":
            name = rule(frame.f_code) if frame.f_code is not UNWATCH_THREADS else "sys.setprofile"
        elif event == "c_call" and arg is sys.setprofile and frame.f_code.co_filename != ENGINE:
            name = "sys.setprofile"
        else:
            return
        if name is not None and name not in calls:
            calls.append(name)

    profiler, threads = sys.getprofile(), threading.getprofile()
    threading.setprofile(note)
    sys.setprofile(note)  # last: from here on each call is noted
    try:
        return work()
    finally:  # the watch turned off where it could not see (through partial, map)
        if "sys.setprofile" not in calls and not (sys.getprofile() is note and threading.getprofile() is note):
            calls.append("sys.setprofile")
        if profiler is None or callable(profiler):
            sys.setprofile(profiler)
        else:  # cProfile's (IPython's %prun), which getprofile returns as itself, not as a function: enabled again
            profiler.enable()
        threading.setprofile(threads)


class _Watched:
    """A function argument that takes one sample (``sample_gradients``), noting each sample ``x_i`` it is given."""

    def __init__(self, function) -> None:
        self.function, self.seen = function, set()

    def __call__(self, *args, **kwargs):
        answer = self.function(*args, **kwargs)  # it took x_i as numbers, so np.asarray can
        self.seen.add(np.asarray(args[0] if args else kwargs.get("x_i"), dtype=np.float64).tobytes())
        return answer


def _refused_names(learner, names: list[str]) -> list[str] | None:
    """The learner's parameter names when they cannot take these arguments by name; None when they can, or when
    its signature cannot be read or bound for another reason (a builtin, a hostile ``__signature__``)."""
    try:
        signature = inspect.signature(learner)
        try:
            signature.bind(**dict.fromkeys(names))
        except TypeError:
            return [str(name) for name in signature.parameters]
    except KeyboardInterrupt:
        raise
    except BaseException:  # the call will tell
        pass
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
    return callable(original) or type(now) is type(original) and (not isinstance(original, float) or now == original)


def _describe_error(error: BaseException) -> str:
    message, name = _shown(error, str, LONGEST_TEXT), _shown(error, lambda e: type(e).__name__, 80)
    return f"{name}: {message}" if message else name


def _learner_line(error: BaseException) -> str:
    """``line 3 of hidden_delta: return weights_next @ delta_next``: the last line of the traceback in the
    learner's own code (not bplib's, numpy's or Python's); empty when there is none."""
    libraries = tuple(str(Path(m.__file__).resolve().parent) for m in (np, inspect, sys.modules["bplib"]))
    frames = [f for f in traceback.extract_tb(error.__traceback__) if not f.filename.startswith(libraries)]
    if not frames:
        return ""
    line = _shown((frames[-1].line or "").strip(), str, 120)
    return f"line {frames[-1].lineno} of {frames[-1].name}: {line}".rstrip(": ")


def _shown(value, show: Callable[[object], str], limit: int, fallback: str = "<cannot be shown>") -> str:
    """``show(value)`` (``str`` or ``repr``), shortened, or ``fallback`` when showing it raises (the learner's
    objects may raise anything, from ``__str__``, a ``__name__`` or a ``__traceback__``)."""
    try:
        shown = str.__str__(show(value))
    except KeyboardInterrupt:
        raise
    except BaseException:
        return fallback
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def _describe_argument(name: str, value) -> str:
    """``delta_next = [0.1, -0.3]``, ``weights_next: a matrix of shape (2, 3)``, ``loss_of: a function``."""
    if callable(value):
        return text.say(text.ARGUMENT_FUNCTION, name=name)
    if isinstance(value, list) and value and isinstance(value[0], np.ndarray):
        shapes = ", ".join(str(v.shape) for v in value)
        return text.say_count(text.ARGUMENT_ARRAYS, len(value), name=name, shapes=shapes)
    array = np.asarray(value, dtype=np.float64)
    if array.ndim == 0 or (array.ndim == 1 and array.size <= 6):
        return f"{name} = {np.array2string(array, precision=6, floatmode='maxprec', separator=', ')}"
    if array.ndim == 1:
        return text.say_count(text.ARGUMENT_VECTOR, array.size, name=name)
    return text.say(text.ARGUMENT_MATRIX, name=name, shape=array.shape)


def _digits_apart(expected: np.ndarray, got: np.ndarray) -> dict[str, str]:
    """``expected`` and ``got`` printed with the fewest digits (at least four) that make them differ on screen,
    later lines indented to follow the labels of ``messages.EXPECTED_GOT``."""
    for digits in range(4, 18):
        shown = [np.array2string(a, precision=digits, floatmode="maxprec", max_line_width=110, separator=", ",
                                 prefix=" " * 11) for a in (expected, got)]
        if shown[0] != shown[1]:
            break
    return {"expected": shown[0], "got": shown[1]}


# --- reading an answer, and comparing -------------------------------------------------------------------------


def _read(value, low: list[float], depth: int = 0):
    """The answer as a float64 array (a list of numbers as a vector), a tuple of readings (a list of anything
    else), or a ``Problem`` saying what it is instead; ``low`` gets the rounding (eps) of float16 or float32 numbers."""
    try:
        if type(value) is np.ndarray and value.dtype.kind in "fiu":  # the usual answer, read at once
            low.append(_rounding(value.dtype))
            return np.array(value, dtype=np.float64)
        if depth > MAX_DEPTH:
            return Problem("", text.TOO_DEEP)
        if isinstance(value, np.ma.MaskedArray):  # a masked entry is no number: read as NaN, not as what it hides
            value = np.ma.filled(value.astype(np.float64), np.nan)
        for kinds, message in NEVER_NUMBERS:
            if isinstance(value, kinds):
                example = _shown(value, str if message == text.IS_COMPLEX else repr, 60)
                return Problem("", message, {"type": type(value).__name__, "example": example})
        if isinstance(value, np.ndarray) and value.dtype == object and value.ndim == 0:
            return _read(value.item(), low, depth + 1)
        if isinstance(value, (list, tuple)) or (isinstance(value, np.ndarray) and value.dtype == object):
            items = tuple(value)
            if items and all(map(_is_real, items)):  # plain numbers: a vector, read at once
                low.extend(_rounding(v.dtype) for v in items if isinstance(v, np.floating))
                return np.array(items, dtype=np.float64)
            read = tuple(_read(v, low, depth + 1) for v in items)
            return np.array(read) if read and all(isinstance(r, np.ndarray) and not r.ndim for r in read) else read
        if isinstance(value, numbers.Integral) and not isinstance(value, np.integer):
            return np.array(float(value))
        array = np.asarray(value)  # an array, a number, or an object with __array__
        if array.dtype.kind in "fiu":
            low.append(_rounding(array.dtype))
            return np.array(array, dtype=np.float64)
        if array.dtype.kind in "bUSc":  # True/False, text or complex: said with an example
            return _read(array.ravel()[0].item() if array.size else array.dtype.type(), low, depth + 1)
        if array.dtype.kind == "O":
            return Problem("", text.NOT_NUMBERS, {"type": type(value).__name__})
        return Problem("", text.NOT_NUMBERS_ARRAY, {"dtype": str(array.dtype)})
    except KeyboardInterrupt:
        raise
    except OverflowError:  # an int too large for a float (in a list: read one by one, to say which)
        if isinstance(value, (list, tuple, np.ndarray)):
            return tuple(_read(v, low, depth + 1) for v in value)
        return Problem("", text.TOO_LARGE, {"example": _shown(value, repr, 30)})
    except RecursionError:
        return Problem("", text.TOO_DEEP)
    except BaseException as error:  # a hostile __array__, __len__ or __iter__, even one raising SystemExit
        return Problem("", text.UNREADABLE, {"error": _describe_error(error)})


def _rounding(dtype: np.dtype) -> float:
    """The relative rounding of float16 or float32 numbers (their eps); 0.0 for float64 and integers."""
    return float(np.finfo(dtype).eps) if dtype.kind == "f" and dtype.itemsize < 8 else 0.0


def _in_float32(leaves: list[tuple[str, np.ndarray]]) -> bool:
    """Whether every number of these arrays is a float32 number (as float32 results cast to float64 are)."""
    return all(np.array_equal(a, a.astype(np.float32), equal_nan=True) for _, a in leaves)


def _is_real(value) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def _conform(got, expected, where: str, names: tuple[str, ...] = ()):
    """A reading laid over the structure of ``expected`` (an array, or a tuple of parts): the answer in that
    structure, or the first ``Problem``, naming where it is (``weight_grads[1]``)."""
    if isinstance(expected, tuple) and not isinstance(got, Problem):
        rows = isinstance(got, np.ndarray) and got.ndim > 0  # a list of equal-shaped parts was read as one array
        items = tuple(map(np.asarray, got)) if rows else got if isinstance(got, tuple) else ()  # rows as arrays
        if len(items) != len(expected):
            return Problem(where, text.WRONG_KIND, {"got": _describe(got), "expected": _describe(expected, names)})
        parts = [_conform(g, e, names[n] if n < len(names) else f"{where}[{n}]") for n, (g, e) in
                 enumerate(zip(items, expected))]
        return next((p for p in parts if isinstance(p, Problem)), tuple(parts))
    got = _stacked(got, where)  # a list where an array is asked for: its items as rows, if they are numbers
    if isinstance(got, Problem) or got.shape == expected.shape:
        return got
    if expected.shape == () and got.size == 1:  # (1,) or (1, 1): .reshape() would not take it to one number
        return Problem(where, text.ONE_NUMBER_IN_AN_ARRAY, {"value": f"{got.flat[0]:.6g}"})
    if [n for n in got.shape if n != 1] == [n for n in expected.shape if n != 1] and got.ndim > expected.ndim:
        return Problem(where, text.EXTRA_AXIS, {"got": got.shape, "expected": expected.shape})
    return Problem(where, text.WRONG_KIND, {"got": _describe(got), "expected": _describe(expected)})


def _stacked(reading, where: str):
    """A reading as one array (equal-shaped rows stacked), or the ``Problem``: the first part that is not
    numbers, else rows of different lengths."""
    if isinstance(reading, Problem):
        return Problem(where, reading.message, reading.params)
    if isinstance(reading, np.ndarray):
        return reading
    rows = [_stacked(r, f"{where}[{n}]") for n, r in enumerate(reading)]
    problem = next((r for r in rows if isinstance(r, Problem)), None)
    if problem is not None or not rows:
        return np.zeros(0) if problem is None else problem
    if len({r.shape for r in rows}) > 1:
        return Problem(where, text.RAGGED, {"lengths": ", ".join(str(len(np.atleast_1d(r))) for r in rows)})
    return np.stack(rows)


def _describe(reading, names: tuple[str, ...] = ()) -> str:
    """What a reading is, in words: "a number", "a vector of 3 numbers", "a pair (bias_grads, weight_grads)"."""
    if isinstance(reading, np.ndarray) and reading.ndim < 2:
        return text.say_count(text.A_VECTOR, reading.shape[0]) if reading.ndim else text.say(text.A_NUMBER)
    if isinstance(reading, np.ndarray):
        return text.say(text.A_MATRIX if reading.ndim == 2 else text.AN_ARRAY, shape=reading.shape)
    if isinstance(reading, tuple) and names and len(names) == len(reading):
        return text.say(text.NAMED_PARTS, names=", ".join(names))
    if isinstance(reading, tuple):
        arrays = reading and all(isinstance(r, np.ndarray) and r.ndim for r in reading)
        return text.say_count(text.A_LIST_OF_ARRAYS if arrays else text.A_LIST, len(reading))
    return text.say(text.SOMETHING_ELSE)


def _plain(value):
    """One of the checker's own answers as float64 arrays in tuples, like a conformed reading."""
    return tuple(map(_plain, value)) if isinstance(value, (list, tuple)) else np.asarray(value, dtype=np.float64)


def _leaves(tree, where: str = "", names: tuple[str, ...] = ()) -> list[tuple[str, np.ndarray]]:
    """(label, array) for each array of a conformed reading, in order: ``[("bias_grads[0]", ...), ...]``."""
    if not isinstance(tree, tuple):
        return [(where, tree)]
    labels = [names[n] if n < len(names) else f"{where}[{n}]" for n in range(len(tree))]
    return [leaf for part, label in zip(tree, labels) for leaf in _leaves(part, label)]


def _gap(got, expected) -> float:
    """max |got - expected| / max(1e-8, max(|got| + |expected|)), cs231n's relative error (``bplib.relative_error``),
    of the worst array; infinite where ``got`` holds NaN or infinity that ``expected`` does not (NaN where it has
    NaN is right)."""
    if isinstance(expected, tuple):
        return max(map(_gap, got, expected), default=0.0)
    holes = np.isnan(expected)
    if got.shape != expected.shape or (np.isnan(got) != holes).any() or np.isinf(got).any():
        return math.inf
    got, expected = got[~holes], expected[~holes]
    if got.size == 0:
        return 0.0
    value = float(np.abs(got - expected).max() / max(1e-8, float((np.abs(got) + np.abs(expected)).max())))
    return value if math.isfinite(value) else math.inf
