"""Data sets the notebooks generate themselves (nothing is downloaded): two interleaved spirals."""

from __future__ import annotations

import numpy as np

from .digits import load_digits, load_mnist, one_hot, read_idx  # noqa: F401  (handwritten digits: bplib/digits.py)
from .validation import (
    as_float_array,
    as_generator,
    as_positive_float,
    as_positive_int,
    check_finite_results,
    check_fits_in_memory,
    quietly,
)

WORKING_NUMBERS = 24  # float64 numbers two_spirals holds at its peak, per point of a class (measured: about 18)


def two_spirals(n_per_class: int = 300, noise: float = 0.15, turns: float = 1.5, seed=0):
    """Two interleaved spirals in the plane, one per class: ``(x, y)`` with ``x`` of shape ``(2n, 2)`` and
    labels ``y`` of shape ``(2n, 1)``, 0.0 for one spiral and 1.0 for the other.

    Each spiral winds ``turns`` times around the origin out to radius 1; ``noise`` is the standard deviation of
    Gaussian jitter added to every point (in the same units). The samples come shuffled.
    """
    n = as_positive_int(n_per_class, "n_per_class")
    check_fits_in_memory(WORKING_NUMBERS * n, "n_per_class", f"two spirals of {n} points and their workings")
    turns = as_positive_float(turns, "turns")
    noise = float(as_float_array(noise, "noise", ndim=0))
    if noise < 0:
        raise ValueError(f"noise must be at least 0, got {noise}")
    noise = abs(noise)  # -0.0, which numpy takes for a negative scale
    x, y = _spirals(n, noise, turns, as_generator(seed))
    check_finite_results([x], "a point", f"noise = {noise:g} or turns = {turns:g} is too large")
    return x, y


@quietly
def _spirals(n: int, noise: float, turns: float, rng: np.random.Generator):
    t = np.sqrt(rng.uniform(0.02, 1.0, size=n))  # denser towards the outside, where the arms are longer
    angle = 2 * np.pi * turns * t
    arm = np.column_stack([t * np.cos(angle), t * np.sin(angle)])
    x = np.concatenate([arm, -arm]) + rng.normal(0.0, noise, size=(2 * n, 2))
    y = np.concatenate([np.zeros(n), np.ones(n)])[:, None]
    order = rng.permutation(2 * n)
    return x[order], y[order]


def split(x, y, held_out: float = 0.25, seed=0):
    """Shuffle and split into ``(x_train, y_train, x_held_out, y_held_out)``, ``held_out`` the held-out fraction."""
    x = as_float_array(x, "x", ndim=2)
    y = as_float_array(y, "y", ndim=2)
    if len(x) != len(y):
        raise ValueError(f"x and y must have the same number of samples, got {len(x)} and {len(y)}")
    held_out = as_positive_float(held_out, "held_out")
    if held_out >= 1:
        raise ValueError(f"held_out must be a fraction between 0 and 1, got {held_out}")
    order = as_generator(seed).permutation(len(x))
    n_held = max(1, round(held_out * len(x)))
    if n_held >= len(x):
        raise ValueError(
            f"held_out = {held_out:g} of {len(x)} samples leaves none to train on: split needs at least 2 samples "
            f"and a fraction that keeps one on each side"
        )
    held, train = order[:n_held], order[n_held:]
    return x[train], y[train], x[held], y[held]
