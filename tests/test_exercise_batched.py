"""07's batched backprop for any depth and 06's prediction of where the slopes vanish: right answers in several
styles pass, each named mistake is named, the rule on what may be called holds, and the prediction is judged
against what the checker measures. The learners' functions here are written as a learner would write them."""

import dataclasses

import numpy as np
import pytest

import bplib
from bplib import exercises as ex
from bplib.exercises import solutions
from bplib.exercises.batch_exercises import BATCHED
from bplib.exercises.checking import TOLERANCE, check
from bplib.exercises.training_exercises import deep_slope_sizes


def sig(z):
    return 1 / (1 + np.exp(-z))


def sig_prime(z):
    return sig(z) * (1 - sig(z))


# --- batched backprop: answers a learner might write ----------------------------------------------------------


def layers_forward(weights, biases, X):
    """The forward pass written out: Z_l and A_l, one row per sample (A_0 = X)."""
    zs, activations = [], [X]
    for w, b in zip(weights, biases):
        zs.append(activations[-1] @ w.T + b)
        activations.append(sig(zs[-1]))
    return zs, activations


def batched(weights, biases, X, Y, divide_b=None, divide_w=None, out_factor=True, hidden_factor=True,
            factor_above=False, w_transposed=False, incoming=None, sign=1.0):
    zs, acts = layers_forward(weights, biases, X)
    m = len(X)
    deltas = [None] * len(weights)
    deltas[-1] = sign * (acts[-1] - Y) * (sig_prime(zs[-1]) if out_factor else 1)
    for l in reversed(range(len(weights) - 1)):
        back = deltas[l + 1] @ (weights[l + 1].T if w_transposed else weights[l + 1])
        deltas[l] = back * (sig_prime(zs[l + 1] if factor_above else zs[l]) if hidden_factor else 1)
    a_in = [acts[l] if incoming is None else incoming(l, zs, acts) for l in range(len(weights))]
    bias_grads = [d.sum(axis=0) / (m if divide_b is None else divide_b(m)) for d in deltas]
    weight_grads = [d.T @ a / (m if divide_w is None else divide_w(m)) for d, a in zip(deltas, a_in)]
    return bias_grads, weight_grads


def per_sample_outer(weights, biases, X, Y):
    """One sample at a time with np.outer, then the mean: slower, but the same slopes."""
    bias_sums, weight_sums = [np.zeros_like(b) for b in biases], [np.zeros_like(w) for w in weights]
    for x, y in zip(X, Y):
        zs, acts = bplib.forward(weights, biases, x)
        delta = (acts[-1] - y) * sig_prime(zs[-1])
        for l in range(len(weights) - 1, -1, -1):
            bias_sums[l] += delta
            weight_sums[l] += np.outer(delta, acts[l])
            if l:
                delta = (weights[l].T @ delta) * sig_prime(zs[l - 1])
    return [b / len(X) for b in bias_sums], [w / len(X) for w in weight_sums]


def with_bplib_forward_and_mean(weights, biases, X, Y):
    sigmoid = bplib.get_activation("sigmoid")
    zs, acts = bplib.forward(weights, biases, X)
    delta = sigmoid.activate_derivative(zs[-1]) * (acts[-1] - Y)
    grads = []
    for l in range(len(weights) - 1, -1, -1):
        grads.append((delta.mean(axis=0), np.einsum("si,sj->ij", delta, acts[l]) / len(X)))
        if l:
            delta = delta @ weights[l] * sigmoid.activate_derivative(zs[l - 1])
    return tuple(list(part[::-1]) for part in zip(*grads))


RIGHT = [lambda **c: batched(**c), per_sample_outer, with_bplib_forward_and_mean, solutions.batched_backprop]

MISTAKES = {
    "summed": lambda **c: batched(**c, divide_b=lambda m: 1, divide_w=lambda m: 1),
    "biases summed": lambda **c: batched(**c, divide_b=lambda m: 1),
    "weights summed": lambda **c: batched(**c, divide_w=lambda m: 1),
    "averaged twice": lambda **c: batched(**c, divide_b=lambda m: m**2, divide_w=lambda m: m**2),
    "divided by n_in": lambda **c: batched(**c, divide_b=lambda m: c["X"].shape[1], divide_w=lambda m: c["X"].shape[1]),
    "missing factor": lambda **c: batched(**c, hidden_factor=False),
    "output missing factor": lambda **c: batched(**c, out_factor=False),
    "factor of the layer above": lambda **c: batched(**c, factor_above=True),
    "W^T in BP2": lambda **c: batched(**c, w_transposed=True),
    "transposed weight slopes": lambda **c: (batched(**c)[0], [g.T for g in batched(**c)[1]]),
    "the layer's own activation": lambda **c: batched(**c, incoming=lambda l, zs, a: a[l + 1]),
    "z for a": lambda **c: batched(**c, incoming=lambda l, zs, a: a[0] if l == 0 else zs[l - 1]),
    "flipped sign": lambda **c: batched(**c, sign=-1.0),
    "reversed layers": lambda **c: tuple(part[::-1] for part in batched(**c)),
    "swapped pair": lambda **c: batched(**c)[::-1],
}


@pytest.mark.parametrize("n", range(len(RIGHT)))
def test_right_answers_in_any_style_pass(n):
    verdict = ex.check_batched_backprop(RIGHT[n])
    assert verdict.passed and verdict.error <= TOLERANCE / 100, str(verdict)
    assert verdict.measured["nudge_error"] < 1e-7


def test_a_right_answer_passes_where_a_single_slope_is_a_cancelling_sum():
    """Seed 276: a slope that is one number whose six samples' terms cancel (their sizes add up to 3,000 times
    the sum), so that a per-sample loop lands 1e-13 from the matrix form: still right."""
    verdict = ex.check_batched_backprop(per_sample_outer, seed=276)
    assert verdict.passed and 1e-15 < verdict.error < TOLERANCE, str(verdict)


@pytest.mark.parametrize("name", list(MISTAKES))
@pytest.mark.parametrize("seed", [0, 5])
def test_each_named_mistake_is_named(name, seed):
    verdict = ex.check_batched_backprop(MISTAKES[name], seed=seed)
    assert (verdict.status, verdict.mistake) == ("known mistake", name), str(verdict)


def test_every_mistake_the_checker_knows_is_tested():
    assert {m.name for m in BATCHED.mistakes} == set(MISTAKES)


def test_the_cases_vary_depth_width_and_batch_size_and_hold_a_batch_of_one():
    for seed in (0, 1, 2):
        cases = BATCHED.make_cases(seed)
        depths = {len(c["weights"]) for c in cases}
        assert depths == {1, 2, 3, 4}
        assert len({tuple(w.shape for w in c["weights"]) for c in cases}) == len(cases)
        batch_sizes = [len(c["X"]) for c in cases]
        assert 1 in batch_sizes and len(set(batch_sizes)) >= 3
        first = cases[0]["weights"]
        assert all(w.shape[0] == w.shape[1] == first[0].shape[0] for w in first)  # square: transposes show
    assert [c["X"].shape for c in BATCHED.make_cases(0)] != [c["X"].shape for c in BATCHED.make_cases(1)]


@pytest.mark.parametrize(
    "call",
    [
        lambda weights, biases, X, Y: bplib.backprop(weights, biases, X, Y),
        lambda weights, biases, X, Y: bplib.backprop_sample_by_sample(weights, biases, X, Y),
        lambda weights, biases, X, Y: bplib.numerical_gradient(weights, biases, X, Y),
        lambda weights, biases, X, Y: bplib.network.backprop(weights, biases, X, Y, "sigmoid"),
        lambda weights, biases, X, Y: bplib.exercises.hidden_exercises.backprop(weights, biases, X, Y),
    ],
    ids=["backprop", "sample by sample", "nudging", "through the module", "through a checker's module"],
)
def test_an_answer_that_calls_backprop_is_told_so_whatever_its_numbers(call):
    verdict = ex.check_batched_backprop(call)
    assert (verdict.status, verdict.mistake) == ("known mistake", "forbidden call"), str(verdict)
    assert "which computes slopes" in verdict.message and "bplib." in verdict.message


def test_the_rule_is_what_makes_backprop_fail_and_the_raw_exercise_would_pass_it():
    """Without the watch, an answer that calls bplib.backprop would pass: the rule is held by the watch alone."""
    unwatched = dataclasses.replace(BATCHED, may_not_call=None)
    assert check(unwatched, lambda weights, biases, X, Y: bplib.backprop(weights, biases, X, Y)).passed


def test_a_hand_written_nudge_is_named_nudged():
    def nudged(weights, biases, X, Y, h=1e-5):
        def loss():
            return np.mean(np.sum((layers_forward(weights, biases, X)[1][-1] - Y) ** 2, axis=1) / 2)

        grads = []
        for params in (biases, weights):
            part = []
            for p in params:
                g = np.zeros_like(p)
                for i in np.ndindex(p.shape):
                    keep = p[i]
                    p[i] = keep + h
                    up = loss()
                    p[i] = keep - h
                    down = loss()
                    p[i] = keep
                    g[i] = (up - down) / (2 * h)
                part.append(g)
            grads.append(part)
        return tuple(grads)

    verdict = ex.check_batched_backprop(nudged)
    assert (verdict.status, verdict.mistake) == ("known mistake", "nudged"), str(verdict)


def test_the_watch_leaves_no_profiler_behind_and_unfinished_work_is_not_done():
    def unfinished(weights, biases, X, Y):
        return ...

    assert ex.check_batched_backprop(unfinished).status == "not done"
    assert ex.check_batched_backprop(lambda weights, biases, X, Y: bplib.backprop(weights, biases, X, Y)).mistake
    import sys

    assert sys.getprofile() is None


# --- 06: predict where the slopes vanish ------------------------------------------------------------------------


def notebook_measurement():
    """06's own measurement, written out here: the first network, seed 0, on the notebook's spirals."""
    x, labels = bplib.datasets.two_spirals(n_per_class=300, noise=0.05, turns=1.5, seed=0)
    x_train, y_train, _, _ = bplib.datasets.split(x, labels, held_out=0.25, seed=1)
    weights, biases = bplib.random_network([2, 16, 16, 16, 16, 16, 1], seed=0)
    _, grads = bplib.backprop(weights, biases, x_train, y_train, ["sigmoid"] * 6, "cross_entropy")
    return np.array([np.sqrt(np.mean(g**2)) for g in grads])


def test_the_checker_measures_what_the_notebook_measures():
    sizes = deep_slope_sizes()
    assert sizes.shape == (5, 6)
    np.testing.assert_allclose(sizes[0], notebook_measurement(), rtol=1e-12)
    assert len({round(r, 6) for r in sizes[:, -1] / sizes[:, 0]}) == 5  # five different networks


def test_a_right_prediction_passes_and_a_wrong_one_says_how_far_and_why():
    sizes = deep_slope_sizes()
    middle = float(np.sqrt((sizes[:, -1] / sizes[:, 0]).min() * (sizes[:, -1] / sizes[:, 0]).max()))
    right = ex.check_slope_prediction(0, middle)
    assert right.passed and right.measured["ratio_low"] < middle < right.measured["ratio_high"], str(right)
    wrong_layer = ex.check_slope_prediction(5, middle)
    assert not wrong_layer.passed and "not the smallest" in wrong_layer.message
    low = ex.check_slope_prediction(0, 4)
    assert not low.passed and "too small" in low.message and "1,024" in low.message
    high = ex.check_slope_prediction(0, 1e9)
    assert not high.passed and "too large" in high.message
    below_one = ex.check_slope_prediction(0, 0.5)
    assert not below_one.passed and "as large as the output layer's or larger" in below_one.message


@pytest.mark.parametrize(
    ("layer", "times", "words"),
    [
        ("0", 1000, "smallest_layer must be a number"),
        (True, 1000, "must be a number"),
        (0, None, "times_smaller must be a number"),
        (0, float("inf"), "must be a finite number"),
        (0, np.nan, "must be a finite number"),
        (6, 1000, "from 0 (the first) to 5"),
        (-1, 1000, "from 0 (the first) to 5"),
        (1.5, 1000, "a whole number"),
        (np.array([0]), 1000, "must be a number"),
        (0, 10**400, "must be a finite number"),
        (10**400, 1000, "must be a finite number"),
    ],
)
def test_odd_predictions_are_verdicts_not_errors(layer, times, words):
    verdict = ex.check_slope_prediction(layer, times)
    assert verdict.status == "error" and words in verdict.message, str(verdict)


def test_an_unfinished_prediction_is_not_done_and_numpy_numbers_are_fine():
    assert ex.check_slope_prediction(..., 1000).status == "not done"
    assert ex.check_slope_prediction(0, ...).status == "not done"
    assert ex.check_slope_prediction(np.int64(0), np.float32(1e4)).passed


def test_close_means_within_a_factor_of_three_of_the_measured_range():
    ratios = deep_slope_sizes()[:, -1] / deep_slope_sizes()[:, 0]
    assert ex.check_slope_prediction(0, ratios.max() * 2.5).passed
    assert ex.check_slope_prediction(0, ratios.min() / 2.5).passed
    assert not ex.check_slope_prediction(0, ratios.max() * 10).passed
    assert not ex.check_slope_prediction(0, ratios.min() / 10).passed
