"""Property tests: backprop equals centred finite differences over random networks (every cost, every activation,
softmax outputs and He weights included), the softmax stays finite and exact for any finite z, and the article's
list helpers equal numpy."""

import warnings

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import bplib
from bplib import article
from bplib.activations import ACTIVATIONS, ELEMENTWISE, log_softmax, softmax, softmax_jacobian
from bplib.costs import COSTS, categorical_cross_entropy_from_logits
from bplib.network import INITS

# The gradient of relu does not exist at its kink: keep every relu input this far from 0 so that nudges of
# size 1e-5 never cross it.
KINK_MARGIN = 1e-3


@st.composite
def problems(draw):
    depth = draw(st.integers(1, 4))
    sizes = draw(st.lists(st.integers(1, 8), min_size=depth + 1, max_size=depth + 1))
    cost = draw(st.sampled_from(list(COSTS)))
    hidden = draw(st.lists(st.sampled_from(ELEMENTWISE), min_size=depth - 1, max_size=depth - 1))
    # a cross-entropy needs its own output activation; the quadratic cost takes any, the softmax included
    last = COSTS[cost].output_activation or draw(st.sampled_from(list(ACTIVATIONS)))
    batch = draw(st.one_of(st.none(), st.integers(1, 5)))
    init = draw(st.sampled_from(list(INITS)))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    weights, biases = bplib.random_network(sizes, seed=rng, init=init)
    shape_x = (sizes[0],) if batch is None else (batch, sizes[0])
    shape_y = (sizes[-1],) if batch is None else (batch, sizes[-1])
    x = rng.normal(size=shape_x)
    y = rng.uniform(size=shape_y)
    if COSTS[cost].desired_sums_to_one:  # the categorical cross-entropy: a probability per class
        y = y / y.sum(axis=-1, keepdims=True)
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
    computed = np.concatenate([g.ravel() for g in bias_grads + weight_grads])
    nudged, nudged_twice_as_far = (_nudged(weights, biases, x, y, h, activation, cost) for h in (1e-5, 2e-5))
    # each nudged slope is off by its rounding, about eps * loss / h (near 1e-11), besides its truncation, about
    # h**2 times the third derivative: the first is not small beside slopes near 1e-6 (saturated units); the
    # second is measured, as a step twice as long makes it 4 times larger (their gap is 3 times the error at h)
    truncation = np.abs(nudged - nudged_twice_as_far)
    np.testing.assert_array_less(np.abs(computed - nudged), 1e-7 * np.abs(nudged) + 1e-9 + truncation)


def _nudged(weights, biases, x, y, h, activation, cost) -> np.ndarray:
    nudged_b, nudged_w = bplib.numerical_gradient(weights, biases, x, y, h, "centred", activation, cost)
    return np.concatenate([g.ravel() for g in nudged_b + nudged_w])


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


_ROWS_OF_Z = hnp.arrays(
    np.float64,
    st.one_of(st.tuples(st.integers(1, 6)), st.tuples(st.integers(1, 4), st.integers(1, 6))),
    elements=st.one_of(st.floats(-1e4, 1e4), st.floats(-1e300, 1e300)),
)


@settings(max_examples=300, deadline=None)
@given(_ROWS_OF_Z, st.integers(0, 2**32 - 1))
def test_softmax_of_any_finite_z_is_a_probability_and_its_cost_is_finite(z, seed):
    """No overflow, no warning, whatever finite z: p in [0, 1] summing to 1, ln p <= 0, a finite cost for any
    one-hot y, and a finite Jacobian whose rows sum to 0; where p is not rounded to 0, ln p is ln of it."""
    rng = np.random.default_rng(seed)
    y = np.eye(z.shape[-1])[rng.integers(0, z.shape[-1], size=z.shape[:-1])]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        p, log_p, jacobian = softmax(z), log_softmax(z), softmax_jacobian(z)
        cost = categorical_cross_entropy_from_logits(y, z)
    spread = np.max(z, axis=-1) - np.min(z, axis=-1)
    assume(np.all(np.isfinite(spread)))  # beyond 1.8e308 apart, ln p itself is below float64's range
    assert np.all((p >= 0) & (p <= 1)) and np.allclose(p.sum(axis=-1), 1.0, rtol=0, atol=1e-15 * z.shape[-1])
    assert np.all(np.isfinite(log_p)) and np.all(log_p <= 0) and np.all(np.isfinite(cost)) and np.all(cost >= 0)
    assert np.all(np.isfinite(jacobian)) and np.allclose(jacobian.sum(axis=-1), 0.0, atol=1e-15)
    normal = p > 1e-300
    np.testing.assert_allclose(np.exp(log_p[normal]), p[normal], rtol=1e-12)
    top = np.take_along_axis(p, np.argmax(z, axis=-1)[..., None], axis=-1)[..., 0]
    np.testing.assert_array_equal(top, np.max(p, axis=-1))  # the largest z has the largest p (ties may round)


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 6), st.integers(1, 6), st.integers(0, 2**32 - 1))
def test_series_list_helpers_equal_the_networks_output_bias_gradients(n_out, n_in, seed):
    """For one sample through one softmax layer, the article's list helpers give the network's output bias
    gradients: p - y with the categorical cross-entropy, and the script's relu'(z) (p - y) / n as written."""
    rng = np.random.default_rng(seed)
    weights, biases = bplib.random_network([n_in, n_out], seed=rng, init="he")
    x, y = rng.normal(size=n_in), np.eye(n_out)[rng.integers(0, n_out)]
    zs, activations = bplib.forward(weights, biases, x, "softmax")
    z, p = zs[0].tolist(), article.softmax(zs[0].tolist())
    np.testing.assert_allclose(p, activations[1], rtol=1e-15, atol=1e-300)
    fixed = article.softmax_output_bias_grads(z, p, y.tolist())
    as_written = article.softmax_output_bias_grads(z, p, y.tolist(), as_written=True)
    network_fixed = bplib.backprop(weights, biases, x, y, "softmax", "categorical_cross_entropy")[0][0]
    network_script = bplib.backprop(weights, biases, x, y, "softmax", article.SERIES_SOFTMAX_AS_WRITTEN)[0][0]
    np.testing.assert_allclose(fixed, network_fixed, rtol=1e-14, atol=1e-300)
    np.testing.assert_allclose(as_written, network_script, rtol=1e-14, atol=1e-300)
