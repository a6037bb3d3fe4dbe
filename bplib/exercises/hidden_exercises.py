"""Notebook 04's exercises: the ratio of the article's hidden slope to the true one, predicted before the
notebook shows it; a hidden layer's delta (sigmoid units, then tanh units, the transfer exercise); the slope of
a weight used in two layers (a structure BP1-BP4 do not cover); and notebook 05's whole backward pass through
two sigmoid layers.

A hidden delta is confirmed by nudging the hidden biases of a small network whose output layer passes back
exactly ``delta_next`` (identity units, quadratic cost, desired outputs chosen so that a - y = delta_next).
"""

from __future__ import annotations

import sys
from dataclasses import replace

import numpy as np

from .. import backprop, centred_difference, forward, numerical_gradient, random_network
from ..activations import get_activation, sigmoid, sigmoid_prime
from ..examples import article_network
from . import messages as text
from .checking import TIME_LIMIT, Exercise, Mistake, Verdict, check, plain_number
from .list_slips import reversed_layers, swapped_pair, transposed_weight_slopes
from .rules import slope_code

TANH = get_activation("tanh")


def _hidden_cases(seed: int) -> list[dict]:
    rng = np.random.default_rng(seed)
    cases = []
    for n_next, n_hidden in ((3, 3), (4, 4), (2, 3), (3, 5)):  # square first: they tell W from W^T
        cases.append(
            {
                "delta_next": rng.normal(size=n_next),
                "weights_next": rng.normal(size=(n_next, n_hidden)),
                "z": rng.normal(size=n_hidden),
            }
        )
    return cases


def nudged_hidden_slopes(case: dict, activation: str) -> np.ndarray:
    """Centred nudges of the hidden biases of a network whose hidden weighted inputs are ``case['z']`` and whose
    output layer (identity units, quadratic cost) passes back ``case['delta_next']``."""
    weights_next, delta_next, z = case["weights_next"], case["delta_next"], case["z"]
    n_next, n_hidden = weights_next.shape
    weights, biases = [np.zeros((n_hidden, 1)), weights_next], [z.copy(), np.zeros(n_next)]
    y = weights_next @ get_activation(activation).activate(z) - delta_next  # so that a - y = delta_next
    activations = [activation, "identity"]
    return numerical_gradient(weights, biases, np.zeros(1), y, activation=activations, kind="bias", layer=0)


def _with_factor(factor):
    """A hidden delta (W^T delta_next) * factor(z), for a factor that may be right or wrong."""
    return lambda delta_next, weights_next, z: (weights_next.T @ delta_next) * factor(z)


def _before_transpose(factor):
    """The factor applied to delta_next before W^T: only possible when W is square."""
    return lambda delta_next, weights_next, z: weights_next.T @ (delta_next * factor(z))


def _transposed(factor):
    return lambda delta_next, weights_next, z: (weights_next @ delta_next) * factor(z)


def _missing_factor(delta_next, weights_next, z):
    return weights_next.T @ delta_next


def _transposed_missing_factor(delta_next, weights_next, z):
    return weights_next @ delta_next


SIGMOID_HIDDEN = Exercise(
    name="hidden_delta",
    title=text.HIDDEN_DELTA_TITLE,
    make_cases=_hidden_cases,
    reference=_with_factor(sigmoid_prime),
    mistakes=(
        Mistake("missing factor", _missing_factor, text.HIDDEN_MISSING_FACTOR),
        Mistake("transposed", _transposed(sigmoid_prime), text.HIDDEN_TRANSPOSED),
        Mistake("transposed, missing factor", _transposed_missing_factor, text.HIDDEN_TRANSPOSED_MISSING_FACTOR),
        Mistake("sigma' before W^T", _before_transpose(sigmoid_prime), text.HIDDEN_FACTOR_BEFORE_TRANSPOSE),
        Mistake("sigma not sigma'", _with_factor(sigmoid), text.HIDDEN_SIGMA_NOT_SLOPE),
        Mistake("z(1-z)", _with_factor(lambda z: z * (1 - z)), text.HIDDEN_Z_FOR_A),
        Mistake("derivative at a", _with_factor(lambda z: sigmoid_prime(sigmoid(z))), text.HIDDEN_SLOPE_AT_A),
        Mistake("tanh slope", _with_factor(TANH.activate_derivative), text.HIDDEN_TANH_SLOPE),
    ),
    shape_hint=text.DELTA_SHAPE,
    nudged=lambda case: nudged_hidden_slopes(case, "sigmoid"),
    confirm=text.HIDDEN_CONFIRM,
)

TANH_HIDDEN = Exercise(
    name="tanh_hidden_delta",
    title=text.TANH_DELTA_TITLE,
    make_cases=lambda seed: _hidden_cases(seed + 2),
    reference=_with_factor(TANH.activate_derivative),
    mistakes=(
        Mistake("sigmoid slope", _with_factor(sigmoid_prime), text.TANH_SIGMOID_SLOPE),
        Mistake("missing factor", _missing_factor, text.HIDDEN_MISSING_FACTOR),
        Mistake("tanh not tanh'", _with_factor(np.tanh), text.TANH_NOT_SLOPE),
        Mistake("1 - tanh", _with_factor(lambda z: 1 - np.tanh(z)), text.TANH_NOT_SQUARED),
        Mistake("(1 - tanh)²", _with_factor(lambda z: (1 - np.tanh(z)) ** 2), text.TANH_SQUARE_OUTSIDE),
        Mistake("1 - z^2", _with_factor(lambda z: 1 - z**2), text.TANH_Z_FOR_A),
        Mistake("tanh twice", _with_factor(lambda z: 1 - np.tanh(np.tanh(z)) ** 2), text.TANH_TWICE),
        Mistake("transposed", _transposed(TANH.activate_derivative), text.HIDDEN_TRANSPOSED),
        Mistake("transposed, missing factor", _transposed_missing_factor, text.HIDDEN_TRANSPOSED_MISSING_FACTOR),
        Mistake("tanh' before W^T", _before_transpose(TANH.activate_derivative), text.HIDDEN_FACTOR_BEFORE_TRANSPOSE),
    ),
    shape_hint=text.DELTA_SHAPE,
    nudged=lambda case: nudged_hidden_slopes(case, "tanh"),
    confirm=text.HIDDEN_CONFIRM,
)


# --- a whole backward pass -----------------------------------------------------------------------------------


def _network_cases(seed: int) -> list[dict]:
    rng = np.random.default_rng(seed + 4)
    cases = []
    for sizes in ([4, 3, 3], [2, 5, 3], [3, 4, 2]):
        weights, biases = random_network(sizes, seed=rng)
        cases.append(
            {"weights": weights, "biases": biases, "x": rng.normal(size=sizes[0]), "y": rng.uniform(size=sizes[-1])}
        )
    return cases


def _two_layers(weights, biases, x, y, slope=None, a1_for_weights=None, sign=1.0, hidden_factor=True,
                output_factor=True, transposed=True):
    """Backprop through two sigmoid layers, written out, with switches for the usual mistakes."""
    (z0, z1), (_, a1, a2) = forward(weights, biases, x)  # layers counted from 0, as in notebook 04
    slope = slope or (lambda z, a: a * (1 - a))
    delta1 = (slope(z1, a2) if output_factor else 1.0) * (a2 - y) * sign
    back = weights[1].T if transposed else weights[1]  # W_next itself fits only a square layer
    delta0 = back @ delta1 * (slope(z0, a1) if hidden_factor else 1.0)
    a1_for_weights = a1 if a1_for_weights is None else a1_for_weights(z0, a1)
    return [delta0, delta1], [np.outer(delta0, x), np.outer(delta1, a1_for_weights)]


TWO_LAYERS = Exercise(
    name="backprop_two_layers",
    title=text.TWO_LAYERS_TITLE,
    make_cases=_network_cases,
    reference=backprop,
    mistakes=(
        Mistake("missing factor", lambda **c: _two_layers(**c, hidden_factor=False), text.TWO_LAYERS_MISSING_FACTOR),
        Mistake(
            "output missing factor",
            lambda **c: _two_layers(**c, output_factor=False),
            text.TWO_LAYERS_OUTPUT_MISSING_FACTOR,
        ),
        Mistake(
            "both factors missing",
            lambda **c: _two_layers(**c, hidden_factor=False, output_factor=False),
            text.TWO_LAYERS_NO_FACTORS,
        ),
        Mistake("factor 2", lambda **c: _two_layers(**c, sign=2.0), text.OUTPUT_FACTOR_2),
        Mistake("reversed layers", reversed_layers(backprop), text.TWO_LAYERS_REVERSED),
        Mistake("swapped pair", swapped_pair(backprop), text.GRADIENTS_SWAPPED),
        Mistake("transposed weight slopes", transposed_weight_slopes(backprop), text.TWO_LAYERS_TRANSPOSED),
        Mistake("z for a", lambda **c: _two_layers(**c, a1_for_weights=lambda z, a: z), text.TWO_LAYERS_Z_FOR_A),
        Mistake("z(1-z)", lambda **c: _two_layers(**c, slope=lambda z, a: z * (1 - z)), text.TWO_LAYERS_Z_SLOPE),
        Mistake("derivative at a", lambda **c: _two_layers(**c, slope=lambda z, a: sigmoid_prime(a)),
                text.HIDDEN_SLOPE_AT_A),
        Mistake("W not W^T", lambda **c: _two_layers(**c, transposed=False), text.HIDDEN_TRANSPOSED),
        Mistake("flipped sign", lambda **c: _two_layers(**c, sign=-1.0), text.TWO_LAYERS_FLIPPED_SIGN),
    ),
    parts=("bias_grads", "weight_grads"),
    shape_hint=text.GRADIENT_SHAPES,
    nudged=lambda case: numerical_gradient(**case),
    confirm=text.BACKPROP_CONFIRM,
    may_not_call=slope_code,
    calls_forbidden=text.BACKPROP_CALLS_FORBIDDEN,
)


# --- a prediction: the ratio of the article's hidden slope to the true one ------------------------------------

RATIO_UNIT = 1  # the hidden unit whose graph notebook 04 draws
RATIO_TOLERANCE = 0.025  # relative error (cs231n's, as the engine measures it): a prediction about 5 % off is right


def article_and_true_slopes(unit: int = RATIO_UNIT) -> tuple[float, float, float]:
    """For hidden bias ``unit`` of the article's 4 -> 3 -> 3 network: the article's slope (W1^T delta1)[unit],
    the true slope delta0[unit] from backprop, and the hidden weighted input z0[unit]."""
    weights, biases, x, y = article_network()
    bias_grads, _ = backprop(weights, biases, x, y)
    zs, _ = forward(weights, biases, x)
    return float((weights[1].T @ bias_grads[1])[unit]), float(bias_grads[0][unit]), float(zs[0][unit])


def _true_ratio() -> float:
    article_slope, true_slope, _ = article_and_true_slopes()
    return article_slope / true_slope


def _ratio_with(factor) -> float:
    """1 / factor(z0[unit]): the ratio a prediction gives that takes ``factor`` for the missing link."""
    return 1.0 / float(factor(np.array(article_and_true_slopes()[2])))


def _nudged_true_slope() -> float:
    weights, biases, x, y = article_network()
    return float(numerical_gradient(weights, biases, x, y, kind="bias", layer=0)[RATIO_UNIT])


def _ratio_confirm(cases: list[dict], answers: list) -> tuple[str, dict[str, float]]:
    """The whole message of a right prediction (``check_ratio_prediction`` shows it alone): the two slopes, the
    ratio, how far off the prediction is, and how closely the nudges agree with the true slope."""
    article_slope, true_slope, _ = article_and_true_slopes()
    ratio, prediction = article_slope / true_slope, float(answers[0])
    measured = {"article": article_slope, "true": true_slope, "ratio": ratio, "prediction": prediction,
                "off": abs(prediction - ratio) / ratio * 100,
                "nudge_error": abs(_nudged_true_slope() - true_slope) / abs(true_slope)}
    return text.say(text.RATIO_CONFIRM, **measured), measured


RATIO_PREDICTION = Exercise(
    name="ratio_prediction",
    title=text.RATIO_TITLE,
    make_cases=lambda seed: [{}],  # one question, about the article's network: nothing to vary
    reference=_true_ratio,
    mistakes=(
        Mistake("the article is right", lambda: 1.0, text.RATIO_ARTICLE_RIGHT),
        Mistake("upside down", lambda: 1 / _true_ratio(), text.RATIO_UPSIDE_DOWN),
        Mistake("sigma not sigma'", lambda: _ratio_with(sigmoid), text.RATIO_SIGMA_NOT_SLOPE),
        Mistake("z(1-z)", lambda: _ratio_with(lambda z: z * (1 - z)), text.RATIO_Z_FOR_A),
        Mistake("flipped sign", lambda: -_true_ratio(), text.RATIO_FLIPPED_SIGN),
    ),
    shape_hint=text.RATIO_ONE_NUMBER,
    confirm=_ratio_confirm,
    tolerance=RATIO_TOLERANCE,
)


def _plain_number(value) -> float | None:
    """``value`` as a float when it is a plain real number (a Python or numpy number, or a 0-d float array):
    only those are read a second time; anything else keeps the engine's own verdict."""
    if type(value) is np.ndarray and value.shape == () and value.dtype.kind in "fiu":
        value = value[()]  # numpy's own number
    number = plain_number(value)  # read by its base type: a subclass's __float__ is the learner's code, untimed
    return None if number is None or abs(number) > sys.float_info.max else float(number)


def _how_far(verdict: Verdict, prediction) -> Verdict:
    """A prediction farther off than the tolerance, and no mistake the checker knows: which way, and how far."""
    if verdict.kind != "values":
        return verdict
    got = _plain_number(prediction)
    if got is None or not np.isfinite(got):
        return verdict
    ratio = _true_ratio()
    if got <= 0:
        message = text.RATIO_NOT_POSITIVE
    elif got < 1:
        message = text.RATIO_BELOW_ONE
    else:
        message = text.RATIO_TOO_SMALL if got < ratio else text.RATIO_TOO_LARGE
    return replace(verdict, message=text.say(message, got=got, ratio=ratio))


# --- a weight used twice: a structure BP1-BP4 do not cover ----------------------------------------------------


def _shared_cases(seed: int) -> list[dict]:
    """A chain of two sigmoid neurons that both use the weight w: z0 = w x + b0, a1 = sigma(z0),
    z1 = w a1 + b1, a2 = sigma(z1), C = (a2 - y)^2 / 2. Every number varies from case to case."""
    rng = np.random.default_rng(seed + 6)
    cases = []
    for _ in range(4):
        w = float(rng.choice([-1.0, 1.0]) * rng.uniform(0.5, 2.0))  # well away from 0: both uses matter
        cases.append({"w": w, "b0": rng.normal(0, 0.5), "b1": rng.normal(0, 0.5), "x": rng.normal(0, 1.5),
                      "y": rng.uniform(0, 1)})
    return cases


def _each_use(w, b0, b1, x, y, hidden_w=True, hidden_factor=True, sign=1.0) -> tuple[float, float]:
    """The slope of C for each use of w, each use taken as a weight of its own: (layer 1's, layer 0's). The
    switches make the usual slips in the second (the path back through layer 1's use of w, and sigma'(z0))."""
    a1 = float(sigmoid(w * x + b0))
    a2 = float(sigmoid(w * a1 + b1))
    delta1 = sign * a2 * (1 - a2) * (a2 - y)  # BP1
    delta0 = (w if hidden_w else 1.0) * delta1 * (a1 * (1 - a1) if hidden_factor else 1.0)  # BP2 in scalars
    return delta1 * a1, delta0 * x  # BP4 for each use


def shared_loss(w, b0, b1, x, y) -> float:
    """The chain's loss, with w in both layers."""
    a1 = sigmoid(w * x + b0)
    return float(0.5 * (sigmoid(w * a1 + b1) - y) ** 2)


def nudged_shared_slope(case: dict) -> float:
    """A centred nudge of w, which moves both of its uses at once."""
    rest = {name: value for name, value in case.items() if name != "w"}
    return centred_difference(lambda w: shared_loss(w, **rest), case["w"], 1e-5)


SHARED_WEIGHT = Exercise(
    name="shared_weight_slope",
    title=text.SHARED_TITLE,
    make_cases=_shared_cases,
    reference=lambda **case: sum(_each_use(**case)),
    mistakes=(
        Mistake("only layer 1's use", lambda **case: _each_use(**case)[0], text.SHARED_ONLY_LAYER_1),
        Mistake("only layer 0's use", lambda **case: _each_use(**case)[1], text.SHARED_ONLY_LAYER_0),
        Mistake("averaged", lambda **case: sum(_each_use(**case)) / 2, text.SHARED_AVERAGED),
        Mistake("no w on the way back", lambda **case: sum(_each_use(**case, hidden_w=False)), text.SHARED_NO_W_BACK),
        Mistake("missing factor", lambda **case: sum(_each_use(**case, hidden_factor=False)),
                text.SHARED_MISSING_FACTOR),
        Mistake("flipped sign", lambda **case: sum(_each_use(**case, sign=-1.0)), text.SHARED_FLIPPED_SIGN),
    ),
    shape_hint=text.SHARED_ONE_NUMBER,
    nudged=nudged_shared_slope,
    confirm=text.SHARED_CONFIRM,
)

EXERCISES = (SIGMOID_HIDDEN, TWO_LAYERS, SHARED_WEIGHT, TANH_HIDDEN)
PREDICTIONS = (RATIO_PREDICTION,)  # a number written down before the notebook shows it, not a function


def check_ratio_prediction(prediction, time_limit=TIME_LIMIT) -> Verdict:
    """04, before the nudges: ``prediction`` is the number the learner expects for the article's slope of hidden
    bias 1 over the true one, in the article's network (a number, or an expression of the notebook's values).
    Right within about 5 %; the verdict says how far off, and the true ratio."""
    if prediction is None:
        return Verdict(text.say(RATIO_PREDICTION.title), "not done", text.say(text.RATIO_NONE), "not done")
    verdict = check(RATIO_PREDICTION, lambda: prediction, 0, time_limit)
    if verdict.passed:  # one question, not random cases: the confirmation alone says it
        return replace(verdict, message=text.say(text.RATIO_CONFIRM, **verdict.measured))
    return replace(_how_far(verdict, prediction), details=[])  # no case to describe: it has no arguments


def check_shared_weight_slope(shared_weight_slope, seed=0, time_limit=TIME_LIMIT) -> Verdict:
    """04, exercise 2: ``shared_weight_slope(w, b0, b1, x, y)`` returns dC/dw, one number, for the chain
    z0 = w x + b0, a1 = sigma(z0), z1 = w a1 + b1, a2 = sigma(z1), C = (a2 - y)^2 / 2, where w is used twice:
    the sum of the slopes of its two uses."""
    return check(SHARED_WEIGHT, shared_weight_slope, seed, time_limit)


def check_hidden_delta(hidden_delta, seed=0, time_limit=TIME_LIMIT) -> Verdict:
    """04, exercise 1: ``hidden_delta(delta_next, weights_next, z)`` returns a sigmoid hidden layer's bias slopes,
    (W_next^T delta_next) * sigma'(z), shaped like z."""
    return check(SIGMOID_HIDDEN, hidden_delta, seed, time_limit)


def check_tanh_hidden_delta(tanh_hidden_delta, seed=0, time_limit=TIME_LIMIT) -> Verdict:
    """04, exercise 3 (transfer): ``tanh_hidden_delta(delta_next, weights_next, z)`` returns a tanh hidden layer's
    bias slopes, (W_next^T delta_next) * (1 - tanh(z)^2), shaped like z."""
    return check(TANH_HIDDEN, tanh_hidden_delta, seed, time_limit)


def check_backprop_two_layers(backprop_two_layers, seed=0, time_limit=TIME_LIMIT) -> Verdict:
    """05, exercise 1: ``backprop_two_layers(weights, biases, x, y)`` returns ``(bias_grads, weight_grads)`` of a
    two-layer sigmoid network with the quadratic cost, for one sample: lists shaped like biases and weights."""
    return check(TWO_LAYERS, backprop_two_layers, seed, time_limit)
