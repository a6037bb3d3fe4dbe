"""A fully connected network: the forward pass, the loss, and backpropagation.

Conventions (the same in every module): ``weights[l]`` has shape ``(n_out, n_in)`` and ``biases[l]`` shape
``(n_out,)`` for layer ``l = 0, 1, ...`` counted from the input. ``x`` is one sample ``(n_in,)`` or a batch
``(m, n_in)``; ``y`` (the article's ``desired_outputs``) matches it, ``(n_out,)`` or ``(m, n_out)``. For a
batch, the loss and the gradients are means over the samples.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .activations import Activation, layer_activations
from .costs import Cost, cross_entropy_from_logits, get_cost
from .validation import as_float_array, check_shape


class Problem(NamedTuple):
    """Validated float64 inputs of one call: parameters, data, and the chosen functions."""

    weights: list[np.ndarray]
    biases: list[np.ndarray]
    x: np.ndarray
    y: np.ndarray | None
    activations: list[Activation]
    cost: Cost | None


def check_network(weights, biases) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Return the parameters as float64 arrays after checking that the layers fit together."""
    for name, value in (("weights", weights), ("biases", biases)):
        if not isinstance(value, (list, tuple)):
            raise TypeError(f"{name} must be a list with one array per layer, got {type(value).__name__}")
    if len(weights) == 0 or len(weights) != len(biases):
        raise ValueError(
            f"weights and biases must have one entry per layer, the same number each and at least one: "
            f"got {len(weights)} weight arrays and {len(biases)} bias arrays"
        )
    ws = [as_float_array(w, f"weights[{l}]", ndim=2) for l, w in enumerate(weights)]
    bs = [as_float_array(b, f"biases[{l}]", ndim=1) for l, b in enumerate(biases)]
    for l, (w, b) in enumerate(zip(ws, bs)):
        check_shape(b, f"biases[{l}]", (w.shape[0],))
        if l > 0 and w.shape[1] != ws[l - 1].shape[0]:
            raise ValueError(
                f"weights[{l}] must take the {ws[l - 1].shape[0]} outputs of layer {l - 1} as inputs, "
                f"so shape ({w.shape[0]}, {ws[l - 1].shape[0]}); got {w.shape}"
            )
    return ws, bs


def prepare(weights, biases, x, y=None, activation="sigmoid", cost=None) -> Problem:
    """Validate one call's arguments together; ``y`` and ``cost`` may be left out for a forward pass."""
    ws, bs = check_network(weights, biases)
    x = as_float_array(x, "x", ndim=(1, 2))
    check_shape(x, "x", x.shape[:-1] + (ws[0].shape[1],))
    acts = layer_activations(activation, len(ws))
    if y is None:
        return Problem(ws, bs, x, None, acts, None)
    y = as_float_array(y, "y", ndim=(1, 2))
    check_shape(y, "y", x.shape[:-1] + (ws[-1].shape[0],))
    cost_fn = get_cost(cost)
    if cost_fn.name == "cross_entropy":
        if acts[-1].name != "sigmoid":
            raise ValueError(
                f"cost 'cross_entropy' needs outputs between 0 and 1: the last layer's activation must be "
                f"'sigmoid', got {acts[-1].name!r}"
            )
        if np.any((y < 0) | (y > 1)):
            raise ValueError("y must lie between 0 and 1 for cost 'cross_entropy'")
    return Problem(ws, bs, x, y, acts, cost_fn)


def feedforward(p: Problem) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """The forward pass on validated inputs: z = W a + b, a = activate(z), layer after layer."""
    zs, activated = [], [p.x]
    for w, b, act in zip(p.weights, p.biases, p.activations):
        z = activated[-1] @ w.T + b
        zs.append(z)
        activated.append(act.activate(z))
    return zs, activated


def forward(weights, biases, x, activation="sigmoid") -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Run the network forward; return ``(zs, activations)``.

    ``zs[l]`` is layer l's weighted input z = W a + b (the article's ``outputs``), shape ``(n_out,)`` or
    ``(m, n_out)``; ``activations[l + 1] = activate(zs[l])`` (the article's ``activate_outputs``), and
    ``activations[0]`` is ``x`` itself, so there is one more activation than there are layers.
    """
    return feedforward(prepare(weights, biases, x, activation=activation))


def mean_cost(p: Problem, zs: list[np.ndarray], activated: list[np.ndarray]) -> float:
    """The cost averaged over the samples (for one sample, the cost itself)."""
    if p.cost.name == "cross_entropy":
        per_sample = cross_entropy_from_logits(p.y, zs[-1])  # exact even where sigmoid rounds to 0 or 1
    else:
        per_sample = p.cost.cost(p.y, activated[-1])
    return float(np.mean(per_sample))


def loss(weights, biases, x, y, activation="sigmoid", cost="quadratic") -> float:
    """The loss: the cost of the network's output against ``y``, averaged over the samples of a batch.

    With the article's quadratic cost, C = 1/2 sum_j (y_j - a_j)^2 for one sample.
    """
    p = prepare(weights, biases, x, y, activation, cost)
    return mean_cost(p, *feedforward(p))


def output_delta(z: np.ndarray, a: np.ndarray, y: np.ndarray, activation: Activation, cost: Cost) -> np.ndarray:
    """The output layer's delta = dC/dz, the bias gradient of one sample, same shape as ``z``.

    The article's formula: activate_derivative(z) * cost_derivative(desired, a). For a sigmoid output with
    the cross-entropy cost the sigma'(z) cancels and delta = a - y exactly, so it is computed that way.
    """
    if activation.name == "sigmoid" and cost.name == "cross_entropy":
        return a - y
    return activation.activate_derivative(z) * cost.cost_derivative(y, a)


def hidden_delta(delta_next: np.ndarray, weights_next: np.ndarray, z: np.ndarray, activation: Activation) -> np.ndarray:
    """A hidden layer's delta = (W_next^T delta_next) * activate_derivative(z).

    Works for one sample (``delta_next`` of shape ``(n_next,)``) and for a batch (``(m, n_next)``): in both,
    ``delta_next @ weights_next`` is the dot product of the next layer's deltas with each column of its weights.
    """
    return (delta_next @ weights_next) * activation.activate_derivative(z)


def backprop(
    weights, biases, x, y, activation="sigmoid", cost="quadratic"
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """The gradient of ``loss`` with respect to every bias and weight: ``(bias_grads, weight_grads)``.

    Lists shaped exactly like ``biases`` and ``weights``. A batch is handled with matrix products: the deltas
    of all samples form an ``(m, n_out)`` matrix, the weight gradient is ``delta^T a_prev / m`` and the bias
    gradient is the mean of delta over the samples.
    """
    return gradients(prepare(weights, biases, x, y, activation, cost))


def gradients(p: Problem) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """``backprop`` on inputs already validated by ``prepare`` (the fast path for training loops)."""
    zs, activated = feedforward(p)
    m = p.x.shape[0] if p.x.ndim == 2 else 1
    delta = output_delta(zs[-1], activated[-1], p.y, p.activations[-1], p.cost)
    bias_grads, weight_grads = [], []
    for l in reversed(range(len(p.weights))):
        if l < len(p.weights) - 1:
            delta = hidden_delta(delta, p.weights[l + 1], zs[l], p.activations[l])
        bias_grads.append(delta.sum(axis=0) / m if delta.ndim == 2 else delta)
        weight_grads.append(np.atleast_2d(delta).T @ np.atleast_2d(activated[l]) / m)
    return bias_grads[::-1], weight_grads[::-1]


def backprop_sample_by_sample(weights, biases, x, y, activation="sigmoid", cost="quadratic"):
    """The same gradients as ``backprop``, computed as the article and Nielsen do: one sample at a time.

    Each sample's deltas are vectors and its weight gradients outer products; the results are averaged.
    Slower for a batch (many small products instead of a few large ones); kept to compare against.
    """
    p = prepare(weights, biases, x, y, activation, cost)
    xs, ys = np.atleast_2d(p.x), np.atleast_2d(p.y)
    bias_sums = [np.zeros_like(b) for b in p.biases]
    weight_sums = [np.zeros_like(w) for w in p.weights]
    for x_one, y_one in zip(xs, ys):
        zs, activated = feedforward(p._replace(x=x_one, y=y_one))
        delta = output_delta(zs[-1], activated[-1], y_one, p.activations[-1], p.cost)
        for l in reversed(range(len(p.weights))):
            if l < len(p.weights) - 1:
                delta = hidden_delta(delta, p.weights[l + 1], zs[l], p.activations[l])
            bias_sums[l] += delta
            weight_sums[l] += np.outer(delta, activated[l])
    m = len(xs)
    return [s / m for s in bias_sums], [s / m for s in weight_sums]


def random_network(sizes, seed=0) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Random parameters for layer sizes like ``[784, 30, 10]``: ``(weights, biases)``.

    Weights are drawn from N(0, 1/n_in) so a unit's weighted input starts near 1 in size, biases from
    N(0, 1). ``seed`` is an int or a ``numpy.random.Generator``; the same seed gives the same network.
    """
    if not isinstance(sizes, (list, tuple)) or len(sizes) < 2:
        raise ValueError(f"sizes must list at least two layer sizes, like [4, 3], got {sizes!r}")
    for i, n in enumerate(sizes):
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
            raise ValueError(f"sizes[{i}] must be a whole number of neurons, at least 1, got {n!r}")
    rng = as_generator(seed)
    weights = [rng.normal(0.0, 1.0 / np.sqrt(n_in), size=(n_out, n_in)) for n_in, n_out in zip(sizes, sizes[1:])]
    biases = [rng.normal(0.0, 1.0, size=n_out) for n_out in sizes[1:]]
    return weights, biases


def as_generator(seed) -> np.random.Generator:
    """A ``numpy.random.Generator`` from an int seed (or the generator itself)."""
    if isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise TypeError(f"seed must be a non-negative whole number or a numpy.random.Generator, got {seed!r}")
    return np.random.default_rng(seed)
