"""Notebook 08's exercises: the capstone (the learner's own backprop on a mini-batch, which then trains the
digits), the slope of the cost with respect to the input pixels, and accuracy per digit.

The capstone's function gets a two-layer sigmoid network with the quadratic cost and a mini-batch; it must return
the batch's mean slopes without calling bplib's backprop (the checker watches the calls it makes: a function
built on ``bplib.backprop`` trains nothing of the learner's).

The input slopes take the weights of a two-layer sigmoid network with the quadratic cost, a batch, and
``sample_gradients(x_i, y_i)``, backprop of one sample (not the biases: so neither ``input_gradient`` nor nudging
can stand in for the answer); each sample has its own slopes, and a right answer is confirmed against centred
nudges of the inputs. Accuracy per digit takes a confusion matrix.
"""

from __future__ import annotations

import numpy as np

from ..activations import sigmoid_prime
from ..finite_differences import numerical_gradient
from ..input_gradient import input_gradient, nudged_input_gradient
from ..network import backprop, forward, random_network
from . import messages as text
from .checking import TIME_LIMIT, Exercise, Mistake, Verdict, check
from .list_slips import reversed_layers, swapped_pair, transposed_weight_slopes
from .rules import slope_code
from .training_exercises import one_sample_at_a_time

# --- the capstone: backprop on a mini-batch -------------------------------------------------------------------


def _mini_batch_cases(seed: int) -> list[dict]:
    """Two-layer networks and batches of several samples (never one, where a sum and a mean agree); the first
    layer square in the first case and the last, so that a transposed weight slope keeps its shape there."""
    rng = np.random.default_rng(seed + 8)
    cases = []
    for sizes, m in (([4, 4, 3], 5), ([3, 5, 2], 3), ([6, 3, 4], 7), ([2, 2, 3], 2)):
        weights, biases = random_network(sizes, seed=rng)
        x, y = rng.normal(size=(m, sizes[0])), rng.uniform(size=(m, sizes[-1]))
        cases.append({"weights": weights, "biases": biases, "x": x, "y": y})
    return cases


def _mini_batch(weights, biases, x, y, divide_biases=True, divide_weights=True, sign=1.0, hidden_factor=True,
                output_factor=True, z_for_a=False, outer_of_means=False, by_inputs=False):
    """Backprop of a batch through two sigmoid layers as matrices, a row per sample, with switches for the usual
    mistakes: the slopes summed over the samples, then divided by m (or not, or by the number of inputs)."""
    (z0, _), (_, a1, a2) = forward(weights, biases, x)
    delta1 = sign * (a2 - y) * (a2 * (1 - a2) if output_factor else 1.0)  # BP1, a row per sample
    delta0 = (delta1 @ weights[1]) * (a1 * (1 - a1) if hidden_factor else 1.0)  # BP2
    m = x.shape[1] if by_inputs else len(x)
    bias_grads = [d.sum(axis=0) / (m if divide_biases else 1) for d in (delta0, delta1)]  # BP3
    pairs = ((delta0, x), (delta1, z0 if z_for_a else a1))
    if outer_of_means:
        return bias_grads, [np.outer(d.mean(axis=0), a.mean(axis=0)) for d, a in pairs]
    weight_grads = [d.T @ a / (m if divide_weights else 1) for d, a in pairs]
    return bias_grads, weight_grads


def _one_sample(which: int):
    return lambda weights, biases, x, y: backprop(weights, biases, x[which], y[which])


def _mean_sample(weights, biases, x, y):
    return backprop(weights, biases, x.mean(axis=0), y.mean(axis=0))


MINI_BATCH = Exercise(
    name="backprop_mini_batch",
    title=text.MINI_BATCH_TITLE,
    make_cases=_mini_batch_cases,
    reference=backprop,
    mistakes=(
        Mistake("summed", lambda **c: _mini_batch(**c, divide_biases=False, divide_weights=False), text.BATCH_SUMMED),
        Mistake("biases summed", lambda **c: _mini_batch(**c, divide_biases=False), text.BATCH_BIASES_SUMMED),
        Mistake("weights summed", lambda **c: _mini_batch(**c, divide_weights=False), text.BATCH_WEIGHTS_SUMMED),
        Mistake("first sample", _one_sample(0), text.BATCH_FIRST_SAMPLE),
        Mistake("last sample", _one_sample(-1), text.BATCH_LAST_SAMPLE),
        Mistake("divided by n_in", lambda **c: _mini_batch(**c, by_inputs=True), text.MINI_BATCH_DIVIDED_BY_N_IN),
        Mistake("mean sample", _mean_sample, text.MINI_BATCH_MEAN_SAMPLE),
        Mistake("outer of means", lambda **c: _mini_batch(**c, outer_of_means=True), text.MINI_BATCH_OUTER_OF_MEANS),
        Mistake("missing factor", lambda **c: _mini_batch(**c, hidden_factor=False), text.TWO_LAYERS_MISSING_FACTOR),
        Mistake(
            "output missing factor",
            lambda **c: _mini_batch(**c, output_factor=False),
            text.TWO_LAYERS_OUTPUT_MISSING_FACTOR,
        ),
        Mistake("flipped sign", lambda **c: _mini_batch(**c, sign=-1.0), text.TWO_LAYERS_FLIPPED_SIGN),
        Mistake("z for a", lambda **c: _mini_batch(**c, z_for_a=True), text.TWO_LAYERS_Z_FOR_A),
        Mistake("transposed weight slopes", transposed_weight_slopes(_mini_batch), text.TWO_LAYERS_TRANSPOSED),
        Mistake("reversed layers", reversed_layers(_mini_batch), text.TWO_LAYERS_REVERSED),
        Mistake("swapped pair", swapped_pair(_mini_batch), text.GRADIENTS_SWAPPED),
    ),
    parts=("bias_grads", "weight_grads"),
    shape_hint=text.MINI_BATCH_SHAPES,
    nudged=lambda case: numerical_gradient(**case),
    confirm=text.BATCH_CONFIRM,
    may_not_call=slope_code,
    calls_forbidden=text.MINI_BATCH_CALLS_BACKPROP,
)

def _input_cases(seed: int) -> list[dict]:
    rng = np.random.default_rng(seed)
    cases = []
    for sizes, m in (([4, 4, 3], 5), ([6, 3, 2], 3), ([3, 5, 4], 6)):  # square first: it tells W from W^T
        weights, biases = random_network(sizes, seed=rng)
        x, y = rng.uniform(size=(m, sizes[0])), rng.uniform(size=(m, sizes[-1]))
        sample_gradients = one_sample_at_a_time(weights, biases)
        cases.append({"weights": weights, "sample_gradients": sample_gradients, "x": x, "y": y,
                      "_network": (weights, biases)})
    return cases


def _each_sample(slopes_of_one):
    """A batch answer made from a one-sample one, a row per sample: how each mistake looks in a batch."""

    def batch(weights, sample_gradients, x, y, _network):
        return np.array([slopes_of_one(weights, _network[1], x_i, y_i) for x_i, y_i in zip(x, y)])

    return batch


def _delta(weights, biases, x, y, layer: int) -> np.ndarray:
    return backprop(weights, biases, x, y)[0][layer]


def _right(weights, sample_gradients, x, y, _network):
    return input_gradient(*_network, x, y)


INPUT_SLOPES = Exercise(
    name="input_slopes",
    title=text.INPUT_SLOPES_TITLE,
    make_cases=_input_cases,
    reference=_right,
    mistakes=(
        Mistake("delta itself", _each_sample(lambda w, b, x, y: _delta(w, b, x, y, 0)), text.INPUT_DELTA_ITSELF),
        Mistake("W not W^T", _each_sample(lambda w, b, x, y: w[0] @ _delta(w, b, x, y, 0)), text.INPUT_NOT_TRANSPOSED),
        Mistake("a sigma' too many", lambda **c: _right(**c) * sigmoid_prime(c["x"]), text.INPUT_EXTRA_FACTOR),
        Mistake(
            "one layer short",
            _each_sample(lambda w, b, x, y: w[1].T @ _delta(w, b, x, y, 1)),
            text.INPUT_ONE_LAYER_SHORT,
        ),
        Mistake("sign", lambda **c: -_right(**c), text.INPUT_SIGN),
        Mistake("divided by m", lambda **c: _right(**c) / len(c["x"]), text.INPUT_DIVIDED_BY_M),
    ),
    shape_hint=text.INPUT_SLOPES_SHAPE,
    nudged=lambda case: nudged_input_gradient(*case["_network"], case["x"], case["y"]),
    confirm=text.INPUT_CONFIRM,
    batch_calls=lambda case: case["sample_gradients"].batches,
)


def _confusion_cases(seed: int) -> list[dict]:
    """Confusion matrices of 10 digits: mostly right, the mistakes lopsided (rows and columns add up
    differently); in the later cases some digits are read as another more often than right (a row whose largest
    entry is off the diagonal) and some never occur (an empty row, whose accuracy is nan)."""
    rng = np.random.default_rng(seed)
    cases = []
    for most_wrong, misread, missing in ((4, 0, 0), (9, 2, 1), (2, 3, 2)):
        confusion = rng.integers(0, most_wrong + 1, size=(10, 10))
        np.fill_diagonal(confusion, rng.integers(10, 40, size=10))
        digits = rng.permutation(10)
        for d in digits[:misread]:
            confusion[d, (d + 1 + rng.integers(9)) % 10] = confusion[d, d] + rng.integers(1, 10)
        confusion[digits[misread : misread + missing]] = 0
        cases.append({"confusion": confusion})
    return cases


def _accuracy_per_digit(confusion) -> np.ndarray:
    return np.diag(confusion) / confusion.sum(axis=1)  # row t: the digits t, read as what (no t: 0 / 0, nan)


ACCURACY_PER_DIGIT = Exercise(
    name="accuracy_per_digit",
    title=text.ACCURACY_PER_DIGIT_TITLE,
    make_cases=_confusion_cases,
    reference=_accuracy_per_digit,
    mistakes=(
        Mistake("by answer", lambda confusion: np.diag(confusion) / confusion.sum(axis=0), text.ACCURACY_BY_ANSWER),
        Mistake("counts", lambda confusion: np.diag(confusion).astype(float), text.ACCURACY_COUNTS),
        Mistake("row maximum", lambda confusion: confusion.max(1) / confusion.sum(1), text.ACCURACY_ROW_MAXIMUM),
        Mistake("by the total", lambda confusion: np.diag(confusion) / confusion.sum(), text.ACCURACY_BY_TOTAL),
        Mistake("percent", lambda confusion: 100 * _accuracy_per_digit(confusion), text.ACCURACY_PERCENT),
        Mistake("error rate", lambda confusion: 1 - _accuracy_per_digit(confusion), text.ACCURACY_ERROR_RATE),
        Mistake(
            "overall",
            lambda confusion: np.full(10, np.trace(confusion) / confusion.sum()),
            text.ACCURACY_OVERALL,
        ),
        Mistake("no digit as 0", lambda confusion: np.diag(confusion) / np.maximum(confusion.sum(1), 1),
                text.ACCURACY_EMPTY_AS_ZERO),
        Mistake("whole-number division", lambda confusion: np.diag(confusion) // np.maximum(confusion.sum(1), 1),
                text.ACCURACY_WHOLE_NUMBER_DIVISION),
    ),
    shape_hint=text.ACCURACY_PER_DIGIT_SHAPE,
)

EXERCISES = (MINI_BATCH, INPUT_SLOPES, ACCURACY_PER_DIGIT)


def check_backprop_mini_batch(backprop_mini_batch, seed=0, time_limit=TIME_LIMIT) -> Verdict:
    """08, exercise 1: ``backprop_mini_batch(weights, biases, x, y)`` returns ``(bias_grads, weight_grads)`` of a
    two-layer sigmoid network with the quadratic cost for a mini-batch ``x`` ``(m, n_in)``, ``y`` ``(m, n_out)``:
    the mean of the samples' slopes, shaped like biases and weights, as ``bplib.backprop`` returns them, computed
    without calling ``bplib.backprop`` (the learner's own backward pass, which then trains the digits)."""
    return check(MINI_BATCH, backprop_mini_batch, seed, time_limit)


def check_input_gradient(input_slopes, seed=0, time_limit=TIME_LIMIT) -> Verdict:
    """08, exercise 2: ``input_slopes(weights, sample_gradients, x, y)`` returns dC/dx = W_0^T delta_0 for each
    sample of a batch ``x`` ``(m, n_in)``, a row per sample (not averaged), for a two-layer sigmoid network with
    the quadratic cost, whose one-sample backprop is ``sample_gradients(x_i, y_i)``."""
    return check(INPUT_SLOPES, input_slopes, seed, time_limit)


def check_accuracy_per_digit(accuracy_per_digit, seed=0, time_limit=TIME_LIMIT) -> Verdict:
    """08, exercise 3: ``accuracy_per_digit(confusion)`` returns, for each digit d, the fraction of the d's read
    right, from a confusion matrix whose entry ``[t, a]`` counts the digits t answered a (nan for a digit with no
    samples)."""
    return check(ACCURACY_PER_DIGIT, accuracy_per_digit, seed, time_limit)
