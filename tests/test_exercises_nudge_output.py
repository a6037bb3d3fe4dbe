"""The checkers of 01's partial slope and 02's derived sigmoid slope and graph slopes hold their rules: what
may not be called is refused by name, a nudge is told from a derivation, the cases hold what makes the
mistakes show (large |z|, every input position), and the confirmations measure."""

import numpy as np
import pytest

import bplib
from bplib import exercises as ex
from bplib.exercises import solutions
from bplib.exercises.nudge_exercises import PARTIAL
from bplib.exercises.output_exercises import GRAPH_SLOPES, OVERFLOW, SIGMOID_SLOPE
from bplib.exercises.rules import names_read

a = np.array([0.25, 0.5, 0.75])  # a notebook's stored activations, which a sigmoid_slope may not read


def reads_stored_a(z):
    return a * (1 - a)


@pytest.mark.parametrize(
    ("learner", "mistake"),
    [
        (reads_stored_a, "uses a"),
        (lambda z: bplib.get_activation("sigmoid").activate_derivative(z), "uses activate_derivative"),
        (lambda z: bplib.activations.sigmoid_prime(z), "uses sigmoid_prime"),
        (lambda z: bplib.numerical_gradient_of(lambda v: float(np.sum(1 / (1 + np.exp(-v)))), z.copy()),
         "uses numerical_gradient_of"),
    ],
)
def test_a_sigmoid_slope_that_does_not_derive_is_refused_by_name(learner, mistake):
    verdict = ex.check_sigmoid_slope(learner)
    assert (verdict.status, verdict.mistake) == ("known mistake", mistake), str(verdict)
    assert mistake.split()[1] in verdict.message


def test_a_local_variable_named_a_is_fine():
    def with_a_local(z):
        a = 1 / (1 + np.exp(-z))
        return a * (1 - a)

    assert "a" not in names_read(with_a_local) and ex.check_sigmoid_slope(with_a_local).passed


@pytest.mark.parametrize("step", [1e-3, 1e-5, 1e-7])
@pytest.mark.parametrize("centred", [False, True])
def test_a_nudged_sigmoid_slope_is_named_a_nudge(step, centred):
    def nudged(z):
        s = lambda v: 1 / (1 + np.exp(-v))  # noqa: E731
        return (s(z + step) - s(z - step * centred)) / (step * (1 + centred))

    verdict = ex.check_sigmoid_slope(nudged)  # the checker's own nudge is named; any other, near and not exact
    assert verdict.mistake == "nudged" or verdict.kind == "nearly", str(verdict)
    assert not verdict.passed and "nudged slope" in verdict.message


def test_the_sigmoid_cases_reach_past_the_overflow_on_both_sides_and_vary():
    cases = SIGMOID_SLOPE.make_cases(0)
    assert all(c["z"].min() < -OVERFLOW and c["z"].max() > OVERFLOW for c in cases)
    assert all(np.sum(np.abs(c["z"]) < 10) >= 1 for c in cases)
    with np.errstate(over="ignore", invalid="ignore"):
        naive = [np.exp(-c["z"]) / (1 + np.exp(-c["z"])) ** 2 for c in cases]
    assert all(np.isnan(n).any() for n in naive)  # the quotient rule's form fails on every case


def test_the_overflowing_form_on_one_side_only_is_named_too():
    def positive_form(z):
        return np.exp(z) / (1 + np.exp(z)) ** 2

    assert ex.check_sigmoid_slope(positive_form).mistake == "overflow"


def test_a_partial_slope_that_calls_the_library_is_refused():
    verdict = ex.check_partial_slope(lambda f, inputs, i, h: bplib.numerical_gradient_of(f, inputs, step=h)[i])
    assert (verdict.status, verdict.mistake) == ("known mistake", "uses numerical_gradient_of"), str(verdict)


def test_the_partial_cases_nudge_every_position_somewhere_and_the_functions_differ():
    cases = PARTIAL.make_cases(0)
    assert len({c["i"] for c in cases}) >= 3 and len({len(c["inputs"]) for c in cases}) > 1
    assert any(c["i"] == len(c["inputs"]) - 1 for c in cases) and any(c["i"] == 0 for c in cases)
    values = [c["f"](c["inputs"]) for c in cases]
    assert len(set(np.round(values, 9))) == len(values)


def test_the_partial_confirmation_measures_against_the_exact_slopes():
    verdict = ex.check_partial_slope(solutions.partial_slope)
    assert verdict.passed and 1e-9 < verdict.measured["slope_error"] < 1e-3  # the centred error at h ~ 1e-2
    exact = [c["_exact"] for c in PARTIAL.make_cases(0)]
    nudged = [solutions.partial_slope(c["f"], c["inputs"], c["i"], 1e-6) for c in PARTIAL.make_cases(0)]
    assert np.max(np.abs(np.subtract(exact, nudged))) < 1e-8  # the stored exact slopes are the functions'


def test_graph_cases_keep_the_mistakes_apart():
    for c in GRAPH_SLOPES.make_cases(0):
        q = c["x"] + c["y"]
        assert min(abs(q - c["z"]), abs(q - 1), abs(c["z"] - 1)) > 0.5


def test_a_nudged_graph_is_named_a_nudge_and_a_library_call_refused():
    h = 1e-5

    def nudged(x, y, z):
        f = lambda x, y, z: (x + y) * z  # noqa: E731
        return ((f(x + h, y, z) - f(x - h, y, z)) / (2 * h), (f(x, y + h, z) - f(x, y - h, z)) / (2 * h),
                (f(x, y, z + h) - f(x, y, z - h)) / (2 * h), ((x + y + h) * z - (x + y - h) * z) / (2 * h))

    assert ex.check_graph_slopes(nudged).mistake == "nudged"
    refused = ex.check_graph_slopes(lambda x, y, z: bplib.numerical_gradient_of(lambda v: v[0], np.array([x])))
    assert refused.mistake == "uses numerical_gradient_of"


def test_names_read_never_raises_on_odd_callables():
    class NoCode:
        @property
        def __code__(self):
            raise RuntimeError("no code")

        def __call__(self, z):
            return z

    assert names_read(NoCode()) == set() and names_read(np.exp) == set()
