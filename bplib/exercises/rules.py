"""What an answer may not call: bplib's code that computes slopes, so that an exercise asking for backprop gets
the learner's own.

``slope_code(code)`` names a function's code (``bplib.network.backprop``) when it is such code, else None; an
``Exercise`` that passes it as ``may_not_call`` has every call its answer makes watched by the engine. Allowed:
numpy, the forward pass (``bplib.forward``, ``bplib.loss``), ``bplib.get_activation``, the engine itself (its
time limit runs in the learner's code) and the solutions (``exercises.solution()`` shows them anyway).
"""

from __future__ import annotations

import os
from pathlib import Path
from types import CodeType

PACKAGE = Path(__file__).parents[1]  # bplib/, spelled as the code objects of its modules spell it
INSIDE = str(PACKAGE) + os.sep
# Whole files whose every function computes or checks slopes, or shows them.
WHOLE_FILES = {PACKAGE / "finite_differences.py", PACKAGE / "input_gradient.py", PACKAGE / "training.py"}
WHOLE_FOLDERS = (PACKAGE / "explore",)
EXERCISES = PACKAGE / "exercises"  # there, the checkers' own slopes (the *_exercises.py modules)
# In these files only the functions whose names hold one of the words: the forward pass stays allowed.
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
    if not forbidden:
        return None
    module = path.relative_to(PACKAGE.parent).with_suffix("")
    return ".".join(module.parts) + "." + getattr(code, "co_qualname", code.co_name)
