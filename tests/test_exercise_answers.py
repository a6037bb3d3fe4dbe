"""Answers of the wrong structure, hostile answers and odd calls: a checker never passes them and never raises
(only KeyboardInterrupt goes through, so the kernel's stop button works), and its message says what is wrong."""

import signal
import time

import numpy as np
import pytest

import bplib
from bplib import exercises as ex
from bplib.exercises import solutions
from bplib.exercises.answers import Numbers, describe
from bplib.exercises.safety import can_limit_time

CHECKERS = [
    ex.check_forward_slope,
    ex.check_centred_slope,
    ex.check_output_delta,
    ex.check_cross_entropy_delta,
    ex.check_weight_grads_loop,
    ex.check_weight_grads_matrix,
    ex.check_hidden_delta,
    ex.check_tanh_hidden_delta,
    ex.check_backprop_two_layers,
    ex.check_sgd_step,
    ex.check_batch_gradients,
]
SOLUTION = {c: getattr(solutions, c.__doc__.split("``")[1].split("(")[0]) for c in CHECKERS}
FAST = 0.2  # seconds: the time limit for the hanging answers below
needs_alarm = pytest.mark.skipif(not can_limit_time(), reason="no SIGALRM time limit here")


# --- the wrong structures of issue 10 ------------------------------------------------------------------------


def outer_reshaped(bias_grads, inputs):
    return np.outer(bias_grads, inputs).reshape(len(inputs), len(bias_grads))


def test_a_matrix_of_the_wrong_shape_is_not_passed_when_a_square_case_hides_it():
    verdict = ex.check_weight_grads_matrix(outer_reshaped)
    assert (verdict.kind, verdict.case, verdict.where) == ("structure", 2, "your answer")
    assert "is a matrix of shape (5, 2); expected a matrix of shape (2, 5)" in verdict.message
    assert "row i belongs to output i" in verdict.message


def test_flat_answers_to_the_matrix_exercise_are_named():
    for flat in (lambda bias_grads, inputs: np.outer(bias_grads, inputs).ravel(), np.kron):
        verdict = ex.check_weight_grads_matrix(lambda bias_grads, inputs, f=flat: f(bias_grads, inputs))
        assert verdict.mistake == "flat list", str(verdict)


def test_a_matrix_where_the_flat_list_is_asked_for():
    verdict = ex.check_weight_grads_loop(lambda bias_grads, inputs: np.outer(bias_grads, inputs))
    assert verdict.kind == "structure" and "expected a vector of 12 numbers" in verdict.message


def right_pair(weights, biases, x, y):
    bias_grads, weight_grads = bplib.backprop(weights, biases, x, y)
    return list(bias_grads), list(weight_grads)


@pytest.mark.parametrize(
    ("change", "where", "words"),
    [
        (lambda b, w: (b, [w[0].reshape(w[0].shape[::-1]), w[1]]), "weight_grads[0]", "shape (4, 3); expected"),
        (lambda b, w: np.concatenate([g.ravel() for g in b + w]), "your answer", "a vector of 27 numbers"),
        (lambda b, w: (b, w, 0.0), "your answer", "a list of 3 items; expected a pair (bias_grads, weight_grads)"),
        (lambda b, w: ([g[:, None] for g in b], w), "bias_grads[0]", "shape (3, 1); expected shape (3,)"),
        (lambda b, w: ([g[None, :] for g in b], w), "bias_grads[0]", "extra axis of length 1"),
        (lambda b, w: (b, w[:1]), "weight_grads", "a list of 1 array; expected a list of 2 arrays"),
        (lambda b, w: (b, [w[0], None]), "weight_grads[1]", "is None"),
    ],
    ids=["weights (n_in, n_out)", "one flat vector", "extra element", "(n, 1)", "(1, n)", "one layer", "None"],
)
def test_wrong_structures_of_a_whole_backward_pass_name_the_array(change, where, words):
    verdict = ex.check_backprop_two_layers(lambda **c: change(*right_pair(**c)))
    assert (verdict.kind, verdict.where) == ("structure", where), str(verdict)
    assert words in verdict.message


def test_biases_of_shape_n_by_1_in_an_sgd_step_are_a_verdict_not_a_crash():
    def step(weights, biases, x, y, learning_rate):
        new_weights, new_biases = solutions.sgd_step(weights, biases, x, y, learning_rate)
        return new_weights, [b.reshape(-1, 1) for b in new_biases]

    verdict = ex.check_sgd_step(step)
    assert (verdict.kind, verdict.where) == ("structure", "biases[0]")


def test_a_slope_in_a_one_element_array_is_told_to_return_the_number():
    verdict = ex.check_forward_slope(lambda loss_of, value, h: np.array([(loss_of(value + h) - loss_of(value)) / h]))
    assert verdict.kind == "structure" and "array holding one number" in verdict.message


@pytest.mark.parametrize("imaginary", [1000j, 0j])
def test_complex_answers_are_never_passed(imaginary):
    verdict = ex.check_forward_slope(lambda loss_of, value, h: (loss_of(value + h) - loss_of(value)) / h + imaginary)
    assert verdict.kind == "structure" and "complex numbers" in verdict.message
    matrix = ex.check_weight_grads_matrix(lambda bias_grads, inputs: np.outer(bias_grads, inputs) + imaginary)
    assert matrix.kind == "structure" and "complex numbers" in matrix.message


def test_per_array_reports_name_each_array():
    def off(**case):
        bias_grads, weight_grads = right_pair(**case)
        weight_grads[1] = weight_grads[1] * 1.1
        return bias_grads, weight_grads

    verdict = ex.check_backprop_two_layers(off)
    assert (verdict.kind, verdict.where) == ("values", "weight_grads[1]")
    assert "1 of 4 arrays differs from the reference (weight_grads[1])" in verdict.message
    assert [line.split(":")[0].strip() for line in verdict.details[1:5]] == [
        "bias_grads[0]",
        "bias_grads[1]",
        "weight_grads[0]",
        "weight_grads[1]",
    ]
    assert verdict.details[1].endswith("ok") and "differs" in verdict.details[4]

    def two_off(**case):
        bias_grads, weight_grads = off(**case)
        return [bias_grads[0] + 1, bias_grads[1]], weight_grads

    assert "2 of 4 arrays differ from" in ex.check_backprop_two_layers(two_off).message


# --- messages that help --------------------------------------------------------------------------------------


def test_expected_and_got_differ_on_screen():
    verdict = ex.check_centred_slope(lambda loss_of, value, h: solutions.centred_slope(loss_of, value, h) * (1 + 1e-7))
    lines = "\n".join(verdict.details).splitlines()
    expected = next(line for line in lines if line.strip().startswith("expected")).split()[-1]
    got = next(line for line in lines if line.strip().startswith("got")).split()[-1]
    assert expected != got and abs(float(got)) > abs(float(expected))


def test_counts_are_singular_or_plural():
    assert describe(Numbers(np.zeros(1))) == "a vector of 1 number"
    assert describe(Numbers(np.zeros(3))) == "a vector of 3 numbers"
    assert describe(Numbers(np.zeros((3, 4)))) == "a matrix of shape (3, 4)"
    assert describe(Numbers(np.zeros(()))) == "a number"


def test_an_in_place_step_that_returns_nothing_is_told_so():
    def in_place(weights, biases, x, y, learning_rate):
        bias_grads, weight_grads = bplib.backprop(weights, biases, x, y)
        for w, g in zip(weights, weight_grads):
            w -= learning_rate * g
        for b, g in zip(biases, bias_grads):
            b -= learning_rate * g

    verdict = ex.check_sgd_step(in_place)
    assert verdict.kind == "in place" and "changed weights, biases in place but returned nothing" in verdict.message


def test_a_renamed_parameter_is_told_to_keep_the_names():
    verdict = ex.check_output_delta(lambda z, a, y: a * (1 - a) * (a - y))
    assert verdict.kind == "parameter names"
    assert "(z, a, y)" in verdict.message and "(z, a, desired)" in verdict.message


def test_float32_answers_are_told_that_float32_loses_digits():
    verdict = ex.check_hidden_delta(lambda **c: solutions.hidden_delta(**c).astype(np.float32))
    assert verdict.kind == "float32" and not verdict.passed and 1e-9 < verdict.error < 1e-5
    assert "float32" in verdict.message
    scalar = ex.check_forward_slope(lambda **c: np.float32(solutions.forward_slope(**c)))
    assert scalar.kind == "float32"
    wrong = ex.check_output_delta(lambda z, a, desired: (a * (1 - a) * (desired - a)).astype(np.float32))
    assert wrong.mistake == "flipped sign"  # a float32 mistake is still named


def test_a_whole_batch_call_is_told_it_skipped_the_point_wherever_backprop_came_from():
    namespace = {}
    source = (
        "from bplib import backprop\n\ndef whole(weights, biases, x, y):\n    return backprop(weights, biases, x, y)\n"
    )
    exec(source, namespace)
    for learner in (namespace["whole"], lambda weights, biases, x, y: bplib.backprop(weights, biases, x, y)):
        verdict = ex.check_batch_gradients(learner)
        assert (verdict.status, verdict.mistake, verdict.case) == ("known mistake", "whole batch", 1), str(verdict)
        assert "got all 5 samples at once" in verdict.message
    assert namespace["backprop"] is bplib.backprop and bplib.backprop.__module__ == "bplib.network"


def test_numbers_in_a_plain_list_are_fine_where_a_vector_is_asked():
    verdict = ex.check_output_delta(lambda z, a, desired: [float(v) for v in solutions.output_delta(z, a, desired)])
    assert verdict.passed


# --- hostile answers -----------------------------------------------------------------------------------------


class Unprintable(Exception):
    def __str__(self):
        raise RuntimeError("no")


class Custom(BaseException):
    pass


RAISED = [
    ValueError("shapes"),
    TypeError("no"),
    ZeroDivisionError("division by zero"),
    IndexError("index 9"),
    KeyError("k"),
    AttributeError("a"),
    AssertionError(),
    OverflowError("(34, 'Numerical result out of range')"),
    MemoryError(),
    StopIteration(),
    SystemExit(3),
    GeneratorExit(),
    RecursionError(),
    Unprintable(),
    Custom("mine"),
]


@pytest.mark.parametrize("checker", CHECKERS, ids=[c.__name__ for c in CHECKERS])
@pytest.mark.parametrize("error", RAISED, ids=[type(e).__name__ for e in RAISED])
def test_anything_raised_becomes_a_verdict(checker, error):
    def raising(**case):
        raise error

    verdict = checker(raising)
    assert (verdict.status, verdict.kind, verdict.case) == ("error", "raised", 1), str(verdict)
    assert type(error).__name__ in verdict.message and str(verdict)


@pytest.mark.parametrize("checker", CHECKERS, ids=[c.__name__ for c in CHECKERS])
def test_a_crash_after_right_answers_is_reported_with_its_line(checker):
    calls = []

    def crashes_later(**case):
        calls.append(1)
        if len(calls) == 2:
            return {}["missing"]
        return SOLUTION[checker](**case)

    verdict = checker(crashes_later)
    assert (verdict.kind, verdict.case) == ("raised", 2) and "KeyError" in verdict.message
    assert any("raised at line" in d and "crashes_later" in d for d in verdict.details)


@pytest.mark.parametrize("checker", [ex.check_hidden_delta, ex.check_batch_gradients])  # the second counts backprop
def test_the_stop_button_still_works_and_backprop_is_given_back(checker):
    def interrupted(**case):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        checker(interrupted)
    assert bplib.backprop.__module__ == "bplib.network"


class ArrayRaises:
    def __array__(self, *args, **kwargs):
        raise SystemExit("from __array__")


class LenRaises(list):
    def __iter__(self):
        raise GeneratorExit


class Opaque:
    def __repr__(self):
        raise RuntimeError("no repr")

    __str__ = __repr__


def self_containing():
    a = []
    a.append(a)
    return a


ODD = {
    "text": "0.5",
    "bytes": b"0.5",
    "bool": True,
    "bools": np.array([True, False, True]),
    "complex": 1 + 2j,
    "dict": {"a": 1.0},
    "set": {1.0, 2.0},
    "generator": (v for v in [1.0, 2.0]),
    "iterator": iter([1.0, 2.0]),
    "map": map(float, [1, 2]),
    "function": len,
    "object": object(),
    "opaque": Opaque(),
    "10**400": 10**400,
    "list with 10**400": [1.0, 10**400],
    "nan": float("nan"),
    "inf": [float("inf")] * 3,
    "strings array": np.array(["a", "b"]),
    "object array": np.array([object(), object()], dtype=object),
    "datetimes": np.array(["2026-01-01"], dtype="datetime64[D]"),
    "structured": np.zeros(2, dtype=[("a", float)]),
    "list inside itself": self_containing(),
    "deep": [[[[[[[[[[[1.0]]]]]]]]]]],
    "__array__ raises": ArrayRaises(),
    "__iter__ raises": LenRaises([1.0]),
    "ragged": [[1.0], [1.0, 2.0]],
    "empty": [],
    "big": list(range(100_000)),
}


@pytest.mark.parametrize("checker", CHECKERS, ids=[c.__name__ for c in CHECKERS])
@pytest.mark.parametrize("name", list(ODD))
def test_odd_answers_never_pass_and_never_raise(checker, name):
    verdict = checker(lambda **case: ODD[name])
    assert not verdict.passed and verdict.status in ("wrong", "known mistake", "error"), str(verdict)
    assert verdict.kind in ("structure", "not finite", "values", "mistake"), str(verdict)
    assert str(verdict)


@pytest.mark.parametrize("checker", CHECKERS, ids=[c.__name__ for c in CHECKERS])
def test_generator_functions_and_odd_callables_are_verdicts(checker):
    def generator(**case):
        yield SOLUTION[checker](**case)

    assert "generator" in checker(generator).message
    assert checker(42).kind == "not callable" and "int" in checker(42).message
    assert checker(print).kind in ("parameter names", "structure", "raised")  # a builtin: no readable signature
    assert checker(lambda *args: 0.0).kind == "parameter names"


@needs_alarm
@pytest.mark.parametrize("checker", CHECKERS, ids=[c.__name__ for c in CHECKERS])
def test_answers_that_hang_are_stopped(checker):
    def forever(**case):
        while True:
            pass

    verdict = checker(forever, time_limit=FAST)
    assert (verdict.status, verdict.kind, verdict.case) == ("error", "timeout", 1)
    assert f"still running after {FAST} seconds" in verdict.message


@needs_alarm
def test_answers_that_swallow_the_alarm_or_sleep_are_stopped_too():
    def swallows_once(**case):
        try:
            time.sleep(10)
        except BaseException:  # catches the first alarm; the next one, REPEAT seconds later, stops it
            pass
        while True:
            pass

    def catches_exceptions(**case):
        while True:
            try:
                time.sleep(10)
            except Exception:  # the time limit is not an Exception, so this does not stop it
                pass

    def hangs_late(**case):  # right on case 1, hangs on case 2
        if case["z"].size == 4:
            time.sleep(10)
        return solutions.hidden_delta(**case)

    started = time.monotonic()
    assert ex.check_hidden_delta(swallows_once, time_limit=FAST).kind == "timeout"
    assert ex.check_hidden_delta(catches_exceptions, time_limit=FAST).kind == "timeout"
    assert ex.check_hidden_delta(hangs_late, time_limit=FAST).case == 2
    assert time.monotonic() - started < 3


@needs_alarm
def test_the_time_limit_gives_back_the_previous_alarm():
    rang = []
    previous = signal.signal(signal.SIGALRM, lambda *a: rang.append(1))
    try:
        signal.setitimer(signal.ITIMER_REAL, 5.0)
        assert ex.check_hidden_delta(solutions.hidden_delta).passed
        handler_after, (left, _) = signal.getsignal(signal.SIGALRM), signal.getitimer(signal.ITIMER_REAL)
        assert handler_after is not previous and 4.0 < left < 5.0  # our handler and timer, less the time used
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_no_time_limit_can_be_asked_for():
    assert ex.check_hidden_delta(solutions.hidden_delta, time_limit=None).passed


# --- the checker's own arguments -----------------------------------------------------------------------------


@pytest.mark.parametrize("seed", ["a", -1, 1.5, None, True, [1]])
def test_a_bad_seed_is_a_verdict(seed):
    verdict = ex.check_hidden_delta(solutions.hidden_delta, seed=seed)
    assert (verdict.kind, verdict.status) == ("bad argument", "error") and "seed must be" in verdict.message


@pytest.mark.parametrize("limit", [0, -1, float("nan"), float("inf"), "3", True])
def test_a_bad_time_limit_is_a_verdict(limit):
    verdict = ex.check_hidden_delta(solutions.hidden_delta, time_limit=limit)
    assert verdict.kind == "bad argument" and "time_limit must be" in verdict.message


def test_numpy_integer_seeds_are_fine():
    assert ex.check_hidden_delta(solutions.hidden_delta, seed=np.int64(7)).passed


@pytest.mark.parametrize("checker", CHECKERS, ids=[c.__name__ for c in CHECKERS])
def test_unfinished_exercises_are_not_done(checker):
    def template(**case):
        return ...

    def not_implemented(**case):
        raise NotImplementedError

    def nothing(**case):
        pass

    for unfinished in (template, not_implemented, nothing):
        verdict = checker(unfinished)
        assert (verdict.status, verdict.kind) == ("not done", "not done")
        assert str(verdict).startswith("… ") and "not done yet" in verdict.message


def test_backprop_calls_from_other_threads_are_not_counted():
    import threading

    def right_while_a_thread_runs_a_batch(weights, biases, x, y):
        worker = threading.Thread(target=bplib.backprop, args=(weights, biases, x, y))
        worker.start()
        worker.join()
        return solutions.batch_gradients(weights, biases, x, y)

    assert ex.check_batch_gradients(right_while_a_thread_runs_a_batch).passed


def test_ipython_shows_a_verdict_and_a_solution_as_their_text():
    from IPython.lib.pretty import pretty

    verdict = ex.check_hidden_delta(solutions.hidden_delta)
    assert pretty(verdict) == str(verdict) and str(verdict).startswith("✔ 04 · hidden delta: correct on 4")
    assert pretty(ex.solution("hidden_delta")) == str(ex.solution("hidden_delta"))
