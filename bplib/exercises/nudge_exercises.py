"""Notebook 01's exercises: the article's one-sided nudge, the centred nudge that checks backprop, and the
partial slope: a function of several inputs nudged along one of them, the others held.

The first two: each case is the loss of a small random layer as a function of one of its weights (``loss_of``),
that weight's ``value``, and a step ``h``, different in every case (so that a step written into the answer
shows); the answer is one number, the slope. The partial slope: each case is a function ``f`` of a vector
``inputs``, the input ``i`` to nudge and the step ``h``, all different in every case.
"""

from __future__ import annotations

import numpy as np

from .. import centred_difference, forward_difference, loss, random_network
from ..finite_differences import parameter_loss
from ..input_gradient import input_gradient
from . import messages as text
from .checking import TIME_LIMIT, Exercise, Mistake, Verdict, check
from .rules import NUDGING_FUNCTIONS, nudging_code

STEPS = (2e-2, 1e-2, 5e-3, 3e-2)  # the cases' steps: large enough that the two nudges differ visibly
NUDGE = 1e-5  # the centred step of the true slope (about 1e-10 from it here)
TOLERANCE = 1e-9  # a difference of two losses loses digits: right answers in any style agree to about 1e-13


def _loss_cases(seed: int) -> list[dict]:
    rng = np.random.default_rng(seed)
    cases = []
    for n, step in enumerate(STEPS):
        weights, biases = random_network([3, 2], seed=rng)
        x, y = rng.normal(size=3), rng.uniform(size=2)
        loss_of, value, _ = parameter_loss(weights, biases, x, y, "weight", 0, (n % 2, n % 3))
        cases.append({"loss_of": loss_of, "value": value, "h": step})
    return cases


def _forward(loss_of, value, h):
    return forward_difference(loss_of, value, h)


def _centred(loss_of, value, h):
    return centred_difference(loss_of, value, h)


def _fixed_step(method, step):
    return lambda loss_of, value, h: method(loss_of, value, step)


FIXED_STEPS = (1e-2, 1e-3, 1e-4, NUDGE, 1e-6, 0.1, 0.5)  # steps a learner may write in instead of h


def _distance_from_true_slope(cases, answers) -> float:
    return max(abs(float(a) - _centred(c["loss_of"], c["value"], NUDGE)) for a, c in zip(answers, cases))


def _confirm(message):
    def confirm(cases, answers):
        error = _distance_from_true_slope(cases, answers)
        return text.say(message, steps=", ".join(f"{c['h']:g}" for c in cases), error=error), {"slope_error": error}

    return confirm


FORWARD = Exercise(
    name="forward_slope",
    title=text.FORWARD_SLOPE_TITLE,
    make_cases=_loss_cases,
    reference=_forward,
    mistakes=(
        Mistake("centred", _centred, text.FORWARD_GAVE_CENTRED),
        Mistake("sign", lambda loss_of, value, h: -_forward(loss_of, value, h), text.FORWARD_SIGN),
        Mistake("no division", lambda loss_of, value, h: loss_of(value + h) - loss_of(value), text.FORWARD_NO_DIVISION),
        Mistake("2h", lambda loss_of, value, h: _forward(loss_of, value, h) / 2, text.FORWARD_2H),
        Mistake("backward", lambda loss_of, value, h: (loss_of(value) - loss_of(value - h)) / h, text.FORWARD_BACKWARD),
        *(Mistake("fixed step", _fixed_step(_forward, step), text.FIXED_STEP) for step in FIXED_STEPS),
    ),
    shape_hint=text.SLOPE_IS_A_NUMBER,
    confirm=_confirm(text.FORWARD_CONFIRM),
    tolerance=TOLERANCE,
)

CENTRED = Exercise(
    name="centred_slope",
    title=text.CENTRED_SLOPE_TITLE,
    make_cases=lambda seed: _loss_cases(seed + 1),
    reference=_centred,
    mistakes=(
        Mistake("forward", _forward, text.CENTRED_GAVE_FORWARD),
        Mistake("h not 2h", lambda loss_of, value, h: 2 * _centred(loss_of, value, h), text.CENTRED_H_NOT_2H),
        Mistake("sign", lambda loss_of, value, h: -_centred(loss_of, value, h), text.CENTRED_SIGN),
        Mistake("/ 2 * h", lambda loss_of, value, h: _centred(loss_of, value, h) * h * h, text.CENTRED_TIMES_H),
        *(Mistake("fixed step", _fixed_step(_centred, step), text.FIXED_STEP) for step in FIXED_STEPS),
    ),
    shape_hint=text.SLOPE_IS_A_NUMBER,
    confirm=_confirm(text.CENTRED_CONFIRM),
    tolerance=TOLERANCE,
)



# --- the partial slope --------------------------------------------------------------------------------------

PARTIAL_STEPS = (1e-2, 3e-2, 5e-3, 2e-2)  # large enough that nudging one input differs from nudging all


def _layer_loss_of_inputs(rng) -> tuple:
    """The loss of a random 4 -> 3 sigmoid layer as a function of its inputs, and that function's exact slopes."""
    weights, biases = random_network([4, 3], seed=rng)
    y = rng.uniform(size=3)
    return (lambda x: loss(weights, biases, x, y)), (lambda x: input_gradient(weights, biases, x, y))


def _partial_cases(seed: int) -> list[dict]:
    """Four functions of 3, 4, 4 and 2 inputs, nudged along input 1, the last, the first and the last: three of
    them along an input whose third derivative is not 0, so that a step written into the answer shows. The
    first case's i has inputs on both sides, so that a neighbour's slope is an answer there, not an error."""
    rng = np.random.default_rng(seed)
    layer_loss, layer_slopes = _layer_loss_of_inputs(rng)
    functions = (
        (lambda x: np.exp(x[0]) * x[1] + x[2] ** 3,
         lambda x: np.array([np.exp(x[0]) * x[1], np.exp(x[0]), 3 * x[2] ** 2]), 3, 1),
        (layer_loss, layer_slopes, 4, 3),
        (lambda x: np.sin(x[0] * x[1]) + x[1] * x[3] - x[2],
         lambda x: np.array([x[1] * np.cos(x[0] * x[1]), x[0] * np.cos(x[0] * x[1]) + x[3], -1.0, x[1]]), 4, 0),
        (lambda x: x[0] ** 3 * x[1] + np.cos(x[1]),
         lambda x: np.array([3 * x[0] ** 2 * x[1], x[0] ** 3 - np.sin(x[1])]), 2, 1),
    )
    cases = []
    for (f, slopes, n, i), h in zip(functions, PARTIAL_STEPS):
        inputs = rng.uniform(0.5, 1.5, size=n)
        cases.append({"f": f, "inputs": inputs, "i": i, "h": h, "_exact": float(slopes(inputs)[i])})
    return cases


def _along(i, n, h):
    """A vector of n zeros with h at position i: the nudge of input i alone."""
    step = np.zeros(n)
    step[i] = h
    return step


def _partial(f, inputs, i, h):
    step = _along(i, len(inputs), h)
    return (f(inputs + step) - f(inputs - step)) / (2 * h)


def _partial_forward(f, inputs, i, h):
    return (f(inputs + _along(i, len(inputs), h)) - f(inputs)) / h


def _half_forward(f, inputs, i, h):
    """What a learner gets whose nudged vectors are one array (up = inputs; up[i] += h; f(up); down = inputs;
    down[i] -= 2 * h; f(down)): f at inputs + h e_i and at inputs, over 2h."""
    return _partial_forward(f, inputs, i, h) / 2


def _all_inputs(f, inputs, i, h):
    return (f(inputs + h) - f(inputs - h)) / (2 * h)


def _partial_at(position):
    """The centred slope along the input at ``position(i, n)`` instead of i (raises where there is none, as
    inputs[n] does; inputs[-1] is the last, so i - 1 is taken modulo n)."""
    def slope(f, inputs, i, h):
        j = position(i, len(inputs))
        if not 0 <= j < len(inputs):
            raise IndexError(j)
        return _partial(f, inputs, j, h)

    return slope


def _partial_fixed_step(step):
    return lambda f, inputs, i, h: _partial(f, inputs, i, step)


def _public(compute):
    """``compute`` called with a case's public arguments only (a case also holds its exact slope, ``_exact``)."""
    return lambda **case: compute(**{name: value for name, value in case.items() if not name.startswith("_")})


def _confirm_partial(cases, answers):
    error = max(abs(float(a) - c["_exact"]) for a, c in zip(answers, cases))
    return text.say(text.PARTIAL_CONFIRM, steps=", ".join(f"{c['h']:g}" for c in cases), error=error), {
        "slope_error": error}


PARTIAL = Exercise(
    name="partial_slope",
    title=text.PARTIAL_SLOPE_TITLE,
    make_cases=_partial_cases,
    reference=_public(_partial),
    mistakes=(
        Mistake("all inputs", _public(_all_inputs), text.PARTIAL_ALL_INPUTS),
        Mistake("aliased", _public(_half_forward), text.PARTIAL_ALIASED),
        Mistake("aliased, both sides", _public(lambda f, inputs, i, h: 0.0), text.PARTIAL_ALIASED),
        Mistake("forward", _public(_partial_forward), text.PARTIAL_FORWARD),
        Mistake("h not 2h", _public(lambda f, inputs, i, h: 2 * _partial(f, inputs, i, h)), text.CENTRED_H_NOT_2H),
        Mistake("sign", _public(lambda f, inputs, i, h: -_partial(f, inputs, i, h)), text.CENTRED_SIGN),
        Mistake("input 0", _public(_partial_at(lambda i, n: 0)), text.PARTIAL_WRONG_INPUT),
        Mistake("i + 1", _public(_partial_at(lambda i, n: i + 1)), text.PARTIAL_WRONG_INPUT),
        Mistake("i - 1", _public(_partial_at(lambda i, n: (i - 1) % n)), text.PARTIAL_WRONG_INPUT),
        *(Mistake("fixed step", _public(_partial_fixed_step(step)), text.FIXED_STEP) for step in FIXED_STEPS),
    ),
    shape_hint=text.PARTIAL_IS_A_NUMBER,
    confirm=_confirm_partial,
    tolerance=TOLERANCE,
    may_not_read=((NUDGING_FUNCTIONS, text.PARTIAL_CALLS_LIBRARY),),
    may_not_call=nudging_code,  # its private helpers too (finite_differences._centred_slope)
    calls_forbidden=text.PARTIAL_CALLS_LIBRARY,
)

EXERCISES = (FORWARD, CENTRED, PARTIAL)


def check_forward_slope(forward_slope, seed=0, time_limit=TIME_LIMIT) -> Verdict:
    """01, exercise 1: ``forward_slope(loss_of, value, h)`` returns the article's one-sided nudge,
    (loss_of(value + h) - loss_of(value)) / h, one number."""
    return check(FORWARD, forward_slope, seed, time_limit)


def check_centred_slope(centred_slope, seed=0, time_limit=TIME_LIMIT) -> Verdict:
    """01, exercise 2: ``centred_slope(loss_of, value, h)`` returns (loss_of(value + h) - loss_of(value - h)) / 2h."""
    return check(CENTRED, centred_slope, seed, time_limit)


def check_partial_slope(partial_slope, seed=0, time_limit=TIME_LIMIT) -> Verdict:
    """01, exercise 3: ``partial_slope(f, inputs, i, h)`` returns the centred slope of ``f`` along input ``i``
    alone, (f(inputs + h e_i) - f(inputs - h e_i)) / 2h, the other inputs held: one number. It computes the
    nudge itself: a call of bplib's nudging functions is refused."""
    return check(PARTIAL, partial_slope, seed, time_limit)
