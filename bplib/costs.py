"""Cost (loss) functions of one sample, and their derivatives with respect to the activated outputs.

``cost_derivative`` keeps the article's argument order, ``(desired, activated)``, and returns dC/da.
For the article's quadratic cost that is ``a - desired``: the order matters (the article's slip S4).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from .validation import check_choice

# Smallest argument handed to log(): keeps the cross-entropy finite when a sigmoid saturates to 0 or 1.
_TINY = np.finfo(np.float64).tiny


def quadratic(desired: np.ndarray, activated: np.ndarray) -> np.ndarray:
    """C = 1/2 sum_j (desired_j - a_j)^2 over the last axis (one value per sample)."""
    return 0.5 * np.sum((desired - activated) ** 2, axis=-1)


def quadratic_derivative(desired: np.ndarray, activated: np.ndarray) -> np.ndarray:
    """dC/da = a - desired, element-wise."""
    return activated - desired


def cross_entropy(desired: np.ndarray, activated: np.ndarray) -> np.ndarray:
    """C = -sum_j [y_j ln a_j + (1 - y_j) ln(1 - a_j)] over the last axis, for a in [0, 1].

    Finite even at a = 0 or a = 1: a term whose factor y_j (or 1 - y_j) is zero counts as zero, and the
    logarithm's argument is kept at or above the smallest positive float.
    """
    y, a = desired, activated
    first = np.where(y > 0, y * np.log(np.maximum(a, _TINY)), 0.0)
    second = np.where(y < 1, (1 - y) * np.log(np.maximum(1 - a, _TINY)), 0.0)
    return -np.sum(first + second, axis=-1)


def cross_entropy_derivative(desired: np.ndarray, activated: np.ndarray) -> np.ndarray:
    """dC/da = (a - y) / (a (1 - a)), element-wise (the denominator kept above zero)."""
    a = activated
    return (a - desired) / np.maximum(a * (1 - a), _TINY)


def cross_entropy_from_logits(desired: np.ndarray, z: np.ndarray) -> np.ndarray:
    """The cross-entropy of sigmoid(z), computed from z without rounding a to 0 or 1.

    -[y ln s(z) + (1 - y) ln(1 - s(z))] = ln(1 + e^z) - y z, summed over the last axis.
    """
    softplus = np.logaddexp(0.0, z)
    return np.sum(softplus - desired * z, axis=-1)


class Cost(NamedTuple):
    """A per-sample cost ``cost(desired, a)`` with ``cost_derivative(desired, a)`` = dC/da."""

    name: str
    cost: Callable[[np.ndarray, np.ndarray], np.ndarray]
    cost_derivative: Callable[[np.ndarray, np.ndarray], np.ndarray]


COSTS: dict[str, Cost] = {
    "quadratic": Cost("quadratic", quadratic, quadratic_derivative),
    "cross_entropy": Cost("cross_entropy", cross_entropy, cross_entropy_derivative),
}


def get_cost(name: str) -> Cost:
    """Look a cost up by name; an unknown name raises, listing the known ones."""
    return COSTS[check_choice(name, "cost", list(COSTS))]
