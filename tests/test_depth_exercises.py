"""Notebook 05's exercises: the suspect's slip shows in a gradient check where the checker says it is, every
misreading of the table is named, and backprop for any depth is judged on networks of 1 to 5 layers with an
activation bplib does not know. The learners' functions here are written as a learner would write them."""

import math
from fractions import Fraction

import numpy as np
import pytest

import bplib
from bplib import exercises as ex
from bplib.exercises import depth_exercises, solutions

SEEDS = range(40)


def suspect_network(seed=1):
    weights, biases = bplib.random_network(list(depth_exercises.SUSPECT_SIZES), seed=seed)
    rng = np.random.default_rng(seed)
    return weights, biases, rng.normal(size=weights[0].shape[1]), rng.uniform(size=weights[-1].shape[0])


def failing_rows(seed, network_seed=1):
    weights, biases, x, y = suspect_network(network_seed)
    table = bplib.gradient_check(weights, biases, x, y, gradients=ex.suspect_backprop(seed)(weights, biases, x, y))
    return {row.name for row in table.rows if not row.passed}


# --- exercise 2: the slip --------------------------------------------------------------------------------------


@pytest.mark.parametrize("network_seed", [1, 2])
def test_the_table_fails_where_the_slip_is_and_below_it_for_a_delta(network_seed):
    """The rule the checker holds the learner to, seen in the table the learner reads: a wrong delta (BP1, BP2)
    fails its layer's rows and every row below; a wrong weight slope (BP4) fails alone."""
    for seed in SEEDS:
        slip = depth_exercises.planted_slip(seed)
        if slip.equation == "BP4":
            expected = {f"weights[{slip.layer}]"}
        else:
            expected = {f"{kind}[{l}]" for kind in ("biases", "weights") for l in range(slip.layer + 1)}
        assert failing_rows(seed, network_seed) == expected, (seed, slip)


def test_the_seed_plants_every_kind_of_slip_in_every_layer_it_can():
    slips = {depth_exercises.planted_slip(seed) for seed in range(200)}
    assert {(s.layer, s.equation) for s in slips} == {
        (0, "BP2"), (1, "BP2"), (2, "BP2"), (3, "BP1"), (1, "BP4"), (2, "BP4"), (3, "BP4")
    }
    assert {s.kind for s in slips} == {
        "output no factor", "flipped sign", "hidden no factor", "activate for slope", "slope at a", "z for a"
    }


def test_the_slip_named_is_found():
    for seed in SEEDS:
        slip = depth_exercises.planted_slip(seed)
        verdict = ex.check_slip_found(slip.layer, slip.equation, seed)
        assert verdict.passed and verdict.kind == "correct", str(verdict)
        assert f"{slip.equation} at layer {slip.layer}" in verdict.message
    slip = depth_exercises.planted_slip(3)  # answers as a learner may write them
    for layer, equation in ((np.int64(slip.layer), slip.equation.lower()), (float(slip.layer), f" {slip.equation} ")):
        assert ex.check_slip_found(layer, equation, 3).passed
    assert ex.check_slip_found(str(slip.layer), int(slip.equation[2]), 3).passed


def misreadings(slip):
    """(layer, equation, the mistake it is) for the usual misreadings of this slip's table."""
    last = len(depth_exercises.SUSPECT_SIZES) - 2
    found = [(slip.layer, "BP3", "BP3")]
    if slip.equation == "BP4":
        found += [(slip.layer, "BP2", "weights read as delta"), (slip.layer, "BP1", "weights read as delta")]
        found += [(l, "BP4", None) for l in range(last + 1) if l != slip.layer]
    else:
        found += [(slip.layer, "BP4", "delta read as weights")]
        found += [(slip.layer, "BP1" if slip.equation == "BP2" else "BP2", "BP1 or BP2")]
        found += [(l, slip.equation, "lowest failing layer") for l in range(slip.layer)]
        found += [(l, slip.equation, None) for l in range(slip.layer + 1, last + 1)]
    return found


@pytest.mark.parametrize("seed", SEEDS)
def test_each_misreading_of_the_table_is_named(seed):
    slip = depth_exercises.planted_slip(seed)
    for layer, equation, mistake in misreadings(slip):
        verdict = ex.check_slip_found(layer, equation, seed)
        assert not verdict.passed and verdict.mistake == mistake, (slip, layer, equation, str(verdict))
        if mistake is None:
            assert "not there" in verdict.message
        if mistake == "lowest failing layer":
            assert "See 05, 'Why backwards is the trick'." in verdict.message


class Hostile:
    def __repr__(self):
        raise RuntimeError("no")

    def __eq__(self, other):
        raise RuntimeError("no")

    __hash__ = None


@pytest.mark.parametrize(
    ("layer", "equation", "kind", "words"),
    [
        (..., ..., "not done", "not done yet"),
        (2, ..., "not done", "not done yet"),
        (4, "BP2", "bad argument", "0 to 3"),
        (-1, "BP2", "bad argument", "0 to 3"),
        (True, "BP2", "bad argument", "0 to 3"),
        (None, "BP2", "bad argument", "got None"),
        (1.5, "BP2", "bad argument", "got 1.5"),
        (math.nan, "BP2", "bad argument", "got nan"),
        ([2], "BP2", "bad argument", "got [2]"),
        (Hostile(), "BP2", "bad argument", "<Hostile object>"),
        (2, "BP5", "bad argument", "one of \"BP1\""),
        (2, None, "bad argument", "got None"),
        (2, Hostile(), "bad argument", "<Hostile object>"),
        (2, "delta", "bad argument", "got 'delta'"),
        ("--1", "BP2", "bad argument", "got '--1'"),
        ("\u00b2", "BP2", "bad argument", "got '\u00b2'"),
    ],
)
def test_odd_answers_are_verdicts_not_errors(layer, equation, kind, words):
    verdict = ex.check_slip_found(layer, equation, 0)
    assert verdict.kind == kind and not verdict.passed and words in verdict.message, str(verdict)


class Watched(float):
    """A number whose own methods note that they ran: the checker must read it without them, as one that
    loops for ever would otherwise hang the kernel, where no time limit runs."""

    ran: list[str] = []

    def __float__(self):
        Watched.ran.append("__float__")
        return 2.0

    def __int__(self):
        Watched.ran.append("__int__")
        return 2

    def __repr__(self):
        Watched.ran.append("__repr__")
        return "2.0"

    def __eq__(self, other):
        Watched.ran.append("__eq__")
        return False

    __hash__ = float.__hash__


class WatchedNumpy(np.float64):
    """The same, as numpy's number."""

    __float__, __int__, __repr__, __eq__, __hash__ = (Watched.__float__, Watched.__int__, Watched.__repr__,
                                                       Watched.__eq__, np.float64.__hash__)


@pytest.mark.parametrize(
    "call",
    [
        lambda: ex.check_ratio_prediction(WatchedNumpy(2.0)),
        lambda: ex.check_slip_found(Watched(2.0), "BP2"),
        lambda: ex.check_slip_found(2, Watched(2.0)),
        lambda: ex.check_slip_found(Watched(7.0), "BP2"),
        lambda: ex.check_slip_found(2, "BP2", seed=Watched(1.0)),
        lambda: ex.check_slope_prediction(Watched(0.0), Watched(50.0)),
        lambda: ex.check_slope_prediction(0, 50, seed=Watched(0.0)),
        lambda: ex.check_ratio_prediction(Watched(2.0)),
        lambda: ex.check_output_delta(lambda z, a, desired: a - desired, seed=Watched(1.0)),
        lambda: ex.check_output_delta(lambda z, a, desired: a - desired, time_limit=Watched(1.0)),
    ],
    ids=[
        *("numpy's ratio", "layer", "equation", "layer out of range", "seed", "prediction", "prediction's seed"),
        *("ratio", "check's seed", "limit"),
    ],
)
def test_values_passed_to_a_checker_are_read_without_running_their_own_methods(call):
    Watched.ran.clear()
    verdict = call()
    assert Watched.ran == [] and str(verdict), Watched.ran


def test_an_exact_fraction_is_a_number_to_the_checkers():
    slip = depth_exercises.planted_slip(0)
    assert ex.check_slip_found(Fraction(slip.layer), slip.equation).passed
    assert ex.check_output_delta(lambda z, a, desired: a * (1 - a) * (a - desired), time_limit=Fraction(5)).passed


@pytest.mark.parametrize("seed", [-1, 1.0, "3", None, True])
def test_a_bad_seed_is_a_verdict_for_the_answer_and_an_error_for_the_suspect(seed):
    assert ex.check_slip_found(0, "BP2", seed).kind == "bad argument"
    with pytest.raises(ValueError, match="seed must be a whole number"):
        ex.suspect_backprop(seed)


def test_the_suspect_runs_on_any_depth_and_returns_what_backprop_returns():
    for sizes in ([2, 3], [2, 4, 3], [3, 5, 4, 4, 2], [2, 3, 3, 3, 3, 3, 2]):
        weights, biases = bplib.random_network(sizes, seed=0)
        x, y = np.full(sizes[0], 0.3), np.full(sizes[-1], 0.6)
        right = bplib.backprop(weights, biases, x, y)
        for seed in range(12):
            got = ex.suspect_backprop(seed)(weights, biases, x, y)
            assert [g.shape for g in got[0] + got[1]] == [g.shape for g in right[0] + right[1]]
            differs = [bplib.relative_error(g, r) > 1e-6 for g, r in zip(got[0] + got[1], right[0] + right[1])]
            one_layer = len(sizes) == 2  # no layer below the output: only a BP1 slip can be made
            assert sum(differs) >= 1 or (one_layer and depth_exercises.planted_slip(seed).equation != "BP1")


# --- exercise 3: backprop for any depth ------------------------------------------------------------------------


def any_depth(weights, biases, x, y, activate, activate_derivative, slip=None, reverse=False, swap=False):
    """A learner's loop, with the usual mistakes as switches."""
    zs, acts = [], [x]
    for W, b in zip(weights, biases):
        zs.append(W @ acts[-1] + b)
        acts.append(activate(zs[-1]))
    slope = {
        "sigmoid": lambda z: sig(z) * (1 - sig(z)),
        "a(1 - a)": lambda z: activate(z) * (1 - activate(z)),
    }.get(slip, activate_derivative)
    delta = (acts[-1] - y) * (1 if slip == "output" else slope(zs[-1])) * (-1 if slip == "sign" else 1)
    bias_grads, weight_grads = [], []
    for l in range(len(weights) - 1, -1, -1):
        bias_grads.insert(0, delta)
        weight_grads.insert(0, np.outer(delta, zs[l - 1] if slip == "z" and l > 0 else acts[l]))
        factor = {"hidden": 1, "activate": activate(zs[l - 1]), "at a": activate_derivative(acts[l]),
                  "next": slope(zs[l])}.get(slip, slope(zs[l - 1]))
        delta = weights[l].T @ delta * factor if l > 0 else None
    if reverse:
        bias_grads, weight_grads = bias_grads[::-1], weight_grads[::-1]
    return (weight_grads, bias_grads) if swap else (bias_grads, weight_grads)


def sig(z):
    return 1 / (1 + np.exp(-z))


def sig_prime(z):
    return sig(z) * (1 - sig(z))


def any_depth_recursive(weights, biases, x, y, activate, activate_derivative):
    """Backprop as recursion: a layer's delta from the layers after it."""
    if not weights:
        return [], []
    z = weights[0] @ x + biases[0]
    a = activate(z)
    if len(weights) == 1:
        delta = activate_derivative(z) * (a - y)
        return [delta], [np.outer(delta, x)]
    bias_grads, weight_grads = any_depth_recursive(weights[1:], biases[1:], a, y, activate, activate_derivative)
    delta = (weights[1].T @ bias_grads[0]) * activate_derivative(z)
    return [delta, *bias_grads], [np.outer(delta, x), *weight_grads]


ANY_DEPTH_RIGHT = [solutions.backprop_any_depth, any_depth, any_depth_recursive]
ANY_DEPTH_MISTAKES = {
    "output missing factor": lambda **c: any_depth(**c, slip="output"),
    "flipped sign": lambda **c: any_depth(**c, slip="sign"),
    "missing factor": lambda **c: any_depth(**c, slip="hidden"),
    "activate for its slope": lambda **c: any_depth(**c, slip="activate"),
    "slope at a": lambda **c: any_depth(**c, slip="at a"),
    "slope of the next layer": lambda **c: any_depth(**c, slip="next"),
    "z for a": lambda **c: any_depth(**c, slip="z"),
    "sigmoid written in": lambda **c: any_depth(**c, slip="sigmoid"),
    "a(1 - a)": lambda **c: any_depth(**c, slip="a(1 - a)"),
    "a sigmoid network": lambda **c: any_depth(**dict(c, activate=sig, activate_derivative=sig_prime)),
    "reversed layers": lambda **c: any_depth(**c, reverse=True),
    "swapped pair": lambda **c: any_depth(**c, swap=True),
}


def test_the_cases_vary_depth_width_and_activation_and_bplib_knows_one_activation_not():
    cases = depth_exercises.ANY_DEPTH.make_cases(0)
    depths = [len(c["weights"]) for c in cases]
    assert min(depths) == 1 and max(depths) >= 4
    widths = {tuple(w.shape) for c in cases for w in c["weights"]}
    assert len(widths) > 4
    names = {c["activate"].__name__ for c in cases}
    assert names == {"sigmoid", "tanh", "arctan"} and "arctan" not in bplib.ACTIVATIONS


def test_bplib_backprop_cannot_stand_in_for_the_loop():
    verdict = ex.check_backprop_any_depth(
        lambda weights, biases, x, y, activate, activate_derivative: bplib.backprop(weights, biases, x, y)
    )
    assert (verdict.status, verdict.mistake) == ("known mistake", "forbidden call"), str(verdict)
    assert "calls bplib.network.backprop" in verdict.message
    by_name = ex.check_backprop_any_depth(
        lambda weights, biases, x, y, activate, activate_derivative: bplib.backprop(
            weights, biases, x, y, activate.__name__
        )
    )
    assert not by_name.passed, str(by_name)


def test_the_suspect_itself_is_named_by_its_slip():
    """The suspect's slip sits in one layer; written into every layer of the loop it is a named mistake."""
    for seed, mistake in ((1, "output missing factor"), (3, "missing factor"), (2, "z for a")):
        assert depth_exercises.planted_slip(seed).kind in ("output no factor", "hidden no factor", "z for a")
        assert ex.check_backprop_any_depth(ANY_DEPTH_MISTAKES[mistake]).mistake == mistake
