"""Property tests: backprop equals centred finite differences over random networks, and the article's list
helpers equal numpy."""

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import bplib
from bplib import article
from bplib.activations import ACTIVATIONS
from bplib.costs import COSTS

# The gradient of relu does not exist at its kink: keep every relu input this far from 0 so that nudges of
# size 1e-5 never cross it.
KINK_MARGIN = 1e-3


@st.composite
def problems(draw):
    depth = draw(st.integers(1, 4))
    sizes = draw(st.lists(st.integers(1, 8), min_size=depth + 1, max_size=depth + 1))
    cost = draw(st.sampled_from(list(COSTS)))
    hidden = draw(st.lists(st.sampled_from(list(ACTIVATIONS)), min_size=depth - 1, max_size=depth - 1))
    last = "sigmoid" if cost == "cross_entropy" else draw(st.sampled_from(list(ACTIVATIONS)))
    batch = draw(st.one_of(st.none(), st.integers(1, 5)))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    weights, biases = bplib.random_network(sizes, seed=rng)
    shape_x = (sizes[0],) if batch is None else (batch, sizes[0])
    shape_y = (sizes[-1],) if batch is None else (batch, sizes[-1])
    x = rng.normal(size=shape_x)
    y = rng.uniform(size=shape_y)
    return weights, biases, x, y, hidden + [last], cost


def _far_from_kinks(weights, biases, x, activation):
    zs, _ = bplib.forward(weights, biases, x, activation)
    return all(np.min(np.abs(z)) > KINK_MARGIN for z, name in zip(zs, activation) if name == "relu")


@settings(max_examples=300, deadline=None)
@given(problems())
def test_backprop_equals_centred_differences(problem):
    weights, biases, x, y, activation, cost = problem
    assume(_far_from_kinks(weights, biases, x, activation))
    bias_grads, weight_grads = bplib.backprop(weights, biases, x, y, activation, cost)
    nudged_b, nudged_w = bplib.numerical_gradient(weights, biases, x, y, 1e-5, "centred", activation, cost)
    computed = np.concatenate([g.ravel() for g in bias_grads + weight_grads])
    nudged = np.concatenate([g.ravel() for g in nudged_b + nudged_w])
    assert bplib.relative_error(computed, nudged) <= 1e-7


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 6), st.integers(1, 6), st.integers(0, 2**32 - 1))
def test_list_helpers_equal_numpy(n_out, n_in, seed):
    rng = np.random.default_rng(seed)
    w = rng.normal(size=(n_out, n_in))
    x, b, y = rng.normal(size=n_in), rng.normal(size=n_out), rng.uniform(size=n_out)
    flat_w = article.to_column_major(w)
    np.testing.assert_allclose(flat_w, w.ravel(order="F"), rtol=0)
    outputs = article.vec_add(article.mat_mul(flat_w, x.tolist()), b.tolist())
    np.testing.assert_allclose(outputs, w @ x + b, rtol=1e-12, atol=1e-12)
    activated = article.activate(outputs)
    bias_grads = article.output_bias_grads(outputs, y.tolist(), activated)
    (np_b,), (np_w,) = bplib.backprop([w], [b], x, y)
    np.testing.assert_allclose(bias_grads, np_b, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(
        article.weight_grads(bias_grads, x.tolist()), np_w.ravel(order="F"), rtol=1e-12, atol=1e-15
    )
    assert article.vec_sub(y.tolist(), activated) == (y - np.array(activated)).tolist()


@settings(max_examples=100, deadline=None)
@given(
    st.integers(1, 5),
    st.integers(1, 5),
    st.integers(1, 5),
    st.sampled_from(["sigmoid", "tanh"]),
    st.integers(0, 2**32 - 1),
)
def test_hidden_bias_grads_equal_numpy(n_in, n_hidden, n_out, activation, seed):
    rng = np.random.default_rng(seed)
    weights, biases = bplib.random_network([n_in, n_hidden, n_out], seed=rng)
    x, y = rng.normal(size=n_in), rng.uniform(size=n_out)
    zs, _ = bplib.forward(weights, biases, x, [activation, "sigmoid"])
    bias_grads, _ = bplib.backprop(weights, biases, x, y, [activation, "sigmoid"])
    listed = article.hidden_bias_grads(
        bias_grads[1].tolist(), article.to_column_major(weights[1]), zs[0].tolist(), activation
    )
    np.testing.assert_allclose(listed, bias_grads[0], rtol=1e-12, atol=1e-15)


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 6), st.sampled_from(["forward", "centred"]), st.integers(0, 2**32 - 1))
def test_numerical_gradient_of_a_quadratic_form_and_x_restored_to_the_bit(n, method, seed):
    """f(x) = 1/2 x^T A x + b^T x has gradient A x + b (A symmetric); the nudged array ends as it began."""
    rng = np.random.default_rng(seed)
    a = rng.normal(size=(n, n))
    a = (a + a.T) / 2
    b = rng.normal(size=n)
    x = rng.normal(size=n)
    before = x.copy()
    step = 1e-5 if method == "centred" else 1e-7
    grad = bplib.numerical_gradient_of(lambda v: float(0.5 * v @ a @ v + b @ v), x, step, method)
    np.testing.assert_allclose(grad, a @ before + b, rtol=0, atol=1e-6 if method == "centred" else 1e-5)
    assert np.array_equal(x, before)


@settings(max_examples=60, deadline=None)
@given(problems())
def test_one_sample_equals_a_batch_of_one_and_each_layer_is_a_slice(problem):
    weights, biases, x, y, activation, cost = problem
    one_x, one_y = (x, y) if x.ndim == 1 else (x[0], y[0])
    single = bplib.backprop(weights, biases, one_x, one_y, activation, cost)
    batch = bplib.backprop(weights, biases, one_x[None], one_y[None], activation, cost)
    assert all(np.array_equal(s, b) for s, b in zip(single[0] + single[1], batch[0] + batch[1]))
    layer = len(weights) - 1
    whole = bplib.numerical_gradient(weights, biases, x, y, 1e-5, "centred", activation, cost)
    sliced = bplib.numerical_gradient(weights, biases, x, y, 1e-5, "centred", activation, cost, layer=layer)
    assert np.array_equal(sliced[0], whole[0][layer]) and np.array_equal(sliced[1], whole[1][layer])
