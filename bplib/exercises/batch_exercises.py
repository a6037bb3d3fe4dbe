"""Notebook 07's exercise: backprop for a whole batch, through a sigmoid network of any depth, with matrices.

Each case is a random sigmoid network (1 to 4 layers, random widths, one of them all square so that a
transpose or a layer mixed up shows as a value, not only as a shape) and a batch ``X`` of shape (m, n_in), one
row per sample, with desired outputs ``Y`` of shape (m, n_out), m from 1 to 12; the quadratic cost, averaged
over the batch as ``bplib.backprop`` does. The answer is checked against ``bplib.backprop``.

What the answer may call is stated in the notebook and held here: numpy, ``bplib.forward`` and
``bplib.get_activation``, nothing that computes slopes (``rules.slope_code``: backprop in any form, nudging, the
article's gradient helpers, the checkers' own slopes); the engine watches every call the answer makes.
"""

from __future__ import annotations

import numpy as np

from .. import backprop, forward, numerical_gradient, random_network
from ..activations import sigmoid_prime
from . import messages as text
from .checking import TIME_LIMIT, Exercise, Mistake, Verdict, check
from .list_slips import reversed_layers, swapped_pair, transposed_weight_slopes
from .rules import slope_code


def _batch_cases(seed: int) -> list[dict]:
    """Five networks: all square first, then (in an order the seed picks) one layer alone, two layers, four
    layers with a batch of one, and three layers with a larger batch; widths and batch sizes drawn each time."""
    rng = np.random.default_rng(seed)
    width = int(rng.integers(3, 6))
    shapes = [([width] * 4, int(rng.integers(4, 8)))]
    others = [
        (list(rng.integers(1, 6, size=2)), int(rng.integers(2, 7))),
        (list(rng.integers(2, 7, size=3)), int(rng.integers(2, 7))),
        (list(rng.integers(1, 7, size=5)), 1),
        (list(rng.integers(2, 7, size=4)), int(rng.integers(8, 13))),
    ]
    shapes += [others[i] for i in rng.permutation(len(others))]
    cases = []
    for sizes, m in shapes:
        sizes = [int(n) for n in sizes]
        weights, biases = random_network(sizes, seed=rng)
        X, Y = rng.normal(size=(m, sizes[0])), rng.uniform(size=(m, sizes[-1]))
        cases.append({"weights": weights, "biases": biases, "X": X, "Y": Y})
    return cases


def _batched(weights, biases, X, Y, *, bias_divisor=None, weight_divisor=None, output_factor=True,
             hidden_factor=True, factor_layer=0, incoming=None, W_transposed=False, sign=1.0):
    """Backprop on a batch with matrices, written out, with switches for the usual mistakes: ``factor_layer``
    1 takes sigma' of the layer above in BP2, ``incoming(l, zs, activations)`` replaces the activation a weight
    slope multiplies, ``W_transposed`` passes the delta back through W^T as for a column of one sample."""
    zs, activations = forward(weights, biases, X)  # row s of each: sample s
    m, last = len(X), len(weights) - 1
    deltas = [None] * len(weights)
    deltas[last] = sign * (activations[-1] - Y) * (sigmoid_prime(zs[last]) if output_factor else 1.0)  # BP1
    for l in range(last - 1, -1, -1):  # BP2, backwards
        passed_back = deltas[l + 1] @ (weights[l + 1].T if W_transposed else weights[l + 1])
        deltas[l] = passed_back * (sigmoid_prime(zs[l + factor_layer]) if hidden_factor else 1.0)
    bias_divisor = m if bias_divisor is None else bias_divisor(m)
    weight_divisor = m if weight_divisor is None else weight_divisor(m)
    a_in = [activations[l] if incoming is None else incoming(l, zs, activations) for l in range(len(weights))]
    bias_grads = [d.sum(axis=0) / bias_divisor for d in deltas]  # BP3, the mean down the batch
    weight_grads = [d.T @ a / weight_divisor for d, a in zip(deltas, a_in)]  # BP4: the outer products, summed
    return bias_grads, weight_grads


def _z_for_a(l, zs, activations):
    """The weighted input z of the layer below where its activation a = sigma(z) belongs (the input X itself for
    layer 0, which has no z below it)."""
    return activations[0] if l == 0 else zs[l - 1]


BATCHED = Exercise(
    name="batched_backprop",
    title=text.BATCHED_TITLE,
    make_cases=_batch_cases,
    reference=lambda weights, biases, X, Y: backprop(weights, biases, X, Y),
    mistakes=(
        Mistake("summed", lambda **c: _batched(**c, bias_divisor=lambda m: 1, weight_divisor=lambda m: 1),
                text.BATCHED_SUMMED),
        Mistake("biases summed", lambda **c: _batched(**c, bias_divisor=lambda m: 1), text.BATCHED_BIASES_SUMMED),
        Mistake("weights summed", lambda **c: _batched(**c, weight_divisor=lambda m: 1),
                text.BATCHED_WEIGHTS_SUMMED),
        Mistake("averaged twice", lambda **c: _batched(**c, bias_divisor=lambda m: m * m,
                                                        weight_divisor=lambda m: m * m), text.BATCHED_TWICE),
        Mistake("divided by n_in", lambda **c: _batched(**c, bias_divisor=lambda m: c["X"].shape[1],
                                                         weight_divisor=lambda m: c["X"].shape[1]),
                text.BATCHED_DIVIDED_BY_N_IN),
        Mistake("missing factor", lambda **c: _batched(**c, hidden_factor=False), text.BATCHED_MISSING_FACTOR),
        Mistake("output missing factor", lambda **c: _batched(**c, output_factor=False),
                text.BATCHED_OUTPUT_MISSING_FACTOR),
        Mistake("factor of the layer above", lambda **c: _batched(**c, factor_layer=1),
                text.BATCHED_FACTOR_LAYER_ABOVE),
        Mistake("W^T in BP2", lambda **c: _batched(**c, W_transposed=True), text.BATCHED_W_TRANSPOSED),
        Mistake("transposed weight slopes", transposed_weight_slopes(_batched), text.BATCHED_TRANSPOSED_SLOPES),
        Mistake("the layer's own activation", lambda **c: _batched(**c, incoming=lambda l, zs, a: a[l + 1]),
                text.BATCHED_OWN_ACTIVATION),
        Mistake("z for a", lambda **c: _batched(**c, incoming=_z_for_a), text.BATCHED_Z_FOR_A),
        Mistake("flipped sign", lambda **c: _batched(**c, sign=-1.0), text.TWO_LAYERS_FLIPPED_SIGN),
        Mistake("reversed layers", reversed_layers(_batched), text.TWO_LAYERS_REVERSED),
        Mistake("swapped pair", swapped_pair(_batched), text.GRADIENTS_SWAPPED),
    ),
    parts=("bias_grads", "weight_grads"),
    shape_hint=text.GRADIENT_SHAPES,
    nudged=lambda case: numerical_gradient(case["weights"], case["biases"], case["X"], case["Y"]),
    confirm=text.BACKPROP_CONFIRM,
    may_not_call=slope_code,
    calls_forbidden=text.BATCHED_CALLS_FORBIDDEN,
)

EXERCISES = (BATCHED,)


def check_batched_backprop(batched_backprop, seed=0, time_limit=TIME_LIMIT) -> Verdict:
    """07, exercise 1: ``batched_backprop(weights, biases, X, Y)`` returns ``(bias_grads, weight_grads)`` of a
    sigmoid network of any depth with the quadratic cost, for a batch ``X`` (m, n_in) with one row per sample: the
    slopes of the batch's loss, the mean over its samples, as bplib.backprop gives them. It may call numpy,
    bplib.forward and bplib.get_activation, and nothing of bplib that computes slopes."""
    return check(BATCHED, batched_backprop, seed, time_limit)
