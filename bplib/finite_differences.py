"""Slopes by nudging: the article's one-sided difference, the centred difference, and gradient checks.

The article's step 1: raise one parameter by a small step h, watch the loss move, and take
(change in loss) / h as the slope. The centred difference (C(p + h) - C(p - h)) / 2h is far more accurate
(its error shrinks like h^2 instead of h), so it is the one used to check backprop.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from .network import Problem, as_generator, backprop, check_network, feedforward, mean_cost, prepare
from .validation import as_positive_float, check_choice

METHODS = ("forward", "centred")
KINDS = ("bias", "weight")


def forward_difference(f: Callable[[float], float], value: float, step: float) -> float:
    """(f(value + step) - f(value)) / step: the article's nudge."""
    step = as_positive_float(step, "step")
    return (f(value + step) - f(value)) / step


def centred_difference(f: Callable[[float], float], value: float, step: float) -> float:
    """(f(value + step) - f(value - step)) / (2 step)."""
    step = as_positive_float(step, "step")
    return (f(value + step) - f(value - step)) / (2 * step)


class Nudge(NamedTuple):
    """One parameter nudged: the losses seen and the slope they give."""

    parameter: str
    step: float
    method: str
    loss: float
    loss_plus: float
    loss_minus: float | None
    slope: float

    def __str__(self) -> str:
        lines = [f"{self.parameter}: loss {self.loss:.6f}, after +{self.step:g}: {self.loss_plus:.6f}"]
        if self.loss_minus is None:
            change = self.loss_plus - self.loss
            lines.append(f"change {change:+.6f}, slope = {change:+.6f} / {self.step:g} = {self.slope:+.6f}")
        else:
            lines.append(f"after -{self.step:g}: {self.loss_minus:.6f}, centred slope = {self.slope:+.6f}")
        return "\n".join(lines)


def parameter_loss(weights, biases, x, y, kind: str, layer: int, index, activation="sigmoid", cost="quadratic"):
    """Return ``(f, value, label)``: the loss as a function of one parameter, that parameter's value, its name.

    ``kind`` is ``"bias"`` or ``"weight"``; ``index`` is ``i`` for ``biases[layer][i]`` or ``(i, k)`` for
    ``weights[layer][i, k]``. The network passed in is never changed.
    """
    p = prepare(weights, biases, x, y, activation, cost)
    arrays = _arrays_of_kind(p, kind)
    where = _check_index(arrays, kind, layer, index)

    def f(value: float) -> float:
        changed = [a.copy() if l == layer else a for l, a in enumerate(arrays)]
        changed[layer][where] = value
        q = p._replace(biases=changed) if kind == "bias" else p._replace(weights=changed)
        return mean_cost(q, *feedforward(q))

    return f, float(arrays[layer][where]), parameter_label(kind, layer, where)


def parameter_label(kind: str, layer: int, where: tuple[int, ...]) -> str:
    """How notebooks name a parameter: ``biases[0][1]`` or ``weights[0][2, 3]``."""
    return f"{'biases' if kind == 'bias' else 'weights'}[{layer}][{', '.join(map(str, where))}]"


class Parameter(NamedTuple):
    """Where one parameter lives: ``kind`` ("bias" or "weight"), ``layer``, ``index`` (int or (row, column))."""

    kind: str
    layer: int
    index: int | tuple[int, int]
    label: str


def all_parameters(weights, biases) -> list[Parameter]:
    """Every parameter of the network, biases first, layer by layer, rows before columns."""
    ws, bs = check_network(weights, biases)
    found = [Parameter("bias", l, i, parameter_label("bias", l, (i,))) for l, b in enumerate(bs) for i in range(len(b))]
    for l, w in enumerate(ws):
        found += [Parameter("weight", l, where, parameter_label("weight", l, where)) for where in np.ndindex(w.shape)]
    return found


def nudge(
    weights,
    biases,
    x,
    y,
    kind: str,
    layer: int,
    index,
    step=0.001,
    method="forward",
    activation="sigmoid",
    cost="quadratic",
) -> Nudge:
    """Nudge one parameter by ``step`` and return the losses and the slope (a ``Nudge``).

    ``method="forward"`` is the article's (C(p + h) - C(p)) / h; ``"centred"`` is (C(p + h) - C(p - h)) / 2h.
    """
    step = as_positive_float(step, "step")
    method = check_choice(method, "method", METHODS)
    f, value, label = parameter_loss(weights, biases, x, y, kind, layer, index, activation, cost)
    base, plus = f(value), f(value + step)
    if method == "forward":
        return Nudge(label, step, method, base, plus, None, (plus - base) / step)
    minus = f(value - step)
    return Nudge(label, step, method, base, plus, minus, (plus - minus) / (2 * step))


def numerical_gradient(
    weights, biases, x, y, step=1e-5, method="centred", activation="sigmoid", cost="quadratic"
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Every slope by nudging every parameter in turn: ``(bias_grads, weight_grads)`` shaped like the parameters.

    Costs one extra forward pass per parameter for ``"forward"`` and two for ``"centred"``: this is the
    brute force that backprop replaces.
    """
    step = as_positive_float(step, "step")
    method = check_choice(method, "method", METHODS)
    p = prepare(weights, biases, x, y, activation, cost)
    base = mean_cost(p, *feedforward(p)) if method == "forward" else None
    grads = {}
    for kind in KINDS:
        q, arrays = _with_copies(p, kind)
        grads[kind] = [_slopes_of_array(q, array, step, base).reshape(array.shape) for array in arrays]
    return grads["bias"], grads["weight"]


def _slopes_of_array(q: Problem, array: np.ndarray, step: float, base: float | None, entries=None) -> np.ndarray:
    """Nudge entries of ``array`` (a parameter array that ``q`` holds) in place, restoring each; return their
    slopes, one per entry of ``entries`` (a list of index tuples; all entries in C order when None)."""
    entries = list(np.ndindex(array.shape)) if entries is None else entries
    slopes = np.empty(len(entries))
    for n, where in enumerate(entries):
        original = array[where]
        array[where] = original + step
        plus = mean_cost(q, *feedforward(q))
        if base is None:
            array[where] = original - step
            minus = mean_cost(q, *feedforward(q))
            slopes[n] = (plus - minus) / (2 * step)
        else:
            slopes[n] = (plus - base) / step
        array[where] = original
    return slopes


def relative_error(a, b) -> float:
    """max |a - b| / max(1e-8, max(|a| + |b|)): the gap between two gradients, relative to their size.

    Scaled by the largest entry rather than entry by entry, so an entry that is zero up to rounding does
    not count as a large error. Rules of thumb (cs231n): below 1e-7 the two agree; above 1e-4 something is
    wrong (except near a kink such as ReLU's).
    """
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape, got {a.shape} and {b.shape}")
    if a.size == 0:
        return 0.0
    return float(np.max(np.abs(a - b)) / max(1e-8, float(np.max(np.abs(a) + np.abs(b)))))


class CheckRow(NamedTuple):
    """One parameter array compared: backprop's gradient, the nudged one, and how far apart they are."""

    name: str
    backprop: np.ndarray
    nudged: np.ndarray
    max_difference: float
    relative_error: float
    passed: bool


class GradientCheck(NamedTuple):
    """The comparison of backprop with nudging, one row per parameter array; ``str()`` prints a table."""

    rows: list[CheckRow]
    tolerance: float

    @property
    def passed(self) -> bool:
        return all(row.passed for row in self.rows)

    @property
    def max_relative_error(self) -> float:
        return max(row.relative_error for row in self.rows)

    def __str__(self) -> str:
        header = f"{'array':<12}{'max |backprop|':>16}{'max |nudged|':>14}{'max diff':>11}{'rel. error':>12}  check"
        lines = [header]
        for r in self.rows:
            lines.append(
                f"{r.name:<12}{np.max(np.abs(r.backprop)):>16.3e}{np.max(np.abs(r.nudged)):>14.3e}"
                f"{r.max_difference:>11.1e}{r.relative_error:>12.1e}  {'pass' if r.passed else 'FAIL'}"
            )
        return "\n".join(lines)


def gradient_check(
    weights, biases, x, y, activation="sigmoid", cost="quadratic", step=1e-5, tolerance=1e-7, gradients=None
) -> GradientCheck:
    """Compare backprop's gradients (or ``gradients = (bias_grads, weight_grads)``) with centred nudges.

    Returns a ``GradientCheck``: a row per array with both gradients, the largest difference, the relative
    error (see ``relative_error``) and whether it is at most ``tolerance``.
    """
    tolerance = as_positive_float(tolerance, "tolerance")
    if gradients is None:
        gradients = backprop(weights, biases, x, y, activation, cost)
    nudged = numerical_gradient(weights, biases, x, y, step, "centred", activation, cost)
    rows = []
    for kind, computed, reference in (("biases", gradients[0], nudged[0]), ("weights", gradients[1], nudged[1])):
        for l, (g, n) in enumerate(zip(computed, reference, strict=True)):
            g = np.asarray(g, dtype=np.float64)
            if g.shape != n.shape:
                raise ValueError(f"gradients for {kind}[{l}] must have shape {n.shape}, got {g.shape}")
            rows.append(_row(f"{kind}[{l}]", g, n, tolerance))
    return GradientCheck(rows, tolerance)


def spot_check(
    weights,
    biases,
    x,
    y,
    activation="sigmoid",
    cost="quadratic",
    entries_per_array=5,
    seed=0,
    step=1e-5,
    tolerance=1e-7,
) -> GradientCheck:
    """Like ``gradient_check``, but nudging only ``entries_per_array`` random entries of each parameter array.

    Cheap enough to run while a network trains (cs231n calls it a sparse gradient check); each row compares
    backprop with the nudges on the chosen entries only. ``seed`` picks the entries.
    """
    tolerance = as_positive_float(tolerance, "tolerance")
    step = as_positive_float(step, "step")
    p = prepare(weights, biases, x, y, activation, cost)
    rng = as_generator(seed)
    computed = dict(zip(KINDS, backprop(weights, biases, x, y, activation, cost)))
    rows = []
    for kind in KINDS:
        q, arrays = _with_copies(p, kind)
        for l, array in enumerate(arrays):
            flat = rng.choice(array.size, size=min(entries_per_array, array.size), replace=False)
            entries = [np.unravel_index(i, array.shape) for i in sorted(flat)]
            nudged = _slopes_of_array(q, array, step, None, entries)
            exact = np.array([computed[kind][l][where] for where in entries])
            rows.append(_row(f"{'biases' if kind == 'bias' else 'weights'}[{l}]", exact, nudged, tolerance))
    return GradientCheck(rows, tolerance)


def _row(name: str, computed: np.ndarray, nudged: np.ndarray, tolerance: float) -> CheckRow:
    err = relative_error(computed, nudged)
    return CheckRow(name, computed, nudged, float(np.max(np.abs(computed - nudged))), err, err <= tolerance)


def _with_copies(p: Problem, kind: str) -> tuple[Problem, list[np.ndarray]]:
    """``p`` holding fresh copies of its bias (or weight) arrays, and those copies, to nudge in place."""
    arrays = [a.copy() for a in _arrays_of_kind(p, kind)]
    return (p._replace(biases=arrays) if kind == "bias" else p._replace(weights=arrays)), arrays


def _arrays_of_kind(p: Problem, kind: str) -> list[np.ndarray]:
    return p.biases if check_choice(kind, "kind", KINDS) == "bias" else p.weights


def _check_index(arrays: list[np.ndarray], kind: str, layer, index) -> tuple[int, ...]:
    if isinstance(layer, bool) or not isinstance(layer, (int, np.integer)) or not 0 <= layer < len(arrays):
        raise ValueError(f"layer must be a whole number from 0 to {len(arrays) - 1}, got {layer!r}")
    shape = arrays[layer].shape
    where = (index,) if kind == "bias" else index
    ok = (
        isinstance(where, tuple)
        and len(where) == len(shape)
        and all(
            isinstance(i, (int, np.integer)) and not isinstance(i, bool) and 0 <= i < n for i, n in zip(where, shape)
        )
    )
    if not ok:
        wanted = f"an int from 0 to {shape[0] - 1}" if kind == "bias" else f"a pair (row, column) within {shape}"
        raise ValueError(f"index for a {kind} of layer {layer} must be {wanted}, got {index!r}")
    return tuple(int(i) for i in where)
