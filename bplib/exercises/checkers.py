"""The notebooks' exercises: one checker per exercise, each knowing the usual wrong answers.

Every checker takes the learner's function, runs it on fresh random cases (fixed by ``seed``, so a notebook
prints the same verdict every run), compares it with the reference and with finite differences, and prints a
``Verdict``: correct (with the numbers that show it), not done yet, or which known mistake it makes and which
notebook section covers it.
"""

from __future__ import annotations

import numpy as np

from ..activations import sigmoid, sigmoid_prime
from ..finite_differences import (
    centred_difference,
    forward_difference,
    numerical_gradient,
    parameter_loss,
    relative_error,
)
from ..network import backprop, loss, random_network
from .checking import Mistake, Verdict, check, flat


def _rng(seed) -> np.random.Generator:
    return np.random.default_rng(seed)


# --- 01: nudging ---------------------------------------------------------------------------------------------


def _loss_cases(seed, step):
    rng = _rng(seed)
    cases = []
    for n in range(4):
        weights, biases = random_network([3, 2], seed=rng)
        x, y = rng.normal(size=3), rng.uniform(size=2)
        loss_of, value, _ = parameter_loss(weights, biases, x, y, "weight", 0, (n % 2, n % 3))
        cases.append({"loss_of": loss_of, "value": value, "h": step})
    return cases


def _forward(loss_of, value, h):
    return forward_difference(loss_of, value, h)


def _centred(loss_of, value, h):
    return centred_difference(loss_of, value, h)


SEE_01_STEP = "see 01, 'How small should h be?'"


def check_forward_slope(forward_slope, seed=0) -> Verdict:
    """01, exercise 1: ``forward_slope(loss_of, value, h)`` returns the article's one-sided nudge
    (loss_of(value + h) - loss_of(value)) / h."""
    mistakes = [
        Mistake(
            "centred",
            _centred,
            "you computed the centred difference; this exercise asks for the article's "
            "one-sided nudge (C(p + h) - C(p)) / h: " + SEE_01_STEP,
        ),
        Mistake(
            "sign",
            lambda loss_of, value, h: -_forward(loss_of, value, h),
            "your slope has the wrong sign: it is (C(p) - C(p + h)) / h; the slope is the change in loss "
            "*after* minus *before*, over h: see 01, 'Nudge one bias'",
        ),
        Mistake(
            "no division",
            lambda loss_of, value, h: loss_of(value + h) - loss_of(value),
            "you return the change in loss but did not divide it by h: see 01, 'Nudge one bias'",
        ),
        Mistake(
            "2h",
            lambda loss_of, value, h: _forward(loss_of, value, h) / 2,
            "you divided by 2h: the one-sided nudge moves the parameter by h only (2h is for the centred one); "
            + SEE_01_STEP,
        ),
    ]

    def confirm(cases, answers):
        errors = [abs(a - centred_difference(c["loss_of"], c["value"], 1e-5)) for a, c in zip(answers, cases)]
        return (
            f"At h = 0.01 it is up to {max(errors):.0e} away from the true slope (centred, h = 1e-5): the error "
            "of a one-sided nudge shrinks only like h."
        )

    return check("01 · forward slope", forward_slope, _loss_cases(seed, 1e-2), _forward, mistakes, confirm)


def check_centred_slope(centred_slope, seed=0) -> Verdict:
    """01, exercise 2: ``centred_slope(loss_of, value, h)`` returns (loss_of(value + h) - loss_of(value - h)) / 2h."""
    mistakes = [
        Mistake(
            "forward",
            _forward,
            "this is the one-sided (forward) difference, but a centred one was asked "
            "for: (C(p + h) - C(p - h)) / 2h; " + SEE_01_STEP,
        ),
        Mistake(
            "h not 2h",
            lambda loss_of, value, h: 2 * _centred(loss_of, value, h),
            "you divided by h, but the two nudged points are 2h apart: divide by 2h; " + SEE_01_STEP,
        ),
        Mistake(
            "sign",
            lambda loss_of, value, h: -_centred(loss_of, value, h),
            "your slope has the wrong sign: take C(p + h) - C(p - h), not the other way round; " + SEE_01_STEP,
        ),
    ]

    def confirm(cases, answers):
        errors = [abs(a - centred_difference(c["loss_of"], c["value"], 1e-5)) for a, c in zip(answers, cases)]
        return (
            f"At h = 0.01 it is within {max(errors):.0e} of the true slope (centred, h = 1e-5), far closer "
            "than the one-sided nudge: its error shrinks like h^2."
        )

    cases = _loss_cases(seed + 1, 1e-2)
    return check("01 · centred slope", centred_slope, cases, _centred, mistakes, confirm)


# --- 02: the output layer ------------------------------------------------------------------------------------


def _output_cases(seed):
    rng = _rng(seed)
    cases = []
    for n in (3, 4, 2, 5):
        z = rng.normal(0, 1.5, size=n)
        cases.append({"z": z, "a": sigmoid(z), "desired": rng.uniform(size=n)})
    return cases


def _quadratic_delta(z, a, desired):
    return sigmoid_prime(z) * (a - desired)


def _nudged_output_slopes(case, cost):
    """Centred nudges of each output bias of a layer whose weighted inputs are ``case['z']``."""
    n = len(case["z"])
    weights, biases, x = [np.zeros((n, 1))], [case["z"].copy()], np.zeros(1)
    return np.array(
        [
            centred_difference(
                parameter_loss(weights, biases, x, case["desired"], "bias", 0, i, cost=cost)[0], case["z"][i], 1e-5
            )
            for i in range(n)
        ]
    )


def _confirm_against_nudges(cost):
    def confirm(cases, answers):
        worst = max(float(np.max(np.abs(flat(a) - _nudged_output_slopes(c, cost)))) for a, c in zip(answers, cases))
        return f"Largest difference from centred nudges of the biases: {worst:.0e}."

    return confirm


def check_output_delta(output_delta, seed=0) -> Verdict:
    """02, exercise 1: ``output_delta(z, a, desired)`` returns the bias slopes of a sigmoid output layer with the
    quadratic cost: activate_derivative(z) * cost_derivative(desired, a), element-wise."""
    mistakes = [
        Mistake(
            "flipped sign",
            lambda z, a, desired: sigmoid_prime(z) * (desired - a),
            "your slopes have the wrong sign: you used desired - a, but cost_derivative(desired, a) = a - desired; "
            "see 02, 'The sign of cost_derivative'",
        ),
        Mistake(
            "no activate_derivative",
            lambda z, a, desired: a - desired,
            "you left out activate_derivative(z): a - desired is the slope with respect to a, not to the bias; "
            "see 02, 'The formula'",
        ),
        Mistake(
            "derivative at a",
            lambda z, a, desired: sigmoid_prime(a) * (a - desired),
            "you took the sigmoid's slope at a instead of at z: activate_derivative takes the output z "
            "(for the sigmoid, sigma'(z) = a (1 - a)); see 02, 'The formula'",
        ),
        Mistake(
            "index 0",
            lambda z, a, desired: np.full(len(z), _quadratic_delta(z, a, desired)[0]),
            "every entry equals the slope of bias 0: an index [0] where [i] belongs, the article's loop bug; "
            "see 02, 'The article's loop, as printed'",
        ),
        Mistake(
            "z for a",
            lambda z, a, desired: sigmoid_prime(z) * (z - desired),
            "you used z where the activated output a belongs in cost_derivative; see 02, 'The formula'",
        ),
    ]
    return check(
        "02 · output delta",
        output_delta,
        _output_cases(seed),
        _quadratic_delta,
        mistakes,
        _confirm_against_nudges("quadratic"),
    )


def check_cross_entropy_delta(cross_entropy_delta, seed=0) -> Verdict:
    """02, exercise 2: ``cross_entropy_delta(z, a, desired)`` returns the bias slopes of a sigmoid output layer
    with the cross-entropy cost."""
    mistakes = [
        Mistake(
            "kept sigma'",
            lambda z, a, desired: sigmoid_prime(z) * (a - desired),
            "you multiplied by activate_derivative(z) again: with cross-entropy it cancels, leaving a - desired; "
            "see 02, 'A different cost: cross-entropy'",
        ),
        Mistake(
            "flipped sign",
            lambda z, a, desired: desired - a,
            "the sign is flipped: the slope is a - desired; see 02, 'The sign of cost_derivative'",
        ),
    ]
    return check(
        "02 · cross-entropy delta",
        cross_entropy_delta,
        _output_cases(seed + 1),
        lambda z, a, desired: a - desired,
        mistakes,
        _confirm_against_nudges("cross_entropy"),
    )


# --- 03: weight gradients ------------------------------------------------------------------------------------


def _weight_cases(seed):
    rng = _rng(seed)
    return [
        {"bias_grads": rng.normal(size=n_out).tolist(), "inputs": rng.normal(size=n_in).tolist()}
        for n_out, n_in in ((3, 4), (2, 5), (4, 3))
    ]


def _column_major(bias_grads, inputs):
    return np.outer(bias_grads, inputs).ravel(order="F")


def check_weight_grads_loop(weight_grads_flat, seed=0) -> Verdict:
    """03, exercise 1: ``weight_grads_flat(bias_grads, inputs)`` returns the weight slopes as one flat list,
    column-major: entry bias_index + input_index * len(bias_grads) = bias_grads[bias_index] * inputs[input_index]."""
    mistakes = [
        Mistake(
            "row-major",
            lambda bias_grads, inputs: np.outer(bias_grads, inputs).ravel(order="C"),
            "the right numbers in row-major order (or the transposed matrix, column by column): the article "
            "stores column by column, index = bias_index + input_index * len(bias_grads); see 03, 'The "
            "article's loop over a flat, column-major list'",
        ),
        Mistake(
            "index 0",
            lambda bias_grads, inputs: np.outer(np.full(len(bias_grads), bias_grads[0]), inputs).ravel(order="F"),
            "every row uses bias_grads[0]: an index [0] where the loop's bias_index belongs; see 02, 'The "
            "article's loop, as printed'",
        ),
    ]
    cases = _weight_cases(seed)
    return check("03 · weight slopes, flat column-major", weight_grads_flat, cases, _column_major, mistakes)


def check_weight_grads_matrix(weight_grads_matrix, seed=0) -> Verdict:
    """03, exercise 2: ``weight_grads_matrix(bias_grads, inputs)`` with numpy arrays returns the (n_out, n_in)
    matrix of weight slopes, the outer product."""
    cases = [{k: np.array(v) for k, v in c.items()} for c in _weight_cases(seed + 1)]
    mistakes = [
        Mistake(
            "transposed",
            lambda bias_grads, inputs: np.outer(inputs, bias_grads),
            "your matrix is transposed: shape (n_in, n_out); weights have shape (n_out, n_in), so it is "
            "outer(bias_grads, inputs), a column times a row; see 03, 'The same thing as one matrix product'",
        ),
        Mistake(
            "dot",
            lambda bias_grads, inputs: np.outer(bias_grads, inputs).sum(),
            "you summed the products to one number: each weight has its own slope, so keep the whole outer "
            "product; see 03, 'The same thing as one matrix product'",
        ),
    ]

    def reference(bias_grads, inputs):
        return np.outer(bias_grads, inputs)

    return check("03 · weight slopes as a matrix", weight_grads_matrix, cases, reference, mistakes)


# --- 04: hidden layers ---------------------------------------------------------------------------------------


def _hidden_cases(seed):
    rng = _rng(seed)
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


def _hidden(delta_next, weights_next, z):
    return (weights_next.T @ delta_next) * sigmoid_prime(z)


def check_hidden_delta(hidden_delta, seed=0) -> Verdict:
    """04, exercise 1: ``hidden_delta(delta_next, weights_next, z)`` returns a sigmoid hidden layer's bias slopes,
    (W_next^T delta_next) * activate_derivative(z)."""
    mistakes = [
        Mistake(
            "missing factor",
            lambda delta_next, weights_next, z: weights_next.T @ delta_next,
            "your hidden deltas equal W^T delta without the sigma'(z) factor: that is the slope with respect "
            "to the hidden activations, the article's slip; see 04, 'The missing factor'",
        ),
        Mistake(
            "transposed",
            lambda delta_next, weights_next, z: (weights_next @ delta_next) * sigmoid_prime(z),
            "you multiplied by W_next instead of its transpose: hidden unit j collects column j of W_next "
            "(W_next.T @ delta_next); see 04, 'The article's hidden formula'",
        ),
        Mistake(
            "sigma not sigma'",
            lambda delta_next, weights_next, z: (weights_next.T @ delta_next) * sigmoid(z),
            "you multiplied by sigma(z) instead of its slope sigma'(z) = sigma(z) (1 - sigma(z)); "
            "see 04, 'The missing factor'",
        ),
    ]

    def confirm(cases, answers):
        worst = 0.0
        for answer, c in zip(answers, cases):
            n_next, n_hidden = c["weights_next"].shape
            weights = [np.zeros((n_hidden, 1)), c["weights_next"]]
            biases = [c["z"].copy(), np.zeros(n_next)]
            # an output layer with identity units and cost 1/2 |a - y|^2 whose delta is exactly delta_next
            y = -c["delta_next"] + (c["weights_next"] @ sigmoid(c["z"]))
            nudged = [
                centred_difference(
                    parameter_loss(weights, biases, np.zeros(1), y, "bias", 0, j, ["sigmoid", "identity"])[0],
                    c["z"][j],
                    1e-5,
                )
                for j in range(n_hidden)
            ]
            worst = max(worst, float(np.max(np.abs(flat(answer) - nudged))))
        return f"Largest difference from centred nudges of the hidden biases: {worst:.0e}."

    return check("04 · hidden delta", hidden_delta, _hidden_cases(seed), _hidden, mistakes, confirm)


def check_backprop_two_layers(backprop_two_layers, seed=0) -> Verdict:
    """04, exercise 2: ``backprop_two_layers(weights, biases, x, y)`` returns ``(bias_grads, weight_grads)`` of a
    two-layer sigmoid network with the quadratic cost, for one sample."""
    rng = _rng(seed + 4)
    cases = []
    for sizes in ([4, 3, 3], [2, 5, 3], [3, 4, 2]):
        weights, biases = random_network(sizes, seed=rng)
        cases.append(
            {"weights": weights, "biases": biases, "x": rng.normal(size=sizes[0]), "y": rng.uniform(size=sizes[-1])}
        )

    def reference(weights, biases, x, y):
        return backprop(weights, biases, x, y)

    def without_factor(weights, biases, x, y):
        (b1, b2), (w1, w2) = backprop(weights, biases, x, y)
        hidden = weights[1].T @ b2
        return [hidden, b2], [np.outer(hidden, x), w2]

    def confirm(cases, answers):
        worst = max(relative_error(flat(a), flat(numerical_gradient(**c))) for a, c in zip(answers, cases))
        return f"Largest relative error against centred nudges of every parameter: {worst:.0e}."

    mistakes = [
        Mistake(
            "missing factor",
            without_factor,
            "your hidden-layer slopes lack the sigma'(z) factor (the article's hidden formula); "
            "see 04, 'The missing factor'",
        )
    ]
    return check("04 · backprop through two layers", backprop_two_layers, cases, reference, mistakes, confirm)


# --- 05: training --------------------------------------------------------------------------------------------


def _training_cases(seed):
    rng = _rng(seed)
    cases = []
    for sizes, m in (([2, 4, 1], 5), ([3, 3, 2], 4)):
        weights, biases = random_network(sizes, seed=rng)
        cases.append(
            {
                "weights": weights,
                "biases": biases,
                "x": rng.normal(size=(m, sizes[0])),
                "y": rng.uniform(size=(m, sizes[-1])),
            }
        )
    return cases


def _step(weights, biases, x, y, learning_rate, sign=-1.0, update_weights=True, update_biases=True):
    bias_grads, weight_grads = backprop(weights, biases, x, y)
    new_w = [w + sign * learning_rate * g if update_weights else w for w, g in zip(weights, weight_grads)]
    new_b = [b + sign * learning_rate * g if update_biases else b for b, g in zip(biases, bias_grads)]
    return new_w, new_b


def check_sgd_step(sgd_step, seed=0) -> Verdict:
    """05, exercise 1: ``sgd_step(weights, biases, x, y, learning_rate)`` returns new ``(weights, biases)`` after
    one gradient-descent step on the batch (sigmoid units, quadratic cost)."""
    cases = [dict(c, learning_rate=0.5) for c in _training_cases(seed)]
    mistakes = [
        Mistake(
            "ascent",
            lambda **c: _step(**c, sign=1.0),
            "you added the slopes: that climbs the loss (gradient ascent); step against them, p - eta * slope; "
            "see 02, 'The sign of cost_derivative' and 05, 'SGD in the open'",
        ),
        Mistake(
            "no learning rate",
            lambda learning_rate, **c: _step(**c, learning_rate=1.0),
            "you forgot the learning rate: multiply each slope by learning_rate; see 05, 'SGD in the open'",
        ),
        Mistake(
            "biases frozen",
            lambda **c: _step(**c, update_biases=False),
            "your step leaves the biases unchanged: they learn too; see 05, 'SGD in the open'",
        ),
        Mistake(
            "weights frozen",
            lambda **c: _step(**c, update_weights=False),
            "your step leaves the weights unchanged; see 05, 'SGD in the open'",
        ),
    ]

    def confirm(cases, answers):
        falls = [
            (loss(c["weights"], c["biases"], c["x"], c["y"]), loss(*a, c["x"], c["y"])) for a, c in zip(answers, cases)
        ]
        return "The loss fell: " + ", ".join(f"{before:.4f} -> {after:.4f}" for before, after in falls) + "."

    return check("05 · one SGD step", sgd_step, cases, _step, mistakes, confirm)


def check_batch_gradients(batch_gradients, seed=0) -> Verdict:
    """05, exercise 2: ``batch_gradients(weights, biases, x, y)`` returns ``(bias_grads, weight_grads)`` for a batch,
    built from one ``bplib.backprop`` call per sample."""
    cases = _training_cases(seed + 1)

    def summed(weights, biases, x, y):
        b, w = backprop(weights, biases, x, y)
        return [g * len(x) for g in b], [g * len(x) for g in w]

    mistakes = [
        Mistake(
            "not averaged",
            summed,
            "you summed the samples' slopes but did not average them: divide by the batch size (the loss of a "
            "batch is the mean over its samples); see 06, 'What the batch dimension does to each formula'",
        ),
        Mistake(
            "first sample",
            lambda weights, biases, x, y: backprop(weights, biases, x[0], y[0]),
            "your result is the first sample's slopes only: an index [0] where the loop over samples belongs; "
            "see 06, 'What the batch dimension does to each formula'",
        ),
    ]

    def confirm(cases, answers):
        worst = max(relative_error(flat(a), flat(numerical_gradient(**c))) for a, c in zip(answers, cases))
        return f"Largest relative error against centred nudges of the batch's loss: {worst:.0e}."

    return check(
        "05 · gradients of a batch",
        batch_gradients,
        cases,
        lambda weights, biases, x, y: backprop(weights, biases, x, y),
        mistakes,
        confirm,
    )
