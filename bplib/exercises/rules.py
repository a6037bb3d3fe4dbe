"""What an answer may not use: bplib's code that computes slopes (watched as the answer runs), and names its code
reads (read before it runs), so that an exercise asking for a slope gets the learner's own.

``slope_code(code)`` names a function's code (``bplib.network.backprop``) when it is such code, else None; an
``Exercise`` that passes it as ``may_not_call`` has every call its answer makes watched by the engine. Allowed:
numpy, the forward pass (``bplib.forward``, ``bplib.loss``), ``bplib.get_activation``, the engine itself (it reads
the answer under the same watch) and the solutions (``exercises.solution()`` shows them anyway).
"""

from __future__ import annotations

import inspect
import os
from collections.abc import Iterator
from pathlib import Path
from types import CodeType, FunctionType

PACKAGE = Path(__file__).parents[1]  # bplib/, spelled as the code objects of its modules spell it
INSIDE = str(PACKAGE) + os.sep
# Whole files whose every function computes or checks slopes, or shows them.
WHOLE_FILES = {PACKAGE / "finite_differences.py", PACKAGE / "input_gradient.py", PACKAGE / "training.py"}
WHOLE_FOLDERS = (PACKAGE / "explore",)
EXERCISES = PACKAGE / "exercises"  # there, the checkers' own slopes (the *_exercises.py modules)
# In these files only the functions whose names hold one of the words: the forward pass stays allowed.
# Names an answer that computes a slope itself may not read: bplib's ready-made slopes, by whatever route.
NUDGING_FUNCTIONS = ("nudge", "numerical_gradient", "numerical_gradient_of", "nudged_input_gradient",
                     "centred_difference", "forward_difference", "input_gradient", "backprop")
NUDGING_FILES = {PACKAGE / "finite_differences.py", PACKAGE / "input_gradient.py"}
BY_NAME = {PACKAGE / "network.py": ("backprop", "gradient", "delta"), PACKAGE / "article.py": ("grad",)}


def slope_code(code: CodeType) -> str | None:
    """``bplib.network.backprop``, as the learner would import it, if ``code`` computes slopes; else None."""
    if not code.co_filename.startswith(INSIDE):  # the common case, decided at once: not bplib's code
        return None
    path = Path(code.co_filename)
    forbidden = (
        path in WHOLE_FILES
        or any(folder in path.parents for folder in WHOLE_FOLDERS)
        or (path.parent == EXERCISES and path.name.endswith("_exercises.py"))
        or any(word in code.co_name for word in BY_NAME.get(path, ()))
    )
    return _dotted(code, getattr(code, "co_qualname", code.co_name)) if forbidden else None


def nudging_code(code: CodeType) -> str | None:
    """``bplib.finite_differences._centred_slope`` if ``code`` is any function of bplib's nudging, its private
    helpers too (what an exercise that asks for a nudge written by hand may not call); else None."""
    if not code.co_filename.startswith(INSIDE) or Path(code.co_filename) not in NUDGING_FILES:
        return None
    return _dotted(code, getattr(code, "co_qualname", code.co_name))


def activation_slope_code(code: CodeType) -> str | None:
    """``bplib.activations.tanh_prime`` if ``code`` is one of bplib's activation slopes (any ``*_prime``), or
    ``nudging_code`` names it; else None: what an answer asked to derive a slope may not call."""
    if code.co_filename == str(PACKAGE / "activations.py") and "prime" in code.co_name:
        return _dotted(code, code.co_name)
    return nudging_code(code)


def named_bplib_function(code: CodeType, names: frozenset[str]) -> str | None:
    """``bplib.activations.sigmoid_prime`` if ``code`` is one of bplib's functions named in ``names``, else None:
    a name the answer may not read, reached all the same (through an alias, a default argument, a registry)."""
    if code.co_name not in names or not code.co_filename.startswith(INSIDE):
        return None
    return _dotted(code, code.co_name)


def _dotted(code: CodeType, name: str) -> str:
    """``name`` as the learner would import it from the bplib module ``code`` is in: ``bplib.network.backprop``."""
    module = Path(code.co_filename).relative_to(PACKAGE.parent).with_suffix("")
    return ".".join(module.parts) + "." + name


def code_objects(learner) -> Iterator[CodeType]:
    """``learner``'s code and that of the functions defined inside it (comprehensions and lambdas included): a
    function's, a method's, or the ``__call__`` of a callable object's class; AttributeError where there is none.
    Read without running any of the learner's code (a ``__code__`` property could loop for ever)."""
    codes = [_function_of(learner).__code__]
    while codes:
        code = codes.pop()
        yield code
        codes.extend(c for c in code.co_consts if isinstance(c, CodeType))


def _function_of(learner) -> FunctionType:
    """The Python function behind ``learner``: itself, a bound method's, or its class's ``__call__``."""
    function = inspect.getattr_static(learner, "__func__", learner)  # a bound method: its function
    if not isinstance(function, FunctionType):
        function = inspect.getattr_static(type(learner), "__call__", None)
    if not isinstance(function, FunctionType):
        raise AttributeError("no Python code to read")
    return function


def own_helpers(learner, names: set[str]) -> set[str]:
    """Those of ``names`` that ``learner``'s module binds to a function written outside bplib: a helper of the
    learner's own that happens to be called ``nudge`` is no shortcut (bplib's, called, is still caught by the
    watch). Read from the function's globals, a plain dict, without running any of the learner's code."""
    try:
        module = FunctionType.__globals__.__get__(_function_of(learner))
        found = (dict.get(module, name) for name in names)
        return {name for name, value in zip(names, found)
                if type(value) is FunctionType and not value.__code__.co_filename.startswith(INSIDE)}
    except KeyboardInterrupt:
        raise
    except BaseException:  # no Python code of its own
        return set()


def names_read(learner) -> set[str]:
    """The global and attribute names ``learner``'s code reads (``np``, ``exp``, ``nudge``), its inner functions'
    too; empty when it has no Python code to read (a builtin, an odd callable). Never raises but for the
    kernel's interrupt."""
    try:
        return {name for code in code_objects(learner) for name in code.co_names if isinstance(name, str)}
    except KeyboardInterrupt:
        raise
    except BaseException:  # no __code__, or a hostile one
        return set()
