"""Cost (loss) functions of one sample, their derivatives, and what each cost makes of the output layer.

``cost_derivative`` keeps the article's argument order, ``(desired, activated)``, and returns dC/da.
For the article's quadratic cost that is ``a - desired``: the order matters (the article's slip S4).

Each ``Cost`` also carries, for the network, its output layer's delta (Nielsen's BP1, dC/dz) and its cost
computed from the weighted inputs z, so the network never asks which cost it was given.

Two costs belong to one output activation each: the (binary) cross-entropy to sigmoid outputs, where the delta is
a - y, and the categorical cross-entropy to a softmax output, where the delta is p - y. A network names its last
layer's activation (``activation=["relu", "softmax"]``) and its cost (``cost="categorical_cross_entropy"``); a
cost that does not fit the last layer is refused.
"""

from __future__ import annotations

import functools
import inspect
import math
import numbers
from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from .activations import log_softmax
from .validation import as_float_array, check_choice, check_finite_results, check_shape, describe, quietly

# Smallest argument handed to log(): keeps the cross-entropy finite when a sigmoid saturates to 0 or 1.
_TINY = np.finfo(np.float64).tiny
# How far a sample's y may sum from 1 for the categorical cross-entropy, whose delta p - y assumes the sum is 1
# (the exact gradient is p sum(y) - y): rounding in y / y.sum() stays far below this.
_SUM_TOLERANCE = 1e-9


def _checks_both(second: str, rows: bool = False, probabilities: bool = False, slope_ends=None):
    """The public form of a two-array kernel ``f(desired, <second>)``: both are checked (finite, the same shape;
    with ``rows``, at least one output along the last axis), and a result that overflows float64 raises. The bare
    kernel stays reachable as ``__wrapped__``.

    With ``probabilities`` (the cross-entropies), ``desired`` must lie in [0, 1], and so must ``activated``, if
    that is the second argument. ``slope_ends(desired, activated)``, for a derivative, gives where the slope is
    infinite (a at 0 or 1 where the cost's log term there counts): refused, naming the entry."""

    def decorate(kernel):
        signature = inspect.signature(kernel)
        quiet_kernel = quietly(kernel)

        @functools.wraps(kernel)
        def checked(*args, **kwargs):
            desired, other = signature.bind(*args, **kwargs).args
            desired = as_float_array(desired, "desired")
            other = as_float_array(other, second)
            check_shape(other, second, desired.shape, "the shape of desired")
            if rows and (other.ndim == 0 or other.shape[-1] == 0):
                raise ValueError(f"{second} must hold at least one output along its last axis, got shape {other.shape}")
            if probabilities:
                _check_unit_interval(desired, "desired", "a share of each output wanted: 0, 1 or between")
                if second == "activated":
                    _check_unit_interval(other, "activated", f"{kernel.__name__} takes logarithms of a and 1 - a")
            if slope_ends is not None:
                _check_slope_ends(slope_ends(desired, other), desired, other)
            result = quiet_kernel(desired, other)
            check_finite_results([result], f"{kernel.__name__}(desired, {second})", f"desired or {second} too large")
            return result

        return checked

    return decorate


def _check_unit_interval(values: np.ndarray, name: str, why: str) -> None:
    """Raise naming ``name`` and its first entry outside [0, 1]."""
    outside = (values < 0) | (values > 1)
    if np.any(outside):
        where = tuple(int(i) for i in np.argwhere(outside)[0])
        entry = f"{name}[{', '.join(map(str, where))}]" if where else name
        raise ValueError(f"{name} must lie between 0 and 1 ({why}), got {values[where]!r} at {entry}")


def _check_slope_ends(infinite: np.ndarray, desired: np.ndarray, activated: np.ndarray) -> None:
    """Raise naming the first entry of ``activated`` where ``infinite`` says the slope has no finite value."""
    if np.any(infinite):
        where = tuple(int(i) for i in np.argwhere(infinite)[0])
        at = f"[{', '.join(map(str, where))}]"
        raise ValueError(
            f"activated{at} = {activated[where]:g} with desired{at} = {desired[where]:g}: the slope dC/da is infinite "
            "there (a saturated output); take the output layer's delta from z instead (backprop does)"
        )


@_checks_both("activated")
def quadratic(desired: np.ndarray, activated: np.ndarray) -> np.ndarray:
    """C = 1/2 sum_j (desired_j - a_j)^2 over the last axis (one value per sample)."""
    return 0.5 * np.sum((desired - activated) ** 2, axis=-1)


@_checks_both("activated")
def quadratic_derivative(desired: np.ndarray, activated: np.ndarray) -> np.ndarray:
    """dC/da = a - desired, element-wise."""
    return activated - desired


@_checks_both("activated", probabilities=True)
def cross_entropy(desired: np.ndarray, activated: np.ndarray) -> np.ndarray:
    """C = -sum_j [y_j ln a_j + (1 - y_j) ln(1 - a_j)] over the last axis, for a in [0, 1].

    Finite even at a = 0 or a = 1: a term whose factor y_j (or 1 - y_j) is zero counts as zero, and the
    logarithm's argument is kept at or above the smallest positive float.
    """
    y, a = desired, activated
    first = np.where(y > 0, y * np.log(np.maximum(a, _TINY)), 0.0)
    second = np.where(y < 1, (1 - y) * np.log(np.maximum(1 - a, _TINY)), 0.0)
    return -np.sum(first + second, axis=-1)


@_checks_both("activated", probabilities=True, slope_ends=lambda y, a: ((a == 0) & (y > 0)) | ((a == 1) & (y < 1)))
def cross_entropy_derivative(desired: np.ndarray, activated: np.ndarray) -> np.ndarray:
    """dC/da = -y / a + (1 - y) / (1 - a) = (a - y) / (a (1 - a)), element-wise, for y and a in [0, 1].

    At a = 0 or 1 a term whose factor (y, or 1 - y) is zero counts as zero, as in the cost: the slope there is
    1 (a = 0, y = 0) or -1 (a = 1, y = 1). Where the other term counts (a = 0 with y > 0, a = 1 with y < 1), the
    slope is infinite, and refused.
    """
    a, y = activated, desired
    inside = (a > 0) & (a < 1)
    ends = np.where(a == 0, 1.0, -1.0)
    return np.where(inside, (a - y) / np.where(inside, a * (1 - a), 1.0), ends)


@_checks_both("z", probabilities=True)
def cross_entropy_from_logits(desired: np.ndarray, z: np.ndarray) -> np.ndarray:
    """The cross-entropy of sigmoid(z), computed from z without rounding a to 0 or 1.

    -[y ln s(z) + (1 - y) ln(1 - s(z))] = ln(1 + e^z) - y z, summed over the last axis.
    """
    softplus = np.logaddexp(0.0, z)
    return np.sum(softplus - desired * z, axis=-1)


@_checks_both("activated", probabilities=True)
def categorical_cross_entropy(desired: np.ndarray, activated: np.ndarray) -> np.ndarray:
    """C = -sum_j y_j ln p_j over the last axis, for probabilities p (a softmax's outputs) and y summing to 1.

    With a one-hot y, -ln of the probability given to the right class. A term with y_j = 0 counts as zero, and
    ln's argument is kept at or above the smallest positive float; where p_j rounds to 0 the value is then too
    small: ``categorical_cross_entropy_from_logits`` is exact there.
    """
    y, p = desired, activated
    return 0.0 - np.sum(np.where(y != 0, y * np.log(np.maximum(p, _TINY)), 0.0), axis=-1)  # 0.0 - : never -0.0


@_checks_both("activated", probabilities=True, slope_ends=lambda y, p: (p == 0) & (y > 0))
def categorical_cross_entropy_derivative(desired: np.ndarray, activated: np.ndarray) -> np.ndarray:
    """dC/dp = -y / p, element-wise, for y and p in [0, 1]: 0 where y = 0 (even at p = 0, where the term counts
    as zero, as in the cost); infinite, and refused, where p = 0 and y > 0."""
    y, p = desired, activated
    return np.where(y != 0, -y / np.where(p > 0, p, 1.0), 0.0)


@_checks_both("z", rows=True, probabilities=True)
def categorical_cross_entropy_from_logits(desired: np.ndarray, z: np.ndarray) -> np.ndarray:
    """The categorical cross-entropy of softmax(z), computed from z through log-softmax: -sum_j y_j ln p_j with
    ln p_j = z_j - ln sum_k e^(z_k), summed over the last axis.

    Finite where -sum y ln(softmax(z)) is inf: when z_j trails the largest z by more than about 745, p_j rounds
    to 0 and ln p_j to -inf, but z_j - ln sum_k e^(z_k) is an ordinary number (the series' slip S15).
    """
    log_p = log_softmax.__wrapped__(z)
    return 0.0 - np.sum(np.where(desired != 0, desired * log_p, 0.0), axis=-1)


# What each cost makes of the output layer, on arrays the network has checked: (z, a, desired) as in the exercises.


def _quadratic_delta(z, a, desired, activation) -> np.ndarray:
    """BP1, delta = activate_derivative(z) * cost_derivative(desired, a) = sigma'(z) (a - y); through a softmax,
    the Jacobian's product J^T (a - y) instead (``Activation.backward``)."""
    return activation.backward(z, a, quadratic_derivative.__wrapped__(desired, a))


def _quadratic_from_z(z, a, desired) -> np.ndarray:
    return quadratic.__wrapped__(desired, a)


def _cross_entropy_delta(z, a, desired, activation) -> np.ndarray:
    """BP1 for a sigmoid output: sigma'(z) (a - y) / (a (1 - a)) = a - y, since sigma'(z) = a (1 - a)."""
    return a - desired


def _cross_entropy_from_z(z, a, desired) -> np.ndarray:
    return cross_entropy_from_logits.__wrapped__(desired, z)  # exact even where the sigmoid rounds a to 0 or 1


def _categorical_delta(z, a, desired, activation) -> np.ndarray:
    """BP1 for a softmax output: J^T dC/dp with dC/dp = -y / p gives p_i (-y_i / p_i + sum_j y_j) = p - y, as y
    sums to 1. No activation derivative is left over: the softmax's Jacobian is already inside p - y."""
    return a - desired


def _categorical_from_z(z, a, desired) -> np.ndarray:
    return categorical_cross_entropy_from_logits.__wrapped__(desired, z)  # exact even where p rounds to 0


class Cost(NamedTuple):
    """A per-sample cost ``cost(desired, a)`` with ``cost_derivative(desired, a)`` = dC/da, and for the network:
    ``output_delta(z, a, desired, activation)``, the output layer's dC/dz (BP1); ``cost_from_z(z, a, desired)``,
    the per-sample cost; ``output_activation``, ``desired_range`` and ``desired_sums_to_one``, what the cost needs
    of the last layer and of y. Build one of your own and pass it as ``cost=`` wherever a cost's name goes."""

    name: str
    cost: Callable[[np.ndarray, np.ndarray], np.ndarray]
    cost_derivative: Callable[[np.ndarray, np.ndarray], np.ndarray]
    output_delta: Callable[..., np.ndarray]
    cost_from_z: Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]
    output_activation: str | None = None
    desired_range: tuple[float, float] | None = None
    desired_sums_to_one: bool = False

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
        if self.desired_sums_to_one and desired.size:
            sums = np.sum(desired, axis=-1)
            if np.any(np.abs(sums - 1) > _SUM_TOLERANCE):
                raise ValueError(
                    f"y must sum to 1 over the outputs of each sample for cost {self.name!r} (a probability for "
                    f"each class, such as one-hot), got sums from {sums.min():.12g} to {sums.max():.12g}"
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
    "categorical_cross_entropy": Cost(
        "categorical_cross_entropy",
        categorical_cross_entropy,
        categorical_cross_entropy_derivative,
        _categorical_delta,
        _categorical_from_z,
        output_activation="softmax",
        desired_range=(0.0, 1.0),
        desired_sums_to_one=True,
    ),
}


def get_cost(name) -> Cost:
    """Look a cost up by name (an unknown name raises, listing the known ones); a ``Cost`` itself is returned as
    it is, so that one of your own can go wherever a cost's name goes."""
    if isinstance(name, Cost):
        return _checked_cost(name)
    if not isinstance(name, str):
        raise TypeError(f"cost must be a name, one of {list(COSTS)}, or a bplib.costs.Cost, got {describe(name)}")
    return COSTS[check_choice(name, "cost", list(COSTS))]


def _checked_cost(cost: Cost) -> Cost:
    """A ``Cost`` of the caller's own, refused (naming ``cost`` and the part) unless each part is of its kind."""
    if not isinstance(cost.name, str):
        raise TypeError(f"cost must have a str as its name, got {describe(cost.name)}")
    for part in ("cost", "cost_derivative", "output_delta", "cost_from_z"):
        if not callable(getattr(cost, part)):
            got = describe(getattr(cost, part))
            raise TypeError(f"cost {cost.name!r} must have a function as its {part}, got {got}")
    if cost.output_activation is not None and type(cost.output_activation) is not str:
        raise TypeError(f"cost {cost.name!r}: its output_activation must be None or a name, got "
                        f"{describe(cost.output_activation)}")
    bounds = cost.desired_range
    if bounds is not None and not (
        isinstance(bounds, (tuple, list)) and len(bounds) == 2
        and all(isinstance(b, numbers.Real) and not isinstance(b, bool) and not math.isnan(b) for b in bounds)
        and bounds[0] <= bounds[1]
    ):
        raise TypeError(f"cost {cost.name!r}: its desired_range must be None or a pair (low, high) of numbers "
                        f"(inf for no bound), low <= high, got {describe(bounds)}")
    flag = cost.desired_sums_to_one
    if not (isinstance(flag, (bool, np.bool_)) or (type(flag) is int and flag in (0, 1))):  # 0 and 1 too
        raise TypeError(f"cost {cost.name!r}: its desired_sums_to_one must be True or False, got "
                        f"{describe(cost.desired_sums_to_one)}")
    return cost
