"""The engine behind the exercises: run a learner's function on fresh cases, compare its answers with the
reference, and, when they differ, say exactly how: which known mistake it makes, or which part has the wrong
structure, or which array differs and by how much.

A check never raises. An unfinished exercise is "not done yet"; anything the learner's code raises (even
SystemExit) or returns (None, text, complex numbers, a generator, a list of the wrong shape, an object that
cannot be read) becomes a verdict, and so does a case that runs past the time limit. Only the kernel's
interrupt (KeyboardInterrupt) goes through, so the stop button works.

Order of judgement: not done; correct (then the exercise's own confirmation, for instance against nudging);
a named mistake; float32; then the first case that went wrong, in the order: raised or timed out, wrong
structure, NaN or infinity, wrong values.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field

import numpy as np

from . import messages as text
from .answers import Numbers, Problem, Tree, conform, read
from .reports import describe_case, digits_apart, gap
from .running import BackpropCalls, Outcome, accepts, call, fresh_copy, parameter_names
from .safety import TIME_LIMIT, TimeUp, is_positive_time, safe_repr

TOLERANCE = 1e-9  # largest relative error of a right answer (rounding of equal formulas is about 1e-15)
LOW_PRECISION_TOLERANCE = 1e-3  # a float32 answer is this close to the reference when only its precision is off

MARKS = {"correct": "✔", "not done": "…", "known mistake": "✘", "wrong": "✘", "error": "✘"}


@dataclass
class Verdict:
    """The outcome of one check, shown as its text by IPython.

    ``status``: "correct", "not done", "known mistake", "wrong" or "error". ``kind`` says what happened, for code
    and tests: "correct", "not done", "mistake" (then ``mistake`` names it), "whole batch", "float32",
    "in place", "no return", "structure", "not finite", "values", "raised", "timeout", "parameter names",
    "not callable" or "bad argument". ``where`` names the part of the answer at fault (``weight_grads[1]``),
    ``case`` the case (from 1). ``error`` is the largest relative error between the answer and the reference
    over the cases compared (NaN when none could be compared); ``measured`` holds the numbers of a correct
    answer's confirmation (for instance ``nudge_error``).
    """

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
    """A known wrong answer: ``compute(**case)`` gives what the mistake gives (raising where the mistake cannot
    be made, as numpy does for transposed weights that do not fit); ``explain`` says what it is and where the
    notebooks cover it."""

    name: str
    compute: Callable[..., object]
    explain: str


@dataclass(frozen=True)
class Exercise:
    """What a checker knows about one exercise.

    ``name`` is the function's name in the notebook (and in ``solutions``); ``make_cases(seed)`` gives the cases,
    dicts of arguments passed by name; ``parts`` names the top-level parts of a multi-array answer;
    ``shape_hint`` is a sentence added when an answer's shape is wrong; ``confirm(cases, answers)`` returns a
    sentence with the numbers that show a right answer is right, and those numbers by name.
    """

    name: str
    title: str
    make_cases: Callable[[int], list[dict]]
    reference: Callable[..., object]
    mistakes: Sequence[Mistake] = ()
    parts: tuple[str, ...] = ()
    shape_hint: str = ""
    confirm: Callable[[list[dict], list], tuple[str, dict[str, float]]] | None = None
    one_call_per_sample: bool = False


@dataclass(frozen=True)
class Comparison:
    """One answer against one expected answer: a structure ``problem``, or the arrays side by side."""

    problem: Problem | None = None
    answer: object = None  # the answer's arrays, nested as the reference's (tuples of float64 arrays)
    labels: tuple[str, ...] = ()
    got: tuple[np.ndarray, ...] = ()
    expected: tuple[np.ndarray, ...] = ()
    low_precision: bool = False

    @property
    def gaps(self) -> list[float]:
        return [gap(g, e) for g, e in zip(self.got, self.expected)]

    @property
    def error(self) -> float:
        return max(self.gaps, default=0.0) if self.problem is None else math.nan

    def close(self, tolerance: float = TOLERANCE) -> bool:
        return self.problem is None and self.error <= tolerance


def check(exercise: Exercise, learner, seed=0, time_limit=TIME_LIMIT) -> Verdict:
    """Run ``learner`` on the exercise's cases for ``seed`` and judge it; never raises (but lets the kernel's
    interrupt through). ``time_limit``: seconds per case (None for no limit)."""
    try:
        return _judge(exercise, learner, seed, time_limit)
    except TimeUp:  # an alarm that arrived just as a call ended
        return _verdict(exercise, "error", "timeout", text.say(text.TIMEOUT_LATE, seconds=time_limit))


def _judge(exercise: Exercise, learner, seed, time_limit) -> Verdict:
    refusal = _refuse(exercise, learner, seed, time_limit)
    if refusal is not None:
        return refusal
    cases = exercise.make_cases(int(seed))
    names = tuple(cases[0])
    if not accepts(learner, names):
        got = parameter_names(learner) or ()
        message = text.say(text.PARAMETER_NAMES, got=", ".join(got), expected=", ".join(names))
        return _verdict(exercise, "error", "parameter names", message)
    calls = BackpropCalls(learner) if exercise.one_call_per_sample else None
    outcomes: list[Outcome] = []
    with calls or nullcontext():
        for n, case in enumerate(cases):
            if calls is not None:
                calls.case = n + 1
            outcomes.append(call(learner, case, time_limit))
            if outcomes[-1].kind != "answer":
                break
    if outcomes[0].kind == "not done" or (outcomes[0].kind == "none" and not outcomes[0].changed):
        message = text.say(text.NOT_DONE if outcomes[0].kind == "not done" else text.RETURNS_NOTHING)
        return _verdict(exercise, "not done", "not done", message)
    expected = [read(exercise.reference(**_copies(c))) for c in cases]
    comparisons = [_compare(o.answer, e, exercise.parts) for o, e in zip(outcomes, expected) if o.kind == "answer"]
    if len(comparisons) == len(cases) and all(c.close() for c in comparisons):
        return _correct(exercise, cases, comparisons, calls)
    return (
        _named_mistake(exercise, cases, outcomes)
        or _float32(exercise, cases, comparisons)
        or _first_wrong_case(exercise, cases, outcomes, comparisons, time_limit)
    )


def _refuse(exercise: Exercise, learner, seed, time_limit) -> Verdict | None:
    """A verdict for a call that cannot be checked at all: a bad seed or time limit, or no function."""
    if not isinstance(seed, (int, np.integer)) or isinstance(seed, bool) or seed < 0:
        message = text.say(text.BAD_SEED, got=safe_repr(seed))
        return _verdict(exercise, "error", "bad argument", message)
    if time_limit is not None and not is_positive_time(time_limit):
        message = text.say(text.BAD_TIME_LIMIT, got=safe_repr(time_limit))
        return _verdict(exercise, "error", "bad argument", message)
    if not callable(learner):
        message = text.say(text.NOT_CALLABLE, name=exercise.name, type=type(learner).__name__)
        return _verdict(exercise, "error", "not callable", message)
    return None


def _correct(exercise: Exercise, cases, comparisons: list[Comparison], calls: BackpropCalls | None) -> Verdict:
    error = max(c.error for c in comparisons)
    batch = calls.first_batch() if calls is not None else None
    if batch is not None:
        message = text.say(text.WHOLE_BATCH, case=batch[0], samples=batch[1])
        return _verdict(
            exercise, "known mistake", "whole batch", message, mistake="whole batch", case=batch[0], error=error
        )
    sentences = [text.say_count(text.CORRECT, len(cases))]
    measured: dict[str, float] = {}
    if exercise.confirm is not None:
        sentence, measured = exercise.confirm(cases, [c.answer for c in comparisons])
        sentences.append(sentence)
    return _verdict(exercise, "correct", "correct", " ".join(sentences), error=error, measured=measured)


def _named_mistake(exercise: Exercise, cases, outcomes: list[Outcome]) -> Verdict | None:
    for mistake in exercise.mistakes:
        if _makes(mistake, cases, outcomes):
            return _verdict(exercise, "known mistake", "mistake", text.say(mistake.explain), mistake=mistake.name)
    return None


def _makes(mistake: Mistake, cases, outcomes: list[Outcome]) -> bool:
    """Whether the learner's answers are the mistake's on every case run: equal where it answered, and where it
    raised, the mistake cannot be made either (such as W instead of W^T on a non-square W)."""
    answered = 0
    for case, outcome in zip(cases, outcomes):
        try:
            wrong = read(mistake.compute(**_copies(case)))
        except Exception:  # the mistake cannot be made on this case (shapes that do not fit)
            wrong = None
        if outcome.kind == "answer":
            comparison = None if wrong is None else _compare(outcome.answer, wrong, ())
            tolerance = LOW_PRECISION_TOLERANCE if comparison and comparison.low_precision else TOLERANCE
            if comparison is None or not comparison.close(tolerance):
                return False
            answered += 1
        elif outcome.kind != "raised" or wrong is not None:
            return False
    return answered > 0


def _float32(exercise: Exercise, cases, comparisons: list[Comparison]) -> Verdict | None:
    if len(comparisons) < len(cases) or not any(c.low_precision for c in comparisons):
        return None
    if not all(c.close(LOW_PRECISION_TOLERANCE) for c in comparisons):
        return None
    error = max(c.error for c in comparisons)
    return _verdict(exercise, "wrong", "float32", text.say(text.FLOAT32, error=error), error=error)


def _first_wrong_case(exercise: Exercise, cases, outcomes: list[Outcome], comparisons, time_limit) -> Verdict:
    for n, (case, outcome) in enumerate(zip(cases, outcomes)):
        details = [describe_case(case, n + 1, len(cases))]
        if outcome.kind != "answer":
            return _no_answer(exercise, n, outcome, time_limit, details)
        comparison = comparisons[n]
        if comparison.problem is not None:
            return _wrong_structure(exercise, n, comparison.problem, details)
        if not all(np.all(np.isfinite(g)) for g in comparison.got):
            return _not_finite(exercise, n, comparison, details)
        if not comparison.close():
            return _wrong_values(exercise, n, comparison, details)
    raise AssertionError("a wrong answer with no wrong case")  # unreachable: _judge found one not close


def _no_answer(exercise: Exercise, n: int, outcome: Outcome, time_limit, details: list[str]) -> Verdict:
    if outcome.kind == "none" and outcome.changed:
        message = text.say(text.IN_PLACE, names=", ".join(outcome.changed))
        return _verdict(exercise, "wrong", "in place", message, case=n + 1)
    if outcome.kind == "none":
        return _verdict(exercise, "wrong", "no return", text.say(text.NO_RETURN, case=n + 1), case=n + 1)
    if outcome.kind == "not done":
        return _verdict(exercise, "not done", "not done", text.say(text.NOT_DONE), case=n + 1)
    if outcome.kind == "timeout":
        message = text.say(text.TIMEOUT, case=n + 1, seconds=time_limit)
        return _verdict(exercise, "error", "timeout", message, case=n + 1, details=details)
    if outcome.line:
        details.append(text.say(text.RAISED_AT, line=outcome.line))
    message = text.say(text.RAISED, case=n + 1, error=outcome.error)
    return _verdict(exercise, "error", "raised", message, case=n + 1, details=details)


def _wrong_structure(exercise: Exercise, n: int, problem: Problem, details: list[str]) -> Verdict:
    sentences = [problem.sentence()]
    if exercise.shape_hint and problem.message in (text.WRONG_KIND, text.EXTRA_AXIS):
        sentences.append(text.say(exercise.shape_hint))
    return _verdict(
        exercise, "wrong", "structure", " ".join(sentences), where=problem.where, case=n + 1, details=details
    )


def _not_finite(exercise: Exercise, n: int, comparison: Comparison, details: list[str]) -> Verdict:
    label, got = next((l, g) for l, g in zip(comparison.labels, comparison.got) if not np.all(np.isfinite(g)))
    message = text.say(text.NOT_FINITE_NAN if np.isnan(got).any() else text.NOT_FINITE_INF, where=label, case=n + 1)
    return _verdict(exercise, "wrong", "not finite", message, where=label, case=n + 1, details=details)


def _wrong_values(exercise: Exercise, n: int, comparison: Comparison, details: list[str]) -> Verdict:
    gaps = comparison.gaps
    wrong = [i for i, g in enumerate(gaps) if not g <= TOLERANCE]
    first = wrong[0]
    if len(comparison.labels) == 1:
        message = text.say(text.VALUES_DIFFER, case=n + 1)
    else:
        message = text.say_count(
            text.ARRAYS_DIFFER,
            len(wrong),
            total=len(gaps),
            case=n + 1,
            labels=", ".join(comparison.labels[i] for i in wrong),
        )
        for label, g in zip(comparison.labels, gaps):
            line = text.ARRAY_OK if g <= TOLERANCE else text.ARRAY_DIFFERS
            details.append(text.say(line, where=label, error=g))
    if len(comparison.labels) > 1:
        details.append(text.say(text.ARRAY_SHOWN, where=comparison.labels[first]))
    expected, got = digits_apart(comparison.expected[first], comparison.got[first])
    details.append(text.say(text.EXPECTED_GOT, expected=expected, got=got))
    return _verdict(
        exercise,
        "wrong",
        "values",
        message,
        where=comparison.labels[first],
        case=n + 1,
        error=comparison.error,
        details=details,
    )


def _compare(answer: Tree, expected: Tree, parts: tuple[str, ...]) -> Comparison:
    where = text.say(text.YOUR_ANSWER)
    conformed = conform(answer, expected, where, parts)
    if isinstance(conformed, Problem):
        return Comparison(problem=conformed)
    reference = conform(expected, expected, where, parts)
    labels, got, low = _leaves(conformed, where, parts)
    _, wanted, _ = _leaves(reference, where, parts)
    return Comparison(None, _plain(conformed), tuple(labels), tuple(got), tuple(wanted), any(low))


def _leaves(tree, where: str, names: tuple[str, ...]):
    """Labels, arrays and precision flags of every array in a conformed answer, in order."""
    if isinstance(tree, Numbers):
        return [where], [tree.array], [tree.low_precision]
    labels, arrays, flags = [], [], []
    for n, part in enumerate(tree):
        sub = _leaves(part, names[n] if n < len(names) else f"{where}[{n}]", ())
        labels += sub[0]
        arrays += sub[1]
        flags += sub[2]
    return labels, arrays, flags


def _plain(tree):
    """A conformed answer as plain arrays: a float64 array, or tuples of them nested as the reference's parts."""
    return tree.array if isinstance(tree, Numbers) else tuple(_plain(part) for part in tree)


def _copies(case: dict) -> dict:
    return {name: fresh_copy(value) for name, value in case.items()}


def _verdict(exercise: Exercise, status: str, kind: str, message: str, **fields) -> Verdict:
    return Verdict(text.say(exercise.title), status, message, kind, **fields)
