"""The computational-graph figures: they build, show the numbers they are given and the slopes backprop finds,
keep their words apart, and refuse bad input with a message that names the argument. No pixel tests."""

import itertools
import warnings

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

import bplib
from bplib.examples import article_final_layer, article_network
from bplib.explore import graphs


def _numbers_of(weights, biases, x, y):
    """What a notebook computes in the open: zs, activations, sigma'(z) per layer, dC/da and C."""
    zs, activations = bplib.forward(weights, biases, x)
    slopes = [a * (1 - a) for a in activations[1:]]
    return zs, activations, slopes, activations[-1] - y, bplib.loss(weights, biases, x, y)


def _texts(figure) -> list[str]:
    return [t.get_text() for t in figure.texts] + [t.get_text() for ax in figure.axes for t in ax.texts]


def _shown(value: float) -> str:
    return graphs._number(value)


@pytest.fixture
def output_graph():
    weights, biases, x, y = article_final_layer()
    zs, activations, slopes, cost_derivative, cost = _numbers_of(weights, biases, x, y)
    return graphs.output_layer_graph(weights, biases, zs, activations, y, slopes, cost_derivative, cost, 0, 0)


@pytest.fixture
def hidden_graph():
    weights, biases, x, y = article_network()
    zs, activations, slopes, cost_derivative, cost = _numbers_of(weights, biases, x, y)
    return graphs.hidden_layer_graph(weights, biases, zs, activations, y, slopes, cost_derivative, cost, unit=1)


def test_output_layer_graph_labels_every_node_and_shows_backprops_slopes(output_graph):
    weights, biases, x, y = article_final_layer()
    texts = _texts(output_graph)
    for name in ("x[0]", "W[0,0]", "b[0]", "z[0]", "a[0]", "y[0]", "C"):
        assert name in texts
    zs, activations = bplib.forward(weights, biases, x)
    assert _shown(zs[0][0]) in texts and _shown(activations[1][0]) in texts
    assert _shown(bplib.loss(weights, biases, x, y)) in texts
    bias_grads, weight_grads = bplib.backprop(weights, biases, x, y)
    assert f"δ = {_shown(bias_grads[0][0])}" in texts  # dC/dz[0], the delta
    assert _shown(bias_grads[0][0]) in texts  # dC/db[0]: the same number
    assert _shown(weight_grads[0][0, 0]) in texts
    a = activations[1][0]
    assert f"∂a/∂z = σ′(z)\n= {_shown(a * (1 - a))}" in texts
    assert f"∂C/∂a = a − y\n= {_shown(a - y[0])}" in texts
    assert any("above each node" in t for t in texts)


def test_hidden_layer_graph_adds_the_paths_and_multiplies_by_the_missing_factor(hidden_graph):
    weights, biases, x, y = article_network()
    texts = _texts(hidden_graph)
    for name in ("x[0]", "W0[1,0]", "b0[1]", "z0[1]", "a1[1]", "z1[0]", "z1[2]", "a2[1]", "C"):
        assert name in texts
    bias_grads, weight_grads = bplib.backprop(weights, biases, x, y)
    slope_of_a1 = (weights[1].T @ bias_grads[1])[1]  # the article's dot product
    assert _shown(slope_of_a1) in texts
    assert f"δ = {_shown(bias_grads[0][1])}" in texts
    assert _shown(weight_grads[0][1, 0]) in texts
    for i in range(3):
        assert f"δ = {_shown(bias_grads[1][i])}" in texts
        assert f"W1[{i},1]\n= {_shown(weights[1][i, 1])}" in texts


def test_backward_slopes_multiply_along_a_path_and_add_where_paths_meet():
    nodes = [
        graphs.Node("p", (0, 0), 1.0, "parameter"),
        graphs.Node("u", (1, 1), 2.0),
        graphs.Node("v", (1, -1), 3.0),
        graphs.Node("d", (1, -2), 4.0, "data"),
        graphs.Node("C", (2, 0), 5.0, "loss"),
    ]
    edges = [
        graphs.Edge("p", "u", 2.0),
        graphs.Edge("p", "v", 3.0),
        graphs.Edge("u", "C", 5.0),
        graphs.Edge("v", "C", 7.0),
        graphs.Edge("d", "C", None),
    ]
    slopes = graphs.backward_slopes(nodes, edges)
    assert slopes == {"C": 1.0, "u": 5.0, "v": 7.0, "p": 2.0 * 5.0 + 3.0 * 7.0}
    assert "d" not in slopes


@pytest.mark.parametrize("figure_name", ["output_graph", "hidden_graph"])
def test_no_two_words_overlap_and_all_stay_inside_the_figure(figure_name, request):
    figure = request.getfixturevalue(figure_name)
    renderer = FigureCanvasAgg(figure).get_renderer()
    texts = [t for t in figure.texts] + [t for ax in figure.axes for t in ax.texts]
    boxes = [t.get_window_extent(renderer) for t in texts if t.get_text()]
    page = figure.bbox
    for box in boxes:
        assert page.x0 <= box.x0 and box.x1 <= page.x1 and page.y0 <= box.y0 and box.y1 <= page.y1
    # node names sit inside their circles on purpose; every other pair of words must be apart
    names = {t.get_text() for ax in figure.axes for t in ax.texts if t.get_zorder() == graphs.NAME_ZORDER}
    labelled = [(t.get_text(), b) for t, b in zip([t for t in texts if t.get_text()], boxes)]
    for (text_a, a), (text_b, b) in itertools.combinations(labelled, 2):
        if text_a in names or text_b in names:
            continue
        assert not a.overlaps(b), (text_a, text_b)


def test_bad_input_is_refused_with_the_arguments_name():
    weights, biases, x, y = article_network()
    zs, activations, slopes, cost_derivative, cost = _numbers_of(weights, biases, x, y)
    numbers = (weights, biases, zs, activations, y, slopes, cost_derivative, cost)
    with pytest.raises(ValueError, match="unit must be a whole number from 0 to 2, got 3"):
        graphs.hidden_layer_graph(*numbers, unit=3)
    with pytest.raises(ValueError, match="input_index"):
        graphs.hidden_layer_graph(*numbers, input_index=-1)
    with pytest.raises(ValueError, match="weights must be a list of 1 arrays"):
        graphs.output_layer_graph(*numbers)
    with pytest.raises(ValueError, match=r"y must have shape \(3,\), got \(2,\)"):
        graphs.hidden_layer_graph(weights, biases, zs, activations, y[:2], slopes, cost_derivative, cost)
    bad_zs = [zs[0].copy(), zs[1]]
    bad_zs[0][1] = np.nan
    with pytest.raises(ValueError, match=r"zs\[0\] must be finite"):
        graphs.hidden_layer_graph(weights, biases, bad_zs, activations, y, slopes, cost_derivative, cost)
    with pytest.raises(TypeError, match="cost must be numbers"):
        graphs.hidden_layer_graph(weights, biases, zs, activations, y, slopes, cost_derivative, "0.4")


def test_a_graph_that_cannot_reach_the_loss_is_refused():
    loss = graphs.Node("C", (1, 0), 1.0, "loss")
    stray = graphs.Node("s", (0, 0), 1.0)
    with pytest.raises(ValueError, match="node 's' has no edge with a slope towards the loss"):
        graphs.backward_slopes([stray, loss], [])
    with pytest.raises(ValueError, match="exactly one node of kind 'loss'"):
        graphs.backward_slopes([stray], [])
    with pytest.raises(ValueError, match="no node 'q'"):
        graphs.backward_slopes([stray, loss], [graphs.Edge("q", "C", 1.0)])
    with pytest.raises(ValueError, match="node kind must be one of"):
        graphs.draw_graph([graphs.Node("C", (0, 0), 1.0, "lost")], [], "title")


def _chain(*names, loss="C"):
    """Nodes named ``names`` then the loss, in a row, and no edges yet."""
    return [graphs.Node(n, (float(i), 0.0), 1.0) for i, n in enumerate(names)] + [
        graphs.Node(loss, (float(len(names)), 0.0), 0.5, "loss")
    ]


@pytest.mark.parametrize(
    "edges, cycle",
    [
        ([("a", "b"), ("b", "a"), ("b", "C")], "a -> b -> a"),
        ([("a", "a"), ("a", "C"), ("b", "C")], "a -> a"),
        ([("a", "b"), ("b", "C"), ("C", "a")], "a -> b -> C -> a"),
    ],
)
def test_a_graph_with_a_cycle_is_refused_naming_it(edges, cycle):
    nodes = _chain("a", "b")
    with pytest.raises(ValueError, match=f"edges must not form a cycle: {cycle}"):
        graphs.backward_slopes(nodes, [graphs.Edge(s, t, 2.0) for s, t in edges])


def test_a_long_chain_is_walked_without_recursion():
    names = [f"n{i}" for i in range(5000)]
    edges = [graphs.Edge(s, t, 1.0) for s, t in zip(names, names[1:] + ["C"])]
    slopes = graphs.backward_slopes(_chain(*names), edges)
    assert slopes["n0"] == 1.0 and len(slopes) == 5001


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda n, e: (n[:1] + [n[1]._replace(value=float("nan"))] + n[2:], e), r"nodes\[1\].value must be finite"),
        (lambda n, e: ([n[0]._replace(xy=(0.0, float("inf")))] + n[1:], e), r"nodes\[0\].xy must be finite"),
        (lambda n, e: (n, [e[0]._replace(slope=float("nan"))] + e[1:]), r"edges\[0\].slope must be finite"),
        (lambda n, e: (n, e[:1] + [e[1]._replace(at=float("nan"))]), r"edges\[1\].at must be finite"),
        (lambda n, e: (n, [e[0]._replace(slope="2")] + e[1:]), r"edges\[0\].slope must be numbers"),
        (lambda n, e: ([n[0]._replace(xy=(1.0, 0.0))] + n[1:], e), r"edges\[0\] joins 'a' and 'b', drawn at one place"),
        (
            lambda n, e: (n, [e[0]._replace(slope=1e200), e[1]._replace(slope=1e200)]),
            r"a node's slope dC/d\(node\) overflows float64",
        ),
    ],
)
def test_nan_values_and_graphs_that_cannot_be_drawn_are_refused_naming_the_argument(change, message):
    nodes, edges = change(_chain("a", "b"), [graphs.Edge("a", "b", 2.0), graphs.Edge("b", "C", 3.0)])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError if "numbers" not in message else TypeError, match=message):
            graphs.draw_graph(nodes, edges, "a graph")
