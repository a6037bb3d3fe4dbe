"""Activation functions and their derivatives, element-wise on float64 arrays.

The article calls them ``activate`` and ``activate_derivative``; here each one has a name
(``"sigmoid"``, ``"tanh"``, ``"relu"``, ``"identity"``) so a network can choose one per layer.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from .validation import as_float_array, check_choice


def _checks_z(kernel: Callable[[np.ndarray], np.ndarray]) -> Callable[[np.ndarray], np.ndarray]:
    """The public form of an element-wise kernel: ``z`` is checked (real, finite) before the kernel sees it.

    The bare kernel stays reachable as ``__wrapped__`` for the network, which checks its inputs once on the way
    in and then calls the kernels many times (``Activation.function`` and ``.derivative``), with numpy's warnings
    off as here: a kernel may overflow on the way to a right answer.
    """

    @functools.wraps(kernel)
    def checked(z):
        z = as_float_array(z, "z")
        with np.errstate(over="ignore"):
            return kernel(z)

    return checked


@_checks_z
def sigmoid(z: np.ndarray) -> np.ndarray:
    """The logistic function 1 / (1 + e^-z), any shape.

    For z below -709, e^-z overflows to inf and the result is 0: the true value rounded to float64's normal
    numbers. Four numpy calls, as training runs this kernel a few times per mini-batch.
    """
    return 1.0 / (1.0 + np.exp(-z))


@_checks_z
def sigmoid_prime(z: np.ndarray) -> np.ndarray:
    """The slope of the sigmoid, sigma(z) * (1 - sigma(z)); never more than 0.25."""
    s = sigmoid.__wrapped__(z)  # z is checked already
    return s * (1.0 - s)


@_checks_z
def tanh(z: np.ndarray) -> np.ndarray:
    """The hyperbolic tangent, any shape."""
    return np.tanh(z)


@_checks_z
def tanh_prime(z: np.ndarray) -> np.ndarray:
    """The slope of tanh, 1 - tanh(z)^2."""
    return 1.0 - np.tanh(z) ** 2


@_checks_z
def relu(z: np.ndarray) -> np.ndarray:
    """max(0, z), any shape."""
    return np.maximum(z, 0.0)


@_checks_z
def relu_prime(z: np.ndarray) -> np.ndarray:
    """1 where z > 0, else 0 (the slope at the kink z = 0 is taken as 0)."""
    return (z > 0).astype(np.float64)


@_checks_z
def identity(z: np.ndarray) -> np.ndarray:
    """z itself (a linear unit)."""
    return np.array(z, dtype=np.float64, copy=True)


@_checks_z
def identity_prime(z: np.ndarray) -> np.ndarray:
    """1 everywhere."""
    return np.ones_like(z, dtype=np.float64)


class Activation(NamedTuple):
    """An activation function with its derivative: ``activate(z)`` and ``activate_derivative(z)`` (the article's
    names), each checking ``z``; ``function`` and ``derivative`` are the same without the check, for the network."""

    name: str
    activate: Callable[[np.ndarray], np.ndarray]
    activate_derivative: Callable[[np.ndarray], np.ndarray]

    @property
    def function(self) -> Callable[[np.ndarray], np.ndarray]:
        """``activate`` on float64 arrays already checked."""
        return self.activate.__wrapped__

    @property
    def derivative(self) -> Callable[[np.ndarray], np.ndarray]:
        """``activate_derivative`` on float64 arrays already checked."""
        return self.activate_derivative.__wrapped__


ACTIVATIONS: dict[str, Activation] = {
    "sigmoid": Activation("sigmoid", sigmoid, sigmoid_prime),
    "tanh": Activation("tanh", tanh, tanh_prime),
    "relu": Activation("relu", relu, relu_prime),
    "identity": Activation("identity", identity, identity_prime),
}


def get_activation(name: str, argument: str = "activation") -> Activation:
    """Look an activation up by name; an unknown name raises, listing the known ones."""
    return ACTIVATIONS[check_choice(name, argument, list(ACTIVATIONS))]


def _layer_activations(activation, n_layers: int) -> list[Activation]:
    """One Activation per layer, from a single name or a list of ``n_layers`` names."""
    if isinstance(activation, str):
        return [get_activation(activation)] * n_layers
    if not isinstance(activation, (list, tuple)):
        raise TypeError(f"activation must be a name or a list of names, one per layer, got {type(activation).__name__}")
    if len(activation) != n_layers:
        raise ValueError(
            f"activation must name one activation per layer: expected {n_layers} names, got {len(activation)}"
        )
    return [get_activation(name, f"activation[{i}]") for i, name in enumerate(activation)]
