"""Notebook 05's exercises: find a planted slip with a gradient check, then write backprop for any depth.

``suspect_backprop(seed)`` is a backprop for sigmoid networks with one slip planted in one layer, chosen by the
seed: in BP1 (the output delta), in BP2 (a hidden delta) or in BP4 (a layer's weight slopes). A gradient check
shows where: a wrong delta is passed down and reused by every layer below it, so its rows fail from its layer
down; a wrong weight slope fails alone. ``check_slip_found`` judges the layer and the equation the learner names.

``check_backprop_any_depth`` judges ``backprop_any_depth(weights, biases, x, y, activate, activate_derivative)``
on networks of 1 to 5 layers and random widths, with the sigmoid, tanh and the arctangent (which bplib does not
know, so that ``bplib.backprop`` cannot stand in for the learner's loop).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .. import numerical_gradient_of, random_network
from . import checking
from . import messages as text
from .checking import TIME_LIMIT, Exercise, Mistake, Verdict, check, is_seed, plain_number
from .handed_activations import ACTIVATION_PAIRS, sigmoid, sigmoid_prime
from .list_slips import reversed_layers, swapped_pair
from .rules import slope_code

SUSPECT_SIZES = (3, 5, 4, 4, 2)  # the network of notebook 05's exercise: layers 0 to 3
EQUATIONS = ("BP1", "BP2", "BP3", "BP4")


# --- backprop with switches ----------------------------------------------------------------------------------


def _forward(weights, biases, x, activate):
    zs, activations = [], [x]
    for W, b in zip(weights, biases):
        zs.append(W @ activations[-1] + b)
        activations.append(activate(zs[-1]))
    return zs, activations


def _backprop(weights, biases, x, y, activate, activate_derivative, slip=lambda layer: None):
    """Backprop of the quadratic cost for one sample, any depth. ``slip(layer)`` names the usual mistake made
    at that layer ("output no factor", "flipped sign", "hidden no factor", "activate for slope", "slope at a",
    "slope of the next layer", "z for a", "sigmoid slope", "a(1 - a)") or None."""
    zs, activations = _forward(weights, biases, x, activate)
    last = len(weights) - 1

    def slope(layer):
        if slip(layer) == "sigmoid slope":
            return sigmoid_prime(zs[layer])
        if slip(layer) == "a(1 - a)":  # the sigmoid's slope written from its output, whatever activate is
            return activations[layer + 1] * (1.0 - activations[layer + 1])
        return activate_derivative(zs[layer])

    delta = slope(last) * (activations[-1] - y)
    if slip(last) == "output no factor":
        delta = activations[-1] - y
    if slip(last) == "flipped sign":
        delta = -delta
    bias_grads, weight_grads = [None] * len(weights), [None] * len(weights)
    for layer in range(last, -1, -1):
        bias_grads[layer] = delta
        a_in = zs[layer - 1] if slip(layer) == "z for a" and layer > 0 else activations[layer]
        weight_grads[layer] = np.outer(delta, a_in)
        if layer > 0:
            below, passed_back = layer - 1, weights[layer].T @ delta
            factor = {
                "hidden no factor": 1.0,
                "activate for slope": activate(zs[below]),
                "slope at a": activate_derivative(activations[layer]),
                "slope of the next layer": slope(layer),
            }.get(slip(below), slope(below))
            delta = passed_back * factor
    return bias_grads, weight_grads


# --- exercise 1: the suspect, and naming its slip ------------------------------------------------------------


class Slip(NamedTuple):
    """Where a suspect's slip is: ``layer`` (from 0), ``equation`` ("BP1", "BP2" or "BP4") and ``kind``, one of
    ``_backprop``'s mistakes."""

    layer: int
    equation: str
    kind: str


def planted_slip(seed: int, n_layers: int = len(SUSPECT_SIZES) - 1) -> Slip:
    """The slip that ``suspect_backprop(seed)`` plants in a network of ``n_layers`` layers: a layer drawn at
    random, then an equation that can go wrong there (BP1 only at the output, BP2 only below it, BP4 from layer
    1 on, where a z of the layer below exists to be taken for its a)."""
    rng = np.random.default_rng([seed, 5])
    last = n_layers - 1
    layer = int(rng.integers(n_layers))
    equations = (["BP1"] if layer == last else ["BP2"]) + (["BP4"] if layer > 0 else [])
    equation = str(rng.choice(equations))
    kinds = {
        "BP1": ("output no factor", "flipped sign"),
        "BP2": ("hidden no factor", "activate for slope", "slope at a"),
        "BP4": ("z for a",),
    }[equation]
    return Slip(layer, equation, str(rng.choice(kinds)))


def suspect_backprop(seed: int = 0):
    """A backprop ``suspect(weights, biases, x, y)`` for sigmoid networks and the quadratic cost, one sample,
    returning ``(bias_grads, weight_grads)`` as ``bplib.backprop`` does, but with one slip planted in one layer,
    chosen by ``seed`` (see ``planted_slip``; in a network of another depth than notebook 05's, a BP1 slip stays
    at the output, and another keeps its layer where the network has one where it can be made, else moves to the
    nearest such layer, if any)."""
    seed = _checked_seed(seed)

    def suspect(weights, biases, x, y):
        n_layers = len(weights)
        slip = planted_slip(seed)
        layer = n_layers - 1 if slip.equation == "BP1" else min(slip.layer, n_layers - 1)
        if slip.equation == "BP2":
            layer = min(layer, n_layers - 2)
        if slip.equation == "BP4":
            layer = max(layer, 1) if n_layers > 1 else -1
        return _backprop(weights, biases, np.asarray(x, float), np.asarray(y, float), sigmoid, sigmoid_prime,
                         slip=lambda l: slip.kind if l == layer else None)

    suspect.__name__ = suspect.__qualname__ = "suspect_backprop"
    return suspect


def _checked_seed(seed) -> int:
    if not is_seed(seed):
        raise ValueError(f"seed must be a whole number, 0 or more; got {checking.shown_plainly(seed)}")
    return plain_number(seed)


def check_slip_found(slip_layer, slip_equation, seed=0) -> Verdict:
    """05, exercise 2: ``slip_layer`` (0 to 3) and ``slip_equation`` ("BP1" to "BP4") name where
    ``suspect_backprop(seed)`` has its slip in notebook 05's 3-5-4-4-2 network. Never raises: any answer gets a
    verdict."""
    title = text.say(text.SLIP_TITLE)
    try:
        seed = _checked_seed(seed)
    except ValueError:
        return Verdict(title, "error", text.say(text.BAD_SEED, got=_shown(seed)), "bad argument")
    if slip_layer is Ellipsis or slip_equation is Ellipsis:
        return Verdict(title, "not done", text.say(text.SLIP_NOT_DONE), "not done")
    layer, equation = _read_layer(slip_layer), _read_equation(slip_equation)
    n_layers = len(SUSPECT_SIZES) - 1
    if layer is None or not 0 <= layer < n_layers:
        return Verdict(title, "wrong", text.say(text.SLIP_BAD_LAYER, got=_shown(slip_layer), last=n_layers - 1),
                       "bad argument")
    if equation is None:
        return Verdict(title, "wrong", text.say(text.SLIP_BAD_EQUATION, got=_shown(slip_equation)), "bad argument")
    slip = planted_slip(seed)
    if (layer, equation) == (slip.layer, slip.equation):
        return Verdict(title, "correct", text.say(text.SLIP_FOUND, layer=layer, equation=equation), "correct")
    mistake, message = _misreading(slip, layer, equation)
    return Verdict(title, "known mistake" if mistake else "wrong", message, "mistake" if mistake else "values",
                   mistake=mistake)


def _misreading(slip: Slip, layer: int, equation: str) -> tuple[str | None, str]:
    """The usual misreadings of a gradient-check table, named; otherwise a plain 'not there'."""
    last = len(SUSPECT_SIZES) - 2
    spreads = slip.equation in ("BP1", "BP2")  # a wrong delta: its rows and every row below fail
    if spreads and layer < slip.layer:
        return "lowest failing layer", text.say(text.SLIP_BELOW)
    if layer == slip.layer and equation == "BP3":
        return "BP3", text.say(text.SLIP_BP3)
    if layer == slip.layer and equation == "BP4":
        return "delta read as weights", text.say(text.SLIP_DELTA_AS_WEIGHTS)
    if layer == slip.layer and equation in ("BP1", "BP2"):
        if slip.equation == "BP4":
            return "weights read as delta", text.say(text.SLIP_WEIGHTS_AS_DELTA)
        return "BP1 or BP2", text.say(text.SLIP_OUTPUT_OR_HIDDEN, last=last)
    return None, text.say(text.SLIP_NOT_THERE)


def _read_layer(value) -> int | None:
    """A layer given as a whole number (2, 2.0) or as text ("2"), read by the base types only (``plain_number``)."""
    number = plain_number(value)
    if isinstance(number, float) and number.is_integer():
        return int(number)
    if isinstance(number, int):
        return number
    if isinstance(value, str):
        try:
            return int(str.__str__(value))  # "2", " 2 ", "-1"; not "--1" or "²", which isdigit lets by
        except ValueError:
            return None
    return None


def _read_equation(value) -> str | None:
    number = plain_number(value)
    if isinstance(number, int) and 1 <= number <= 4:
        return f"BP{number}"
    if not isinstance(value, str):
        return None
    name = str.__str__(value).strip().upper().replace(" ", "")
    return name if name in EQUATIONS else None


def _shown(value) -> str:
    return checking.shown_plainly(value)


# --- exercise 2: backprop for any depth and any activation ---------------------------------------------------


def _depth_cases(seed: int) -> list[dict]:
    """Four networks, 1 to 5 layers deep (a single layer has no BP2 step), random widths, one activation each;
    the first of equal widths, where a slope taken at the wrong layer still has the right shape (a mistake is
    named from the cases it answers, so it must answer the first)."""
    rng = np.random.default_rng([seed, 50])
    depths = (4, 3, 1, 5)
    cases = []
    for n, (depth, (activate, slope)) in enumerate(zip(depths, ACTIVATION_PAIRS)):
        widths = [int(rng.integers(2, 6))] * (depth + 1) if n == 0 else list(rng.integers(2, 6, size=depth + 1))
        weights, biases = random_network([int(w) for w in widths], seed=rng)
        biases = [b + rng.normal(scale=0.5, size=b.shape) for b in biases]  # zs away from 0, where slopes differ
        cases.append({
            "weights": weights, "biases": biases, "x": rng.normal(size=widths[0]),
            "y": rng.uniform(-0.5, 1.0, size=widths[-1]), "activate": activate, "activate_derivative": slope,
        })
    return cases


def _with(kind: str):
    """The usual mistake ``kind`` made at every layer (it is a slip in the loop, not in one layer)."""
    return lambda **case: _backprop(**case, slip=lambda layer: kind)


def _sigmoid_network(**case):
    """What bplib.backprop gives (it knows only its named activations): the slopes of a sigmoid network."""
    return _backprop(**dict(case, activate=sigmoid, activate_derivative=sigmoid_prime))


def _nudged(case: dict):
    """Centred nudges of every bias and weight, with the case's own activation (which bplib does not know)."""
    weights, biases = [w.copy() for w in case["weights"]], [b.copy() for b in case["biases"]]

    def cost(_):
        _, activations = _forward(weights, biases, case["x"], case["activate"])
        return 0.5 * float(np.sum((activations[-1] - case["y"]) ** 2))

    return [numerical_gradient_of(cost, b) for b in biases], [numerical_gradient_of(cost, w) for w in weights]


ANY_DEPTH = Exercise(
    name="backprop_any_depth",
    title=text.ANY_DEPTH_TITLE,
    make_cases=_depth_cases,
    reference=_backprop,
    mistakes=(
        Mistake("output missing factor", _with("output no factor"), text.ANY_DEPTH_OUTPUT_NO_FACTOR),
        Mistake("flipped sign", _with("flipped sign"), text.ANY_DEPTH_FLIPPED_SIGN),
        Mistake("missing factor", _with("hidden no factor"), text.ANY_DEPTH_HIDDEN_NO_FACTOR),
        Mistake("activate for its slope", _with("activate for slope"), text.ANY_DEPTH_ACTIVATE_FOR_SLOPE),
        Mistake("slope at a", _with("slope at a"), text.ANY_DEPTH_SLOPE_AT_A),
        Mistake("slope of the next layer", _with("slope of the next layer"), text.ANY_DEPTH_NEXT_LAYER_SLOPE),
        Mistake("z for a", _with("z for a"), text.ANY_DEPTH_Z_FOR_A),
        Mistake("sigmoid written in", _with("sigmoid slope"), text.ANY_DEPTH_SIGMOID_SLOPE),
        Mistake("a(1 - a)", _with("a(1 - a)"), text.ANY_DEPTH_A_ONE_MINUS_A),
        Mistake("a sigmoid network", _sigmoid_network, text.ANY_DEPTH_SIGMOID_NETWORK),
        Mistake("reversed layers", reversed_layers(_backprop), text.ANY_DEPTH_REVERSED),
        Mistake("swapped pair", swapped_pair(_backprop), text.GRADIENTS_SWAPPED),
    ),
    parts=("bias_grads", "weight_grads"),
    shape_hint=text.GRADIENT_SHAPES,
    nudged=_nudged,
    confirm=text.BACKPROP_CONFIRM,
    may_not_call=slope_code,
    calls_forbidden=text.BACKPROP_CALLS_FORBIDDEN,
)

EXERCISES = (ANY_DEPTH,)


def check_backprop_any_depth(backprop_any_depth, seed=0, time_limit=TIME_LIMIT) -> Verdict:
    """05, exercise 3: ``backprop_any_depth(weights, biases, x, y, activate, activate_derivative)`` returns
    ``(bias_grads, weight_grads)`` of the quadratic cost for one sample, for a network of any depth whose every
    layer applies ``activate`` (with slope ``activate_derivative``): lists shaped like biases and weights."""
    return check(ANY_DEPTH, backprop_any_depth, seed, time_limit)
