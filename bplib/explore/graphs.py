"""Computational graphs: the chain rule drawn as nodes and edges (ゼロから作る's 計算グラフ, micrograd's graphs).

Each node is one number of the forward pass: a parameter, an input, a weighted input z, an activation a, the
loss C. Each edge carries its local slope, d(target)/d(source). Walking the edges backwards from C gives every
node's slope dC/d(node): the loss has slope 1, and any other node's slope is the sum, over the edges leaving it,
of the edge's local slope times the slope of the node it feeds. That walk is backprop.

The figures show the forward value above each node, the local slope on each edge, and dC/d(node) below it.
``output_layer_graph`` draws one neuron of a single layer (notebook 02), ``hidden_layer_graph`` one hidden unit
of a two-layer network and every output it feeds (notebook 04). Both take the numbers a notebook computed,
shaped as ``bplib.forward`` returns them, and compute nothing but the products along the edges.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch

from ..i18n import N_, _
from ..validation import as_float_array, check_shape
from . import style

KINDS = ("parameter", "data", "step", "loss")
FILL = {"parameter": "#F5D98F", "data": "white", "step": "white", "loss": "#9FD9C3"}  # light orange, light green
RADIUS = 0.34
INCHES_PER_UNIT = 1.05
NAME_ZORDER = 3  # a node's name sits inside its circle; every other word is drawn above, at 5

# the words on the figures, in one place (translated where they are drawn)
LEGEND = N_(
    "above each node: its value (forward pass)    on each edge: the local slope    below, in blue: ∂C/∂node (backward)"
)
BACKWARD_RULE = N_("backward: multiply the slopes along each path from C; where paths meet, add")
KIND_NOTE = N_("orange: parameters     white, grey rim: data (no slope needed)     green: the loss")


class Node(NamedTuple):
    """One number of the forward pass, drawn as a circle at ``xy`` with ``name`` inside."""

    name: str
    xy: tuple[float, float]
    value: float
    kind: str = "step"  # one of KINDS
    slope_name: str = ""  # a name for dC/d(node), shown beside it: "δ" for a weighted input z


class Edge(NamedTuple):
    """``source`` feeds ``target``; ``slope`` is d(target)/d(source), ``formula`` what it is in symbols.

    ``slope=None`` draws a plain line: data that enters a node but needs no slope (a desired output).
    ``at`` is where along the edge its label sits (0 at the source, 1 at the target).
    """

    source: str
    target: str
    slope: float | None
    formula: str = ""
    at: float = 0.5


def backward_slopes(nodes: Sequence[Node], edges: Sequence[Edge]) -> dict[str, float]:
    """dC/d(node) for every node that is not data: 1 for the loss, else sum of edge slope x dC/d(target).

    Raises ValueError when the graph has not exactly one loss node, when an edge names an unknown node, or when
    a node other than the loss and the data leads nowhere.
    """
    by_name = {node.name: node for node in nodes}
    if len(by_name) != len(nodes):
        raise ValueError(f"nodes must have distinct names, got {[node.name for node in nodes]}")
    losses = [node.name for node in nodes if node.kind == "loss"]
    if len(losses) != 1:
        raise ValueError(f"nodes must hold exactly one node of kind 'loss', got {losses}")
    for edge in edges:
        for end in (edge.source, edge.target):
            if end not in by_name:
                raise ValueError(f"edges must join named nodes: no node {end!r} among {list(by_name)}")
    slopes: dict[str, float] = {losses[0]: 1.0}

    def slope_of(name: str) -> float:
        if name not in slopes:
            leaving = [edge for edge in edges if edge.source == name and edge.slope is not None]
            if not leaving:
                raise ValueError(f"node {name!r} has no edge with a slope towards the loss")
            slopes[name] = float(sum(edge.slope * slope_of(edge.target) for edge in leaving))
        return slopes[name]

    for node in nodes:
        if node.kind != "data":
            slope_of(node.name)
    return slopes


def draw_graph(nodes: Sequence[Node], edges: Sequence[Edge], title: str, notes: Sequence[str] = ()) -> Figure:
    """A Figure of the graph: values above the nodes, local slopes on the edges, dC/d(node) below in blue."""
    for node in nodes:
        if node.kind not in KINDS:
            raise ValueError(f"node kind must be one of {list(KINDS)}, got {node.kind!r} for {node.name!r}")
    slopes = backward_slopes(nodes, edges)
    xs = [node.xy[0] for node in nodes]
    ys = [node.xy[1] for node in nodes]
    left, right, bottom, top = min(xs) - 0.7, max(xs) + 0.7, min(ys) - 0.8, max(ys) + 0.75
    lines = [_(LEGEND), _(BACKWARD_RULE), _(KIND_NOTE), *notes]
    # equal scales on both axes, so circles stay round; the title and the legend get fixed heights in inches
    graph_w, graph_h = INCHES_PER_UNIT * (right - left), INCHES_PER_UNIT * (top - bottom)
    title_h, legend_h = 0.45, 0.1 + 0.2 * len(lines)
    fig_w, fig_h = max(graph_w, 7.0), graph_h + title_h + legend_h
    figure = Figure(figsize=(fig_w, fig_h), dpi=100)
    ax = figure.add_axes(((fig_w - graph_w) / 2 / fig_w, legend_h / fig_h, graph_w / fig_w, graph_h / fig_h))
    ax.set_xlim(left, right)
    ax.set_ylim(bottom, top)
    ax.set_axis_off()
    figure.text(0.5, 1 - 0.2 / fig_h, title, ha="center", va="center", fontsize=11)
    figure.text(0.5, 0.08 / fig_h, "\n".join(lines), ha="center", va="bottom", fontsize=8.5, linespacing=1.45)
    where = {node.name: np.array(node.xy, dtype=np.float64) for node in nodes}
    for edge in edges:
        _draw_edge(ax, where[edge.source], where[edge.target], edge)
    for node in nodes:
        _draw_node(ax, node, slopes.get(node.name))
    return figure


def _number(value: float) -> str:
    """Four significant digits, with a true minus sign."""
    return f"{value:.4g}".replace("-", "\u2212")


def _draw_node(ax, node: Node, slope: float | None) -> None:
    x, y = node.xy
    rim = style.GREY if node.kind == "data" else style.BLACK
    ax.add_patch(Circle((x, y), RADIUS, facecolor=FILL[node.kind], edgecolor=rim, linewidth=1.2, zorder=2))
    ax.text(x, y, node.name, ha="center", va="center", fontsize=10, zorder=NAME_ZORDER)
    ax.text(x, y + RADIUS + 0.08, _number(node.value), ha="center", va="bottom", fontsize=10, zorder=5)
    if slope is not None:
        text = f"{node.slope_name} = {_number(slope)}" if node.slope_name else _number(slope)
        ax.text(
            x,
            y - RADIUS - 0.08,
            text,
            ha="center",
            va="top",
            fontsize=10,
            color=style.BACKPROP_COLOUR,
            fontweight="bold",
            zorder=5,
        )


def _draw_edge(ax, start: np.ndarray, end: np.ndarray, edge: Edge) -> None:
    direction = (end - start) / np.linalg.norm(end - start)
    tail, head = start + RADIUS * direction, end - RADIUS * direction
    plain = edge.slope is None
    ax.add_patch(
        FancyArrowPatch(
            tuple(tail),
            tuple(head),
            arrowstyle="-|>",
            mutation_scale=11,
            linewidth=1.0,
            zorder=1,
            color=style.GREY if plain else style.BLACK,
            linestyle=":" if plain else "-",
        )
    )
    if plain:
        return
    label = _number(edge.slope)
    if edge.formula:
        label = f"{edge.formula}\n= {label}"
    x, y = tail + edge.at * (head - tail)
    ax.text(
        x,
        y,
        label,
        ha="center",
        va="center",
        fontsize=9,
        zorder=4,
        linespacing=1.1,
        bbox=dict(boxstyle="round,pad=0.12", facecolor="white", edgecolor="none"),
    )


def output_layer_graph(
    weights, biases, zs, activations, y, activate_derivatives, cost_derivative, cost: float, neuron=0, input_index=0
) -> Figure:
    """The graph of one output neuron i of a single layer: x[k], W[i,k], b[i] -> z[i] -> a[i] -> C.

    Arguments as ``bplib.forward`` and notebook 02 have them, for one sample: ``weights = [W]`` (n_out, n_in),
    ``biases = [b]``, ``zs = [z]``, ``activations = [x, a]``, ``y`` (n_out,), ``activate_derivatives = [sigma'(z)]``,
    ``cost_derivative`` = dC/da (n_out,), ``cost`` = C. Only neuron ``neuron`` and input ``input_index`` are drawn.
    """
    (W,), (b,), (z,), (x, a), y, (slope_a,), slope_c, cost = _checked(
        weights, biases, zs, activations, y, activate_derivatives, cost_derivative, cost, n_layers=1
    )
    i = _index(neuron, "neuron", len(b))
    k = _index(input_index, "input_index", len(x))
    nodes, edges = _into_weighted_input("", W, b, z, x, i, k, z_at=2.4, formulas=("∂z/∂x = W", "∂z/∂W = x", "∂z/∂b"))
    nodes += [
        Node(f"a[{i}]", (4.6, 1.4), a[i]),
        Node(f"y[{i}]", (4.6, 0.0), y[i], "data"),
        Node("C", (6.8, 1.4), cost, "loss"),
    ]
    edges += [
        Edge(f"z[{i}]", f"a[{i}]", slope_a[i], "∂a/∂z = σ′(z)"),
        Edge(f"a[{i}]", "C", slope_c[i], "∂C/∂a = a − y"),
        Edge(f"y[{i}]", "C", None),
    ]
    notes = [
        _("z[{i}] also takes the other {inputs} inputs times their weights; the other {outputs} outputs feed C").format(
            i=i, inputs=len(x) - 1, outputs=len(a) - 1
        )
    ]
    title = _("one output neuron, i = {i}: z = W x + b, a = σ(z), and the loss C").format(i=i)
    return draw_graph(nodes, edges, title, notes)


def hidden_layer_graph(
    weights, biases, zs, activations, y, activate_derivatives, cost_derivative, cost: float, unit=0, input_index=0
) -> Figure:
    """The graph of one hidden unit j of a two-layer network and every output it feeds.

    x[k], W0[j,k], b0[j] -> z0[j] -> a1[j] -> z1[i] -> a2[i] -> C, for every output i. Arguments as
    ``bplib.forward`` and notebook 04 have them, for one sample: ``weights = [W0, W1]``, ``biases = [b0, b1]``,
    ``zs = [z0, z1]``, ``activations = [x, a1, a2]``, ``y``, ``activate_derivatives = [sigma'(z0), sigma'(z1)]``,
    ``cost_derivative`` = dC/da2, ``cost`` = C. The walk back adds the paths through every output at a1[j]: the
    article's dot product of W1's column j with delta1.
    """
    (W0, W1), (b0, _b1), (z0, z1), (x, a1, a2), _y, (slope_a1, slope_a2), slope_c, cost = _checked(
        weights, biases, zs, activations, y, activate_derivatives, cost_derivative, cost, n_layers=2
    )
    j = _index(unit, "unit", len(b0))
    k = _index(input_index, "input_index", len(x))
    n_out = len(a2)
    rows = [1.4 + 1.4 * ((n_out - 1) / 2 - i) for i in range(n_out)]
    nodes, edges = _into_weighted_input("0", W0, b0, z0, x, j, k, z_at=2.2, formulas=("W0", "x", ""))
    nodes += [
        Node(f"a1[{j}]", (4.0, 1.4), a1[j]),
        *[Node(f"z1[{i}]", (6.2, rows[i]), z1[i], slope_name="δ") for i in range(n_out)],
        *[Node(f"a2[{i}]", (8.0, rows[i]), a2[i]) for i in range(n_out)],
        Node("C", (9.8, 1.4), cost, "loss"),
    ]
    edges += [
        Edge(f"z0[{j}]", f"a1[{j}]", slope_a1[j], "σ′(z0)"),
        *[Edge(f"a1[{j}]", f"z1[{i}]", W1[i, j], f"W1[{i},{j}]", at=0.62) for i in range(n_out)],
        *[Edge(f"z1[{i}]", f"a2[{i}]", slope_a2[i], "σ′(z1)") for i in range(n_out)],
        *[Edge(f"a2[{i}]", "C", slope_c[i], "a − y", at=0.4) for i in range(n_out)],
    ]
    notes = [
        _(
            "at a1[{j}] the {paths} paths back from C meet and add up to (W1ᵀ δ1)[{j}]: "
            "the article's formula stops there"
        ).format(j=j, paths=n_out)
    ]
    title = _(
        "one hidden unit, j = {j}, and the {outputs} outputs it feeds (other inputs and desired outputs not drawn)"
    ).format(j=j, outputs=n_out)
    return draw_graph(nodes, edges, title, notes)


def _into_weighted_input(layer: str, W, b, z, x, i: int, k: int, z_at: float, formulas: tuple[str, str, str]):
    """Nodes x[k], W[i,k], b[i] (in a column at the left) and z[i] at ``z_at``, with the three edges of
    z = W x + b; ``layer`` names the layer ("" for a single layer), ``formulas`` label the x, W and b edges."""
    x_k, w_ik, b_i, z_i = f"x[{k}]", f"W{layer}[{i},{k}]", f"b{layer}[{i}]", f"z{layer}[{i}]"
    nodes = [
        Node(x_k, (0.0, 2.8), x[k], "data"),
        Node(w_ik, (0.0, 1.4), W[i, k], "parameter"),
        Node(b_i, (0.0, 0.0), b[i], "parameter"),
        Node(z_i, (z_at, 1.4), z[i], slope_name="δ"),
    ]
    edges = [
        Edge(x_k, z_i, W[i, k], formulas[0]),
        Edge(w_ik, z_i, x[k], formulas[1], at=0.45),
        Edge(b_i, z_i, 1.0, formulas[2]),
    ]
    return nodes, edges


def _index(value, name: str, size: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not 0 <= value < size:
        raise ValueError(f"{name} must be a whole number from 0 to {size - 1}, got {value!r}")
    return int(value)


def _checked(weights, biases, zs, activations, y, activate_derivatives, cost_derivative, cost, n_layers: int):
    """The arrays as float64, after checking that there are ``n_layers`` layers and every shape fits."""
    lists = {"weights": weights, "biases": biases, "zs": zs, "activate_derivatives": activate_derivatives}
    for name, value in {**lists, "activations": activations}.items():
        wanted = n_layers + (name == "activations")
        if not isinstance(value, (list, tuple)) or len(value) != wanted:
            raise ValueError(f"{name} must be a list of {wanted} arrays for this graph, got {value!r}"[:200])
    ws = [as_float_array(w, f"weights[{l}]", ndim=2) for l, w in enumerate(weights)]
    sizes = [ws[0].shape[1]] + [w.shape[0] for w in ws]
    bs, zz, ds = [], [], []
    for l in range(n_layers):
        check_shape(ws[l], f"weights[{l}]", (sizes[l + 1], sizes[l]))
        for name, target in (("biases", bs), ("zs", zz), ("activate_derivatives", ds)):
            array = as_float_array(lists[name][l], f"{name}[{l}]", ndim=1)
            check_shape(array, f"{name}[{l}]", (sizes[l + 1],))
            target.append(array)
    acts = []
    for l, a in enumerate(activations):
        array = as_float_array(a, f"activations[{l}]", ndim=1)
        check_shape(array, f"activations[{l}]", (sizes[l],))
        acts.append(array)
    ys, slope_c = (as_float_array(v, name, ndim=1) for v, name in ((y, "y"), (cost_derivative, "cost_derivative")))
    check_shape(ys, "y", (sizes[-1],))
    check_shape(slope_c, "cost_derivative", (sizes[-1],))
    return ws, bs, zz, acts, ys, ds, slope_c, float(as_float_array(cost, "cost", ndim=0))
