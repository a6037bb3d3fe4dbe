"""The softmax output and the categorical cross-entropy: values from the definitions, slopes against nudges, the
network and the trainer with them, and the hostile-input rules of the rest of the library."""

import copy
import math
import warnings

import numpy as np
import pytest

import bplib
from bplib import costs
from bplib.activations import ACTIVATIONS, ELEMENTWISE, log_softmax, softmax, softmax_jacobian
from bplib.costs import (
    COSTS,
    categorical_cross_entropy,
    categorical_cross_entropy_derivative,
    categorical_cross_entropy_from_logits,
)
from bplib.training import Trainer

CCE = "categorical_cross_entropy"
Z = [1.0, 2.0, 0.5, -1.25]
Y = [0.0, 1.0, 0.0, 0.0]


def reference_softmax(z: list[float]) -> list[float]:
    """e^(z_i) / sum_j e^(z_j), straight from the definition, in plain Python (no shift: small z only)."""
    total = math.fsum(math.exp(v) for v in z)
    return [math.exp(v) / total for v in z]


def network_and_digits(seed=4, m=6):
    """A 4-5-3 ReLU + softmax network (He weights) and m samples with one-hot y."""
    rng = np.random.default_rng(seed)
    weights, biases = bplib.random_network([4, 5, 3], seed=rng, init="he")
    x = rng.normal(size=(m, 4))
    y = np.eye(3)[rng.integers(0, 3, size=m)]
    return weights, biases, x, y


ACT = ["relu", "softmax"]


@pytest.fixture
def no_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


# --- values from the definitions ---------------------------------------------------------------------------------


def test_softmax_log_softmax_and_the_jacobian_equal_their_definitions():
    p = reference_softmax(Z)
    np.testing.assert_allclose(softmax(Z), p, rtol=1e-15)
    log_total = math.log(math.fsum(math.exp(v) for v in Z))
    np.testing.assert_allclose(log_softmax(Z), [v - log_total for v in Z], rtol=1e-15, atol=1e-15)
    jacobian = [[p[i] * ((i == j) - p[j]) for j in range(4)] for i in range(4)]
    np.testing.assert_allclose(softmax_jacobian(Z), jacobian, rtol=1e-14, atol=1e-17)


def test_categorical_cross_entropy_equals_its_definition():
    p = reference_softmax(Z)
    y = [0.25, 0.75, 0.0, 0.0]  # any probabilities, not only one-hot
    expected = -math.fsum(y_i * math.log(p_i) for y_i, p_i in zip(y, p))
    assert categorical_cross_entropy(y, p) == pytest.approx(expected, rel=1e-15)
    assert categorical_cross_entropy_from_logits(y, Z) == pytest.approx(expected, rel=1e-14)
    np.testing.assert_allclose(categorical_cross_entropy_derivative(y, p), [-a / b for a, b in zip(y, p)], rtol=1e-15)
    assert categorical_cross_entropy(Y, [0.0, 1.0, 0.0, 0.0]) == 0.0  # a sure, right answer costs nothing
    assert str(categorical_cross_entropy(Y, [0.0, 1.0, 0.0, 0.0])) == "0.0"  # not -0.0


def test_a_batch_is_rows_of_samples():
    z = np.array([Z, [0.0, 0.0, 0.0, 3.0]])
    np.testing.assert_allclose(softmax(z)[1], reference_softmax([0.0, 0.0, 0.0, 3.0]), rtol=1e-15)
    np.testing.assert_array_equal(softmax(z)[0], softmax(Z))
    assert softmax_jacobian(z).shape == (2, 4, 4)
    np.testing.assert_array_equal(softmax_jacobian(z)[1], softmax_jacobian(z[1]))
    y = np.array([Y, [0.0, 0.0, 0.0, 1.0]])
    np.testing.assert_allclose(
        categorical_cross_entropy_from_logits(y, z),
        [-math.log(reference_softmax(row)[k]) for row, k in ((Z, 1), (z[1], 3))],
    )


def test_outputs_are_probabilities_and_do_not_move_when_every_z_moves_together():
    p = softmax(Z)
    assert np.all(p > 0) and math.fsum(p) == pytest.approx(1.0, abs=1e-15)
    np.testing.assert_allclose(softmax(np.array(Z) + 100.0), p, rtol=1e-14)
    np.testing.assert_allclose(softmax_jacobian(Z).sum(axis=1), 0.0, atol=1e-16)  # rows sum to 0
    np.testing.assert_array_equal(softmax_jacobian(Z), softmax_jacobian(Z).T)


def test_extreme_z_give_finite_exact_results_without_warnings(no_warnings):
    z = np.array([1e4, -1e4, 0.0])
    np.testing.assert_array_equal(softmax(z), [1.0, 0.0, 0.0])  # e^-1e4 is far below the smallest float
    # ln sum e^z = 1e4 + ln(1 + e^-2e4 + e^-1e4) = 1e4 in float64: ln p = z - 1e4
    np.testing.assert_array_equal(log_softmax(z), [0.0, -2e4, -1e4])
    assert categorical_cross_entropy_from_logits([0.0, 1.0, 0.0], z) == 2e4
    assert np.all(np.isfinite(softmax_jacobian(z)))
    np.testing.assert_array_equal(softmax([1e308, -1e308]), [1.0, 0.0])  # z - max z overflows to -inf: e^-inf = 0
    np.testing.assert_array_equal(softmax([1e308, 1e308]), [0.5, 0.5])
    assert categorical_cross_entropy_from_logits([1.0, 0.0], [-1e4, 1e4]) == 2e4


def test_log_softmax_is_exact_for_large_z_and_refuses_differences_beyond_float64(no_warnings):
    """Shifted by the largest z, ln p_i = z_i - max z exactly where the other units' e^(z - max z) vanish; but
    where z_i - max z itself overflows (1e308 - -1e308 = 2e308), ln p_i is no float64 and is refused, naming z."""
    np.testing.assert_array_equal(log_softmax([1e300, 0.0]), [0.0, -1e300])
    np.testing.assert_array_equal(log_softmax([[1000.0, 0.0], [0.0, 1.7e308]]), [[0.0, -1000.0], [-1.7e308, 0.0]])
    for z in ([1e308, -1e308], [[0.0, 1.0], [-1e308, 1.5e308]]):
        with pytest.raises(ValueError, match=r"\bz\b.*overflows float64"):
            log_softmax(z)
    with pytest.raises(ValueError, match=r"\bz\b"):
        categorical_cross_entropy_from_logits([0.0, 1.0], [1e308, -1e308])
    assert categorical_cross_entropy_from_logits([1.0, 0.0], [1e308, -1e308]) == 0.0  # the -inf term has y = 0


def test_the_naive_forms_overflow_where_these_do_not():
    """What the shift and log-softmax fix (S15), in numpy's float64: e^z is inf from 709.79 on, and ln of a p
    that rounded to 0 is -inf."""
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        naive = np.exp([710.0, 0.0]) / np.sum(np.exp([710.0, 0.0]))
        naive_cost = -np.log(softmax([1e4, -1e4, 0.0])[1])
    assert np.isnan(naive[0]) and np.isinf(naive_cost)
    np.testing.assert_array_equal(softmax([710.0, 0.0]), [1.0, math.exp(-710.0)])
    assert categorical_cross_entropy_from_logits([0.0, 1.0, 0.0], [1e4, -1e4, 0.0]) == 2e4


# --- slopes against nudges ---------------------------------------------------------------------------------------


def test_the_jacobian_equals_centred_nudges_of_each_z():
    z, h = np.array(Z), 1e-6
    columns = [(softmax(z + h * e) - softmax(z - h * e)) / (2 * h) for e in np.eye(4)]  # column j: dp/dz_j
    np.testing.assert_allclose(softmax_jacobian(z), np.column_stack(columns), rtol=1e-8, atol=1e-10)


def test_p_minus_y_is_the_chain_through_the_jacobian_and_equals_nudges():
    """dC/dz = J^T dC/dp: the Jacobian times -y/p comes out as p - y (for y summing to 1)."""
    z, y = np.array(Z), np.array([0.25, 0.75, 0.0, 0.0])
    p = softmax(z)
    chained = softmax_jacobian(z).T @ categorical_cross_entropy_derivative(y, p)
    delta = COSTS[CCE].output_delta(z, p, y, ACTIVATIONS["softmax"])
    np.testing.assert_allclose(chained, p - y, rtol=1e-13, atol=1e-16)
    np.testing.assert_array_equal(delta, p - y)
    nudged = bplib.numerical_gradient_of(lambda v: float(categorical_cross_entropy_from_logits(y, v)), z.copy())
    np.testing.assert_allclose(delta, nudged, rtol=1e-8, atol=1e-10)


def test_backward_through_the_softmax_is_the_jacobians_product():
    z = np.array([Z, [0.3, -0.2, 2.0, 0.1]])
    g = np.array([[0.5, -1.0, 2.0, 0.25], [1.0, 0.0, -3.0, 0.5]])
    backward = ACTIVATIONS["softmax"].backward(z, softmax(z), g)
    np.testing.assert_allclose(backward, np.einsum("mij,mi->mj", softmax_jacobian(z), g), rtol=1e-13, atol=1e-16)
    assert ACTIVATIONS["softmax"].elementwise is False and "softmax" not in ELEMENTWISE
    assert all(ACTIVATIONS[name].elementwise for name in ELEMENTWISE)


@pytest.mark.parametrize("cost", [CCE, "quadratic"])
@pytest.mark.parametrize("hidden", ["relu", "tanh", "sigmoid"])
def test_backprop_through_a_softmax_output_equals_nudges(cost, hidden):
    weights, biases, x, y = network_and_digits()
    check = bplib.gradient_check(weights, biases, x, y, [hidden, "softmax"], cost)
    assert check.passed, str(check)
    assert check.max_relative_error < 1e-8


def test_one_sample_a_batch_and_sample_by_sample_agree():
    weights, biases, x, y = network_and_digits()
    batched = bplib.backprop(weights, biases, x, y, ACT, CCE)
    looped = bplib.backprop_sample_by_sample(weights, biases, x, y, ACT, CCE)
    for a, b in zip(batched[0] + batched[1], looped[0] + looped[1]):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-15)
    one = bplib.backprop(weights, biases, x[0], y[0], ACT, CCE)
    nudged = bplib.numerical_gradient(weights, biases, x[0], y[0], activation=ACT, cost=CCE)
    assert bplib.relative_error(one[1][1], nudged[1][1]) < 1e-8
    spot = bplib.finite_differences.spot_check(weights, biases, x, y, ACT, CCE)
    assert spot.passed, str(spot)


def test_output_delta_is_p_minus_y_in_the_network():
    """The output layer's bias gradient is the mean of p - y: nothing of relu' or of the number of outputs."""
    weights, biases, x, y = network_and_digits()
    p = bplib.predict(weights, biases, x, ACT)
    np.testing.assert_allclose(
        bplib.backprop(weights, biases, x, y, ACT, CCE)[0][1], np.mean(p - y, axis=0), rtol=1e-13
    )


# --- the network and the trainer with a softmax output ----------------------------------------------------------


def test_forward_predict_and_loss_give_probabilities_and_their_cost():
    weights, biases, x, y = network_and_digits()
    zs, activations = bplib.forward(weights, biases, x, ACT)
    np.testing.assert_allclose(activations[-1].sum(axis=1), 1.0, rtol=1e-15)
    np.testing.assert_array_equal(bplib.predict(weights, biases, x, ACT), activations[-1])
    right = [-math.log(reference_softmax(list(z))[int(np.argmax(t))]) for z, t in zip(zs[-1], y)]
    assert bplib.loss(weights, biases, x, y, ACT, CCE) == pytest.approx(math.fsum(right) / len(right), rel=1e-13)


def test_train_and_a_trainer_learn_three_blobs_with_a_softmax_output():
    rng = np.random.default_rng(1)
    centres = np.array([[2.0, 0.0], [-1.0, 1.7], [-1.0, -1.7]])
    labels = rng.integers(0, 3, size=150)
    x, y = centres[labels] + rng.normal(0.0, 0.5, size=(150, 2)), np.eye(3)[labels]
    weights, biases = bplib.random_network([2, 8, 3], seed=2, init="he")
    kwargs = dict(epochs=20, batch_size=10, learning_rate=0.1, seed=3, activation=ACT, cost=CCE)
    trained_w, trained_b, losses = bplib.train(weights, biases, x, y, **kwargs)
    again = bplib.train(weights, biases, x, y, **kwargs)
    assert losses == again[2] and losses[-1] < losses[0] / 4
    accuracy = np.mean(np.argmax(bplib.predict(trained_w, trained_b, x, ACT), axis=1) == labels)
    assert accuracy > 0.95
    trainer = Trainer(weights, biases, x, y, learning_rate=0.1, batch_size=10, seed=3, activation=ACT, cost=CCE)
    for _ in range(20):
        trainer.run_epoch()
    metrics = trainer.evaluate()
    assert metrics.train_loss == losses[-1] and metrics.train_accuracy == accuracy


# --- He initial weights ------------------------------------------------------------------------------------------


def test_he_weights_have_variance_two_over_n_in():
    n_in, n_out = 400, 300
    weights, _ = bplib.random_network([n_in, n_out], seed=3, init="he")
    assert np.std(weights[0]) == pytest.approx(math.sqrt(2 / n_in), rel=0.02)


# --- hostile input -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("function", [softmax, log_softmax, softmax_jacobian])
@pytest.mark.parametrize(
    ("z", "error", "message"),
    [
        (None, TypeError, "z must be numbers, got NoneType"),
        ("0.5", TypeError, "z must be numbers, got str"),
        ([1j, 2.0], TypeError, "z must be real numbers"),
        ([0.0, np.nan], ValueError, r"z must be finite, got nan at z\[1\]"),
        ([np.inf, 0.0], ValueError, "z must be finite"),
        (1.5, ValueError, r"z must hold at least one unit along its last axis.*got \(\)"),
        (np.ones((3, 0)), ValueError, r"z must hold at least one unit along its last axis.*got \(3, 0\)"),
        ([[1.0, 2.0], [3.0]], ValueError, "z must be a rectangular array"),
    ],
)
def test_softmax_functions_refuse_bad_z_naming_it(function, z, error, message):
    with pytest.raises(error, match=message):
        function(z)


def test_categorical_costs_refuse_bad_arguments_naming_them():
    with pytest.raises(ValueError, match=r"activated must have shape \(3,\) \(the shape of desired\), got \(3, 1\)"):
        categorical_cross_entropy([0.0, 1.0, 0.0], np.ones((3, 1)) / 3)  # never broadcast into a (3, 3)
    with pytest.raises(ValueError, match="desired must be finite"):
        categorical_cross_entropy_derivative([np.nan, 1.0], [0.5, 0.5])
    with pytest.raises(ValueError, match=r"z must hold at least one output along its last axis, got shape \(\)"):
        categorical_cross_entropy_from_logits(1.0, 2.0)
    with pytest.raises(TypeError, match="z must be numbers"):
        categorical_cross_entropy_from_logits([1.0], None)
    with pytest.raises(ValueError, match=r"categorical_cross_entropy_derivative\(desired, activated\) overflows"):
        categorical_cross_entropy_derivative([1.0], [1e-310])  # -1 / 1e-310


@pytest.mark.parametrize(
    ("change", "error", "message"),
    [
        (
            dict(activation="softmax"),
            ValueError,
            r"activation names 'softmax' for a hidden layer.*\['relu', 'softmax'\]",
        ),
        (dict(activation=["softmax", "softmax"]), ValueError, r"activation\[0\] names 'softmax' for a hidden layer"),
        (dict(activation=["relu", "sigmoid"]), ValueError, "last layer's activation must be 'softmax', got 'sigmoid'"),
        (dict(activation=["relu", "Softmax"]), ValueError, r"activation\[1\] must be one of"),
        (dict(y="half"), ValueError, "y must sum to 1 over the outputs of each sample .* got sums from 0.5 to 0.5"),
        (dict(y="negative"), ValueError, "y must lie between 0 and 1 for cost 'categorical_cross_entropy'"),
        (dict(cost="categorical"), ValueError, r"cost must be one of \['quadratic', 'cross_entropy', 'categorical_"),
        (dict(cost=3), TypeError, r"cost must be a name, one of .* or a bplib.costs.Cost, got int 3"),
        (dict(cost=None), TypeError, "cost must be a name"),
    ],
)
def test_network_calls_refuse_what_does_not_fit_a_softmax_naming_the_argument(change, error, message):
    weights, biases, x, y = network_and_digits()
    kwargs = dict(weights=weights, biases=biases, x=x, y=y, activation=ACT, cost=CCE)
    kwargs.update(change)
    if change.get("y") == "half":
        kwargs["y"] = y / 2
    elif change.get("y") == "negative":
        kwargs["y"] = np.where(y == 1, 2.0, -1 / 2)  # sums to 1, but holds no probabilities
    for call in (bplib.loss, bplib.backprop, bplib.numerical_gradient, bplib.gradient_check):
        with pytest.raises(error, match=message):
            call(**kwargs)
    with pytest.raises(error, match=message):
        Trainer(**kwargs, learning_rate=0.1, batch_size=2)


@pytest.mark.parametrize(
    ("init", "error", "message"),
    [
        ("kaiming", ValueError, r"init must be one of \['xavier', 'he'\], got 'kaiming'"),
        ("He", ValueError, "init must be one of"),
        (None, TypeError, "init must be a name"),
        (2, TypeError, "init must be a name"),
    ],
)
def test_random_network_refuses_an_unknown_init_naming_it(init, error, message):
    with pytest.raises(error, match=message):
        bplib.random_network([3, 2], seed=0, init=init)


def test_huge_weighted_inputs_give_finite_losses_and_gradients_without_warnings(no_warnings):
    """z of about +-1e4 at the outputs: p rounds to exactly 0 and 1, yet the cost (from log-softmax) and the
    gradients (p - y) stay finite and exact."""
    weights = [np.array([[1e4, 0.0], [-1e4, 0.0], [0.0, 0.0]])]
    biases = [np.zeros(3)]
    x, y = np.array([1.0, 0.0]), np.array([0.0, 1.0, 0.0])
    assert bplib.loss(weights, biases, x, y, "softmax", CCE) == 2e4  # -ln p_1 = 1e4 - (-1e4)
    bias_grads, weight_grads = bplib.backprop(weights, biases, x, y, "softmax", CCE)
    np.testing.assert_array_equal(bias_grads[0], [1.0, -1.0, 0.0])  # p - y with p = (1, 0, 0)
    np.testing.assert_array_equal(weight_grads[0], [[1.0, 0.0], [-1.0, 0.0], [0.0, 0.0]])
    zs, activations = bplib.forward(weights, biases, x, "softmax")
    np.testing.assert_array_equal(activations[-1], [1.0, 0.0, 0.0])
    bplib.train(
        weights, biases, x[None], y[None], epochs=2, batch_size=1, learning_rate=0.5, activation="softmax", cost=CCE
    )


def test_the_arrays_given_are_never_changed():
    weights, biases, x, y = network_and_digits()
    z = np.array([Z, Z[::-1]])
    before = copy.deepcopy((weights, biases, x, y, z))
    softmax(z), log_softmax(z), softmax_jacobian(z), categorical_cross_entropy_from_logits(y[:2], z[:, :3])
    ACTIVATIONS["softmax"].backward(z, softmax(z), z)
    bplib.backprop(weights, biases, x, y, ACT, CCE)
    bplib.loss(weights, biases, x, y, ACT, CCE)
    bplib.train(weights, biases, x, y, epochs=1, batch_size=2, learning_rate=0.1, activation=ACT, cost=CCE)
    after = (weights, biases, x, y, z)
    for old, new in zip(before[:2], after[:2]):
        assert all(np.array_equal(a, b) for a, b in zip(old, new))
    for old, new in zip(before[2:], after[2:]):
        assert np.array_equal(old, new)


def test_read_only_z_is_fine():
    z = np.array(Z)
    z.flags.writeable = False
    np.testing.assert_array_equal(softmax(z), softmax(np.array(Z)))
    assert costs.get_cost(COSTS[CCE]) is COSTS[CCE]  # a Cost is taken as it is


def test_a_cost_of_ones_own_must_hold_functions():
    weights, biases, x, y = network_and_digits()
    broken = COSTS[CCE]._replace(output_delta=None)
    with pytest.raises(TypeError, match="cost 'categorical_cross_entropy' must have a function as its output_delta"):
        bplib.backprop(weights, biases, x, y, ACT, broken)


def test_y_a_little_off_a_sum_of_one_is_refused_with_the_sums_in_full():
    weights, biases, x, y = network_and_digits()
    with pytest.raises(ValueError, match=r"got sums from 0.99999999 to 0.99999999$"):
        bplib.loss(weights, biases, x, y * (1 - 1e-8), ACT, CCE)
    bplib.loss(weights, biases, x, y * (1 - 1e-12), ACT, CCE)  # rounding is not refused
