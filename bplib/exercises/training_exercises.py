"""Notebook 06's exercises: a prediction of where the slopes vanish, one step of gradient descent on a batch,
and a batch's slopes built sample by sample.

The prediction is two numbers written before the measurement: which layer of a deep sigmoid network has the
smallest weight slopes, and how many times smaller they are than the output layer's. The checker measures it
itself, on several networks like the notebook's, and says how far off the prediction is and why.

Each case is a small random sigmoid network (two or three layers) and a batch ``x`` of shape (m, n_in) with
desired outputs ``y`` of shape (m, n_out); the loss of a batch is the mean of its samples' costs (quadratic
cost). The SGD step gets a different learning rate in every case. The batch's slopes get no network at all, only
``sample_gradients(x_i, y_i)``, backprop of one sample: so they are built sample by sample, and not nudged.
"""

from __future__ import annotations

import math
import sys

import numpy as np

from .. import backprop, loss, numerical_gradient, random_network
from ..datasets import split, two_spirals
from . import messages as text
from .checking import TIME_LIMIT, Exercise, Mistake, Verdict, check, is_seed, plain_number, shown_plainly

LEARNING_RATES = (0.5, 2.0, 0.1)  # one per case, so that a rate written into the answer shows
FIXED_RATES = (0.01, 0.1, 0.3, 0.5, 1.0, 3.0)  # rates a learner may write in for learning_rate (06 uses 0.1, 0.3)


def _training_cases(seed: int) -> list[dict]:
    rng = np.random.default_rng(seed)
    cases = []
    for sizes, m in (([2, 4, 1], 5), ([3, 3, 2], 4), ([2, 3, 4, 2], 3)):
        weights, biases = random_network(sizes, seed=rng)
        x, y = rng.normal(size=(m, sizes[0])), rng.uniform(size=(m, sizes[-1]))
        cases.append({"weights": weights, "biases": biases, "x": x, "y": y})
    return cases


def one_sample_at_a_time(weights, biases):
    """``sample_gradients(x_i, y_i)``: ``bplib.backprop`` of this network for one sample, what 06's and 08's
    exercises pass instead of the network. Given a whole batch it answers as backprop does, and notes the batch's
    size in ``sample_gradients.batches``, so that the checker can say so."""

    def sample_gradients(x_i, y_i):
        if np.ndim(x_i) == 2:
            sample_gradients.batches.append(len(x_i))
        return backprop(weights, biases, x_i, y_i)

    sample_gradients.batches = []
    return sample_gradients


def _sample_cases(seed: int) -> list[dict]:
    """The training cases with ``sample_gradients`` in place of the network, which only the checker sees."""
    return [
        {"sample_gradients": one_sample_at_a_time(c["weights"], c["biases"]), "x": c["x"], "y": c["y"],
         "_network": (c["weights"], c["biases"])}
        for c in _training_cases(seed)
    ]


# --- one SGD step --------------------------------------------------------------------------------------------


def _step(weights, biases, x, y, learning_rate, scale=1.0, move_weights=True, move_biases=True, slopes=backprop):
    """p - learning_rate * scale * slope for each parameter array, with switches for the usual mistakes."""
    bias_grads, weight_grads = slopes(weights, biases, x, y)
    rate = learning_rate * scale
    new_weights = [w - rate * g if move_weights else w for w, g in zip(weights, weight_grads)]
    new_biases = [b - rate * g if move_biases else b for b, g in zip(biases, bias_grads)]
    return new_weights, new_biases


def _step_per_sample(weights, biases, x, y, learning_rate):
    """One step after each sample, each from where the last one left off (batches of one)."""
    for x_i, y_i in zip(x, y):
        weights, biases = _step(weights, biases, x_i, y_i, learning_rate)
    return weights, biases


def _step_layer_by_layer(weights, biases, x, y, learning_rate):
    """Each layer moved by slopes computed again after the layers before it moved."""
    weights, biases = list(weights), list(biases)
    for layer in range(len(weights)):
        bias_grads, weight_grads = backprop(weights, biases, x, y)
        weights[layer] = weights[layer] - learning_rate * weight_grads[layer]
        biases[layer] = biases[layer] - learning_rate * bias_grads[layer]
    return weights, biases


def _the_step_only(weights, biases, x, y, learning_rate):
    """learning_rate * slope for each parameter array: the step, returned in place of the new parameters."""
    new_weights, new_biases = _step(weights, biases, x, y, learning_rate)
    return [w - n for w, n in zip(weights, new_weights)], [b - n for b, n in zip(biases, new_biases)]


def _swapped(**case):
    new_weights, new_biases = _step(**case)
    return new_biases, new_weights


def _confirm_step(cases, answers):
    losses = [
        (loss(c["weights"], c["biases"], c["x"], c["y"]), loss(*a, c["x"], c["y"])) for a, c in zip(answers, cases)
    ]
    changes = ", ".join(text.say(text.LOSS_CHANGE, before=before, after=after) for before, after in losses)
    rise = max(after - before for before, after in losses)
    return text.say(text.STEP_CONFIRM, changes=changes), {"largest_loss_change": rise}


STEP = Exercise(
    name="sgd_step",
    title=text.SGD_STEP_TITLE,
    make_cases=lambda seed: [dict(c, learning_rate=r) for c, r in zip(_training_cases(seed), LEARNING_RATES)],
    reference=_step,
    mistakes=(
        Mistake("ascent", lambda **c: _step(**c, scale=-1.0), text.STEP_ASCENT),
        Mistake("no learning rate", lambda **c: _step(**c, scale=1 / c["learning_rate"]), text.STEP_NO_RATE),
        Mistake("biases frozen", lambda **c: _step(**c, move_biases=False), text.STEP_BIASES_FROZEN),
        Mistake("weights frozen", lambda **c: _step(**c, move_weights=False), text.STEP_WEIGHTS_FROZEN),
        Mistake("eta/m", lambda **c: _step(**c, scale=1 / len(c["x"])), text.STEP_RATE_OVER_M),
        Mistake("summed", lambda **c: _step(**c, scale=len(c["x"])), text.STEP_SUMMED),
        Mistake("one step per sample", _step_per_sample, text.STEP_PER_SAMPLE),
        Mistake("swapped pair", _swapped, text.STEP_SWAPPED),
        Mistake("the step only", _the_step_only, text.STEP_ONLY),
        *(Mistake("fixed rate", lambda rate=rate, **c: _step(**{**c, "learning_rate": rate}), text.STEP_FIXED_RATE)
          for rate in FIXED_RATES),
        Mistake("slopes again for each layer", _step_layer_by_layer, text.STEP_LAYER_BY_LAYER),
        Mistake("first sample", lambda **c: _step(**{**c, "x": c["x"][:1], "y": c["y"][:1]}), text.STEP_FIRST_SAMPLE),
        Mistake("last sample", lambda **c: _step(**{**c, "x": c["x"][-1:], "y": c["y"][-1:]}), text.STEP_LAST_SAMPLE),
    ),
    parts=("weights", "biases"),
    shape_hint=text.STEP_SHAPES,
    nudged=lambda case: _step(**case, slopes=numerical_gradient),
    confirm=_confirm_step,
)


# --- a batch's slopes, sample by sample ----------------------------------------------------------------------


def _combined(sample_gradients, x, y, _network, samples=None, bias_divisor=None, weight_divisor=None):
    """The per-sample slopes of ``samples`` (all by default), summed and divided (by m unless told otherwise)."""
    weights, biases = _network
    chosen = range(len(x)) if samples is None else samples
    per_sample = [backprop(weights, biases, x[i], y[i]) for i in chosen]
    m = len(per_sample)
    bias_divisor, weight_divisor = bias_divisor or m, weight_divisor or m
    bias_grads = [sum(s[0][l] for s in per_sample) / bias_divisor for l in range(len(biases))]
    weight_grads = [sum(s[1][l] for s in per_sample) / weight_divisor for l in range(len(weights))]
    return bias_grads, weight_grads


def _swapped_gradients(**case):
    bias_grads, weight_grads = _combined(**case)
    return weight_grads, bias_grads


BATCH = Exercise(
    name="batch_gradients",
    title=text.BATCH_TITLE,
    make_cases=lambda seed: _sample_cases(seed + 1),
    reference=_combined,
    mistakes=(
        Mistake("not averaged", lambda **c: _combined(**c, bias_divisor=1, weight_divisor=1), text.BATCH_SUMMED),
        Mistake("first sample", lambda **c: _combined(**c, samples=[0]), text.BATCH_FIRST_SAMPLE),
        Mistake("last sample", lambda **c: _combined(**c, samples=[len(c["x"]) - 1]), text.BATCH_LAST_SAMPLE),
        Mistake("biases not averaged", lambda **c: _combined(**c, bias_divisor=1), text.BATCH_BIASES_SUMMED),
        Mistake("weights not averaged", lambda **c: _combined(**c, weight_divisor=1), text.BATCH_WEIGHTS_SUMMED),
        Mistake(
            "m - 1",
            lambda **c: _combined(**c, bias_divisor=len(c["x"]) - 1, weight_divisor=len(c["x"]) - 1),
            text.BATCH_M_MINUS_1,
        ),
        Mistake("swapped pair", _swapped_gradients, text.GRADIENTS_SWAPPED),
    ),
    parts=("bias_grads", "weight_grads"),
    shape_hint=text.GRADIENT_SHAPES,
    nudged=lambda case: numerical_gradient(*case["_network"], case["x"], case["y"]),
    confirm=text.BATCH_CONFIRM,
    batch_calls=lambda case: case["sample_gradients"].batches,
)


EXERCISES = (STEP, BATCH)


def check_sgd_step(sgd_step, seed=0, time_limit=TIME_LIMIT) -> Verdict:
    """06, exercise 1: ``sgd_step(weights, biases, x, y, learning_rate)`` returns the new ``(weights, biases)``
    after one gradient-descent step on the batch, p - learning_rate * dC/dp (sigmoid units, quadratic cost)."""
    return check(STEP, sgd_step, seed, time_limit)


def check_batch_gradients(batch_gradients, seed=0, time_limit=TIME_LIMIT) -> Verdict:
    """06, exercise 2: ``batch_gradients(sample_gradients, x, y)`` returns ``(bias_grads, weight_grads)`` of the
    batch's loss (the mean over its samples), built from ``sample_gradients(x[i], y[i])``, one sample's slopes
    (bplib.backprop of a network the function does not see), called once per sample."""
    return check(BATCH, batch_gradients, seed, time_limit)


# --- predict, then measure: where the slopes vanish ----------------------------------------------------------

DEEP_SIZES = [2, 16, 16, 16, 16, 16, 1]  # the network 06's "Vanishing gradients" measures: layers 0 to 5
NETWORKS = 5  # measured for a prediction: one network could be a lucky one
CLOSE = 3.0  # a predicted ratio within this factor of the measured range counts as right
SIGMOID_FACTORS_FLOOR = 4.0 ** (len(DEEP_SIZES) - 2)  # five sigma' <= 1/4 between layer 5 and layer 0


def deep_slope_sizes(seed: int = 0, networks: int = NETWORKS) -> np.ndarray:
    """The size (root mean square) of each layer's weight slopes before training, one row per network (seeds
    ``seed`` to ``seed + networks - 1``): 2 -> 16 x 5 -> 1, sigmoid units, the cross-entropy, on 06's spirals."""
    x, labels = two_spirals(n_per_class=300, noise=0.05, turns=1.5, seed=0)
    x_train, y_train, _, _ = split(x, labels, held_out=0.25, seed=1)
    rows = []
    for network in range(seed, seed + networks):
        weights, biases = random_network(DEEP_SIZES, seed=network)
        _, weight_grads = backprop(weights, biases, x_train, y_train, "sigmoid", "cross_entropy")
        rows.append([np.sqrt(np.mean(g**2)) for g in weight_grads])
    return np.array(rows)


def _predicted_number(value, name: str, whole: bool = False) -> tuple[float, str | None]:
    """One predicted number, read once as a float, and what is wrong with it (None if nothing): it must be a
    real, finite number (whole, for a layer)."""
    plain = plain_number(value)  # read by its base type: the kernel runs none of the learner's code untimed
    if plain is None:
        return math.nan, text.say(text.PREDICTION_NOT_A_NUMBER, name=name, type=type(value).__name__)
    number = float(plain) if abs(plain) <= sys.float_info.max else math.inf  # an int too large for a float
    if not math.isfinite(number):
        return number, text.say(text.PREDICTION_NOT_FINITE, name=name)
    if whole and (number != int(number) or not 0 <= int(number) < len(DEEP_SIZES) - 1):
        return number, text.say(text.PREDICTION_NOT_A_LAYER, name=name, last=len(DEEP_SIZES) - 2)
    return number, None


def _ratio_sentence(times: float, low: float, high: float) -> tuple[bool, str]:
    """Whether ``times`` is close to the measured range [low, high], and a sentence saying how far and why."""
    if low / CLOSE <= times <= high * CLOSE:
        return True, text.say(text.PREDICTION_RATIO_CLOSE, times=times)
    if times <= 1:
        return False, text.say(text.PREDICTION_RATIO_BELOW_ONE, times=times)
    if times < low:
        return False, text.say(text.PREDICTION_RATIO_LOW, times=times, factor=low / times,
                               floor=SIGMOID_FACTORS_FLOOR)
    return False, text.say(text.PREDICTION_RATIO_HIGH, times=times, factor=times / high)


def check_slope_prediction(smallest_layer, times_smaller, seed=0) -> Verdict:
    """06, predict then measure: ``smallest_layer`` (0 to 5) is the layer of the 2 -> 16 x 5 -> 1 sigmoid network
    predicted to have the smallest weight slopes before training, ``times_smaller`` how many times smaller they
    are predicted to be than the output layer's (layer 5). The checker measures both on ``NETWORKS`` networks."""
    title = text.say(text.PREDICTION_TITLE)
    if smallest_layer is Ellipsis or times_smaller is Ellipsis:
        return Verdict(title, "not done", text.say(text.PREDICTION_NOT_DONE), "not done")
    (layer, layer_problem), (times, times_problem) = (_predicted_number(smallest_layer, "smallest_layer", True),
                                                      _predicted_number(times_smaller, "times_smaller"))
    problems = [p for p in (layer_problem, times_problem) if p]
    if not is_seed(seed):
        problems.append(text.say(text.BAD_SEED, got=shown_plainly(seed)))
    if problems:
        return Verdict(title, "error", " ".join(problems), "bad argument")
    sizes = deep_slope_sizes(int(seed))
    smallest = sorted({int(n) for n in np.argmin(sizes, axis=1)})
    ratios = sizes[:, -1] / sizes.min(axis=1)
    low, high = float(ratios.min()), float(ratios.max())
    layer_right = int(layer) in smallest
    layers = ", ".join(map(str, smallest))
    sentences = [text.say_count(text.PREDICTION_MEASURED, len(sizes), layers=layers, low=low, high=high)]
    sentences.append(text.say(text.PREDICTION_LAYER_RIGHT if layer_right else text.PREDICTION_LAYER_WRONG,
                              layer=int(layer)))
    ratio_right, sentence = _ratio_sentence(times, low, high)
    sentences.append(sentence)
    status = "correct" if layer_right and ratio_right else "wrong"
    measured = {"ratio_low": low, "ratio_high": high}
    return Verdict(title, status, " ".join(sentences), "correct" if status == "correct" else "prediction",
                   measured=measured)
