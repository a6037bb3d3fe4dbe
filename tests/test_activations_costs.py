import warnings

import numpy as np
import pytest

from bplib import article, costs
from bplib.activations import ACTIVATIONS, ELEMENTWISE, sigmoid
from bplib.costs import COSTS, cross_entropy, cross_entropy_from_logits, quadratic_derivative

Z = np.linspace(-3, 3, 13) + 0.05  # stays off relu's kink at 0


@pytest.mark.parametrize("name", ELEMENTWISE)  # the softmax's Jacobian: tests/test_softmax.py
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
        from_the_article = article.activate([-1e4, 1e4]), article.activate_derivative(-1e4)
    assert s[0] == 0.0 and s[-1] == 1.0
    assert np.all(np.isfinite(ds)) and ds.max() < 1e-20
    assert from_the_article == ([0.0, 1.0], 0.0)


def test_sigmoid_is_exact_to_rounding_on_both_sides():
    z = np.linspace(-700.0, 700.0, 100_001)
    e = np.exp(-np.abs(z))  # e^x only of x <= 0: each side's formula without cancellation
    reference = np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    np.testing.assert_allclose(sigmoid(z), reference, rtol=1e-15, atol=0)


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


@pytest.mark.parametrize("name", ELEMENTWISE)  # the softmax's checks: tests/test_softmax.py
def test_activations_check_z_and_keep_a_bare_kernel_for_the_network(name):
    act = ACTIVATIONS[name]
    np.testing.assert_array_equal(act.activate([0.5, -2]), act.function(np.array([0.5, -2.0])))
    np.testing.assert_array_equal(act.activate_derivative(1), act.derivative(np.array(1.0)))
    with pytest.raises(ValueError, match=r"z must be finite, got nan at z\[1\]"):
        act.activate([0.0, np.nan])
    with pytest.raises(TypeError, match="z must be real numbers"):
        act.activate_derivative(np.array([1j]))
    with pytest.raises(TypeError, match="z must be numbers, got str"):
        act.activate("0.5")


def test_costs_check_their_arguments_and_refuse_to_overflow():
    y, a = np.array([1.0, 0.0]), np.array([0.6, 0.2])
    np.testing.assert_array_equal(COSTS["quadratic"].cost(y, a), 0.5 * ((y - a) ** 2).sum())
    with pytest.raises(ValueError, match=r"activated must have shape \(2,\) \(the shape of desired\), got \(2, 1\)"):
        quadratic_derivative(y, a[:, None])  # never broadcast into a (2, 2)
    with pytest.raises(ValueError, match=r"quadratic\(desired, activated\) overflows float64"):
        COSTS["quadratic"].cost(np.array([-1e200]), np.array([1e200]))
    with pytest.raises(ValueError, match=r"cross_entropy_derivative\(desired, activated\) overflows"):
        COSTS["cross_entropy"].cost_derivative(np.array([1.0]), np.array([1e-310]))  # -1 / 1e-310
    with pytest.raises(ValueError, match="desired must be finite"):
        cross_entropy(np.array([np.inf]), np.array([0.5]))


def test_a_cost_says_which_last_layer_and_which_y_it_needs():
    cross = COSTS["cross_entropy"]
    cross.check_fits("sigmoid", np.array([[0.0, 1.0]]))
    with pytest.raises(ValueError, match="last layer's activation must be 'sigmoid', got 'tanh'"):
        cross.check_fits("tanh", np.array([[0.0, 1.0]]))
    with pytest.raises(
        ValueError, match="y must lie between 0 and 1 for cost 'cross_entropy', got values from -1 to 1"
    ):
        cross.check_fits("sigmoid", np.array([[-1.0, 1.0]]))
    COSTS["quadratic"].check_fits("relu", np.array([[-5.0, 7.0]]))  # the quadratic cost takes any outputs


def test_the_categorical_cross_entropy_asks_for_a_softmax_and_a_probability_per_class():
    categorical = COSTS["categorical_cross_entropy"]
    categorical.check_fits("softmax", np.array([[0.0, 1.0], [0.25, 0.75]]))
    with pytest.raises(ValueError, match="last layer's activation must be 'softmax', got 'sigmoid'"):
        categorical.check_fits("sigmoid", np.array([[0.0, 1.0]]))
    with pytest.raises(ValueError, match="y must sum to 1 over the outputs of each sample .* from 0.5 to 1$"):
        categorical.check_fits("softmax", np.array([[0.0, 1.0], [0.25, 0.25]]))
    COSTS["quadratic"].check_fits("softmax", np.array([[3.0, 7.0]]))  # the quadratic cost takes a softmax too
    with pytest.raises(ValueError, match="last layer's activation must be 'sigmoid', got 'softmax'"):
        COSTS["cross_entropy"].check_fits("softmax", np.array([[0.0, 1.0]]))


_CROSS_ENTROPIES = [
    costs.cross_entropy,
    costs.cross_entropy_derivative,
    costs.categorical_cross_entropy,
    costs.categorical_cross_entropy_derivative,
]


@pytest.mark.parametrize("function", _CROSS_ENTROPIES + [costs.cross_entropy_from_logits])
@pytest.mark.parametrize("desired", [[2.0, 0.0], [-0.5, 1.0], [1.0, 1.0 + 1e-12]], ids=repr)
def test_cross_entropies_refuse_desired_outside_0_to_1_naming_it(function, desired):
    """y ln a + (1 - y) ln(1 - a) is a cross-entropy, and -y / p its slope, only for y in [0, 1]."""
    with pytest.raises(ValueError, match=r"^desired must lie between 0 and 1.* at desired\[\d\]"):
        function(desired, [0.5, 0.5])


@pytest.mark.parametrize("function", _CROSS_ENTROPIES)
@pytest.mark.parametrize("activated", [[1.5, 0.5], [0.5, -1e-300], [-5.0, 0.5]], ids=repr)
def test_cross_entropies_refuse_activated_outside_0_to_1_naming_it(function, activated):
    """ln a and ln(1 - a) have no value outside [0, 1]: the cost used to come out finite, even negative."""
    with pytest.raises(ValueError, match=r"^activated must lie between 0 and 1.* at activated\[\d\]"):
        function([1.0, 0.0], activated)


@pytest.mark.parametrize(
    ("function", "desired", "activated"),
    [
        (costs.cross_entropy_derivative, [1.0, 0.0], [0.0, 0.5]),  # -y / a with a = 0
        (costs.cross_entropy_derivative, [0.5, 0.0], [0.5, 1.0]),  # (1 - y) / (1 - a) with a = 1
        (costs.categorical_cross_entropy_derivative, [0.0, 1.0], [1.0, 0.0]),
    ],
)
def test_a_cross_entropy_slope_that_is_infinite_is_refused_naming_activated(function, desired, activated):
    with pytest.raises(ValueError, match=r"^activated\[\d\] = [01]\b.*infinite"):
        function(desired, activated)


def test_a_cross_entropy_slope_at_a_rounded_end_is_its_limit():
    """At a = 0 with y = 0 the slope -y/a + (1 - y)/(1 - a) is 1, at a = 1 with y = 1 it is -1, and -y/p is 0 where
    y = 0: the ends a saturated sigmoid or softmax rounds to, where the values used to read 0 or -4.5e307."""
    np.testing.assert_array_equal(costs.cross_entropy_derivative([0.0, 1.0, 0.25], [0.0, 1.0, 0.5]), [1.0, -1.0, 1.0])
    np.testing.assert_array_equal(costs.categorical_cross_entropy_derivative([0.0, 1.0], [0.0, 1.0]), [0.0, -1.0])
    assert costs.cross_entropy([1.0, 0.0], [1.0, 0.0]) == 0.0


def test_the_articles_cross_entropy_cost_names_its_own_arguments():
    with pytest.raises(ValueError, match=r"^activate_outputs must lie between 0 and 1"):
        article.cross_entropy_cost([1.5, 0.5], [1.0, 0.0])
    with pytest.raises(ValueError, match=r"^desired_outputs must lie between 0 and 1"):
        article.cross_entropy_cost([0.5, 0.5], [2.0, 0.0])
