"""The explorers without a browser: every control moves the picture and the numbers, and no setting, ends
included, raises. The numbers shown come from bplib.explore.views, checked here against plain bplib calls."""

import gc
import sys
import warnings
import weakref

import numpy as np
import pytest

import bplib
from bplib.activations import sigmoid_prime
from bplib.examples import article_final_layer, article_network
from bplib.explore import views
from bplib.explore.explorers import HiddenLayerExplorer, NudgeExplorer, OuterProductExplorer, OutputLayerExplorer

EXPLORERS = [NudgeExplorer, OutputLayerExplorer, OuterProductExplorer, HiddenLayerExplorer]


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


def test_outer_product_view_and_its_layouts():
    view = views.outer_product_view([1, 2, 3], [4, 5, 6, 7])
    assert view.matrix.tolist() == [[4, 5, 6, 7], [8, 10, 12, 14], [12, 15, 18, 21]]
    assert view.column_major.tolist() == [4, 8, 12, 5, 10, 15, 6, 12, 18, 7, 14, 21]
    assert view.row_major.tolist() == [4, 5, 6, 7, 8, 10, 12, 14, 12, 15, 18, 21]
    with pytest.raises(ValueError, match="inputs must be 1-D"):
        views.outer_product_view([1, 2], [[1, 2]])


def test_outer_product_explorer_every_control():
    explorer = OuterProductExplorer()
    assert "= 3 x 7 = 21" in explorer.readout.value  # the article's bottom-right cell
    for slider in explorer.deltas + explorer.inputs:
        _drive_to_both_ends(explorer, slider)
    shown = set()
    for _label, cell in explorer.cell.options:
        explorer.cell.value = cell
        i, k = cell
        assert f"= {i} + {k} x 3 = {i + 3 * k}" in explorer.readout.value
        shown.add(bytes(explorer.picture.value))
    assert len(shown) == 12


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
    outer = OuterProductExplorer()
    assert [s.description for s in output.inputs] == [f"input {k}" for k in range(4)]
    assert [s.description for s in output.desired] == [f"desired {i}" for i in range(3)]
    assert [t.get_text() for t in output.axes.get_xticklabels()] == ["bias 0", "bias 1", "bias 2"]
    assert [t.get_text() for t in hidden.bar_axes.get_xticklabels()] == ["hidden 0", "hidden 1", "hidden 2"]
    assert [s.description for s in outer.deltas] == ["delta 0", "delta 1", "delta 2"]


def test_outer_product_explorer_takes_its_sizes_from_its_arguments():
    explorer = OuterProductExplorer(bias_grads=(0.5, -1), inputs=(2, 3, -4))
    assert len(explorer.cell.options) == 6 and explorer.cell.value == (1, 2)
    assert "= -1 x -4 = 4" in explorer.readout.value and "= 1 + 2 x 2 = 5" in explorer.readout.value
    for bad, message in [
        (dict(bias_grads=(4.0,)), "bias_grads must be at least one number, each between -3 and 3, got [4.0]"),
        (dict(inputs=()), "inputs must be at least one number, each between -8 and 8, got []"),
    ]:
        with pytest.raises(ValueError) as raised:
            OuterProductExplorer(**bad)
        assert str(raised.value) == message
    with pytest.raises(TypeError, match="inputs must be numbers"):
        OuterProductExplorer(inputs="abc")


def test_bad_arguments_leave_nothing_behind(monkeypatch):
    unraisable = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)  # what a failing __del__ would report
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match="bias_grads must be"):
            OuterProductExplorer(bias_grads=[[1.0]])
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
