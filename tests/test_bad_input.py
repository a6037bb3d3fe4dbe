"""Every public function rejects bad input with a message naming the argument, expected and received."""

import numpy as np
import pytest

import bplib
from bplib.datasets import split, two_spirals
from bplib.finite_differences import spot_check
from bplib.training import Trainer

W = [np.ones((3, 4))]
EMPTY_X, EMPTY_Y = np.zeros((0, 4)), np.zeros((0, 3))
XS, YS = np.ones((5, 4)), np.zeros((5, 3))
B = [np.zeros(3)]
X = np.array([0.3, 0.2, 0.0, 0.5])
Y = np.array([1.0, 0.0, 0.0])

CASES = {
    "y (3, 1) is not broadcast against (3,)": (
        lambda: bplib.loss(W, B, X, Y.reshape(3, 1)),
        ValueError,
        r"y must have shape \(3,\) \(one sample, as x is; 3 outputs, as the last layer has\), got \(3, 1\)",
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
        lambda: bplib.forward(W, B, X, "softplus"),
        ValueError,
        r"activation must be one of \['sigmoid', 'tanh', 'relu', 'identity', 'softmax'\], got 'softplus'",
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
        r"cost must be one of \['quadratic', 'cross_entropy', 'categorical_cross_entropy'\]",
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
    # issue 9, "Found, to fix": empty data
    "an empty batch to loss": (
        lambda: bplib.loss(W, B, EMPTY_X, EMPTY_Y),
        ValueError,
        "x must hold at least one sample",
    ),
    "an empty batch to backprop": (lambda: bplib.backprop(W, B, EMPTY_X, EMPTY_Y), ValueError, "at least one sample"),
    "an empty batch to gradient_check": (
        lambda: bplib.gradient_check(W, B, EMPTY_X, EMPTY_Y),
        ValueError,
        "x must hold at least one sample",
    ),
    "an empty batch to sgd_step": (lambda: bplib.sgd_step(W, B, EMPTY_X, EMPTY_Y, 0.1), ValueError, "at least one"),
    "an empty batch to train": (
        lambda: bplib.train(W, B, EMPTY_X, EMPTY_Y, epochs=1, batch_size=1, learning_rate=0.1),
        ValueError,
        "x must hold at least one sample",
    ),
    "a Trainer with no outputs": (
        lambda: Trainer([np.ones((0, 4))], [np.zeros(0)], XS, np.zeros((5, 0)), learning_rate=1, batch_size=1),
        ValueError,
        r"weights\[0\] must have at least one row",
    ),
    "split of one sample": (lambda: split(XS[:1], YS[:1]), ValueError, "leaves none to train on"),
    "split holding out nearly all": (lambda: split(XS, YS, held_out=0.999), ValueError, "leaves none to train on"),
    # complex input is refused, not cut to its real part
    "complex x": (lambda: bplib.loss(W, B, X + 1j, Y), TypeError, "x must be real numbers .float64., got complex"),
    "complex y": (lambda: bplib.backprop(W, B, X, Y * 1j), TypeError, "y must be real numbers"),
    "complex weights": (lambda: bplib.forward([W[0] + 0j], B, X), TypeError, r"weights\[0\] must be real numbers"),
    # y=None
    "y None to loss": (lambda: bplib.loss(W, B, X, None), TypeError, "y must be numbers, got NoneType None"),
    "y None to backprop": (lambda: bplib.backprop(W, B, X, None), TypeError, "y must be numbers"),
    "y None to gradient_check": (lambda: bplib.gradient_check(W, B, X, None), TypeError, "y must be numbers"),
    "y None to sgd_step": (lambda: bplib.sgd_step(W, B, X, None, 0.1), TypeError, "y must be numbers"),
    "y None to numerical_gradient": (lambda: bplib.numerical_gradient(W, B, X, None), TypeError, "y must be numbers"),
    "y None to nudge": (lambda: bplib.nudge(W, B, X, None, "bias", 0, 0), TypeError, "y must be numbers"),
    "y None to train": (
        lambda: bplib.train(W, B, XS, None, epochs=1, batch_size=1, learning_rate=0.1),
        TypeError,
        "y must be numbers",
    ),
    # finite inputs whose products overflow
    "z overflows": (
        lambda: bplib.forward([np.full((3, 4), 1e200)], B, np.full(4, 1e200)),
        ValueError,
        r"a weighted input z overflows float64.*largest \|x\| = 1e\+200",
    ),
    "a gradient overflows": (
        lambda: bplib.backprop([np.full((3, 4), 1e200)], B, np.full(4, 1e200), Y, "relu"),
        ValueError,
        "a gradient overflows float64",
    ),
    "the loss overflows": (
        lambda: bplib.loss([np.full((3, 4), 1e160)], B, np.full(4, 1e160), Y, "identity"),
        ValueError,
        "the loss overflows float64",
    ),
    # silent acceptance
    "a masked x": (
        lambda: bplib.loss(W, B, np.ma.masked_array(X, [0, 1, 0, 0]), Y),
        TypeError,
        "x must be a plain array, got a masked array",
    ),
    "an extra gradient array": (
        lambda: bplib.gradient_check(W, B, X, Y, gradients=([np.zeros(3), np.zeros(3)], [np.zeros((3, 4))])),
        ValueError,
        "gradients must hold one array per layer for the biases, 1 in all",
    ),
    "a missing gradient array": (
        lambda: bplib.gradient_check(W, B, X, Y, gradients=([np.zeros(3)], [])),
        ValueError,
        "gradients must hold one array per layer for the weights, 1 in all",
    ),
    "gradients not a pair": (
        lambda: bplib.gradient_check(W, B, X, Y, gradients=[np.zeros(3)]),
        TypeError,
        r"gradients must be a pair \(bias_grads, weight_grads\)",
    ),
    "a 1-D held-out set": (
        lambda: Trainer(W, B, XS, YS, learning_rate=1, batch_size=1, x_held_out=X, y_held_out=Y),
        ValueError,
        r"x_held_out must be a batch of shape \(m, n_in\), got shape \(4,\)",
    ),
    "y_held_out without x_held_out": (
        lambda: Trainer(W, B, XS, YS, learning_rate=1, batch_size=1, y_held_out=YS),
        ValueError,
        "y_held_out was given without x_held_out",
    ),
    "x_held_out without y_held_out": (
        lambda: Trainer(W, B, XS, YS, learning_rate=1, batch_size=1, x_held_out=XS),
        ValueError,
        "x_held_out was given without y_held_out",
    ),
    "a held-out y of the wrong width": (
        lambda: Trainer(W, B, XS, YS, learning_rate=1, batch_size=1, x_held_out=XS, y_held_out=YS[:, :2]),
        ValueError,
        r"y_held_out must have shape \(5, 3\)",
    ),
    "spot_check with no entries": (
        lambda: spot_check(W, B, X, Y, entries_per_array=0),
        ValueError,
        "entries_per_array",
    ),
    "spot_check with half an entry": (
        lambda: spot_check(W, B, X, Y, entries_per_array=0.5),
        TypeError,
        "entries_per_array must be a whole number",
    ),
    "a negative seed": (lambda: bplib.random_network([4, 3], seed=-1), ValueError, "seed must be a whole number >= 0"),
    "noise that overflows": (lambda: two_spirals(noise=1e308), ValueError, "a point overflows float64"),
    "turns that overflow": (lambda: two_spirals(turns=1e308), ValueError, "a point overflows float64"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_raises_a_clear_error(case):
    call, error, message = CASES[case]
    with pytest.raises(error, match=message):
        call()
