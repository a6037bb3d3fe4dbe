"""Notebook 07's exercises: the slope of the cost with respect to the input pixels, and accuracy per digit.

The input slopes take a two-layer sigmoid network with the quadratic cost and a batch, each sample with its own
slopes; a right answer is confirmed against centred nudges of the inputs. Accuracy per digit takes a confusion
matrix.
"""

from __future__ import annotations

import numpy as np

from ..activations import sigmoid_prime
from ..input_gradient import input_gradient, nudged_input_gradient
from ..network import backprop, random_network
from . import messages as text
from .checking import Exercise, Mistake, Verdict, check
from .confirmations import by_nudging
from .safety import TIME_LIMIT


def _input_cases(seed: int) -> list[dict]:
    rng = np.random.default_rng(seed)
    cases = []
    for sizes, m in (([4, 4, 3], 5), ([6, 3, 2], 3), ([3, 5, 4], 6)):  # square first: it tells W from W^T
        weights, biases = random_network(sizes, seed=rng)
        x, y = rng.uniform(size=(m, sizes[0])), rng.uniform(size=(m, sizes[-1]))
        cases.append({"weights": weights, "biases": biases, "x": x, "y": y})
    return cases


def _each_sample(slopes_of_one):
    """A batch answer made from a one-sample one, a row per sample: how each mistake looks in a batch."""

    def batch(weights, biases, x, y):
        return np.array([slopes_of_one(weights, biases, x_i, y_i) for x_i, y_i in zip(x, y)])

    return batch


def _delta(weights, biases, x, y, layer: int) -> np.ndarray:
    return backprop(weights, biases, x, y)[0][layer]


def _averaged(weights, biases, x, y) -> np.ndarray:
    """backprop on the whole batch averages the deltas: the same row for every sample."""
    return np.tile(weights[0].T @ _delta(weights, biases, x, y, 0), (len(x), 1))


INPUT_SLOPES = Exercise(
    name="input_slopes",
    title=text.INPUT_SLOPES_TITLE,
    make_cases=_input_cases,
    reference=input_gradient,
    mistakes=(
        Mistake("averaged over the batch", _averaged, text.INPUT_AVERAGED),
        Mistake("delta itself", _each_sample(lambda w, b, x, y: _delta(w, b, x, y, 0)), text.INPUT_DELTA_ITSELF),
        Mistake("W not W^T", _each_sample(lambda w, b, x, y: w[0] @ _delta(w, b, x, y, 0)), text.INPUT_NOT_TRANSPOSED),
        Mistake(
            "a sigma' too many",
            lambda weights, biases, x, y: input_gradient(weights, biases, x, y) * sigmoid_prime(x),
            text.INPUT_EXTRA_FACTOR,
        ),
        Mistake(
            "one layer short",
            _each_sample(lambda w, b, x, y: w[1].T @ _delta(w, b, x, y, 1)),
            text.INPUT_ONE_LAYER_SHORT,
        ),
        Mistake("sign", lambda weights, biases, x, y: -input_gradient(weights, biases, x, y), text.INPUT_SIGN),
    ),
    shape_hint=text.INPUT_SLOPES_SHAPE,
    confirm=by_nudging(text.INPUT_CONFIRM, lambda case: nudged_input_gradient(**case)),
)


def _confusion_cases(seed: int) -> list[dict]:
    """Confusion matrices of 10 digits: every digit present and every answer given, right more often than not,
    and the mistakes lopsided, so that rows and columns add up differently."""
    rng = np.random.default_rng(seed)
    cases = []
    for most_wrong in (4, 9, 2):
        confusion = rng.integers(0, most_wrong + 1, size=(10, 10))
        np.fill_diagonal(confusion, rng.integers(10, 40, size=10))
        cases.append({"confusion": confusion})
    return cases


def _accuracy_per_digit(confusion) -> np.ndarray:
    return np.diag(confusion) / confusion.sum(axis=1)  # row t: the digits t, and what they were read as


ACCURACY_PER_DIGIT = Exercise(
    name="accuracy_per_digit",
    title=text.ACCURACY_PER_DIGIT_TITLE,
    make_cases=_confusion_cases,
    reference=_accuracy_per_digit,
    mistakes=(
        Mistake("by answer", lambda confusion: np.diag(confusion) / confusion.sum(axis=0), text.ACCURACY_BY_ANSWER),
        Mistake("counts", lambda confusion: np.diag(confusion).astype(float), text.ACCURACY_COUNTS),
        Mistake("percent", lambda confusion: 100 * _accuracy_per_digit(confusion), text.ACCURACY_PERCENT),
        Mistake("error rate", lambda confusion: 1 - _accuracy_per_digit(confusion), text.ACCURACY_ERROR_RATE),
        Mistake(
            "overall",
            lambda confusion: np.full(10, np.trace(confusion) / confusion.sum()),
            text.ACCURACY_OVERALL,
        ),
    ),
    shape_hint=text.ACCURACY_PER_DIGIT_SHAPE,
)

EXERCISES = (INPUT_SLOPES, ACCURACY_PER_DIGIT)


def check_input_gradient(input_slopes, seed=0, time_limit=TIME_LIMIT) -> Verdict:
    """07, exercise 1: ``input_slopes(weights, biases, x, y)`` returns dC/dx = W_0^T delta_0 for each sample of a
    batch ``x`` ``(m, n_in)``, a row per sample (not averaged), for a two-layer sigmoid network with the quadratic
    cost."""
    return check(INPUT_SLOPES, input_slopes, seed, time_limit)


def check_accuracy_per_digit(accuracy_per_digit, seed=0, time_limit=TIME_LIMIT) -> Verdict:
    """07, exercise 2: ``accuracy_per_digit(confusion)`` returns, for each digit d, the fraction of the d's read
    right, from a confusion matrix whose entry ``[t, a]`` counts the digits t answered a."""
    return check(ACCURACY_PER_DIGIT, accuracy_per_digit, seed, time_limit)
