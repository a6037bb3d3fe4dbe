"""Hostile input at every public function of the math (issue 9), as property tests.

One argument of a valid call is replaced by something a hostile user might pass: None, strings, bytes, dicts,
sets, NaN, infinity, huge numbers, complex numbers, arrays of every dtype and of any shape (empty ones too),
ragged lists, masked arrays, or the valid value spoiled (one NaN, cast to another dtype, transposed, cut to
nothing). Whatever comes in, the function must either return finite numbers, or raise a ValueError or TypeError
whose message names the argument (or, for a damaged file, quotes the path given); it must never warn (warnings
are errors here) and never change the arrays it was given.

One table (``SPECS``) lists every public function of the math, the digits (drawings, IDX and MNIST files, the UCI
digits, labels, input slopes) and the language functions. Besides the values drawn at random, each spec may list
``known`` values that once broke a promise (a block of 0, a pen wider than the bitmap, a step of 1e-300, an f that
changes its argument ...): they are tried on every run, since 30 random draws need not meet them again.
"""

from __future__ import annotations

import atexit
import cmath
import copy
import math
import re
import shutil
import struct
import sys
import tempfile
import warnings
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import bplib
from bplib import activations, article, costs, datasets, digits, handwriting, i18n, idx, training, validation
from bplib import finite_differences as fd
from bplib import input_gradient as ig
from bplib.explore import views

_rng = np.random.default_rng(0)
W = [_rng.normal(size=(3, 4)), _rng.normal(size=(2, 3))]
B = [_rng.normal(size=3), _rng.normal(size=2)]
X, Y = _rng.normal(size=(5, 4)), _rng.uniform(size=(5, 2))
NET = dict(weights=W, biases=B, x=X, y=Y)
LAYER = dict(weights=W[:1], biases=B[:1], x=X[0], y=_rng.uniform(size=3))  # one layer, one sample
_TRAINER = training.Trainer(W, B, X, Y, learning_rate=0.5, batch_size=2)


def _classifier(points: np.ndarray) -> np.ndarray:
    return np.tanh(points[:, :1])


def _smooth(array: np.ndarray) -> float:
    return float(np.sum(np.tanh(array)))  # never overflows, whatever finite array it is given


def _changes_its_argument(array: np.ndarray) -> float:
    array[-1] += 1.0  # what numerical_gradient_of must refuse, and undo
    return float(np.sum(array))


def _idx_file(folder: Path, name: str, array: np.ndarray) -> Path:
    """An IDX file of unsigned bytes, written from the format's definition (tests/test_idx.py tests the reader)."""
    header = bytes([0, 0, 0x08, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
    (folder / name).write_bytes(header + array.astype(np.uint8).tobytes())
    return folder / name


_FILES = Path(tempfile.mkdtemp(prefix="bplib-hostile-"))
atexit.register(shutil.rmtree, _FILES, ignore_errors=True)
for _name, _array in {
    "train-images-idx3-ubyte": np.arange(2 * 3 * 3).reshape(2, 3, 3),
    "train-labels-idx1-ubyte": np.array([3, 7]),
    "t10k-images-idx3-ubyte": np.arange(9).reshape(1, 3, 3),
    "t10k-labels-idx1-ubyte": np.array([1]),
}.items():
    _idx_file(_FILES, _name, _array)
(_FILES / "many-dimensions-idx").write_bytes(bytes([0, 0, 0x08, 255]) + b"\0\0\0\1" * 255 + b"\0")
(_FILES / "nan-idx").write_bytes(
    bytes([0, 0, 0x0E, 1]) + struct.pack(">I", 2) + np.array([1.0, np.nan], ">f8").tobytes()
)
(_FILES / "cut-off-idx").write_bytes((_FILES / "train-images-idx3-ubyte").read_bytes()[:-1])


class _PathOfANumber:
    """A path-like object whose ``__fspath__`` returns a number."""

    def __fspath__(self):
        return 3


def _listening(listener) -> str:
    """``on_language_change(listener)``, then the listener taken off again, so no test leaves one behind."""
    try:
        i18n.on_language_change(listener)
    finally:
        i18n._listeners[:] = [known for known in i18n._listeners if known is not listener]
    return i18n.get_language()


def _in_language(language) -> str:
    """``set_language(language)``, then back to English, so no test leaves the language changed."""
    try:
        i18n.set_language(language)
        return i18n.get_language()
    finally:
        i18n.set_language("en")


class _EqualToEverything(str):
    """Text that says it equals whatever it is compared with: it could pass for "ja" holding anything."""

    def __eq__(self, other):
        return True

    __hash__ = str.__hash__


class _EqualToJa:
    """Not text, but equal to "ja" (and to anything else)."""

    def __eq__(self, other):
        return True

    __hash__ = object.__hash__


class _LessThanNothing(int):
    """A whole number that says it is never less than anything: 0 could pass for a positive count."""

    def __lt__(self, other):
        return False


_LYING_NAME = _EqualToEverything("xx")  # passes for any name by its own ==, holding none of them
_QUADRATIC = costs.COSTS["quadratic"]
_COSTS_OF_ONES_OWN = (  # a Cost built by the caller, each with one part of the wrong kind
    _QUADRATIC._replace(name="a number", output_delta=lambda z, a, desired, activation: 1.0),
    _QUADRATIC._replace(name="too long", output_delta=lambda z, a, desired, activation: np.ones(7)),
    _QUADRATIC._replace(name="one bound", desired_range=(0.0,)),
    _QUADRATIC._replace(name="text bounds", desired_range="ab"),
    _QUADRATIC._replace(name="a list", cost_from_z=lambda z, a, desired: [0.5] * len(z)),
    _QUADRATIC._replace(name=None),
)


class Spec(NamedTuple):
    """A public function, a valid call of it, the arguments to attack, other names a message may use, and values
    that broke a promise once, tried every run (``{argument: (value, ...)}``)."""

    function: object
    valid: dict
    attacked: tuple[str, ...]
    also_named: dict = {}
    known: dict = {}


_WB = {"weights": ("biases",), "biases": ("weights",)}
SPECS = {
    "forward": Spec(
        bplib.forward, dict(weights=W, biases=B, x=X, activation="tanh"), ("weights", "biases", "x", "activation"), _WB
    ),
    "predict": Spec(bplib.predict, dict(weights=W, biases=B, x=X[0]), ("weights", "biases", "x", "activation"), _WB),
    "loss": Spec(
        bplib.loss,
        dict(NET, cost="cross_entropy"),
        ("weights", "biases", "x", "y", "activation", "cost"),
        _WB,
        known={"cost": _COSTS_OF_ONES_OWN},
    ),
    "backprop": Spec(
        bplib.backprop,
        dict(NET, activation="relu"),
        ("weights", "biases", "x", "y", "activation", "cost"),
        _WB,
        known={"cost": _COSTS_OF_ONES_OWN, "activation": (_LYING_NAME,)},
    ),
    "backprop_sample_by_sample": Spec(bplib.backprop_sample_by_sample, NET, ("weights", "biases", "x", "y"), _WB),
    "backprop_sample_by_sample, a line": Spec(  # each sample's slope is finite; their sum is not
        bplib.backprop_sample_by_sample,
        dict(weights=[np.ones((1, 1))], biases=[np.zeros(1)], x=np.ones((2, 1)), y=np.zeros((2, 1)),
             activation="identity"),
        ("y",),
        known={"y": (np.full((2, 1), -1e308),)},
    ),
    "random_network": Spec(
        bplib.random_network,
        dict(sizes=[3, 2], seed=1, init="he"),
        ("seed", "init"),
        known={
            "sizes": ([10**6, 10**6], [np.int64(2**32 - 1), np.int64(2**32)], [np.int64(2**40)] * 2),
            "init": (_LYING_NAME,),
            "seed": (_LessThanNothing(-1),),
        },
    ),
    "backprop, softmax output": Spec(
        bplib.backprop,
        dict(NET, y=Y / Y.sum(axis=1, keepdims=True), activation=["relu", "softmax"], cost="categorical_cross_entropy"),
        ("weights", "biases", "x", "y", "activation", "cost"),
        _WB,
    ),
    "sgd_step": Spec(
        bplib.sgd_step, dict(NET, learning_rate=0.5), ("weights", "biases", "x", "y", "learning_rate", "cost"), _WB
    ),
    "nudge": Spec(
        bplib.nudge,
        dict(NET, kind="weight", layer=1, index=(1, 2), step=1e-3, method="centred"),
        ("weights", "biases", "x", "y", "kind", "layer", "index", "step", "method", "activation"),
        _WB,
        known={"weights": ([W[0], np.full((2, 3), 1e308)],), "step": (1e-300,), "method": (_LYING_NAME,)},
    ),
    "numerical_gradient": Spec(
        bplib.numerical_gradient,
        dict(LAYER, step=1e-4, kind="bias", layer=0),
        ("weights", "biases", "x", "y", "step", "method", "kind", "layer", "cost"),
        _WB,
    ),
    "numerical_gradient_of": Spec(
        bplib.numerical_gradient_of,
        dict(f=_smooth, x=np.array([0.5, -1.0]), step=1e-4),
        ("f", "x", "step", "method"),
        known={
            "f": (_changes_its_argument, lambda a: 10**400),
            "step": (1e-300,),
            "method": (_LYING_NAME,),
        },
    ),
    "forward_difference": Spec(
        bplib.forward_difference,
        dict(f=math.sin, value=0.3, step=1e-3),
        ("f", "value", "step"),
        known={"f": (lambda v: 10**400, lambda v: math.exp(1e6 * v)), "step": (1e-300,), "value": (1.7e308,)},
    ),
    "centred_difference": Spec(
        bplib.centred_difference,
        dict(f=math.sin, value=0.3, step=1e-3),
        ("f", "value", "step"),
        known={"f": (lambda v: 10**400, lambda v: math.exp(1e6 * v)), "step": (1e-300,), "value": (1.7e308,)},
    ),
    "parameter_loss": Spec(
        lambda value, **kw: fd.parameter_loss(**kw)[0](value),
        dict(NET, kind="bias", layer=0, index=2, value=0.25),
        ("weights", "biases", "kind", "layer", "index", "value"),
        _WB,
    ),
    "all_parameters": Spec(
        lambda **kw: [p.index for p in fd.all_parameters(**kw)], dict(weights=W, biases=B), ("weights", "biases"), _WB
    ),
    "relative_error": Spec(bplib.relative_error, dict(a=Y, b=Y + 1e-9), ("a", "b")),
    "gradient_check": Spec(
        bplib.gradient_check,
        dict(LAYER, tolerance=1e-6, gradients=bplib.backprop(**LAYER)),
        ("weights", "biases", "x", "y", "step", "tolerance", "gradients"),
        _WB,
    ),
    "spot_check": Spec(
        fd.spot_check,
        dict(NET, entries_per_array=2, seed=3),
        ("weights", "biases", "x", "y", "entries_per_array", "seed"),
        _WB,
    ),
    "accuracy": Spec(training.accuracy, dict(outputs=Y, y=Y[::-1]), ("outputs", "y")),
    "Trainer": Spec(
        lambda **kw: [training.Trainer(**kw).step(), training.Trainer(**kw).evaluate()][1],
        dict(NET, learning_rate=0.5, batch_size=2, seed=0, x_held_out=X[:2], y_held_out=Y[:2]),
        ("weights", "biases", "x", "y", "learning_rate", "batch_size", "seed", "x_held_out", "y_held_out"),
        {**_WB, "x_held_out": ("y_held_out",), "y_held_out": ("x_held_out",)},
    ),
    "Trainer.predict": Spec(_TRAINER.predict, dict(x=X), ("x",)),
    "train": Spec(
        lambda **kw: bplib.train(**kw)[2],
        dict(NET, epochs=2, batch_size=3, learning_rate=0.5, seed=0, callback=None),
        ("weights", "biases", "x", "y", "batch_size", "learning_rate", "seed", "callback"),
        _WB,
    ),
    "two_spirals": Spec(
        datasets.two_spirals,
        dict(n_per_class=3, noise=0.1, turns=1.5, seed=0),
        ("n_per_class", "noise", "turns", "seed"),
        known={"n_per_class": (10**12,)},
    ),
    "split": Spec(datasets.split, dict(x=X, y=Y, held_out=0.4, seed=0), ("x", "y", "held_out", "seed")),
    "get_activation": Spec(
        bplib.get_activation, dict(name="relu"), ("name",), {"name": ("activation",)}, {"name": (_LYING_NAME,)}
    ),
    "get_cost": Spec(bplib.get_cost, dict(name="quadratic"), ("name",), {"name": ("cost",)}, {"name": (_LYING_NAME,)}),
    "as_float_array": Spec(validation.as_float_array, dict(value=[1.0, 2.0], name="value"), ("value",)),
    "as_positive_float": Spec(validation.as_positive_float, dict(value=0.5, name="value"), ("value",)),
    "as_positive_int": Spec(
        validation.as_positive_int, dict(value=3, name="value"), ("value",), known={"value": (_LessThanNothing(0),)}
    ),
    "as_bool": Spec(validation.as_bool, dict(value=True, name="value"), ("value",)),
    "as_generator": Spec(
        lambda **kw: validation.as_generator(**kw).random(),
        dict(seed=4),
        ("seed",),
        known={"seed": (_LessThanNothing(-1),)},
    ),
    "check_choice": Spec(
        validation.check_choice,
        dict(value="a", name="value", choices=("a", "b")),
        ("value",),
        known={"value": (_LYING_NAME,)},
    ),
    # the article's helpers
    "softmax": Spec(activations.softmax, dict(z=X), ("z",)),
    "log_softmax": Spec(
        activations.log_softmax, dict(z=X), ("z",), known={"z": ([1e308, -1e308], [[1e300, 0.0], [0.0, 1.7e308]])}
    ),
    "softmax_jacobian": Spec(activations.softmax_jacobian, dict(z=X[0]), ("z",)),
    "categorical_cross_entropy": Spec(
        costs.categorical_cross_entropy, dict(desired=[0.0, 1.0], activated=[0.3, 0.7]), ("desired", "activated")
    ),
    "categorical_cross_entropy_derivative": Spec(
        costs.categorical_cross_entropy_derivative,
        dict(desired=[0.0, 1.0], activated=[0.3, 0.7]),
        ("desired", "activated"),
    ),
    "categorical_cross_entropy_from_logits": Spec(
        costs.categorical_cross_entropy_from_logits, dict(desired=[0.0, 1.0], z=[0.5, -1.0]), ("desired", "z")
    ),
    "vec_add": Spec(article.vec_add, dict(a=[1.0, 2.0], b=[0.5, 0.25]), ("a", "b")),
    "vec_sub": Spec(article.vec_sub, dict(a=[1.0, 2.0], b=[0.5, 0.25]), ("a", "b")),
    "mat_mul": Spec(article.mat_mul, dict(weights=[1.0, 2.0, 3.0, 4.0], inputs=[0.5, -1.0]), ("weights", "inputs")),
    "activate": Spec(article.activate, dict(outputs=[0.5, -1.0], activation="tanh"), ("outputs", "activation")),
    "article.activate_derivative": Spec(article.activate_derivative, dict(output=0.5), ("output", "activation")),
    "cost": Spec(article.cost, dict(differences=[0.5, -1.0]), ("differences",)),
    "cost_derivative": Spec(article.cost_derivative, dict(desired=1.0, activated=0.25), ("desired", "activated")),
    "output_bias_grads": Spec(
        article.output_bias_grads,
        dict(outputs=[0.1, -0.2], desired_outputs=[1.0, 0.0], activate_outputs=[0.52, 0.45], as_written=False),
        ("outputs", "desired_outputs", "activate_outputs", "activation", "as_written"),
        {"outputs": ("desired_outputs", "activate_outputs")},
    ),
    "weight_grads": Spec(
        article.weight_grads, dict(bias_grads=[0.1, -0.2], inputs=[1.0, 2.0, 3.0]), ("bias_grads", "inputs")
    ),
    "hidden_bias_grads": Spec(
        article.hidden_bias_grads,
        dict(next_bias_grads=[0.1, -0.2], next_weights=[1.0, 2.0, 3.0, 4.0], outputs=[0.3, -0.4], as_written=True),
        ("next_bias_grads", "next_weights", "outputs", "as_written"),
        {"next_bias_grads": ("next_weights",), "outputs": ("next_weights",)},
    ),
    "article.softmax": Spec(article.softmax, dict(outputs=[0.5, -1.0]), ("outputs", "as_written")),
    "softmax_cross_entropy_cost_derivative": Spec(
        article.softmax_cross_entropy_cost_derivative,
        dict(softmax_outputs=[0.3, 0.7], desired_outputs=[0.0, 1.0]),
        ("softmax_outputs", "desired_outputs", "as_written"),
    ),
    "softmax_output_bias_grads": Spec(
        article.softmax_output_bias_grads,
        dict(outputs=[0.5, -1.0], softmax_outputs=[0.3, 0.7], desired_outputs=[0.0, 1.0]),
        ("outputs", "softmax_outputs", "desired_outputs", "as_written"),
    ),
    "cross_entropy_cost": Spec(
        article.cross_entropy_cost,
        dict(activate_outputs=[0.3, 0.7], desired_outputs=[0.0, 1.0]),
        ("activate_outputs", "desired_outputs", "as_written"),
    ),
    "to_column_major": Spec(article.to_column_major, dict(matrix=[[1.0, 2.0], [3.0, 4.0]]), ("matrix",)),
    "from_column_major": Spec(article.from_column_major, dict(flat=[1.0, 2.0, 3.0, 4.0], n_rows=2), ("flat", "n_rows")),
    # the numbers the explorers show
    "nudge_view": Spec(
        views.nudge_view,
        dict(LAYER, kind="bias", layer=0, index=1, step=1e-3, window=0.5, n_points=5),
        ("weights", "biases", "x", "y", "kind", "layer", "index", "step", "window"),
        _WB,
        known={"window": (5e-324,)},  # too narrow around a value of about 1: named as the window
    ),
    "step_errors": Spec(
        views.step_errors,
        dict(LAYER, kind="weight", layer=0, index=(0, 1), steps=np.array([1e-2, 1e-3])),
        ("weights", "biases", "x", "y", "steps"),
        _WB,
        known={"weights": ([np.full((3, 4), 1e308)],),  # a step too small at the weight: named as weights[0][0, 1]
               "steps": (np.array([1.19e-207]),)},  # every step too small to see: named as steps
    ),
    "output_layer_view": Spec(
        views.output_layer_view,
        dict(weights=LAYER["weights"], biases=LAYER["biases"], inputs=LAYER["x"], desired=LAYER["y"]),
        ("weights", "biases", "inputs", "desired", "cost", "step"),
        {**_WB, "inputs": ("x",), "desired": ("y",)},
        known={"weights": ([np.full((3, 4), -1e308)],)},  # sigma' of a huge |z|: 0, without a warning
    ),
    "weight_slopes_view": Spec(
        views.weight_slopes_view, dict(LAYER, moved=1, step=1e-5), ("weights", "biases", "x", "y", "moved", "step"), _WB
    ),
    "input_sweep": Spec(
        views.input_sweep,
        dict(LAYER, moved=2, values=[-1.0, 0.0, 0.5]),
        ("weights", "biases", "x", "y", "moved", "values"),
        _WB,
        known={"y": (np.full(3, 1e308),),  # a loss beyond float64 from y alone: named as y
               "values": ([1.378598982090456e308],)},  # z overflows from a value: named as values
    ),
    "hidden_layer_view": Spec(
        views.hidden_layer_view,
        dict(weights=[W[0], np.ones((2, 3))], biases=B, x=X[0], y=Y[0]),
        ("weights", "biases", "x", "y", "hidden_activation", "formula", "step"),
        {**_WB, "hidden_activation": ("activation",)},
        known={"x": (np.full(4, 279.0),)},  # sigma' of a huge |z|: 0, without a warning
    ),
    "decision_grid": Spec(views.decision_grid, dict(predict=_classifier, limit=1.0, n=3), ("predict", "limit")),
    "training_setup": Spec(
        views.training_setup,
        dict(labels_train=[[0.0], [1.0]], labels_held=[[1.0]], output="softmax", hidden="relu", width=4),
        ("labels_train", "labels_held", "output", "hidden", "width"),
    ),
    "class_one_probability": Spec(
        views.class_one_probability, dict(outputs=[[0.3, 0.7], [0.9, 0.1]], output="softmax"), ("outputs", "output")
    ),
    # handwritten digits: drawings, files, labels, input slopes
    "as_strokes": Spec(
        handwriting.as_strokes,
        dict(strokes=[[[0.0, 1.0], [2.0, 3.0]]]),
        ("strokes",),
        known={"strokes": (np.zeros((1, 2, 2)), [[]], [[[0.0, 1.0, 2.0]]], [[[0.0, np.nan]]], [[[1e400, 0.0]]])},
    ),
    "rasterize": Spec(
        handwriting.rasterize,
        dict(strokes=[[[0.0, 1.0], [2.0, 3.0]], [[1.0, 1.0]]], size=12, pen=2.5),
        ("strokes", "size", "pen"),
        {"pen": ("size",), "size": ("pen",)},
        known={
            "size": (0, -1, 2.5, 10**6),
            "pen": (20.0, 12.0, 1e-300, 0.5),
            "strokes": ([[[0.0, 0.0], [5e-324, 5e-324]]], [[[-1e308, 0.0], [1e308, 1e308]]], [[[1e308, 1e308]]]),
        },
    ),
    "block_counts": Spec(
        handwriting.block_counts,
        dict(bitmap=np.eye(8, dtype=bool), block=4),
        ("bitmap", "block"),
        {"block": ("bitmap",), "bitmap": ("block",)},
        known={
            "block": (0, 16, 9, -4, 2.0, "4", True, _LessThanNothing(0)),
            "bitmap": ("ab", np.full((4, 4), np.nan), np.eye(8)[:, :4]),
        },
    ),
    "drawing_to_digit": Spec(
        handwriting.drawing_to_digit,
        dict(strokes=[[[0.0, 1.0], [2.0, 3.0]]], pen=4.0),
        ("strokes", "pen"),
        known={
            "pen": (32.0, 1e-300),
            "strokes": ([[[0.0, 0.0], [5e-324, 0.0]]], [[[-1e308, 1e308], [1e308, -1e308]]], [[[0.0, 0.0]], []]),
        },
    ),
    "read_idx": Spec(
        idx.read_idx,
        dict(path=_FILES / "train-labels-idx1-ubyte"),
        ("path",),
        known={
            "path": (
                *(None, 3, 2.5, b"file", "", _PathOfANumber(), _FILES, _FILES / "missing"),
                *(_FILES / "many-dimensions-idx", _FILES / "nan-idx", _FILES / "cut-off-idx"),
                "digits-\ud800.idx",  # no file name can hold a lone surrogate
            )
        },
    ),
    "load_mnist": Spec(
        digits.load_mnist,
        dict(directory=_FILES),
        ("directory",),
        known={"directory": (None, 3, "", _PathOfANumber(), _FILES / "missing", _FILES / "nan-idx")},
    ),
    "load_digits": Spec(digits.load_digits, {}, ()),
    "one_hot": Spec(
        datasets.one_hot,
        dict(labels=np.array([3, 0, 2]), n_classes=4),
        ("labels", "n_classes"),
        {"n_classes": ("labels",), "labels": ("n_classes",)},
        known={
            "n_classes": (2.5, "3", 0, True, 10**9, 10**12, _LessThanNothing(0)),
            "labels": (
                *(np.array([4, 0]), np.array([-1, 2]), np.array([], dtype=complex)),  # the last: none, but complex
                np.array([1, 2], dtype="m8[s]"),  # numpy counts a timedelta as an integer
            ),
        },
    ),
    "one_hot, no labels": Spec(
        datasets.one_hot,
        dict(labels=np.array([], dtype=np.int64), n_classes=4),
        ("n_classes",),
        known={"n_classes": (10**30,)},
    ),
    "input_gradient": Spec(
        ig.input_gradient,
        dict(NET, activation="tanh"),
        ("weights", "biases", "x", "y", "activation", "cost"),
        _WB,
        known={"weights": ([np.full((3, 4), 1e300), np.full((2, 3), 1e300)],), "x": (X[:0], X[:1] * 1e308)},
    ),
    "nudged_input_gradient": Spec(
        ig.nudged_input_gradient,
        dict(LAYER, step=1e-4),
        ("weights", "biases", "x", "y", "step", "activation", "cost"),
        _WB,
        known={"step": (1e-300, 1e308), "weights": ([np.full((3, 4), 1e300)],)},
    ),
    # the language of what bplib shows
    "set_language": Spec(
        _in_language,
        dict(language="ja"),
        ("language",),
        known={"language": (_EqualToEverything("ja"), _EqualToEverything("xx"), _EqualToJa(), None, b"ja", "")},
    ),
    "get_language": Spec(i18n.get_language, {}, ()),
    "catalogue_path": Spec(
        lambda **kw: str(i18n.catalogue_path(**kw)),
        dict(language="ja"),
        ("language",),
        known={"language": (_EqualToEverything("ja"), _EqualToJa())},
    ),
    "on_language_change": Spec(
        _listening, dict(listener=lambda language: None), ("listener",), known={"listener": (lambda: None, int)}
    ),
    "_": Spec(i18n._, dict(message="epoch"), ("message",)),
    "N_": Spec(i18n.N_, dict(message="epoch"), ("message",)),
    "ngettext": Spec(i18n.ngettext, dict(singular="{n} epoch", plural="{n} epochs", n=2), ("singular", "plural", "n")),
    "as_path": Spec(
        lambda **kw: str(validation.as_path(**kw)),
        dict(value="a/b", name="value"),
        ("value",),
        known={"value": ("", _PathOfANumber(), 3, None, "digits-\ud800.idx")},
    ),
    "file_problem": Spec(
        lambda **kw: str(validation.file_problem(**kw)),
        dict(path=Path("a/b"), error=PermissionError(13, "Permission denied"), name="path"),
        ("error",),
        known={"error": (None, "Permission denied", OSError(), FileNotFoundError(2, "No such file"))},
    ),
    # the checks themselves, on what bplib computed (each passes: True)
    "check_shape": Spec(
        lambda **kw: validation.check_shape(**kw) is None, dict(array=X, name="array", expected=(5, 4)), ("array",)
    ),
    "check_layers_chain": Spec(lambda **kw: validation.check_layers_chain(**kw) is None, dict(weights=W), ("weights",)),
    "check_finite_results": Spec(
        lambda **kw: validation.check_finite_results(**kw) is None,
        dict(arrays=[X, Y], what="arrays", cause="too large"),
        ("arrays",),
    ),
    "check_fits_in_memory": Spec(
        lambda **kw: validation.check_fits_in_memory(**kw) is None,
        dict(n_numbers=10, name="n_numbers", what="ten numbers"),
        ("n_numbers",),
        known={"n_numbers": (np.int64(2**61),)},  # 8 * n_numbers wraps around in int64
    ),
    "quietly": Spec(lambda function: callable(validation.quietly(function)), dict(function=np.tanh), ("function",)),
    "describe": Spec(validation.describe, dict(value=X), ("value",)),
}
for _name in activations.ACTIVATIONS:
    for _kernel in ("activate", "activate_derivative"):
        SPECS[f"{_name}.{_kernel}"] = Spec(getattr(activations.ACTIVATIONS[_name], _kernel), dict(z=X), ("z",))
for _function in (costs.quadratic, costs.quadratic_derivative, costs.cross_entropy, costs.cross_entropy_derivative):
    SPECS[_function.__name__] = Spec(_function, dict(desired=Y, activated=Y[::-1]), ("desired", "activated"))
SPECS["cross_entropy_from_logits"] = Spec(
    costs.cross_entropy_from_logits, dict(desired=Y, z=X[:, :2]), ("desired", "z")
)

# --- what a hostile user passes ---------------------------------------------------------------------------------

_SHAPES = hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4)
_ODD_OBJECTS = st.one_of(
    st.none(), st.text(max_size=2), st.complex_numbers(), st.floats(), st.integers(-(10**400), 10**400)
)
_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.sampled_from([10**400, -(10**400), 2**63, 1e308, -1e308, 5e-324, float("nan"), float("inf"), -float("inf")]),
    st.floats(),
    st.complex_numbers(),
    st.text(max_size=3),
    st.binary(max_size=3),
    st.sampled_from([{"a": 1}, {1.0, 2.0}, object(), (), [], print, Ellipsis, np.float64("nan"), np.True_, 1j]),
)
_ARRAYS = st.one_of(
    hnp.arrays(
        st.sampled_from([np.float64, np.float32, np.int64, np.uint8, np.bool_, np.complex128, "U2", "S2"]), _SHAPES
    ),
    hnp.arrays(object, _SHAPES, elements=_ODD_OBJECTS),
    hnp.arrays(np.float64, _SHAPES).map(lambda a: np.ma.masked_array(a, mask=np.ones(a.shape, bool))),
)
_LISTS = st.one_of(
    st.lists(st.one_of(st.floats(), st.lists(st.floats(), max_size=3)), max_size=4),  # often ragged
    st.lists(st.lists(st.floats(), max_size=3), min_size=1, max_size=3),
)


def _spoiled(value) -> list:
    """The valid value spoiled in the ways a slip would spoil it."""
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, np.ndarray) for v in value):
        out = [value[:-1], list(value) + [value[-1]], np.array(value[0]), value[::-1]]
        return out + [[*value[:-1], spoiled] for spoiled in _spoiled(value[-1])]
    if isinstance(value, (list, tuple, np.ndarray)):
        try:
            a = np.array(value, dtype=np.float64)
        except ValueError:  # ragged, as gradients = (bias_grads, weight_grads) is
            return [value[::-1], value[:1], list(value) + [value[0]]]
        nan, inf, huge = a.copy(), a.copy(), a.copy()
        nan.flat[0], inf.flat[0], huge[...] = np.nan, -np.inf, 1e308 if a.size else 0.0
        return [
            nan,
            inf,
            huge,
            -huge,
            a.astype(np.int64),
            a.astype(bool),
            a + 1j,
            a.astype(object),
            a.astype(str),
            a.T,
            a[None],
            a[..., :0],
            a[:0],
            a.ravel(),
            np.ma.masked_array(a, mask=np.ones(a.shape, bool)),
            a.tolist() + [None] if a.ndim else None,
        ]
    if isinstance(value, str):
        return [value.upper(), value + " ", "", [value], value.encode()]
    return []


def _hostile(valid):
    return st.one_of(_SCALARS, _ARRAYS, _LISTS, st.sampled_from(_spoiled(valid) or [None]))


# --- what must hold -------------------------------------------------------------------------------------------


def _same(a, b) -> bool:
    """``a`` unchanged from its copy ``b``: arrays entry by entry (NaN equal to NaN), the rest by value or type."""
    if isinstance(a, np.ma.MaskedArray):
        return isinstance(b, np.ma.MaskedArray) and _same(a.data, b.data) and _same(a.mask, b.mask)
    if isinstance(a, np.ndarray):
        if not (isinstance(b, np.ndarray) and a.dtype == b.dtype and a.shape == b.shape):
            return False
        if a.dtype.kind == "O":
            return all(map(_same, a.flat, b.flat))
        return bool(np.array_equal(a, b, equal_nan=a.dtype.kind in "fc"))
    if isinstance(a, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(map(_same, a, b))
    if isinstance(a, dict):
        return type(b) is dict and a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (float, complex)) and cmath.isnan(a):
        return type(a) is type(b) and cmath.isnan(b)
    if isinstance(a, (int, float, complex, str, bytes, set, type(None))):
        return type(a) is type(b) and a == b
    return type(a) is type(b)


def _finite(result) -> bool:
    """Every number in ``result`` (nested in lists, tuples, named tuples) is finite."""
    if isinstance(result, (bool, np.bool_, int, np.integer, str, activations.Activation, costs.Cost)):
        return True
    if isinstance(result, np.ndarray):
        return result.dtype.kind in "biuf" and bool(np.all(np.isfinite(result)))
    if isinstance(result, (list, tuple)):
        return all(map(_finite, result))
    if isinstance(result, (int, float, np.number)):
        return math.isfinite(result)
    return False


def _names_in(message: str) -> set[str]:
    return set(re.findall(r"[A-Za-z_]\w*", message))


def _check(spec: Spec, argument: str, value) -> None:
    kwargs = copy.deepcopy(spec.valid)
    kwargs[argument] = value
    before = copy.deepcopy(kwargs)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            result = spec.function(**kwargs)
        except (ValueError, TypeError) as error:
            wanted = {argument, *spec.also_named.get(argument, ())}
            quoted = isinstance(value, Path) and str(value) in str(error)  # a file's fault, naming the file given
            assert quoted or wanted & _names_in(str(error)), f"{argument}: the message does not name it: {error}"
        else:
            assert _finite(result), f"{argument}={value!r} gave {result!r}"
    assert all(_same(kwargs[k], before[k]) for k in kwargs), f"{argument}={value!r}: an argument was changed"


@pytest.mark.parametrize("name", list(SPECS))
def test_the_valid_call_gives_finite_numbers_without_warnings(name):
    spec = SPECS[name]
    kwargs = copy.deepcopy(spec.valid)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = spec.function(**kwargs)  # no error of any kind: the valid call must work
    assert _finite(result), f"the valid call gave {result!r}"
    assert all(_same(kwargs[k], spec.valid[k]) for k in kwargs), "the valid call changed an argument"


@pytest.mark.parametrize("name", [name for name, spec in SPECS.items() if spec.attacked])
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_hostile_input_gives_finite_numbers_or_a_clear_error(name, data):
    spec = SPECS[name]
    argument = data.draw(st.sampled_from(spec.attacked), label="argument")
    value = data.draw(_hostile(spec.valid.get(argument)), label="value")
    _check(spec, argument, value)


KNOWN = [
    pytest.param(name, argument, value, id=f"{name}-{argument}={value!s:.30}")
    for name, spec in SPECS.items()
    for argument, values in spec.known.items()
    for value in values
]


@pytest.mark.parametrize(("name", "argument", "value"), KNOWN)
def test_values_that_once_broke_a_promise_keep_it(name, argument, value):
    _check(SPECS[name], argument, value)


def test_the_digits_without_scikit_learn_say_what_to_install(monkeypatch):
    """Simulated absence: a None in sys.modules makes Python find no scikit-learn, as on a machine without it."""
    monkeypatch.setitem(sys.modules, "sklearn", None)
    with pytest.raises(ModuleNotFoundError) as caught:
        datasets.load_digits()
    assert "scikit-learn" in str(caught.value) and "pip install scikit-learn" in str(caught.value)


def test_the_digits_with_a_broken_scikit_learn_say_what_to_do(monkeypatch):
    """scikit-learn found but its data file moved and its import failing (a half-finished install): the error
    names the package and the command, not a bare ImportError from deep inside."""
    import bplib.digits

    monkeypatch.setattr(bplib.digits, "_shipped_digits_file", lambda: None)
    monkeypatch.setitem(sys.modules, "sklearn.datasets", None)  # importing it now raises ImportError
    with pytest.raises(ModuleNotFoundError) as caught:
        datasets.load_digits()
    assert "pip install --force-reinstall scikit-learn" in str(caught.value)


@pytest.mark.parametrize(
    "change",
    [
        dict(desired_range=(0.0, np.inf)),  # y >= 0, no upper bound
        dict(desired_range=[0.0, 1.0]),
        dict(name=np.str_("mine")),
        dict(desired_sums_to_one=0),
        dict(cost_from_z=lambda z, a, desired: _QUADRATIC.cost_from_z(z, a, desired)[:, None]),  # a column
    ],
    ids=["infinite bound", "list pair", "numpy name", "0 for False", "costs as a column"],
)
def test_a_cost_of_ones_own_built_reasonably_is_taken(change):
    cost = _QUADRATIC._replace(**{"name": "mine", **change})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert bplib.loss(**NET, cost=cost) == pytest.approx(bplib.loss(**NET))


def test_a_listener_that_fails_is_not_kept_so_the_language_still_changes():
    before = list(i18n._listeners)
    with pytest.raises(TypeError, match="listener must be a function taking the language"):
        i18n.on_language_change(lambda: None)
    assert i18n._listeners == before
    assert _in_language("ja") == "ja"  # set_language works on, and back to English after


@pytest.mark.parametrize(
    ("module", "call", "per_unit"),
    [
        (datasets, lambda: datasets.two_spirals(10**5), 10**5),
        (handwriting, lambda: handwriting.rasterize([[[0.0, 0.0], [1.0, 1.0], [2.0, 0.0]]], size=600), 600**2),
        (handwriting, lambda: handwriting.rasterize([[[0.0, 0.0], [1.0, 1.0], [2.0, 0.0]]], size=1500), 1500**2),
    ],
    ids=["two_spirals", "rasterize-600", "rasterize-1500"],
)
def test_the_memory_check_is_told_at_least_what_is_allocated(monkeypatch, module, call, per_unit):
    """What ``check_fits_in_memory`` is told to expect, against the peak that tracemalloc sees (numpy reports its
    arrays to it): told less, a call it passes could still run the machine out of memory."""
    import tracemalloc

    told = []
    monkeypatch.setattr(module, "check_fits_in_memory", lambda n, *rest: told.append(n))
    tracemalloc.start()
    try:
        call()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak <= 8 * sum(told), f"{peak / per_unit / 8:.1f} numbers per unit allocated, {sum(told) / per_unit} told"
