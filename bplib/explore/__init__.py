"""What the learner sees: colours and static figures, the live figure, and the interactive explorers.

The layer above the math: it draws with matplotlib and builds widgets with ipywidgets, and calls ``bplib``'s
math; the math never imports it. ``style`` (colours, and fonts that follow ``bplib.set_language``), ``plots``
and ``graphs`` (static figures), ``live_figure`` (fast redraws), ``views`` (the numbers an explorer shows, as
plain functions, on ``checked_once`` kernels), ``explorer_base`` (the wiring every explorer shares), one module
per explorer, ``explorers`` (the registry of them all) and ``cell_order_hint`` (a kernel extension).

The explorers load on first use (``from bplib.explore import TrainingExplorer``), so importing this package
alone, as the kernel hint does at every start, loads neither matplotlib nor ipywidgets.
"""

from .explorers import EXPLORERS

__all__ = list(EXPLORERS)


def __getattr__(name: str):
    if name in EXPLORERS:
        from . import explorers

        return getattr(explorers, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
