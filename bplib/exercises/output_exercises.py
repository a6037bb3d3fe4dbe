"""Notebook 02's exercises: the sigmoid's slope derived from the sigmoid, the slopes of a small graph filled in
by hand, and the output layer's delta (its bias slopes) for the quadratic cost and for cross-entropy, with
sigmoid units.

The sigmoid's slope: each case is a vector ``z`` holding ordinary values and some so large (|z| above 709) that
e^|z| overflows. The graph f = (x + y) z: each case is three numbers ``x``, ``y``, ``z``; the answer is the four
slopes of f, (df_dx, df_dy, df_dz, df_dq). The deltas: each case gives a layer's weighted inputs ``z``, its
activations ``a = sigmoid(z)`` and the ``desired`` outputs; the answer is a vector shaped like ``z``. A right
answer is confirmed against centred nudges.
"""

from __future__ import annotations

import numpy as np

from .. import numerical_gradient, relative_error
from ..activations import sigmoid, sigmoid_prime
from . import messages as text
from .checking import TIME_LIMIT, Exercise, Mistake, Verdict, check
from .rules import NUDGING_FUNCTIONS, activation_slope_code, nudging_code


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
        Mistake("divided by n", lambda z, a, desired: _quadratic_delta(z, a, desired) / len(z),
                text.OUTPUT_DIVIDED_BY_N),
        Mistake("index 0", _index_zero, text.OUTPUT_INDEX_0),
        Mistake("z for a", lambda z, a, desired: sigmoid_prime(z) * (z - desired), text.OUTPUT_Z_FOR_A),
        Mistake("cost not slope", lambda z, a, desired: 0.5 * (desired - a) ** 2, text.OUTPUT_COST_NOT_SLOPE),
        Mistake("squared difference", lambda z, a, desired: (a - desired) ** 2, text.OUTPUT_COST_NOT_SLOPE),
        Mistake("no cost_derivative", lambda z, a, desired: sigmoid_prime(z), text.OUTPUT_NO_COST_SLOPE),
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
        Mistake("-dC/da", lambda z, a, desired: desired / a - (1 - desired) / (1 - a), text.CROSS_ENTROPY_MINUS_DC_DA),
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



# --- the sigmoid's slope, derived ---------------------------------------------------------------------------

NUDGE = 1e-5  # the step of the checker's own centred nudges
OVERFLOW = np.log(np.finfo(np.float64).max)  # about 709.78: e^z is inf above it


def _sigmoid_cases(seed: int) -> list[dict]:
    """Vectors of 5 to 8 weighted inputs: ordinary ones, one where sigma rounds to 0 or 1 (|z| near 40), and one
    beyond the overflow of e^|z| on each side."""
    rng = np.random.default_rng(seed)
    cases = []
    for n in (5, 6, 4, 7):
        ordinary = rng.normal(0, 2.5, size=n - 3)
        sign = rng.choice([-1.0, 1.0])
        extreme = [sign * rng.uniform(30, 50), -rng.uniform(OVERFLOW + 1, 1000), rng.uniform(OVERFLOW + 1, 1000)]
        cases.append({"z": rng.permutation(np.concatenate([ordinary, extreme]))})
    return cases


def _sigmoid_slope(z):
    """sigma'(z) = e^-|z| / (1 + e^-|z|)^2, which equals sigma(z)(1 - sigma(z)) and never overflows."""
    e = np.exp(-np.abs(z))
    return e / (1 + e) ** 2


def _stable_sigmoid(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def nudged_sigmoid_slope(case: dict) -> np.ndarray:
    """Centred nudges of the sigmoid at every entry of ``case['z']``."""
    z = case["z"]
    return (_stable_sigmoid(z + NUDGE) - _stable_sigmoid(z - NUDGE)) / (2 * NUDGE)


def _quotient_form(sign):
    """The quotient rule's result written with e^(sign z) as it comes, e^-z / (1 + e^-z)^2 (sign -1) or
    e^z / (1 + e^z)^2 (sign +1): NaN where that exponential overflows."""
    return lambda z: np.exp(sign * z) / (1 + np.exp(sign * z)) ** 2


def _confirm_sigmoid(cases, answers):
    error = max(relative_error(a, nudged_sigmoid_slope(c)) for a, c in zip(answers, cases))
    largest = max(float(np.max(np.abs(c["z"]))) for c in cases)
    return text.say(text.SIGMOID_CONFIRM, error=error, largest=largest), {"nudge_error": error}


SIGMOID_SLOPE = Exercise(
    name="sigmoid_slope",
    title=text.SIGMOID_SLOPE_TITLE,
    make_cases=_sigmoid_cases,
    reference=_sigmoid_slope,
    mistakes=(
        Mistake("sigma not sigma'", sigmoid, text.SIGMOID_SIGMA_NOT_SLOPE),
        Mistake("z(1-z)", lambda z: z * (1 - z), text.SIGMOID_Z_FOR_SIGMA),
        Mistake("lost minus", lambda z: -_sigmoid_slope(z), text.SIGMOID_LOST_MINUS),
        Mistake("no inner slope", lambda z: -sigmoid(z) ** 2, text.SIGMOID_NO_INNER_SLOPE),
        Mistake("no inner slope", lambda z: sigmoid(z) ** 2, text.SIGMOID_NO_INNER_SLOPE),
        Mistake("tanh's form", lambda z: 1 - sigmoid(z) ** 2, text.SIGMOID_TANH_FORM),
        Mistake("overflow", _quotient_form(-1), text.SIGMOID_OVERFLOW),
        Mistake("overflow", _quotient_form(1), text.SIGMOID_OVERFLOW),
    ),
    shape_hint=text.SIGMOID_SHAPE,
    nudged=nudged_sigmoid_slope,
    confirm=_confirm_sigmoid,
    may_not_read=(
        (("a",), text.SIGMOID_STORED_A),  # the notebook's stored activation: the slope is to come from z alone
        (NUDGING_FUNCTIONS + ("sigmoid_prime", "activate_derivative"), text.SIGMOID_CALLS_LIBRARY),
    ),
    may_not_call=activation_slope_code,  # tanh_prime(z / 2) / 4 too
    calls_forbidden=text.SIGMOID_CALLS_LIBRARY,
)

# --- the slopes of f = (x + y) z, by hand -------------------------------------------------------------------


def _graph_cases(seed: int) -> list[dict]:
    """Four (x, y, z), each number between -3 and 3 and at least 0.5 from the others' stand-ins (q = x + y is
    kept away from z and from 1, so that a swapped or unchained slope shows)."""
    rng = np.random.default_rng(seed)
    cases = []
    while len(cases) < 4:
        x, y, z = (float(v) for v in rng.uniform(-3, 3, size=3))
        q = x + y
        if min(abs(q - z), abs(q - 1), abs(z - 1), abs(x - z), abs(y - z)) > 0.5:
            cases.append({"x": x, "y": y, "z": z})
    return cases


def _graph_slopes(x, y, z):
    q = x + y
    df_dq = z  # the multiply node f = q z: each input's slope is the other input
    return np.array([df_dq * 1, df_dq * 1, q, df_dq])  # x and y reach f only through q, whose local slopes are 1


def nudged_graph_slopes(case: dict) -> np.ndarray:
    """Centred nudges of f = (x + y) z along x, y and z, and of f = q z along q."""
    x, y, z, h = case["x"], case["y"], case["z"], NUDGE

    def f(x, y, z):
        return (x + y) * z

    q = x + y
    return np.array([(f(x + h, y, z) - f(x - h, y, z)) / (2 * h), (f(x, y + h, z) - f(x, y - h, z)) / (2 * h),
                     (f(x, y, z + h) - f(x, y, z - h)) / (2 * h), ((q + h) * z - (q - h) * z) / (2 * h)])


GRAPH_SLOPES = Exercise(
    name="graph_slopes",
    title=text.GRAPH_SLOPES_TITLE,
    make_cases=_graph_cases,
    reference=_graph_slopes,
    mistakes=(
        Mistake("no chain through q", lambda x, y, z: (1.0, 1.0, x + y, z), text.GRAPH_NO_CHAIN),
        Mistake("swapped", lambda x, y, z: (x + y, x + y, z, x + y), text.GRAPH_SWAPPED),
        Mistake("swapped", lambda x, y, z: (z, z, z, x + y), text.GRAPH_SWAPPED),
        Mistake("values", lambda x, y, z: (x, y, z, x + y), text.GRAPH_VALUES),
        Mistake("own values", lambda x, y, z: (x * z, y * z, x + y, z), text.GRAPH_OWN_VALUES),
    ),
    shape_hint=text.GRAPH_SHAPE,
    nudged=nudged_graph_slopes,
    confirm=text.GRAPH_CONFIRM,
    may_not_read=((NUDGING_FUNCTIONS, text.GRAPH_CALLS_LIBRARY),),
    may_not_call=nudging_code,
    calls_forbidden=text.GRAPH_CALLS_LIBRARY,
)


EXERCISES = (SIGMOID_SLOPE, GRAPH_SLOPES, QUADRATIC, CROSS_ENTROPY)


def check_output_delta(output_delta, seed=0, time_limit=TIME_LIMIT) -> Verdict:
    """02, exercise 1: ``output_delta(z, a, desired)`` returns the bias slopes of a sigmoid output layer with the
    quadratic cost: activate_derivative(z) * cost_derivative(desired, a), element-wise, shaped like z."""
    return check(QUADRATIC, output_delta, seed, time_limit)


def check_cross_entropy_delta(cross_entropy_delta, seed=0, time_limit=TIME_LIMIT) -> Verdict:
    """02, exercise 2: ``cross_entropy_delta(z, a, desired)`` returns the bias slopes of a sigmoid output layer
    with the cross-entropy cost: a - desired (sigma'(z) cancels)."""
    return check(CROSS_ENTROPY, cross_entropy_delta, seed, time_limit)


def check_sigmoid_slope(sigmoid_slope, seed=0, time_limit=TIME_LIMIT) -> Verdict:
    """02, exercise 1: ``sigmoid_slope(z)`` returns sigma'(z), derived from sigma(z) = 1 / (1 + e^-z), element
    by element, finite for every z (also |z| = 1000). From z alone: reading the notebook's stored ``a``, calling
    a ready-made slope or nudging is refused, and an answer only close to sigma' is told what nudges give."""
    return check(SIGMOID_SLOPE, sigmoid_slope, seed, time_limit)


def check_graph_slopes(graph_slopes, seed=0, time_limit=TIME_LIMIT) -> Verdict:
    """02, exercise 2: ``graph_slopes(x, y, z)`` returns the slopes of f = (x + y) z with respect to x, y, z and
    the inner node q = x + y, worked out by hand: the four numbers (df_dx, df_dy, df_dz, df_dq). Nudging is
    refused."""
    return check(GRAPH_SLOPES, graph_slopes, seed, time_limit)
