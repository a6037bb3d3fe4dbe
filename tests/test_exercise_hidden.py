"""Notebook 04's two newer exercises, beyond what every checker shares (tests/test_exercises.py and
tests/test_exercise_answers.py): the ratio predicted before the notebook shows it, and a weight used twice."""

import math

import numpy as np
import pytest

import bplib
from bplib import exercises as ex
from bplib.examples import article_network
from bplib.exercises import hidden_exercises, solutions


def sig(z):
    return 1 / (1 + np.exp(-z))


def article_hidden_unit_1():
    """z0[1] and a1[1] of the article's network, computed here without the checker's code."""
    (W0, _), (b0, _), x, _ = article_network()
    z = (W0 @ x + b0)[1]
    return z, sig(z)


# --- the ratio ---------------------------------------------------------------------------------------------


def test_the_missing_factor_itself_is_a_right_prediction_and_the_ratio_is_measured():
    z, a = article_hidden_unit_1()
    verdict = ex.check_ratio_prediction(1 / (a * (1 - a)))
    assert verdict.passed and verdict.kind == "correct", str(verdict)
    assert verdict.measured["ratio"] == pytest.approx(1 / (a * (1 - a)), rel=1e-12)
    assert verdict.measured["off"] < 1e-9 and verdict.measured["nudge_error"] < 1e-8
    assert "a good prediction" in verdict.message and "fresh random" not in verdict.message


@pytest.mark.parametrize("guess", [4, 4.0, np.float32(4.1), np.array(3.9)])
def test_a_guess_near_four_is_right_and_told_how_far_off(guess):
    verdict = ex.check_ratio_prediction(guess)
    ratio = verdict.measured["ratio"]
    assert verdict.passed, str(verdict)
    assert verdict.measured["off"] == pytest.approx(abs(float(guess) - ratio) / ratio * 100)
    assert f"off it by {verdict.measured['off']:.2g} %." in verdict.message


def test_the_ratio_is_computed_from_the_network_not_written_in(monkeypatch):
    """Another network, another ratio: 4 is no longer right once its hidden unit sits far from z = 0."""
    weights, biases, x, y = article_network()
    biases[0][1] += 3.0  # z0[1] = 2.82: sigma' = 0.05, ratio about 19
    monkeypatch.setattr(hidden_exercises, "article_network", lambda: ([w.copy() for w in weights],
                                                                      [b.copy() for b in biases], x, y))
    a = sig((weights[0] @ x + biases[0])[1])
    assert ex.check_ratio_prediction(1 / (a * (1 - a))).passed
    too_small = ex.check_ratio_prediction(4)
    assert not too_small.passed and "right direction" in too_small.message, str(too_small)


def named_predictions():
    z, a = article_hidden_unit_1()
    ratio = 1 / (a * (1 - a))
    return {
        "the article is right": 1,
        "upside down": a * (1 - a),
        "sigma not sigma'": 1 / a,
        "z(1-z)": 1 / (z * (1 - z)),
        "flipped sign": -ratio,
    }


def test_every_mistake_the_ratio_checker_knows_is_tested():
    assert {m.name for m in hidden_exercises.RATIO_PREDICTION.mistakes} == set(named_predictions())


@pytest.mark.parametrize("name", list(named_predictions()))
def test_each_wrong_prediction_is_named(name):
    verdict = ex.check_ratio_prediction(named_predictions()[name])
    assert (verdict.status, verdict.mistake) == ("known mistake", name), str(verdict)
    assert "See 04, 'The missing factor'." in verdict.message and not verdict.details


@pytest.mark.parametrize(
    ("guess", "words"),
    [(2, "right direction"), (3.5, "right direction"), (10, "smaller than your 10"), (0.5, "is the larger one"),
     (0, "not even positive"), (-2, "not even positive")],
)
def test_other_predictions_are_told_which_way_and_the_true_ratio(guess, words):
    verdict = ex.check_ratio_prediction(guess)
    assert verdict.status == "wrong" and words in verdict.message, str(verdict)
    assert f"{hidden_exercises._true_ratio():.4f}" in verdict.message


class Hostile:
    def __array__(self, dtype=None, copy=None):
        raise SystemExit("no")


@pytest.mark.parametrize(
    ("prediction", "status", "words"),
    [(..., "not done", "replace the ..."), (None, "not done", "my_ratio is None"),
     ([4.1, 4.0, 4.2], "wrong", "a vector of 3 numbers; expected a number"), ("4", "wrong", "is text"),
     (math.inf, "wrong", "infinite"), (math.nan, "wrong", "NaN"), (4 + 0j, "wrong", "complex"),
     (10**400, "wrong", "too large"), (True, "wrong", "True/False"), (Hostile(), "wrong", "could not be read")],
    ids=["ellipsis", "None", "three ratios", "text", "inf", "nan", "complex", "huge int", "bool", "hostile"],
)
def test_a_prediction_that_is_not_one_number_is_a_verdict_not_a_crash(prediction, status, words):
    verdict = ex.check_ratio_prediction(prediction)
    assert verdict.status == status and words in verdict.message, str(verdict)


# --- a weight used twice -----------------------------------------------------------------------------------


def test_the_chain_is_the_1_1_1_network_with_both_weights_w():
    for case in hidden_exercises.SHARED_WEIGHT.make_cases(0):
        w, b0, b1, x, y = (case[k] for k in ("w", "b0", "b1", "x", "y"))
        network = ([np.array([[w]]), np.array([[w]])], [np.array([b0]), np.array([b1])], np.array([x]), np.array([y]))
        assert hidden_exercises.shared_loss(**case) == pytest.approx(bplib.loss(*network), rel=1e-14)


def assigned_each_use(w, b0, b1, x, y):
    """The bug of 'paths add': a loop over the uses that assigns each one's slope instead of adding it."""
    a1 = sig(w * x + b0)
    a2 = sig(w * a1 + b1)
    delta1 = (a2 - y) * a2 * (1 - a2)
    delta0 = w * delta1 * a1 * (1 - a1)
    grad = 0.0
    for use_slope in (delta1 * a1, delta0 * x):  # backwards: layer 1's use first
        grad = use_slope
    return grad


def test_a_slope_assigned_instead_of_added_is_named():
    verdict = ex.check_shared_weight_slope(assigned_each_use)
    assert verdict.mistake == "only layer 0's use" and "instead of adding it" in verdict.message, str(verdict)


def test_a_nudge_of_w_is_named_and_the_right_answer_is_far_from_it():
    def nudged(w, b0, b1, x, y):
        def loss(v):
            return 0.5 * (sig(v * sig(v * x + b0) + b1) - y) ** 2

        return (loss(w + 1e-5) - loss(w - 1e-5)) / 2e-5

    verdict = ex.check_shared_weight_slope(nudged)
    assert verdict.mistake == "nudged", str(verdict)
    right = ex.check_shared_weight_slope(solutions.shared_weight_slope)
    assert right.passed and right.measured["nudge_error"] < 1e-8


def test_both_uses_matter_in_every_case():
    """Each use's slope is a sizeable part of the whole in every case, so that counting one never passes."""
    for case in hidden_exercises.SHARED_WEIGHT.make_cases(0):
        layer1, layer0 = hidden_exercises._each_use(**case)
        assert min(abs(layer1), abs(layer0)) > 0.05 * abs(layer1 + layer0), case
