"""A hint for a notebook run out of order: in a fresh kernel, a later cell run first fails with a bare
``NameError: name 'exercises' is not defined``; this adds one line saying to run the cells above first.

An IPython extension, loaded into every kernel of this project's environment by the ``ipython_kernel_config.py``
that ``run.py`` (or Binder's ``postBuild``) writes there. Only a plain NameError raised by the notebook's own
code gets the hint; the original traceback is shown unchanged, and the hint comes after it.
"""

from __future__ import annotations

import sys
from types import TracebackType

HINT = (
    "Hint: if `{name}` is made by a cell above, run the cells above first, starting with the first one "
    "(the imports): Run > Run All Above Selected Cell, or Kernel > Restart Kernel and Run All Cells."
)


def hint_for(error: BaseException, tb: TracebackType | None, notebook_namespace: dict) -> str | None:
    """The hint for ``error``, or None unless it is a NameError (not an UnboundLocalError) raised where the
    code runs in ``notebook_namespace``: a cell, or a function a cell defined, not a library."""
    if type(error) is not NameError or tb is None:
        return None
    while tb.tb_next is not None:
        tb = tb.tb_next
    if tb.tb_frame.f_globals is not notebook_namespace:
        return None
    return HINT.format(name=getattr(error, "name", None) or "that name")


def _show_with_hint(shell, etype, value, tb, tb_offset=None) -> None:
    """IPython's custom exception handler: the usual traceback (it also marks the cell as failed), then the hint."""
    shell.showtraceback((etype, value, tb), tb_offset=tb_offset)
    hint = hint_for(value, tb, shell.user_ns)
    if hint:
        print(hint, file=sys.stderr)


def load_ipython_extension(shell) -> None:
    shell.set_custom_exc((NameError,), _show_with_hint)


def unload_ipython_extension(shell) -> None:
    shell.set_custom_exc((), None)
