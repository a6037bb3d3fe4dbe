"""Learning: move every parameter a small step against its gradient, over mini-batches (SGD)."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from .network import (
    Problem,
    _check_finite,
    _feedforward,
    _finite_gradients,
    _gradients,
    _mean_cost,
    _prepare,
    backprop,
)
from .validation import as_float_array, as_generator, as_positive_float, as_positive_int, check_shape, quietly


class DivergenceError(ValueError):
    """Training diverged: a step made the parameters, their gradients or the loss overflow float64.

    Raised by ``Trainer.step``, ``Trainer.evaluate`` and ``train`` instead of carrying on with inf and NaN. The
    usual cause is a learning rate too large, so it is a ``ValueError``, as for any argument whose value cannot
    work. Its attributes say where it happened: ``epoch`` (the pass over the training samples under way, counted
    from 1), ``steps`` (steps completed), ``last_loss`` (the last finite training loss, None if none was finite)
    and ``learning_rate``. The trainer's parameters stay as they were before the failing step.
    """

    def __init__(self, epoch: int, steps: int, last_loss: float | None, learning_rate: float):
        self.epoch, self.steps, self.last_loss, self.learning_rate = epoch, steps, last_loss, learning_rate
        loss = "no finite loss was measured" if last_loss is None else f"the last finite loss was {last_loss:.6g}"
        super().__init__(
            f"training diverged in epoch {epoch}, after {steps} steps: the parameters, gradients or loss overflowed "
            f"float64 ({loss}); the learning rate may be too large (learning_rate = {learning_rate:g}): "
            f"try a smaller one"
        )


def sgd_step(weights, biases, x, y, learning_rate, activation="sigmoid", cost="quadratic"):
    """One gradient-descent step on the batch ``(x, y)``: p <- p - learning_rate * dC/dp.

    Returns new ``(weights, biases)``; the arrays passed in are left unchanged.
    """
    learning_rate = as_positive_float(learning_rate, "learning_rate")
    bias_grads, weight_grads = backprop(weights, biases, x, y, activation, cost)
    new_weights, new_biases = _descend(weights, biases, weight_grads, bias_grads, learning_rate)
    if not _all_finite(new_weights + new_biases):
        raise ValueError(f"the step overflows float64: learning_rate = {learning_rate:g} may be too large")
    return new_weights, new_biases


@quietly
def _descend(weights, biases, weight_grads, bias_grads, learning_rate: float):
    """p - learning_rate * dC/dp for every parameter array, as new arrays."""
    new_weights = [np.asarray(w, dtype=np.float64) - learning_rate * g for w, g in zip(weights, weight_grads)]
    new_biases = [np.asarray(b, dtype=np.float64) - learning_rate * g for b, g in zip(biases, bias_grads)]
    return new_weights, new_biases


def _all_finite(arrays) -> bool:
    return bool(np.isfinite(np.concatenate([a.ravel() for a in arrays])).all())  # one check: quicker than one each


def accuracy(outputs, y) -> float:
    """The fraction classified right: output > 0.5 against y > 0.5 for one output, the largest output
    against the largest target for several.

    ``outputs`` and ``y`` have the same shape: ``(m, n_out)`` for a batch or ``(n_out,)`` for one sample.
    """
    outputs = as_float_array(outputs, "outputs", ndim=(1, 2))
    if outputs.size == 0:
        raise ValueError(f"outputs must hold at least one sample and one output, got shape {outputs.shape}")
    y = as_float_array(y, "y", ndim=(1, 2))
    check_shape(y, "y", outputs.shape, "the shape of outputs")
    return _accuracy(outputs, y)


def _accuracy(outputs: np.ndarray, y: np.ndarray) -> float:
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

    ``x`` is ``(m, n_in)``, ``y`` ``(m, n_out)``; ``x_held_out``/``y_held_out`` (optional, both or neither, a batch
    each) are never trained on. The parameters passed in are copied, never changed. A step that overflows raises
    ``DivergenceError`` and leaves the parameters as they were.
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
        self.problem = _prepare_batch(weights, biases, x, y, activation, cost)
        if (x_held_out is None) != (y_held_out is None):
            given, missing = ("x_held_out", "y_held_out") if y_held_out is None else ("y_held_out", "x_held_out")
            raise ValueError(f"{given} was given without {missing}: give both held-out arrays, or neither")
        self.held_out = None
        if x_held_out is not None:
            names = ("x_held_out", "y_held_out")
            self.held_out = _prepare_batch(weights, biases, x_held_out, y_held_out, activation, cost, names)
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
        batch = self._order[: self.batch_size]
        bias_grads, weight_grads = _gradients(self._with(self.problem, self.problem.x[batch], self.problem.y[batch]))
        weights, biases = _descend(self.weights, self.biases, weight_grads, bias_grads, self.learning_rate)
        if not _all_finite(weights + biases):  # a gradient with inf or NaN would have made one so
            if self.steps == 0:  # the data or the initial weights overflow, whatever the learning rate
                _check_finite(self.problem, weight_grads + bias_grads, "a gradient")
            raise self._diverged(epoch=int(self.epoch) + 1)
        self.weights, self.biases = weights, biases
        self._order = self._order[self.batch_size :]
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
        held_loss, held_accuracy = (np.nan, np.nan) if self.held_out is None else self._measure(self.held_out)
        if not (np.isfinite(train_loss) and (self.held_out is None or np.isfinite(held_loss))):
            if self.steps == 0:  # the data or the initial weights overflow, whatever the learning rate
                _check_finite(self.problem, [train_loss], "the training loss")
                _check_finite(self.held_out, [held_loss], "the held-out loss")  # held_out is set: its loss is NaN
            raise self._diverged(epoch=max(1, math.ceil(self.epoch)))
        metrics = Metrics(self.steps, self.epoch, train_loss, train_accuracy, held_loss, held_accuracy)
        self.history.append(metrics)
        return metrics

    def predict(self, x) -> np.ndarray:
        """The network's outputs ``(m, n_out)`` for a batch ``x`` of shape ``(m, n_in)``."""
        x = as_float_array(x, "x", ndim=2)
        n_in = self.problem.x.shape[1]
        check_shape(x, "x", (len(x), n_in), f"{n_in} inputs per sample, as the network takes")
        p = self._with(self.problem, x, None)
        outputs = quietly(_feedforward)(p)[1][-1]
        _check_finite(p, [outputs], "the outputs")
        return outputs

    def full_batch_gradients(self) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Backprop's gradients of the loss on all training samples, for the current parameters."""
        return _finite_gradients(self._with(self.problem, self.problem.x, self.problem.y))

    gradients = full_batch_gradients  # its first name, kept for code written against it

    def _with(self, p: Problem, x: np.ndarray, y: np.ndarray | None) -> Problem:
        return p._replace(weights=self.weights, biases=self.biases, x=x, y=y)

    @quietly
    def _measure(self, p: Problem) -> tuple[float, float]:
        q = self._with(p, p.x, p.y)
        zs, activations = _feedforward(q)
        return _mean_cost(q, zs, activations), _accuracy(activations[-1], p.y)

    def _diverged(self, epoch: int) -> DivergenceError:
        """The error for a step or a measurement in ``epoch`` that overflowed, with the last finite loss."""
        loss = self._measure(self.problem)[0]
        last_loss = loss if np.isfinite(loss) else next((m.train_loss for m in reversed(self.history)), None)
        return DivergenceError(epoch, self.steps, last_loss, self.learning_rate)


def _prepare_batch(weights, biases, x, y, activation, cost, names: tuple[str, str] = ("x", "y")) -> Problem:
    """Check a training or held-out set: a batch ``(m, n_in)`` with ``y`` of shape ``(m, n_out)``."""
    x = as_float_array(x, names[0])
    if x.ndim != 2:
        raise ValueError(f"{names[0]} must be a batch of shape (m, n_in), got shape {x.shape}")
    return _prepare(weights, biases, x, y, activation, cost, names)


class Progress(NamedTuple):
    """What a training callback is told: before the first epoch (``epoch`` 0), then after each one.

    ``losses[e]`` is the training loss after ``e`` epochs, up to this one; ``metrics`` the loss and accuracy now,
    on the training and held-out samples; ``weights`` and ``biases`` copies of the parameters now. Call
    ``gradients()`` for backprop's ``(bias_grads, weight_grads)`` on all training samples at these parameters:
    computed only when called.
    """

    epoch: int
    losses: list[float]
    metrics: Metrics
    weights: list[np.ndarray]
    biases: list[np.ndarray]
    gradients: Callable[[], tuple[list[np.ndarray], list[np.ndarray]]]

    @property
    def loss(self) -> float:
        """The training loss now, ``losses[-1]``."""
        return self.losses[-1]


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
    x_held_out=None,
    y_held_out=None,
    callback: Callable[[Progress], bool | None] | None = None,
):
    """Mini-batch SGD: each epoch shuffles the samples, then takes one step per batch of ``batch_size``.

    ``x`` is ``(m, n_in)`` and ``y`` ``(m, n_out)``; ``x_held_out``/``y_held_out`` (optional) are measured, never
    trained on. ``callback(Progress(...))`` is called before the first epoch and after each (to draw progress,
    say); if it returns True, training stops there (None or False carry on). Returns ``(weights, biases, losses)``,
    ``losses[e]`` the training loss after ``e`` epochs (``losses[0]`` before any). ``seed`` (int or Generator)
    fixes the shuffling. Training that overflows stops with ``DivergenceError``.
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
        x_held_out=x_held_out,
        y_held_out=y_held_out,
    )

    def stop_asked() -> bool:  # the callback is told of every epoch, the last one included
        return callback is not None and _wants_to_stop(callback(_progress(trainer, len(losses) - 1, losses)))

    losses = [trainer.evaluate().train_loss]  # losses[e]: after e epochs
    while not stop_asked() and len(losses) <= epochs:
        trainer.run_epoch()
        losses.append(trainer.evaluate().train_loss)
    return trainer.weights, trainer.biases, losses


def _progress(trainer: Trainer, epoch: int, losses: list[float]) -> Progress:
    weights, biases = [w.copy() for w in trainer.weights], [b.copy() for b in trainer.biases]
    at_these = trainer.problem._replace(weights=weights, biases=biases)
    gradients = functools.partial(_finite_gradients, at_these)
    return Progress(epoch, list(losses), trainer.history[-1], weights, biases, gradients)


def _wants_to_stop(answer) -> bool:
    if answer is None:
        return False
    if not isinstance(answer, (bool, np.bool_)):
        raise TypeError(f"callback must return True (stop), False or None (carry on), got {type(answer).__name__}")
    return bool(answer)
