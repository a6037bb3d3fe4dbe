"""The numbers behind each explorer, as plain functions: what a picture shows for one setting of its controls.

The widgets in ``explorers`` only call these and draw the result, so tests can check every number an explorer
shows without a browser or a kernel. Each view checks its arguments once (``checked_once.prepare``) and then
calls the kernels that do not check again: one check per slider move, whatever the view computes.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ..activations import get_activation
from ..digits import one_hot
from ..finite_differences import centred_difference, forward_difference
from ..handwriting import drawing_to_digit
from ..training import Metrics
from ..validation import (
    as_bool,
    as_float_array,
    as_positive_float,
    as_positive_int,
    check_choice,
    check_finite_results,
    describe,
    quietly,
)
from .checked_once import (
    feedforward,
    gradients_of,
    input_slopes_of,
    loss_of,
    nudged_gradient,
    parameter_loss_of,
    prepare,
    prepare_forward,
    with_desired,
)

STEPS = np.logspace(-10, -1, 37)  # the step sizes an error-against-h curve is drawn at
MOST_CURVE_POINTS = 100_000  # far more points than a curve across a figure has pixels
MOST_GRID_POINTS = 1_000  # points a side of a decision grid: a million in all, more than a figure has pixels


class NudgeView(NamedTuple):
    """One parameter nudged by ``step``: the loss curve around it and the three slopes."""

    label: str
    value: float
    curve_x: np.ndarray
    curve_loss: np.ndarray
    loss: float
    loss_plus: float
    forward_slope: float
    centred_slope: float
    backprop_slope: float
    loss_minus: float
    step: float

    @property
    def forward_error(self) -> float:
        return abs(self.forward_slope - self.backprop_slope)

    @property
    def centred_error(self) -> float:
        return abs(self.centred_slope - self.backprop_slope)

    @property
    def _unseen_nudge(self) -> bool:
        """Equal nudged losses say nothing: float64 cannot tell value + step from value, or backprop's slope is
        not 0, so the loss does move, by less than its last digit. (Where backprop's slope is 0 and the value
        moves, equal losses are the true answer: the loss does not depend on this parameter here.)"""
        return self.value + self.step == self.value or self.value - self.step == self.value or self.backprop_slope != 0

    @property
    def step_too_small(self) -> bool:
        """C(p + h) == C(p) in float64 although the loss moves with p: the forward slope's 0 is no measurement."""
        return self.loss_plus == self.loss and self._unseen_nudge

    @property
    def centred_step_too_small(self) -> bool:
        """C(p + h) == C(p - h) in float64 although the loss moves with p: the centred slope's 0 is no measurement."""
        return self.loss_plus == self.loss_minus and self._unseen_nudge


def _at_most(value: int, name: str, most: int, what: str) -> int:
    """``value`` (already a whole number >= 1), unless it is above ``most``: then raise naming ``name``, before
    anything that many is made."""
    if value > most:
        shown = f"{value:,}"
        shown = shown if len(shown) < 30 else shown[:26] + "..."
        raise ValueError(f"{name} must be at most {most:,} ({what}), got {shown}")
    return value


def _evenly_spaced(
    centre: float, half_width: float, n: int, name: str, drawn: str, centre_name: str = ""
) -> np.ndarray:
    """``n`` distinct points from centre - half_width to centre + half_width, to draw ``drawn`` on; ``name`` is the
    argument giving half_width, ``centre_name`` the one giving the centre, if any: whichever is at fault is named."""
    points = quietly(np.linspace)(centre - half_width, centre + half_width, n)
    check_finite_results([points], "the points", f"{name} = {half_width:g} is too large")
    if np.any(np.diff(points) <= 0):  # centre +- half_width holds fewer floats than n
        # a half width that would fail around 1 too is the fault; else the centre is too large
        around = f"{centre_name} = {centre:g}" if centre_name else f"{centre:g}"
        blamed = (
            f"{around} is too large to draw {drawn} around it with {name} = {half_width:g}"
            if centre_name and half_width >= n * np.spacing(1.0)
            else f"{name} = {half_width:g} is too narrow to draw {drawn} around {around}"
        )
        raise ValueError(f"{blamed}: float64 cannot tell apart {n} points within +-{half_width:g} of {centre:g}")
    return points


def _backprop_slope(p, kind, layer, index) -> float:
    bias_grads, weight_grads = gradients_of(p)
    grads = bias_grads if kind == "bias" else weight_grads
    return float(grads[layer][index])


def nudge_view(weights, biases, x, y, kind, layer, index, step, window=1.0, n_points=101) -> NudgeView:
    """The loss as a function of one parameter over value +- ``window``, and its slope three ways.

    forward = (C(p + h) - C(p)) / h (the article's), centred = (C(p + h) - C(p - h)) / 2h, and backprop's.
    Sigmoid units, quadratic cost (the article's setting). The same numbers as ``bplib.nudge`` gives.
    """
    step = as_positive_float(step, "step")
    window = as_positive_float(window, "window")
    n_points = _at_most(as_positive_int(n_points, "n_points"), "n_points", MOST_CURVE_POINTS, "points of the curve")
    p = prepare(weights, biases, x, y)
    f, value, label = parameter_loss_of(p, kind, layer, index)
    loss, plus, minus = f(value), f(value + step), f(value - step)
    forward_slope, centred_slope = (plus - loss) / step, (plus - minus) / (2 * step)  # as bplib.nudge computes
    check_finite_results([forward_slope, centred_slope], "the slope", "the loss changes too much over one step")
    curve_x = _evenly_spaced(value, window, n_points, "window", "the loss", label)
    return NudgeView(
        label,
        value,
        curve_x,
        np.array([f(v) for v in curve_x]),
        loss,
        plus,
        forward_slope,
        centred_slope,
        _backprop_slope(p, kind, layer, index),
        minus,
        step,
    )


def step_errors(
    weights, biases, x, y, kind, layer, index, steps=STEPS, seen_only: bool = False
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """|nudged slope - backprop slope| for each step size: ``(steps, forward_errors, centred_errors)``.

    A step float64 cannot see at the parameter's value (below about 2.2e-16 x max(1, |value|)) is refused with
    a ValueError, unless ``seen_only``: then such steps are left out of the three arrays (all of them, for a
    value beyond about 4e14), as a picture of the errors wants.
    """
    steps = as_float_array(steps, "steps", ndim=1)
    if np.any(steps <= 0):
        raise ValueError(f"steps must all be positive, got {steps}")
    seen_only = as_bool(seen_only, "seen_only")
    p = prepare(weights, biases, x, y)
    f, value, label = parameter_loss_of(p, kind, layer, index)
    resolved = steps >= np.finfo(np.float64).eps * max(1.0, abs(value))  # what float64 can see at the value
    if seen_only:
        steps = steps[resolved]
    elif not resolved.all():
        i = int(np.argmin(resolved))
        raise ValueError(f"steps[{i}] = {steps[i]:.3g} is too small for float64 at {label} = {value:.6g}: the "
                         "nudged losses are the same; take larger steps, or a smaller parameter")
    exact = _backprop_slope(p, kind, layer, index)
    forward = np.array([abs(forward_difference(f, value, h) - exact) for h in steps])
    centred = np.array([abs(centred_difference(f, value, h) - exact) for h in steps])
    return steps.copy(), forward, centred


class OutputLayerView(NamedTuple):
    """The final layer for one input: loss, weighted inputs and activations, and the bias slopes from backprop
    and from nudging."""

    loss: float
    activated: np.ndarray
    backprop: np.ndarray
    nudged: np.ndarray
    weighted_inputs: np.ndarray
    activate_derivative: np.ndarray  # sigma'(z) at each output

    @property
    def largest_difference(self) -> float:
        return float(np.max(np.abs(self.backprop - self.nudged)))


def output_layer_view(weights, biases, inputs, desired, cost="quadratic", step=1e-5) -> OutputLayerView:
    """Bias slopes of a one-layer sigmoid network: backprop's delta and centred nudges of size ``step``."""
    step = as_positive_float(step, "step")
    p = prepare(weights, biases, inputs, desired, cost=cost)
    zs, activations = feedforward(p)
    return OutputLayerView(
        loss_of(p),
        activations[-1][0],
        gradients_of(p)[0][0],
        nudged_gradient(p, step, "bias", 0),
        zs[-1][0],
        quietly(p.activations[-1].derivative)(zs[-1][0]),  # sigma' of a huge |z| is 0, without a warning
    )


HIDDEN_FORMULAS = ("article", "corrected")


class HiddenLayerView(NamedTuple):
    """A 2-layer network's deltas, with the hidden delta from the chosen formula, beside the nudged slopes."""

    loss: float
    hidden_z: np.ndarray
    output_delta: np.ndarray
    hidden_delta: np.ndarray
    nudged_hidden: np.ndarray
    hidden_weight_grads: np.ndarray
    output_weight_grads: np.ndarray
    hidden_activate_derivative: np.ndarray  # the factor the article's formula leaves out

    @property
    def mismatch(self) -> np.ndarray:
        return np.abs(self.hidden_delta - self.nudged_hidden)


def hidden_layer_view(weights, biases, x, y, hidden_activation="sigmoid", formula="corrected", step=1e-5):
    """Backprop through a hidden layer, its delta computed the article's way (W_next^T delta_next) or the
    corrected way ((W_next^T delta_next) * activate_derivative(z)), beside centred nudges of the hidden biases.

    ``weights``/``biases`` describe two layers; the output layer is sigmoid, the cost quadratic.
    """
    check_choice(formula, "formula", HIDDEN_FORMULAS)
    if not isinstance(weights, (list, tuple)) or len(weights) != 2:
        raise ValueError(f"weights must hold two layers (hidden, output), got {describe(weights)}")
    as_float_array(x, "x", ndim=1)  # one sample: the view draws one delta per unit
    step = as_positive_float(step, "step")
    p = prepare(weights, biases, x, y, [hidden_activation, "sigmoid"])
    zs, activated = feedforward(p)
    bias_grads, weight_grads = gradients_of(p)
    if formula == "article":
        hidden = bias_grads[1] @ p.weights[1]  # W_next^T delta_next, nothing more
    else:
        hidden = bias_grads[0]  # backprop's: W_next^T delta_next times activate_derivative(z)
    return HiddenLayerView(
        loss_of(p),
        zs[0][0],
        bias_grads[1],
        hidden,
        nudged_gradient(p, step, "bias", 0),
        np.outer(hidden, activated[0][0]),  # the hidden layer's input is x
        weight_grads[1],
        quietly(p.activations[0].derivative)(zs[0][0]),
    )


def decision_grid(predict, limit: float = 1.4, n: int = 60) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A classifier's output over the square [-limit, limit]^2: ``(xx, yy, outputs)``, each ``(n, n)``.

    ``predict`` maps a batch ``(m, 2)`` of points to outputs ``(m, 1)``.
    """
    if not callable(predict):
        raise TypeError(f"predict must be a function of a batch of points, got {type(predict).__name__}")
    limit, n = _grid_size(limit, n)
    ticks = _evenly_spaced(0.0, limit, n, "limit", "the grid")
    xx, yy = np.meshgrid(ticks, ticks)
    outputs = as_float_array(predict(np.column_stack([xx.ravel(), yy.ravel()])), "predict's outputs")
    if outputs.size != n * n:
        raise ValueError(f"predict's outputs must hold one number per point, {n * n}, got shape {outputs.shape}")
    return xx, yy, outputs.reshape(n, n)


def _grid_size(limit, n) -> tuple[float, int]:
    """A decision grid's ``limit`` (> 0) and ``n`` (1 to ``MOST_GRID_POINTS``), checked."""
    limit, n = as_positive_float(limit, "limit"), as_positive_int(n, "n")
    return limit, _at_most(n, "n", MOST_GRID_POINTS, "points a side of the grid")


class WalkEdge(NamedTuple):
    """``source`` feeds ``target`` (the node nearer the loss); ``local_slope`` = d(target)/d(source), the number
    the forward pass already knows; ``formula`` is that slope in symbols."""

    source: str
    target: str
    local_slope: float
    formula: str


class BackwardStep(NamedTuple):
    """One edge walked backwards: ``node`` (the edge's source) gains ``local_slope`` x ``incoming``, where
    ``incoming`` = dC/d(target) is already complete. ``path`` of ``paths`` edges leaving ``node`` are now
    walked; ``total`` is the sum of their contributions so far, which is dC/d(node) once ``path == paths``."""

    node: str
    target: str
    local_slope: float
    incoming: float
    product: float
    path: int
    paths: int
    total: float
    earlier: tuple[float, ...]  # the contributions of the paths walked before this one (added to give total)
    factors: tuple[float, ...]  # the slopes whose product is ``product``, from C's end: the running product
    starts_at: str  # where ``factors`` start: the loss, or the nearest node whose paths met (its slope a sum)

    @property
    def complete(self) -> bool:
        return self.path == self.paths


def backward_walk(loss_node: str, edges: list[WalkEdge]) -> list[BackwardStep]:
    """Walk ``edges`` backwards in the order given, starting from dC/dC = 1 at ``loss_node``: each step adds
    local slope x dC/d(target) to dC/d(source). Where several edges leave one node (its paths to the loss
    meet there), the contributions add up.

    Two edges may join the same two nodes: a value used twice, as in ``b = a + a`` (db/da = 1 + 1 = 2). Raises
    ValueError when an edge is walked before every edge leaving its target has been walked: the order must be
    one backprop could take.
    """
    leaving: dict[str, int] = {}
    for edge in edges:
        leaving[edge.source] = leaving.get(edge.source, 0) + 1
    contributions: dict[str, list[float]] = {}
    # a node reached by one path keeps the slopes along it; where paths met, the chain restarts at their sum
    chains: dict[str, tuple[tuple[float, ...], str]] = {loss_node: ((), loss_node)}
    steps = []
    for edge in edges:
        if edge.source == loss_node:
            raise ValueError(f"edges must not leave the loss {loss_node!r}: got {edge.source} -> {edge.target}")
        if edge.target != loss_node and edge.target not in leaving:
            raise ValueError(f"edge {edge.source} -> {edge.target} leads nowhere: no edge leaves {edge.target}")
        walked = len(contributions.get(edge.target, []))
        if edge.target != loss_node and walked != leaving.get(edge.target, 0):
            raise ValueError(
                f"edge {edge.source} -> {edge.target} comes too early: dC/d({edge.target}) is not complete "
                f"({walked} of its {leaving.get(edge.target, 0)} paths walked)"
            )
        incoming = 1.0 if edge.target == loss_node else float(sum(contributions[edge.target]))
        earlier = tuple(contributions.setdefault(edge.source, []))
        product = edge.local_slope * incoming
        contributions[edge.source].append(product)
        total = float(sum(contributions[edge.source]))
        chain, starts_at = chains.get(edge.target, ((incoming,), edge.target))
        factors = chain + (edge.local_slope,)
        if len(earlier) + 1 == leaving[edge.source] == 1:
            chains[edge.source] = (factors, starts_at)
        steps.append(
            BackwardStep(
                edge.source,
                edge.target,
                edge.local_slope,
                incoming,
                product,
                len(earlier) + 1,
                leaving[edge.source],
                total,
                earlier,
                factors,
                starts_at,
            )
        )
    return steps


class BackwardWalkView(NamedTuple):
    """A small network as a computational graph: every node's forward value, the edges in the order backprop
    walks them, each step of the walk, and every node's dC/d(node) from the walk and from nudging that node."""

    values: dict[str, float]
    kinds: dict[str, str]
    edges: list[WalkEdge]
    steps: list[BackwardStep]
    slopes: dict[str, float]
    nudged: dict[str, float]
    loss: float

    def difference(self, node: str) -> float:
        """|dC/d(node) from the walk - dC/d(node) from the nudge|."""
        return abs(self.slopes[node] - self.nudged[node])

    def walked(self, n_steps: int) -> dict[str, BackwardStep]:
        """After the first ``n_steps`` steps: each node reached so far, with its latest step (``total`` is its
        slope so far, ``complete`` whether every path has arrived)."""
        reached: dict[str, BackwardStep] = {}
        for step in self.steps[:n_steps]:
            reached[step.node] = step
        return reached


LOSS = "C"


def backward_walk_view(weights, biases, x, y, step=1e-5) -> BackwardWalkView:
    """One input x[0] -> one hidden unit a1[0] -> n outputs a2[i] -> the quadratic loss C, as a computational
    graph (sigmoid units): the hidden unit feeds every output, so its paths to C meet at a1[0] and add.

    ``weights = [W0 (1, 1), W1 (n, 1)]``, ``biases = [b0 (1,), b1 (n,)]``, ``x`` (1,), ``y`` (n,). The nodes are
    the course's names: x[0], W0[0,0], b0[0], z0[0], a1[0], W1[i,0], z1[i], a2[i], C (the output biases b1 are
    in z1's value, not drawn). The walk goes layer by layer, C -> a2 -> z1 -> a1 and W1 -> z0 -> W0 and b0.
    ``nudged[node]`` is (C(node + h) - C(node - h)) / 2h with that node's value changed and the nodes it feeds
    recomputed, every other node held, computed from the graph's own forward formulas.
    """
    step = as_positive_float(step, "step")
    p = prepare(weights, biases, x, y)
    if p.weights[0].shape != (1, 1) or len(p.weights) != 2 or p.weights[1].shape[1] != 1:
        raise ValueError(
            "weights must describe 1 input, 1 hidden unit and the outputs it feeds: shapes (1, 1) and (n, 1), "
            f"got {[w.shape for w in p.weights]}"
        )
    if not p.one_sample:
        raise ValueError(f"x must be one sample, shape (1,), got {p.x.shape}")
    zs, activations = feedforward(p)
    n_out = p.weights[1].shape[0]
    outputs = range(n_out)
    desired = p.y[0]
    values = {
        "x[0]": float(p.x[0, 0]),
        "W0[0,0]": float(p.weights[0][0, 0]),
        "b0[0]": float(p.biases[0][0]),
        "z0[0]": float(zs[0][0, 0]),
        "a1[0]": float(activations[1][0, 0]),
        **{f"W1[{i},0]": float(p.weights[1][i, 0]) for i in outputs},
        **{f"z1[{i}]": float(zs[1][0, i]) for i in outputs},
        **{f"a2[{i}]": float(activations[2][0, i]) for i in outputs},
        LOSS: loss_of(p),
    }
    kinds = {name: "step" for name in values}
    kinds.update({"x[0]": "data", "W0[0,0]": "parameter", "b0[0]": "parameter", LOSS: "loss"})
    kinds.update({f"W1[{i},0]": "parameter" for i in outputs})
    slope = p.activations[0].derivative
    edges = [
        *[WalkEdge(f"a2[{i}]", LOSS, values[f"a2[{i}]"] - desired[i], "a − y") for i in outputs],
        *[WalkEdge(f"z1[{i}]", f"a2[{i}]", float(slope(zs[1][0, i])), "σ′(z1)") for i in outputs],
        *[
            edge
            for i in outputs
            for edge in (
                WalkEdge(f"W1[{i},0]", f"z1[{i}]", values["a1[0]"], "a1"),
                WalkEdge("a1[0]", f"z1[{i}]", values[f"W1[{i},0]"], f"W1[{i},0]"),
            )
        ],
        WalkEdge("z0[0]", "a1[0]", float(slope(zs[0][0, 0])), "σ′(z0)"),
        WalkEdge("W0[0,0]", "z0[0]", values["x[0]"], "x"),
        WalkEdge("b0[0]", "z0[0]", 1.0, "1"),
    ]
    steps = backward_walk(LOSS, edges)
    slopes = {LOSS: 1.0, **{s.node: s.total for s in steps if s.complete}}
    graph_loss = _walk_loss(values, p.biases[1], desired)
    nudged = {node: centred_difference(graph_loss(node), values[node], step) for node in slopes if node != LOSS}
    return BackwardWalkView(values, kinds, edges, steps, slopes, {LOSS: 1.0, **nudged}, values[LOSS])


def _walk_loss(values: dict[str, float], output_biases: np.ndarray, desired: np.ndarray):
    """For a node name, C as a function of that node's value, every other input of the graph held: the graph's
    forward formulas, written out on scalars, so a nudge checks the walk without any of backprop's code."""
    n_out = len(desired)
    sigmoid = get_activation("sigmoid").function  # the activation itself; the slopes stay out of this check

    def loss_with(node: str):
        def loss(value: float) -> float:
            v = dict(values)
            v[node] = value

            def computed(name: str, formula) -> float:
                if name != node:  # the nudged node keeps its nudged value; the nodes after it follow it
                    v[name] = formula()
                return v[name]

            computed("z0[0]", lambda: v["W0[0,0]"] * v["x[0]"] + v["b0[0]"])
            computed("a1[0]", lambda: sigmoid(v["z0[0]"]))
            for i in range(n_out):
                computed(f"z1[{i}]", lambda i=i: v[f"W1[{i},0]"] * v["a1[0]"] + output_biases[i])
                computed(f"a2[{i}]", lambda i=i: sigmoid(v[f"z1[{i}]"]))
            return float(sum(0.5 * (v[f"a2[{i}]"] - desired[i]) ** 2 for i in range(n_out)))

        return loss

    return loss_with


class DigitView(NamedTuple):
    """What the network makes of a drawing: its 8 x 8 input (64 values), the ten outputs, the answer, and the
    slope of the cost against ``desired`` with respect to each input pixel."""

    pixels: np.ndarray
    outputs: np.ndarray
    answer: int
    desired: int
    cost: float
    gradient: np.ndarray


def digit_view(weights, biases, strokes, desired: int | None = None) -> DigitView:
    """The network's view of ``strokes`` (a list of ``(k, 2)`` point arrays): pixels as ``drawing_to_digit``
    makes them, outputs ``(10,)``, the answer (the largest output), and dC/dx ``(64,)`` of the quadratic cost
    with desired output ``desired`` one-hot (the answer itself when ``desired`` is None).

    The network and the pixels are checked once; dC/dx = W_0^T delta_0, as ``bplib.input_gradient`` computes it
    (ValueError, naming the weights, if it goes beyond float64).
    """
    pixels = drawing_to_digit(strokes)
    p = prepare_forward(weights, biases, pixels)  # the desired output is known only after the forward pass
    outputs = feedforward(p)[1][-1][0]
    answer = int(np.argmax(outputs))
    desired = answer if desired is None else _digit(desired, "desired", len(outputs))
    p = with_desired(p, one_hot(np.array([desired]), len(outputs)))
    gradient = input_slopes_of(p)  # ValueError if it overflows
    return DigitView(pixels, outputs, answer, desired, loss_of(p), gradient)


def _digit(value, name: str, n_outputs: int) -> int:
    """``value`` as one of the network's digits, 0 to ``n_outputs`` - 1, or raise naming ``name``."""
    wanted = f"{name} must be a digit, a whole number from 0 to {n_outputs - 1}"
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{wanted}, got {describe(value)}")
    if not 0 <= value < n_outputs:
        raise ValueError(f"{wanted}, got {value}")
    return int(value)


# --- the training explorer: the network each output layer needs, and what a trainer shows ---------------------


class OutputLayer(NamedTuple):
    """One choice of output layer for a two-class problem: how many outputs, their activation, the cost that
    pairs with it (its output delta is a - y, or p - y, with no activation slope left over), and the column of
    the outputs that holds the probability of class 1."""

    n_outputs: int
    activation: str
    cost: str
    class_one_column: int


OUTPUT_LAYERS = {
    # one output, the probability of class 1; y is the label itself, 0 or 1
    "sigmoid": OutputLayer(1, "sigmoid", "cross_entropy", 0),
    # two outputs, the probabilities of class 0 and class 1, summing to 1; y is one-hot
    "softmax": OutputLayer(2, "softmax", "categorical_cross_entropy", 1),
}
HIDDEN_ACTIVATIONS = ("sigmoid", "tanh", "relu")


class TrainingSetup(NamedTuple):
    """What ``Trainer`` and ``random_network`` are given for one setting of the training explorer."""

    sizes: list[int]
    activation: list[str]
    cost: str
    init: str
    y_train: np.ndarray
    y_held: np.ndarray


def training_setup(labels_train, labels_held, output: str, hidden: str, width: int) -> TrainingSetup:
    """The network 2 -> width -> width -> outputs for two classes, and its desired outputs.

    ``labels_train`` and ``labels_held`` are ``(m, 1)`` columns of 0/1 labels. ``output`` is ``"sigmoid"`` (one
    sigmoid output, the cross-entropy, y the labels) or ``"softmax"`` (two softmax outputs, the categorical
    cross-entropy, y one-hot ``(m, 2)``); ``hidden`` the hidden layers' activation.

    Initial weights: with the softmax output and ReLU hidden units, He's (``init="he"``, spread sqrt(2/n_in)):
    a ReLU passes on only the positive half of its weighted inputs, so with Xavier's spread the signal, and with
    it every slope, shrinks by about sqrt(2) per layer; the factor 2 keeps its size from layer to layer, as the
    series' second program (ReLU, softmax, He) does. Everything else keeps Xavier's (sigmoid and tanh are made
    for it), and the sigmoid output keeps it with ReLU too, so every run made before the softmax choice existed
    (notebook 06's, its readers') starts from the same weights as it always did.
    """
    layer = OUTPUT_LAYERS[check_choice(output, "output", list(OUTPUT_LAYERS))]
    hidden = check_choice(hidden, "hidden", list(HIDDEN_ACTIVATIONS))
    width = as_positive_int(width, "width")
    labels_train, labels_held = _labels(labels_train, "labels_train"), _labels(labels_held, "labels_held")
    init = "he" if hidden == "relu" and output == "softmax" else "xavier"
    return TrainingSetup(
        [2, width, width, layer.n_outputs],
        [hidden, hidden, layer.activation],
        layer.cost,
        init,
        _desired(labels_train, layer),
        _desired(labels_held, layer),
    )


def _labels(labels, name: str) -> np.ndarray:
    """A checked ``(m, 1)`` column of 0/1 labels."""
    labels = as_float_array(labels, name, ndim=2)
    if labels.shape[1] != 1:
        raise ValueError(f"{name} must be a column (m, 1) of labels 0 and 1, got shape {labels.shape}")
    others = np.unique(labels[(labels != 0) & (labels != 1)])
    if others.size:
        raise ValueError(f"{name} must hold only the labels 0 and 1, got {others[:3].tolist()} among them")
    return labels


def _desired(labels: np.ndarray, layer: OutputLayer) -> np.ndarray:
    """The labels as one output (themselves) or as one-hot rows [1 - label, label]."""
    return labels.copy() if layer.n_outputs == 1 else one_hot(labels[:, 0].astype(np.int64), n_classes=2)


SOFTMAX_SUM_TOLERANCE = 1e-9  # a softmax row computed in float64 sums to 1 within a few 1e-16


def class_one_probability(outputs, output: str) -> np.ndarray:
    """The probability of class 1 for each sample, ``(m,)``, from a network's outputs ``(m, n_outputs)``: the
    sigmoid's one output, or the softmax's second column (its first is the probability of class 0).

    Raises ValueError unless every output is a probability, from 0 to 1, and each softmax row sums to 1."""
    layer = OUTPUT_LAYERS[check_choice(output, "output", list(OUTPUT_LAYERS))]
    outputs = as_float_array(outputs, "outputs", ndim=2)
    if outputs.shape[1] != layer.n_outputs:
        raise ValueError(
            f"outputs must have {layer.n_outputs} column(s) for the {output} output, got shape {outputs.shape}"
        )
    outside = np.argwhere((outputs < 0) | (outputs > 1))
    if outside.size:
        i, j = (int(k) for k in outside[0])
        raise ValueError(f"outputs must be probabilities, from 0 to 1, got {outputs[i, j]:g} at outputs[{i}, {j}]")
    if layer.n_outputs > 1:
        sums = outputs.sum(axis=1)
        off = np.flatnonzero(np.abs(sums - 1) > SOFTMAX_SUM_TOLERANCE)
        if off.size:
            raise ValueError(
                f"outputs must be a softmax's probabilities, each row summing to 1, got {sums[off[0]]:g} in row "
                f"{int(off[0])}"
            )
    return outputs[:, layer.class_one_column]


class TrainingView(NamedTuple):
    """A trainer now: its loss and accuracy (``bplib.training.Metrics``) and its probability of class 1 over the
    plane, ``(xx, yy, class_one)``, each ``(n, n)``; the white band at 0.5 is the decision boundary."""

    metrics: Metrics
    xx: np.ndarray
    yy: np.ndarray
    class_one: np.ndarray


def training_view(trainer, output: str, limit: float = 1.4, n: int = 32) -> TrainingView:
    """Measure ``trainer`` (``Trainer.evaluate``, which also adds the metrics to its ``history``, the curves'
    points) and evaluate its network over the square [-limit, limit]^2, ``n`` points a side. Every argument is
    checked before the trainer is measured, so a refused call adds nothing to its history."""
    check_choice(output, "output", list(OUTPUT_LAYERS))
    if not callable(getattr(trainer, "evaluate", None)) or not callable(getattr(trainer, "predict", None)):
        raise TypeError(f"trainer must be a bplib.training.Trainer, got {type(trainer).__name__}")
    limit, n = _grid_size(limit, n)  # checked before evaluate, which adds to the trainer's history
    metrics = trainer.evaluate()
    xx, yy, class_one = decision_grid(
        lambda points: class_one_probability(trainer.predict(points), output), limit=limit, n=n
    )
    return TrainingView(metrics, xx, yy, class_one)


# --- notebook 03: one input of the article's final layer moved, and the weight slopes it feeds -------------------


class WeightSlopesView(NamedTuple):
    """A one-layer sigmoid network (quadratic cost) for one sample, with input ``moved`` singled out: the bias
    slopes delta, every weight slope from backprop, and the column of input ``moved`` nudged weight by weight."""

    loss: float
    inputs: np.ndarray
    delta: np.ndarray  # dC/db, the bias slopes (BP3)
    weight_slopes: np.ndarray  # dC/dW, (n_out, n_in), backprop's: delta x^T (BP4)
    moved: int
    nudged_column: np.ndarray  # dC/dW[:, moved] by centred nudges, one weight at a time

    @property
    def column(self) -> np.ndarray:
        """The weight slopes of the moved input's column: delta times that one input."""
        return self.weight_slopes[:, self.moved]

    @property
    def column_difference(self) -> float:
        """The largest |backprop - nudge| in the moved input's column."""
        return float(np.max(np.abs(self.column - self.nudged_column)))


def _one_layer_input(p, moved, name: str = "moved") -> int:
    """``moved`` as the index of one of the layer's inputs, or raise naming ``name``; ``p`` is a checked one-layer
    problem."""
    if len(p.weights) != 1:
        raise ValueError(f"weights must hold one layer, got {len(p.weights)}")
    n_in = p.weights[0].shape[1]
    if isinstance(moved, bool) or not isinstance(moved, (int, np.integer)):
        raise TypeError(
            f"{name} must be the index of an input, a whole number from 0 to {n_in - 1}, got {describe(moved)}"
        )
    if not 0 <= moved < n_in:
        raise ValueError(f"{name} must be the index of an input, from 0 to {n_in - 1}, got {moved}")
    return int(moved)


def weight_slopes_view(weights, biases, x, y, moved, step=1e-5) -> WeightSlopesView:
    """The layer's slopes for one sample ``x`` (1-D), with the ``moved`` input's column of weight slopes also
    nudged (centred, ``step``): only that column, the one the picture singles out, so a move costs 2 n_out
    extra losses, not 2 n_out n_in. The same numbers as ``bplib.backprop`` and ``bplib.numerical_gradient``."""
    step = as_positive_float(step, "step")
    as_float_array(x, "x", ndim=1)  # one sample: the picture shows one column of inputs
    p = prepare(weights, biases, x, y)
    moved = _one_layer_input(p, moved)
    bias_grads, weight_grads = gradients_of(p)
    nudged = []
    for i in range(p.weights[0].shape[0]):
        f, value, _ = parameter_loss_of(p, "weight", 0, (i, moved))
        nudged.append(centred_difference(f, value, step))
    return WeightSlopesView(loss_of(p), p.x[0].copy(), bias_grads[0], weight_grads[0], moved, np.array(nudged))


class InputSweep(NamedTuple):
    """The slopes as one input takes each of ``values``, the other inputs held: a row per value."""

    values: np.ndarray
    delta: np.ndarray  # (n_values, n_out): the bias slopes at each value
    column: np.ndarray  # (n_values, n_out): the moved input's weight slopes, delta times the value
    loss: np.ndarray  # (n_values,)


def input_sweep(weights, biases, x, y, moved, values) -> InputSweep:
    """Input ``moved`` of the one-layer sigmoid network set to each of ``values`` in turn, the other inputs as
    in ``x``: the bias slopes (BP1), the moved input's column of weight slopes (BP4) and the loss, all the
    values in one batched pass (a sample per value, each with its own slopes: nothing averaged)."""
    values = as_float_array(values, "values", ndim=1)
    if values.size == 0:
        raise ValueError("values must hold at least one value of the moved input")
    x = as_float_array(x, "x", ndim=1)
    samples = np.tile(x, (values.size, 1))
    p = prepare(weights, biases, samples, np.tile(as_float_array(y, "y", ndim=1), (values.size, 1)))
    moved = _one_layer_input(p, moved)
    samples = p.x.copy()
    samples[:, moved] = values
    p = p._replace(x=samples, names=("x and values", p.names[1]))  # an overflow may come from either
    zs, activations = feedforward(p)
    delta = quietly(p.cost.output_delta)(zs[-1], activations[-1], p.y, p.activations[-1])
    column = delta * values[:, None]
    loss = quietly(p.cost.cost_from_z)(zs[-1], activations[-1], p.y)
    check_finite_results([delta, column, loss], "a slope", "x, y or the weights are too large")
    return InputSweep(values.copy(), delta, column, np.asarray(loss, dtype=np.float64).reshape(values.size))
