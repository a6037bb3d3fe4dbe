"""Notebook 07's exercises: the slope of the cost with respect to the input pixels, and accuracy.

The input slopes take a two-layer sigmoid network with the quadratic cost and one sample; a right answer is
confirmed against centred nudges of the inputs. Accuracy takes a batch of output activations and their labels.
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
    for sizes in ([4, 4, 3], [6, 3, 2], [3, 5, 4]):  # square first: it tells W from W^T, and delta from dC/dx
        weights, biases = random_network(sizes, seed=rng)
        cases.append(
            {"weights": weights, "biases": biases, "x": rng.uniform(size=sizes[0]), "y": rng.uniform(size=sizes[-1])}
        )
    return cases


def _delta(weights, biases, x, y, layer: int) -> np.ndarray:
    return backprop(weights, biases, x, y)[0][layer]


INPUT_SLOPES = Exercise(
    name="input_slopes",
    title=text.INPUT_SLOPES_TITLE,
    make_cases=_input_cases,
    reference=input_gradient,
    mistakes=(
        Mistake(
            "delta itself", lambda weights, biases, x, y: _delta(weights, biases, x, y, 0), text.INPUT_DELTA_ITSELF
        ),
        Mistake(
            "W not W^T",
            lambda weights, biases, x, y: weights[0] @ _delta(weights, biases, x, y, 0),
            text.INPUT_NOT_TRANSPOSED,
        ),
        Mistake(
            "a sigma' too many",
            lambda weights, biases, x, y: input_gradient(weights, biases, x, y) * sigmoid_prime(x),
            text.INPUT_EXTRA_FACTOR,
        ),
        Mistake(
            "one layer short",
            lambda weights, biases, x, y: weights[1].T @ _delta(weights, biases, x, y, 1),
            text.INPUT_ONE_LAYER_SHORT,
        ),
        Mistake("sign", lambda weights, biases, x, y: -input_gradient(weights, biases, x, y), text.INPUT_SIGN),
    ),
    shape_hint=text.INPUT_SLOPES_SHAPE,
    confirm=by_nudging(text.INPUT_CONFIRM, lambda case: nudged_input_gradient(**case)),
)


def _accuracy_cases(seed: int) -> list[dict]:
    rng = np.random.default_rng(seed)
    cases = []
    for m in (10, 7, 25):  # 10 samples first: then the wrong axis gives an answer of the right size
        outputs = rng.uniform(size=(m, 10))
        labels = np.where(rng.uniform(size=m) < 0.6, np.argmax(outputs, axis=1), rng.integers(0, 10, size=m))
        cases.append({"outputs": outputs, "labels": labels})
    return cases


def _accuracy(outputs, labels) -> float:
    return float(np.mean(np.argmax(outputs, axis=1) == labels))


ACCURACY = Exercise(
    name="accuracy",
    title=text.ACCURACY_TITLE,
    make_cases=_accuracy_cases,
    reference=_accuracy,
    mistakes=(
        Mistake(
            "count",
            lambda outputs, labels: float(np.sum(np.argmax(outputs, axis=1) == labels)),
            text.ACCURACY_COUNT,
        ),
        Mistake("percent", lambda outputs, labels: 100 * _accuracy(outputs, labels), text.ACCURACY_PERCENT),
        Mistake("error rate", lambda outputs, labels: 1 - _accuracy(outputs, labels), text.ACCURACY_ERROR_RATE),
        Mistake(
            "wrong axis",
            lambda outputs, labels: float(np.mean(np.argmax(outputs, axis=0) == labels)),
            text.ACCURACY_WRONG_AXIS,
        ),
    ),
)

EXERCISES = (INPUT_SLOPES, ACCURACY)


def check_input_gradient(input_slopes, seed=0, time_limit=TIME_LIMIT) -> Verdict:
    """07, exercise 1: ``input_slopes(weights, biases, x, y)`` returns dC/dx = W_1^T delta_1 for one sample of a
    two-layer sigmoid network with the quadratic cost, shaped like ``x``."""
    return check(INPUT_SLOPES, input_slopes, seed, time_limit)


def check_accuracy(accuracy, seed=0, time_limit=TIME_LIMIT) -> Verdict:
    """07, exercise 2: ``accuracy(outputs, labels)`` returns the fraction of samples whose largest output is at the
    position of their label; ``outputs`` is ``(m, 10)``, ``labels`` ``(m,)`` integers."""
    return check(ACCURACY, accuracy, seed, time_limit)
