"""Every public function rejects bad input with a message naming the argument, expected and received."""

import numpy as np
import pytest

import bplib

W = [np.ones((3, 4))]
B = [np.zeros(3)]
X = np.array([0.3, 0.2, 0.0, 0.5])
Y = np.array([1.0, 0.0, 0.0])

CASES = {
    "y (3, 1) is not broadcast against (3,)": (
        lambda: bplib.loss(W, B, X, Y.reshape(3, 1)),
        ValueError,
        r"y must have shape \(3,\), got \(3, 1\)",
    ),
    "x of the wrong width": (lambda: bplib.forward(W, B, X[:3]), ValueError, r"x must have shape \(4,\), got \(3,\)"),
    "batch y for one x": (lambda: bplib.backprop(W, B, X, np.ones((2, 3))), ValueError, r"y must have shape \(3,\)"),
    "batch of different lengths": (
        lambda: bplib.backprop(W, B, np.ones((5, 4)), np.ones((4, 3))),
        ValueError,
        r"y must have shape \(5, 3\)",
    ),
    "x as a string": (lambda: bplib.forward(W, B, "0.3 0.2"), TypeError, "x must be (real )?numbers"),
    "x of strings": (lambda: bplib.forward(W, B, ["a", "b", "c", "d"]), TypeError, "x must be (real )?numbers"),
    "NaN in x": (lambda: bplib.loss(W, B, [0.3, np.nan, 0, 0.5], Y), ValueError, "x must be finite"),
    "inf in weights": (
        lambda: bplib.loss([np.full((3, 4), np.inf)], B, X, Y),
        ValueError,
        r"weights\[0\] must be finite",
    ),
    "1-D weights": (lambda: bplib.forward([np.ones(12)], B, X), ValueError, r"weights\[0\] must be 2-D"),
    "bias of the wrong length": (
        lambda: bplib.forward(W, [np.zeros(4)], X),
        ValueError,
        r"biases\[0\] must have shape \(3,\)",
    ),
    "mismatched layer counts": (lambda: bplib.forward(W + W, B, X), ValueError, "2 weight arrays and 1 bias arrays"),
    "layers that do not chain": (
        lambda: bplib.forward([np.ones((3, 4)), np.ones((2, 4))], [np.zeros(3), np.zeros(2)], X),
        ValueError,
        r"weights\[1\] must take the 3 outputs",
    ),
    "weights not a list": (lambda: bplib.forward(np.ones((3, 4)), B, X), TypeError, "weights must be a list"),
    "unknown activation": (
        lambda: bplib.forward(W, B, X, "softmax"),
        ValueError,
        r"activation must be one of \['sigmoid', 'tanh', 'relu', 'identity'\], got 'softmax'",
    ),
    "activation list too short": (
        lambda: bplib.forward(W + [np.ones((2, 3))], B + [np.zeros(2)], X, ["relu"]),
        ValueError,
        "expected 2 names, got 1",
    ),
    "unknown activation in a list": (
        lambda: bplib.forward(W, B, X, ["rleu"]),
        ValueError,
        r"activation\[0\] must be one of",
    ),
    "activation not a name": (lambda: bplib.forward(W, B, X, 3), TypeError, "activation must be a name"),
    "unknown cost": (
        lambda: bplib.loss(W, B, X, Y, cost="mse"),
        ValueError,
        r"cost must be one of \['quadratic', 'cross_entropy'\]",
    ),
    "cross-entropy after relu": (
        lambda: bplib.loss(W, B, X, Y, "relu", "cross_entropy"),
        ValueError,
        "must be 'sigmoid'",
    ),
    "cross-entropy with y > 1": (
        lambda: bplib.loss(W, B, X, 2 * Y, cost="cross_entropy"),
        ValueError,
        "between 0 and 1",
    ),
    "zero nudge": (lambda: bplib.nudge(W, B, X, Y, "bias", 0, 0, step=0), ValueError, "step must be a positive"),
    "negative nudge": (lambda: bplib.numerical_gradient(W, B, X, Y, step=-1e-3), ValueError, "step must be a positive"),
    "string nudge": (
        lambda: bplib.nudge(W, B, X, Y, "bias", 0, 0, step="0.001"),
        TypeError,
        "step must be a positive number",
    ),
    "unknown method": (
        lambda: bplib.nudge(W, B, X, Y, "bias", 0, 0, method="backward"),
        ValueError,
        "method must be one of",
    ),
    "unknown kind": (
        lambda: bplib.nudge(W, B, X, Y, "biases", 0, 0),
        ValueError,
        r"kind must be one of \['bias', 'weight'\]",
    ),
    "bias index out of range": (lambda: bplib.nudge(W, B, X, Y, "bias", 0, 3), ValueError, "an int from 0 to 2, got 3"),
    "weight index not a pair": (lambda: bplib.nudge(W, B, X, Y, "weight", 0, 2), ValueError, r"a pair \(row, column\)"),
    "layer out of range": (
        lambda: bplib.nudge(W, B, X, Y, "bias", 1, 0),
        ValueError,
        "layer must be a whole number from 0 to 0",
    ),
    "zero learning rate": (lambda: bplib.sgd_step(W, B, X, Y, 0.0), ValueError, "learning_rate must be a positive"),
    "zero batch size": (
        lambda: bplib.train(W, B, X[None], Y[None], epochs=1, batch_size=0, learning_rate=1.0),
        ValueError,
        "batch_size must be at least 1",
    ),
    "float epochs": (
        lambda: bplib.train(W, B, X[None], Y[None], epochs=1.5, batch_size=1, learning_rate=1.0),
        TypeError,
        "epochs must be a whole number",
    ),
    "training on one sample": (
        lambda: bplib.train(W, B, X, Y, epochs=1, batch_size=1, learning_rate=1.0),
        ValueError,
        r"x must be a batch of shape \(m, n_in\)",
    ),
    "bad sizes": (lambda: bplib.random_network([4, 0, 3]), ValueError, r"sizes\[1\] must be a whole number"),
    "bad seed": (lambda: bplib.random_network([4, 3], seed="one"), TypeError, "seed must be"),
    "gradients of the wrong shape": (
        lambda: bplib.gradient_check(W, B, X, Y, gradients=([np.zeros(3)], [np.zeros((4, 3))])),
        ValueError,
        r"gradients for weights\[0\] must have shape \(3, 4\)",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_raises_a_clear_error(case):
    call, error, message = CASES[case]
    with pytest.raises(error, match=message):
        call()
