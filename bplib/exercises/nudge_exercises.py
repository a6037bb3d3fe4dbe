"""Notebook 01's exercises: the article's one-sided nudge, and the centred nudge that checks backprop.

Each case is the loss of a small random layer as a function of one of its weights (``loss_of``), that weight's
``value``, and a step ``h``, different in every case (so that a step written into the answer shows); the answer
is one number, the slope.
"""

from __future__ import annotations

import numpy as np

from .. import centred_difference, forward_difference, random_network
from ..finite_differences import parameter_loss
from . import messages as text
from .checking import TIME_LIMIT, Exercise, Mistake, Verdict, check

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


EXERCISES = (FORWARD, CENTRED)


def check_forward_slope(forward_slope, seed=0, time_limit=TIME_LIMIT) -> Verdict:
    """01, exercise 1: ``forward_slope(loss_of, value, h)`` returns the article's one-sided nudge,
    (loss_of(value + h) - loss_of(value)) / h, one number."""
    return check(FORWARD, forward_slope, seed, time_limit)


def check_centred_slope(centred_slope, seed=0, time_limit=TIME_LIMIT) -> Verdict:
    """01, exercise 2: ``centred_slope(loss_of, value, h)`` returns (loss_of(value + h) - loss_of(value - h)) / 2h."""
    return check(CENTRED, centred_slope, seed, time_limit)
