import warnings

import numpy as np
import pytest

from bplib.activations import ACTIVATIONS, sigmoid
from bplib.costs import COSTS, cross_entropy, cross_entropy_from_logits, quadratic_derivative

Z = np.linspace(-3, 3, 13) + 0.05  # stays off relu's kink at 0


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_activation_derivative_matches_centred_difference(name):
    act = ACTIVATIONS[name]
    h = 1e-6
    numeric = (act.activate(Z + h) - act.activate(Z - h)) / (2 * h)
    np.testing.assert_allclose(act.activate_derivative(Z), numeric, rtol=1e-8, atol=1e-9)


def test_activation_values():
    assert sigmoid(np.array(0.0)) == 0.5
    np.testing.assert_allclose(sigmoid(np.array([-2.0, 2.0])), 1 / (1 + np.exp([2.0, -2.0])), rtol=1e-15)
    np.testing.assert_array_equal(ACTIVATIONS["relu"].activate(np.array([-1.0, 0.0, 2.0])), [0.0, 0.0, 2.0])
    np.testing.assert_array_equal(ACTIVATIONS["relu"].activate_derivative(np.array([-1.0, 0.0, 2.0])), [0, 0, 1])
    assert ACTIVATIONS["identity"].activate_derivative(Z).tolist() == [1.0] * len(Z)


def test_sigmoid_has_no_overflow_warning_up_to_1e4():
    z = np.array([-1e4, -710.0, -50.0, 50.0, 710.0, 1e4])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = sigmoid(z)
        ds = ACTIVATIONS["sigmoid"].activate_derivative(z)
    assert s[0] == 0.0 and s[-1] == 1.0
    assert np.all(np.isfinite(ds)) and ds.max() < 1e-20


@pytest.mark.parametrize("name", list(COSTS))
def test_cost_derivative_is_dC_da_in_the_articles_argument_order(name):
    cost = COSTS[name]
    desired = np.array([1.0, 0.0, 0.3])
    a = np.array([0.6, 0.2, 0.7])
    h = 1e-6
    numeric = [(cost.cost(desired, a + h * e) - cost.cost(desired, a - h * e)) / (2 * h) for e in np.eye(3)]
    np.testing.assert_allclose(cost.cost_derivative(desired, a), numeric, rtol=1e-7)


def test_quadratic_derivative_is_a_minus_desired():
    assert quadratic_derivative(np.array([1.0]), np.array([0.25])).tolist() == [-0.75]


def test_cross_entropy_is_finite_at_zero_and_one():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        exact = cross_entropy(np.array([1.0, 0.0]), np.array([1.0, 0.0]))
        wrong = cross_entropy(np.array([1.0, 0.0]), np.array([0.0, 1.0]))
    assert exact == 0.0
    assert np.isfinite(wrong) and wrong > 1000  # each term is about 708 = -ln(smallest float)


def test_cross_entropy_from_logits_matches_the_plain_formula():
    y = np.array([1.0, 0.0, 0.4])
    z = np.array([0.3, -1.2, 2.5])
    np.testing.assert_allclose(cross_entropy_from_logits(y, z), cross_entropy(y, sigmoid(z)), rtol=1e-14)
    assert np.isclose(cross_entropy_from_logits(np.array([0.0]), np.array([800.0])), 800.0)
