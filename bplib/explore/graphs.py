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

import numpy as np
from matplotlib.figure import Figure

from ..i18n import _
from ..validation import as_float_array, check_shape
from .computational_graph import NAME_ZORDER, Edge, Node, _number, backward_slopes, draw_graph  # noqa: F401


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
