"""The math the views call after checking their arguments once: one ``Problem`` per slider move, not one per call.

``bplib.forward``, ``loss``, ``backprop`` and ``numerical_gradient`` each check the network, ``x`` and ``y``
again on every call. A view that needs all four would check the same arrays four or five times per move of a
slider. So a view calls ``prepare`` once and passes the checked ``Problem`` to the functions here, which run
the same kernels the public functions run (so the numbers are the same to the last bit) without checking again.

The kernels are private to ``bplib.network`` and ``bplib.finite_differences``; this module is the one place in
``bplib.explore`` that reaches for them, so that if they change, or become public, only this file follows.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..costs import get_cost
from ..finite_differences import _numerical_gradient, _parameter_loss
from ..network import (
    Problem,
    _check_finite,
    _check_network,
    _feedforward,
    _finite_gradients,
    _loss,
    _prepare,
    _prepare_forward,
)
from ..validation import as_float_array, check_finite_results, quietly


def check_network(weights, biases) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """The network alone checked, as ``bplib.forward`` checks it (the same messages): float64 ``(weights, biases)``."""
    return _check_network(weights, biases)


def prepare(weights, biases, x, y, activation="sigmoid", cost="quadratic") -> Problem:
    """The arguments checked once, as ``bplib.backprop`` checks them (the same messages), and made batches."""
    return _prepare(weights, biases, x, y, activation, cost)


def prepare_forward(weights, biases, x, activation="sigmoid") -> Problem:
    """The network and ``x`` checked once, as ``bplib.forward`` checks them; ``with_desired`` adds ``y`` later."""
    return _prepare_forward(weights, biases, x, activation)


def with_desired(p: Problem, y: np.ndarray, cost: str = "quadratic") -> Problem:
    """``p`` with desired outputs ``y`` (a batch, one row per sample of ``p.x``) and a cost, for a view that learns
    its ``y`` from a forward pass; ``y`` is made by the view, so only its shape is checked here."""
    y = as_float_array(y, "y", ndim=2)
    if y.shape != (len(p.x), p.weights[-1].shape[0]):
        raise ValueError(f"y must have shape {(len(p.x), p.weights[-1].shape[0])}, got {y.shape}")
    cost_function = get_cost(cost)
    cost_function.check_fits(p.activations[-1].name, y)
    return p._replace(y=y, cost=cost_function)


def feedforward(p: Problem) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """``bplib.forward`` on a checked problem: ``(zs, activations)``, one row per sample, ``activations[0]`` = x."""
    zs, activations = quietly(_feedforward)(p)
    _check_finite(p, zs, "a weighted input z")
    return zs, activations


def loss_of(p: Problem) -> float:
    """``bplib.loss`` on a checked problem."""
    return _loss(p)


def gradients_of(p: Problem) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """``bplib.backprop`` on a checked problem: ``(bias_grads, weight_grads)``."""
    return _finite_gradients(p)


def input_slopes_of(p: Problem) -> np.ndarray:
    """dC/dx = W_0^T delta_0 for the one sample of a checked problem with its ``y``, as ``bplib.input_gradient``
    computes it; ValueError, not a warning, when it goes beyond float64."""
    bias_grads, _ = gradients_of(p)
    slopes = quietly(np.matmul)(p.weights[0].T, bias_grads[0])
    check_finite_results([slopes], "dC/dx", "the weights are too large for this drawing")
    return slopes


def nudged_gradient(p: Problem, step: float, kind: str, layer: int) -> np.ndarray:
    """``bplib.numerical_gradient(..., step, kind=kind, layer=layer)`` (centred) on a checked problem; ``step``
    must already be a positive float."""
    return _numerical_gradient(p, step, "centred", (kind,), (layer,))[kind][0]


def parameter_loss_of(p: Problem, kind: str, layer: int, index) -> tuple[Callable[[float], float], float, str]:
    """``bplib.finite_differences.parameter_loss`` on a checked problem: ``(f, value, label)``, where ``f(v)`` is
    the loss with that one parameter set to ``v`` (the problem itself is never changed)."""
    return _parameter_loss(p, kind, layer, index)
