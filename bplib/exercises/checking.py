"""The engine behind the exercises: run a learner's function on fresh cases, compare it with the reference,
and, when it is wrong, find which known mistake it makes.

A check never raises: an unfinished exercise (a body of ``...`` or ``raise NotImplementedError``) is "not done
yet", an exception inside the learner's code is reported with its message, and anything else is compared.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

RTOL, ATOL = 1e-9, 1e-12


@dataclass(frozen=True)
class Mistake:
    """A known wrong answer: ``compute(**case)`` gives what the mistake gives; ``explain`` says what it is and
    where the notebooks cover it."""

    name: str
    compute: Callable[..., object]
    explain: str


@dataclass
class Verdict:
    """The outcome of one check: ``status`` is "not done", "correct", "known mistake", "wrong" or "error"."""

    exercise: str
    status: str
    message: str
    mistake: str | None = None
    details: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return self.status == "correct"

    def __str__(self) -> str:
        marks = {"correct": "✔", "not done": "…", "known mistake": "✘", "wrong": "✘", "error": "✘"}
        return "\n".join([f"{marks[self.status]} {self.exercise}: {self.message}", *self.details])

    def _repr_pretty_(self, printer, cycle) -> None:  # how IPython shows a verdict left as a cell's last value
        printer.text(str(self))


def flat(value) -> np.ndarray:
    """Any number, array, or (nested) list or tuple of arrays, as one float64 vector."""
    if isinstance(value, (list, tuple)) and value and not np.isscalar(value[0]):
        parts = [flat(v) for v in value]
        return np.concatenate(parts) if parts else np.empty(0)
    return np.asarray(value, dtype=np.float64).ravel()


def _close(a, b) -> bool:
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=RTOL, atol=ATOL))


def check(
    exercise: str,
    learner,
    cases: Sequence[dict],
    reference: Callable[..., object],
    mistakes: Sequence[Mistake] = (),
    confirm: Callable[[list, list], str] | None = None,
) -> Verdict:
    """Run ``learner(**case)`` on every case and judge it against ``reference(**case)`` and the ``mistakes``.

    ``confirm(cases, answers)`` (optional) returns a sentence with the numbers that show a correct answer is
    right, for instance its distance from finite differences.
    """
    if not callable(learner):
        return Verdict(exercise, "error", f"pass your function itself (no brackets), got {type(learner).__name__}")
    answers, failure = [], None
    for case in cases:
        try:
            answer = learner(**{k: _copy(v) for k, v in case.items()})
        except NotImplementedError:
            return Verdict(exercise, "not done", "not done yet: replace the ... with your code and run the cell again")
        except Exception as error:  # the learner's bug, reported, never raised
            failure = error
            break
        if answer is Ellipsis:
            return Verdict(exercise, "not done", "not done yet: replace the ... with your code and run the cell again")
        if answer is None:
            return Verdict(exercise, "not done", "not done yet: your function returns nothing (None) so far")
        answers.append(answer)
    expected = [flat(reference(**c)) for c in cases]
    got = [_as_vector(a) for a in answers]
    if failure is None and all(g is not None and _close(g, e) for g, e in zip(got, expected)):
        note = confirm(list(cases), answers) if confirm else ""
        return Verdict(exercise, "correct", f"correct on {len(cases)} fresh random cases. {note}".strip())
    for mistake in mistakes:  # also explains a crash on later cases, such as transposed weights on a non-square W
        if answers and all(_matches(a, mistake, c) for a, c in zip(answers, cases)):
            return Verdict(exercise, "known mistake", mistake.explain, mistake.name)
    if failure is not None:
        return Verdict(exercise, "error", f"your function raised {type(failure).__name__}: {failure}")
    return _wrong(exercise, cases, got, expected)


def _wrong(exercise: str, cases, got, expected) -> Verdict:
    for n, (g, e) in enumerate(zip(got, expected)):
        if g is None:
            return Verdict(exercise, "wrong", f"on case {n + 1} your answer is not numbers")
        if g.shape != e.shape:
            return Verdict(exercise, "wrong", f"on case {n + 1} your answer has {g.size} numbers; expected {e.size}")
        if not _close(g, e):
            shown = {
                k: np.round(v, 4).tolist() if isinstance(v, np.ndarray) else v
                for k, v in cases[n].items()
                if not callable(v) and not isinstance(v, list)
            }
            details = [
                f"  case {n + 1}: {shown}" if shown else f"  case {n + 1}",
                f"  expected {np.array2string(e, precision=6, max_line_width=110)}",
                f"  got      {np.array2string(g, precision=6, max_line_width=110)}",
            ]
            return Verdict(exercise, "wrong", "not right yet, and not a mistake this checker knows:", details=details)
    return Verdict(exercise, "wrong", "not right yet")


def _matches(answer, mistake: Mistake, case: dict) -> bool:
    vector = _as_vector(answer)
    try:
        wrong = flat(mistake.compute(**case))
    except (ValueError, IndexError):  # the mistake cannot even be made on this case (shapes that do not fit)
        return False
    return vector is not None and _close(vector, wrong)


def _as_vector(answer) -> np.ndarray | None:
    try:
        return flat(answer)
    except (TypeError, ValueError):
        return None


def _copy(value):
    """A fresh copy for each call, so a learner's function that changes its arguments cannot spoil the check."""
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value
