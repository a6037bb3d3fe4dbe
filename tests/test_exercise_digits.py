"""Notebook 07's checkers: right answers written in different ways pass, each known mistake is named, and an
unfinished or crashing answer gets a verdict, never an exception."""

import numpy as np
import pytest

import bplib
from bplib import exercises
from bplib.activations import sigmoid, sigmoid_prime


def _delta1(weights, biases, x, y):
    return bplib.backprop(weights, biases, x, y)[0][0]


def walk_back_by_hand(weights, biases, x, y):
    """The whole backward pass written out, without bplib.backprop."""
    z1 = weights[0] @ x + biases[0]
    a1 = sigmoid(z1)
    z2 = weights[1] @ a1 + biases[1]
    a2 = sigmoid(z2)
    delta2 = (a2 - y) * sigmoid_prime(z2)
    delta1 = (weights[1].T @ delta2) * sigmoid_prime(z1)
    return list(weights[0].T @ delta1)  # a list is fine too


RIGHT_SLOPES = {
    "W1^T delta1 from backprop": lambda weights, biases, x, y: weights[0].T @ _delta1(weights, biases, x, y),
    "walked back by hand, as a list": walk_back_by_hand,
    "delta1 @ W1": lambda weights, biases, x, y: _delta1(weights, biases, x, y) @ weights[0],
}


@pytest.mark.parametrize("name", list(RIGHT_SLOPES))
def test_right_input_slopes_pass(name):
    verdict = exercises.check_input_gradient(RIGHT_SLOPES[name])
    assert verdict.passed, str(verdict)
    assert "centred nudges of the inputs" in verdict.message


WRONG_SLOPES = {
    "delta itself": lambda weights, biases, x, y: _delta1(weights, biases, x, y),
    "W not W^T": lambda weights, biases, x, y: weights[0] @ _delta1(weights, biases, x, y),
    "a sigma' too many": lambda weights, biases, x, y: (
        (weights[0].T @ _delta1(weights, biases, x, y)) * sigmoid_prime(x)
    ),
    "one layer short": lambda weights, biases, x, y: weights[1].T @ bplib.backprop(weights, biases, x, y)[0][1],
    "sign": lambda weights, biases, x, y: -(weights[0].T @ _delta1(weights, biases, x, y)),
}


@pytest.mark.parametrize("mistake", list(WRONG_SLOPES))
def test_each_known_mistake_of_the_input_slopes_is_named(mistake):
    verdict = exercises.check_input_gradient(WRONG_SLOPES[mistake])
    assert verdict.status == "known mistake" and verdict.mistake == mistake, str(verdict)


def test_an_unknown_wrong_answer_and_a_crash_and_an_unfinished_one():
    wrong = exercises.check_input_gradient(lambda weights, biases, x, y: np.zeros_like(x))
    assert wrong.status == "wrong" and not wrong.passed
    crash = exercises.check_input_gradient(lambda weights, biases, x, y: 1 / 0)
    assert crash.status == "error" and "ZeroDivisionError" in crash.message
    assert exercises.check_input_gradient(lambda weights, biases, x, y: ...).status == "not done"


RIGHT_ACCURACIES = {
    "numpy": lambda outputs, labels: np.mean(np.argmax(outputs, axis=1) == labels),
    "a loop": lambda outputs, labels: (
        sum(int(np.argmax(row) == label) for row, label in zip(outputs, labels)) / len(labels)
    ),
}


@pytest.mark.parametrize("name", list(RIGHT_ACCURACIES))
def test_right_accuracies_pass(name):
    assert exercises.check_accuracy(RIGHT_ACCURACIES[name]).passed


WRONG_ACCURACIES = {
    "count": lambda outputs, labels: np.sum(np.argmax(outputs, axis=1) == labels),
    "percent": lambda outputs, labels: 100 * np.mean(np.argmax(outputs, axis=1) == labels),
    "error rate": lambda outputs, labels: np.mean(np.argmax(outputs, axis=1) != labels),
    "wrong axis": lambda outputs, labels: np.mean(np.argmax(outputs, axis=0) == labels),
}


@pytest.mark.parametrize("mistake", list(WRONG_ACCURACIES))
def test_each_known_mistake_of_accuracy_is_named(mistake):
    verdict = exercises.check_accuracy(WRONG_ACCURACIES[mistake])
    assert verdict.status == "known mistake" and verdict.mistake == mistake, str(verdict)
