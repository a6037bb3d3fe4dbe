"""Notebook 09's exercise: the output delta of a softmax layer with the categorical cross-entropy, derived.

Each case gives a layer's weighted inputs ``z``, its outputs ``p = softmax(z)`` and the ``desired`` outputs (one-hot
in some cases, other probabilities that sum to 1 in others); the answer is dC/dz, a vector shaped like ``z``. A
right answer is confirmed against centred nudges of the biases. The named mistakes include the series' own
slips S12 (a ReLU slope on the softmax layer), S13 (divided by the number of outputs) and S14 (the slope of the
binary cross-entropy it prints).
"""

from __future__ import annotations

import numpy as np

from .. import numerical_gradient
from ..activations import relu_prime, softmax, softmax_jacobian
from . import messages as text
from .checking import TIME_LIMIT, Exercise, Mistake, Verdict, check


def _desired(rng: np.random.Generator, n: int, one_hot: bool) -> np.ndarray:
    """One-hot, or probabilities that sum to 1 (a soft target), so that every named mistake gives other numbers."""
    if one_hot:
        return np.eye(n)[rng.integers(n)]
    return rng.dirichlet(np.ones(n))


def _softmax_cases(seed: int) -> list[dict]:
    rng = np.random.default_rng(seed)
    cases = []
    for n, one_hot in ((3, False), (4, True), (10, True), (2, False), (5, False)):
        z = rng.normal(0, 2, size=n)
        z[:2] = -np.abs(z[0]) - 0.1, np.abs(z[1]) + 0.1  # both signs in every case: relu'(z) is then no 1 and no 0
        z = rng.permutation(z)
        cases.append({"z": z, "p": softmax(z), "desired": _desired(rng, n, one_hot)})
    return cases


def _softmax_delta(z, p, desired):
    return p - desired


def _binary_slope(z, p, desired):
    """The slope of -sum [y ln p + (1 - y) ln(1 - p)] with respect to z, through the softmax: J^T dC/dp."""
    return softmax_jacobian(z).T @ ((p - desired) / (p * (1 - p)))


def nudged_softmax_slopes(case: dict) -> np.ndarray:
    """Centred nudges of each bias of a softmax layer whose weighted inputs are ``case['z']`` (no weights: the
    biases are z), with the categorical cross-entropy."""
    n = len(case["z"])
    return numerical_gradient([np.zeros((n, 1))], [case["z"]], np.zeros(1), case["desired"], activation="softmax",
                              cost="categorical_cross_entropy", kind="bias", layer=0)


SOFTMAX_DELTA = Exercise(
    name="softmax_delta",
    title=text.SOFTMAX_DELTA_TITLE,
    make_cases=_softmax_cases,
    reference=_softmax_delta,
    mistakes=(
        Mistake("p alone", lambda z, p, desired: p, text.SOFTMAX_FORGOT_Y),
        Mistake("flipped sign", lambda z, p, desired: desired - p, text.SOFTMAX_FLIPPED_SIGN),
        Mistake("relu' and / n (the script)", lambda z, p, desired: relu_prime(z) * (p - desired) / len(z),
                text.SOFTMAX_AS_WRITTEN),
        Mistake("relu'(z) (S12)", lambda z, p, desired: relu_prime(z) * (p - desired), text.SOFTMAX_RELU_SLOPE),
        Mistake("/ n (S13)", lambda z, p, desired: (p - desired) / len(z), text.SOFTMAX_OVER_N),
        Mistake("binary cross-entropy (S14)", _binary_slope, text.SOFTMAX_BINARY_SLOPE),
        Mistake("diagonal only", lambda z, p, desired: -(1 - p) * desired, text.SOFTMAX_DIAGONAL_ONLY),
        Mistake("dC/dp", lambda z, p, desired: -desired / p, text.SOFTMAX_NO_JACOBIAN),
        Mistake("p (1 - p) (p - y)", lambda z, p, desired: p * (1 - p) * (p - desired), text.SOFTMAX_SIGMOID_SLOPE),
        Mistake("z for p", lambda z, p, desired: z - desired, text.SOFTMAX_Z_FOR_P),
        Mistake("cost not slope", lambda z, p, desired: -desired * np.log(p), text.SOFTMAX_COST_NOT_SLOPE),
        Mistake("one-hot only", lambda z, p, desired: p - np.eye(len(p))[np.argmax(desired)],
                text.SOFTMAX_ONE_HOT_ONLY),
    ),
    shape_hint=text.SOFTMAX_DELTA_SHAPE,
    nudged=nudged_softmax_slopes,
    confirm=text.SOFTMAX_CONFIRM,
)

EXERCISES = (SOFTMAX_DELTA,)


def check_softmax_delta(softmax_delta, seed=0, time_limit=TIME_LIMIT) -> Verdict:
    """09, exercise: ``softmax_delta(z, p, desired)`` returns the output delta dC/dz of a softmax layer with the
    categorical cross-entropy, shaped like z (derived through the softmax's Jacobian)."""
    return check(SOFTMAX_DELTA, softmax_delta, seed, time_limit)
