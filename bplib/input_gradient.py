"""Backprop one layer further: the slope of the cost with respect to each input, dC/dx.

Backprop walks back from the output, layer by layer, to the first layer's delta, delta_0 = dC/dz_0 (the first
layer's bias gradient; layers are counted from 0, as in notebook 04). One more step of the same walk reaches the
inputs: z_0 = W_0 x + b_0, so

    dC/dx = W_0^T delta_0

with no activate_derivative factor, because the inputs pass through no activation. For an image it says which
pixels, darkened a little, would raise the cost (positive) or lower it (negative).
"""

from __future__ import annotations

import numpy as np

from .activations import _layer_activations
from .costs import get_cost
from .finite_differences import _every_slope
from .network import _check_finite, _check_network, _finite_gradients, _loss, _prepare
from .validation import as_float_array, as_positive_float, check_shape, quietly


def input_gradient(weights, biases, x, y, activation="sigmoid", cost="quadratic") -> np.ndarray:
    """dC/dx = W_0^T delta_0 for one sample ``x`` ``(n_in,)``, or for each sample of a batch ``(m, n_in)``.

    ``delta_0`` is backprop's bias gradient of the first layer (``weights[0]``, shape ``(n_0, n_in)``). For a
    batch, row i is the gradient of sample i's own cost with respect to its own inputs (not averaged), so the
    result always has the shape of ``x``: an empty batch ``(0, n_in)`` gives an empty ``(0, n_in)``. Slopes too
    large for float64 raise a ValueError saying which inputs are too large.
    """
    x, y = _samples(x, y)
    if x.ndim == 2:
        if len(x) == 0:
            return _no_samples(weights, biases, x, y, activation, cost)
        return np.array([input_gradient(weights, biases, xi, yi, activation, cost) for xi, yi in zip(x, y)])
    p = _prepare(weights, biases, x, y, activation, cost)
    bias_grads, _ = _finite_gradients(p)
    slopes = quietly(np.matmul)(p.weights[0].T, bias_grads[0])
    _check_finite(p, [slopes], "an input slope dC/dx")
    return slopes


def nudged_input_gradient(weights, biases, x, y, step=1e-5, activation="sigmoid", cost="quadratic") -> np.ndarray:
    """dC/dx by nudging: (C(x + h e_k) - C(x - h e_k)) / 2h for every input k, shaped like ``x``.

    For a batch ``(m, n_in)``, each sample's own cost is nudged, as ``input_gradient`` computes it.
    """
    step = as_positive_float(step, "step")
    x, y = _samples(x, y)
    if x.ndim == 2:
        if len(x) == 0:
            return _no_samples(weights, biases, x, y, activation, cost)
        return np.array(
            [nudged_input_gradient(weights, biases, xi, yi, step, activation, cost) for xi, yi in zip(x, y)]
        )
    p = _prepare(weights, biases, x, y, activation, cost)  # the network, x and y checked once, not per nudge
    pixels = x.copy()
    on_pixels = p._replace(x=pixels[None])  # sees each nudge of pixels, made in place and undone
    too_steep = "the loss changes too much over one step: x, y or the weights are too large, or step too small"
    return _every_slope(lambda _nudged: _loss(on_pixels), pixels, "centred", step, "x", too_steep)


def _no_samples(weights, biases, x, y, activation, cost) -> np.ndarray:
    """The input slopes of an empty batch, ``(0, n_in)``, once the network and the other arguments are checked."""
    ws, _ = _check_network(weights, biases)
    check_shape(x, "x", (0, ws[0].shape[1]), "no samples, each with one input per column of weights[0]")
    check_shape(y, "y", (0, ws[-1].shape[0]), "no samples, as x has; one output per row of the last weights")
    last = _layer_activations(activation, len(ws))[-1]
    get_cost(cost).check_fits(last.name, y)
    return np.zeros(x.shape)


def _samples(x, y) -> tuple[np.ndarray, np.ndarray]:
    """``x`` and ``y`` as float64 arrays, one sample each or batches with a row per sample, the same number."""
    x = as_float_array(x, "x", ndim=(1, 2))
    y = as_float_array(y, "y", ndim=(1, 2))
    if x.ndim == 2 and (y.ndim != 2 or len(y) != len(x)):
        raise ValueError(f"y must have one row per sample of x, shape ({len(x)}, n_out), got {y.shape}")
    return x, y
