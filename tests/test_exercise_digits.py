"""Notebook 07's checkers: right answers written in different ways pass, each known mistake is named, and an
unfinished or crashing answer gets a verdict, never an exception."""

import numpy as np
import pytest

import bplib
from bplib import exercises
from bplib.activations import sigmoid, sigmoid_prime
from bplib.input_gradient import input_gradient


def _delta0(weights, biases, x, y):
    return bplib.backprop(weights, biases, x, y)[0][0]


def one_sample_at_a_time(weights, biases, x, y):
    return np.array([weights[0].T @ _delta0(weights, biases, x_i, y_i) for x_i, y_i in zip(x, y)])


def walk_back_by_hand(weights, biases, x, y):
    """The whole backward pass written out for the batch, a row per sample, without bplib.backprop."""
    z0 = x @ weights[0].T + biases[0]
    a1 = sigmoid(z0)
    z1 = a1 @ weights[1].T + biases[1]
    a2 = sigmoid(z1)
    delta1 = (a2 - y) * sigmoid_prime(z1)
    delta0 = (delta1 @ weights[1]) * sigmoid_prime(z0)
    return (delta0 @ weights[0]).tolist()  # nested lists are fine too


RIGHT_SLOPES = {
    "W0^T delta0, one sample at a time": one_sample_at_a_time,
    "walked back by hand for the batch, as lists": walk_back_by_hand,
    "bplib's input_gradient": input_gradient,
}


@pytest.mark.parametrize("name", list(RIGHT_SLOPES))
def test_right_input_slopes_pass(name):
    verdict = exercises.check_input_gradient(RIGHT_SLOPES[name])
    assert verdict.passed, str(verdict)
    assert "centred nudges of the inputs" in verdict.message


def each_sample(slopes_of_one):
    return lambda weights, biases, x, y: np.array([slopes_of_one(weights, biases, a, b) for a, b in zip(x, y)])


WRONG_SLOPES = {
    "averaged over the batch": lambda weights, biases, x, y: np.repeat(
        (weights[0].T @ _delta0(weights, biases, x, y))[None], len(x), axis=0
    ),
    "delta itself": each_sample(_delta0),
    "W not W^T": each_sample(lambda weights, biases, x, y: weights[0] @ _delta0(weights, biases, x, y)),
    "a sigma' too many": lambda weights, biases, x, y: one_sample_at_a_time(weights, biases, x, y) * sigmoid_prime(x),
    "one layer short": each_sample(
        lambda weights, biases, x, y: weights[1].T @ bplib.backprop(weights, biases, x, y)[0][1]
    ),
    "sign": lambda weights, biases, x, y: -one_sample_at_a_time(weights, biases, x, y),
}


@pytest.mark.parametrize("mistake", list(WRONG_SLOPES))
def test_each_known_mistake_of_the_input_slopes_is_named(mistake):
    verdict = exercises.check_input_gradient(WRONG_SLOPES[mistake])
    assert verdict.status == "known mistake" and verdict.mistake == mistake, str(verdict)


def test_one_row_for_the_whole_batch_gets_the_shape_hint():
    verdict = exercises.check_input_gradient(
        lambda weights, biases, x, y: weights[0].T @ _delta0(weights, biases, x, y)
    )
    assert not verdict.passed and "a row per sample" in verdict.message, str(verdict)


def test_an_unknown_wrong_answer_and_a_crash_and_an_unfinished_one():
    wrong = exercises.check_input_gradient(lambda weights, biases, x, y: np.zeros_like(x))
    assert wrong.status == "wrong" and not wrong.passed
    crash = exercises.check_input_gradient(lambda weights, biases, x, y: 1 / 0)
    assert crash.status == "error" and "ZeroDivisionError" in crash.message
    assert exercises.check_input_gradient(lambda weights, biases, x, y: ...).status == "not done"


RIGHT_ACCURACIES = {
    "numpy": lambda confusion: np.diag(confusion) / confusion.sum(axis=1),
    "a loop, as a list": lambda confusion: [confusion[d, d] / sum(confusion[d]) for d in range(10)],
}


@pytest.mark.parametrize("name", list(RIGHT_ACCURACIES))
def test_right_accuracies_per_digit_pass(name):
    verdict = exercises.check_accuracy_per_digit(RIGHT_ACCURACIES[name])
    assert verdict.passed, str(verdict)


WRONG_ACCURACIES = {
    "by answer": lambda confusion: np.diag(confusion) / confusion.sum(axis=0),
    "counts": lambda confusion: np.diag(confusion),
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
