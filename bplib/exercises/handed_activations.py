"""The activations the any-depth checker hands the learner's answer, each with its slope (the arctangent is one
bplib does not know). They live here, outside the ``*_exercises`` modules whose every function the engine keeps
the answer from calling (``rules.slope_code``), because the answer is meant to call them."""

from __future__ import annotations

import numpy as np


def arctan(z):
    """An S-shaped activation bplib does not know: the arctangent, from -pi/2 to pi/2."""
    return np.arctan(z)


def arctan_prime(z):
    """The arctangent's slope, 1 / (1 + z^2)."""
    return 1 / (1 + z**2)


def sigmoid(z):
    """The sigmoid, 1 / (1 + e^-z)."""
    return 1 / (1 + np.exp(-z))


def sigmoid_prime(z):
    """The sigmoid's slope, sigma(z) (1 - sigma(z))."""
    s = sigmoid(z)
    return s * (1 - s)


def tanh(z):
    """The hyperbolic tangent."""
    return np.tanh(z)


def tanh_prime(z):
    """tanh's slope, 1 - tanh(z)^2."""
    return 1 - np.tanh(z) ** 2


ACTIVATION_PAIRS = ((tanh, tanh_prime), (arctan, arctan_prime), (sigmoid, sigmoid_prime), (arctan, arctan_prime))
