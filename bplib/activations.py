"""Activation functions and their derivatives, on float64 arrays.

The article calls them ``activate`` and ``activate_derivative``; here each one has a name
(``"sigmoid"``, ``"tanh"``, ``"relu"``, ``"identity"``, ``"softmax"``) so a network can choose one per layer.

All but one act element-wise: unit i's output depends on its own z_i alone, so the derivative is one number per
unit and BP1/BP2 multiply by it. The softmax couples the units of its layer (each p_i depends on every z_j), so
its derivative is a matrix, the Jacobian dp_i/dz_j; it can only be a network's last (output) layer, where the
cost carries the gradient through it (``Activation.backward``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from .validation import as_float_array, check_choice, check_finite_results


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


def _checks_rows(kernel: Callable[[np.ndarray], np.ndarray]) -> Callable[[np.ndarray], np.ndarray]:
    """``_checks_z`` for a kernel that works along the last axis (one row of units per sample): ``z`` must have
    at least one dimension and at least one unit in it. A sample is ``(n,)``, a batch ``(m, n)``."""

    @functools.wraps(kernel)
    def checked(z):
        z = as_float_array(z, "z")
        if z.ndim == 0 or z.shape[-1] == 0:
            raise ValueError(f"z must hold at least one unit along its last axis, shape (n,) or (m, n); got {z.shape}")
        with np.errstate(over="ignore"):  # z minus its largest entry may overflow to -inf: its exp is then 0
            result = kernel(z)
        check_finite_results(
            [result],
            f"{kernel.__name__}(z)",
            "some entries of z lie further below their row's largest than float64 holds, so ln p_i = z_i - max z "
            "is beyond it too",
        )
        return result

    return checked


@_checks_z
def identity(z: np.ndarray) -> np.ndarray:
    """z itself (a linear unit)."""
    return np.array(z, dtype=np.float64, copy=True)


@_checks_z
def identity_prime(z: np.ndarray) -> np.ndarray:
    """1 everywhere."""
    return np.ones_like(z, dtype=np.float64)


@_checks_rows
def softmax(z: np.ndarray) -> np.ndarray:
    """p_i = e^(z_i) / sum_j e^(z_j) along the last axis: positive outputs that sum to 1, one row per sample.

    Computed as e^(z_i - max z) / sum_j e^(z_j - max z), the same value (the factor e^-max cancels): the largest
    power is e^0 = 1, so nothing overflows, and the sum is at least 1. Without the shift, e^z is inf from
    z = 709.79 on, and the result NaN (the series' slip S15, ``bplib.article.softmax(..., as_written=True)``).
    """
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


@_checks_rows
def log_softmax(z: np.ndarray) -> np.ndarray:
    """ln p_i = z_i - ln sum_j e^(z_j) along the last axis, computed as (z_i - max z) - ln sum_j e^(z_j - max z).

    Finite where ln(softmax(z)) is -inf: a p_i too small for float64 rounds to 0, but its logarithm, about
    z_i - max z, is an ordinary number. A cost computed from it stays exact (S15). Where z_i - max z itself is
    beyond float64 (z = [1e308, -1e308]), so is ln p_i: a ValueError names z.
    """
    shifted = z - np.max(z, axis=-1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))


@_checks_rows
def softmax_jacobian(z: np.ndarray) -> np.ndarray:
    """The softmax's derivative, a matrix per sample: J[i, j] = dp_i/dz_j = p_i (delta_ij - p_j).

    Shape ``(n, n)`` for z of shape ``(n,)``, ``(m, n, n)`` for a batch. Symmetric; each row sums to 0, because
    raising every z_j by the same amount leaves p unchanged.
    """
    p = softmax.__wrapped__(z)
    return p[..., :, None] * (np.eye(z.shape[-1]) - p[..., None, :])


def _softmax_backward(z: np.ndarray, p: np.ndarray, dC_dp: np.ndarray) -> np.ndarray:
    """dC/dz = J^T dC/dp for the softmax, without building J: p_i (dC/dp_i - sum_j p_j dC/dp_j)."""
    return p * (dC_dp - np.sum(p * dC_dp, axis=-1, keepdims=True))


class Activation(NamedTuple):
    """An activation function with its derivative: ``activate(z)`` and ``activate_derivative(z)`` (the article's
    names), each checking ``z``; ``function`` and ``derivative`` are the same without the check, for the network.

    ``jacobian_product`` is None for an element-wise activation; for one that couples its units (the softmax),
    it is the kernel ``(z, a, dC_da) -> dC/dz`` that ``backward`` calls, and ``activate_derivative`` gives the
    Jacobian matrix instead of one slope per unit.
    """

    name: str
    activate: Callable[[np.ndarray], np.ndarray]
    activate_derivative: Callable[[np.ndarray], np.ndarray]
    jacobian_product: Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray] | None = None

    @property
    def elementwise(self) -> bool:
        """True if unit i's output depends on z_i alone (every activation but the softmax)."""
        return self.jacobian_product is None

    def backward(self, z: np.ndarray, a: np.ndarray, dC_da: np.ndarray) -> np.ndarray:
        """dC/dz from dC/da through this activation (on checked arrays, a = activate(z)): BP1's product
        sigma'(z) * dC/da for an element-wise activation, the Jacobian's product J^T dC/da for the softmax."""
        if self.jacobian_product is None:
            return self.derivative(z) * dC_da
        return self.jacobian_product(z, a, dC_da)

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
    "softmax": Activation("softmax", softmax, softmax_jacobian, _softmax_backward),
}
ELEMENTWISE = tuple(name for name, activation in ACTIVATIONS.items() if activation.elementwise)


def get_activation(name: str, argument: str = "activation") -> Activation:
    """Look an activation up by name; an unknown name raises, listing the known ones."""
    return ACTIVATIONS[check_choice(name, argument, list(ACTIVATIONS))]


def _layer_activations(activation, n_layers: int) -> list[Activation]:
    """One Activation per layer, from a single name or a list of ``n_layers`` names. Only the last layer may
    have an activation that couples its units (the softmax): BP2 multiplies a hidden layer's slopes unit by unit."""
    if isinstance(activation, str):
        layers = [get_activation(activation)] * n_layers
        names = ["activation"] * n_layers
    elif isinstance(activation, (list, tuple)):
        if len(activation) != n_layers:
            raise ValueError(
                f"activation must name one activation per layer: expected {n_layers} names, got {len(activation)}"
            )
        names = [f"activation[{i}]" for i in range(n_layers)]
        layers = [get_activation(name, argument) for name, argument in zip(activation, names)]
    else:
        raise TypeError(f"activation must be a name or a list of names, one per layer, got {type(activation).__name__}")
    for layer, argument in zip(layers[:-1], names):
        if not layer.elementwise:
            raise ValueError(
                f"{argument} names {layer.name!r} for a hidden layer, but {layer.name!r} couples the units of its "
                f"layer and can only be the last layer's activation: name one per layer, like "
                f"{['relu'] * (n_layers - 1) + [layer.name]}"
            )
    return layers
