import numpy as np
import pytest

import bplib
from bplib.finite_differences import Nudge


def test_the_articles_slope_minus_0_002_over_0_001_is_minus_2():
    # a loss that falls by 0.002 when the bias rises by 0.001
    def loss_of_bias(b):
        return 1.0 - 2.0 * b

    assert bplib.forward_difference(loss_of_bias, 0.5, 0.001) == pytest.approx(-2.0, rel=1e-12)
    assert loss_of_bias(0.501) - loss_of_bias(0.5) == pytest.approx(-0.002, rel=1e-12)


def test_nudge_reports_losses_and_slope(article_layer):
    weights, biases, x, y = article_layer
    n = bplib.nudge(weights, biases, x, y, "bias", 0, 1, step=0.001)
    assert isinstance(n, Nudge) and n.loss_minus is None
    assert n.loss == pytest.approx(bplib.loss(weights, biases, x, y), rel=1e-15)
    nudged = [b.copy() for b in biases]
    nudged[0][1] += 0.001
    assert n.loss_plus == pytest.approx(bplib.loss(weights, nudged, x, y), rel=1e-15)
    assert n.slope == pytest.approx((n.loss_plus - n.loss) / 0.001, rel=1e-12)
    assert "slope" in str(n) and "biases[0][1]" in str(n)
    assert biases[0][1] == -0.2  # the caller's network is untouched


def test_nudge_a_weight_centred(article_layer):
    weights, biases, x, y = article_layer
    n = bplib.nudge(weights, biases, x, y, "weight", 0, (2, 3), step=1e-5, method="centred")
    assert n.parameter == "weights[0][2, 3]"
    assert n.slope == pytest.approx(bplib.backprop(weights, biases, x, y)[1][0][2, 3], rel=1e-8)


def test_forward_error_falls_like_h_and_centred_like_h_squared():
    f, x0, exact = np.sin, 0.7, np.cos(0.7)
    hs = np.array([1e-2, 1e-3])
    forward = [abs(bplib.forward_difference(f, x0, h) - exact) for h in hs]
    centred = [abs(bplib.centred_difference(f, x0, h) - exact) for h in hs]
    assert np.log10(forward[0] / forward[1]) == pytest.approx(1.0, abs=0.05)
    assert np.log10(centred[0] / centred[1]) == pytest.approx(2.0, abs=0.05)
    # and at h = 1e-12 rounding error makes the centred difference worse than at 1e-5
    assert abs(bplib.centred_difference(f, x0, 1e-12) - exact) > 100 * abs(
        bplib.centred_difference(f, x0, 1e-5) - exact
    )


def test_numerical_gradient_forward_and_centred(batch_problem):
    weights, biases, x, y = batch_problem
    exact = bplib.backprop(weights, biases, x, y)
    centred = bplib.numerical_gradient(weights, biases, x, y)
    forward = bplib.numerical_gradient(weights, biases, x, y, step=1e-3, method="forward")
    for e, c, f in zip(exact[0] + exact[1], centred[0] + centred[1], forward[0] + forward[1]):
        assert bplib.relative_error(e, c) < 1e-8
        assert 1e-7 < bplib.relative_error(e, f) < 1e-2  # the one-sided nudge is visibly less accurate


def test_relative_error():
    assert bplib.relative_error([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert bplib.relative_error([1.0, 0.0], [1.1, 0.0]) == pytest.approx(0.1 / 2.1)
    assert bplib.relative_error([1e-12], [2e-12]) == pytest.approx(1e-4)  # the 1e-8 floor
    with pytest.raises(ValueError, match="same shape"):
        bplib.relative_error([1.0], [1.0, 2.0])


def test_gradient_check_catches_a_wrong_gradient(batch_problem):
    weights, biases, x, y = batch_problem
    bias_grads, weight_grads = bplib.backprop(weights, biases, x, y)
    weight_grads[1] = -weight_grads[1]
    check = bplib.gradient_check(weights, biases, x, y, gradients=(bias_grads, weight_grads))
    assert [r.passed for r in check.rows] == [True, True, True, False]
    assert not check.passed and check.max_relative_error == pytest.approx(1.0)
    assert "FAIL" in str(check) and "weights[1]" in str(check)
