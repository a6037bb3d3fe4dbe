"""The article's own numbers and its slips, computed by the list helpers."""

import numpy as np
import pytest

import bplib
from bplib import article


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
        (lambda: article.activate([1.0], "softmax"), "activation must be one of"),
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
    ],
)
def test_list_helpers_reject_bad_input(call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call()
