"""Notebook 04's exercises: a hidden layer's delta (sigmoid units, then tanh units, the transfer exercise), and
a whole backward pass through two sigmoid layers.

A hidden delta is confirmed by nudging the hidden biases of a small network whose output layer passes back
exactly ``delta_next`` (identity units, quadratic cost, desired outputs chosen so that a - y = delta_next).
"""

from __future__ import annotations

import numpy as np

from .. import backprop, forward, numerical_gradient, random_network
from ..activations import get_activation, sigmoid, sigmoid_prime
from . import messages as text
from .checking import TIME_LIMIT, Exercise, Mistake, Verdict, check

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


def _two_layers(weights, biases, x, y,
                slope=None, a1_for_weights=None, sign=1.0, hidden_factor=True, output_factor=True):
    """Backprop through two sigmoid layers, written out, with switches for the usual mistakes."""
    (z0, z1), (_, a1, a2) = forward(weights, biases, x)  # layers counted from 0, as in notebook 04
    slope = slope or (lambda z, a: a * (1 - a))
    delta1 = (slope(z1, a2) if output_factor else 1.0) * (a2 - y) * sign
    delta0 = weights[1].T @ delta1 * (slope(z0, a1) if hidden_factor else 1.0)
    a1_for_weights = a1 if a1_for_weights is None else a1_for_weights(z0, a1)
    return [delta0, delta1], [np.outer(delta0, x), np.outer(delta1, a1_for_weights)]


def _reversed_layers(weights, biases, x, y):
    bias_grads, weight_grads = backprop(weights, biases, x, y)
    return bias_grads[::-1], weight_grads[::-1]


def _swapped_pair(weights, biases, x, y):
    bias_grads, weight_grads = backprop(weights, biases, x, y)
    return weight_grads, bias_grads


def _transposed_weight_slopes(weights, biases, x, y):
    bias_grads, weight_grads = backprop(weights, biases, x, y)
    return bias_grads, [g.T for g in weight_grads]


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
        Mistake("reversed layers", _reversed_layers, text.TWO_LAYERS_REVERSED),
        Mistake("swapped pair", _swapped_pair, text.GRADIENTS_SWAPPED),
        Mistake("transposed weight slopes", _transposed_weight_slopes, text.TWO_LAYERS_TRANSPOSED),
        Mistake("z for a", lambda **c: _two_layers(**c, a1_for_weights=lambda z, a: z), text.TWO_LAYERS_Z_FOR_A),
        Mistake("z(1-z)", lambda **c: _two_layers(**c, slope=lambda z, a: z * (1 - z)), text.TWO_LAYERS_Z_SLOPE),
        Mistake("flipped sign", lambda **c: _two_layers(**c, sign=-1.0), text.TWO_LAYERS_FLIPPED_SIGN),
    ),
    parts=("bias_grads", "weight_grads"),
    shape_hint=text.GRADIENT_SHAPES,
    nudged=lambda case: numerical_gradient(**case),
    confirm=text.BACKPROP_CONFIRM,
)


EXERCISES = (SIGMOID_HIDDEN, TWO_LAYERS, TANH_HIDDEN)


def check_hidden_delta(hidden_delta, seed=0, time_limit=TIME_LIMIT) -> Verdict:
    """04, exercise 1: ``hidden_delta(delta_next, weights_next, z)`` returns a sigmoid hidden layer's bias slopes,
    (W_next^T delta_next) * sigma'(z), shaped like z."""
    return check(SIGMOID_HIDDEN, hidden_delta, seed, time_limit)


def check_tanh_hidden_delta(tanh_hidden_delta, seed=0, time_limit=TIME_LIMIT) -> Verdict:
    """04, exercise 3 (transfer): ``tanh_hidden_delta(delta_next, weights_next, z)`` returns a tanh hidden layer's
    bias slopes, (W_next^T delta_next) * (1 - tanh(z)^2), shaped like z."""
    return check(TANH_HIDDEN, tanh_hidden_delta, seed, time_limit)


def check_backprop_two_layers(backprop_two_layers, seed=0, time_limit=TIME_LIMIT) -> Verdict:
    """04, exercise 2: ``backprop_two_layers(weights, biases, x, y)`` returns ``(bias_grads, weight_grads)`` of a
    two-layer sigmoid network with the quadratic cost, for one sample: lists shaped like biases and weights."""
    return check(TWO_LAYERS, backprop_two_layers, seed, time_limit)
