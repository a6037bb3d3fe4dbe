"""The checkers of notebook 07's exercises: the slope of the cost with respect to the inputs, and accuracy.

Written against the engine's public interface (``check``, ``Mistake``, ``Verdict``), like ``checkers``.
"""

from __future__ import annotations

import numpy as np

from ..activations import sigmoid_prime
from ..input_gradient import input_gradient, nudged_input_gradient
from ..network import backprop, random_network
from .checking import Mistake, Verdict, check, flat

SEE_07_INPUT = "see 07, 'Backprop one layer further'"


def _input_cases(seed):
    rng = np.random.default_rng(seed)
    cases = []
    for sizes in ([4, 4, 3], [6, 3, 2], [3, 5, 4]):  # square first: it tells W from W^T, and delta from dC/dx
        weights, biases = random_network(sizes, seed=rng)
        cases.append(
            {"weights": weights, "biases": biases, "x": rng.uniform(size=sizes[0]), "y": rng.uniform(size=sizes[-1])}
        )
    return cases


def _deltas(weights, biases, x, y):
    bias_grads, _ = backprop(weights, biases, x, y)
    return bias_grads


def check_input_gradient(input_gradient_of, seed=0) -> Verdict:
    """07, exercise 1: ``input_gradient(weights, biases, x, y)`` returns dC/dx = W_1^T delta_1 for one sample of
    a two-layer sigmoid network with the quadratic cost, shaped like ``x``."""
    mistakes = [
        Mistake(
            "delta itself",
            lambda weights, biases, x, y: _deltas(weights, biases, x, y)[0],
            "you returned delta_1, the first layer's bias slopes: one more step back is needed, through the "
            "first layer's weights, W_1^T delta_1; " + SEE_07_INPUT,
        ),
        Mistake(
            "W not W^T",
            lambda weights, biases, x, y: weights[0] @ _deltas(weights, biases, x, y)[0],
            "you multiplied by W_1 instead of its transpose: input k collects column k of W_1 "
            "(weights[0].T @ delta_1); " + SEE_07_INPUT,
        ),
        Mistake(
            "a sigma' too many",
            lambda weights, biases, x, y: (weights[0].T @ _deltas(weights, biases, x, y)[0]) * sigmoid_prime(x),
            "you multiplied by sigma'(x): the inputs pass through no activation, so the step back to them has "
            "no activate_derivative factor; " + SEE_07_INPUT,
        ),
        Mistake(
            "one layer short",
            lambda weights, biases, x, y: weights[1].T @ _deltas(weights, biases, x, y)[1],
            "you stopped at the hidden layer: W_2^T delta_2 is the slope with respect to the hidden activations; "
            "go on through sigma'(z_1) and W_1; " + SEE_07_INPUT,
        ),
        Mistake(
            "sign",
            lambda weights, biases, x, y: -input_gradient(weights, biases, x, y),
            "your slopes have the wrong sign: delta_1 = dC/dz_1 as backprop gives it, not minus it; " + SEE_07_INPUT,
        ),
    ]

    def confirm(cases, answers):
        worst = max(float(np.max(np.abs(flat(a) - nudged_input_gradient(**c)))) for a, c in zip(answers, cases))
        return f"Largest difference from centred nudges of the inputs: {worst:.0e}."

    return check(
        "07 · slope with respect to the inputs",
        input_gradient_of,
        _input_cases(seed),
        lambda weights, biases, x, y: input_gradient(weights, biases, x, y),
        mistakes,
        confirm,
    )


def _accuracy_cases(seed):
    rng = np.random.default_rng(seed)
    cases = []
    for m in (10, 7, 25):  # 10 samples first: then the wrong axis gives an answer of the right size
        outputs = rng.uniform(size=(m, 10))
        labels = np.where(rng.uniform(size=m) < 0.6, np.argmax(outputs, axis=1), rng.integers(0, 10, size=m))
        cases.append({"outputs": outputs, "labels": labels})
    return cases


def _accuracy(outputs, labels):
    return float(np.mean(np.argmax(outputs, axis=1) == labels))


def check_accuracy(accuracy, seed=0) -> Verdict:
    """07, exercise 2: ``accuracy(outputs, labels)`` returns the fraction of samples whose largest output is at
    the position of their label; ``outputs`` is ``(m, 10)``, ``labels`` ``(m,)`` integers."""
    mistakes = [
        Mistake(
            "count",
            lambda outputs, labels: float(np.sum(np.argmax(outputs, axis=1) == labels)),
            "you returned how many are right; divide by the number of samples for the fraction",
        ),
        Mistake(
            "percent",
            lambda outputs, labels: 100 * _accuracy(outputs, labels),
            "you returned a percentage; the fraction (between 0 and 1) is asked for",
        ),
        Mistake(
            "error rate",
            lambda outputs, labels: 1 - _accuracy(outputs, labels),
            "you returned the fraction that is wrong; the fraction that is right is asked for",
        ),
        Mistake(
            "wrong axis",
            lambda outputs, labels: float(np.mean(np.argmax(outputs, axis=0) == labels)),
            "you took the largest entry of each column (axis=0): each row is one sample's ten outputs, so take "
            "the largest of each row, np.argmax(outputs, axis=1); see 07, 'The series' network, scaled to 8 × 8'",
        ),
    ]
    return check("07 · accuracy", accuracy, _accuracy_cases(seed), _accuracy, mistakes)
