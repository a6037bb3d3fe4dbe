"""Notebook 08's checkers: right answers written in different ways pass, each known mistake is named, and an
unfinished or crashing answer gets a verdict, never an exception."""

import numpy as np
import pytest

import bplib
from bplib import exercises
from bplib.activations import sigmoid_prime


def _delta0(sample_gradients, x, y):
    return sample_gradients(x, y)[0][0]


def one_sample_at_a_time(weights, sample_gradients, x, y):
    return np.array([weights[0].T @ _delta0(sample_gradients, x_i, y_i) for x_i, y_i in zip(x, y)])


def walk_back_by_hand(weights, sample_gradients, x, y):
    """One step back from each sample's delta_0, written out with a loop over the inputs, as lists."""
    slopes = []
    for x_i, y_i in zip(x, y):
        delta0 = _delta0(sample_gradients, x_i, y_i)
        slopes.append([sum(weights[0][j, k] * delta0[j] for j in range(len(delta0))) for k in range(len(x_i))])
    return slopes  # nested lists are fine too


RIGHT_SLOPES = {
    "W0^T delta0, one sample at a time": one_sample_at_a_time,
    "a loop over the inputs, as lists": walk_back_by_hand,
    "delta0 @ W0, row by row": lambda weights, sample_gradients, x, y: np.array(
        [_delta0(sample_gradients, a, b) @ weights[0] for a, b in zip(x, y)]
    ),
}


@pytest.mark.parametrize("name", list(RIGHT_SLOPES))
def test_right_input_slopes_pass(name):
    verdict = exercises.check_input_gradient(RIGHT_SLOPES[name])
    assert verdict.passed, str(verdict)
    assert "centred nudges of the inputs" in verdict.message


def each_sample(slopes_of_one):
    return lambda weights, sample_gradients, x, y: np.array(
        [slopes_of_one(weights, sample_gradients(a, b)[0]) for a, b in zip(x, y)]
    )


WRONG_SLOPES = {
    "whole batch": lambda weights, sample_gradients, x, y: np.repeat(
        (weights[0].T @ _delta0(sample_gradients, x, y))[None], len(x), axis=0
    ),
    "delta itself": each_sample(lambda weights, deltas: deltas[0]),
    "W not W^T": each_sample(lambda weights, deltas: weights[0] @ deltas[0]),
    "a sigma' too many": lambda weights, sample_gradients, x, y: (
        one_sample_at_a_time(weights, sample_gradients, x, y) * sigmoid_prime(x)
    ),
    "one layer short": each_sample(lambda weights, deltas: weights[1].T @ deltas[1]),
    "sign": lambda weights, sample_gradients, x, y: -one_sample_at_a_time(weights, sample_gradients, x, y),
    "divided by m": lambda weights, sample_gradients, x, y: one_sample_at_a_time(weights, sample_gradients, x, y)
    / len(x),
}


@pytest.mark.parametrize("mistake", list(WRONG_SLOPES))
def test_each_known_mistake_of_the_input_slopes_is_named(mistake):
    verdict = exercises.check_input_gradient(WRONG_SLOPES[mistake])
    assert verdict.status == "known mistake" and verdict.mistake == mistake, str(verdict)


def test_one_row_for_the_whole_batch_gets_the_shape_hint():
    verdict = exercises.check_input_gradient(
        lambda weights, sample_gradients, x, y: weights[0].T @ _delta0(sample_gradients, x[0], y[0])
    )
    assert not verdict.passed and "a row per sample" in verdict.message, str(verdict)


def test_an_unknown_wrong_answer_and_a_crash_and_an_unfinished_one():
    wrong = exercises.check_input_gradient(lambda weights, sample_gradients, x, y: np.zeros_like(x))
    assert wrong.status == "wrong" and not wrong.passed
    crash = exercises.check_input_gradient(lambda weights, sample_gradients, x, y: 1 / 0)
    assert crash.status == "error" and "ZeroDivisionError" in crash.message
    assert exercises.check_input_gradient(lambda weights, sample_gradients, x, y: ...).status == "not done"


RIGHT_ACCURACIES = {
    "numpy": lambda confusion: np.diag(confusion) / confusion.sum(axis=1),
    "a loop, as a list": lambda confusion: [confusion[d, d] / sum(confusion[d]) for d in range(10)],
    "a loop that skips the missing digits": lambda confusion: [
        confusion[d, d] / confusion[d].sum() if confusion[d].sum() else float("nan") for d in range(10)
    ],
}


@pytest.mark.parametrize("name", list(RIGHT_ACCURACIES))
def test_right_accuracies_per_digit_pass(name):
    verdict = exercises.check_accuracy_per_digit(RIGHT_ACCURACIES[name])
    assert verdict.passed, str(verdict)


WRONG_ACCURACIES = {
    "by answer": lambda confusion: np.diag(confusion) / confusion.sum(axis=0),
    "counts": lambda confusion: np.diag(confusion),
    "row maximum": lambda confusion: confusion.max(axis=1) / confusion.sum(axis=1),
    "percent": lambda confusion: 100 * np.diag(confusion) / confusion.sum(axis=1),
    "error rate": lambda confusion: 1 - np.diag(confusion) / confusion.sum(axis=1),
    "overall": lambda confusion: np.full(10, np.trace(confusion) / np.sum(confusion)),
}


@pytest.mark.parametrize("mistake", list(WRONG_ACCURACIES))
def test_each_known_mistake_of_accuracy_per_digit_is_named(mistake):
    verdict = exercises.check_accuracy_per_digit(WRONG_ACCURACIES[mistake])
    assert verdict.status == "known mistake" and verdict.mistake == mistake, str(verdict)


def test_the_overall_accuracy_as_one_number_gets_the_shape_hint():
    verdict = exercises.check_accuracy_per_digit(lambda confusion: np.trace(confusion) / confusion.sum())
    assert not verdict.passed and "an array of 10" in verdict.message, str(verdict)


@pytest.mark.parametrize("name", ["input_slopes", "accuracy_per_digit"])
def test_the_solutions_pass_their_checkers(name):
    namespace = {"np": np, "bplib": bplib}
    exec(exercises.solution(name).source, namespace)
    checker = {"input_slopes": exercises.check_input_gradient, "accuracy_per_digit": exercises.check_accuracy_per_digit}
    assert checker[name](namespace[name]).passed
