"""Notebook 08's checkers, the capstone's too: right answers written in different ways pass, each known mistake
is named, and an unfinished or crashing answer gets a verdict, never an exception."""

import sys

import numpy as np
import pytest

import bplib
from bplib import exercises
from bplib.activations import sigmoid_prime
from bplib.exercises import solutions
from bplib.network import backprop as library_backprop


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
    "no digit as 0": lambda confusion: np.nan_to_num(np.diag(confusion) / confusion.sum(axis=1)),
    "whole-number division": lambda confusion: np.diag(confusion) // confusion.sum(axis=1),
    "by the total": lambda confusion: np.diag(confusion) / confusion.sum(),
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


# --- the capstone: backprop on a mini-batch ------------------------------------------------------------------

def sig(z):
    return 1 / (1 + np.exp(-z))


def as_matrices(weights, biases, x, y, divide_b=True, divide_w=True, sign=1.0, hidden=True, output=True,
                z_for_a=False):
    """A mini-batch's slopes written out with a row per sample, with switches for the usual mistakes."""
    z0 = x @ weights[0].T + biases[0]
    a1 = sig(z0)
    a2 = sig(a1 @ weights[1].T + biases[1])
    delta1 = sign * (a2 - y) * (a2 * (1 - a2) if output else 1)
    delta0 = (delta1 @ weights[1]) * (a1 * (1 - a1) if hidden else 1)
    m = len(x)
    bias_grads = [delta0.sum(axis=0) / (m if divide_b else 1), delta1.sum(axis=0) / (m if divide_b else 1)]
    weight_grads = [delta0.T @ x / (m if divide_w else 1), delta1.T @ (z0 if z_for_a else a1) / (m if divide_w else 1)]
    return bias_grads, weight_grads


def outer_of_means(weights, biases, x, y):
    """The weight slopes as outer products of the batch's mean delta and its mean incoming activation."""
    a1 = sig(x @ weights[0].T + biases[0])
    a2 = sig(a1 @ weights[1].T + biases[1])
    delta1 = (a2 - y) * a2 * (1 - a2)
    delta0 = (delta1 @ weights[1]) * a1 * (1 - a1)
    bias_grads = [delta0.mean(axis=0), delta1.mean(axis=0)]
    return bias_grads, [np.outer(delta0.mean(axis=0), x.mean(axis=0)), np.outer(delta1.mean(axis=0), a1.mean(axis=0))]


def row_by_row(weights, biases, x, y):
    """The notebook 05 function on each row, then the mean: the other way the prompt offers."""
    per_sample = [solutions.backprop_two_layers(weights, biases, x_i, y_i) for x_i, y_i in zip(x, y)]
    return (
        [np.mean([s[0][l] for s in per_sample], axis=0) for l in range(2)],
        [np.mean([s[1][l] for s in per_sample], axis=0) for l in range(2)],
    )


def with_bplib_forward(weights, biases, x, y):
    _, (a0, a1, a2) = bplib.forward(weights, biases, x)
    delta1 = a2 * (1 - a2) * (a2 - y)
    delta0 = (delta1 @ weights[1]) * a1 * (1 - a1)
    return [delta0.mean(axis=0), delta1.mean(axis=0)], [
        np.einsum("mi,mk->ik", delta0, a0) / len(x),
        np.einsum("mi,mk->ik", delta1, a1) / len(x),
    ]


RIGHT_MINI_BATCH = {
    "matrices": as_matrices,
    "row by row, with notebook 05's function": row_by_row,
    "bplib.forward and einsum": with_bplib_forward,
    "as nested lists": lambda **c: tuple([g.tolist() for g in part] for part in as_matrices(**c)),
}


@pytest.mark.parametrize("name", list(RIGHT_MINI_BATCH))
def test_right_mini_batch_backprops_pass_and_are_confirmed_by_nudges(name):
    verdict = exercises.check_backprop_mini_batch(RIGHT_MINI_BATCH[name])
    assert verdict.passed, str(verdict)
    assert verdict.measured["nudge_error"] < 1e-8 and "centred nudges of the batch's loss" in verdict.message


def _first_sample(weights, biases, x, y):
    return solutions.backprop_two_layers(weights, biases, x[0], y[0])


def _last_sample(weights, biases, x, y):
    result = None
    for x_i, y_i in zip(x, y):  # overwritten each time round
        result = solutions.backprop_two_layers(weights, biases, x_i, y_i)
    return result


def _divided_by_n_in(weights, biases, x, y):
    n_in = x.shape[1]  # where m = x.shape[0] belongs
    a1 = sig(x @ weights[0].T + biases[0])
    a2 = sig(a1 @ weights[1].T + biases[1])
    delta1 = (a2 - y) * a2 * (1 - a2)
    delta0 = (delta1 @ weights[1]) * a1 * (1 - a1)
    return [delta0.sum(axis=0) / n_in, delta1.sum(axis=0) / n_in], [delta0.T @ x / n_in, delta1.T @ a1 / n_in]


WRONG_MINI_BATCH = {
    "summed": lambda **c: as_matrices(**c, divide_b=False, divide_w=False),
    "biases summed": lambda **c: as_matrices(**c, divide_b=False),
    "weights summed": lambda **c: as_matrices(**c, divide_w=False),
    "first sample": _first_sample,
    "last sample": _last_sample,
    "divided by n_in": _divided_by_n_in,
    "mean sample": lambda weights, biases, x, y: solutions.backprop_two_layers(weights, biases, x.mean(0), y.mean(0)),
    "outer of means": outer_of_means,
    "missing factor": lambda **c: as_matrices(**c, hidden=False),
    "output missing factor": lambda **c: as_matrices(**c, output=False),
    "flipped sign": lambda **c: as_matrices(**c, sign=-1.0),
    "z for a": lambda **c: as_matrices(**c, z_for_a=True),
    "transposed weight slopes": lambda **c: (as_matrices(**c)[0], [g.T for g in as_matrices(**c)[1]]),
    "reversed layers": lambda **c: tuple(part[::-1] for part in as_matrices(**c)),
    "swapped pair": lambda **c: as_matrices(**c)[::-1],
}


@pytest.mark.parametrize("mistake", list(WRONG_MINI_BATCH))
def test_each_known_mistake_of_the_mini_batch_is_named(mistake):
    verdict = exercises.check_backprop_mini_batch(WRONG_MINI_BATCH[mistake])
    assert (verdict.status, verdict.mistake) == ("known mistake", mistake), str(verdict)


def test_every_mistake_the_capstone_knows_is_tested():
    assert {m.name for m in solutions.EXERCISES["backprop_mini_batch"].mistakes} == set(WRONG_MINI_BATCH)


def test_the_cases_vary_the_batch_size_and_never_use_one_sample():
    sizes = [len(case["x"]) for case in solutions.EXERCISES["backprop_mini_batch"].make_cases(0)]
    assert len(set(sizes)) == len(sizes) and min(sizes) > 1


@pytest.mark.parametrize(
    "learner",
    [
        bplib.backprop,
        lambda weights, biases, x, y: library_backprop(weights, biases, x, y),  # imported under another name
        lambda weights, biases, x, y: bplib.backprop_sample_by_sample(weights, biases, x, y),
        lambda weights, biases, x, y: (as_matrices(weights, biases, x, y), bplib.backprop(weights, biases, x, y))[0],
    ],
    ids=["bplib.backprop", "renamed", "sample by sample", "called on the side"],
)
def test_bplibs_backprop_is_refused_under_any_name(learner):
    verdict = exercises.check_backprop_mini_batch(learner)
    assert (verdict.status, verdict.mistake) == ("known mistake", "forbidden call"), str(verdict)
    assert not verdict.passed and "your function calls bplib's own backprop" in verdict.message


def test_the_watch_lets_go_and_passes_what_is_allowed():
    """bplib.forward and bplib.loss may be called; the profile hook in place before the check is back after it,
    also when the learner's code raises."""
    def hook(frame, event, arg):
        return None

    sys.setprofile(hook)
    try:
        def forward_and_loss(weights, biases, x, y):
            bplib.loss(weights, biases, x, y)
            return with_bplib_forward(weights, biases, x, y)

        allowed = exercises.check_backprop_mini_batch(forward_and_loss)
        assert allowed.passed, str(allowed)
        crash = exercises.check_backprop_mini_batch(lambda weights, biases, x, y: 1 / 0)
        assert crash.status == "error" and "ZeroDivisionError" in crash.message
        assert sys.getprofile() is hook
    finally:
        sys.setprofile(None)


def test_the_capstone_template_and_the_solution():
    assert exercises.check_backprop_mini_batch(lambda weights, biases, x, y: ...).status == "not done"
    assert exercises.check_backprop_mini_batch(lambda w, b, x, y: as_matrices(w, b, x, y)).kind == "parameter names"
    namespace = {"np": np, "bplib": bplib}
    exec(exercises.solution("backprop_mini_batch").source, namespace)
    assert exercises.check_backprop_mini_batch(namespace["backprop_mini_batch"]).passed


def test_per_sample_bias_slopes_get_the_shape_hint():
    def not_averaged(weights, biases, x, y):
        bias_grads, weight_grads = as_matrices(weights, biases, x, y)
        z0 = x @ weights[0].T + biases[0]
        a1 = sig(z0)
        a2 = sig(a1 @ weights[1].T + biases[1])
        delta1 = (a2 - y) * a2 * (1 - a2)
        return [(delta1 @ weights[1]) * a1 * (1 - a1), delta1], weight_grads

    verdict = exercises.check_backprop_mini_batch(not_averaged)
    assert verdict.kind == "structure" and "whatever the batch size" in verdict.message, str(verdict)
