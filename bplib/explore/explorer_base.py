"""What every explorer shares: controls above one live picture and a table of numbers, and the slider they use.

An explorer is an ipywidgets ``VBox`` (show it by making it a cell's last expression). Its picture is a
``LiveFigure`` kept for the explorer's life; a control change recomputes the numbers and moves only the
artists that change, so the picture follows a slider in milliseconds.

The pattern every explorer follows (copy it for a new one):

- the numbers come from one plain function in ``views`` (tested without widgets), called once per change;
- ``__init__`` builds the controls and a ``LiveFigure``, calls ``super().__init__(controls, live)``, draws the
  artists, then ``self.follow(controls)`` (this class wires each control to ``_update``) and ``self._update()``;
- ``_update`` calls the view, moves the artists, and ends with ``self._show(rows, markers)``: the picture, then
  the readout table (``markers`` become ``data-*`` attributes a browser test reads in any language);
- ``close`` (here) closes every widget inside; the explorer is listed in ``explorers.EXPLORERS``.

A float control followed here takes only finite numbers: NaN or infinity (typed into a cell, say
``explorer.step.value = float("nan")``) is not taken; the control keeps its value, the picture and the numbers
stay, and a line above the numbers says why, until a good value comes. A value whose numbers cannot be computed
(the view raises ValueError: a custom network that overflows there, say) is taken back the same way: the
control returns to its last value, which redraws the last good state, and the line says so.
"""

from __future__ import annotations

import html
import math
import numbers
from collections.abc import Callable, Iterable

import ipywidgets as widgets
import traitlets

from ..i18n import N_, _
from . import style
from .live_figure import LiveFigure

NOT_FINITE = N_("{control} takes only finite numbers: {value} was not taken, it stays at {kept}")
NOT_SHOWN = N_("{control} = {value} could not be shown: its numbers cannot be computed in float64; back at {kept}")


class Explorer(widgets.VBox):
    """Controls above a picture and a readout of numbers; subclasses draw into ``live`` and call ``_show``."""

    def __init__(self, controls: list[widgets.Widget], live: LiveFigure):
        self.live = live
        self.picture = widgets.Image(format="png")
        self.readout = widgets.HTML()
        self.picture.add_class("bplib-picture")
        self.readout.add_class("bplib-readout")
        self._notice = ""  # why the last value given to a control was not taken ("" once a good one comes)
        self._numbers: tuple[list[tuple[str, str]], dict[str, str] | None] = ([], None)
        self._going_back = False
        super().__init__([widgets.HBox(controls), self.picture, self.readout])
        self.add_class("bplib-explorer")

    def follow(self, controls: Iterable[widgets.Widget], handler: Callable[..., None] | None = None) -> None:
        """Call ``handler(change)`` (``self._update`` unless given) whenever one of ``controls`` changes value.

        A control holding a float takes only finite numbers (see the module's docstring)."""
        handler = handler or self._update

        def guarded(change) -> None:
            self._notice = ""
            try:
                handler(change)
            except ValueError:  # numbers the value leads to cannot be computed (float64 overflows, say)
                self._go_back(change)

        for control in controls:
            if isinstance(control.traits().get("value"), traitlets.Float):
                self._take_only_finite(control)
            control.observe(guarded, names="value")

    def _go_back(self, change) -> None:
        """Put the control of ``change`` back at its last good value (which redraws the last good state), then say
        why. Should the old value fail too, the picture stays as it was and only the words say so."""
        control, old, new = change["owner"], change["old"], change["new"]
        if not self._going_back:
            self._going_back = True
            try:
                control.value = old
            finally:
                self._going_back = False
        self._say(NOT_SHOWN, control, new)

    def _take_only_finite(self, control: widgets.Widget) -> None:
        """Keep ``control``'s value when it is given NaN or infinity, and say so; any other value goes on to the
        control's own check (a slider's clamping to its ends). Runs before the value is set, so nothing that
        follows the control hears of the refused value."""
        own_check = control._trait_validators.get("value")

        def check(owner, proposal):
            value = proposal["value"]
            if isinstance(value, numbers.Real) and not math.isfinite(value):
                self._say(NOT_FINITE, owner, value)
                return owner.value
            self._notice = ""
            return own_check(owner, proposal) if own_check is not None else value

        control._register_validator(check, ["value"])

    def _say(self, message: str, control: widgets.Widget, value) -> None:
        """Show ``message`` (``NOT_FINITE`` or ``NOT_SHOWN``) on ``value`` and ``control``'s kept value, above the
        numbers shown last."""
        name = getattr(control, "description", "") or _("the value")
        self._notice = _(message).format(control=name, value=_shown(value), kept=_shown(control.value))
        self._show_numbers(*self._numbers)

    def _update(self, change=None) -> None:
        raise NotImplementedError("an explorer's _update recomputes its view and shows it")

    def _show(self, rows: list[tuple[str, str]], markers: dict[str, str] | None = None) -> None:
        self._show_picture()
        self._show_numbers(rows, markers)

    def _show_picture(self) -> None:
        self.picture.value = self.live.png()

    def _show_numbers(self, rows: list[tuple[str, str]], markers: dict[str, str] | None = None) -> None:
        """Write ``rows`` (label, value), already in the learner's language, as a table; ``markers`` become
        ``data-*`` attributes of the table, words for programs (a browser test) that stay the same in every
        language."""
        cell = "padding: 0 12px 0 0; line-height: 1.35; text-align: left"
        cells = "".join(
            f"<tr><td style='{cell}'>{html.escape(k)}</td><td style='{cell}'><code>{html.escape(v)}</code></td></tr>"
            for k, v in rows
        )
        self._numbers = (rows, markers)
        data = "".join(f" data-{name}='{html.escape(value, quote=True)}'" for name, value in (markers or {}).items())
        colour = f"color: {style.VERMILLION}; margin: 0 0 4px 0"
        notice = f"<p class='bplib-notice' style='{colour}'>{html.escape(self._notice)}</p>" if self._notice else ""
        self.readout.value = f"{notice}<table style='border-collapse: collapse; font-size: 13px'{data}>{cells}</table>"

    def close(self) -> None:
        """Close this explorer and every widget inside it (controls, layouts, styles).

        ipywidgets keeps each open widget in a registry, and a control's callbacks refer to the explorer, so
        closing only the outer box would keep the whole explorer, figure included, alive.
        """
        if getattr(self, "live", None) is not None:  # a half-built explorer (bad arguments) holds nothing yet
            shared = _shared_widgets()
            for widget in _inner_widgets(self):
                if id(widget) not in shared:
                    widget.close()
        super().close()


def _shown(value) -> str:
    """A control's value as a notice shows it: a number to three figures, anything else as it reads."""
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return format(value, ".3g")
    return str(value)


def _shared_widgets() -> set[int]:
    """Widgets a library keeps one of for all its instances: ipycanvas draws every canvas through one manager, and
    closing it would break every canvas made afterwards (the next draw-a-digit explorer could not be built)."""
    try:
        from ipycanvas.canvas import _CANVAS_MANAGER
    except ImportError:
        return set()
    return {id(_CANVAS_MANAGER)}


def _inner_widgets(root: widgets.Widget) -> list[widgets.Widget]:
    """Every widget reachable from ``root``'s synced traits (children, layout, style ...), ``root`` excluded."""
    found: dict[int, widgets.Widget] = {}
    pending = [root]
    while pending:
        widget = pending.pop()
        for name in widget.keys:
            value = getattr(widget, name, None)
            for item in value if isinstance(value, (list, tuple)) else (value,):
                if isinstance(item, widgets.Widget) and item is not root and id(item) not in found:
                    found[id(item)] = item
                    pending.append(item)
    return list(found.values())


def slider(description: str, value: float, low: float, high: float, step: float = 0.05) -> widgets.FloatSlider:
    """A float slider from ``low`` to ``high`` with its value shown to two decimals, sized to sit in a column."""
    return widgets.FloatSlider(
        value=value,
        min=low,
        max=high,
        step=step,
        description=description,
        readout_format=".2f",
        style={"description_width": "initial"},
        layout=widgets.Layout(width="260px"),
    )
