"""Every checker: a right answer passes, each usual wrong answer is named as that mistake, an unfinished
exercise is "not done", and a learner's crash is reported, never raised. The learners' functions here are
written the way a learner would write them, not taken from the checkers."""

import numpy as np
import pytest

import bplib
from bplib import exercises as ex


def unfinished(*args, **kwargs):
    pass


def template(*args, **kwargs):
    # your code here
    return ...


def not_implemented(*args, **kwargs):
    raise NotImplementedError


def crashes(*args, **kwargs):
    return 1 / 0


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


CASES = {
    ex.check_forward_slope: {
        "correct": lambda loss_of, value, h: (loss_of(value + h) - loss_of(value)) / h,
        "centred": lambda loss_of, value, h: (loss_of(value + h) - loss_of(value - h)) / (2 * h),
        "sign": lambda loss_of, value, h: (loss_of(value) - loss_of(value + h)) / h,
        "no division": lambda loss_of, value, h: loss_of(value + h) - loss_of(value),
        "2h": lambda loss_of, value, h: (loss_of(value + h) - loss_of(value)) / (2 * h),
    },
    ex.check_centred_slope: {
        "correct": lambda loss_of, value, h: (loss_of(value + h) - loss_of(value - h)) / (2 * h),
        "forward": lambda loss_of, value, h: (loss_of(value + h) - loss_of(value)) / h,
        "h not 2h": lambda loss_of, value, h: (loss_of(value + h) - loss_of(value - h)) / h,
        "sign": lambda loss_of, value, h: (loss_of(value - h) - loss_of(value + h)) / (2 * h),
    },
    ex.check_output_delta: {
        "correct": lambda z, a, desired: a * (1 - a) * (a - desired),
        "flipped sign": lambda z, a, desired: a * (1 - a) * (desired - a),
        "no activate_derivative": lambda z, a, desired: a - desired,
        "derivative at a": lambda z, a, desired: sigmoid(a) * (1 - sigmoid(a)) * (a - desired),
        "index 0": lambda z, a, desired: np.array([a[0] * (1 - a[0]) * (a[0] - desired[0]) for _ in z]),
        "z for a": lambda z, a, desired: a * (1 - a) * (z - desired),
    },
    ex.check_cross_entropy_delta: {
        "correct": lambda z, a, desired: a - desired,
        "kept sigma'": lambda z, a, desired: a * (1 - a) * (a - desired),
        "flipped sign": lambda z, a, desired: desired - a,
    },
    ex.check_weight_grads_loop: {
        "correct": lambda bias_grads, inputs: [
            bias_grads[i] * inputs[k] for k in range(len(inputs)) for i in range(len(bias_grads))
        ],
        "row-major": lambda bias_grads, inputs: [
            bias_grads[i] * inputs[k] for i in range(len(bias_grads)) for k in range(len(inputs))
        ],
        "index 0": lambda bias_grads, inputs: [
            bias_grads[0] * inputs[k] for k in range(len(inputs)) for i in range(len(bias_grads))
        ],
    },
    ex.check_weight_grads_matrix: {
        "correct": lambda bias_grads, inputs: bias_grads[:, None] * inputs[None, :],
        "transposed": lambda bias_grads, inputs: np.outer(inputs, bias_grads),
        "dot": lambda bias_grads, inputs: bias_grads.sum() * inputs.sum(),
    },
    ex.check_hidden_delta: {
        "correct": lambda delta_next, weights_next, z: (weights_next.T @ delta_next) * sigmoid(z) * (1 - sigmoid(z)),
        "missing factor": lambda delta_next, weights_next, z: weights_next.T @ delta_next,
        "transposed": lambda delta_next, weights_next, z: (weights_next @ delta_next) * sigmoid(z) * (1 - sigmoid(z)),
        "sigma not sigma'": lambda delta_next, weights_next, z: (weights_next.T @ delta_next) * sigmoid(z),
    },
}


def _two_layers(weights, biases, x, y, factor=True):
    z1 = weights[0] @ x + biases[0]
    a1 = sigmoid(z1)
    a2 = sigmoid(weights[1] @ a1 + biases[1])
    d2 = a2 * (1 - a2) * (a2 - y)
    d1 = weights[1].T @ d2 * (a1 * (1 - a1) if factor else 1)
    return [d1, d2], [np.outer(d1, x), np.outer(d2, a1)]


def _sgd(weights, biases, x, y, learning_rate, sign=-1, rate=True, move_w=True, move_b=True):
    bias_grads, weight_grads = bplib.backprop(weights, biases, x, y)
    eta = learning_rate if rate else 1
    return (
        [w + sign * eta * g * move_w for w, g in zip(weights, weight_grads)],
        [b + sign * eta * g * move_b for b, g in zip(biases, bias_grads)],
    )


def _batch(weights, biases, x, y, average=True, first_only=False):
    samples = [bplib.backprop(weights, biases, xi, yi) for xi, yi in zip(x[:1] if first_only else x, y)]
    scale = len(samples) if average else 1
    bias = [sum(s[0][l] for s in samples) / scale for l in range(len(biases))]
    weight = [sum(s[1][l] for s in samples) / scale for l in range(len(weights))]
    return bias, weight


CASES[ex.check_backprop_two_layers] = {
    "correct": _two_layers,
    "missing factor": lambda weights, biases, x, y: _two_layers(weights, biases, x, y, factor=False),
}
CASES[ex.check_sgd_step] = {
    "correct": _sgd,
    "ascent": lambda **c: _sgd(**c, sign=1),
    "no learning rate": lambda **c: _sgd(**c, rate=False),
    "biases frozen": lambda **c: _sgd(**c, move_b=False),
    "weights frozen": lambda **c: _sgd(**c, move_w=False),
}
CASES[ex.check_batch_gradients] = {
    "correct": _batch,
    "not averaged": lambda **c: _batch(**c, average=False),
    "first sample": lambda **c: _batch(**c, first_only=True),
}

ANSWERS = [(checker, name) for checker, answers in CASES.items() for name in answers]


@pytest.mark.parametrize(("checker", "answer"), ANSWERS, ids=[f"{c.__name__}-{n}" for c, n in ANSWERS])
def test_each_answer_is_judged_as_what_it_is(checker, answer):
    verdict = checker(CASES[checker][answer])
    if answer == "correct":
        assert verdict.status == "correct", str(verdict)
        assert "correct on" in str(verdict)
    else:
        assert (verdict.status, verdict.mistake) == ("known mistake", answer), str(verdict)
        assert "see 0" in verdict.message  # points back to the notebook section that covers it


@pytest.mark.parametrize("checker", list(CASES), ids=[c.__name__ for c in CASES])
def test_unfinished_and_crashing_answers_never_raise(checker):
    assert checker(unfinished).status == "not done"
    assert checker(template).status == "not done"
    assert checker(not_implemented).status == "not done"
    crashed = checker(crashes)
    assert crashed.status == "error" and "ZeroDivisionError" in crashed.message
    assert checker(42).status == "error"


def test_an_unknown_wrong_answer_shows_expected_and_got():
    verdict = ex.check_output_delta(lambda z, a, desired: 0.5 * a * (1 - a) * (a - desired))
    assert verdict.status == "wrong" and verdict.mistake is None
    text = str(verdict)
    assert "expected" in text and "got" in text


def test_correct_answers_are_confirmed_with_nudges():
    checkers = (ex.check_output_delta, ex.check_hidden_delta, ex.check_backprop_two_layers, ex.check_batch_gradients)
    for checker in checkers:
        verdict = checker(CASES[checker]["correct"])
        assert "nudges" in verdict.message, verdict.message
        worst = float(verdict.message.rsplit(": ", 1)[1].rstrip("."))
        assert worst < 1e-7
    centred = ex.check_centred_slope(CASES[ex.check_centred_slope]["correct"]).message
    forward = ex.check_forward_slope(CASES[ex.check_forward_slope]["correct"]).message
    assert float(centred.split("within ")[1].split()[0]) < float(forward.split("up to ")[1].split()[0]) / 10
    sgd = ex.check_sgd_step(CASES[ex.check_sgd_step]["correct"]).message
    assert all(
        float(b) > float(a) for b, a in (pair.split(" -> ") for pair in sgd.split(": ")[1].rstrip(".").split(", "))
    )


def test_checks_are_repeatable_and_do_not_touch_the_learners_arrays():
    seen = []

    def learner(z, a, desired):
        seen.append(z.copy())
        z[:] = 0  # a careless learner changes its input
        return a * (1 - a) * (a - desired)

    first = ex.check_output_delta(learner)
    assert first.passed
    again = ex.check_output_delta(learner)
    assert str(again) == str(first)
    assert all(np.any(s != 0) for s in seen)
