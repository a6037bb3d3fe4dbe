"""Answers of the wrong structure, hostile answers and odd calls: a checker never passes them and never raises
(only KeyboardInterrupt goes through, so the kernel's stop button works), and its message says what is wrong."""

import gc
import inspect
import math
import os
import signal
import time

import numpy as np
import pytest

import bplib
from bplib import exercises as ex
from bplib.exercises import solutions

CHECKERS = [
    ex.check_forward_slope,
    ex.check_centred_slope,
    ex.check_partial_slope,
    ex.check_sigmoid_slope,
    ex.check_graph_slopes,
    ex.check_output_delta,
    ex.check_cross_entropy_delta,
    ex.check_weight_grads_loop,
    ex.check_weight_grads_matrix,
    ex.check_weight_grads_batch,
    ex.check_hidden_delta,
    ex.check_tanh_hidden_delta,
    ex.check_backprop_two_layers,
    ex.check_backprop_any_depth,
    ex.check_shared_weight_slope,
    ex.check_sgd_step,
    ex.check_batch_gradients,
    ex.check_backprop_mini_batch,
    ex.check_batched_backprop,
    ex.check_input_gradient,
    ex.check_accuracy_per_digit,
    ex.check_softmax_delta,
]
SOLUTION = {c: getattr(solutions, c.__doc__.split("``")[1].split("(")[0]) for c in CHECKERS}
LIMIT = 1.0  # seconds: the time limit for the hanging answers below (the tests wait for the verdict)
needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork, so no time limit here")


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
    bias_grads, weight_grads = solutions.backprop_two_layers(weights, biases, x, y)
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


@pytest.mark.parametrize("shape", [(1,), (1, 1)])
def test_a_slope_in_a_one_element_array_is_told_to_return_the_number(shape):
    """Not ".reshape()" for a (1, 1) matrix (04's shared weight, from bplib.backprop): that raises a TypeError."""
    verdict = ex.check_forward_slope(
        lambda loss_of, value, h: np.full(shape, (loss_of(value + h) - loss_of(value)) / h)
    )
    assert verdict.kind == "structure" and "array holding one number" in verdict.message
    assert ".reshape" not in verdict.message


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
    one = ex.check_output_delta(lambda z, a, desired: [0.5])
    assert "is a vector of 1 number; expected a vector of 3 numbers" in one.message, str(one)
    matrix = ex.check_output_delta(lambda z, a, desired: np.zeros((3, 4)))
    assert "is a matrix of shape (3, 4); expected a vector of 3 numbers" in matrix.message, str(matrix)


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


def test_float32_results_cast_back_to_float64_are_told_the_same():
    def computed_in_float32(delta_next, weights_next, z):
        weights, delta, z = (np.asarray(v, dtype=np.float32) for v in (weights_next, delta_next, z))
        a = 1 / (1 + np.exp(-z))
        return ((weights.T @ delta) * a * (1 - a)).astype(np.float64)

    verdict = ex.check_hidden_delta(computed_in_float32)
    assert verdict.kind == "float32" and "float32" in verdict.message, str(verdict)
    assert ex.check_accuracy_per_digit(solutions.accuracy_per_digit).passed  # right numbers that float32 holds


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


@pytest.mark.parametrize("error", RAISED, ids=[type(e).__name__ for e in RAISED])
def test_anything_raised_becomes_a_verdict_naming_it(error):
    def raising(**case):
        raise error

    verdict = ex.check_hidden_delta(raising)
    assert (verdict.status, verdict.kind, verdict.case) == ("error", "raised", 1), str(verdict)
    assert verdict.message.startswith(f"on case 1 your function raised {type(error).__name__}")


def test_an_unprintable_exception_is_named_by_its_type():
    def raising(**case):
        raise Unprintable

    assert ex.check_hidden_delta(raising).message.endswith("Unprintable: <cannot be shown>")


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


def test_an_interrupt_in_the_answer_stops_the_kernel_too_and_the_alarm_is_left_alone():
    def interrupted(**case):
        raise KeyboardInterrupt

    previous = signal.getsignal(signal.SIGALRM)
    with pytest.raises(KeyboardInterrupt):
        ex.check_hidden_delta(interrupted)
    assert signal.getsignal(signal.SIGALRM) is previous and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


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


ODD = {  # an answer that is not numbers, and the words that say what it is instead
    "text": ("0.5", "is text, such as '0.5'"),
    "bytes": (b"0.5", "is text, such as b'0.5'"),
    "bool": (True, "holds True/False values"),
    "bools": (np.array([True, False, True]), "holds True/False values"),
    "complex": (1 + 2j, "holds complex numbers, such as (1+2j)"),
    "dict": ({"a": 1.0}, "is a dict"),
    "set": ({1.0, 2.0}, "is a set"),
    "generator": ((v for v in [1.0, 2.0]), "is an iterator (generator)"),
    "map": (map(float, [1, 2]), "is an iterator (map)"),
    "function": (len, "is an object of type builtin_function_or_method"),
    "opaque": (Opaque(), "is an object of type Opaque"),
    "10**400": (10**400, "a number too large for a float"),
    "list with 10**400": ([1.0, 10**400], "your answer[1] holds a number too large"),
    "nan": ([float("nan")] * 3, "holds NaN"),
    "inf": ([float("inf")] * 3, "holds an infinite value"),
    "strings array": (np.array(["a", "b"]), "is text, such as 'a'"),
    "datetimes": (np.array(["2026-01-01"], dtype="datetime64[D]"), "an array of datetime64[D] values"),
    "list inside itself": (self_containing(), "nested deeper than any answer"),
    "__array__ raises": (ArrayRaises(), "raised SystemExit: from __array__"),
    "__iter__ raises": (LenRaises([1.0]), "raised GeneratorExit"),
    "ragged": ([[1.0], [1.0, 2.0]], "rows of different lengths (1, 2)"),
    "None inside": ([1.0, None, 2.0], "your answer[1] is None"),
    "empty": ([], "is a vector of 0 numbers"),
}


@pytest.mark.parametrize("name", list(ODD))
def test_odd_answers_are_told_what_they_are(name):
    answer, words = ODD[name]
    verdict = ex.check_output_delta(lambda **case: answer)
    assert verdict.status == "wrong" and words in verdict.message, str(verdict)


def test_a_huge_list_is_read_and_refused_by_its_length():
    verdict = ex.check_output_delta(lambda **case: list(range(100_000)))
    assert "is a vector of 100000 numbers; expected a vector of 3 numbers" in verdict.message


def test_generator_functions_and_odd_callables_are_verdicts():
    def generator(**case):
        yield solutions.hidden_delta(**case)

    assert "is an iterator (generator)" in ex.check_hidden_delta(generator).message
    not_callable = ex.check_hidden_delta(42)
    assert not_callable.kind == "not callable" and "type int" in not_callable.message
    assert ex.check_hidden_delta(lambda *args: 0.0).kind == "parameter names"


def test_a_builtin_is_told_its_parameter_names():
    verdict = ex.check_hidden_delta(print)
    assert verdict.kind == "parameter names" and "(args, sep, end, file, flush)" in verdict.message, str(verdict)


@needs_fork
def test_an_answer_that_never_ends_is_stopped():
    def forever(**case):
        while True:
            pass

    verdict = ex.check_hidden_delta(forever, time_limit=LIMIT)
    assert (verdict.status, verdict.kind, verdict.case) == ("error", "timeout", 1)
    assert f"still running after {LIMIT} seconds" in verdict.message


class EndlessText(Exception):
    def __str__(self):
        while True:
            pass


class EndlessGoodbye:
    def __init__(self, value):
        self.value = value

    def __array__(self, *args, **kwargs):
        return np.asarray(self.value)

    def __del__(self):
        while True:
            pass


def raises_endless_text(**case):
    raise EndlessText


def returns_endless_goodbye(**case):
    return EndlessGoodbye(solutions.hidden_delta(**case))


def catches_the_alarm_in_a_loop(**case):
    while True:
        try:
            time.sleep(10)
        except BaseException:  # the time limit included, again and again
            pass


def hangs_late(**case):  # right on case 1, hangs on case 2
    if case["z"].size == 4:
        while True:
            pass
    return solutions.hidden_delta(**case)


@needs_fork
@pytest.mark.parametrize(
    ("learner", "case"),
    [
        (raises_endless_text, 1),
        (returns_endless_goodbye, 1),
        (catches_the_alarm_in_a_loop, 1),
        (hangs_late, 2),
    ],
    ids=["exception's __str__", "answer's __del__", "catches the alarm", "on case 2"],
)
def test_the_limit_stays_armed_until_the_learners_code_has_all_run(learner, case):
    verdict = ex.check_hidden_delta(learner, time_limit=LIMIT)
    assert (verdict.kind, verdict.case) == ("timeout", case), str(verdict)


def test_a_function_that_calls_its_checker_is_told_so():
    def calls_its_checker(delta_next, weights_next, z):
        return ex.check_hidden_delta(calls_its_checker)

    verdict = ex.check_hidden_delta(calls_its_checker)
    assert (verdict.status, verdict.mistake) == ("error", "calls the checker"), str(verdict)
    assert ex.check_hidden_delta(solutions.hidden_delta).passed  # and the next check is an ordinary one


class OddSignature(inspect.Signature):
    def bind(self, *args, **kwargs):
        raise ValueError("no binding today")


class HostileCallable:
    """A right answer whose signature cannot be bound and whose __globals__ raises."""

    __signature__ = OddSignature(
        [inspect.Parameter(n, inspect.Parameter.POSITIONAL_OR_KEYWORD) for n in ("sample_gradients", "x", "y")]
    )

    @property
    def __globals__(self):
        raise RuntimeError("no globals")

    def __call__(self, sample_gradients, x, y):
        return solutions.batch_gradients(sample_gradients, x, y)


def test_an_odd_signature_or_globals_do_not_break_the_check():
    assert ex.check_batch_gradients(HostileCallable()).passed


class CodeThatNeverEnds:
    """A callable whose ``__code__`` never returns: the checkers that read an answer's code read it without it."""

    def __call__(self, *args, **kwargs):
        return solutions.sigmoid_slope(*args, **kwargs)

    @property
    def __code__(self):
        while True:
            pass


@pytest.mark.parametrize("checker", [ex.check_sigmoid_slope, ex.check_weight_grads_batch])
def test_reading_an_answers_code_runs_none_of_it(checker):
    verdict = checker(CodeThatNeverEnds())
    assert verdict.status in ("correct", "wrong", "error"), str(verdict)
    assert ex.check_sigmoid_slope(CodeThatNeverEnds()).passed  # its __call__'s code is read, and is right


class FloatThatChanges(float):
    """A prediction that says 3.0 when first read and NaN afterwards."""

    reads = 0

    def __float__(self):
        FloatThatChanges.reads += 1
        return 3.0 if FloatThatChanges.reads == 1 else math.nan


class UnshowableValue:
    def __repr__(self):
        raise SystemExit("no")


def test_the_value_checkers_read_a_prediction_once_and_never_raise():
    verdict = ex.check_slope_prediction(FloatThatChanges(3.0), 100.0)
    assert verdict.kind == "prediction", str(verdict)  # judged as the 3 it first said
    assert ex.check_slip_found(UnshowableValue(), UnshowableValue()).kind == "bad argument"
    assert ex.check_slope_prediction(0, 100.0, seed=UnshowableValue()).kind == "bad argument"


@needs_fork
def test_a_check_leaves_the_kernels_own_alarm_running():
    rang = []
    previous = signal.signal(signal.SIGALRM, lambda *a: rang.append(1))
    try:
        signal.setitimer(signal.ITIMER_REAL, 5.0)
        assert ex.check_hidden_delta(solutions.hidden_delta).passed
        handler_after, (left, _) = signal.getsignal(signal.SIGALRM), signal.getitimer(signal.ITIMER_REAL)
        assert handler_after is not previous and 4.0 < left < 5.0  # the test's handler and timer, less the time used
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


@pytest.mark.parametrize("limit", [np.int64(3), np.float32(2.5), 10**400, 1e300], ids=repr)
def test_any_positive_finite_time_limit_is_fine(limit):
    """A limit too large for a float, or for the clock, is as good as none: the right answer passes."""
    assert ex.check_hidden_delta(solutions.hidden_delta, time_limit=limit).passed


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


def test_ipython_shows_a_verdict_and_a_solution_as_their_text():
    from IPython.lib.pretty import pretty

    verdict = ex.check_hidden_delta(solutions.hidden_delta)
    assert pretty(verdict) == str(verdict) and str(verdict).startswith("✔ 04 · hidden delta: correct on 4")
    assert pretty(ex.solution("hidden_delta")) == str(ex.solution("hidden_delta"))


class NamelessType(type):
    @property
    def __name__(cls):
        raise RuntimeError("no name")


class NamelessError(Exception, metaclass=NamelessType):
    pass


class StubbornError(Exception):
    @property
    def __traceback__(self):
        raise RuntimeError("no traceback")

    @__traceback__.setter
    def __traceback__(self, value):
        raise RuntimeError("cannot let go of the traceback")


@pytest.mark.parametrize("error", [NamelessError, StubbornError], ids=["name raises", "traceback raises"])
def test_an_exception_whose_name_or_traceback_raises_is_still_a_verdict(error):
    def raises(delta_next, weights_next, z):
        raise error("x")

    verdict = ex.check_hidden_delta(raises)
    assert (verdict.status, verdict.kind) == ("error", "raised"), str(verdict)


def test_masked_entries_are_not_read_as_the_numbers_they_hide():
    def masked(z, a, desired):
        return np.ma.masked_array(a * (1 - a) * (a - desired), mask=[True] + [False] * (len(z) - 1))

    verdict = ex.check_output_delta(masked)
    assert not verdict.passed and verdict.kind == "not finite", str(verdict)


def ignores_the_alarm(delta_next, weights_next, z):
    signal.signal(signal.SIGALRM, signal.SIG_IGN)
    while True:
        pass


def stops_the_timer(delta_next, weights_next, z):
    signal.setitimer(signal.ITIMER_REAL, 0)
    while True:
        pass


@needs_fork
@pytest.mark.parametrize("learner", [ignores_the_alarm, stops_the_timer])
def test_an_answer_that_plays_with_the_alarm_is_stopped_all_the_same(learner):
    """Its signals are its own process's: the time limit is the kernel's."""
    handler = signal.getsignal(signal.SIGALRM)
    verdict = ex.check_hidden_delta(learner, time_limit=LIMIT)
    assert (verdict.kind, verdict.case) == ("timeout", 1), str(verdict)
    assert signal.getsignal(signal.SIGALRM) is handler and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


class Cycle:
    def __del__(self):
        while True:
            try:
                time.sleep(0.01)
            except BaseException:  # even the time limit's stop
                pass


@needs_fork
def test_the_del_of_cyclic_garbage_runs_under_the_limit():
    def leaves_a_cycle(delta_next, weights_next, z):
        cycle = Cycle()
        cycle.itself = cycle
        return solutions.hidden_delta(delta_next, weights_next, z)

    verdict = ex.check_hidden_delta(leaves_a_cycle, time_limit=LIMIT)
    assert verdict.kind == "timeout", str(verdict)
    gc.collect()  # nothing of it is left to hang a later collection
