"""Notebook 09's checker: right answers written in different ways pass, each named mistake (the series' slips
S12-S14 among them) is named, an answer a little off or nudged never passes, and odd answers get a verdict, never
an exception. The learners' functions here are written as a learner would write them, not taken from the checker."""

import numpy as np
import pytest

import bplib
from bplib import exercises
from bplib.exercises import softmax_exercises, solutions


def through_the_jacobian(z, p, desired):
    """dC/dz = J^T dC/dp, with the Jacobian built entry by entry: the derivation, not its result."""
    n = len(z)
    jacobian = np.array([[p[i] * ((i == j) - p[j]) for j in range(n)] for i in range(n)])
    return jacobian.T @ (-desired / p)


def loop_over_outputs(z, p, desired):
    return [float(p[j] - desired[j]) for j in range(len(z))]


def from_z_itself(z, p, desired):
    e = np.exp(z - np.max(z))
    return e / e.sum() - desired


RIGHT = {
    "p - y": solutions.softmax_delta,
    "J^T dC/dp": through_the_jacobian,
    "a loop, as a list": loop_over_outputs,
    "softmax recomputed from z": from_z_itself,
    "p sum(y) - y": lambda z, p, desired: p * np.sum(desired) - desired,
}


@pytest.mark.parametrize("name", list(RIGHT))
def test_right_answers_pass_and_are_confirmed_by_nudges(name):
    verdict = exercises.check_softmax_delta(RIGHT[name])
    assert verdict.passed, str(verdict)
    assert "centred nudges of the categorical cross-entropy" in verdict.message
    assert verdict.measured["nudge_error"] < 1e-8


def relu_slope(z):
    return (np.asarray(z) > 0).astype(float)


WRONG = {  # written as a learner would, each named by the mistake the checker should find
    "p alone": lambda z, p, desired: p.copy(),
    "flipped sign": lambda z, p, desired: -(p - desired),
    "relu'(z) (S12)": lambda z, p, desired: np.where(z > 0, p - desired, 0.0),
    "/ n (S13)": lambda z, p, desired: (p - desired) / p.size,
    "relu' and / n (the script)": lambda z, p, desired: relu_slope(z) * (p - desired) / len(p),
    "binary cross-entropy (S14)": lambda z, p, desired: (
        (np.diag(p) - np.outer(p, p)) @ ((p - desired) / (p - p**2))
    ),
    "diagonal only": lambda z, p, desired: p * (1 - p) * (-desired / p),
    "dC/dp": lambda z, p, desired: -(desired / p),
    "p (1 - p) (p - y)": lambda z, p, desired: (p - p * p) * (p - desired),
    "z for p": lambda z, p, desired: z - desired,
    "cost not slope": lambda z, p, desired: -desired * np.log(p),
    "one-hot only": lambda z, p, desired: np.where(np.arange(len(p)) == np.argmax(desired), p - 1, p),
}


@pytest.mark.parametrize("name", list(WRONG))
def test_each_named_mistake_is_named(name):
    verdict = exercises.check_softmax_delta(WRONG[name])
    assert (verdict.status, verdict.kind, verdict.mistake) == ("known mistake", "mistake", name), str(verdict)
    assert "See 09, '" in verdict.message


def test_every_named_mistake_is_tested():
    assert {m.name for m in softmax_exercises.SOFTMAX_DELTA.mistakes} == set(WRONG)


@pytest.mark.parametrize("seed", [0, 1, 7, 123])
def test_the_cases_tell_every_mistake_from_the_answer_and_from_each_other(seed):
    cases = softmax_exercises.SOFTMAX_DELTA.make_cases(seed)
    answers = {"right": [solutions.softmax_delta(**c) for c in cases]}
    answers |= {m.name: [m.compute(**c) for c in cases] for m in softmax_exercises.SOFTMAX_DELTA.mistakes}
    names = list(answers)
    for i, first in enumerate(names):
        for second in names[i + 1 :]:
            gaps = [np.max(np.abs(a - b)) for a, b in zip(answers[first], answers[second])]
            assert max(gaps) > 1e-3, (seed, first, second)


def test_the_cases_vary_with_the_seed_and_keep_their_promises():
    first, other = softmax_exercises.SOFTMAX_DELTA.make_cases(0), softmax_exercises.SOFTMAX_DELTA.make_cases(1)
    assert not np.allclose(first[0]["z"], other[0]["z"])
    for case in first + other:
        assert np.any(case["z"] > 0) and np.any(case["z"] <= 0)
        assert np.isclose(case["desired"].sum(), 1) and np.allclose(case["p"], bplib.activations.softmax(case["z"]))
    assert {len(c["z"]) for c in first} == {2, 3, 4, 5, 10}
    one_hot = [np.all(np.isin(c["desired"], (0, 1))) for c in first]
    assert any(one_hot) and not all(one_hot)


def test_an_answer_a_little_off_or_nudged_does_not_pass():
    off = exercises.check_softmax_delta(lambda z, p, desired: p - desired + 1e-7)
    assert (off.status, off.kind) == ("wrong", "nearly")
    nudged = exercises.check_softmax_delta(lambda z, p, desired: softmax_exercises.nudged_softmax_slopes(
        {"z": z, "p": p, "desired": desired}))
    assert (nudged.status, nudged.mistake) == ("known mistake", "nudged")


def test_a_fixed_answer_for_one_case_does_not_pass():
    first = softmax_exercises.SOFTMAX_DELTA.make_cases(0)[0]
    fixed = first["p"] - first["desired"]
    verdict = exercises.check_softmax_delta(lambda z, p, desired: fixed)
    assert not verdict.passed and verdict.case == 2


@pytest.mark.parametrize(
    "answer, kind",
    [
        (lambda z, p, desired: float(np.sum(p - desired)), "structure"),
        (lambda z, p, desired: (p - desired)[:, None], "structure"),
        (lambda z, p, desired: str(p - desired), "structure"),
        (lambda z, p, desired: (p - desired) / 0.0, "not finite"),
        (lambda z, p, desired: 1 / 0, "raised"),
        (lambda z, p, desired: ..., "not done"),
    ],
)
def test_odd_answers_are_verdicts_not_exceptions(answer, kind):
    verdict = exercises.check_softmax_delta(answer)
    assert verdict.kind == kind and not verdict.passed, str(verdict)


def test_the_solution_is_shown_and_the_messages_are_in_japanese_too():
    assert "return p - desired" in str(exercises.solution("softmax_delta"))
    bplib.set_language("ja")
    try:
        verdict = exercises.check_softmax_delta(WRONG["/ n (S13)"])
        assert "09" in verdict.message and "S13" in verdict.message and "出力" in verdict.message
    finally:
        bplib.set_language("en")
