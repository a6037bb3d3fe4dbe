"""Shortcuts that must not pass: a constant written in where an argument belongs, a structure every case shares,
a nudged slope where backprop is asked for, and a rule the learner could go around. And the checker's own
arguments, as a learner passes them."""

import collections
import dataclasses
import gc
import inspect

import numpy as np
import pytest

import bplib
from bplib import exercises as ex
from bplib.exercises import solutions
from bplib.exercises.checking import NUDGED_TOLERANCE, TOLERANCE, check
from bplib.input_gradient import input_gradient

EXERCISES = solutions.EXERCISES
NUDGED = [name for name, exercise in EXERCISES.items() if exercise.nudged is not None]


def public(case: dict) -> dict:
    return {name: value for name, value in case.items() if not name.startswith("_")}


def varies(values) -> bool:
    """Whether arguments differ between cases in what a constant or a fixed size could stand in for."""
    def key(value):
        if callable(value):
            return None
        if isinstance(value, list):
            return tuple(np.shape(v) for v in value)
        return np.shape(value) if np.ndim(value) else float(value)

    return len({key(v) for v in values}) > 1 or all(callable(v) for v in values)


@pytest.mark.parametrize("name", list(EXERCISES))
def test_every_argument_varies_across_the_cases(name):
    cases = EXERCISES[name].make_cases(0)
    for argument in set(public(cases[0])) - {"confusion"}:  # always 10 by 10: its structures are tested below
        assert varies([case[argument] for case in cases]), f"{name}: {argument} is the same in every case"


def test_a_step_or_a_rate_written_in_does_not_pass():
    forward = ex.check_forward_slope(lambda loss_of, value, h: (loss_of(value + 0.01) - loss_of(value)) / 0.01)
    assert (forward.status, forward.mistake) == ("known mistake", "fixed step"), str(forward)
    centred = ex.check_centred_slope(lambda loss_of, value, h: (loss_of(value + 0.01) - loss_of(value - 0.01)) / 0.02)
    assert (centred.status, centred.mistake) == ("known mistake", "fixed step"), str(centred)
    step = ex.check_sgd_step(lambda weights, biases, x, y, learning_rate: solutions.sgd_step(weights, biases, x, y, 1))
    assert not step.passed, str(step)


def test_two_layers_written_in_do_not_pass_the_sgd_step():
    def two_layers_only(weights, biases, x, y, learning_rate):
        (w0, w1), (b0, b1) = weights[:2], biases[:2]
        bias_grads, weight_grads = bplib.backprop(weights, biases, x, y)
        return [w0 - learning_rate * weight_grads[0], w1 - learning_rate * weight_grads[1]], [
            b0 - learning_rate * bias_grads[0],
            b1 - learning_rate * bias_grads[1],
        ]

    assert ex.check_sgd_step(two_layers_only).kind == "structure"


def test_accuracy_cases_hold_misread_digits_and_missing_ones():
    confusions = [case["confusion"] for case in EXERCISES["accuracy_per_digit"].make_cases(0)]
    assert any((c.argmax(axis=1) != np.arange(10)).any() for c in confusions)
    assert any((c.sum(axis=1) == 0).any() for c in confusions)
    as_zero = ex.check_accuracy_per_digit(lambda confusion: np.diag(confusion) / np.maximum(confusion.sum(axis=1), 1))
    assert as_zero.kind == "values" and "nan" in "\n".join(as_zero.details), str(as_zero)


def same(a, b) -> bool:
    if isinstance(a, list):
        return len(a) == len(b) and all(map(same, a, b))
    return np.array_equal(a, b)


def answering(exercise, answer):
    """A learner that gives ``answer(case)`` for the checker's own case (found by its arguments): what a learner
    could compute only with what the checker keeps to itself."""
    cases = exercise.make_cases(0)

    def learner(**arguments):
        for case in cases:
            if all(same(case[k], v) for k, v in arguments.items() if not callable(v)):
                return answer(case)
        raise AssertionError("no such case")

    return learner


@pytest.mark.parametrize("name", NUDGED)
def test_nudging_is_named_and_backprop_is_far_from_it(name):
    """Both sides of the tolerance: the checker's nudges miss by more than it, a right answer by far less. (Where
    an exercise forbids calling bplib's slopes, the check of what is called comes first: it is set aside here.)"""
    exercise = dataclasses.replace(EXERCISES[name], may_not_call=None)
    nudged = check(exercise, answering(exercise, exercise.nudged))
    assert (nudged.status, nudged.mistake) == ("known mistake", "nudged"), str(nudged)
    assert TOLERANCE < nudged.error < NUDGED_TOLERANCE
    assert "nudged slope, not backprop" in nudged.message
    right = check(exercise, getattr(solutions, name))
    assert right.passed and right.error < TOLERANCE / 100


def test_the_networks_own_nudges_are_named_too():
    learner = bplib.numerical_gradient  # (weights, biases, x, y, step=..., ...)
    verdict = ex.check_backprop_two_layers(lambda weights, biases, x, y: learner(weights, biases, x, y))
    assert verdict.mistake == "nudged", str(verdict)


@pytest.mark.parametrize("name", ["batch_gradients", "input_slopes"])
def test_one_sample_exercises_see_no_network_so_the_rule_holds(name):
    """No biases, so neither bplib.backprop on the batch, input_gradient nor nudging can be called; a batch
    passed to sample_gradients is named."""
    cases = EXERCISES[name].make_cases(0)
    assert all("biases" not in public(c) and callable(c["sample_gradients"]) for c in cases)
    learner = {
        "batch_gradients": lambda sample_gradients, x, y: sample_gradients(x, y),
        "input_slopes": lambda weights, sample_gradients, x, y: np.array(
            [weights[0].T @ sample_gradients(x, y)[0][0]] * len(x)
        ),
    }[name]
    verdict = check(EXERCISES[name], learner)
    assert (verdict.mistake, verdict.case) == ("whole batch", 1), str(verdict)
    assert "passed sample_gradients all 5 samples at once" in verdict.message


def network_behind(function):
    """The (weights, biases) that a function of one sample closes over, dug out as a determined learner could:
    Python hides nothing from ``gc.get_referents``, so the checker does not rely on hiding them."""
    todo, seen = collections.deque([function]), set()
    while todo:
        item = todo.popleft()
        if id(item) not in seen:
            seen.add(id(item))
            if inspect.isfunction(item) and "biases" in inspect.getclosurevars(item).nonlocals:
                found = inspect.getclosurevars(item).nonlocals
                return found["weights"], found["biases"]
            todo.extend(gc.get_referents(item))
    raise AssertionError("no network found")


@pytest.mark.parametrize("name", ["batch_gradients", "input_slopes"])
def test_the_network_dug_out_of_sample_gradients_does_not_pass(name):
    """Right numbers from the network behind sample_gradients (bplib's batch functions on it) are named: each
    sample has to go through sample_gradients."""
    learner = {
        "batch_gradients": lambda sample_gradients, x, y: bplib.backprop(*network_behind(sample_gradients), x, y),
        "input_slopes": lambda weights, sample_gradients, x, y: input_gradient(
            *network_behind(sample_gradients), x, y
        ),
    }[name]
    verdict = check(EXERCISES[name], learner)
    assert (verdict.status, verdict.mistake) == ("known mistake", "not sample by sample"), str(verdict)
    assert "not every sample went through sample_gradients" in verdict.message
    assert check(EXERCISES[name], getattr(solutions, name)).passed


def test_a_time_limit_of_any_size_or_kind_is_taken():
    assert ex.check_hidden_delta(solutions.hidden_delta, time_limit=1e300).passed
    assert ex.check_hidden_delta(solutions.hidden_delta, time_limit=np.int64(3)).passed
    assert ex.check_hidden_delta(solutions.hidden_delta, time_limit=np.float32(2.5)).passed


def test_an_input_scaled_in_place_is_told_so_not_not_done():
    def scales_in_place(bias_grads, inputs):
        for k in range(len(inputs)):
            inputs[k] *= bias_grads[0]

    verdict = ex.check_weight_grads_loop(scales_in_place)
    assert (verdict.kind, verdict.status) == ("in place", "wrong"), str(verdict)
    assert "changed inputs in place" in verdict.message
