"""Shortcuts that must not pass: a constant written in where an argument belongs, a structure every case shares,
a nudged slope where backprop is asked for, and a rule the learner could go around. And the checker's own
arguments, as a learner passes them."""

import collections
import concurrent.futures
import dataclasses
import functools
import gc
import inspect
import sys
import threading

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
    assert as_zero.mistake == "no digit as 0" and "0 / 0 is not a number" in as_zero.message, str(as_zero)


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
    assert "like a nudged slope, not backprop" in nudged.message
    right = check(exercise, getattr(solutions, name))
    assert right.passed and right.error < TOLERANCE / 100


def test_right_forms_of_the_sigmoid_slope_pass_where_z_saturates():
    """On saturated z alone the slopes are tiny, and right forms differ relatively by up to about 1e-14 there."""
    forms = (lambda z: bplib.activations.sigmoid(z) - bplib.activations.sigmoid(z) ** 2,
             lambda z: np.exp(-np.abs(z)) / (1 + np.exp(-np.abs(z))) ** 2)
    for form in forms:
        for seed in range(10):
            assert ex.check_sigmoid_slope(form, seed=seed).passed


def test_the_networks_own_nudges_are_a_forbidden_call():
    learner = bplib.numerical_gradient  # (weights, biases, x, y, step=..., ...)
    verdict = ex.check_backprop_two_layers(lambda weights, biases, x, y: learner(weights, biases, x, y))
    assert verdict.mistake == "forbidden call", str(verdict)
    assert "calls bplib.finite_differences.numerical_gradient" in verdict.message


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


@pytest.mark.parametrize("rows", [lambda m: range(m - 1), lambda m: range(1, m)], ids=["last", "first"])
def test_a_sample_left_out_of_the_loop_is_named_with_its_row(rows):
    def mean_of_some(sample_gradients, x, y):
        per_sample = [sample_gradients(x[i], y[i]) for i in rows(len(x))]
        layers = range(len(per_sample[0][0]))
        return ([np.mean([s[0][l] for s in per_sample], axis=0) for l in layers],
                [np.mean([s[1][l] for s in per_sample], axis=0) for l in layers])

    verdict = ex.check_batch_gradients(mean_of_some)
    assert (verdict.status, verdict.mistake, verdict.case) == ("known mistake", "sample left out", 1), str(verdict)
    row = 0 if 0 not in rows(3) else len(EXERCISES["batch_gradients"].make_cases(0)[0]["x"]) - 1
    assert f"sample {row} (x[{row}], y[{row}])" in verdict.message


def test_a_sample_left_out_of_08s_input_slopes_is_not_told_to_average():
    """08 wants a row per sample, not a mean: the sentence on a sample left out fits both exercises."""

    def some_rows(weights, sample_gradients, x, y):
        rows = []
        for i in range(len(x) - 1):
            bias_grads, _ = sample_gradients(x[i], y[i])
            rows.append(weights[0].T @ bias_grads[0])
        return np.array(rows + [np.zeros(x.shape[1])])

    verdict = ex.check_input_gradient(some_rows)
    assert verdict.mistake == "sample left out" and "mean" not in verdict.message, str(verdict)


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


# --- what an answer calls is watched, however it calls it ----------------------------------------------------


def test_backprop_answers_may_not_call_bplib_backprop_by_any_route(monkeypatch):
    """Where backprop is the task, bplib's slopes are refused: called directly, sample by sample, or after
    registering the case's activation so that bplib.backprop knows it."""
    direct = ex.check_backprop_two_layers(lambda weights, biases, x, y: bplib.backprop(weights, biases, x, y))
    assert direct.mistake == "forbidden call" and "bplib.network.backprop" in direct.message, str(direct)
    by_sample = ex.check_backprop_two_layers(bplib.network.backprop_sample_by_sample)
    assert by_sample.mistake == "forbidden call", str(by_sample)

    def registered(weights, biases, x, y, activate, activate_derivative):
        monkeypatch.setitem(bplib.activations.ACTIVATIONS, "mine",
                            bplib.activations.Activation("mine", activate, activate_derivative))
        return bplib.backprop(weights, biases, x, y, activation="mine")

    verdict = ex.check_backprop_any_depth(registered)
    assert verdict.mistake == "forbidden call" and "write backprop yourself" in verdict.message, str(verdict)


def through_a_thread(weights, biases, X, Y):
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(bplib.backprop, weights, biases, X, Y).result()


def with_the_watch_off(weights, biases, X, Y):
    sys.setprofile(None)
    return bplib.backprop(weights, biases, X, Y)


def with_new_threads_unwatched(weights, biases, X, Y):
    threading.setprofile(None)
    return through_a_thread(weights, biases, X, Y)


def with_the_watch_off_through_partial(weights, biases, X, Y):
    functools.partial(sys.setprofile, None)()  # a C call from C: no event the watch could see
    return bplib.backprop(weights, biases, X, Y)


def with_the_watch_off_through_map(weights, biases, X, Y):
    list(map(sys.setprofile, [None]))
    return bplib.backprop(weights, biases, X, Y)


def with_new_threads_unwatched_through_partial(weights, biases, X, Y):
    functools.partial(threading.setprofile, None)()
    return through_a_thread(weights, biases, X, Y)


@pytest.mark.parametrize("learner", [through_a_thread, with_the_watch_off, with_new_threads_unwatched,
                                     with_the_watch_off_through_partial, with_the_watch_off_through_map,
                                     with_new_threads_unwatched_through_partial])
def test_a_thread_or_the_watch_turned_off_hides_no_call(learner):
    before = sys.getprofile(), threading.getprofile()
    verdict = ex.check_batched_backprop(learner)
    assert (verdict.status, verdict.mistake) == ("known mistake", "forbidden call"), str(verdict)
    if learner is not through_a_thread:
        assert "turns off the checker's watch" in verdict.message
    assert (sys.getprofile(), threading.getprofile()) == before


def test_a_call_made_as_the_answer_is_read_is_watched_too():
    """An answer whose numbers come from bplib.backprop only when the checker reads them (``__array__``)."""

    def backprop_when_read(weights, biases, X, Y):
        class Later:
            def __init__(self, part, layer):
                self.part, self.layer = part, layer

            def __array__(self, dtype=None, copy=None):
                return np.asarray(bplib.backprop(weights, biases, X, Y)[self.part][self.layer])

        return [Later(0, 0), Later(0, 1)], [Later(1, 0), Later(1, 1)]

    verdict = ex.check_batched_backprop(backprop_when_read)
    assert (verdict.status, verdict.mistake) == ("known mistake", "forbidden call"), str(verdict)
    assert "bplib.network.backprop" in verdict.message


def test_bplibs_private_nudging_is_refused_where_the_nudge_is_to_be_written():
    def private_nudge(f, inputs, i, h):
        along = np.zeros(len(inputs))
        along[i] = 1.0
        return bplib.finite_differences._centred_slope(lambda t: f(inputs + t * along), 0.0, h)

    verdict = ex.check_partial_slope(private_nudge)
    assert (verdict.status, verdict.mistake) == ("known mistake", "forbidden call"), str(verdict)
    assert "finite_differences._centred_slope" in verdict.message and "write the nudge yourself" in verdict.message


def test_another_activations_ready_made_slope_is_refused_in_the_sigmoid_slope():
    """sigma'(z) = tanh'(z / 2) / 4: right numbers, from a slope bplib computes (reached here by a name built at
    run time, which no reading of the code can see)."""
    tanh_slope = getattr(bplib.get_activation("tanh"), "deriv" + "ative")
    verdict = ex.check_sigmoid_slope(lambda z: tanh_slope(z / 2) / 4)
    assert (verdict.status, verdict.mistake) == ("known mistake", "forbidden call"), str(verdict)
    assert "bplib.activations.tanh_prime" in verdict.message


sigmoid_prime_alias = bplib.activations.sigmoid_prime


def partial_with_a_default(f, inputs, i, h, difference=bplib.centred_difference):
    def along(value):
        moved = np.array(inputs, dtype=float)
        moved[i] = value
        return f(moved)

    return difference(along, inputs[i], h)


def test_a_forbidden_function_under_another_name_is_still_seen():
    """Reading the code catches ``bplib.activations.sigmoid_prime``; an alias or a default argument hides the name
    from the reading, not the call from the watch."""
    alias = ex.check_sigmoid_slope(lambda z: sigmoid_prime_alias(z))
    assert alias.mistake == "forbidden call" and "computes the slope (or nudges) for you" in alias.message, str(alias)
    default = ex.check_partial_slope(partial_with_a_default)
    assert default.mistake == "forbidden call" and "write the nudge yourself" in default.message, str(default)


def test_what_an_answer_leaves_behind_does_not_reach_the_checker():
    """numpy set to raise on overflow, or a tracer that raises, left by a right answer: the checker's own nudges
    and reading run as before, and both are given back."""
    def strict(delta_next, weights_next, z):
        np.seterr(all="raise")
        return solutions.hidden_delta(delta_next, weights_next, z)

    def tracer(frame, event, arg):
        raise RuntimeError("a tracer left behind")

    def traced(delta_next, weights_next, z):
        delta = solutions.hidden_delta(delta_next, weights_next, z)
        sys.settrace(tracer)  # last: it acts on the calls that follow, the checker's
        return delta

    errors = np.geterr()
    for learner in (strict, traced):
        verdict = ex.check_hidden_delta(learner)
        assert verdict.passed, str(verdict)
        assert np.geterr() == errors and sys.gettrace() is None


def two_layers_forward_nudged(weights, biases, x, y, h=1e-6):
    def cost():
        return 0.5 * float(np.sum((bplib.forward(weights, biases, x)[1][-1] - y) ** 2))

    slopes = ([np.zeros_like(b) for b in biases], [np.zeros_like(w) for w in weights])
    for kind, params in zip(slopes, (biases, weights)):
        for grads, param in zip(kind, params):
            for index in np.ndindex(param.shape):
                before = cost()
                param[index] += h
                grads[index] = (cost() - before) / h
                param[index] -= h
    return slopes


def test_an_answer_near_but_not_exact_is_told_what_nudges_give():
    """A forward difference of the learner's own (not the checker's centred nudge) lands near 1e-6: told that
    nudges land there and backprop does not; a float32 answer that is wrong in float64 too is not "float32"."""
    verdict = ex.check_backprop_two_layers(two_layers_forward_nudged)
    assert (verdict.status, verdict.kind) == ("wrong", "nearly") and 1e-9 < verdict.error < 1e-3, str(verdict)
    assert "as nudged slopes are" in verdict.message
    off = ex.check_output_delta(lambda z, a, desired: (1.0004 * a * (1 - a) * (a - desired)).astype(np.float32))
    assert off.kind == "nearly", str(off)


# --- a helper of the learner's own may carry a forbidden name ------------------------------------------------------


def nudge(vector, i, h):  # the learner's own, as 01 invites: named as bplib's is, but written here
    moved = np.array(vector, dtype=float)
    moved[i] += h
    return moved


def activate_derivative(z):  # the learner's own, named as the article's is
    s = np.exp(-np.logaddexp(0.0, -z))  # sigma(z), with no overflow where z is large and negative
    return s * (1 - s)


def partial_slope_with_own_nudge(f, inputs, i, h):
    return (f(nudge(inputs, i, h)) - f(nudge(inputs, i, -h))) / (2 * h)


def sigmoid_slope_with_own_helper(z):
    return activate_derivative(z)


def sigmoid_slope_with_bplibs(z):
    return bplib.get_activation("sigmoid").activate_derivative(z)


def test_a_helper_of_the_learners_own_may_carry_a_forbidden_name():
    """01 and 02 refuse an answer that reads bplib's nudge or slope; a helper the learner wrote under the same
    name is their own work, and passes."""
    assert ex.check_partial_slope(partial_slope_with_own_nudge).passed
    assert ex.check_sigmoid_slope(sigmoid_slope_with_own_helper).passed
    refused = ex.check_sigmoid_slope(sigmoid_slope_with_bplibs)  # bplib's, under the same name, is still watched
    assert refused.mistake == "forbidden call" and "sigmoid_prime" in refused.message, str(refused)


def output_delta_from_float32(z, a, desired):
    a = a.astype(np.float32)  # the formula is right; the input is rounded to 7 digits on the way
    return a * (1 - a) * (a - desired)


def test_an_answer_rounded_on_the_way_hears_it_may_be_that_not_a_nudge():
    """float32 rounding of one input lands where nudges land (about 1e-8): the verdict cannot tell them apart by
    value, so it names both causes, and how to fix each."""
    verdict = ex.check_output_delta(output_delta_from_float32)
    assert verdict.mistake == "nudged", str(verdict)
    assert ".astype(np.float32)" in verdict.message and "chain rule" in verdict.message
