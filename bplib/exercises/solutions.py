"""One solution of each exercise, out of sight of the notebooks until asked for.

A learner who is stuck runs ``exercises.solution("hidden_delta")`` in a new cell, which shows the source of
the function of that name below. The tests check every solution with its checker, so none can go stale.
The functions are written as a learner would write them in the notebook, where ``np`` and ``bplib`` are
imported.
"""

from __future__ import annotations

import inspect

import numpy as np

import bplib

from . import (
    batch_exercises,
    depth_exercises,
    digits_exercises,
    hidden_exercises,
    nudge_exercises,
    output_exercises,
    training_exercises,
    weight_exercises,
)
from . import messages as text
from .checking import Exercise

# --- 01 --------------------------------------------------------------------------------------------------------


def forward_slope(loss_of, value, h):
    return (loss_of(value + h) - loss_of(value)) / h


def centred_slope(loss_of, value, h):
    return (loss_of(value + h) - loss_of(value - h)) / (2 * h)


# --- 02 --------------------------------------------------------------------------------------------------------


def output_delta(z, a, desired):
    return a * (1 - a) * (a - desired)  # activate_derivative(z) * cost_derivative(desired, a), with a = sigma(z)


def cross_entropy_delta(z, a, desired):
    return a - desired  # dC/da = (a - y) / (a (1 - a)), and sigma'(z) = a (1 - a) cancels its denominator


# --- 03 --------------------------------------------------------------------------------------------------------


def weight_grads_flat(bias_grads, inputs):
    grads = [0.0] * (len(bias_grads) * len(inputs))
    for input_index in range(len(inputs)):
        for bias_index in range(len(bias_grads)):
            grads[bias_index + input_index * len(bias_grads)] = bias_grads[bias_index] * inputs[input_index]
    return grads


def weight_grads_matrix(bias_grads, inputs):
    return np.outer(bias_grads, inputs)  # a column times a row: shape (outputs, inputs), like the weights


# --- 04 --------------------------------------------------------------------------------------------------------


def hidden_delta(delta_next, weights_next, z):
    a = 1 / (1 + np.exp(-z))
    return (weights_next.T @ delta_next) * a * (1 - a)  # the factor the article leaves out


def backprop_two_layers(weights, biases, x, y):
    (W0, W1), (b0, b1) = weights, biases
    a1 = 1 / (1 + np.exp(-(W0 @ x + b0)))
    a2 = 1 / (1 + np.exp(-(W1 @ a1 + b1)))
    delta1 = a2 * (1 - a2) * (a2 - y)
    delta0 = (W1.T @ delta1) * a1 * (1 - a1)
    return [delta0, delta1], [np.outer(delta0, x), np.outer(delta1, a1)]


def tanh_hidden_delta(delta_next, weights_next, z):
    return (weights_next.T @ delta_next) * (1 - np.tanh(z) ** 2)  # only the activation's slope changes


# --- 06 --------------------------------------------------------------------------------------------------------


def sgd_step(weights, biases, x, y, learning_rate):
    bias_grads, weight_grads = bplib.backprop(weights, biases, x, y)
    new_weights = [w - learning_rate * g for w, g in zip(weights, weight_grads)]
    new_biases = [b - learning_rate * g for b, g in zip(biases, bias_grads)]
    return new_weights, new_biases


def batch_gradients(sample_gradients, x, y):
    per_sample = [sample_gradients(x_i, y_i) for x_i, y_i in zip(x, y)]  # one sample at a time
    bias_grads = [np.mean([s[0][l] for s in per_sample], axis=0) for l in range(len(per_sample[0][0]))]
    weight_grads = [np.mean([s[1][l] for s in per_sample], axis=0) for l in range(len(per_sample[0][1]))]
    return bias_grads, weight_grads  # the batch's loss is the mean over its samples, and so are its slopes


# --- 08 --------------------------------------------------------------------------------------------------------


def input_slopes(weights, sample_gradients, x, y):
    slopes = []
    for x_one, y_one in zip(x, y):  # one sample at a time: each has its own slopes
        bias_grads, _ = sample_gradients(x_one, y_one)
        slopes.append(weights[0].T @ bias_grads[0])  # one step back from delta_0, with no sigma' (no activation)
    return np.array(slopes)


def accuracy_per_digit(confusion):
    right = np.diag(confusion)  # confusion[d, d]: the d's read as d
    return right / confusion.sum(axis=1)  # row d holds every d, whatever it was read as (0 / 0 = nan: no d's)


# --- 07: batched backprop for any depth ---


def batched_backprop(weights, biases, X, Y):
    sigmoid = bplib.get_activation("sigmoid")
    zs, activations = bplib.forward(weights, biases, X)  # Z_l and A_l, one row per sample
    m = len(X)
    delta = sigmoid.activate_derivative(zs[-1]) * (activations[-1] - Y)  # BP1, (m, n_out)
    bias_grads, weight_grads = [], []
    for l in range(len(weights) - 1, -1, -1):  # from the last layer back to layer 0
        bias_grads.insert(0, delta.sum(axis=0) / m)  # BP3: the mean of the rows
        weight_grads.insert(0, delta.T @ activations[l] / m)  # BP4: (n, m) @ (m, n_in), the outer products summed
        if l > 0:
            delta = (delta @ weights[l]) * sigmoid.activate_derivative(zs[l - 1])  # BP2: rows, so no transpose
    return bias_grads, weight_grads


# --- 01: partial slope ---


def partial_slope(f, inputs, i, h):
    step = np.zeros(len(inputs))
    step[i] = h  # input i alone moves; every other input stays where it is
    return (f(inputs + step) - f(inputs - step)) / (2 * h)


# --- 02: sigmoid slope, graph slopes ---


def sigmoid_slope(z):
    # sigma = (1 + e^-z)^-1, so sigma' = -(1 + e^-z)^-2 * (-e^-z) = [1 / (1 + e^-z)] * [e^-z / (1 + e^-z)],
    # and e^-z / (1 + e^-z) = 1 - sigma: sigma' = sigma (1 - sigma). Written with sigma, no inf / inf at large |z|.
    s = 1 / (1 + np.exp(-z))
    return s * (1 - s)


def graph_slopes(x, y, z):
    q = x + y  # forward: the + node, then f = q * z
    df_dq = z  # the * node: the slope with respect to one input is the other input (times df/df = 1)
    df_dz = q
    df_dx = df_dq * 1  # the + node passes the slope from above on unchanged: its local slopes are 1
    df_dy = df_dq * 1
    return df_dx, df_dy, df_dz, df_dq


# --- showing one ---------------------------------------------------------------------------------------------

NOTEBOOKS = (
    nudge_exercises,
    output_exercises,
    weight_exercises,
    hidden_exercises,
    training_exercises,
    batch_exercises,
    digits_exercises,
)
EXERCISES: dict[str, Exercise] = {e.name: e for notebook in NOTEBOOKS for e in notebook.EXERCISES}


class Solution:
    """A solution's source, shown by IPython as text (and as a highlighted code block where Markdown shows)."""

    def __init__(self, title: str, source: str) -> None:
        self.title, self.source = title, source

    def __str__(self) -> str:
        return f"{text.say(text.SOLUTION_HEADING, title=self.title)}\n\n{self.source}"

    def _repr_pretty_(self, printer, cycle) -> None:
        printer.text(str(self))

    def _repr_markdown_(self) -> str:
        return f"{text.say(text.SOLUTION_HEADING, title=self.title)}\n\n```python\n{self.source}```\n"


def solution(exercise) -> Solution:
    """One solution of ``exercise``, the name of the function the exercise asks for (``"hidden_delta"``) or that
    function itself: ``exercises.solution("hidden_delta")`` in a notebook cell shows its source."""
    name = exercise if isinstance(exercise, str) else getattr(exercise, "__name__", None)
    if name not in EXERCISES:
        known = ", ".join(EXERCISES)
        raise ValueError(f"exercise must be the name of an exercise's function, one of {known}; got {exercise!r}")
    return Solution(text.say(EXERCISES[name].title), inspect.getsource(globals()[name]))


# --- 05: backprop for any depth --------------------------------------------------------------------------------


def backprop_any_depth(weights, biases, x, y, activate, activate_derivative):
    zs, activations = [], [x]
    for W, b in zip(weights, biases):  # forward, keeping every z and a for the way back
        zs.append(W @ activations[-1] + b)
        activations.append(activate(zs[-1]))
    delta = activate_derivative(zs[-1]) * (activations[-1] - y)  # BP1
    bias_grads, weight_grads = [None] * len(weights), [None] * len(weights)
    for l in reversed(range(len(weights))):
        bias_grads[l] = delta  # BP3
        weight_grads[l] = np.outer(delta, activations[l])  # BP4: layer l's input
        if l > 0:
            delta = (weights[l].T @ delta) * activate_derivative(zs[l - 1])  # BP2, the slope of layer l - 1
    return bias_grads, weight_grads


EXERCISES.update({e.name: e for e in depth_exercises.EXERCISES})
# --- 08: the capstone ----------------------------------------------------------------------------------------


def backprop_mini_batch(weights, biases, x, y):
    (W0, W1), (b0, b1) = weights, biases
    a1 = 1 / (1 + np.exp(-(x @ W0.T + b0)))  # a row per sample: (m, n_hidden)
    a2 = 1 / (1 + np.exp(-(a1 @ W1.T + b1)))  # (m, n_out)
    delta1 = a2 * (1 - a2) * (a2 - y)  # BP1, for every sample at once
    delta0 = (delta1 @ W1) * a1 * (1 - a1)  # BP2: row i is W1^T delta1 of sample i
    m = len(x)  # the batch's loss is the mean of its samples' costs, and so are its slopes
    bias_grads = [delta0.sum(axis=0) / m, delta1.sum(axis=0) / m]  # BP3
    weight_grads = [delta0.T @ x / m, delta1.T @ a1 / m]  # BP4: the sum of the samples' outer products
    return bias_grads, weight_grads


# --- 09 ---------------------------------------------------------------------------------------------------------

from . import softmax_exercises  # noqa: E402 (appended with its notebook)


def softmax_delta(z, p, desired):
    # dC/dz_j = sum_i (-y_i / p_i) p_i (delta_ij - p_j) = -y_j + p_j sum_i y_i = p_j - y_j, since the y_i sum to 1
    return p - desired


NOTEBOOKS += (softmax_exercises,)
EXERCISES.update({e.name: e for e in softmax_exercises.EXERCISES})
# --- 04: a weight used twice -------------------------------------------------------------------------------------


def shared_weight_slope(w, b0, b1, x, y):
    a1 = 1 / (1 + np.exp(-(w * x + b0)))
    a2 = 1 / (1 + np.exp(-(w * a1 + b1)))
    delta1 = a2 * (1 - a2) * (a2 - y)  # BP1
    delta0 = w * delta1 * a1 * (1 - a1)  # BP2 in scalars: back through layer 1's use of w
    return delta1 * a1 + delta0 * x  # the slope of each use (BP4), added: where paths meet, slopes add


# --- 03: the weight slopes of a batch, one matrix product ---


def weight_grads_batch(deltas, inputs):
    return deltas.T @ inputs  # entry [i, k] = sum over samples s of deltas[s, i] * inputs[s, k]: every outer product
