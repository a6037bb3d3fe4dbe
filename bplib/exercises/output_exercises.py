"""Notebook 02's exercises: the output layer's delta (its bias slopes) for the quadratic cost and for
cross-entropy, with sigmoid units.

Each case gives a layer's weighted inputs ``z``, its activations ``a = sigmoid(z)`` and the ``desired`` outputs;
the answer is a vector shaped like ``z``. A right answer is confirmed against centred nudges of the biases.
"""

from __future__ import annotations

import numpy as np

from .. import numerical_gradient
from ..activations import sigmoid, sigmoid_prime
from . import messages as text
from .checking import TIME_LIMIT, Exercise, Mistake, Verdict, check


def _output_cases(seed: int) -> list[dict]:
    rng = np.random.default_rng(seed)
    cases = []
    for n in (3, 4, 2, 5):
        z = rng.normal(0, 1.5, size=n)
        cases.append({"z": z, "a": sigmoid(z), "desired": rng.uniform(size=n)})
    return cases


def _quadratic_delta(z, a, desired):
    return sigmoid_prime(z) * (a - desired)


def _cross_entropy_delta(z, a, desired):
    return a - desired


def nudged_output_slopes(case: dict, cost: str) -> np.ndarray:
    """Centred nudges of each bias of a sigmoid layer whose weighted inputs are ``case['z']`` (no weights: the
    biases are z)."""
    n = len(case["z"])
    return numerical_gradient([np.zeros((n, 1))], [case["z"]], np.zeros(1), case["desired"], cost=cost, kind="bias",
                              layer=0)


def _index_zero(z, a, desired):
    return np.full(len(z), _quadratic_delta(z, a, desired)[0])


QUADRATIC = Exercise(
    name="output_delta",
    title=text.OUTPUT_DELTA_TITLE,
    make_cases=_output_cases,
    reference=_quadratic_delta,
    mistakes=(
        Mistake("flipped sign", lambda z, a, desired: sigmoid_prime(z) * (desired - a), text.OUTPUT_FLIPPED_SIGN),
        Mistake("no activate_derivative", lambda z, a, desired: a - desired, text.OUTPUT_NO_DERIVATIVE),
        Mistake("sigma not sigma'", lambda z, a, desired: sigmoid(z) * (a - desired), text.OUTPUT_SIGMA_NOT_SLOPE),
        Mistake("z(1-z)", lambda z, a, desired: z * (1 - z) * (a - desired), text.OUTPUT_Z_FOR_A_IN_SLOPE),
        Mistake("derivative at a", lambda z, a, desired: sigmoid_prime(a) * (a - desired), text.OUTPUT_SLOPE_AT_A),
        Mistake("factor 2", lambda z, a, desired: 2 * _quadratic_delta(z, a, desired), text.OUTPUT_FACTOR_2),
        Mistake("index 0", _index_zero, text.OUTPUT_INDEX_0),
        Mistake("z for a", lambda z, a, desired: sigmoid_prime(z) * (z - desired), text.OUTPUT_Z_FOR_A),
        Mistake("cost not slope", lambda z, a, desired: 0.5 * (desired - a) ** 2, text.OUTPUT_COST_NOT_SLOPE),
    ),
    shape_hint=text.DELTA_SHAPE,
    nudged=lambda case: nudged_output_slopes(case, "quadratic"),
    confirm=text.OUTPUT_CONFIRM,
)

CROSS_ENTROPY = Exercise(
    name="cross_entropy_delta",
    title=text.CROSS_ENTROPY_DELTA_TITLE,
    make_cases=lambda seed: _output_cases(seed + 1),
    reference=_cross_entropy_delta,
    mistakes=(
        Mistake("kept sigma'", _quadratic_delta, text.CROSS_ENTROPY_KEPT_SLOPE),
        Mistake("flipped sign", lambda z, a, desired: desired - a, text.CROSS_ENTROPY_FLIPPED_SIGN),
        Mistake("z for a", lambda z, a, desired: z - desired, text.CROSS_ENTROPY_Z_FOR_A),
        Mistake("dC/da", lambda z, a, desired: (a - desired) / (a * (1 - a)), text.CROSS_ENTROPY_DC_DA),
        Mistake(
            "cost not slope",
            lambda z, a, desired: -(desired * np.log(a) + (1 - desired) * np.log(1 - a)),
            text.OUTPUT_COST_NOT_SLOPE,
        ),
    ),
    shape_hint=text.DELTA_SHAPE,
    nudged=lambda case: nudged_output_slopes(case, "cross_entropy"),
    confirm=text.OUTPUT_CONFIRM,
)


EXERCISES = (QUADRATIC, CROSS_ENTROPY)


def check_output_delta(output_delta, seed=0, time_limit=TIME_LIMIT) -> Verdict:
    """02, exercise 1: ``output_delta(z, a, desired)`` returns the bias slopes of a sigmoid output layer with the
    quadratic cost: activate_derivative(z) * cost_derivative(desired, a), element-wise, shaped like z."""
    return check(QUADRATIC, output_delta, seed, time_limit)


def check_cross_entropy_delta(cross_entropy_delta, seed=0, time_limit=TIME_LIMIT) -> Verdict:
    """02, exercise 2: ``cross_entropy_delta(z, a, desired)`` returns the bias slopes of a sigmoid output layer
    with the cross-entropy cost: a - desired (sigma'(z) cancels)."""
    return check(CROSS_ENTROPY, cross_entropy_delta, seed, time_limit)
