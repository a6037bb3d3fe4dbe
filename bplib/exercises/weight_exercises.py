"""Notebook 03's exercises: the weight slopes of a layer from its bias slopes and its inputs, first as the
article's flat column-major list, then as the (n_out, n_in) matrix, the outer product, and last for a batch of
samples, whose total loss has the sum of their outer products as its slopes: one matrix product.

A right answer is confirmed by nudging every weight of a layer whose bias slopes are ``bias_grads``: identity
units, no weights or biases of their own, and desired outputs -bias_grads, so that delta = a - y = bias_grads.
"""

from __future__ import annotations

import dis

import numpy as np

from .. import numerical_gradient
from . import messages as text
from .checking import TIME_LIMIT, Exercise, Mistake, Verdict, check
from .rules import code_objects


def _weight_cases(seed: int, sizes) -> list[dict]:
    rng = np.random.default_rng(seed)
    return [{"bias_grads": rng.normal(size=n_out), "inputs": rng.normal(size=n_in)} for n_out, n_in in sizes]


def _as_lists(cases: list[dict]) -> list[dict]:
    return [{name: value.tolist() for name, value in case.items()} for case in cases]


def nudged_weight_slopes(bias_grads, inputs) -> np.ndarray:
    """The (n_out, n_in) weight slopes of a layer whose bias slopes are ``bias_grads``, by centred nudges."""
    bias_grads, inputs = np.asarray(bias_grads, dtype=float), np.asarray(inputs, dtype=float)
    shape = (len(bias_grads), len(inputs))
    weights, biases = [np.zeros(shape)], [np.zeros(len(bias_grads))]
    return numerical_gradient(weights, biases, inputs, -bias_grads, activation="identity", kind="weight", layer=0)


def _column_major(bias_grads, inputs):
    return np.outer(bias_grads, inputs).ravel(order="F")


def _row_major(bias_grads, inputs):
    return np.outer(bias_grads, inputs).ravel(order="C")


def _outer(bias_grads, inputs):
    return np.outer(bias_grads, inputs)


FLAT = Exercise(
    name="weight_grads_flat",
    title=text.WEIGHTS_FLAT_TITLE,
    make_cases=lambda seed: _as_lists(_weight_cases(seed, ((3, 4), (2, 5), (4, 3)))),
    reference=_column_major,
    mistakes=(
        Mistake("row-major", _row_major, text.WEIGHTS_ROW_MAJOR),
        Mistake(
            "index 0",
            lambda bias_grads, inputs: _column_major(np.full(len(bias_grads), bias_grads[0]), inputs),
            text.WEIGHTS_INDEX_0,
        ),
    ),
    shape_hint=text.WEIGHTS_FLAT_SHAPE,
    nudged=lambda case: nudged_weight_slopes(**case).ravel(order="F"),
    confirm=text.WEIGHTS_CONFIRM,
)

MATRIX = Exercise(
    name="weight_grads_matrix",
    title=text.WEIGHTS_MATRIX_TITLE,
    make_cases=lambda seed: _weight_cases(seed + 1, ((3, 3), (2, 5), (4, 3))),  # square first: .T shows
    reference=_outer,
    mistakes=(
        Mistake("transposed", lambda bias_grads, inputs: np.outer(inputs, bias_grads), text.WEIGHTS_TRANSPOSED),
        Mistake("1-D transpose", lambda bias_grads, inputs: bias_grads @ inputs.T, text.WEIGHTS_1D_TRANSPOSE),
        Mistake("summed", lambda bias_grads, inputs: np.outer(bias_grads, inputs).sum(), text.WEIGHTS_SUMMED),
        Mistake("flat list", _column_major, text.WEIGHTS_FLAT_LIST),
        Mistake("flat list", _row_major, text.WEIGHTS_FLAT_LIST),
    ),
    shape_hint=text.WEIGHTS_MATRIX_SHAPE,
    nudged=lambda case: nudged_weight_slopes(**case),
    confirm=text.WEIGHTS_CONFIRM,
)



# --- a batch: the sum of the samples' outer products, as one matrix product ------------------------------------


def _batch_cases(seed: int) -> list[dict]:
    """(samples, outputs, inputs): a square case first (where a transposed product, or samples paired with
    samples, keeps the shape and runs, so those mistakes can be named), two samples of the article's size, then
    more samples than two."""
    rng = np.random.default_rng(seed + 2)
    return [
        {"deltas": rng.normal(size=(m, n_out)), "inputs": rng.normal(size=(m, n_in))}
        for m, n_out, n_in in ((3, 3, 3), (2, 3, 4), (2, 2, 5), (4, 3, 2))
    ]


def nudged_batch_slopes(deltas, inputs) -> np.ndarray:
    """The (n_out, n_in) slopes of the total loss of the samples (rows) by centred nudges: a layer whose sample s
    has bias slopes deltas[s] (as ``nudged_weight_slopes``), its mean loss's slopes times the number of samples."""
    deltas, inputs = np.asarray(deltas, dtype=float), np.asarray(inputs, dtype=float)
    weights, biases = [np.zeros((deltas.shape[1], inputs.shape[1]))], [np.zeros(deltas.shape[1])]
    mean = numerical_gradient(weights, biases, inputs, -deltas, activation="identity", kind="weight", layer=0)
    return len(deltas) * mean


def _first_two(deltas, inputs):
    return np.outer(deltas[0], inputs[0]) + np.outer(deltas[1], inputs[1])


BATCH = Exercise(
    name="weight_grads_batch",
    title=text.WEIGHTS_BATCH_TITLE,
    make_cases=_batch_cases,
    reference=lambda deltas, inputs: deltas.T @ inputs,
    mistakes=(
        Mistake("transposed", lambda deltas, inputs: inputs.T @ deltas, text.WEIGHTS_BATCH_TRANSPOSED),
        Mistake("samples paired", lambda deltas, inputs: deltas @ inputs.T, text.WEIGHTS_BATCH_SAMPLES_PAIRED),
        Mistake("untransposed", lambda deltas, inputs: deltas @ inputs, text.WEIGHTS_BATCH_UNTRANSPOSED),
        Mistake("mean", lambda deltas, inputs: deltas.T @ inputs / len(deltas), text.WEIGHTS_BATCH_MEAN),
        Mistake(
            "summed first",
            lambda deltas, inputs: np.outer(deltas.sum(axis=0), inputs.sum(axis=0)),
            text.WEIGHTS_BATCH_SUMMED_FIRST,
        ),
        Mistake("first sample", lambda deltas, inputs: np.outer(deltas[0], inputs[0]), text.WEIGHTS_BATCH_FIRST),
        Mistake("first two samples", _first_two, text.WEIGHTS_BATCH_FIRST_TWO),
    ),
    shape_hint=text.WEIGHTS_BATCH_SHAPE,
    nudged=lambda case: nudged_batch_slopes(**case),
    confirm=text.WEIGHTS_BATCH_CONFIRM,
)

JUMPS = set(dis.hasjrel) | set(dis.hasjabs)
LOOPING_BUILTINS = {"map", "reduce"}  # read as globals: the builtin map, functools' reduce imported by name
LOOPING_NUMPY = {"vectorize", "frompyfunc", "apply_along_axis"}  # numpy's loops in Python, by any route
NAME_LOADS = {"LOAD_FAST", "LOAD_DEREF", "LOAD_GLOBAL", "LOAD_NAME"}
BEFORE_AN_INLINED_LOOP = {"LOAD_FAST_AND_CLEAR", "SWAP", "BUILD_LIST", "BUILD_SET", "BUILD_MAP", "NOP", "CACHE"}
MOST_WRITTEN_OUT = 4  # items of a literal a loop may run over and still be a loop over the arguments


def _loops(instructions: list, over_a_few: set[int]) -> bool:
    """Whether a code's ``instructions`` run a loop: a ``for`` (FOR_ITER) or any jump back to an earlier instruction
    (``while``), whatever the Python version calls its jumps; but not the loops at the offsets ``over_a_few``."""
    return any(
        (i.opname == "FOR_ITER" and i.offset not in over_a_few)
        or (i.opcode in JUMPS and isinstance(i.argval, int) and i.argval <= i.offset and i.argval not in over_a_few)
        for i in instructions
    )


def _loops_over_a_few(listing: dict) -> dict:
    """For each code object of ``listing`` (code: its instructions), the offsets of its ``for`` loops over a few
    names written out in the code, such as ``(deltas, inputs)``: a loop over the arguments, not over the samples
    (a tuple of indices, (0, 1, 2), is no such thing). Such a loop is the first FOR_ITER after the GET_ITER of the
    literal (a for loop, or a comprehension inlined, 3.12 on), or, for a comprehension or generator, the first
    FOR_ITER of its own code."""
    few: dict = {code: set() for code in listing}
    for code, instructions in listing.items():
        made = None
        for k, i in enumerate(instructions):
            if i.opname == "LOAD_CONST" and isinstance(i.argval, type(code)):
                made = i.argval  # the comprehension about to be called
            if i.opname != "GET_ITER" or not _names_written_out(instructions[:k]):
                continue
            loop = next((j for j in instructions[k + 1 :] if j.opname not in BEFORE_AN_INLINED_LOOP), None)
            if loop is not None and loop.opname == "FOR_ITER":
                few[code].add(loop.offset)
            elif made in few:
                first = next((j for j in listing[made] if j.opname == "FOR_ITER"), None)
                few[made].update(() if first is None else (first.offset,))
    return few


def _names_written_out(before: list) -> bool:
    """Whether the instructions ``before`` end by building a tuple or list of a few names, ``(deltas, inputs)``
    (3.13 loads two local names in one instruction, LOAD_FAST_LOAD_FAST)."""
    if not before or before[-1].opname not in ("BUILD_TUPLE", "BUILD_LIST"):
        return False
    wanted, loaded = before[-1].arg or 0, 0
    for j in reversed(before[:-1]):
        if loaded >= wanted:
            break
        if j.opname not in NAME_LOADS | {"LOAD_FAST_LOAD_FAST"}:
            return False
        loaded += 2 if j.opname == "LOAD_FAST_LOAD_FAST" else 1
    return 0 < wanted <= MOST_WRITTEN_OUT and loaded == wanted


def _calls_a_loop(instructions: list) -> bool:
    """Whether a code's ``instructions`` read a function that loops for it: the builtin ``map``, ``functools.reduce``
    (not numpy's ``np.add.reduce``), or numpy's ``vectorize``, ``frompyfunc``, ``apply_along_axis``."""
    for before, i in zip([None, *instructions], instructions):
        name = i.argval if isinstance(i.argval, str) else None
        if i.opname in ("LOAD_GLOBAL", "LOAD_NAME") and name in LOOPING_BUILTINS | LOOPING_NUMPY:
            return True
        if i.opname in ("LOAD_ATTR", "LOAD_METHOD") and (name in LOOPING_NUMPY or (
                name == "reduce" and before is not None and before.argval == "functools")):
            return True
    return False


def _how_it_loops(learner) -> str | None:
    """"outer" when ``learner``'s code (its inner functions' too) reads the name ``outer``, "loop" when it runs a
    loop (a for or while loop, a comprehension) or calls one that loops for it (``map``, ``functools.reduce``,
    ``np.vectorize`` ...); None otherwise, or when it has no Python code to read. A loop over a few things written
    out, ``for a in (deltas, inputs)``, is no loop over the samples."""
    try:
        found, listing = set(), {code: list(dis.get_instructions(code)) for code in code_objects(learner)}
        few = _loops_over_a_few(listing)  # each code disassembled once, read three ways
        for code, instructions in listing.items():
            if "outer" in code.co_names:
                found.add("outer")
            if _loops(instructions, few[code]) or _calls_a_loop(instructions):
                found.add("loop")
    except KeyboardInterrupt:
        raise
    except BaseException:  # no __code__ (a builtin, an odd callable), or a hostile one
        return None
    return "outer" if "outer" in found else ("loop" if found else None)


EXERCISES = (FLAT, MATRIX, BATCH)


def check_weight_grads_loop(weight_grads_flat, seed=0, time_limit=TIME_LIMIT) -> Verdict:
    """03, exercise 1: ``weight_grads_flat(bias_grads, inputs)`` (plain lists in) returns the weight slopes as
    one flat list, column-major: entry bias_index + input_index * len(bias_grads) is
    bias_grads[bias_index] * inputs[input_index]."""
    return check(FLAT, weight_grads_flat, seed, time_limit)


def check_weight_grads_matrix(weight_grads_matrix, seed=0, time_limit=TIME_LIMIT) -> Verdict:
    """03, exercise 2: ``weight_grads_matrix(bias_grads, inputs)`` (numpy vectors in) returns the (n_out, n_in)
    matrix of weight slopes, the outer product of bias_grads and inputs."""
    return check(MATRIX, weight_grads_matrix, seed, time_limit)


def check_weight_grads_batch(weight_grads_batch, seed=0, time_limit=TIME_LIMIT) -> Verdict:
    """03, exercise 3: ``weight_grads_batch(deltas, inputs)`` (a row per sample: deltas (m, n_out), inputs (m, n_in))
    returns the (n_out, n_in) slopes of the samples' total loss, the sum of their outer products, as one matrix
    product: deltas.T @ inputs. A right answer reached with np.outer or a loop over the samples is named so."""
    verdict = check(BATCH, weight_grads_batch, seed, time_limit)
    how = _how_it_loops(weight_grads_batch) if verdict.passed else None
    if how is None:
        return verdict
    message = text.WEIGHTS_BATCH_CALLS_OUTER if how == "outer" else text.WEIGHTS_BATCH_LOOPS
    return Verdict(verdict.exercise, "known mistake", text.say(message), "mistake", mistake=how, error=verdict.error)
