import math
import warnings

import numpy as np
import pytest

import bplib
from bplib.examples import article_final_layer
from bplib.finite_differences import Nudge, spot_check
from bplib.input_gradient import nudged_input_gradient


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


def test_numerical_gradient_of_nudges_the_array_in_place_and_restores_it():
    a = np.array([[2.0, 0.5], [0.5, 1.0]])
    x = np.array([0.3, -1.7])
    before = x.copy()
    seen = []

    def f(array):
        assert array is x  # f sees the nudge through the very array it was given
        seen.append(array.copy())
        return float(array @ a @ array)

    grad = bplib.numerical_gradient_of(f, x)
    np.testing.assert_allclose(grad, 2 * a @ before, rtol=1e-9)  # d(x^T A x)/dx = 2 A x for symmetric A
    assert np.array_equal(x, before) and x.base is None
    assert len(seen) == 4 and {tuple(np.round(s - before, 9)) for s in seen} == {
        (1e-5, 0.0),
        (-1e-5, 0.0),
        (0.0, 1e-5),
        (0.0, -1e-5),
    }


def test_numerical_gradient_of_keeps_the_shape_and_both_methods():
    x = np.linspace(-1, 1, 6).reshape(2, 3)

    def f(array):
        return float(np.sum(np.sin(array)))

    centred = bplib.numerical_gradient_of(f, x)
    forward = bplib.numerical_gradient_of(f, x, step=1e-4, method="forward")
    assert centred.shape == forward.shape == (2, 3)
    assert np.max(np.abs(centred - np.cos(x))) < 1e-9
    assert 1e-6 < np.max(np.abs(forward - np.cos(x))) < 1e-4  # error ~ h |f''| / 2


def test_numerical_gradient_of_restores_x_even_when_f_fails():
    x = np.array([1.0, 2.0])

    def f(array):
        if array[1] != 2.0:
            raise ZeroDivisionError("the learner's f")
        return 0.0

    with pytest.raises(ZeroDivisionError):
        bplib.numerical_gradient_of(f, x)
    assert x.tolist() == [1.0, 2.0]


@pytest.mark.parametrize(
    ("x", "f", "error", "message"),
    [
        ([1.0, 2.0], np.sum, TypeError, "x must be a float64 numpy array"),
        (np.array([1, 2]), np.sum, TypeError, "x must be a float64 numpy array"),
        (np.array([1.0, np.nan]), np.sum, ValueError, "x must be finite"),
        (np.ones(2), "sum", TypeError, "f must be a function"),
        (np.ones(2), lambda a: a * 2, TypeError, "f must return one real number"),
        (np.ones(2), lambda a: np.inf, ValueError, "f must return a finite number, got float inf"),
        (np.zeros(1), lambda a: float(np.sign(a[0])) * 1e308, ValueError, "slope overflows"),
    ],
)
def test_numerical_gradient_of_rejects_what_it_cannot_nudge(x, f, error, message):
    with pytest.raises(error, match=message):
        bplib.numerical_gradient_of(f, x)


def test_numerical_gradient_of_one_layer_or_one_kind_is_a_slice_of_the_whole(batch_problem):
    weights, biases, x, y = batch_problem
    bias_grads, weight_grads = bplib.numerical_gradient(weights, biases, x, y)
    np.testing.assert_array_equal(bplib.numerical_gradient(weights, biases, x, y, kind="bias", layer=1), bias_grads[1])
    np.testing.assert_array_equal(
        bplib.numerical_gradient(weights, biases, x, y, kind="weight", layer=0), weight_grads[0]
    )
    only_weights = bplib.numerical_gradient(weights, biases, x, y, kind="weight")
    assert len(only_weights) == 2 and all(np.array_equal(a, b) for a, b in zip(only_weights, weight_grads))
    layer_b, layer_w = bplib.numerical_gradient(weights, biases, x, y, layer=1)
    assert np.array_equal(layer_b, bias_grads[1]) and np.array_equal(layer_w, weight_grads[1])
    with pytest.raises(ValueError, match="layer must be a whole number from 0 to 1, got 2"):
        bplib.numerical_gradient(weights, biases, x, y, layer=2)
    with pytest.raises(ValueError, match="kind must be one of"):
        bplib.numerical_gradient(weights, biases, x, y, kind="biases")


def test_every_nudge_gives_the_same_number(article_layer):
    """nudge, numerical_gradient and numerical_gradient_of all go through one formula: the same bits."""
    weights, biases, x, y = article_layer
    by_nudge = bplib.nudge(weights, biases, x, y, "bias", 0, 2, step=1e-5, method="centred").slope
    by_layer = bplib.numerical_gradient(weights, biases, x, y, kind="bias", layer=0)[2]
    b = biases[0].copy()
    by_array = bplib.numerical_gradient_of(lambda _: bplib.loss(weights, [b], x, y), b)[2]
    assert by_nudge == by_layer == by_array


def test_spot_check_nudges_the_chosen_entries_only(batch_problem):
    weights, biases, x, y = batch_problem
    check = spot_check(weights, biases, x, y, entries_per_array=3, seed=4)
    assert [r.name for r in check.rows] == ["biases[0]", "biases[1]", "weights[0]", "weights[1]"]
    assert [len(r.nudged) for r in check.rows] == [3, 3, 3, 3]
    assert check.passed and check.max_relative_error < 1e-8
    full = bplib.numerical_gradient(weights, biases, x, y)
    exact = bplib.backprop(weights, biases, x, y)
    for row, nudged, backprop in zip(check.rows, full[0] + full[1], exact[0] + exact[1]):
        # each row's entries are some of the array's, and its numbers are those of the full computations
        chosen = [int(np.flatnonzero(backprop.ravel() == value)[0]) for value in row.backprop]
        assert len(set(chosen)) == 3
        np.testing.assert_array_equal(row.nudged, nudged.ravel()[chosen])
    other = spot_check(weights, biases, x, y, entries_per_array=3, seed=5)
    assert any(not np.array_equal(a.backprop, b.backprop) for a, b in zip(check.rows, other.rows))


def test_spot_check_takes_every_entry_of_a_small_array_and_can_fail(article_layer):
    weights, biases, x, y = article_layer
    check = spot_check(weights, biases, x, y, entries_per_array=100)
    assert [len(r.nudged) for r in check.rows] == [3, 12]
    assert [len(r.nudged) for r in spot_check(weights, biases, x, y, entries_per_array=10**30).rows] == [3, 12]
    strict = spot_check(weights, biases, x, y, entries_per_array=100, tolerance=1e-30)
    assert not strict.passed and "FAIL" in str(strict)  # nudges are not exact: a tolerance of 1e-30 fails


def test_spot_check_passes_over_entries_whose_nudge_crosses_a_relu_kink():
    """Hidden unit 0's z sits 5e-4 above ReLU's kink for the one sample: a nudge of its bias or weights by 1e-3
    either way switches it off, so the centred difference straddles the kink and misses backprop's slope (the full
    gradient check fails there); the spot check takes the other entries and passes."""
    weights, biases = bplib.random_network([2, 3, 1], seed=0)
    x, y = np.array([0.3, -0.7]), np.array([1.0])
    biases[0][0] += 5e-4 - (weights[0] @ x + biases[0])[0]  # z0[0] = 5e-4
    activation, nudging = ["relu", "sigmoid"], dict(step=1e-3, tolerance=1e-5)
    full = bplib.gradient_check(weights, biases, x, y, activation, **nudging)
    assert [r.passed for r in full.rows] == [False, True, False, True]  # layer 0: unit 0's entries straddle it
    spot = spot_check(weights, biases, x, y, activation, entries_per_array=3, **nudging)
    assert spot.passed and [len(r.nudged) for r in spot.rows] == [2, 1, 3, 3]
    assert spot.rows[0].backprop.tolist() == [0.0, 0.0]  # biases[0]: units 1 and 2 only (both off here)
    smooth = spot_check(weights, biases, x, y, "sigmoid", entries_per_array=3, **nudging)
    assert [len(r.nudged) for r in smooth.rows] == [3, 1, 3, 3]  # no ReLU, no kink: nothing passed over


def test_spot_check_of_a_relu_network_at_zero_says_no_entry_can_be_checked():
    """Started at zero, every ReLU unit sits on its kink: every nudge crosses it, so no entry is left to compare;
    the check says so and how to start, instead of a row of nothing."""
    weights, biases = [np.zeros((2, 3))], [np.zeros(2)]
    with pytest.raises(ValueError, match=r"weights and biases: every entry of biases\[0\] sits on a ReLU kink"):
        spot_check(weights, biases, np.ones((4, 3)), np.full((4, 2), 0.5), activation="relu")


def _changes_another_entry(array):
    array[1] += 1.0
    return float(array.sum())


def _changes_the_nudged_entry(array):
    array[...] = np.round(array)
    return float(array.sum())


@pytest.mark.parametrize("f", [_changes_another_entry, _changes_the_nudged_entry])
def test_an_f_that_changes_x_is_refused_and_x_ends_as_it_began(f):
    x = np.array([0.5, 1.25, -2.0])
    with pytest.raises(ValueError, match=r"f must not change x: it changed x\[\d\]"):
        bplib.numerical_gradient_of(f, x)
    assert x.tolist() == [0.5, 1.25, -2.0]


_TINY = 1e-300  # 1 + 1e-300 == 1 in float64: the nudge is lost
SLOPES_BY_NUDGING = {
    "forward_difference": lambda step: bplib.forward_difference(math.sin, 0.3, step),
    "centred_difference": lambda step: bplib.centred_difference(math.sin, 0.3, step),
    "numerical_gradient_of": lambda step: bplib.numerical_gradient_of(lambda a: float(np.sum(a**2)), np.ones(2), step),
    "nudge": lambda step: bplib.nudge(*article_final_layer(), "weight", 0, (1, 0), step=step).slope,
    "numerical_gradient at zero biases": lambda step: bplib.numerical_gradient(
        [np.ones((2, 3))], [np.zeros(2)], np.ones(3), np.ones(2), step, kind="bias"
    ),
    "gradient_check": lambda step: bplib.gradient_check(*article_final_layer(), step=step).max_relative_error,
}


@pytest.mark.parametrize("slopes", list(SLOPES_BY_NUDGING))
def test_a_step_too_small_for_float64_is_named_instead_of_giving_zero_slopes(slopes):
    assert np.all(np.abs(np.concatenate([np.ravel(SLOPES_BY_NUDGING[slopes](1e-5))])) > 0)  # the same call works
    with pytest.raises(ValueError, match=r"step = 1e-300 is too small for float64"):
        SLOPES_BY_NUDGING[slopes](_TINY)


@pytest.mark.parametrize(
    ("f", "message"),
    [
        (lambda v: float("nan"), "f must return a finite number, got float nan"),
        (lambda v: 10**400, "f must return a finite number, got int 1000"),
        (lambda v: math.exp(1000 * v), "f overflows float64"),
    ],
    ids=["NaN", "an int beyond float64", "OverflowError"],
)
def test_a_function_whose_value_is_not_finite_is_named_as_such(f, message):
    for difference in (bplib.forward_difference, bplib.centred_difference):
        with pytest.raises(ValueError, match=message):
            difference(f, 1.0, 1e-3)


@pytest.mark.parametrize("value", [1.7e308, -1.7e308])
def test_a_nudge_beyond_float64_is_named_before_f_sees_infinity(value):
    with pytest.raises(ValueError, match=r"value \+- step overflows float64"):
        bplib.centred_difference(math.sin, value, 1e308)  # math.sin(inf) would raise its own "math domain error"
    if value > 0:
        with pytest.raises(ValueError, match=r"value \+ step overflows float64"):
            bplib.forward_difference(math.sin, value, 1e308)
    else:  # the forward nudge goes up only, to -7e307: f is asked nothing beyond float64
        assert bplib.forward_difference(math.sin, value, 1e308) == (math.sin(value + 1e308) - math.sin(value)) / 1e308


_HUGE_LAYER = ([np.array([[1e308, 0.5]])], [np.array([0.25])], np.array([1.0, -1.0]), np.array([0.5]))
NUDGES_BEYOND_FLOAT64 = {
    "numerical_gradient_of": lambda: bplib.numerical_gradient_of(lambda a: 0.0, np.array([1.0, 1e308]), 1e308),
    "numerical_gradient_of, forward": lambda: bplib.numerical_gradient_of(
        lambda a: 0.0, np.array([1e308]), 1e308, "forward"
    ),
    "nudge": lambda: bplib.nudge(*_HUGE_LAYER, "weight", 0, (0, 0), step=1e308),
    "nudge, centred, below": lambda: bplib.nudge(
        [np.array([[-1e308, 0.5]])], *_HUGE_LAYER[1:], "weight", 0, (0, 0), step=1e308, method="centred"
    ),
    "numerical_gradient": lambda: bplib.numerical_gradient(*_HUGE_LAYER, step=1e308, kind="weight"),
    "nudged_input_gradient": lambda: nudged_input_gradient(
        [np.array([[1.0, 1.0]])], [np.array([0.0])], np.array([1.5e308, 0.0]), np.array([0.5]), step=1e308
    ),
}


@pytest.mark.parametrize("slopes", list(NUDGES_BEYOND_FLOAT64))
def test_a_nudge_beyond_float64_is_refused_naming_step(slopes):
    """x + step = 2e308 is inf in float64: refused naming step (and the entry), never a warning or a slope of
    the loss at infinity; the array nudged ends as it began."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match=r"\bstep\b.*overflows float64|overflows float64.*\bstep\b"):
            NUDGES_BEYOND_FLOAT64[slopes]()


def test_numerical_gradient_of_an_f_returning_nan_says_nan_not_overflow():
    x = np.array([0.5, -1.0])
    with pytest.raises(ValueError, match="f must return a finite number, got float nan") as caught:
        bplib.numerical_gradient_of(lambda a: float("nan"), x)
    assert "overflow" not in str(caught.value) and x.tolist() == [0.5, -1.0]


def test_numerical_gradient_of_leaves_x_as_it_began_when_the_nudge_is_refused():
    x = np.array([1.0, 1e308])
    with pytest.raises(ValueError, match="step"):
        bplib.numerical_gradient_of(lambda a: 0.0, x, 1e308)
    assert x.tolist() == [1.0, 1e308]
