"""The numbers behind each explorer, as plain functions: what a picture shows for one setting of its controls.

The widgets in ``explorers`` only call these and draw the result, so tests can check every number an explorer
shows without a browser or a kernel. Each view checks its arguments once (``checked_once.prepare``) and then
calls the kernels that do not check again: one check per slider move, whatever the view computes.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ..finite_differences import centred_difference, forward_difference
from ..validation import (
    as_float_array,
    as_positive_float,
    as_positive_int,
    check_choice,
    check_finite_results,
    describe,
    quietly,
)
from .checked_once import feedforward, gradients_of, loss_of, nudged_gradient, parameter_loss_of, prepare

STEPS = np.logspace(-10, -1, 37)  # the step sizes an error-against-h curve is drawn at


class NudgeView(NamedTuple):
    """One parameter nudged by ``step``: the loss curve around it and the three slopes."""

    label: str
    value: float
    curve_x: np.ndarray
    curve_loss: np.ndarray
    loss: float
    loss_plus: float
    forward_slope: float
    centred_slope: float
    backprop_slope: float

    @property
    def forward_error(self) -> float:
        return abs(self.forward_slope - self.backprop_slope)

    @property
    def centred_error(self) -> float:
        return abs(self.centred_slope - self.backprop_slope)


def _evenly_spaced(centre: float, half_width: float, n: int, name: str) -> np.ndarray:
    """``n`` points from centre - half_width to centre + half_width; ``name`` is the argument giving half_width."""
    points = quietly(np.linspace)(centre - half_width, centre + half_width, n)
    check_finite_results([points], "the points", f"{name} = {half_width:g} is too large")
    return points


def _backprop_slope(p, kind, layer, index) -> float:
    bias_grads, weight_grads = gradients_of(p)
    grads = bias_grads if kind == "bias" else weight_grads
    return float(grads[layer][index])


def nudge_view(weights, biases, x, y, kind, layer, index, step, window=1.0, n_points=101) -> NudgeView:
    """The loss as a function of one parameter over value +- ``window``, and its slope three ways.

    forward = (C(p + h) - C(p)) / h (the article's), centred = (C(p + h) - C(p - h)) / 2h, and backprop's.
    Sigmoid units, quadratic cost (the article's setting). The same numbers as ``bplib.nudge`` gives.
    """
    step = as_positive_float(step, "step")
    window = as_positive_float(window, "window")
    n_points = as_positive_int(n_points, "n_points")
    p = prepare(weights, biases, x, y)
    f, value, label = parameter_loss_of(p, kind, layer, index)
    loss, plus, minus = f(value), f(value + step), f(value - step)
    forward_slope, centred_slope = (plus - loss) / step, (plus - minus) / (2 * step)  # as bplib.nudge computes
    check_finite_results([forward_slope, centred_slope], "the slope", "the loss changes too much over one step")
    curve_x = _evenly_spaced(value, window, n_points, "window")
    return NudgeView(
        label,
        value,
        curve_x,
        np.array([f(v) for v in curve_x]),
        loss,
        plus,
        forward_slope,
        centred_slope,
        _backprop_slope(p, kind, layer, index),
    )


def step_errors(weights, biases, x, y, kind, layer, index, steps=STEPS) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """|nudged slope - backprop slope| for each step size: ``(steps, forward_errors, centred_errors)``."""
    steps = as_float_array(steps, "steps", ndim=1)
    if np.any(steps <= 0):
        raise ValueError(f"steps must all be positive, got {steps}")
    p = prepare(weights, biases, x, y)
    f, value, _ = parameter_loss_of(p, kind, layer, index)
    exact = _backprop_slope(p, kind, layer, index)
    forward = np.array([abs(forward_difference(f, value, h) - exact) for h in steps])
    centred = np.array([abs(centred_difference(f, value, h) - exact) for h in steps])
    return steps.copy(), forward, centred


class OutputLayerView(NamedTuple):
    """The final layer for one input: loss, weighted inputs and activations, and the bias slopes from backprop
    and from nudging."""

    loss: float
    activated: np.ndarray
    backprop: np.ndarray
    nudged: np.ndarray
    weighted_inputs: np.ndarray


def output_layer_view(weights, biases, inputs, desired, cost="quadratic", step=1e-5) -> OutputLayerView:
    """Bias slopes of a one-layer sigmoid network: backprop's delta and centred nudges of size ``step``."""
    step = as_positive_float(step, "step")
    p = prepare(weights, biases, inputs, desired, cost=cost)
    zs, activations = feedforward(p)
    return OutputLayerView(
        loss_of(p),
        activations[-1][0],
        gradients_of(p)[0][0],
        nudged_gradient(p, step, "bias", 0),
        zs[-1][0],
    )


class OuterProductView(NamedTuple):
    """Weight gradients of one layer from its bias gradients (delta) and its inputs."""

    matrix: np.ndarray
    column_major: np.ndarray
    row_major: np.ndarray


def outer_product_view(bias_grads, inputs) -> OuterProductView:
    """weight_grad[i, k] = bias_grads[i] * inputs[k], and the matrix flattened column by column and row by row."""
    delta = as_float_array(bias_grads, "bias_grads", ndim=1)
    x = as_float_array(inputs, "inputs", ndim=1)
    matrix = quietly(np.outer)(delta, x)
    check_finite_results([matrix], "bias_grads x inputs", "bias_grads or inputs too large")
    return OuterProductView(matrix, matrix.ravel(order="F"), matrix.ravel(order="C"))


HIDDEN_FORMULAS = ("article", "corrected")


class HiddenLayerView(NamedTuple):
    """A 2-layer network's deltas, with the hidden delta from the chosen formula, beside the nudged slopes."""

    loss: float
    hidden_z: np.ndarray
    output_delta: np.ndarray
    hidden_delta: np.ndarray
    nudged_hidden: np.ndarray
    hidden_weight_grads: np.ndarray
    output_weight_grads: np.ndarray

    @property
    def mismatch(self) -> np.ndarray:
        return np.abs(self.hidden_delta - self.nudged_hidden)


def hidden_layer_view(weights, biases, x, y, hidden_activation="sigmoid", formula="corrected", step=1e-5):
    """Backprop through a hidden layer, its delta computed the article's way (W_next^T delta_next) or the
    corrected way ((W_next^T delta_next) * activate_derivative(z)), beside centred nudges of the hidden biases.

    ``weights``/``biases`` describe two layers; the output layer is sigmoid, the cost quadratic.
    """
    check_choice(formula, "formula", HIDDEN_FORMULAS)
    if not isinstance(weights, (list, tuple)) or len(weights) != 2:
        raise ValueError(f"weights must hold two layers (hidden, output), got {describe(weights)}")
    as_float_array(x, "x", ndim=1)  # one sample: the view draws one delta per unit
    step = as_positive_float(step, "step")
    p = prepare(weights, biases, x, y, [hidden_activation, "sigmoid"])
    zs, activated = feedforward(p)
    bias_grads, weight_grads = gradients_of(p)
    if formula == "article":
        hidden = bias_grads[1] @ p.weights[1]  # W_next^T delta_next, nothing more
    else:
        hidden = bias_grads[0]  # backprop's: W_next^T delta_next times activate_derivative(z)
    return HiddenLayerView(
        loss_of(p),
        zs[0][0],
        bias_grads[1],
        hidden,
        nudged_gradient(p, step, "bias", 0),
        np.outer(hidden, activated[0][0]),  # the hidden layer's input is x
        weight_grads[1],
    )


def decision_grid(predict, limit: float = 1.4, n: int = 60) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A classifier's output over the square [-limit, limit]^2: ``(xx, yy, outputs)``, each ``(n, n)``.

    ``predict`` maps a batch ``(m, 2)`` of points to outputs ``(m, 1)``.
    """
    if not callable(predict):
        raise TypeError(f"predict must be a function of a batch of points, got {type(predict).__name__}")
    limit, n = as_positive_float(limit, "limit"), as_positive_int(n, "n")
    ticks = _evenly_spaced(0.0, limit, n, "limit")
    xx, yy = np.meshgrid(ticks, ticks)
    outputs = as_float_array(predict(np.column_stack([xx.ravel(), yy.ravel()])), "predict's outputs")
    if outputs.size != n * n:
        raise ValueError(f"predict's outputs must hold one number per point, {n * n}, got shape {outputs.shape}")
    return xx, yy, outputs.reshape(n, n)
