"""The article's helpers, one for one, on plain Python lists of floats; and those of the series' second program.

The article stores a layer's weights as one flat list in column-major order: the entry for row ``i``
(output ``i``) and column ``k`` (input ``k``) sits at index ``i + k * n_rows``. These functions follow its
code line by line (with its slips fixed, unless ``as_written=True`` asks for the article's version), so a
learner can set them beside the numpy versions in ``bplib.network`` and see that they agree.

The last section does the same for the series' second program, ``examples/deep_learning_relu_softmax.pl``
(ReLU hidden layers, a softmax output): its softmax, its output delta and the cost it prints, each fixed unless
``as_written=True`` (slips S12-S15), and ``SERIES_SOFTMAX_AS_WRITTEN``, a cost that makes ``bplib.backprop`` and
``bplib.train`` compute the script's gradients.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from . import activations
from .activations import ELEMENTWISE, get_activation, relu_prime
from .costs import Cost, categorical_cross_entropy, cross_entropy, cross_entropy_derivative
from .validation import as_bool, check_choice, describe, quietly


def _check_list(values, name: str) -> list[float]:
    """``values`` as a list of finite floats: a list, a tuple or a 1-D array of real numbers."""
    if isinstance(values, np.ndarray):
        if values.ndim != 1:
            raise TypeError(f"{name} must be a list of numbers (or a 1-D array), got an array of shape {values.shape}")
    elif not isinstance(values, (list, tuple)):
        raise TypeError(f"{name} must be a list of numbers, got {describe(values)}")
    return [_check_number(v, f"{name}[{i}]") for i, v in enumerate(values)]


def _check_number(value, name: str) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {describe(value)}")
    try:
        value = float(value)
    except OverflowError:
        raise ValueError(f"{name} must be finite, got a number beyond float64's 1.8e308") from None
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    return value


def _finite(values: list[float], name: str) -> list[float]:
    """``values``, computed by a helper, if all are finite: Python's float arithmetic overflows to inf silently."""
    if not all(math.isfinite(v) for v in values):
        raise ValueError(f"{name} overflows float64 (beyond 1.8e308): the numbers given are too large")
    return values


def _check_same_length(a: list, b: list, names: str) -> None:
    if len(a) != len(b):
        raise ValueError(f"{names} must have the same length, got {len(a)} and {len(b)}")


def vec_add(a, b) -> list[float]:
    """The element-wise sum a + b (the article calls it a product: it is a sum, slip S1)."""
    a, b = _check_list(a, "a"), _check_list(b, "b")
    _check_same_length(a, b, "a and b")
    return _finite([x + y for x, y in zip(a, b)], "a + b")


def vec_sub(a, b) -> list[float]:
    """The element-wise difference a - b."""
    a, b = _check_list(a, "a"), _check_list(b, "b")
    _check_same_length(a, b, "a and b")
    return _finite([x - y for x, y in zip(a, b)], "a - b")


def mat_mul(weights, inputs) -> list[float]:
    """The matrix-vector product W x, with W given flat in column-major order.

    ``weights`` has ``n_rows * len(inputs)`` entries; output ``i`` is sum_k weights[i + k * n_rows] * inputs[k].
    """
    weights, inputs = _check_list(weights, "weights"), _check_list(inputs, "inputs")
    n_rows = _rows_of(weights, inputs)
    products = [sum(weights[i + k * n_rows] * inputs[k] for k in range(len(inputs))) for i in range(n_rows)]
    return _finite(products, "weights x inputs")


def _rows_of(weights: list[float], inputs: list[float]) -> int:
    if len(inputs) == 0 or len(weights) % len(inputs) != 0 or len(weights) == 0:
        raise ValueError(
            f"weights must hold (number of outputs) x len(inputs) = n x {len(inputs)} entries, got {len(weights)}"
        )
    return len(weights) // len(inputs)


def _elementwise(activation: str):
    """The activation named, if it acts on each output alone (the softmax, which couples them, is ``softmax``)."""
    return get_activation(check_choice(activation, "activation", ELEMENTWISE))


def activate(outputs, activation: str = "sigmoid") -> list[float]:
    """The activation applied to each output (the article's ``activate``)."""
    act = _elementwise(activation)
    return [float(act.activate(np.float64(v))) for v in _check_list(outputs, "outputs")]


def activate_derivative(output: float, activation: str = "sigmoid") -> float:
    """The activation's slope at one output value (the article's ``activate_derivative``)."""
    return float(_elementwise(activation).activate_derivative(np.float64(_check_number(output, "output"))))


def cost(differences) -> float:
    """The article's cost of ``vec_sub(desired_outputs, activate_outputs)``: 1/2 sum d^2."""
    return _finite([0.5 * sum(d * d for d in _check_list(differences, "differences"))], "1/2 sum of differences^2")[0]


def cost_derivative(desired: float, activated: float) -> float:
    """d cost / d activated for one output, = activated - desired (not desired - activated: slip S4)."""
    desired, activated = _check_number(desired, "desired"), _check_number(activated, "activated")
    return _finite([activated - desired], "activated - desired")[0]


def output_bias_grads(
    outputs, desired_outputs, activate_outputs, activation="sigmoid", as_written=False
) -> list[float]:
    """The final layer's bias gradients: activate_derivative(outputs[i]) * cost_derivative(desired[i], a[i]).

    ``as_written=True`` runs the article's loop as printed, which reads index 0 on every pass (slip S2) and
    so returns copies of gradient 0.
    """
    as_written = as_bool(as_written, "as_written")
    outputs = _check_list(outputs, "outputs")
    desired = _check_list(desired_outputs, "desired_outputs")
    activated = _check_list(activate_outputs, "activate_outputs")
    _check_same_length(outputs, desired, "outputs and desired_outputs")
    _check_same_length(outputs, activated, "outputs and activate_outputs")
    bias_grads = []
    for i in range(len(outputs)):
        j = 0 if as_written else i
        bias_grads.append(activate_derivative(outputs[j], activation) * cost_derivative(desired[j], activated[j]))
    return bias_grads


def weight_grads(bias_grads, inputs) -> list[float]:
    """Weight gradients, flat column-major: entry ``bias_index + input_index * len(bias_grads)``
    holds bias_grads[bias_index] * inputs[input_index]. This is the outer product of the bias gradients
    (a column) with the inputs (a row), stored column by column.
    """
    bias_grads, inputs = _check_list(bias_grads, "bias_grads"), _check_list(inputs, "inputs")
    n_biases = len(bias_grads)
    grads = [0.0] * (n_biases * len(inputs))
    for input_index in range(len(inputs)):
        for bias_index in range(n_biases):
            grads[bias_index + input_index * n_biases] = bias_grads[bias_index] * inputs[input_index]
    return _finite(grads, "bias_grads x inputs")


def hidden_bias_grads(next_bias_grads, next_weights, outputs, activation="sigmoid", as_written=False) -> list[float]:
    """A hidden layer's bias gradients from the next layer's.

    Bias gradient j = the dot product of the next layer's bias gradients 0..n with column j, rows 0..n, of the
    next layer's weights (a contiguous slice of the flat column-major list), times
    activate_derivative(outputs[j]). ``as_written=True`` leaves that last factor out, as the article does
    (slip S3).
    """
    as_written = as_bool(as_written, "as_written")
    deltas = _check_list(next_bias_grads, "next_bias_grads")
    weights = _check_list(next_weights, "next_weights")
    outputs = _check_list(outputs, "outputs")
    n_next = len(deltas)
    if n_next == 0 or len(weights) != n_next * len(outputs):
        raise ValueError(
            f"next_weights must hold len(next_bias_grads) x len(outputs) = {n_next} x {len(outputs)} entries, "
            f"got {len(weights)}"
        )
    grads = []
    for j in range(len(outputs)):
        column = weights[j * n_next : (j + 1) * n_next]
        dot = sum(d * w for d, w in zip(deltas, column))
        grads.append(dot if as_written else dot * activate_derivative(outputs[j], activation))
    return _finite(grads, "next_bias_grads x next_weights")


def to_column_major(matrix) -> list[float]:
    """Flatten a matrix (a list of rows, or a 2-D array) column by column."""
    if not isinstance(matrix, (list, tuple, np.ndarray)) or (isinstance(matrix, np.ndarray) and matrix.ndim != 2):
        raise TypeError(f"matrix must be a list of rows or a 2-D array, got {describe(matrix)}")
    rows = [_check_list(row, f"matrix[{i}]") for i, row in enumerate(matrix)]
    if not rows or not rows[0] or any(len(r) != len(rows[0]) for r in rows):
        lengths = [len(r) for r in rows]
        raise ValueError(f"matrix must be a non-empty list of rows of equal length, got row lengths {lengths}")
    return [rows[i][k] for k in range(len(rows[0])) for i in range(len(rows))]


def from_column_major(flat, n_rows: int) -> list[list[float]]:
    """The matrix (a list of rows) whose column-major flattening is ``flat``."""
    flat = _check_list(flat, "flat")
    if isinstance(n_rows, bool) or not isinstance(n_rows, numbers.Integral) or n_rows < 1 or len(flat) % n_rows:
        raise ValueError(f"n_rows must be a positive whole number dividing len(flat) = {len(flat)}, got {n_rows!r}")
    n_rows = int(n_rows)
    n_cols = len(flat) // n_rows
    return [[flat[i + k * n_rows] for k in range(n_cols)] for i in range(n_rows)]


# --- The series' second program: ReLU hidden layers and a softmax output (slips S12-S15) -------------------------
#
# Its key lines (Perl): the output delta is array_relu_derivative($last_outputs) times
# softmax_cross_entropy_cost_derivative($last_activate_outputs, $desired_outputs), which returns
# ($softmax_outputs->[$i] - $desired_outputs->[$i]) / $length; the cost it prints is cross_entropy_cost, the binary
# one, cross_entropy_cost($vec_a, $vec_y); its softmax is exp($nums->[$i]) / $exp_total. The helpers below take
# their arguments in the script's order: the outputs first, the desired outputs last (the article's
# cost_derivative above takes desired first, as the article does).


def softmax(outputs, as_written=False) -> list[float]:
    """The softmax of a layer's outputs z: e^(z_i - max z) / sum_j e^(z_j - max z), which sum to 1.

    ``as_written=True`` computes e^(z_i) / sum_j e^(z_j), as the script does (S15): e^z overflows to inf from
    z = 709.79 on, and inf / inf is NaN. The one helper whose result may be NaN: that is the slip it shows.
    """
    as_written = as_bool(as_written, "as_written")
    z = np.array(_check_list(outputs, "outputs"))
    if len(z) == 0:
        raise ValueError("outputs must hold at least one number")
    return [float(p) for p in (_naive_softmax(z) if as_written else activations.softmax(z))]


@quietly  # the overflow is the point: no RuntimeWarning, the inf and NaN show in the result
def _naive_softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z)
    return e / np.sum(e)


def softmax_cross_entropy_cost_derivative(softmax_outputs, desired_outputs, as_written=False) -> list[float]:
    """The script's sub of this name: dC/dz of the categorical cross-entropy through the softmax, p - y.

    ``as_written=True`` divides by the number of outputs, as the script does (S13): a step 1/n as large.
    """
    as_written = as_bool(as_written, "as_written")
    p = _check_list(softmax_outputs, "softmax_outputs")
    y = _check_list(desired_outputs, "desired_outputs")
    _check_same_length(p, y, "softmax_outputs and desired_outputs")
    n = len(p) if as_written else 1
    return _finite([(p_i - y_i) / n for p_i, y_i in zip(p, y)], "softmax_outputs - desired_outputs")


def softmax_output_bias_grads(outputs, softmax_outputs, desired_outputs, as_written=False) -> list[float]:
    """The output layer's bias gradients (its delta) for a softmax with the categorical cross-entropy: p - y.

    ``as_written=True`` computes the script's: relu'(z_i) * (p_i - y_i) / n, the ReLU derivative of the output
    layer's own z (S12: a unit with z <= 0 gets no delta, though the softmax has no such kink) times
    ``softmax_cross_entropy_cost_derivative`` as written (S13).
    """
    as_written = as_bool(as_written, "as_written")
    z = _check_list(outputs, "outputs")
    derivative = softmax_cross_entropy_cost_derivative(softmax_outputs, desired_outputs, as_written)
    _check_same_length(z, derivative, "outputs and softmax_outputs")
    if not as_written:
        return derivative
    return [float(relu_prime(np.float64(z_i))) * d for z_i, d in zip(z, derivative)]


def cross_entropy_cost(activate_outputs, desired_outputs, as_written=False) -> float:
    """The cost of softmax outputs p: the categorical cross-entropy -sum_i y_i ln p_i, the cost whose delta is
    p - y (kept finite where p_i rounds to 0; exact from z: ``bplib.costs.categorical_cross_entropy_from_logits``).

    ``as_written=True`` computes what the script prints (S14), the binary cross-entropy
    -sum_i [y_i ln p_i + (1 - y_i) ln(1 - p_i)], taking both logarithms of every output as the script does (S15):
    where some p_i is 0 or 1, the script stops with Perl's "Can't take log of 0", and so does this, with a
    ValueError saying which output.
    """
    as_written = as_bool(as_written, "as_written")
    p = _check_list(activate_outputs, "activate_outputs")
    y = _check_list(desired_outputs, "desired_outputs")
    _check_same_length(p, y, "activate_outputs and desired_outputs")
    if as_written:
        return _script_binary_cross_entropy(y, p)
    for values, name in ((p, "activate_outputs"), (y, "desired_outputs")):
        outside = [i for i, v in enumerate(values) if not 0 <= v <= 1]
        if outside:
            i = outside[0]
            raise ValueError(f"{name} must lie between 0 and 1 (probabilities), got {values[i]!r} at {name}[{i}]")
    return _finite([float(categorical_cross_entropy(np.array(y), np.array(p)))], "the categorical cross-entropy")[0]


def _script_binary_cross_entropy(y: list[float], p: list[float]) -> float:
    total = 0.0
    for i, (y_i, p_i) in enumerate(zip(y, p)):
        for argument, written in ((p_i, "p"), (1 - p_i, "1 - p")):
            if argument <= 0:
                raise ValueError(
                    f"activate_outputs[{i}] = {p_i:g} stops the script: it takes ln({written}) = ln({argument:g}), "
                    f'and Perl says "Can\'t take log of {argument:g}" (compute the cost from z, with log-softmax)'
                )
        total += -y_i * math.log(p_i) - (1 - y_i) * math.log(1 - p_i)
    return _finite([total], "the binary cross-entropy")[0]


def _series_output_delta(z, p, desired, activation) -> np.ndarray:
    """The script's output delta, on the network's checked arrays: relu'(z) * (p - y) / n_out (S12, S13)."""
    return relu_prime.__wrapped__(z) * (p - desired) / z.shape[-1]


def _series_printed_cost(z, p, desired) -> np.ndarray:
    """The binary cross-entropy of the softmax outputs, what the script prints (S14); kept finite where p rounds
    to 0 or 1, so that training can report it (the script itself stops there)."""
    return cross_entropy.__wrapped__(desired, p)


SERIES_SOFTMAX_AS_WRITTEN = Cost(
    "series_softmax_as_written",
    cross_entropy,
    cross_entropy_derivative,
    _series_output_delta,
    _series_printed_cost,
    output_activation="softmax",
    desired_range=(0.0, 1.0),
)
"""The series' second program as a cost: pass ``cost=SERIES_SOFTMAX_AS_WRITTEN`` (with a softmax last layer) to
``bplib.backprop``, ``bplib.train`` or a ``Trainer`` and they compute the script's gradients, from its output
delta relu'(z) (p - y) / n_out (S12, S13), and report the cost it prints, the binary cross-entropy (S14). Its
gradients are those of no cost: ``bplib.gradient_check`` fails with it, against either cross-entropy."""
