"""The explorers without a browser: every control moves the picture and the numbers, and no setting, ends
included, raises. The numbers shown come from bplib.explore.views, checked here against plain bplib calls."""

import gc
import html
import re
import sys
import warnings
import weakref
from pathlib import Path

import numpy as np
import pytest

import bplib
from bplib.activations import sigmoid_prime
from bplib.examples import article_final_layer, article_network
from bplib.explore import views
from bplib.explore.explorers import (
    BackwardWalkExplorer,
    HiddenLayerExplorer,
    NudgeExplorer,
    OutputLayerExplorer,
    WeightSlopesExplorer,
)
from bplib.explore.weight_slopes_explorer import SWEEP

EXPLORERS = [NudgeExplorer, OutputLayerExplorer, WeightSlopesExplorer, HiddenLayerExplorer, BackwardWalkExplorer]


def _state(explorer):
    return bytes(explorer.picture.value), explorer.readout.value


def _drive_to_both_ends(explorer, slider) -> None:
    """Move ``slider`` to its maximum, then its minimum: each real move must change the picture and numbers."""
    moved = 0
    for value in (slider.max, slider.min):
        before, moves = _state(explorer), slider.value != value
        slider.value = value
        assert not moves or _state(explorer) != before, slider.description
        moved += moves
    assert moved >= 1


def test_nudge_explorer_step_slider_across_its_whole_range():
    explorer = NudgeExplorer()
    seen = {_state(explorer)}
    low, high = explorer.step.min, explorer.step.max
    for exponent in np.arange(low, high + 1e-9, explorer.step.step):
        explorer.step.value = 10.0**exponent
        seen.add(_state(explorer))
    assert len(seen) == round((high - low) / explorer.step.step) + 1
    assert "1e-01" in explorer.readout.value


def test_nudge_explorer_every_parameter():
    explorer = NudgeExplorer()
    pictures = set()
    for label in explorer.parameter.options:
        explorer.parameter.value = label
        pictures.add(explorer.picture.value)
        assert "backprop slope" in explorer.readout.value
    assert len(pictures) == 15


def test_output_layer_explorer_every_slider_to_both_ends_and_both_costs():
    explorer = OutputLayerExplorer()
    for cost in ("cross_entropy", "quadratic"):
        explorer.cost.value = cost
        for slider in explorer.inputs + explorer.desired:
            start, original = _state(explorer), slider.value
            _drive_to_both_ends(explorer, slider)
            slider.value = original
            assert _state(explorer)[1] == start[1]


def test_output_layer_explorer_shows_what_bplib_computes():
    explorer = OutputLayerExplorer()
    explorer.inputs[1].value = 1.5
    explorer.desired[2].value = 0.75
    weights, biases, x, y = article_final_layer()
    x[1], y[2] = 1.5, 0.75
    delta = bplib.backprop(weights, biases, x, y)[0][0]
    z = bplib.forward(weights, biases, x)[0][0]
    assert _listed(delta, "+.6f") in explorer.readout.value
    assert _listed(sigmoid_prime(z), ".3g") in explorer.readout.value
    assert f"{bplib.loss(weights, biases, x, y):.6f}" in explorer.readout.value


def _listed(values, spec):
    return "[" + ", ".join(format(float(v), spec) for v in values) + "]"


def test_output_layer_inputs_reach_the_flat_sigmoid_where_only_cross_entropy_keeps_its_slope():
    """At input 1 = 8, output 1's z is past 6: sigma'(z) < 0.003, so the quadratic cost's slope for bias 1,
    sigma'(z) (a - y), nearly vanishes although a is far from y; cross-entropy's a - y does not."""
    explorer = OutputLayerExplorer()
    assert [(s.min, s.max) for s in explorer.inputs] == [(-8, 8)] * 4
    explorer.inputs[1].value = explorer.inputs[1].max
    weights, biases, x, y = article_final_layer()
    x[1] = 8
    z = bplib.forward(weights, biases, x)[0][0]
    assert z[1] > 6 and sigmoid_prime(z)[1] < 0.003
    quadratic = bplib.backprop(weights, biases, x, y)[0][0]
    cross_entropy = bplib.backprop(weights, biases, x, y, cost="cross_entropy")[0][0]
    assert abs(quadratic[1]) < 0.003 < 0.99 < abs(cross_entropy[1])
    for cost, slopes in (("quadratic", quadratic), ("cross_entropy", cross_entropy)):
        explorer.cost.value = cost
        assert _listed(slopes, "+.6f") in explorer.readout.value
        assert _listed(sigmoid_prime(z), ".3g") in explorer.readout.value


def test_nudge_view_matches_direct_computation():
    weights, biases, x, y = article_final_layer()
    view = views.nudge_view(weights, biases, x, y, "weight", 0, (1, 3), step=1e-3)
    n = bplib.nudge(weights, biases, x, y, "weight", 0, (1, 3), step=1e-3)
    assert view.forward_slope == n.slope and view.loss_plus == n.loss_plus
    assert view.backprop_slope == bplib.backprop(weights, biases, x, y)[1][0][1, 3]
    assert view.centred_error < 1e-8 < view.forward_error
    assert view.curve_loss[50] == pytest.approx(view.loss, rel=1e-15)  # the curve's middle is the unchanged loss


def test_step_errors_show_both_orders():
    weights, biases, x, y = article_final_layer()
    steps, forward, centred = views.step_errors(weights, biases, x, y, "bias", 0, 2, steps=np.array([1e-2, 1e-3]))
    assert np.log10(forward[0] / forward[1]) == pytest.approx(1, abs=0.05)
    assert np.log10(centred[0] / centred[1]) == pytest.approx(2, abs=0.05)


def test_output_layer_view_agrees_with_nudges_for_both_costs():
    weights, biases, x, y = article_final_layer()
    for cost in ("quadratic", "cross_entropy"):
        view = views.output_layer_view(weights, biases, x, y, cost)
        assert np.max(np.abs(view.backprop - view.nudged)) < 1e-9
    with pytest.raises(ValueError, match="step must be a positive"):
        views.output_layer_view(weights, biases, x, y, step=0)


@pytest.mark.parametrize("moved", range(4))
def test_weight_slopes_view_shows_backprop_and_the_nudges_of_the_moved_column(moved):
    weights, biases, x, y = article_final_layer()
    x = x + np.array([0.4, -1.1, 0.7, 0.2])  # no input at 0 here, every column a real one
    view = views.weight_slopes_view(weights, biases, x, y, moved)
    bias_grads, weight_grads = bplib.backprop(weights, biases, x, y)
    np.testing.assert_array_equal(view.delta, bias_grads[0])
    np.testing.assert_array_equal(view.weight_slopes, weight_grads[0])
    assert view.loss == bplib.loss(weights, biases, x, y)
    nudged = bplib.numerical_gradient(weights, biases, x, y, kind="weight", layer=0)[:, moved]
    np.testing.assert_allclose(view.nudged_column, nudged, rtol=0, atol=1e-15)
    assert view.column_difference == np.max(np.abs(view.column - view.nudged_column)) < 1e-9
    np.testing.assert_allclose(view.column, view.delta * x[moved], rtol=1e-15)  # BP4: delta times the input
    assert np.all(np.abs(view.column) > 1e-3)


def test_an_input_at_zero_gives_a_zero_column_and_leaves_the_others():
    weights, biases, x, y = article_final_layer()
    assert x[2] == 0
    view = views.weight_slopes_view(weights, biases, x, y, 2)
    assert np.all(view.column == 0) and np.all(view.nudged_column == 0)  # nudging its weights moves nothing
    assert np.all(np.abs(np.delete(view.weight_slopes, 2, axis=1)) > 1e-3) and np.all(np.abs(view.delta) > 1e-3)


def test_input_sweep_gives_each_values_own_slopes():
    weights, biases, x, y = article_final_layer()
    values = np.array([-2.0, -0.5, 0.0, 1.0, 1.7])
    sweep = views.input_sweep(weights, biases, x, y, 1, values)
    for row, value in enumerate(values):
        moved = x.copy()
        moved[1] = value
        bias_grads, weight_grads = bplib.backprop(weights, biases, moved, y)
        np.testing.assert_allclose(sweep.delta[row], bias_grads[0], rtol=1e-13)
        np.testing.assert_allclose(sweep.column[row], weight_grads[0][:, 1], rtol=1e-13, atol=1e-300)
        assert sweep.loss[row] == pytest.approx(bplib.loss(weights, biases, moved, y), rel=1e-13)
    assert np.all(sweep.column[2] == 0) and np.all(np.abs(sweep.delta[2]) > 1e-3)  # through zero; delta is not
    assert np.ptp(sweep.delta, axis=0).min() > 1e-3  # delta moves with the input: the bias slopes do not stay put


def test_weight_slopes_views_refuse_what_they_cannot_draw():
    weights, biases, x, y = article_final_layer()
    for bad, error, message in [
        (4, ValueError, "moved must be the index of an input, from 0 to 3, got 4"),
        (-1, ValueError, "moved must be the index of an input, from 0 to 3, got -1"),
        (True, TypeError, "moved must be the index of an input, a whole number from 0 to 3"),
        (1.0, TypeError, "moved must be the index of an input, a whole number from 0 to 3"),
    ]:
        with pytest.raises(error, match=re.escape(message)):
            views.weight_slopes_view(weights, biases, x, y, bad)
        with pytest.raises(error, match=re.escape(message)):
            views.input_sweep(weights, biases, x, y, bad, [0.0, 1.0])
    two_layers = article_network()
    with pytest.raises(ValueError, match="weights must hold one layer, got 2"):
        views.weight_slopes_view(*two_layers, 0)
    with pytest.raises(ValueError, match="x must be 1-D"):
        views.weight_slopes_view(weights, biases, np.stack([x, x]), np.stack([y, y]), 0)
    with pytest.raises(ValueError, match="values must hold at least one value"):
        views.input_sweep(weights, biases, x, y, 0, [])
    with pytest.raises(ValueError, match="step must be a positive"):
        views.weight_slopes_view(weights, biases, x, y, 0, step=0)


def _framed(explorer) -> str:
    return re.search(r"data-framed='(\d+)'", explorer.readout.value).group(1)


def _shows_the_view(explorer, k: int) -> None:
    """The framed column's numbers, the frames and the curves are those of the views for the controls as set."""
    x = [s.value for s in explorer.inputs]
    view = views.weight_slopes_view(explorer.weights, explorer.biases, x, explorer.desired, k)
    assert _framed(explorer) == str(k)
    assert explorer.column_frame.get_x() == k - 0.5 and explorer.row_frame.get_x() == k - 0.5
    assert [explorer.slope_texts[i, k].get_text() for i in range(3)] == [f"{v + 0.0:+.3f}" for v in view.column]
    assert all(explorer.slope_texts[i, j].get_text() == "" for i in range(3) for j in range(4) if j != k)
    sweep = views.input_sweep(explorer.weights, explorer.biases, x, explorer.desired, k, SWEEP)
    for i, line in enumerate(explorer.weight_lines):
        np.testing.assert_array_equal(line.get_ydata(), sweep.column[:, i])
    np.testing.assert_array_equal(explorer.weight_dots.get_offsets()[:, 1], view.column)


def test_weight_slopes_explorer_every_control():
    explorer = WeightSlopesExplorer()
    assert _framed(explorer) == "2"  # the article's input that is 0: its column reads zero
    assert "[+0.000000, +0.000000, +0.000000] = \u03b4 \u00d7 0.00" in explorer.readout.value
    for k in range(len(explorer.framed.options)):
        before = _state(explorer)
        explorer.framed.value = k
        assert k == 2 or _state(explorer) != before
        for slider in explorer.inputs:
            _drive_to_both_ends(explorer, slider)
            _shows_the_view(explorer, k)


def test_a_slider_moved_and_back_shows_what_it_showed():
    """What the browser test does: one step and back must give the same picture and numbers."""
    explorer = WeightSlopesExplorer()
    for slider in explorer.inputs:
        before, start = _state(explorer), slider.value
        slider.value = start + slider.step
        assert _state(explorer) != before
        slider.value = start
        assert _state(explorer) == before


def test_moving_the_framed_slider_sweeps_its_range_once(monkeypatch):
    """The right panel's curves depend on the other inputs only: moving the framed input again and again
    computes them once; moving another input, or framing another column, computes them again."""
    explorer = WeightSlopesExplorer()
    sweeps = []
    sweep = views.input_sweep
    monkeypatch.setattr(views, "input_sweep", lambda *a: sweeps.append(a[4]) or sweep(*a))
    explorer.framed.value = 3
    for value in (0.5, 0.6, -1.0):
        explorer.inputs[3].value = value
    assert sweeps == [3]
    explorer.inputs[0].value = 1.0
    assert sweeps == [3, 3]
    explorer.framed.value = 0
    explorer.inputs[0].value = 1.1
    assert sweeps == [3, 3, 0]


def test_hidden_layer_view_article_formula_fails_only_where_the_factor_is_not_one():
    weights, biases, x, y = article_network()
    corrected = views.hidden_layer_view(weights, biases, x, y, "sigmoid", "corrected")
    assert np.max(corrected.mismatch) < 1e-9
    written = views.hidden_layer_view(weights, biases, x, y, "sigmoid", "article")
    assert np.all(written.mismatch > 0.01)
    relu = views.hidden_layer_view(weights, biases, x, y, "relu", "article")
    active = relu.hidden_z > 0
    assert active.tolist() == [True, False, True]
    assert np.all(relu.mismatch[active] < 1e-9) and np.all(relu.mismatch[~active] > 0.1)
    with pytest.raises(ValueError, match="formula must be one of"):
        views.hidden_layer_view(weights, biases, x, y, formula="nielsen")


def test_hidden_layer_explorer_every_control():
    explorer = HiddenLayerExplorer()
    assert "largest mismatch" not in explorer.readout.value
    for activation in explorer.activation.options:
        explorer.activation.value = activation
        for formula in ("corrected", "article"):
            before = _state(explorer)
            explorer.formula.value = formula
            assert _state(explorer) != before
        for slider in explorer.inputs:
            _drive_to_both_ends(explorer, slider)


def test_hidden_layer_explorer_names_the_factor_as_the_course_does():
    labels = HiddenLayerExplorer().formula.options
    assert [name for _, name in labels] == ["article", "corrected"]
    assert "activate_derivative(z)" in labels[1][0] and not any("f'" in label for label, _ in labels)


def test_labels_count_from_zero_as_the_code_does():
    output, hidden = OutputLayerExplorer(), HiddenLayerExplorer()
    slopes = WeightSlopesExplorer()
    assert [s.description for s in output.inputs] == [f"input {k}" for k in range(4)]
    assert [s.description for s in output.desired] == [f"desired {i}" for i in range(3)]
    assert [t.get_text() for t in output.axes.get_xticklabels()] == ["bias 0", "bias 1", "bias 2"]
    assert [t.get_text() for t in hidden.bar_axes.get_xticklabels()] == ["hidden 0", "hidden 1", "hidden 2"]
    assert [s.description for s in slopes.inputs] == [f"input {k}" for k in range(4)]
    assert [t.get_text() for t in slopes.column_axes.get_yticklabels()] == ["0", "1", "2"]


def test_bad_arguments_leave_nothing_behind(monkeypatch):
    unraisable = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)  # what a failing __del__ would report
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match=r"biases\[0\] must have shape \(1,\)"):
            NudgeExplorer(weights=[[[1.0]]], biases=[[1.0, 2.0]])
        gc.collect()
    assert unraisable == []


def test_hidden_layer_explorer_draws_one_neuron_per_unit_of_the_weights():
    explorer = HiddenLayerExplorer()
    sizes = [len(layer) for layer in explorer.positions]
    assert sizes == [explorer.weights[0].shape[1], explorer.weights[0].shape[0], explorer.weights[1].shape[0]]
    assert len(explorer.edges.get_segments()) == sum(w.size for w in explorer.weights)
    assert len(explorer.bars.computed) == explorer.weights[0].shape[0]


@pytest.mark.parametrize("make", EXPLORERS, ids=lambda c: c.__name__)
def test_a_closed_explorer_is_collected(make):
    explorer = make()
    alive, figure = weakref.ref(explorer), weakref.ref(explorer.live.figure)
    explorer.close()
    del explorer
    gc.collect()
    assert alive() is None and figure() is None


def test_views_nudge_through_numerical_gradient_and_show_backprops_deltas():
    """The slopes a view shows are those of bplib's one nudging function and of backprop, to the last bit."""
    weights, biases, x, y = article_final_layer()
    view = views.output_layer_view(weights, biases, x, y, "cross_entropy", step=1e-4)
    expected = bplib.numerical_gradient(weights, biases, x, y, 1e-4, cost="cross_entropy", kind="bias", layer=0)
    np.testing.assert_array_equal(view.nudged, expected)
    weights, biases, x, y = article_network()
    hidden = views.hidden_layer_view(weights, biases, x, y, "tanh", "corrected")
    bias_grads, _ = bplib.backprop(weights, biases, x, y, ["tanh", "sigmoid"])
    np.testing.assert_array_equal(hidden.hidden_delta, bias_grads[0])
    nudged = bplib.numerical_gradient(weights, biases, x, y, activation=["tanh", "sigmoid"], kind="bias", layer=0)
    np.testing.assert_array_equal(hidden.nudged_hidden, nudged)
    centred = bplib.nudge(weights, biases, x, y, "weight", 1, (2, 0), step=1e-3, method="centred")
    assert views.nudge_view(weights, biases, x, y, "weight", 1, (2, 0), step=1e-3).centred_slope == centred.slope


def test_views_refuse_what_they_cannot_draw():
    weights, biases, x, y = article_network()
    with pytest.raises(ValueError, match="weights must hold two layers"):
        views.hidden_layer_view(weights[:1], biases[:1], x, y)
    with pytest.raises(ValueError, match="x must be 1-D"):
        views.hidden_layer_view(weights, biases, np.stack([x, x]), np.stack([y, y]))
    with pytest.raises(ValueError, match="steps must all be positive"):
        views.step_errors(weights, biases, x, y, "bias", 0, 1, steps=np.array([1e-3, 0.0]))
    with pytest.raises(TypeError, match="predict must be a function"):
        views.decision_grid("predict")
    with pytest.raises(ValueError, match="predict's outputs must hold one number per point, 9"):
        views.decision_grid(lambda points: points, n=3)
    with pytest.raises(ValueError, match="^limit = 4.94066e-324 is too narrow to draw the grid around 0"):
        views.decision_grid(lambda points: points[:, :1], limit=5e-324, n=5)  # a grid of repeated ticks


# --- the backward walk: the view, without widgets ---------------------------------------------------------------


def _small_network(seed: int, n_out: int = 2):
    """1 input -> 1 hidden unit -> n_out outputs, with random parameters, input and desired outputs."""
    rng = np.random.default_rng(seed)
    weights, biases = bplib.random_network([1, 1, n_out], seed=rng)
    return weights, biases, rng.uniform(-2, 2, size=1), rng.uniform(0, 1, size=n_out)


@pytest.mark.parametrize("seed, n_out", [(0, 2), (1, 2), (2, 3), (3, 1)])
def test_backward_walk_gives_backprops_slopes(seed, n_out):
    weights, biases, x, y = _small_network(seed, n_out)
    view = views.backward_walk_view(weights, biases, x, y)
    bias_grads, weight_grads = bplib.backprop(weights, biases, x, y)
    zs, activations = bplib.forward(weights, biases, x)
    expected = {
        "z0[0]": bias_grads[0][0],
        "b0[0]": bias_grads[0][0],
        "W0[0,0]": weight_grads[0][0, 0],
        "a1[0]": (weights[1].T @ bias_grads[1])[0],  # the article's W^T delta: the paths' sum
        **{f"z1[{i}]": bias_grads[1][i] for i in range(n_out)},
        **{f"W1[{i},0]": weight_grads[1][i, 0] for i in range(n_out)},
        **{f"a2[{i}]": activations[2][i] - y[i] for i in range(n_out)},
    }
    assert set(view.slopes) == set(expected) | {"C"}
    for node, slope in expected.items():
        assert view.slopes[node] == pytest.approx(slope, rel=1e-12, abs=1e-15), node
    assert view.values["z0[0]"] == zs[0][0] and view.values["a1[0]"] == activations[1][0]
    assert [view.values[f"a2[{i}]"] for i in range(n_out)] == activations[2].tolist()
    assert view.loss == bplib.loss(weights, biases, x, y)


@pytest.mark.parametrize("seed", range(4))
def test_every_node_slope_equals_nudging_that_node_alone(seed):
    """dC/d(node) from the walk against (C(node + h) - C(node - h)) / 2h, the node's value changed and the
    nodes after it recomputed, every other node held."""
    view = views.backward_walk_view(*_small_network(seed, 2))
    assert set(view.nudged) == set(view.slopes)
    for node, slope in view.slopes.items():
        assert abs(view.nudged[node] - slope) < 1e-9, node
    assert abs(view.slopes["a1[0]"]) > 1e-3  # a real slope, not two zeros agreeing


def test_nudging_a_node_changes_only_what_it_feeds():
    """The nudged slope of a1[0] is not that of z0[0]: holding z0 while a1 moves is what 'the others held'
    means (through z0, a1 would move by sigma'(z0) times as much)."""
    view = views.backward_walk_view(*_small_network(0))
    assert view.nudged["z0[0]"] == pytest.approx(view.nudged["a1[0]"] * view.edges[-3].local_slope, rel=1e-6)
    assert abs(view.nudged["z0[0]"] - view.nudged["a1[0]"]) > 1e-3


def test_the_walk_goes_layer_by_layer_and_adds_where_paths_meet():
    weights, biases, x, y = _small_network(0)
    view = views.backward_walk_view(weights, biases, x, y)
    order = [(s.target, s.node) for s in view.steps]
    assert order == [
        ("C", "a2[0]"), ("C", "a2[1]"), ("a2[0]", "z1[0]"), ("a2[1]", "z1[1]"),
        ("z1[0]", "W1[0,0]"), ("z1[0]", "a1[0]"), ("z1[1]", "W1[1,0]"), ("z1[1]", "a1[0]"),
        ("a1[0]", "z0[0]"), ("z0[0]", "W0[0,0]"), ("z0[0]", "b0[0]"),
    ]  # fmt: skip
    first, second = (s for s in view.steps if s.node == "a1[0]")
    delta1 = bplib.backprop(weights, biases, x, y)[0][1]
    assert (first.path, first.paths, first.complete, second.path, second.complete) == (1, 2, False, 2, True)
    for step, i in ((first, 0), (second, 1)):  # each path's contribution: delta1[i] W1[i, 0]
        assert step.product == pytest.approx(delta1[i] * weights[1][i, 0], rel=1e-12)
    assert second.earlier == (first.product,) and second.total == first.product + second.product
    for step in view.steps:
        assert step.product == step.local_slope * step.incoming
        assert np.prod(step.factors) == pytest.approx(step.product, rel=1e-12)
        assert step.incoming == (1.0 if step.target == "C" else view.slopes[step.target])
    chain = next(s for s in view.steps if s.node == "W1[1,0]")
    assert chain.starts_at == "C" and len(chain.factors) == 3  # (a - y) sigma'(z1) a1: one path from C
    after = next(s for s in view.steps if s.node == "z0[0]")
    assert after.starts_at == "a1[0]" and after.factors[0] == view.slopes["a1[0]"]  # starts from the sum


def test_a_value_used_twice_gets_two_contributions():
    """micrograd's b = a + a: two edges from a to b, each of local slope 1; db/da = 2, not 1."""
    steps = views.backward_walk("b", [views.WalkEdge("a", "b", 1.0, "1"), views.WalkEdge("a", "b", 1.0, "1")])
    assert [(s.path, s.paths, s.total) for s in steps] == [(1, 2, 1.0), (2, 2, 2.0)]


def test_the_walk_refuses_an_order_backprop_could_not_take():
    edges = [views.WalkEdge("a", "b", 2.0, ""), views.WalkEdge("b", "C", 3.0, "")]
    assert [s.total for s in views.backward_walk("C", edges[::-1])] == [3.0, 6.0]
    with pytest.raises(ValueError, match=r"edge a -> b comes too early: dC/d\(b\) is not complete"):
        views.backward_walk("C", edges)
    with pytest.raises(ValueError, match="edge a -> d leads nowhere"):
        views.backward_walk("C", [views.WalkEdge("a", "d", 1.0, "")])
    with pytest.raises(ValueError, match="edges must not leave the loss 'C'"):
        views.backward_walk("C", [views.WalkEdge("C", "a", 1.0, "")])


def test_backward_walk_view_refuses_other_networks():
    weights, biases, x, y = _small_network(0)
    with pytest.raises(ValueError, match=r"weights must describe 1 input, 1 hidden unit .* got \[\(2, 1\), \(2, 2\)\]"):
        views.backward_walk_view(*bplib.random_network([1, 2, 2]), x, y)
    with pytest.raises(ValueError, match="x must be one sample"):
        views.backward_walk_view(weights, biases, x[None], y[None])
    with pytest.raises(ValueError, match="y must have shape"):
        views.backward_walk_view(weights, biases, x, y[:1])
    with pytest.raises(ValueError, match="step must be a positive"):
        views.backward_walk_view(weights, biases, x, y, step=0)


# --- the backward walk: the explorer ----------------------------------------------------------------------------


def _markers(explorer) -> dict[str, str]:
    return dict(re.findall(r"data-(\w+)='([^']*)'", explorer.readout.value))


def _shown(value: float, digits: int = 4) -> str:
    return f"{value:.{digits}g}".replace("-", "\u2212")


def test_backward_walk_explorer_shows_the_views_numbers_at_every_step():
    explorer = BackwardWalkExplorer()
    view = explorer.view
    pictures = set()
    for k in range(explorer.step.max + 1):
        explorer.step.value = k
        pictures.add(bytes(explorer.picture.value))
        markers = _markers(explorer)
        assert (markers["step"], markers["steps"]) == (str(k), str(len(view.steps)))
        if k == 0:
            assert (markers["node"], markers["slope"]) == ("C", "1.0")
            continue
        step = view.steps[k - 1]
        assert (markers["node"], float(markers["slope"])) == (step.node, step.total)
        text = html.unescape(explorer.readout.value)
        assert f"{_shown(step.local_slope)} × " in text and f"= {_shown(step.product)}" in text
        if step.complete:  # the walk's slope and the nudge's, both shown, agree to the digits shown
            difference = abs(view.nudged[step.node] - step.total)
            assert _shown(view.nudged[step.node], 8) == _shown(step.total, 8)
            assert text.count(_shown(step.total, 8)) >= 2 and f"<code>{difference:.1e}</code>" in text
            assert difference < 1e-9
    assert len(pictures) == explorer.step.max + 1


def test_backward_walk_explorer_buttons_walk_and_stop_at_the_ends():
    explorer = BackwardWalkExplorer()
    assert explorer.back_button.disabled and not explorer.forward_button.disabled
    assert "bplib-step-back" in explorer.back_button._dom_classes
    assert "bplib-step-forward" in explorer.forward_button._dom_classes
    for k in range(1, explorer.step.max + 1):
        explorer.forward_button.click()
        assert explorer.step.value == k
    assert explorer.forward_button.disabled and not explorer.back_button.disabled
    explorer.forward_button.click()  # a click at the end (a queued one) changes nothing
    assert explorer.step.value == explorer.step.max
    explorer.back_button.click()
    assert explorer.step.value == explorer.step.max - 1


@pytest.mark.parametrize("step", [0, 8, 11])
def test_backward_walk_explorer_sliders_to_both_ends(step):
    explorer = BackwardWalkExplorer()
    explorer.step.value = step
    for slider in (explorer.input, explorer.weight):
        start, original = _state(explorer), slider.value
        _drive_to_both_ends(explorer, slider)
        for value in (slider.min, slider.max):
            slider.value = value
            view = views.backward_walk_view(explorer.weights, explorer.biases, explorer.x, explorer.y)
            assert explorer.view.slopes == view.slopes and explorer.view.values == view.values
            for node, slope in view.slopes.items():
                assert abs(view.nudged[node] - slope) < 1e-9, (slider.description, value, node)
        slider.value = original
        assert _state(explorer)[1] == start[1]


def test_backward_walk_explorer_sliders_move_the_network_it_shows():
    explorer = BackwardWalkExplorer()
    explorer.input.value, explorer.weight.value = -1.2, 0.7
    weights, biases = [w.copy() for w in explorer.weights], explorer.biases
    assert weights[1][1, 0] == 0.7 and explorer.x.tolist() == [-1.2]
    expected = views.backward_walk_view(weights, biases, np.array([-1.2]), explorer.y)
    assert explorer.view.slopes == expected.slopes
    explorer.step.value = explorer.step.max
    assert _shown(bplib.loss(weights, biases, [-1.2], explorer.y), 8) in explorer.readout.value


def test_backward_walk_explorer_in_japanese_keeps_its_markers():
    english = BackwardWalkExplorer()
    english.step.value = 8
    bplib.set_language("ja")
    try:
        japanese = BackwardWalkExplorer()
        japanese.step.value = 8
        assert "経路" in japanese.readout.value and "経路" not in english.readout.value
        assert _markers(japanese) == _markers(english)
        assert japanese.step.description == "逆向きのステップ"
    finally:
        bplib.set_language("en")


def test_an_explorer_built_in_english_shows_japanese_after_the_language_changes():
    explorer = BackwardWalkExplorer()
    bplib.set_language("ja")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # a glyph missing from the fonts is a UserWarning
            explorer.step.value = 8
        assert "経路" in explorer.readout.value
    finally:
        bplib.set_language("en")


# --- the registry -------------------------------------------------------------------------------------------------


def _explorer_classes_defined_in_the_package() -> set[str]:
    import importlib
    import pkgutil

    import bplib.explore
    from bplib.explore.explorer_base import Explorer

    found = set()
    for module_info in pkgutil.iter_modules(bplib.explore.__path__):
        module = importlib.import_module(f"bplib.explore.{module_info.name}")
        for name, value in vars(module).items():
            if isinstance(value, type) and issubclass(value, Explorer) and value is not Explorer:
                if value.__module__ == module.__name__:
                    found.add(name)
    return found


def test_the_registry_lists_every_explorer_and_each_is_found_where_it_says():
    from bplib import explore
    from bplib.explore import explorers
    from bplib.explore.explorer_base import Explorer

    assert set(explorers.EXPLORERS) == _explorer_classes_defined_in_the_package()
    assert {"DrawDigitExplorer", "BackwardWalkExplorer"} <= set(explorers.EXPLORERS)
    assert explore.__all__ == explorers.__all__ == list(explorers.EXPLORERS)
    notebooks = Path(bplib.__file__).resolve().parents[1] / "notebooks"
    for name, entry in explorers.EXPLORERS.items():
        cls = getattr(explorers, name)
        assert issubclass(cls, Explorer) and cls.__module__ == f"bplib.explore.{entry.module}"
        assert getattr(explore, name) is cls
        for edition in (notebooks, notebooks / "ja"):
            assert (edition / f"{entry.notebook}.ipynb").exists(), (name, edition)
    with pytest.raises(AttributeError, match="no attribute 'NoSuchExplorer'"):
        explorers.NoSuchExplorer  # noqa: B018


def test_the_registry_check_sees_an_explorer_left_out(monkeypatch):
    """The check above can fail: an explorer class missing from the registry is found in its module."""
    from bplib.explore import explorers

    monkeypatch.delitem(explorers.EXPLORERS, "DrawDigitExplorer")
    assert set(explorers.EXPLORERS) != _explorer_classes_defined_in_the_package()


# --- one check per slider move -------------------------------------------------------------------------------------


def _moves():
    """One slider move of each explorer whose numbers come from the network, as (name, explorer, move)."""
    nudge, output, hidden, walk = NudgeExplorer(), OutputLayerExplorer(), HiddenLayerExplorer(), BackwardWalkExplorer()
    slopes = WeightSlopesExplorer()
    return [
        ("weight slopes, input 2", slopes, lambda: setattr(slopes.inputs[2], "value", 0.7)),
        ("nudge, step h", nudge, lambda: setattr(nudge.step, "value", 1e-4)),
        ("output layer, input 0", output, lambda: setattr(output.inputs[0], "value", 0.7)),
        ("hidden layer, input 0", hidden, lambda: setattr(hidden.inputs[0], "value", 0.7)),
        ("backward walk, input", walk, lambda: setattr(walk.input, "value", 0.7)),
    ]


def test_one_slider_move_checks_the_network_once(monkeypatch):
    """A view checks its arguments once and then calls kernels that do not check again (before, one move of
    notebook 02's inputs checked the same network five times: forward, backprop, loss, numerical_gradient)."""
    import bplib.network

    checks = []
    check_network = bplib.network._check_network
    monkeypatch.setattr(bplib.network, "_check_network", lambda *a: checks.append(1) or check_network(*a))
    for name, _explorer, move in _moves():
        checks.clear()
        move()
        assert len(checks) == 1, name


@pytest.mark.parametrize("hidden", ["sigmoid", "tanh", "relu"])
def test_the_views_carry_every_number_their_explorers_show(hidden):
    """The factors sigma'(z) and the differences the readouts show come from the views, as bplib computes them."""
    weights, biases, x, y = article_network()
    view = views.hidden_layer_view(weights, biases, x, y, hidden)
    z = bplib.forward(weights, biases, x, [hidden, "sigmoid"])[0][0]
    np.testing.assert_array_equal(view.hidden_z, z)
    np.testing.assert_array_equal(view.hidden_activate_derivative, bplib.get_activation(hidden).activate_derivative(z))
    weights, biases, x, y = article_final_layer()
    output = views.output_layer_view(weights, biases, x, y)
    z = bplib.forward(weights, biases, x)[0][0]
    np.testing.assert_array_equal(output.weighted_inputs, z)
    np.testing.assert_array_equal(output.activate_derivative, sigmoid_prime(z))
    assert output.largest_difference == np.max(np.abs(output.backprop - output.nudged)) < 1e-9
    walk = views.backward_walk_view(*_small_network(0))
    assert walk.difference("a1[0]") == abs(walk.slopes["a1[0]"] - walk.nudged["a1[0]"]) < 1e-9


# --- values a slider cannot use ------------------------------------------------------------------------------------


def _float_controls(explorer):
    """Every control of ``explorer`` that holds a float: sliders, log sliders, float text boxes."""
    from bplib.explore.explorer_base import _inner_widgets

    return [w for w in _inner_widgets(explorer) if w.__class__.__name__ in ("FloatSlider", "FloatLogSlider")]


def _table(readout: str) -> str:
    return readout[readout.index("<table") :]


def _notice(explorer) -> str:
    match = re.search(r"<p class='bplib-notice'[^>]*>(.*?)</p>", explorer.readout.value)
    return html.unescape(match.group(1)) if match else ""


@pytest.mark.parametrize("make", EXPLORERS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("bad", [float("nan"), float("inf"), float("-inf"), "nan"])
def test_a_value_that_is_not_a_finite_number_is_not_taken_and_the_view_says_why(make, bad):
    explorer = make()
    controls = _float_controls(explorer)
    assert controls
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for control in controls:
            kept, before = control.value, _state(explorer)
            control.value = bad  # no exception, no warning
            assert control.value == kept
            assert _state(explorer)[0] == before[0]  # the picture stays
            notice = _notice(explorer)
            assert "finite number" in notice and control.description in notice and format(kept, ".3g") in notice
            assert _table(explorer.readout.value) == _table(before[1])  # and the numbers with it
            assert re.search(r"\b(nan|inf)\b", notice)
    control = controls[0]
    control.value = control.min if control.value != control.min else control.max  # a good value is taken
    assert _notice(explorer) == ""


def test_a_refused_value_is_told_in_japanese():
    bplib.set_language("ja")
    try:
        explorer = OutputLayerExplorer()
        explorer.inputs[0].value = float("nan")
        notice = _notice(explorer)
        assert "有限" in notice and "finite" not in notice
    finally:
        bplib.set_language("en")


# --- the nudge explorer at the edges of float64 ---------------------------------------------------------------------

# a weight of 1e7 on an input of 1e-7: z = 1, a real slope dC/dW of about 1e-8, but float64 cannot tell 1e7 + 1e-10
# (or anything below about 1e-9) from 1e7, so those steps do not nudge the weight at all
BIG_WEIGHT = ([np.array([[1e7]])], [np.array([0.0])], np.array([1e-7]), np.array([0.0]))
# a weight slope near -1e307: its tangent over the window reaches far beyond float64's picture of the curve
STEEP = ([np.array([[2e-158]])], [np.array([0.0])], np.array([5e157]), np.array([1e150]))


def test_a_step_too_small_to_move_the_loss_is_named_not_shown_as_a_slope_of_zero():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        explorer = NudgeExplorer(*BIG_WEIGHT)
        explorer.parameter.value = "weights[0][0, 0]"  # no exception from the steps float64 cannot see
        explorer.step.value = 1e-10
        view = views.nudge_view(*BIG_WEIGHT, "weight", 0, (0, 0), 1e-10)
        assert view.loss_plus == view.loss and view.step_too_small and view.backprop_slope != 0
        text = html.unescape(explorer.readout.value)
        assert text.count("step too small") == 2 and "+0.000000000" not in text
        assert len(explorer.secant_line.get_xdata()) == 0  # no secant of slope 0 drawn
        assert len(explorer.forward_curve.get_xdata()) > 0  # the steps float64 can see are still drawn
        assert min(explorer.forward_curve.get_xdata()) >= np.finfo(float).eps * 1e7
        explorer.step.value = 1e-2
        assert "step too small" not in explorer.readout.value and len(explorer.secant_line.get_xdata()) > 0
        explorer.live.png()


@pytest.mark.parametrize("value", [1e16, 1e308])
def test_a_parameter_too_large_to_draw_around_is_refused_or_told_not_drawn(value):
    """Beyond about 1e16, value +- 1 holds fewer floats than the curve has points: the first parameter is refused
    when the explorer is built, naming it; another one, chosen later, is told in the notice, with no warning."""
    weights, biases, x, y = article_final_layer()
    first, later = biases[0].copy(), biases[0].copy()
    first[0], later[1] = value, value
    with pytest.raises(ValueError, match=r"biases\[0\]\[0\] = .* is too large to draw the loss around it with window"):
        NudgeExplorer(weights, [first], x, y)
    explorer = NudgeExplorer(weights, [later], x, y)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        explorer.parameter.value = "biases[0][1]"
        explorer.live.png()
    assert "biases[0][1] could not be shown" in _notice(explorer)


@pytest.mark.parametrize("value", [0.0, 1.04251, -3.0])
def test_a_window_too_narrow_is_blamed_on_the_window(value):
    """Whatever the parameter's ordinary value, a window too narrow to hold the curve's points is at fault."""
    weights, biases, x, y = article_final_layer()
    biases[0][0] = value
    with pytest.raises(ValueError, match=r"^window = 4.94066e-324 is too narrow to draw the loss around biases"):
        views.nudge_view(weights, biases, x, y, "bias", 0, 0, 1e-5, window=5e-324)


def test_a_parameter_the_loss_does_not_depend_on_reads_a_true_zero_slope():
    """The article's input 2 is 0: its weights do not move the loss at any step, and backprop says 0 too."""
    explorer = NudgeExplorer()
    explorer.parameter.value = "weights[0][1, 2]"
    explorer.step.value = 1e-10
    view = views.nudge_view(*article_final_layer(), "weight", 0, (1, 2), 1e-10)
    assert view.forward_slope == view.backprop_slope == 0 and not view.step_too_small
    assert "step too small" not in explorer.readout.value


def test_a_huge_slope_draws_its_tangent_without_overflow_or_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        explorer = NudgeExplorer(*STEEP)
        explorer.parameter.value = "weights[0][0, 0]"
        explorer.live.png()
        y = np.asarray(explorer.tangent_line.get_ydata())
        low, high = explorer.curve_axes.get_ylim()
        assert y.size and np.all(np.isfinite(y)) and low < high
        assert np.all((y >= low - (high - low)) & (y <= high + (high - low)))  # cut to the picture, not beyond


def test_the_nudge_explorer_uses_each_argument_it_is_given():
    weights, biases, x, y = article_final_layer()
    x2 = x + 1.0
    explorer = NudgeExplorer(x=x2)
    assert explorer.network[2] is x2 and explorer.network[0] is not None
    assert f"{bplib.loss(weights, biases, x2, y):.9f}" in explorer.readout.value
    explorer = NudgeExplorer(y=y * 0.5)
    assert f"{bplib.loss(weights, biases, x, y * 0.5):.9f}" in explorer.readout.value
    with pytest.raises(ValueError, match="x must have shape"):
        NudgeExplorer(x=[1.0, 2.0])


def test_views_refuse_a_huge_number_of_points_before_making_them():
    weights, biases, x, y = article_final_layer()
    with pytest.raises(ValueError, match="n_points must be at most 100,000 .* got 1,000,000,000,000"):
        views.nudge_view(weights, biases, x, y, "bias", 0, 0, 1e-3, n_points=10**12)
    with pytest.raises(ValueError, match="n must be at most 1,000 .* got 1,000,000,000"):
        views.decision_grid(lambda points: points[:, :1], n=10**9)
    assert views.decision_grid(lambda points: points[:, :1], n=1000)[2].shape == (1000, 1000)
    assert views.nudge_view(weights, biases, x, y, "bias", 0, 0, 1e-3, n_points=3).curve_x.shape == (3,)


def test_a_value_whose_numbers_cannot_be_computed_is_taken_back_and_the_view_says_why(monkeypatch):
    """A custom network can overflow at some parameter or step: the control goes back to its last value, the
    last good picture and numbers are shown again, and a line says why; no exception reaches the learner."""
    explorer = NudgeExplorer()
    first, before = explorer.parameter.value, _state(explorer)
    nudge_view, step_errors = views.nudge_view, views.step_errors

    def overflowing(*args, **kwargs):
        if args[-1] in (1e-4, (1, 3)):  # one step, one weight
            raise ValueError("the slope overflows float64 (beyond 1.8e308): the loss changes too much over one step")
        return nudge_view(*args, **kwargs)

    def errors(*args, **kwargs):
        if args[-1] == (1, 3):
            raise ValueError("the slope overflows float64 (beyond 1.8e308)")
        return step_errors(*args, **kwargs)

    monkeypatch.setattr(views, "nudge_view", overflowing)
    monkeypatch.setattr(views, "step_errors", errors)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        explorer.step.value = 1e-4
        assert explorer.step.value == 1e-3 and _state(explorer)[0] == before[0]
        assert _table(explorer.readout.value) == _table(before[1])
        notice = _notice(explorer)
        assert "step h = 0.0001 could not be shown" in notice and "back at 0.001" in notice
        explorer.parameter.value = "weights[0][1, 3]"
        assert explorer.parameter.value == first and _state(explorer)[0] == before[0]
        assert "parameter = weights[0][1, 3] could not be shown" in _notice(explorer)
        explorer.step.value = 1e-2  # a good value: taken, and the line goes
    assert _notice(explorer) == "" and "1e-02" in explorer.readout.value
