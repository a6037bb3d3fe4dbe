"""Learning: move every parameter a small step against its gradient, over mini-batches (SGD)."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from .network import as_generator, backprop, feedforward, mean_cost, prepare
from .validation import as_positive_float, as_positive_int


def sgd_step(weights, biases, x, y, learning_rate, activation="sigmoid", cost="quadratic"):
    """One gradient-descent step on the batch ``(x, y)``: p <- p - learning_rate * dC/dp.

    Returns new ``(weights, biases)``; the arrays passed in are left unchanged.
    """
    learning_rate = as_positive_float(learning_rate, "learning_rate")
    bias_grads, weight_grads = backprop(weights, biases, x, y, activation, cost)
    new_weights = [np.asarray(w, dtype=np.float64) - learning_rate * g for w, g in zip(weights, weight_grads)]
    new_biases = [np.asarray(b, dtype=np.float64) - learning_rate * g for b, g in zip(biases, bias_grads)]
    return new_weights, new_biases


class Progress(NamedTuple):
    """What a training callback is told after each epoch."""

    epoch: int
    loss: float
    weights: list[np.ndarray]
    biases: list[np.ndarray]


def train(
    weights,
    biases,
    x,
    y,
    *,
    epochs,
    batch_size,
    learning_rate,
    seed=0,
    activation="sigmoid",
    cost="quadratic",
    callback: Callable[[Progress], bool | None] | None = None,
):
    """Mini-batch SGD: each epoch shuffles the samples, then takes one ``sgd_step`` per batch.

    ``x`` is ``(m, n_in)`` and ``y`` ``(m, n_out)``. After each epoch ``callback(Progress(...))`` is called
    (to draw progress, say); if it returns True, training stops there. Returns ``(weights, biases, losses)``
    with the training loss after each epoch. ``seed`` (int or Generator) fixes the shuffling.
    """
    epochs = as_positive_int(epochs, "epochs")
    batch_size = as_positive_int(batch_size, "batch_size")
    learning_rate = as_positive_float(learning_rate, "learning_rate")
    p = prepare(weights, biases, x, y, activation, cost)
    if p.x.ndim != 2:
        raise ValueError(f"x must be a batch of shape (m, n_in) for training, got shape {p.x.shape}")
    if callback is not None and not callable(callback):
        raise TypeError(f"callback must be callable or None, got {type(callback).__name__}")
    rng = as_generator(seed)
    ws, bs = p.weights, p.biases
    losses = []
    for epoch in range(1, epochs + 1):
        order = rng.permutation(len(p.x))
        for start in range(0, len(order), batch_size):
            batch = order[start : start + batch_size]
            ws, bs = sgd_step(ws, bs, p.x[batch], p.y[batch], learning_rate, activation, cost)
        q = p._replace(weights=ws, biases=bs)
        losses.append(mean_cost(q, *feedforward(q)))
        if callback is not None and callback(Progress(epoch, losses[-1], ws, bs)) is True:
            break
    return ws, bs, losses
