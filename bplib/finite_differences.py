"""Slopes by nudging: the article's one-sided difference, the centred difference, and gradient checks.

The article's step 1: raise one parameter by a small step h, watch the loss move, and take
(change in loss) / h as the slope. The centred difference (C(p + h) - C(p - h)) / 2h is far more accurate
(its error shrinks like h^2 instead of h), so it is the one used to check backprop.

Each formula is written once (``_forward_slope``, ``_centred_slope``); everything else nudges through them:
``numerical_gradient_of(f, x)`` nudges every entry of an array (as ゼロから作る Deep Learning's
``numerical_gradient(f, x)`` does), and ``numerical_gradient`` does that for a network's parameters.
"""

from __future__ import annotations

import itertools
import numbers
import unicodedata
from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from .i18n import N_, _
from .network import Problem, _check_network, _feedforward, _finite_gradients, _loss, _prepare
from .validation import (
    as_float_array,
    as_generator,
    as_positive_float,
    as_positive_int,
    check_choice,
    check_finite_results,
    check_shape,
    describe,
    quietly,
)

METHODS = ("forward", "centred")
KINDS = ("bias", "weight")


def _forward_slope(f: Callable[[float], float], value: float, step: float) -> float:
    return (f(value + step) - f(value)) / step


def _centred_slope(f: Callable[[float], float], value: float, step: float) -> float:
    return (f(value + step) - f(value - step)) / (2 * step)


_SLOPES = {"forward": _forward_slope, "centred": _centred_slope}


def forward_difference(f: Callable[[float], float], value: float, step: float) -> float:
    """(f(value + step) - f(value)) / step: the article's nudge."""
    return _difference("forward", f, value, step)


def centred_difference(f: Callable[[float], float], value: float, step: float) -> float:
    """(f(value + step) - f(value - step)) / (2 step)."""
    return _difference("centred", f, value, step)


def _difference(method: str, f, value, step) -> float:
    step = as_positive_float(step, "step")
    value = float(as_float_array(value, "value", ndim=0))
    _check_nudge(value, step, method, "value")
    slope = _SLOPES[method](_returning_a_number(f), value, step)
    nudged = getattr(f, "nudged", None)  # parameter_loss's f says which parameter it nudges
    _check_slope(slope, value, step, "f changes too much over one step", nudged if isinstance(nudged, str) else "value")
    return slope


def _check_nudge(value: float, step: float, method: str, nudged: str) -> None:
    """Raise naming ``step`` if ``value`` nudged by it (up, and for ``"centred"`` down too) is beyond float64: f
    would be asked about infinity, and numpy would warn on the way. ``nudged`` names the number nudged."""
    value = float(value)
    ends = (value + step, value - step) if method == "centred" else (value + step,)  # Python floats: no warning
    if not all(map(np.isfinite, ends)):
        sign = "+-" if method == "centred" else "+"
        raise ValueError(
            f"{nudged} {sign} step overflows float64 (beyond 1.8e308): {nudged} = {value:g}, step = {step:g}; "
            "take a smaller step"
        )


def _check_slope(slope: float, value: float, step: float, too_steep: str, nudged: str) -> None:
    """Raise if the slope overflowed, or if it reads 0 only because ``step`` is too small for float64 to see
    at ``value``; ``nudged`` names the number nudged, in the caller's words (``value``, ``x[2]``, ``weights[0][1, 3]``).

    A nudge below float64's resolution at ``value`` (about 2.2e-16 x max(1, |value|)) either leaves the value
    unchanged or changes the function by less than its last digit; a slope of exactly 0 from such a step says
    nothing about the real slope.
    """
    check_finite_results([slope], "the slope", too_steep)
    resolution = np.finfo(np.float64).eps * max(1.0, abs(float(value)))
    if slope == 0.0 and step < resolution:
        raise ValueError(
            f"step = {step:g} is too small for float64 at {nudged} = {float(value):.6g}, where float64 resolves only "
            f"about {resolution:.1g}: the nudged results are the same, so the slope reads 0 whatever it is; take a "
            "larger step (1e-5 suits values near 1)"
        )


def _returning_a_number(f: Callable) -> Callable:
    """``f``, checked to be callable and to return one finite real number each time it is called."""
    if not callable(f):
        raise TypeError(f"f must be a function returning a number, got {describe(f)}")

    def number(*args) -> float:
        try:
            result = f(*args)
        except OverflowError as error:  # math.exp(1000), say: the function's value is beyond float64
            raise ValueError(f"f overflows float64 (beyond 1.8e308) near the nudged value: {error}") from error
        if isinstance(result, np.ndarray) and result.ndim == 0:
            result = result[()]
        if isinstance(result, bool) or not isinstance(result, numbers.Real):
            raise TypeError(f"f must return one real number, got {describe(result)}")
        try:
            value = float(result)
        except OverflowError:  # a Python int beyond float64
            value = float("inf")
        if not np.isfinite(value):
            raise ValueError(f"f must return a finite number, got {describe(result)}: a slope needs f on both sides")
        return value

    return number


def numerical_gradient_of(f: Callable[[np.ndarray], float], x: np.ndarray, step=1e-5, method="centred") -> np.ndarray:
    """The slope of ``f(x)`` along every entry of the array ``x``, by nudging: an array shaped like ``x``.

    Entry by entry, ``x`` itself is nudged in place (so ``f`` sees the change through ``x``, or through any
    object holding it), ``f(x)`` measured, and the entry restored exactly: ``x`` ends as it began. ``method`` is
    ``"centred"``, (f(x + h e) - f(x - h e)) / 2h, or the article's ``"forward"``, (f(x + h e) - f(x)) / h.
    ``x`` must be a writable float64 numpy array with finite entries. ``f`` may read ``x`` but not change it: an
    ``f`` that does is refused with a ValueError, after ``x`` is put back. A step too small for float64 to see at
    some entry (its slope would read 0) is refused too.
    """
    step = as_positive_float(step, "step")
    method = check_choice(method, "method", METHODS)
    _check_nudgeable(x)
    before = x.copy()
    try:
        slopes = _every_slope(_returning_a_number(f), x, method, step, "x")
    finally:
        changed = np.argwhere(x != before)
        x[...] = before  # as it began, whatever f did
    if len(changed):
        where = ", ".join(map(str, changed[0]))
        raise ValueError(f"f must not change x: it changed x[{where}] (x is restored; the slopes would be wrong)")
    check_finite_results([slopes], "a slope", "f changes too much over one step")
    return slopes


def _check_nudgeable(x) -> None:
    if not isinstance(x, np.ndarray) or isinstance(x, np.ma.MaskedArray) or x.dtype != np.float64:
        raise TypeError(f"x must be a float64 numpy array (it is nudged in place), got {describe(x)}")
    if not x.flags.writeable:
        raise ValueError("x must be writable: it is nudged in place (and restored), got a read-only array")
    as_float_array(x, "x")  # finite


_TOO_STEEP = "f changes too much over one step"


def _every_slope(
    f: Callable[[np.ndarray], float], x: np.ndarray, method: str, step: float, name: str, too_steep: str = _TOO_STEEP
) -> np.ndarray:
    """``_slopes`` of all the entries of ``x``, shaped like ``x``."""
    return _slopes(f, x, method, step, list(np.ndindex(x.shape)), name, too_steep).reshape(x.shape)


def _slopes(
    f: Callable[[np.ndarray], float],
    x: np.ndarray,
    method: str,
    step: float,
    entries,
    name: str,
    too_steep: str = _TOO_STEEP,
) -> np.ndarray:
    """Nudge each entry of ``x`` listed in ``entries`` in place, restoring it; return their slopes, in order.
    ``name`` is what the caller calls ``x``, for the messages; ``too_steep`` says what to blame when a slope
    overflows, in the caller's words."""
    slope_of = _SLOPES[method]
    slopes = np.empty(len(entries))
    for n, where in enumerate(entries):
        original, label = x[where], f"{name}[{', '.join(map(str, where))}]"
        _check_nudge(original, step, method, label)
        try:
            slopes[n] = slope_of(_along_entry(f, x, where), original, step)
        finally:
            x[where] = original
        _check_slope(slopes[n], original, step, too_steep, label)
    return slopes


def _along_entry(f: Callable[[np.ndarray], float], x: np.ndarray, where: tuple) -> Callable[[float], float]:
    """f as a function of the one entry ``x[where]``; f may read x but not change that entry."""

    def f_of_entry(value: float) -> float:
        x[where] = value
        result = f(x)
        if x[where] != value:
            raise ValueError(f"f must not change x: it changed x[{', '.join(map(str, where))}], the entry nudged")
        return result

    return f_of_entry


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
        """Two lines in the language chosen with ``bplib.set_language``: the losses, then the slope they give."""
        numbers = self._asdict()
        lines = [_("{parameter}: loss {loss:.6f}, after +{step:g}: {loss_plus:.6f}").format(**numbers)]
        if self.loss_minus is None:
            change = self.loss_plus - self.loss
            lines.append(
                _("change {change:+.6f}, slope = {change:+.6f} / {step:g} = {slope:+.6f}").format(
                    change=change, **numbers
                )
            )
        else:
            lines.append(_("after -{step:g}: {loss_minus:.6f}, centred slope = {slope:+.6f}").format(**numbers))
        return "\n".join(lines)


def parameter_loss(weights, biases, x, y, kind: str, layer: int, index, activation="sigmoid", cost="quadratic"):
    """Return ``(f, value, label)``: the loss as a function of one parameter, that parameter's value, its name.

    ``kind`` is ``"bias"`` or ``"weight"``; ``index`` is ``i`` for ``biases[layer][i]`` or ``(i, k)`` for
    ``weights[layer][i, k]``. The network passed in is never changed.
    """
    return _parameter_loss(_prepare(weights, biases, x, y, activation, cost), kind, layer, index)


def _parameter_loss(p: Problem, kind: str, layer: int, index) -> tuple[Callable[[float], float], float, str]:
    """``parameter_loss`` on a problem already checked."""
    arrays = _arrays_of_kind(p, kind)
    where = _check_index(arrays, kind, layer, index)

    def f(value: float) -> float:
        changed = [a.copy() if l == layer else a for l, a in enumerate(arrays)]
        changed[layer][where] = as_float_array(value, "value", ndim=0)
        return _loss(p._replace(biases=changed) if kind == "bias" else p._replace(weights=changed))

    label = _parameter_label(kind, layer, where)
    f.nudged = label  # so forward_difference(f, ...) names the parameter, not "value", when the step is too small
    return f, float(arrays[layer][where]), label


def _parameter_label(kind: str, layer: int, where: tuple[int, ...]) -> str:
    """How notebooks name a parameter: ``biases[0][1]`` or ``weights[0][2, 3]``."""
    return f"{_array_label(kind, layer)}[{', '.join(map(str, where))}]"


def _array_label(kind: str, layer: int) -> str:
    """How notebooks name a layer's parameter array: ``biases[0]`` or ``weights[1]``."""
    return f"{'biases' if kind == 'bias' else 'weights'}[{layer}]"


class Parameter(NamedTuple):
    """Where one parameter lives: ``kind`` ("bias" or "weight"), ``layer``, ``index`` (int or (row, column))."""

    kind: str
    layer: int
    index: int | tuple[int, int]
    label: str


def all_parameters(weights, biases) -> list[Parameter]:
    """Every parameter of the network, biases first, layer by layer, rows before columns."""
    ws, bs = _check_network(weights, biases)
    found = []
    for kind, arrays in (("bias", bs), ("weight", ws)):
        for l, array in enumerate(arrays):
            for where in np.ndindex(array.shape):
                index = where[0] if kind == "bias" else where
                found.append(Parameter(kind, l, index, _parameter_label(kind, l, where)))
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
    _check_nudge(value, step, method, label)
    loss, plus = f(value), f(value + step)  # each loss once: the slope is made of the losses it reports
    minus = f(value - step) if method == "centred" else None
    slope = (plus - loss) / step if method == "forward" else (plus - minus) / (2 * step)  # as _SLOPES compute
    _check_slope(slope, value, step, "the loss changes too much over one step", label)
    return Nudge(label, step, method, loss, plus, minus, slope)


def numerical_gradient(
    weights,
    biases,
    x,
    y,
    step=1e-5,
    method="centred",
    activation="sigmoid",
    cost="quadratic",
    *,
    kind: str | None = None,
    layer: int | None = None,
):
    """Every slope by nudging every parameter in turn: ``(bias_grads, weight_grads)`` shaped like the parameters.

    Costs one or two forward passes per parameter (``"forward"`` or ``"centred"``, see ``numerical_gradient_of``):
    this is the brute force that backprop replaces. To nudge fewer, name them; what is named drops out of the
    result: ``kind="bias"`` gives ``bias_grads`` alone, ``layer=l`` gives ``(bias_grads[l], weight_grads[l])``,
    both give the one array ``bias_grads[l]`` (or ``weight_grads[l]``).
    """
    step = as_positive_float(step, "step")
    method = check_choice(method, "method", METHODS)
    p = _prepare(weights, biases, x, y, activation, cost)
    kinds = KINDS if kind is None else (check_choice(kind, "kind", KINDS),)
    layers = range(len(p.weights)) if layer is None else (_check_layer(layer, len(p.weights)),)
    grads = _numerical_gradient(p, step, method, kinds, layers)
    if layer is not None:
        grads = {k: g[0] for k, g in grads.items()}
    return grads[kind] if kind is not None else (grads["bias"], grads["weight"])


def _numerical_gradient(p: Problem, step: float, method: str, kinds, layers) -> dict[str, list[np.ndarray]]:
    """``numerical_gradient`` on checked arguments: for each kind, the nudged slopes of each layer's array."""
    grads = {}
    for k in kinds:
        q, arrays = _with_copies(p, k)
        grads[k] = [_every_slope(_loss_of(q), arrays[l], method, step, _array_label(k, l)) for l in layers]
    return grads


def _loss_of(q: Problem) -> Callable[[np.ndarray], float]:
    """The loss of ``q``, whose parameter arrays are nudged in place, as a function ``f(array)``."""
    return lambda _nudged_array: _loss(q)


def relative_error(a, b) -> float:
    """max |a - b| / max(1e-8, max(|a| + |b|)): the gap between two gradients, relative to their size.

    Scaled by the largest entry rather than entry by entry, so an entry that is zero up to rounding does
    not count as a large error. Rules of thumb (cs231n): below 1e-7 the two agree; above 1e-4 something is
    wrong (except near a kink such as ReLU's).
    """
    a, b = as_float_array(a, "a"), as_float_array(b, "b")
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape, got {a.shape} and {b.shape}")
    if a.size == 0:
        return 0.0
    largest = max(float(np.max(np.abs(a))), float(np.max(np.abs(b))))
    if largest > 1e300:  # |a - b| and |a| + |b| would overflow: the ratio is the same for a and b scaled down
        a, b = a / largest, b / largest
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
        """A table in the language chosen with ``bplib.set_language``: a row per array, the verdict last."""
        cells = [
            [
                r.name,
                f"{np.max(np.abs(r.backprop)):.3e}",
                f"{np.max(np.abs(r.nudged)):.3e}",
                f"{r.max_difference:.1e}",
                f"{r.relative_error:.1e}",
                _(PASS) if r.passed else _(FAIL),
            ]
            for r in self.rows
        ]
        return _table([_(heading) for heading in TABLE_HEADINGS], cells)


PASS, FAIL = N_("pass"), N_("FAIL")
TABLE_HEADINGS = (N_("array"), N_("max |backprop|"), N_("max |nudged|"), N_("max diff"), N_("rel. error"), N_("check"))
_NARROWEST = (12, 16, 14, 11, 12)  # the columns' widths in English, so the English table reads as it always has


def _table(headings: list[str], rows: list[list[str]]) -> str:
    """Left-aligned name, right-aligned numbers two spaces apart at least, then the verdict after two spaces.

    Widths are counted in terminal columns, where a kana or kanji takes two, so a Japanese table lines up too.
    """
    columns = list(zip(headings, *rows))
    widths = [max(_NARROWEST[0], *(_width(text) + 1 for text in columns[0]))]
    widths += [
        max(least, *(_width(text) + 2 for text in column)) for least, column in zip(_NARROWEST[1:], columns[1:-1])
    ]
    lines = []
    for line in [headings, *rows]:
        name, *numbers, verdict = line
        cells = [name + " " * (widths[0] - _width(name))]
        cells += [" " * (width - _width(text)) + text for width, text in zip(widths[1:], numbers)]
        lines.append("".join(cells) + "  " + verdict)
    return "\n".join(lines)


def _width(text: str) -> int:
    """How many terminal columns ``text`` takes: two for each wide (East Asian) character, one for the rest."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def gradient_check(
    weights, biases, x, y, activation="sigmoid", cost="quadratic", step=1e-5, tolerance=1e-7, gradients=None
) -> GradientCheck:
    """Compare backprop's gradients (or ``gradients = (bias_grads, weight_grads)``) with centred nudges.

    Returns a ``GradientCheck``: a row per array with both gradients, the largest difference, the relative
    error (see ``relative_error``) and whether it is at most ``tolerance``.
    """
    tolerance = as_positive_float(tolerance, "tolerance")
    p = _prepare(weights, biases, x, y, activation, cost)
    given = _check_gradients(_finite_gradients(p) if gradients is None else gradients, p)
    step = as_positive_float(step, "step")
    nudged = _numerical_gradient(p, step, "centred", KINDS, range(len(p.weights))).values()  # biases, weights
    rows = []
    for kind, computed, reference in zip(("biases", "weights"), given, nudged):
        rows += [_row(f"{kind}[{l}]", g, n, tolerance) for l, (g, n) in enumerate(zip(computed, reference))]
    return GradientCheck(rows, tolerance)


def _check_gradients(gradients, p: Problem) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """``gradients`` as float64 arrays, after checking it is ``(bias_grads, weight_grads)`` shaped like the network."""
    if not isinstance(gradients, (list, tuple)) or len(gradients) != 2:
        raise TypeError(f"gradients must be a pair (bias_grads, weight_grads), got {describe(gradients)}")
    checked = []
    for kind, given, parameters in zip(("biases", "weights"), gradients, (p.biases, p.weights)):
        if not isinstance(given, (list, tuple)) or len(given) != len(parameters):
            raise ValueError(
                f"gradients must hold one array per layer for the {kind}, {len(parameters)} in all, "
                f"got {describe(given)}"
            )
        arrays = [as_float_array(g, f"gradients for {kind}[{l}]") for l, g in enumerate(given)]
        for l, (g, parameter) in enumerate(zip(arrays, parameters)):
            check_shape(g, f"gradients for {kind}[{l}]", parameter.shape)
        checked.append(arrays)
    return checked[0], checked[1]


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
    backprop with the nudges on the chosen entries only. ``seed`` picks the entries. An entry whose nudge by
    ``step`` either way would switch a ReLU unit on or off for some sample is passed over: across that kink the
    loss has no single slope, and a centred difference that straddles it measures neither side's.
    """
    tolerance = as_positive_float(tolerance, "tolerance")
    step = as_positive_float(step, "step")
    entries_per_array = as_positive_int(entries_per_array, "entries_per_array")
    p = _prepare(weights, biases, x, y, activation, cost)
    rng = as_generator(seed)
    computed = dict(zip(KINDS, _finite_gradients(p)))
    states = _relu_states(p)  # which ReLU units are on, before any nudge
    rows = []
    for kind in KINDS:
        q, arrays = _with_copies(p, kind)
        for l, array in enumerate(arrays):
            order = (np.unravel_index(i, array.shape) for i in rng.permutation(array.size))
            smooth = (where for where in order if not _crosses_a_kink(q, array, where, step, states))
            entries = sorted(itertools.islice(smooth, min(entries_per_array, array.size)))
            if not entries:
                raise ValueError(
                    f"weights and biases: every entry of {_array_label(kind, l)} sits on a ReLU kink (a nudge of "
                    f"step {step:g} either way switches a unit on or off, as when the network starts at zero), so "
                    "none can be spot-checked; start from random_network's weights, or pass a smaller step"
                )
            nudged = _slopes(_loss_of(q), array, "centred", step, entries, _array_label(kind, l))
            exact = np.array([computed[kind][l][where] for where in entries])
            rows.append(_row(_array_label(kind, l), exact, nudged, tolerance))
    return GradientCheck(rows, tolerance)


def _relu_states(q: Problem) -> list[np.ndarray]:
    """For each ReLU layer of ``q``, which of its units are on (z > 0), sample by sample."""
    zs, _ = quietly(_feedforward)(q)
    return [z > 0 for z, act in zip(zs, q.activations) if act.name == "relu"]


def _crosses_a_kink(q: Problem, array: np.ndarray, where: tuple, step: float, states: list[np.ndarray]) -> bool:
    """Whether moving ``array[where]`` (one of ``q``'s parameters) by ``step`` either way changes which ReLU units
    are on, against ``states``, those of the unmoved parameters."""
    if not states:
        return False
    original = array[where]
    try:
        for value in (original - step, original + step):
            array[where] = value
            if any(not np.array_equal(a, b) for a, b in zip(_relu_states(q), states)):
                return True
    finally:
        array[where] = original
    return False


def _row(name: str, computed: np.ndarray, nudged: np.ndarray, tolerance: float) -> CheckRow:
    err = relative_error(computed, nudged)
    return CheckRow(name, computed, nudged, float(np.max(np.abs(computed - nudged))), err, err <= tolerance)


def _with_copies(p: Problem, kind: str) -> tuple[Problem, list[np.ndarray]]:
    """``p`` holding fresh copies of its bias (or weight) arrays, and those copies, to nudge in place."""
    arrays = [a.copy() for a in _arrays_of_kind(p, kind)]
    return (p._replace(biases=arrays) if kind == "bias" else p._replace(weights=arrays)), arrays


def _arrays_of_kind(p: Problem, kind: str) -> list[np.ndarray]:
    return p.biases if check_choice(kind, "kind", KINDS) == "bias" else p.weights


def _is_index(i, n: int) -> bool:
    return isinstance(i, numbers.Integral) and not isinstance(i, bool) and 0 <= i < n


def _check_layer(layer, n_layers: int) -> int:
    if not _is_index(layer, n_layers):
        raise ValueError(f"layer must be a whole number from 0 to {n_layers - 1}, got {layer!r}")
    return int(layer)


def _check_index(arrays: list[np.ndarray], kind: str, layer, index) -> tuple[int, ...]:
    layer = _check_layer(layer, len(arrays))
    shape = arrays[layer].shape
    where = (index,) if kind == "bias" else index
    if not (isinstance(where, tuple) and len(where) == len(shape) and all(map(_is_index, where, shape))):
        wanted = f"an int from 0 to {shape[0] - 1}" if kind == "bias" else f"a pair (row, column) within {shape}"
        raise ValueError(f"index for a {kind} of layer {layer} must be {wanted}, got {index!r}")
    return tuple(int(i) for i in where)
