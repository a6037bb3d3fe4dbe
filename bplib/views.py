"""The numbers behind each explorer, as plain functions: what a picture shows for one setting of its controls.

The widgets in ``explorers`` only call these and draw the result, so tests can check every number an explorer
shows without a browser or a kernel.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .finite_differences import parameter_loss
from .network import backprop, forward, loss
from .validation import as_positive_float

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


def _backprop_slope(weights, biases, x, y, kind, layer, index) -> float:
    bias_grads, weight_grads = backprop(weights, biases, x, y)
    grads = bias_grads if kind == "bias" else weight_grads
    return float(grads[layer][index])


def nudge_view(weights, biases, x, y, kind, layer, index, step, window=1.0, n_points=101) -> NudgeView:
    """The loss as a function of one parameter over value +- ``window``, and its slope three ways.

    forward = (C(p + h) - C(p)) / h (the article's), centred = (C(p + h) - C(p - h)) / 2h, and backprop's.
    Sigmoid units, quadratic cost (the article's setting).
    """
    step = as_positive_float(step, "step")
    f, value, label = parameter_loss(weights, biases, x, y, kind, layer, index)
    curve_x = np.linspace(value - window, value + window, n_points)
    base, plus, minus = f(value), f(value + step), f(value - step)
    return NudgeView(
        label,
        value,
        curve_x,
        np.array([f(v) for v in curve_x]),
        base,
        plus,
        (plus - base) / step,
        (plus - minus) / (2 * step),
        _backprop_slope(weights, biases, x, y, kind, layer, index),
    )


def step_errors(weights, biases, x, y, kind, layer, index, steps=STEPS) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """|nudged slope - backprop slope| for each step size: ``(steps, forward_errors, centred_errors)``."""
    f, value, _ = parameter_loss(weights, biases, x, y, kind, layer, index)
    exact = _backprop_slope(weights, biases, x, y, kind, layer, index)
    base = f(value)
    forward = np.array([abs((f(value + h) - base) / h - exact) for h in steps])
    centred = np.array([abs((f(value + h) - f(value - h)) / (2 * h) - exact) for h in steps])
    return np.asarray(steps, dtype=np.float64), forward, centred


class OutputLayerView(NamedTuple):
    """The final layer for one input: loss, activations, and the bias slopes from backprop and from nudging."""

    loss: float
    activated: np.ndarray
    backprop: np.ndarray
    nudged: np.ndarray


def output_layer_view(weights, biases, inputs, desired, cost="quadratic", step=1e-5) -> OutputLayerView:
    """Bias slopes of a one-layer sigmoid network: backprop's delta and centred nudges of size ``step``."""
    step = as_positive_float(step, "step")
    _, activated = forward(weights, biases, inputs)
    nudged = []
    for i in range(len(biases[0])):
        f, value, _ = parameter_loss(weights, biases, inputs, desired, "bias", 0, i, cost=cost)
        nudged.append((f(value + step) - f(value - step)) / (2 * step))
    return OutputLayerView(
        loss(weights, biases, inputs, desired, cost=cost),
        activated[-1],
        backprop(weights, biases, inputs, desired, cost=cost)[0][0],
        np.array(nudged),
    )
