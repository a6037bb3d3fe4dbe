"""Learning: move every parameter a small step against its gradient, over mini-batches (SGD)."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from .network import Problem, as_generator, backprop, feedforward, gradients, mean_cost, prepare
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


def accuracy(outputs: np.ndarray, y: np.ndarray) -> float:
    """The fraction classified right: output > 0.5 against y > 0.5 for one output, the largest output
    against the largest target for several."""
    if outputs.shape[-1] == 1:
        return float(np.mean((outputs > 0.5) == (y > 0.5)))
    return float(np.mean(np.argmax(outputs, axis=-1) == np.argmax(y, axis=-1)))


class Metrics(NamedTuple):
    """Loss and accuracy on the training samples and on the held-out ones (NaN when there are none)."""

    step: int
    epoch: float
    train_loss: float
    train_accuracy: float
    held_out_loss: float
    held_out_accuracy: float


class Trainer:
    """Mini-batch SGD one step at a time, keeping what a live view needs: the network, the step and epoch
    counts, and the metrics measured so far (``history``).

    ``x`` is ``(m, n_in)``, ``y`` ``(m, n_out)``; ``x_held_out``/``y_held_out`` (optional) are never trained on.
    The parameters passed in are copied, never changed.
    """

    def __init__(
        self,
        weights,
        biases,
        x,
        y,
        *,
        learning_rate,
        batch_size,
        seed=0,
        activation="sigmoid",
        cost="quadratic",
        x_held_out=None,
        y_held_out=None,
    ):
        self.learning_rate = as_positive_float(learning_rate, "learning_rate")
        self.batch_size = as_positive_int(batch_size, "batch_size")
        self.problem = prepare(weights, biases, x, y, activation, cost)
        if self.problem.x.ndim != 2:
            raise ValueError(f"x must be a batch of shape (m, n_in) for training, got shape {self.problem.x.shape}")
        self.held_out = None
        if x_held_out is not None:
            held = prepare(weights, biases, x_held_out, y_held_out, activation, cost)
            self.held_out = held if held.x.ndim == 2 else None
        self.weights = [w.copy() for w in self.problem.weights]
        self.biases = [b.copy() for b in self.problem.biases]
        self.rng = as_generator(seed)
        self.steps = 0
        self.samples_seen = 0
        self.history: list[Metrics] = []
        self._order = np.empty(0, dtype=int)

    @property
    def epoch(self) -> float:
        """Passes over the training samples so far (fractional mid-epoch)."""
        return self.samples_seen / len(self.problem.x)

    def step(self) -> None:
        """One SGD step on the next mini-batch (the samples are reshuffled at every epoch)."""
        if len(self._order) == 0:
            self._order = self.rng.permutation(len(self.problem.x))
        batch, self._order = self._order[: self.batch_size], self._order[self.batch_size :]
        p = self._with(self.problem, self.problem.x[batch], self.problem.y[batch])
        bias_grads, weight_grads = gradients(p)
        for w, g in zip(self.weights, weight_grads):
            w -= self.learning_rate * g
        for b, g in zip(self.biases, bias_grads):
            b -= self.learning_rate * g
        self.steps += 1
        self.samples_seen += len(batch)

    def run_epoch(self) -> None:
        """Steps until the current pass over the training samples is complete."""
        self.step()
        while len(self._order):
            self.step()

    def evaluate(self) -> Metrics:
        """Measure loss and accuracy now, append them to ``history`` and return them."""
        train_loss, train_accuracy = self._measure(self.problem)
        held_loss, held_accuracy = self._measure(self.held_out) if self.held_out else (np.nan, np.nan)
        metrics = Metrics(self.steps, self.epoch, train_loss, train_accuracy, held_loss, held_accuracy)
        self.history.append(metrics)
        return metrics

    def predict(self, x: np.ndarray) -> np.ndarray:
        """The network's outputs for a batch ``x`` (validated once when the trainer was made: no checks here)."""
        return feedforward(self.problem._replace(weights=self.weights, biases=self.biases, x=x))[1][-1]

    def gradients(self) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Backprop's gradients of the loss on all training samples, for the current parameters."""
        return gradients(self._with(self.problem, self.problem.x, self.problem.y))

    def _with(self, p: Problem, x: np.ndarray, y: np.ndarray) -> Problem:
        return p._replace(weights=self.weights, biases=self.biases, x=x, y=y)

    def _measure(self, p: Problem) -> tuple[float, float]:
        q = self._with(p, p.x, p.y)
        zs, activated = feedforward(q)
        return mean_cost(q, zs, activated), accuracy(activated[-1], p.y)


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
    """Mini-batch SGD: each epoch shuffles the samples, then takes one step per batch of ``batch_size``.

    ``x`` is ``(m, n_in)`` and ``y`` ``(m, n_out)``. After each epoch ``callback(Progress(...))`` is called
    (to draw progress, say); if it returns True, training stops there. Returns ``(weights, biases, losses)``
    with the training loss after each epoch. ``seed`` (int or Generator) fixes the shuffling.
    """
    epochs = as_positive_int(epochs, "epochs")
    if callback is not None and not callable(callback):
        raise TypeError(f"callback must be callable or None, got {type(callback).__name__}")
    trainer = Trainer(
        weights,
        biases,
        x,
        y,
        learning_rate=learning_rate,
        batch_size=batch_size,
        seed=seed,
        activation=activation,
        cost=cost,
    )
    losses = []
    for epoch in range(1, epochs + 1):
        trainer.run_epoch()
        losses.append(trainer.evaluate().train_loss)
        snapshot = Progress(epoch, losses[-1], [w.copy() for w in trainer.weights], [b.copy() for b in trainer.biases])
        if callback is not None and callback(snapshot) is True:
            break
    return trainer.weights, trainer.biases, losses
