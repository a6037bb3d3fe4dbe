"""Cost (loss) functions of one sample, their derivatives, and what each cost makes of the output layer.

``cost_derivative`` keeps the article's argument order, ``(desired, activated)``, and returns dC/da.
For the article's quadratic cost that is ``a - desired``: the order matters (the article's slip S4).

Each ``Cost`` also carries, for the network, its output layer's delta (Nielsen's BP1, dC/dz) and its cost
computed from the weighted inputs z, so the network never asks which cost it was given.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from .validation import as_float_array, check_choice, check_finite_results, check_shape, quietly

# Smallest argument handed to log(): keeps the cross-entropy finite when a sigmoid saturates to 0 or 1.
_TINY = np.finfo(np.float64).tiny


def _checks_both(second: str):
    """The public form of a two-array kernel ``f(desired, <second>)``: both are checked (finite, the same shape),
    and a result that overflows float64 raises. The bare kernel stays reachable as ``__wrapped__``."""

    def decorate(kernel):
        signature = inspect.signature(kernel)
        quiet_kernel = quietly(kernel)

        @functools.wraps(kernel)
        def checked(*args, **kwargs):
            desired, other = signature.bind(*args, **kwargs).args
            desired = as_float_array(desired, "desired")
            other = as_float_array(other, second)
            check_shape(other, second, desired.shape, "the shape of desired")
            result = quiet_kernel(desired, other)
            check_finite_results([result], f"{kernel.__name__}(desired, {second})", f"desired or {second} too large")
            return result

        return checked

    return decorate


@_checks_both("activated")
def quadratic(desired: np.ndarray, activated: np.ndarray) -> np.ndarray:
    """C = 1/2 sum_j (desired_j - a_j)^2 over the last axis (one value per sample)."""
    return 0.5 * np.sum((desired - activated) ** 2, axis=-1)


@_checks_both("activated")
def quadratic_derivative(desired: np.ndarray, activated: np.ndarray) -> np.ndarray:
    """dC/da = a - desired, element-wise."""
    return activated - desired


@_checks_both("activated")
def cross_entropy(desired: np.ndarray, activated: np.ndarray) -> np.ndarray:
    """C = -sum_j [y_j ln a_j + (1 - y_j) ln(1 - a_j)] over the last axis, for a in [0, 1].

    Finite even at a = 0 or a = 1: a term whose factor y_j (or 1 - y_j) is zero counts as zero, and the
    logarithm's argument is kept at or above the smallest positive float.
    """
    y, a = desired, activated
    first = np.where(y > 0, y * np.log(np.maximum(a, _TINY)), 0.0)
    second = np.where(y < 1, (1 - y) * np.log(np.maximum(1 - a, _TINY)), 0.0)
    return -np.sum(first + second, axis=-1)


@_checks_both("activated")
def cross_entropy_derivative(desired: np.ndarray, activated: np.ndarray) -> np.ndarray:
    """dC/da = (a - y) / (a (1 - a)), element-wise (the denominator kept above zero)."""
    a = activated
    return (a - desired) / np.maximum(a * (1 - a), _TINY)


@_checks_both("z")
def cross_entropy_from_logits(desired: np.ndarray, z: np.ndarray) -> np.ndarray:
    """The cross-entropy of sigmoid(z), computed from z without rounding a to 0 or 1.

    -[y ln s(z) + (1 - y) ln(1 - s(z))] = ln(1 + e^z) - y z, summed over the last axis.
    """
    softplus = np.logaddexp(0.0, z)
    return np.sum(softplus - desired * z, axis=-1)


# What each cost makes of the output layer, on arrays the network has checked: (z, a, desired) as in the exercises.


def _quadratic_delta(z, a, desired, activation) -> np.ndarray:
    """BP1, delta = activate_derivative(z) * cost_derivative(desired, a) = sigma'(z) (a - y)."""
    return activation.derivative(z) * quadratic_derivative.__wrapped__(desired, a)


def _quadratic_from_z(z, a, desired) -> np.ndarray:
    return quadratic.__wrapped__(desired, a)


def _cross_entropy_delta(z, a, desired, activation) -> np.ndarray:
    """BP1 for a sigmoid output: sigma'(z) (a - y) / (a (1 - a)) = a - y, since sigma'(z) = a (1 - a)."""
    return a - desired


def _cross_entropy_from_z(z, a, desired) -> np.ndarray:
    return cross_entropy_from_logits.__wrapped__(desired, z)  # exact even where the sigmoid rounds a to 0 or 1


class Cost(NamedTuple):
    """A per-sample cost ``cost(desired, a)`` with ``cost_derivative(desired, a)`` = dC/da, and for the network:
    ``output_delta(z, a, desired, activation)``, the output layer's dC/dz (BP1); ``cost_from_z(z, a, desired)``,
    the per-sample cost; ``output_activation`` and ``desired_range``, what the cost needs of the last layer."""

    name: str
    cost: Callable[[np.ndarray, np.ndarray], np.ndarray]
    cost_derivative: Callable[[np.ndarray, np.ndarray], np.ndarray]
    output_delta: Callable[..., np.ndarray]
    cost_from_z: Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]
    output_activation: str | None = None
    desired_range: tuple[float, float] | None = None

    def check_fits(self, last_activation: str, desired: np.ndarray) -> None:
        """Raise unless this cost can follow a last layer of ``last_activation`` with these desired outputs."""
        if self.output_activation not in (None, last_activation):
            raise ValueError(
                f"cost {self.name!r} is made for one output activation: the last layer's activation must be "
                f"{self.output_activation!r}, got {last_activation!r}"
            )
        if self.desired_range is not None:
            low, high = self.desired_range
            if np.any((desired < low) | (desired > high)):
                raise ValueError(
                    f"y must lie between {low:g} and {high:g} for cost {self.name!r}, got values from "
                    f"{desired.min():g} to {desired.max():g}"
                )


COSTS: dict[str, Cost] = {
    "quadratic": Cost("quadratic", quadratic, quadratic_derivative, _quadratic_delta, _quadratic_from_z),
    "cross_entropy": Cost(
        "cross_entropy",
        cross_entropy,
        cross_entropy_derivative,
        _cross_entropy_delta,
        _cross_entropy_from_z,
        output_activation="sigmoid",
        desired_range=(0.0, 1.0),
    ),
}


def get_cost(name: str) -> Cost:
    """Look a cost up by name; an unknown name raises, listing the known ones."""
    return COSTS[check_choice(name, "cost", list(COSTS))]
