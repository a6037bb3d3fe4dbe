"""A fully connected network: the forward pass, the loss, and backpropagation.

Conventions (the same in every module): ``weights[l]`` has shape ``(n_out, n_in)`` and ``biases[l]`` shape
``(n_out,)`` for layer ``l = 0, 1, ...`` counted from the input. ``x`` is one sample ``(n_in,)`` or a batch
``(m, n_in)``; ``y`` (the article's ``desired_outputs``) matches it, ``(n_out,)`` or ``(m, n_out)``. For a
batch, the loss and the gradients are means over the samples.

Inside, one sample is a batch of one: ``x`` and ``y`` are made 2-D once, on the way in (one row per sample),
and results per sample are given back 1-D for a 1-D ``x``. Backpropagation is Nielsen's four equations, with
delta = dC/dz of a layer and sigma' the derivative of its activation:

    BP1  delta of the output layer = sigma'(z) * dC/da      (a - y for a sigmoid with the cross-entropy,
                                                             p - y for a softmax with the categorical one)
    BP2  delta of layer l = (W_{l+1}^T delta_{l+1}) * sigma'(z_l)
    BP3  dC/db of layer l = delta_l
    BP4  dC/dW of layer l = delta_l a_{l-1}^T               (an outer product: bias gradient times input)

The cost computes BP1 (``bplib.costs.Cost.output_delta``), so the network never asks which cost it has. Every
function takes ``activation``, one name for every layer or a list of one name per layer (``"sigmoid"`` by
default), and ``cost``, a name from ``bplib.COSTS`` or a ``Cost`` (``"quadratic"`` by default). A softmax output
is named as the last layer's activation, ``activation=["relu", "relu", "softmax"]``, and pairs with
``cost="categorical_cross_entropy"``; it cannot be a hidden layer's.
"""

from __future__ import annotations

import numbers
from typing import NamedTuple

import numpy as np

from .activations import Activation, _layer_activations
from .costs import COSTS, Cost, get_cost
from .validation import (
    as_float_array,
    as_generator,
    check_choice,
    check_finite_results,
    check_fits_in_memory,
    check_layers_chain,
    check_shape,
    describe,
    quietly,
)


class Problem(NamedTuple):
    """Checked float64 inputs of one call: the parameters, the data as batches (one row per sample), the chosen
    functions, whether one 1-D sample came in (so per-sample results go back 1-D), and what the caller calls
    ``x`` and ``y`` (for messages)."""

    weights: list[np.ndarray]
    biases: list[np.ndarray]
    x: np.ndarray
    y: np.ndarray | None
    activations: list[Activation]
    cost: Cost | None
    one_sample: bool
    names: tuple[str, str] = ("x", "y")


def _check_network(weights, biases) -> tuple[list[np.ndarray], list[np.ndarray]]:
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
        if w.size == 0:
            raise ValueError(f"weights[{l}] must have at least one row (output) and one column (input), got {w.shape}")
        check_shape(b, f"biases[{l}]", (w.shape[0],))
    check_layers_chain(ws)
    return ws, bs


def _prepare_forward(weights, biases, x, activation, x_name: str = "x") -> Problem:
    """Check the network and ``x`` together, and make ``x`` a batch."""
    ws, bs = _check_network(weights, biases)
    x = as_float_array(x, x_name, ndim=(1, 2))
    if x.ndim == 2 and len(x) == 0:
        raise ValueError(f"{x_name} must hold at least one sample, got shape {x.shape}")
    check_shape(x, x_name, x.shape[:-1] + (ws[0].shape[1],))
    acts = _layer_activations(activation, len(ws))
    return Problem(ws, bs, np.atleast_2d(x), None, acts, None, x.ndim == 1, (x_name, "y"))


def _prepare(weights, biases, x, y, activation, cost, names: tuple[str, str] = ("x", "y")) -> Problem:
    """Check one call's arguments together, ``y`` and ``cost`` included; make ``x`` and ``y`` batches. ``names``
    are what the caller calls ``x`` and ``y``, for the messages."""
    p = _prepare_forward(weights, biases, x, activation, names[0])
    y = as_float_array(y, names[1], ndim=(1, 2))
    n_out = p.weights[-1].shape[0]
    if p.one_sample:
        check_shape(y, names[1], (n_out,), f"one sample, as {names[0]} is; {n_out} outputs, as the last layer has")
    else:
        check_shape(y, names[1], (len(p.x), n_out), f"{len(p.x)} samples, as {names[0]} has; {n_out} outputs each")
    cost = get_cost(cost)
    cost.check_fits(p.activations[-1].name, y)
    return p._replace(y=np.atleast_2d(y), cost=cost, names=names)


def _feedforward(p: Problem) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """z = W a + b and a = activate(z), layer after layer, for all samples at once (a row each: z = a W^T + b).

    Like every internal computation here, called ``quietly``: an overflow shows as inf or NaN, which the public
    functions check and explain, instead of printing a RuntimeWarning.
    """
    zs, activations = [], [p.x]
    for w, b, act in zip(p.weights, p.biases, p.activations):
        zs.append(activations[-1] @ w.T + b)
        activations.append(act.function(zs[-1]))
    return zs, activations


def _mean_cost(p: Problem, zs: list[np.ndarray], activations: list[np.ndarray]) -> float:
    """The cost averaged over the samples (for one sample, the cost itself)."""
    costs = p.cost.cost_from_z(zs[-1], activations[-1], p.y)
    if type(costs) is np.ndarray and costs.shape == zs[-1].shape[:1] + (1,):
        costs = costs[:, 0]  # a cost per sample, as a column
    return float(np.mean(_from_the_cost(p, "cost_from_z", costs, zs[-1].shape[:1])))


def _from_the_cost(p: Problem, part: str, result, shape: tuple[int, ...]) -> np.ndarray:
    """``result``, what ``p.cost``'s function ``part`` returned, if it is a float array of ``shape``; a cost of the
    caller's own that returns anything else is named, before numpy fails on it deeper in."""
    if not (type(result) is np.ndarray and result.shape == shape and result.dtype.kind == "f"):
        raise TypeError(
            f"cost {p.cost.name!r}: its {part} must return a float array of shape {shape}, got {describe(result)}"
        )
    return result


def _hidden_delta(delta_next: np.ndarray, weights_next: np.ndarray, z: np.ndarray, activation: Activation):
    """BP2: a hidden layer's delta = (W_next^T delta_next) * sigma'(z); with a row per sample, delta_next W_next."""
    return (delta_next @ weights_next) * activation.derivative(z)


@quietly
def _gradients(p: Problem) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """``backprop`` on checked inputs (the fast path for training loops): BP1, BP2 back to the first layer, then
    BP3 and BP4 for every layer, each averaged over the samples."""
    zs, activations = _feedforward(p)
    delta = p.cost.output_delta(zs[-1], activations[-1], p.y, p.activations[-1])  # BP1
    deltas = [_from_the_cost(p, "output_delta", delta, zs[-1].shape)]
    for l in range(len(p.weights) - 1, 0, -1):  # BP2: layer l's delta gives layer l - 1's
        deltas.insert(0, _hidden_delta(deltas[0], p.weights[l], zs[l - 1], p.activations[l - 1]))
    m = len(p.x)
    bias_grads = [delta.sum(axis=0) / m for delta in deltas]  # BP3
    weight_grads = [delta.T @ a / m for delta, a in zip(deltas, activations)]  # BP4: activations[l] enters layer l
    return bias_grads, weight_grads


def _finite_gradients(p: Problem) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """``_gradients``, raising if an overflow made any of them infinite or NaN."""
    bias_grads, weight_grads = _gradients(p)
    _check_finite(p, bias_grads + weight_grads, "a gradient")
    return bias_grads, weight_grads


def _check_finite(p: Problem, arrays, what: str) -> None:
    """Raise, saying what was too large, if an overflow made any of ``arrays`` infinite or NaN."""

    def cause() -> str:
        x, y = p.names
        largest = {x: p.x, y: p.y, "weight": np.concatenate([w.ravel() for w in p.weights])}
        sizes = ", ".join(f"largest |{name}| = {np.max(np.abs(a)):.3g}" for name, a in largest.items() if a is not None)
        own = "" if p.cost is None or p.cost in COSTS.values() else f", or cost {p.cost.name!r} gave inf or NaN itself"
        return f"{x}, {y} or the weights are too large ({sizes}); scale them down{own}"

    check_finite_results(arrays, what, cause)


def _per_sample(p: Problem, arrays: list[np.ndarray]) -> list[np.ndarray]:
    """Arrays with a row per sample, given back 1-D when one 1-D sample came in."""
    return [a[0] for a in arrays] if p.one_sample else arrays


def forward(weights, biases, x, activation="sigmoid") -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Run the network forward; return ``(zs, activations)``.

    ``zs[l]`` is layer l's weighted input z = W a + b (the article's ``outputs``), shape ``(n_out,)`` or
    ``(m, n_out)``; ``activations[l + 1] = activate(zs[l])`` (the article's ``activate_outputs``), and
    ``activations[0]`` is a copy of ``x``, so there is one more activation than there are layers.
    """
    p = _prepare_forward(weights, biases, x, activation)
    zs, activations = quietly(_feedforward)(p)
    _check_finite(p, zs, "a weighted input z")
    return _per_sample(p, zs), _per_sample(p, [p.x.copy()] + activations[1:])


def predict(weights, biases, x, activation="sigmoid") -> np.ndarray:
    """The network's outputs (the last layer's activations) for ``x``: ``(n_out,)`` for one sample ``(n_in,)``,
    ``(m, n_out)`` for a batch ``(m, n_in)``. The same as ``forward(...)[1][-1]``."""
    return forward(weights, biases, x, activation)[1][-1]


def loss(weights, biases, x, y, activation="sigmoid", cost="quadratic") -> float:
    """The loss: the cost of the network's output against ``y``, averaged over the samples of a batch.

    With the article's quadratic cost, C = 1/2 sum_j (y_j - a_j)^2 for one sample.
    """
    return _loss(_prepare(weights, biases, x, y, activation, cost))


@quietly
def _loss(p: Problem) -> float:
    """``loss`` on checked inputs."""
    value = _mean_cost(p, *_feedforward(p))
    _check_finite(p, [value], "the loss")
    return value


def backprop(
    weights, biases, x, y, activation="sigmoid", cost="quadratic"
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """The gradient of ``loss`` with respect to every bias and weight: ``(bias_grads, weight_grads)``.

    Lists shaped exactly like ``biases`` and ``weights``. A batch is handled with matrix products: the deltas
    of all samples form an ``(m, n_out)`` matrix, the weight gradient is ``delta^T a_prev / m`` and the bias
    gradient is the mean of delta over the samples.
    """
    return _finite_gradients(_prepare(weights, biases, x, y, activation, cost))


def backprop_sample_by_sample(weights, biases, x, y, activation="sigmoid", cost="quadratic"):
    """The same gradients as ``backprop``, computed as the article and Nielsen do: one sample at a time.

    Each sample's deltas are vectors and its weight gradients outer products; the results are averaged.
    Slower for a batch (many small products instead of a few large ones); kept to compare against.
    """
    p = _prepare(weights, biases, x, y, activation, cost)
    bias_sums = [np.zeros_like(b) for b in p.biases]
    weight_sums = [np.zeros_like(w) for w in p.weights]
    with np.errstate(all="ignore"):  # finite samples may sum beyond float64: _check_finite says so
        for x_one, y_one in zip(p.x, p.y):
            bias_grads, weight_grads = _gradients(p._replace(x=x_one[None], y=y_one[None]))
            for total, grad in zip(bias_sums + weight_sums, bias_grads + weight_grads):
                total += grad
    m = len(p.x)
    bias_grads, weight_grads = [s / m for s in bias_sums], [s / m for s in weight_sums]
    _check_finite(p, bias_grads + weight_grads, "a gradient")
    return bias_grads, weight_grads


# The spread of a layer's initial weights, as a factor of 1/sqrt(n_in) (n_in: the inputs each unit sums).
INITS = {"xavier": 1.0, "he": np.sqrt(2.0)}


def random_network(sizes, seed=0, init="xavier") -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Random parameters for layer sizes like ``[784, 30, 10]``: ``(weights, biases)``.

    ``init`` chooses the spread of the weights of a layer with n_in inputs:

    - ``"xavier"`` (the default): N(0, 1/n_in), standard deviation 1/sqrt(n_in), so a unit's weighted input
      starts near 1 in size whatever n_in is (ゼロから作る Deep Learning's "Xavier initial values"; Glorot and
      Bengio's paper averages n_in and n_out);
    - ``"he"``: N(0, 2/n_in), standard deviation sqrt(2/n_in), for ReLU layers (He et al., 2015): a ReLU
      zeroes about half its inputs, and the factor 2 keeps the size of the signal from layer to layer.

    Biases are drawn from N(0, 1) for both. ``seed`` is an int or a ``numpy.random.Generator``; the same seed gives
    the same network, and the same draws for both inits: a "he" network is its "xavier" twin's weights times
    sqrt(2), its biases the same.
    """
    if not isinstance(sizes, (list, tuple)):
        raise TypeError(f"sizes must be a list of layer sizes, like [4, 3], got {type(sizes).__name__}")
    if len(sizes) < 2:
        raise ValueError(f"sizes must list at least two layer sizes, like [4, 3], got {sizes!r}")
    for i, n in enumerate(sizes):
        if isinstance(n, bool) or not isinstance(n, numbers.Integral) or int(n) < 1:
            raise ValueError(f"sizes[{i}] must be a whole number of neurons, at least 1, got {n!r}")
    sizes = [int(n) for n in sizes]  # plain ints: numpy integers would wrap around when multiplied
    check_fits_in_memory(
        sum(o * (i + 1) for i, o in zip(sizes, sizes[1:])), "sizes", "the network's weights and biases"
    )
    scale = INITS[check_choice(init, "init", list(INITS))]
    rng = as_generator(seed)
    weights = [rng.normal(0.0, scale / np.sqrt(n_in), size=(n_out, n_in)) for n_in, n_out in zip(sizes, sizes[1:])]
    biases = [rng.normal(0.0, 1.0, size=n_out) for n_out in sizes[1:]]
    return weights, biases
