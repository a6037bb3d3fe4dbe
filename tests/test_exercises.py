"""Every checker judges answers as what they are: right answers in several styles pass, each named mistake is
named, and an answer a little off never passes. The learners' functions here are written as a learner would
write them, not taken from the checkers. Hostile and malformed answers: tests/test_exercise_answers.py."""

import functools

import numpy as np
import pytest
from test_depth_exercises import ANY_DEPTH_MISTAKES, ANY_DEPTH_RIGHT

import bplib
from bplib import exercises as ex
from bplib.exercises import solutions
from bplib.exercises.checking import TOLERANCE


def sig(z):
    return 1 / (1 + np.exp(-z))


# --- 01 ------------------------------------------------------------------------------------------------------


def forward_with_names(loss_of, value, h):
    before, after = loss_of(value), loss_of(value + h)
    return (after - before) / h


def centred_as_mean_of_two_sides(loss_of, value, h):
    right = (loss_of(value + h) - loss_of(value)) / h
    left = (loss_of(value) - loss_of(value - h)) / h
    return (right + left) / 2


def partial_with_copies(f, inputs, i, h):
    up, down = inputs.copy(), inputs.copy()
    up[i] += h
    down[i] -= h
    return (f(up) - f(down)) / (2 * h)


def partial_in_place(f, inputs, i, h):
    inputs[i] += h
    above = f(inputs)
    inputs[i] -= 2 * h
    below = f(inputs)
    inputs[i] += h  # put it back
    return (above - below) / (2 * h)


def partial_aliased(f, inputs, i, h):
    up = inputs  # not a copy: the same array
    up[i] += h
    above = f(up)
    down = inputs
    down[i] -= h  # back to the start, not below it
    return (above - f(down)) / (2 * h)


def partial_aliased_both(f, inputs, i, h):
    up, down = inputs, inputs
    up[i] += h
    down[i] -= h
    return (f(up) - f(down)) / (2 * h)


def sigmoid_slope_quotient_rule(z):
    return np.exp(-z) / (1 + np.exp(-z)) ** 2


def sigmoid_slope_by_cases(z):
    e = np.exp(-np.abs(z))
    return e / (1 + e) ** 2


def sigmoid_slope_symmetric(z):
    return 1 / (np.exp(z) + 2 + np.exp(-z))


# --- 02 and 03 -----------------------------------------------------------------------------------------------


def output_delta_loop(z, a, desired):
    return [sig(z[i]) * (1 - sig(z[i])) * (a[i] - desired[i]) for i in range(len(z))]


def flat_loop(bias_grads, inputs):
    grads = []
    for k in range(len(inputs)):
        for i in range(len(bias_grads)):
            grads.append(bias_grads[i] * inputs[k])
    return grads


def matrix_loop(bias_grads, inputs):
    return [[b * x for x in inputs] for b in bias_grads]


def batch_broadcast(deltas, inputs):
    every_outer_product = deltas[:, :, None] * inputs[:, None, :]  # (samples, outputs, inputs)
    return every_outer_product.sum(axis=0)


# --- 04 ------------------------------------------------------------------------------------------------------


def hidden_loop(delta_next, weights_next, z):
    n_next, n_hidden = weights_next.shape
    out = np.zeros(n_hidden)
    for j in range(n_hidden):
        total = sum(delta_next[i] * weights_next[i, j] for i in range(n_next))
        out[j] = total * sig(z[j]) * (1 - sig(z[j]))
    return out


def two_layers(weights, biases, x, y, slope=lambda z, a: a * (1 - a), weight_input=None, sign=1, factor=True, out=True,
               back=lambda w, d: w.T @ d):
    z1 = weights[0] @ x + biases[0]
    a1 = sig(z1)
    z2 = weights[1] @ a1 + biases[1]
    a2 = sig(z2)
    d2 = (slope(z2, a2) if out else 1) * (a2 - y) * sign
    d1 = back(weights[1], d2) * (slope(z1, a1) if factor else 1)
    into_last = a1 if weight_input is None else weight_input(z1, a1)
    return [d1, d2], [np.outer(d1, x), np.outer(d2, into_last)]


def two_layers_with_bplib_forward(weights, biases, x, y):
    zs, acts = bplib.forward(weights, biases, x)
    deltas = [None, acts[2] * (1 - acts[2]) * (acts[2] - y)]
    deltas[0] = (weights[1].T @ deltas[1]) * acts[1] * (1 - acts[1])
    return tuple(deltas), tuple(np.outer(d, a) for d, a in zip(deltas, acts[:2]))


def shared_by_hand(w, b0, b1, x, y, uses=(0, 1), w_back=True, factor=True):
    a1 = sig(w * x + b0)
    a2 = sig(w * a1 + b1)
    d1 = (a2 - y) * a2 * (1 - a2)
    d0 = d1 * (w if w_back else 1) * (a1 * (1 - a1) if factor else 1)
    slopes = {1: d1 * a1, 0: d0 * x}
    total = 0.0
    for use in uses:
        total += slopes[use]
    return total


def shared_as_two_weights(w, b0, b1, x, y):
    """Each use as a weight of its own in a 1 -> 1 -> 1 network, then added: the idea of the exercise."""
    _, weight_grads = bplib.backprop([np.array([[w]]), np.array([[w]])], [np.array([b0]), np.array([b1])],
                                     np.array([x]), np.array([y]))
    return weight_grads[0][0, 0] + weight_grads[1][0, 0]


# --- 06 ------------------------------------------------------------------------------------------------------


def sgd(weights, biases, x, y, learning_rate, scale=1.0, move_w=True, move_b=True, swap=False):
    bias_grads, weight_grads = bplib.backprop(weights, biases, x, y)
    eta = learning_rate * scale
    new_w = [w - eta * g * move_w for w, g in zip(weights, weight_grads)]
    new_b = [b - eta * g * move_b for b, g in zip(biases, bias_grads)]
    return (new_b, new_w) if swap else (new_w, new_b)


def sgd_step_only(weights, biases, x, y, learning_rate):
    bias_grads, weight_grads = bplib.backprop(weights, biases, x, y)
    return [learning_rate * g for g in weight_grads], [learning_rate * g for g in bias_grads]


def sgd_layer_by_layer(weights, biases, x, y, learning_rate):
    for layer in range(len(weights)):
        bias_grads, weight_grads = bplib.backprop(weights, biases, x, y)  # again, after the layers below moved
        weights[layer] = weights[layer] - learning_rate * weight_grads[layer]
        biases[layer] = biases[layer] - learning_rate * bias_grads[layer]
    return weights, biases


def sgd_in_place_and_returned(weights, biases, x, y, learning_rate):
    bias_grads, weight_grads = bplib.backprop(weights, biases, x, y)
    for w, g in zip(weights, weight_grads):
        w -= learning_rate * g
    for b, g in zip(biases, bias_grads):
        b -= learning_rate * g
    return weights, biases


def sgd_last_sample(weights, biases, x, y, learning_rate):
    for x_i, y_i in zip(x, y):  # the slopes overwritten each time round
        bias_grads, weight_grads = bplib.backprop(weights, biases, x_i, y_i)
    new_w = [w - learning_rate * g for w, g in zip(weights, weight_grads)]
    return new_w, [b - learning_rate * g for b, g in zip(biases, bias_grads)]


def sgd_sample_by_sample(weights, biases, x, y, learning_rate):
    for x_i, y_i in zip(x, y):
        weights, biases = sgd(weights, biases, x_i, y_i, learning_rate)
    return weights, biases


def batch(sample_gradients, x, y, samples=None, divide_b=None, divide_w=None, swap=False):
    chosen = list(zip(x, y)) if samples is None else [(x[i], y[i]) for i in samples]
    total_b, total_w = None, None
    for x_i, y_i in chosen:
        bias_grads, weight_grads = sample_gradients(x_i, y_i)
        total_b = bias_grads if total_b is None else [t + g for t, g in zip(total_b, bias_grads)]
        total_w = weight_grads if total_w is None else [t + g for t, g in zip(total_w, weight_grads)]
    m = len(chosen)
    result = [t / (divide_b or m) for t in total_b], [t / (divide_w or m) for t in total_w]
    return result[::-1] if swap else result


def batch_last_only(sample_gradients, x, y):
    for x_i, y_i in zip(x, y):
        grads = sample_gradients(x_i, y_i)  # overwritten each time round
    return grads


def batch_stacked(sample_gradients, x, y):
    per_sample = [sample_gradients(x_i, y_i) for x_i, y_i in zip(x, y)]
    layers = range(len(per_sample[0][0]))
    bias_grads = [np.stack([s[0][l] for s in per_sample]).sum(axis=0) / len(x) for l in layers]
    weight_grads = [np.stack([s[1][l] for s in per_sample]).sum(axis=0) / len(x) for l in layers]
    return tuple(bias_grads), tuple(weight_grads)


RIGHT = {
    ex.check_forward_slope: [
        lambda loss_of, value, h: (loss_of(value + h) - loss_of(value)) / h,
        forward_with_names,
        lambda loss_of, value, h: np.float64(loss_of(value + h) - loss_of(value)) * (1 / h),
        lambda loss_of, value, h: np.array((loss_of(value + h) - loss_of(value)) / h),  # a 0-d array is a number
    ],
    ex.check_centred_slope: [
        lambda loss_of, value, h: (loss_of(value + h) - loss_of(value - h)) / (2 * h),
        lambda loss_of, value, h: (loss_of(value + h) - loss_of(value - h)) / h / 2,
        centred_as_mean_of_two_sides,
    ],
    ex.check_partial_slope: [
        partial_with_copies,
        partial_in_place,
        lambda f, inputs, i, h: (f(inputs + h * np.eye(len(inputs))[i]) - f(inputs - h * np.eye(len(inputs))[i]))
        / (h + h),
    ],
    ex.check_sigmoid_slope: [
        lambda z: sig(z) * (1 - sig(z)),
        sigmoid_slope_by_cases,
        sigmoid_slope_symmetric,
        lambda z: sig(z) * sig(-z),
    ],
    ex.check_graph_slopes: [
        lambda x, y, z: (z, z, x + y, z),
        lambda x, y, z: [z * 1.0, 1.0 * z, x + y, z],
        lambda x, y, z: np.array([z, z, y + x, z]),
    ],
    ex.check_output_delta: [
        lambda z, a, desired: a * (1 - a) * (a - desired),
        output_delta_loop,
        lambda z, a, desired: np.exp(-z) / (1 + np.exp(-z)) ** 2 * (a - desired),
        lambda z, a, desired: (
            bplib.get_activation("sigmoid").activate_derivative(z)
            * bplib.get_cost("quadratic").cost_derivative(desired, a)
        ),
    ],
    ex.check_cross_entropy_delta: [
        lambda z, a, desired: a - desired,
        lambda z, a, desired: [a_i - y_i for a_i, y_i in zip(a, desired)],
        lambda z, a, desired: (a - desired) / (a * (1 - a)) * a * (1 - a),
    ],
    ex.check_weight_grads_loop: [
        lambda bias_grads, inputs: [
            bias_grads[i] * inputs[k] for k in range(len(inputs)) for i in range(len(bias_grads))
        ],
        flat_loop,
        lambda bias_grads, inputs: np.outer(bias_grads, inputs).ravel(order="F"),
        lambda bias_grads, inputs: np.outer(inputs, bias_grads).ravel().tolist(),
    ],
    ex.check_weight_grads_matrix: [
        lambda bias_grads, inputs: np.outer(bias_grads, inputs),
        lambda bias_grads, inputs: bias_grads[:, None] * inputs[None, :],
        lambda bias_grads, inputs: bias_grads.reshape(-1, 1) @ inputs.reshape(1, -1),
        lambda bias_grads, inputs: np.einsum("i,k->ik", bias_grads, inputs),
        matrix_loop,
    ],
    ex.check_weight_grads_batch: [
        lambda deltas, inputs: deltas.T @ inputs,
        lambda deltas, inputs: np.dot(deltas.T, inputs),
        lambda deltas, inputs: np.einsum("si,sk->ik", deltas, inputs),
        lambda deltas, inputs: np.tensordot(deltas, inputs, axes=(0, 0)),
        lambda deltas, inputs: (inputs.T @ deltas).T,
        batch_broadcast,
    ],
    ex.check_hidden_delta: [
        lambda delta_next, weights_next, z: (weights_next.T @ delta_next) * sig(z) * (1 - sig(z)),
        lambda delta_next, weights_next, z: np.dot(delta_next, weights_next) * sig(z) * (1 - sig(z)),
        hidden_loop,
    ],
    ex.check_tanh_hidden_delta: [
        lambda delta_next, weights_next, z: (weights_next.T @ delta_next) * (1 - np.tanh(z) ** 2),
        lambda delta_next, weights_next, z: (delta_next @ weights_next) / np.cosh(z) ** 2,
        lambda delta_next, weights_next, z: (
            (weights_next.T @ delta_next) * bplib.get_activation("tanh").activate_derivative(z)
        ),
    ],
    ex.check_backprop_two_layers: [two_layers, two_layers_with_bplib_forward],
    ex.check_shared_weight_slope: [shared_by_hand, shared_as_two_weights],
    ex.check_sgd_step: [sgd, sgd_in_place_and_returned, lambda **c: tuple(sgd(**c))],
    ex.check_batch_gradients: [batch, batch_stacked],
}

MISTAKES = {
    ex.check_forward_slope: {
        "centred": lambda loss_of, value, h: (loss_of(value + h) - loss_of(value - h)) / (2 * h),
        "sign": lambda loss_of, value, h: (loss_of(value) - loss_of(value + h)) / h,
        "no division": lambda loss_of, value, h: loss_of(value + h) - loss_of(value),
        "2h": lambda loss_of, value, h: (loss_of(value + h) - loss_of(value)) / (2 * h),
        "fixed step": lambda loss_of, value, h: (loss_of(value + 0.001) - loss_of(value)) / 0.001,
        "backward": lambda loss_of, value, h: (loss_of(value) - loss_of(value - h)) / h,
    },
    ex.check_centred_slope: {
        "forward": lambda loss_of, value, h: (loss_of(value + h) - loss_of(value)) / h,
        "h not 2h": lambda loss_of, value, h: (loss_of(value + h) - loss_of(value - h)) / h,
        "sign": lambda loss_of, value, h: (loss_of(value - h) - loss_of(value + h)) / (2 * h),
        "/ 2 * h": lambda loss_of, value, h: (loss_of(value + h) - loss_of(value - h)) / 2 * h,
        "fixed step": lambda loss_of, value, h: (loss_of(value + 1e-5) - loss_of(value - 1e-5)) / 2e-5,
    },
    ex.check_partial_slope: {
        "all inputs": lambda f, inputs, i, h: (f(inputs + h) - f(inputs - h)) / (2 * h),
        "aliased": partial_aliased,
        "aliased, both sides": partial_aliased_both,
        "forward": lambda f, inputs, i, h: (f(inputs + h * np.eye(len(inputs))[i]) - f(inputs)) / h,
        "h not 2h": lambda f, inputs, i, h: 2 * partial_with_copies(f, inputs, i, h),
        "sign": lambda f, inputs, i, h: partial_with_copies(f, inputs, i, h) * -1,
        "input 0": lambda f, inputs, i, h: partial_with_copies(f, inputs, 0, h),
        "i + 1": lambda f, inputs, i, h: partial_with_copies(f, inputs, i + 1, h),
        "i - 1": lambda f, inputs, i, h: partial_with_copies(f, inputs, i - 1, h),
        "fixed step": lambda f, inputs, i, h: partial_with_copies(f, inputs, i, 1e-5),
    },
    ex.check_sigmoid_slope: {
        "sigma not sigma'": sig,
        "z(1-z)": lambda z: z * (1 - z),
        "lost minus": lambda z: -sig(z) * (1 - sig(z)),
        "no inner slope": lambda z: -((1 + np.exp(-z)) ** -2),
        "tanh's form": lambda z: 1 - sig(z) ** 2,
        "overflow": sigmoid_slope_quotient_rule,
    },
    ex.check_graph_slopes: {
        "no chain through q": lambda x, y, z: (1, 1, x + y, z),
        "swapped": lambda x, y, z: (x + y, x + y, z, x + y),
        "values": lambda x, y, z: (x, y, z, x + y),
        "own values": lambda x, y, z: (x * z, y * z, x + y, z),
    },
    ex.check_output_delta: {
        "flipped sign": lambda z, a, desired: a * (1 - a) * (desired - a),
        "no activate_derivative": lambda z, a, desired: a - desired,
        "sigma not sigma'": lambda z, a, desired: sig(z) * (a - desired),
        "z(1-z)": lambda z, a, desired: z * (1 - z) * (a - desired),
        "derivative at a": lambda z, a, desired: sig(a) * (1 - sig(a)) * (a - desired),
        "factor 2": lambda z, a, desired: 2 * a * (1 - a) * (a - desired),
        "divided by n": lambda z, a, desired: a * (1 - a) * (a - desired) / len(z),
        "index 0": lambda z, a, desired: np.array([a[0] * (1 - a[0]) * (a[0] - desired[0]) for _ in z]),
        "z for a": lambda z, a, desired: a * (1 - a) * (z - desired),
        "cost not slope": lambda z, a, desired: (desired - a) ** 2 / 2,
        "squared difference": lambda z, a, desired: (a - desired) ** 2,
        "no cost_derivative": lambda z, a, desired: a * (1 - a),
    },
    ex.check_cross_entropy_delta: {
        "kept sigma'": lambda z, a, desired: a * (1 - a) * (a - desired),
        "flipped sign": lambda z, a, desired: desired - a,
        "z for a": lambda z, a, desired: z - desired,
        "dC/da": lambda z, a, desired: (a - desired) / (a * (1 - a)),
        "-dC/da": lambda z, a, desired: desired / a - (1 - desired) / (1 - a),
        "cost not slope": lambda z, a, desired: -desired * np.log(a) - (1 - desired) * np.log(1 - a),
    },
    ex.check_weight_grads_loop: {
        "row-major": lambda bias_grads, inputs: [b * x for b in bias_grads for x in inputs],
        "index 0": lambda bias_grads, inputs: [bias_grads[0] * x for x in inputs for _ in bias_grads],
    },
    ex.check_weight_grads_matrix: {
        "transposed": lambda bias_grads, inputs: np.outer(inputs, bias_grads),
        "1-D transpose": lambda bias_grads, inputs: bias_grads @ inputs.T,
        "summed": lambda bias_grads, inputs: bias_grads.sum() * inputs.sum(),
        "flat list": lambda bias_grads, inputs: np.kron(bias_grads, inputs),
    },
    ex.check_weight_grads_batch: {
        "transposed": lambda deltas, inputs: inputs.T @ deltas,
        "samples paired": lambda deltas, inputs: np.dot(deltas, inputs.T),
        "untransposed": lambda deltas, inputs: deltas @ inputs,
        "mean": lambda deltas, inputs: np.einsum("si,sk->ik", deltas, inputs) / deltas.shape[0],
        "summed first": lambda deltas, inputs: deltas.sum(axis=0)[:, None] * inputs.sum(axis=0)[None, :],
        "first sample": lambda deltas, inputs: deltas[0][:, None] @ inputs[0][None, :],
        "first two samples": lambda deltas, inputs: deltas[:2].T @ inputs[:2],
    },
    ex.check_hidden_delta: {
        "missing factor": lambda delta_next, weights_next, z: weights_next.T @ delta_next,
        "transposed": lambda delta_next, weights_next, z: (weights_next @ delta_next) * sig(z) * (1 - sig(z)),
        "transposed, missing factor": lambda delta_next, weights_next, z: weights_next @ delta_next,
        "sigma' before W^T": lambda delta_next, weights_next, z: weights_next.T @ (delta_next * sig(z) * (1 - sig(z))),
        "sigma not sigma'": lambda delta_next, weights_next, z: (weights_next.T @ delta_next) * sig(z),
        "z(1-z)": lambda delta_next, weights_next, z: (weights_next.T @ delta_next) * z * (1 - z),
        "derivative at a": lambda delta_next, weights_next, z: (
            (weights_next.T @ delta_next) * sig(sig(z)) * (1 - sig(sig(z)))
        ),
        "tanh slope": lambda delta_next, weights_next, z: (weights_next.T @ delta_next) * (1 - np.tanh(z) ** 2),
    },
    ex.check_tanh_hidden_delta: {
        "sigmoid slope": lambda delta_next, weights_next, z: (weights_next.T @ delta_next) * sig(z) * (1 - sig(z)),
        "missing factor": lambda delta_next, weights_next, z: weights_next.T @ delta_next,
        "tanh not tanh'": lambda delta_next, weights_next, z: (weights_next.T @ delta_next) * np.tanh(z),
        "1 - tanh": lambda delta_next, weights_next, z: (weights_next.T @ delta_next) * (1 - np.tanh(z)),
        "1 - z^2": lambda delta_next, weights_next, z: (weights_next.T @ delta_next) * (1 - z * z),
        "tanh twice": lambda delta_next, weights_next, z: weights_next.T @ delta_next * (1 - np.tanh(np.tanh(z)) ** 2),
        "(1 - tanh)²": lambda delta_next, weights_next, z: weights_next.T @ delta_next * (1 - np.tanh(z)) ** 2,
        "transposed": lambda delta_next, weights_next, z: (weights_next @ delta_next) * (1 - np.tanh(z) ** 2),
        "transposed, missing factor": lambda delta_next, weights_next, z: np.dot(weights_next, delta_next),
        "tanh' before W^T": lambda delta_next, weights_next, z: weights_next.T @ (delta_next / np.cosh(z) ** 2),
    },
    ex.check_backprop_two_layers: {
        "missing factor": lambda **c: two_layers(**c, factor=False),
        "output missing factor": lambda **c: two_layers(**c, out=False),
        "both factors missing": lambda **c: two_layers(**c, factor=False, out=False),
        "factor 2": lambda **c: two_layers(**c, sign=2),  # the derivative of (a - y)^2 without the 1/2
        "reversed layers": lambda **c: tuple(part[::-1] for part in two_layers(**c)),
        "swapped pair": lambda **c: two_layers(**c)[::-1],
        "transposed weight slopes": lambda **c: (two_layers(**c)[0], [g.T for g in two_layers(**c)[1]]),
        "z for a": lambda **c: two_layers(**c, weight_input=lambda z, a: z),
        "z(1-z)": lambda **c: two_layers(**c, slope=lambda z, a: z * (1 - z)),
        "flipped sign": lambda **c: two_layers(**c, sign=-1),
        "derivative at a": lambda **c: two_layers(**c, slope=lambda z, a: sig(a) * (1 - sig(a))),
        "W not W^T": lambda **c: two_layers(**c, back=lambda w, d: d @ w.T),  # runs where W is square
    },
    ex.check_shared_weight_slope: {
        "only layer 1's use": lambda **c: shared_by_hand(**c, uses=(1,)),
        "only layer 0's use": lambda **c: shared_by_hand(**c, uses=(0,)),
        "averaged": lambda **c: shared_by_hand(**c) / 2,
        "no w on the way back": lambda **c: shared_by_hand(**c, w_back=False),
        "missing factor": lambda **c: shared_by_hand(**c, factor=False),
        "flipped sign": lambda w, b0, b1, x, y: -shared_by_hand(w, b0, b1, x, y),
    },
    ex.check_sgd_step: {
        "ascent": lambda **c: sgd(**c, scale=-1),
        "no learning rate": lambda **c: sgd(**c, scale=1 / c["learning_rate"]),
        "biases frozen": lambda **c: sgd(**c, move_b=False),
        "weights frozen": lambda **c: sgd(**c, move_w=False),
        "eta/m": lambda **c: sgd(**c, scale=1 / len(c["x"])),
        "summed": lambda **c: sgd(**c, scale=len(c["x"])),
        "one step per sample": sgd_sample_by_sample,
        "swapped pair": lambda **c: sgd(**c, swap=True),
        "slopes again for each layer": sgd_layer_by_layer,
        "the step only": sgd_step_only,
        "fixed rate": lambda **c: sgd(**{**c, "learning_rate": 0.3}),
        "first sample": lambda **c: sgd(**{**c, "x": c["x"][:1], "y": c["y"][:1]}),
        "last sample": sgd_last_sample,
    },
    ex.check_batch_gradients: {
        "not averaged": lambda **c: batch(**c, divide_b=1, divide_w=1),
        "first sample": lambda **c: batch(**c, samples=[0]),
        "last sample": batch_last_only,
        "biases not averaged": lambda **c: batch(**c, divide_b=1),
        "weights not averaged": lambda **c: batch(**c, divide_w=1),
        "m - 1": lambda **c: batch(**c, divide_b=len(c["x"]) - 1, divide_w=len(c["x"]) - 1),
        "swapped pair": lambda **c: batch(**c, swap=True),
        "whole batch": lambda sample_gradients, x, y: sample_gradients(x, y),
    },
}

# 05's any-depth answers are written in test_depth_exercises.py, beside the rest of 05's tests
RIGHT[ex.check_backprop_any_depth] = ANY_DEPTH_RIGHT
MISTAKES[ex.check_backprop_any_depth] = ANY_DEPTH_MISTAKES
CHECKERS = list(RIGHT)
RIGHT_ANSWERS = [(c, n) for c in CHECKERS for n in range(len(RIGHT[c]))]
NAMED = [(c, name) for c in CHECKERS for name in MISTAKES[c]]


def ids(pairs):
    return [f"{c.__name__[6:]}-{n}" for c, n in pairs]


@pytest.mark.parametrize(("checker", "n"), RIGHT_ANSWERS, ids=ids(RIGHT_ANSWERS))
def test_right_answers_in_any_style_pass(checker, n):
    verdict = checker(RIGHT[checker][n])
    assert (verdict.status, verdict.kind) == ("correct", "correct"), str(verdict)
    assert verdict.passed and verdict.error <= TOLERANCE / 100  # far from nudging: see test_exercise_rules.py
    assert str(verdict).startswith("✔")


@pytest.mark.parametrize(("checker", "name"), NAMED, ids=ids(NAMED))
def test_each_named_mistake_is_named(checker, name):
    verdict = checker(MISTAKES[checker][name])
    assert (verdict.status, verdict.mistake) == ("known mistake", name), str(verdict)
    assert not verdict.passed


def test_every_mistake_a_checker_knows_is_tested():
    for checker in CHECKERS:
        exercise = solutions.EXERCISES[checker.__doc__.split("``")[1].split("(")[0]]
        known = {m.name for m in exercise.mistakes} | ({"whole batch"} if exercise.batch_calls else set())
        assert known == set(MISTAKES[checker]), checker.__name__


@pytest.mark.parametrize("checker", CHECKERS, ids=[c.__name__ for c in CHECKERS])
def test_an_answer_slightly_off_never_passes(checker):
    """Off by one part in a million, or one entry changed: never "correct", and the error says by how much."""
    right = RIGHT[checker][0]
    scaled = checker(lambda **case: _scale(right(**case), 1 + 1e-6))
    assert not scaled.passed and scaled.kind in ("values", "nearly", "mistake"), str(scaled)
    if scaled.kind != "mistake":
        assert scaled.error == pytest.approx(0.5e-6, rel=1e-3)
    nudged = checker(lambda **case: _nudge_first(right(**case)))
    assert not nudged.passed, str(nudged)


def _scale(answer, factor):
    if isinstance(answer, (list, tuple)) and answer and not np.isscalar(answer[0]):
        return type(answer)(_scale(a, factor) for a in answer)
    return np.asarray(answer, dtype=float) * factor


def _nudge_first(answer):
    if isinstance(answer, (list, tuple)) and answer and not np.isscalar(answer[0]):
        return [_nudge_first(answer[0]), *answer[1:]]
    changed = np.array(answer, dtype=float)
    changed.flat[0] += 1e-3
    return changed


@pytest.mark.parametrize("name", list(solutions.EXERCISES))
def test_every_solution_passes_its_checker_and_can_be_shown(name):
    every_checker = [getattr(ex, n) for n in ex.__all__ if n.startswith("check_")]
    checker = next(c for c in every_checker if f"``{name}(" in c.__doc__)
    assert checker(getattr(solutions, name)).passed
    shown = ex.solution(name)
    assert f"def {name}(" in str(shown) and solutions.EXERCISES[name].title in str(shown)
    assert str(ex.solution(getattr(solutions, name))) == str(shown)  # the function itself works too
    assert "```python" in shown._repr_markdown_()


def test_an_unknown_solution_name_is_refused_with_the_known_names():
    with pytest.raises(ValueError, match="exercise must be the name of an exercise's function, one of forward_slope"):
        ex.solution("backprop_three_layers")


def test_correct_answers_are_confirmed_with_numbers():
    for checker in (ex.check_output_delta, ex.check_cross_entropy_delta, ex.check_weight_grads_loop):
        assert checker(RIGHT[checker][0]).measured["nudge_error"] < 1e-9
    for checker in (ex.check_hidden_delta, ex.check_tanh_hidden_delta, ex.check_weight_grads_matrix):
        assert checker(RIGHT[checker][0]).measured["nudge_error"] < 1e-9
    for checker in (ex.check_backprop_two_layers, ex.check_batch_gradients):
        assert checker(RIGHT[checker][0]).measured["nudge_error"] < 1e-8
    forward = ex.check_forward_slope(RIGHT[ex.check_forward_slope][0]).measured["slope_error"]
    centred = ex.check_centred_slope(RIGHT[ex.check_centred_slope][0]).measured["slope_error"]
    assert centred < forward / 10 and forward > 1e-5  # h from 0.005 to 0.03: the one-sided error is of order h
    assert ex.check_sgd_step(sgd).measured["largest_loss_change"] < 0  # the loss fell on every case


def test_a_wrong_nudge_confirmation_would_show():
    """The confirmation can fail: a checker's nudges of the wrong cost disagree with a right answer."""
    from bplib.exercises.output_exercises import _output_cases, nudged_output_slopes

    case = _output_cases(0)[0]
    right = case["a"] - case["desired"]  # cross-entropy's delta
    assert np.max(np.abs(right - nudged_output_slopes(case, "cross_entropy"))) < 1e-9
    assert np.max(np.abs(right - nudged_output_slopes(case, "quadratic"))) > 1e-2


def test_checks_are_repeatable_and_do_not_touch_the_learners_arrays():
    seen = []

    def learner(z, a, desired):
        seen.append(z.copy())
        z[:] = 0  # a careless learner changes its input
        return a * (1 - a) * (a - desired)

    first = ex.check_output_delta(learner)
    assert first.passed and str(ex.check_output_delta(learner)) == str(first)
    assert all(np.any(s != 0) for s in seen)


def test_the_seed_chooses_the_cases():
    def off(z, a, desired):
        return 0.5 * a * (1 - a) * (a - desired)

    assert str(ex.check_output_delta(off, seed=3)) == str(ex.check_output_delta(off, seed=3))
    assert str(ex.check_output_delta(off, seed=3)) != str(ex.check_output_delta(off, seed=4))


# --- 03's batch: one matrix product, held -------------------------------------------------------------------


def batch_outer_sum(deltas, inputs):
    return sum(np.outer(d, x) for d, x in zip(deltas, inputs))


def batch_while(deltas, inputs):
    total, s = 0.0, 0
    while s < len(deltas):
        total = total + deltas[s][:, None] * inputs[s][None, :]
        s += 1
    return total


def batch_comprehension(deltas, inputs):
    return np.sum([d[:, None] * x[None, :] for d, x in zip(deltas, inputs)], axis=0)


def batch_map(deltas, inputs):
    return sum(map(lambda d, x: d[:, None] * x[None, :], deltas, inputs))


def batch_reduce(deltas, inputs):
    import functools

    pairs = zip(deltas, inputs)
    return functools.reduce(lambda total, pair: total + pair[0][:, None] * pair[1][None, :], pairs, 0.0)


@pytest.mark.parametrize(
    ("answer", "how"),
    [
        *((batch_outer_sum, "outer"), (batch_while, "loop"), (batch_comprehension, "loop"), (matrix_loop, "loop")),
        *((batch_map, "loop"), (batch_reduce, "loop")),
    ],
    ids=["np.outer in a generator", "while", "comprehension", "nested comprehensions", "map", "functools.reduce"],
)
def test_the_batch_checker_names_a_loop_or_np_outer(answer, how):
    verdict = ex.check_weight_grads_batch(answer)
    if answer is matrix_loop:  # the wrong numbers (one sample's outer product of rows) come first
        assert not verdict.passed and verdict.mistake != "loop", str(verdict)
        return
    assert (verdict.status, verdict.mistake) == ("known mistake", how), str(verdict)
    assert "the right numbers" in verdict.message and "one matrix product" in verdict.message


def batch_as_floats_first(deltas, inputs):
    deltas, inputs = (np.asarray(a, dtype=float) for a in (deltas, inputs))  # a loop over the two arguments
    return deltas.T @ inputs


def batch_checked_first(deltas, inputs):
    for array in (deltas, inputs):
        assert array.ndim == 2
    return np.matmul(deltas.T, inputs)


def batch_by_written_indices(deltas, inputs):
    total = 0
    for i in (0, 1, 2, 3, 4, 5, 6, 7, 8, 9):  # every sample, if there are at most ten: a loop over the samples
        if i < len(deltas):
            total = total + deltas[i][:, None] * inputs[i]
    return total


def batch_by_numpy_reduce(deltas, inputs):
    return np.add.reduce(deltas[:, :, None] * inputs[:, None, :], axis=0)  # numpy's reduce: no Python loop


def batch_rows_of_a_literal(deltas, inputs):
    return sum(np.array([d[:, None] * x[None, :] for d, x in zip(*pair)]).sum(axis=0) for pair in [(deltas, inputs)])


@pytest.mark.parametrize("answer", [batch_as_floats_first, batch_checked_first, batch_by_numpy_reduce])
def test_a_loop_over_the_arguments_is_no_loop_over_the_samples(answer):
    assert ex.check_weight_grads_batch(answer).passed


@pytest.mark.parametrize("answer", [batch_rows_of_a_literal, batch_by_written_indices])
def test_a_loop_over_the_samples_by_a_literal_is_still_named(answer):
    verdict = ex.check_weight_grads_batch(answer)
    assert (verdict.status, verdict.mistake) == ("known mistake", "loop"), str(verdict)


def test_the_batch_checker_holds_its_rule_only_for_right_answers():
    """A wrong answer with a loop gets the diagnosis of its numbers, not the rule; the rule reads only the
    learner's code, so a right answer without Python code of its own (a partial) is judged on its numbers."""
    first_only = ex.check_weight_grads_batch(
        lambda deltas, inputs: sum(np.outer(d, x) for d, x in zip(deltas[:1], inputs))
    )
    assert first_only.mistake == "first sample", str(first_only)
    right = functools.partial(lambda deltas, inputs, scale: scale * (deltas.T @ inputs), scale=1.0)
    assert ex.check_weight_grads_batch(right).passed
