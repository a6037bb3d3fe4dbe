"""The article's own numbers and its slips, computed by the list helpers."""

import math
import warnings

import numpy as np
import pytest

import bplib
from bplib import article

CCE = "categorical_cross_entropy"


def test_vec_add_is_a_sum_not_a_product():
    assert article.vec_add([1, 2, 3], [4, 5, 6]) == [5.0, 7.0, 9.0]
    assert article.vec_sub([1, 2, 3], [4, 5, 6]) == [-3.0, -3.0, -3.0]


def test_outer_product_example_and_its_column_major_layout():
    flat = article.weight_grads([1, 2, 3], [4, 5, 6, 7])
    assert flat == [4, 8, 12, 5, 10, 15, 6, 12, 18, 7, 14, 21]
    assert article.from_column_major(flat, 3) == [[4, 5, 6, 7], [8, 10, 12, 14], [12, 15, 18, 21]]
    assert flat == np.outer([1, 2, 3], [4, 5, 6, 7]).ravel(order="F").tolist()


def test_mat_mul_reads_column_major_weights():
    w = [[1, 2], [3, 4], [5, 6]]
    assert article.mat_mul(article.to_column_major(w), [1, 10]) == [21, 43, 65]


def test_article_final_layer_matches_numpy(article_layer):
    weights, biases, x, y = article_layer
    flat = article.to_column_major(weights[0])
    outputs = article.vec_add(article.mat_mul(flat, x.tolist()), biases[0].tolist())
    activated = article.activate(outputs)
    cost = article.cost(article.vec_sub(y.tolist(), activated))
    assert cost == pytest.approx(bplib.loss(weights, biases, x, y), rel=1e-14)
    grads = article.output_bias_grads(outputs, y.tolist(), activated)
    np.testing.assert_allclose(grads, bplib.backprop(weights, biases, x, y)[0][0], rtol=1e-13)


def test_bias_loop_as_written_repeats_gradient_zero(article_layer):
    weights, biases, x, y = article_layer
    zs, acts = bplib.forward(weights, biases, x)
    as_written = article.output_bias_grads(zs[0].tolist(), y.tolist(), acts[1].tolist(), as_written=True)
    fixed = article.output_bias_grads(zs[0].tolist(), y.tolist(), acts[1].tolist())
    assert as_written == [fixed[0]] * 3
    nudged = [bplib.nudge(weights, biases, x, y, "bias", 0, i, step=1e-5, method="centred").slope for i in range(3)]
    np.testing.assert_allclose(fixed, nudged, rtol=1e-8)
    assert abs(as_written[1] - nudged[1]) > 0.01


def test_hidden_formula_as_written_disagrees_with_nudging():
    weights, biases = bplib.random_network([4, 3, 3], seed=3)
    x, y = np.array([0.3, 0.2, 0, 0.5]), np.array([1.0, 0, 0])
    zs, _ = bplib.forward(weights, biases, x)
    next_grads = bplib.backprop(weights, biases, x, y)[0][1].tolist()
    args = (next_grads, article.to_column_major(weights[1]), zs[0].tolist())
    nudged = bplib.numerical_gradient(weights, biases, x, y)[0][0]
    np.testing.assert_allclose(article.hidden_bias_grads(*args), nudged, rtol=1e-8)
    as_written = np.array(article.hidden_bias_grads(*args, as_written=True))
    assert np.all(np.abs(as_written) > 3 * np.abs(nudged))  # sigma' <= 1/4 is missing


def test_helpers_take_tuples_and_1d_arrays_and_give_plain_floats():
    assert article.vec_add((1, 2), np.array([0.5, 0.25])) == [1.5, 2.25]
    assert all(type(v) is float for v in article.vec_add(np.array([1, 2]), [np.float32(0.5), 1]))
    assert article.to_column_major(np.array([[1, 2], [3, 4]])) == [1.0, 3.0, 2.0, 4.0]
    assert article.from_column_major([1, 3, 2, 4], np.int64(2)) == [[1.0, 2.0], [3.0, 4.0]]
    assert article.output_bias_grads([0.0], [1.0], [0.5], as_written=np.True_) == [-0.125]


def test_cost_derivative_keeps_the_order_desired_then_activated():
    assert article.cost_derivative(1.0, 0.25) == -0.75


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: article.vec_add([1, 2], [1]), "same length"),
        (lambda: article.vec_add("12", [1, 2]), "a must be a list"),
        (lambda: article.mat_mul([1, 2, 3], [1, 2]), "weights must hold"),
        (lambda: article.weight_grads([1, float("nan")], [1]), r"bias_grads\[1\] must be finite"),
        (lambda: article.activate([1.0], "softmax"), "activation must be one of"),  # it couples the outputs
        (lambda: article.activate_derivative(1.0, "softmax"), "activation must be one of"),
        (lambda: article.hidden_bias_grads([1.0], [1.0, 2.0, 3.0], [0.0, 0.0]), "next_weights must hold"),
        (lambda: article.from_column_major([1, 2, 3], 2), "n_rows must be"),
        (lambda: article.vec_sub([1, None], [1, 2]), r"a\[1\] must be a number"),
        # issue 9: silent acceptance and raw errors
        (lambda: article.output_bias_grads([1.0], [1.0], [0.5], as_written="no"), "as_written must be True or False"),
        (lambda: article.hidden_bias_grads([1.0], [1.0], [0.0], as_written=1), "as_written must be True or False"),
        (lambda: article.vec_add({1: 2}, {3: 4}), "a must be a list of numbers, got dict"),
        (lambda: article.vec_add({1.0, 2.0}, [1.0, 2.0]), "a must be a list of numbers, got set"),
        (lambda: article.vec_add(np.ones((2, 2)), np.ones((2, 2))), r"a must be a list of numbers \(or a 1-D array\)"),
        (lambda: article.mat_mul(np.ones((2, 2)), [1.0, 2.0]), r"got an array of shape \(2, 2\)"),
        (lambda: article.to_column_major(None), "matrix must be a list of rows or a 2-D array, got NoneType"),
        (lambda: article.to_column_major(np.ones(3)), "matrix must be a list of rows or a 2-D array"),
        (lambda: article.to_column_major([["a", "b"], ["c", "d"]]), r"matrix\[0\]\[0\] must be a number, got str"),
        (lambda: article.to_column_major([[1.0, 2.0], [3.0]]), r"equal length, got row lengths \[2, 1\]"),
        (lambda: article.to_column_major([[np.nan, 1.0]]), r"matrix\[0\]\[0\] must be finite, got nan"),
        (lambda: article.vec_add([1.0, np.inf], [1.0, 2.0]), r"a\[1\] must be finite"),
        (lambda: article.vec_add([1 + 2j], [1.0]), r"a\[0\] must be a number, got complex"),
        (lambda: article.vec_add([np.complex128(1)], [1.0]), r"a\[0\] must be a number, got complex128"),
        (lambda: article.vec_add([10**400], [1.0]), r"a\[0\] must be finite, got a number beyond"),
        (lambda: article.vec_add([1e308], [1e308]), "a \\+ b overflows float64"),
        (lambda: article.mat_mul([1e200], [1e200]), "weights x inputs overflows float64"),
        (lambda: article.cost([1e200]), r"1/2 sum of differences\^2 overflows float64"),
        (lambda: article.weight_grads([1e200], [1e200]), "bias_grads x inputs overflows float64"),
        (lambda: article.cost_derivative(None, 1.0), "desired must be a number"),
        (lambda: article.activate_derivative("0.5"), "output must be a number"),
        (lambda: article.from_column_major([1.0, 2.0], 2.0), "n_rows must be"),
        # the series' second program
        (lambda: article.softmax([], as_written=True), "outputs must hold at least one number"),
        (lambda: article.softmax([1.0, np.nan]), r"outputs\[1\] must be finite"),
        (lambda: article.softmax([1.0], as_written="yes"), "as_written must be True or False"),
        (
            lambda: article.softmax_cross_entropy_cost_derivative([0.5], [1.0, 0.0]),
            "softmax_outputs and desired_outputs",
        ),
        (lambda: article.softmax_output_bias_grads([1.0], [0.5, 0.5], [1.0, 0.0]), "outputs and softmax_outputs"),
        (lambda: article.softmax_output_bias_grads([1.0], [1.0], [1.0], as_written=None), "as_written must be"),
        (lambda: article.cross_entropy_cost([0.5], [1.0, 0.0]), "activate_outputs and desired_outputs"),
        (lambda: article.cross_entropy_cost([0.5], ["1"]), r"desired_outputs\[0\] must be a number"),
        (lambda: article.cross_entropy_cost([0.0], [1.0], as_written=True), r"activate_outputs\[0\] = 0"),
    ],
)
def test_list_helpers_reject_bad_input(call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call()


# --- the series' second program (S12-S15) ------------------------------------------------------------------------

Z = [1.5, -0.5, 0.25, -2.0]  # two outputs with z <= 0, which the script's relu' zeroes
Y = [0.0, 1.0, 0.0, 0.0]


def _by_definition(z: list[float]) -> list[float]:
    total = math.fsum(math.exp(v) for v in z)
    return [math.exp(v) / total for v in z]


def test_softmax_fixed_equals_its_definition_and_as_written_overflows_from_709_79():
    np.testing.assert_allclose(article.softmax(Z), _by_definition(Z), rtol=1e-15)
    np.testing.assert_allclose(article.softmax(Z, as_written=True), _by_definition(Z), rtol=1e-15)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # NaN, as the script gets it, but quietly
        below = article.softmax([709.78, 0.0], as_written=True)  # e^709.78 is still below 1.8e308
        above = article.softmax([709.79, 0.0], as_written=True)  # e^709.79 is inf, and inf / inf NaN
    assert below == [1.0, pytest.approx(math.exp(-709.78), rel=1e-12)]
    assert math.isnan(above[0]) and above[1] == 0.0
    assert article.softmax([709.79, 0.0]) == [1.0, pytest.approx(math.exp(-709.79), rel=1e-12)]


def test_the_scripts_derivative_is_a_tenth_of_p_minus_y_with_ten_outputs():
    """S13: divided by the number of outputs."""
    z = [0.1 * k for k in range(10)]
    p, y = _by_definition(z), [float(k == 3) for k in range(10)]
    fixed = article.softmax_cross_entropy_cost_derivative(p, y)
    as_written = article.softmax_cross_entropy_cost_derivative(p, y, as_written=True)
    assert fixed == [p_i - y_i for p_i, y_i in zip(p, y)]
    assert as_written == [(p_i - y_i) / 10 for p_i, y_i in zip(p, y)]


def test_the_scripts_output_delta_zeroes_units_with_z_at_most_0_and_misses_the_nudges():
    """S12 and S13: relu'(z) (p - y) / n, written out by hand, against nudges of the categorical cross-entropy."""
    p = _by_definition(Z)
    by_hand = [(p_i - y_i) / 4 if z_i > 0 else 0.0 for z_i, p_i, y_i in zip(Z, p, Y)]
    assert article.softmax_output_bias_grads(Z, p, Y, as_written=True) == pytest.approx(by_hand, rel=1e-15)
    weights, biases = [np.zeros((4, 1))], [np.array(Z)]  # one softmax layer whose z is Z for the input 0
    nudged = bplib.numerical_gradient(weights, biases, [0.0], Y, activation="softmax", cost=CCE, kind="bias", layer=0)
    np.testing.assert_allclose(article.softmax_output_bias_grads(Z, p, Y), nudged, rtol=1e-8, atol=1e-11)
    as_written = np.array(article.softmax_output_bias_grads(Z, p, Y, as_written=True))
    assert bplib.relative_error(as_written, nudged) > 0.4
    assert as_written[1] == 0.0 and nudged[1] < -0.5  # the right class, z = -0.5: no delta at all


def test_the_printed_cost_is_the_binary_cross_entropy_and_stops_where_perl_does():
    """S14 and S15: the script prints -sum [y ln p + (1 - y) ln(1 - p)], and dies at ln 0."""
    p = _by_definition(Z)
    binary = -math.fsum(y * math.log(a) + (1 - y) * math.log(1 - a) for y, a in zip(Y, p))
    categorical = -math.log(p[1])
    assert article.cross_entropy_cost(p, Y, as_written=True) == pytest.approx(binary, rel=1e-15)
    assert article.cross_entropy_cost(p, Y) == pytest.approx(categorical, rel=1e-15)
    top = article.softmax([40.0, 0.0, 0.0, 0.0])  # the top z leads by 40: its p rounds to 1
    assert top[0] == 1.0
    with pytest.raises(ValueError, match=r"activate_outputs\[0\] = 1 stops the script: it takes ln\(1 - p\) = ln\(0\)"):
        article.cross_entropy_cost(top, [1.0, 0.0, 0.0, 0.0], as_written=True)
    assert article.cross_entropy_cost(top, [1.0, 0.0, 0.0, 0.0]) == 0.0


def _scripts_gradients(weights, biases, x, y):
    """The script's backprop written out with numpy, for a relu-softmax network and one sample: its output delta
    relu'(z) (p - y) / n, then BP2 to BP4 as usual."""
    z0 = weights[0] @ x + biases[0]
    a0 = np.maximum(z0, 0)
    z1 = weights[1] @ a0 + biases[1]
    p = np.exp(z1 - z1.max()) / np.exp(z1 - z1.max()).sum()
    delta1 = (z1 > 0) * (p - y) / len(y)
    delta0 = (weights[1].T @ delta1) * (z0 > 0)
    return [delta0, delta1], [np.outer(delta0, x), np.outer(delta1, a0)]


def test_the_series_cost_makes_backprop_compute_the_scripts_gradients_and_report_its_cost():
    weights, biases = bplib.random_network([5, 6, 4], seed=11, init="he")
    rng = np.random.default_rng(2)
    x, y = rng.normal(size=5), np.eye(4)[2]
    act, script = ["relu", "softmax"], article.SERIES_SOFTMAX_AS_WRITTEN
    bias_grads, weight_grads = bplib.backprop(weights, biases, x, y, act, script)
    expected_b, expected_w = _scripts_gradients(weights, biases, x, y)
    for got, expected in zip(bias_grads + weight_grads, expected_b + expected_w):
        np.testing.assert_allclose(got, expected, rtol=1e-13, atol=1e-17)
    p = bplib.predict(weights, biases, x, act)
    printed = -math.fsum(t * math.log(a) + (1 - t) * math.log(1 - a) for t, a in zip(y, p))
    assert bplib.loss(weights, biases, x, y, act, script) == pytest.approx(printed, rel=1e-14)
    assert not bplib.gradient_check(weights, biases, x, y, act, script).passed  # not the printed cost's gradient
    nudged = bplib.numerical_gradient(weights, biases, x, y, activation=act, cost=CCE)
    script_grads = np.concatenate([g.ravel() for g in bias_grads + weight_grads])
    assert bplib.relative_error(script_grads, np.concatenate([g.ravel() for g in nudged[0] + nudged[1]])) > 0.5
