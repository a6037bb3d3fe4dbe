"""How a right answer is confirmed: beside the reference, it is compared with centred nudges of the loss, the
course's independent check, and the verdict says how closely they agree."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .. import numerical_gradient, relative_error
from . import messages as text

NUDGE = 1e-5  # the centred step the notebooks use for checking (about 1e-10 from the true slope here)


def centred_slopes(weights, biases, x, y, kind: str, activation="sigmoid", cost="quadratic") -> np.ndarray:
    """The centred nudge of the loss for every entry of layer 0's biases (``kind="bias"``) or weights."""
    return numerical_gradient(weights, biases, x, y, NUDGE, "centred", activation, cost, kind=kind, layer=0)


def largest_difference(answer: np.ndarray, nudged: np.ndarray) -> float:
    """max |answer - nudged|, for slopes of order one."""
    return float(np.max(np.abs(answer - nudged)))


def largest_relative_error(answer, nudged) -> float:
    """The largest ``relative_error`` over the arrays of two ``(bias_grads, weight_grads)`` pairs."""
    pairs = zip([*answer[0], *answer[1]], [*nudged[0], *nudged[1]])
    return max(relative_error(got, slopes) for got, slopes in pairs)


def by_nudging(message: str, nudged: Callable[[dict], object], gap: Callable = largest_difference):
    """A confirmation for ``Exercise.confirm``: the largest ``gap`` between an answer and ``nudged(case)`` over the
    cases, said with ``message`` (placeholder ``error``) and measured as ``nudge_error``."""

    def confirm(cases, answers):
        error = max(gap(answer, nudged(case)) for answer, case in zip(answers, cases))
        return text.say(message, error=error), {"nudge_error": error}

    return confirm
