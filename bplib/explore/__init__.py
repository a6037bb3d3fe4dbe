"""What the learner sees: colours and static figures, the live figure, and the interactive explorers.

The layer above the math: it draws with matplotlib and builds widgets with ipywidgets, and calls ``bplib``'s
math; the math never imports it. ``style`` (colours, and fonts that follow ``bplib.set_language``), ``plots``
and ``graphs`` (static figures), ``live_figure`` (fast redraws), ``views`` (the numbers an explorer shows, as
plain functions), one module per explorer, and ``cell_order_hint`` (a kernel extension).

The explorers load on first use (``from bplib.explore import TrainingExplorer``), so importing this package
alone, as the kernel hint does at every start, loads neither matplotlib nor ipywidgets.
"""

from importlib import import_module

_EXPLORERS = {
    "HiddenLayerExplorer": "hidden_layer_explorer",
    "NudgeExplorer": "nudge_explorer",
    "OuterProductExplorer": "outer_product_explorer",
    "OutputLayerExplorer": "output_layer_explorer",
    "TrainingExplorer": "training_explorer",
}

__all__ = sorted(_EXPLORERS)


def __getattr__(name: str):
    if name in _EXPLORERS:
        return getattr(import_module(f".{_EXPLORERS[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
