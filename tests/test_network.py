import numpy as np
import pytest

import bplib
from bplib.activations import ACTIVATIONS, ELEMENTWISE
from bplib.costs import COSTS, Cost


def _fitting(cost: str, y: np.ndarray) -> tuple[str, np.ndarray]:
    """The last layer's activation ``cost`` asks for (sigmoid if any will do), and ``y`` made what it needs: for the
    categorical cross-entropy, a probability per class (each row summing to 1)."""
    needs = COSTS[cost]
    if needs.desired_sums_to_one:
        y = y / y.sum(axis=-1, keepdims=True)
    return needs.output_activation or "sigmoid", y


def test_forward_returns_zs_and_activations_of_every_layer(batch_problem):
    weights, biases, x, _ = batch_problem
    zs, activations = bplib.forward(weights, biases, x[0])
    assert [z.shape for z in zs] == [(5,), (3,)]
    assert [a.shape for a in activations] == [(4,), (5,), (3,)]
    np.testing.assert_allclose(zs[0], weights[0] @ x[0] + biases[0], rtol=1e-15)
    np.testing.assert_allclose(activations[2], 1 / (1 + np.exp(-zs[1])), rtol=1e-15)
    zs_batch, _ = bplib.forward(weights, biases, x)
    assert zs_batch[1].shape == (6, 3)
    np.testing.assert_allclose(zs_batch[1][0], zs[1], rtol=1e-14)


def test_article_layer_loss_is_half_sum_of_squares(article_layer):
    weights, biases, x, y = article_layer
    a = 1 / (1 + np.exp(-(weights[0] @ x + biases[0])))
    assert bplib.loss(weights, biases, x, y) == pytest.approx(0.5 * np.sum((y - a) ** 2), rel=1e-15)


def test_batch_loss_and_gradients_are_means_over_samples(batch_problem):
    weights, biases, x, y = batch_problem
    losses = [bplib.loss(weights, biases, xi, yi) for xi, yi in zip(x, y)]
    assert bplib.loss(weights, biases, x, y) == pytest.approx(np.mean(losses), rel=1e-14)
    per_sample = [bplib.backprop(weights, biases, xi, yi) for xi, yi in zip(x, y)]
    bias_grads, weight_grads = bplib.backprop(weights, biases, x, y)
    for l in range(2):
        np.testing.assert_allclose(bias_grads[l], np.mean([g[0][l] for g in per_sample], axis=0), rtol=1e-12)
        np.testing.assert_allclose(weight_grads[l], np.mean([g[1][l] for g in per_sample], axis=0), rtol=1e-12)


@pytest.mark.parametrize("cost", list(COSTS))
@pytest.mark.parametrize("hidden", ELEMENTWISE)
def test_backprop_matches_nudging(batch_problem, hidden, cost):
    weights, biases, x, y = batch_problem
    last, y = _fitting(cost, y)
    check = bplib.gradient_check(weights, biases, x, y, activation=[hidden, last], cost=cost)
    assert check.passed, str(check)
    assert len(check.rows) == 4


def test_gradients_are_shaped_like_the_parameters(batch_problem):
    weights, biases, x, y = batch_problem
    bias_grads, weight_grads = bplib.backprop(weights, biases, x, y)
    assert [g.shape for g in bias_grads] == [b.shape for b in biases]
    assert [g.shape for g in weight_grads] == [w.shape for w in weights]


def test_sample_by_sample_equals_batched(batch_problem):
    weights, biases, x, y = batch_problem
    for cost in COSTS:
        last, fitting_y = _fitting(cost, y)
        looped = bplib.backprop_sample_by_sample(weights, biases, x, fitting_y, ["tanh", last], cost)
        batched = bplib.backprop(weights, biases, x, fitting_y, ["tanh", last], cost)
        for a, b in zip(looped[0] + looped[1], batched[0] + batched[1]):
            np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-15)


def test_sigmoid_cross_entropy_delta_is_a_minus_y_even_when_saturated():
    z = np.array([40.0, -40.0])
    a = ACTIVATIONS["sigmoid"].activate(z)
    y = np.array([0.0, 1.0])
    delta = COSTS["cross_entropy"].output_delta(z, a, y, ACTIVATIONS["sigmoid"])
    np.testing.assert_array_equal(delta, a - y)
    assert delta.tolist() == [1.0, pytest.approx(-1.0)]


def test_random_network_is_seeded():
    w1, b1 = bplib.random_network([3, 4, 2], seed=5)
    w2, b2 = bplib.random_network([3, 4, 2], seed=5)
    w3, _ = bplib.random_network([3, 4, 2], seed=6)
    assert all(np.array_equal(p, q) for p, q in zip(w1 + b1, w2 + b2))
    assert not np.array_equal(w1[0], w3[0])
    assert [w.shape for w in w1] == [(4, 3), (2, 4)]


def test_one_sample_in_gives_one_sample_out_equal_to_a_batch_of_one(batch_problem):
    weights, biases, x, y = batch_problem
    zs, activations = bplib.forward(weights, biases, x[2])
    zs_batch, activations_batch = bplib.forward(weights, biases, x[2:3])
    assert [z.shape for z in zs] == [(5,), (3,)] and [a.shape for a in activations] == [(4,), (5,), (3,)]
    for one, batch in zip(zs + activations, zs_batch + activations_batch):
        np.testing.assert_array_equal(one, batch[0])
    assert bplib.loss(weights, biases, x[2], y[2]) == bplib.loss(weights, biases, x[2:3], y[2:3])
    one_b, one_w = bplib.backprop(weights, biases, x[2], y[2])
    batch_b, batch_w = bplib.backprop(weights, biases, x[2:3], y[2:3])
    for one, batch in zip(one_b + one_w, batch_b + batch_w):
        np.testing.assert_array_equal(one, batch)


def test_predict_is_the_last_activation(batch_problem):
    weights, biases, x, _ = batch_problem
    for inputs in (x, x[0]):
        outputs = bplib.predict(weights, biases, inputs, ["tanh", "sigmoid"])
        np.testing.assert_array_equal(outputs, bplib.forward(weights, biases, inputs, ["tanh", "sigmoid"])[1][-1])
    assert bplib.predict(weights, biases, x[0]).shape == (3,)


def test_forward_gives_a_copy_of_x_not_the_callers_array(batch_problem):
    weights, biases, x, _ = batch_problem
    _, activations = bplib.forward(weights, biases, x)
    activations[0][0, 0] = 99.0
    assert x[0, 0] != 99.0


@pytest.mark.parametrize("name", list(COSTS))
def test_each_costs_output_delta_is_dC_dz(name):
    """BP1, as each cost states it, against centred nudges of z through the cost from z."""
    cost = COSTS[name]
    last = ACTIVATIONS[_fitting(name, np.ones((1, 3)))[0]]
    z, y = np.array([[0.4, -1.3, 2.2]]), np.array([[0.7, 0.0, 0.3]])  # y in [0, 1] and summing to 1: fits every cost
    h = 1e-6
    nudged = [
        (
            cost.cost_from_z(z + h * e, last.function(z + h * e), y)
            - cost.cost_from_z(z - h * e, last.function(z - h * e), y)
        )
        / (2 * h)
        for e in np.eye(3)
    ]
    delta = cost.output_delta(z, last.function(z), y, last)
    np.testing.assert_allclose(delta[0], np.ravel(nudged), rtol=1e-8)


def test_the_network_uses_whatever_cost_it_is_given(batch_problem, monkeypatch):
    """A cost the network has never heard of (C = 1/4 sum (a - y)^4) backpropagates correctly: nothing in the
    network asks a cost for its name."""

    def quartic(desired, activated):
        return np.sum((activated - desired) ** 4, axis=-1) / 4

    def quartic_derivative(desired, activated):
        return (activated - desired) ** 3

    quartic_cost = Cost(
        "quartic",
        quartic,
        quartic_derivative,
        lambda z, a, desired, activation: activation.derivative(z) * quartic_derivative(desired, a),
        lambda z, a, desired: quartic(desired, a),
    )
    monkeypatch.setitem(COSTS, "quartic", quartic_cost)
    weights, biases, x, y = batch_problem
    assert bplib.loss(weights, biases, x, y, cost="quartic") == pytest.approx(
        np.mean(quartic(y, bplib.predict(weights, biases, x))), rel=1e-14
    )
    check = bplib.gradient_check(weights, biases, x, y, ["relu", "tanh"], "quartic")
    assert check.passed, str(check)


def test_random_network_keeps_its_promised_scale():
    """Weights from N(0, 1/n_in), biases from N(0, 1): so with inputs of size about 1, every weighted input z
    starts near 1 in size, whatever the width."""
    n_in, n_out = 400, 300
    weights, biases = bplib.random_network([n_in, n_out], seed=3)
    assert np.std(weights[0]) == pytest.approx(1 / np.sqrt(n_in), rel=0.02)
    assert abs(np.mean(weights[0])) < 3 / np.sqrt(n_in * n_out * n_in)  # three standard errors
    assert np.std(biases[0]) == pytest.approx(1.0, rel=0.15)
    x = np.random.default_rng(0).choice([-1.0, 1.0], size=(50, n_in))
    z_without_bias = x @ weights[0].T
    assert np.std(z_without_bias) == pytest.approx(1.0, rel=0.05)


def test_random_network_accepts_a_generator_and_refuses_a_negative_seed():
    rng = np.random.default_rng(5)
    w1, _ = bplib.random_network([3, 2], seed=rng)
    w2, _ = bplib.random_network([3, 2], seed=rng)
    assert not np.array_equal(w1[0], w2[0])  # the generator moved on
    with pytest.raises(ValueError, match="seed must be a whole number >= 0"):
        bplib.random_network([3, 2], seed=-1)


def test_he_weights_are_the_xavier_draws_times_root_two_and_the_default_is_unchanged():
    xavier_w, xavier_b = bplib.random_network([5, 4, 3], seed=8, init="xavier")
    he_w, he_b = bplib.random_network([5, 4, 3], seed=8, init="he")
    default_w, default_b = bplib.random_network([5, 4, 3], seed=8)
    for he, xavier in zip(he_w, xavier_w):
        np.testing.assert_allclose(he, np.sqrt(2) * xavier, rtol=1e-15)
    assert all(np.array_equal(h, x) for h, x in zip(he_b, xavier_b))  # the biases do not depend on init
    assert all(np.array_equal(d, x) for d, x in zip(default_w + default_b, xavier_w + xavier_b))
    # the first weight drawn with seed 8, from N(0, 1/5): the same number as before init existed
    assert default_w[0][0, 0] == np.random.default_rng(8).normal(0.0, 1 / np.sqrt(5))


@pytest.mark.parametrize("sizes", [[10**6, 10**6], [3 * 10**4, 2 * 10**4], [784, 10**9, 10]], ids=str)
def test_a_network_too_large_for_memory_is_refused_naming_sizes_before_allocating(sizes, monkeypatch):
    """10**12 weights (8 TB) on any machine; 6e8 (4.5 GiB) even on one that says it has a petabyte."""
    monkeypatch.setattr(bplib.validation, "_memory_bytes", lambda: 2**50)
    monkeypatch.setattr(np.random, "default_rng", lambda *args: pytest.fail("allocated before checking"))
    with pytest.raises(ValueError, match=r"^sizes is too large: the network's weights and biases would hold"):
        bplib.random_network(sizes, seed=0)
