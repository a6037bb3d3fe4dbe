"""The network notebook 08 trains (the series' settings, scaled to 8 x 8), and digits drawn as strokes, for tests.

Trained once per test run (a few seconds) and shared by the tests that need it.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

import bplib
from bplib.datasets import load_digits, one_hot, split

SEED = 1  # notebook 08's


@lru_cache(maxsize=1)
def series_network():
    """``(weights, biases, x_held, labels_held)``: 64-30-10 sigmoid, quadratic cost, learning rate 3,
    mini-batches of 10, 30 epochs, a quarter held out, as notebook 08 trains it (the same loop, the same seed)."""
    images, labels = load_digits()
    x, y, x_held, y_held = split(images, one_hot(labels), held_out=0.25, seed=SEED)
    weights, biases = bplib.random_network([64, 30, 10], seed=SEED)
    rng = np.random.default_rng(SEED)
    for _ in range(30):
        order = rng.permutation(len(x))
        for start in range(0, len(order), 10):
            batch = order[start : start + 10]
            bias_grads, weight_grads = bplib.backprop(weights, biases, x[batch], y[batch])
            weights = [w - 3.0 * g for w, g in zip(weights, weight_grads)]
            biases = [b - 3.0 * g for b, g in zip(biases, bias_grads)]
    return weights, biases, x_held, np.argmax(y_held, axis=1)


def _arc(cx, cy, r, start, stop, squash=1.0, n=40):
    t = np.linspace(start, stop, n)
    return np.column_stack([cx + r * np.cos(t), cy + squash * r * np.sin(t)])


# Digits drawn in canvas pixels (200 x 200, y pointing down), each a list of strokes, as a learner might draw them.
DRAWN = {
    0: [_arc(100, 100, 60, 0, 2 * np.pi, squash=1.4)],
    1: [np.array([[100.0, 20], [100, 180]])],
    2: [np.vstack([_arc(100, 60, 40, -np.pi, 0.2)[:-1], [[135, 80], [50, 180], [160, 180]]])],
    4: [np.array([[120.0, 20], [40, 120], [170, 120]]), np.array([[130.0, 60], [130, 190]])],
    5: [np.vstack([[[150, 20], [70, 20], [65, 90]], _arc(100, 130, 45, -0.8 * np.pi, 0.8 * np.pi)])],
    7: [np.array([[40.0, 20], [160, 20], [80, 190]])],
    9: [np.vstack([_arc(100, 60, 40, 0, 2 * np.pi), [[140, 60], [130, 185]]])],
}
