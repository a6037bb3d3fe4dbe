import numpy as np
import pytest

import bplib
from bplib.activations import ACTIVATIONS
from bplib.costs import COSTS


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
@pytest.mark.parametrize("hidden", list(ACTIVATIONS))
def test_backprop_matches_nudging(batch_problem, hidden, cost):
    weights, biases, x, y = batch_problem
    check = bplib.gradient_check(weights, biases, x, y, activation=[hidden, "sigmoid"], cost=cost)
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
        looped = bplib.backprop_sample_by_sample(weights, biases, x, y, cost=cost)
        batched = bplib.backprop(weights, biases, x, y, cost=cost)
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
