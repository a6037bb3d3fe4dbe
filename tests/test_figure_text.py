"""Every explorer's picture keeps its words where they can be read, in both languages.

A title, axis label, tick label, legend or note that reaches past the picture's edge is cut off in the browser,
and one that runs into a neighbouring panel is hidden under it: the Japanese review found both (a panel title
cut to 「ネッ」, a caption running into the next panel). Each explorer is built as a notebook builds it, drawn
as it is first shown and with every slider at either end and every choice made, and each text is measured
where the renderer puts it. The browser test checks the HTML labels around the picture the same way
(tests/test_browser.py, ``lab_browser.cut_labels``).
"""

import ipywidgets as widgets
import pytest
from matplotlib.text import Text

import bplib
from bplib import i18n
from bplib.explore import explorers
from bplib.explore.explorer_base import _inner_widgets

SLACK = 1.0  # pixels: antialiasing may put a glyph's edge a fraction of a pixel outside


def text_problems(figure) -> list[str]:
    """Every visible text of ``figure`` that leaves the figure or overlaps an axes other than its own."""
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    edge = figure.bbox
    panels = [ax for ax in figure.axes if ax.get_visible()]
    problems = []
    for text in _texts_drawn(figure):
        box = text.get_window_extent(renderer)
        if box.x0 < edge.x0 - SLACK or box.x1 > edge.x1 + SLACK or box.y0 < edge.y0 - SLACK or box.y1 > edge.y1 + SLACK:
            problems.append(f"{text.get_text()!r} leaves the picture")
            continue
        owner = text.axes
        for ax in panels:
            if owner is None or ax is owner or _same_place(ax, owner) or _inside(ax, owner):
                continue
            if box.overlaps(ax.bbox) and not _inside(owner, ax):
                problems.append(f"{text.get_text()!r} runs into another panel")
                break
    return problems


def _texts_drawn(figure) -> list[Text]:
    """The texts the renderer draws: tick labels only of the ticks inside the view (an axis keeps a few more)."""
    ticks = [tick for ax in figure.axes for axis in (ax.xaxis, ax.yaxis) for tick in axis.get_major_ticks()]
    ticks += [tick for ax in figure.axes for axis in (ax.xaxis, ax.yaxis) for tick in axis.get_minor_ticks()]
    tick_texts = {id(text) for tick in ticks for text in (tick.label1, tick.label2)}
    drawn = [
        text
        for ax in figure.axes
        if ax.get_visible() and ax.axison
        for axis in (ax.xaxis, ax.yaxis)
        if axis.get_visible()
        for tick in axis._update_ticks()  # the ticks matplotlib draws this time
        for text in (tick.label1, tick.label2)
    ]
    drawn += [text for text in figure.findobj(Text) if id(text) not in tick_texts]
    return [t for t in drawn if t.get_visible() and t.get_text().strip() and _drawn(t) and _shown(t)]


def _shown(artist) -> bool:
    """False when the artist or anything holding it (its axes, legend) is hidden."""
    axes = artist.axes
    return axes is None or axes.get_visible()


def _drawn(text: Text) -> bool:
    """False for a text clipped away by its axes (a label placed outside the visible range on purpose)."""
    if text.axes is None or not text.get_clip_on() or text.get_clip_box() is None:
        return True
    renderer = text.figure.canvas.get_renderer()
    return text.get_window_extent(renderer).overlaps(text.get_clip_box())


def _same_place(a, b) -> bool:  # twin axes share a box
    return all(abs(x - y) < 1 for x, y in zip(a.bbox.extents, b.bbox.extents))


def _inside(inner, outer) -> bool:  # an inset or colour bar drawn within another panel
    i, o = inner.bbox, outer.bbox
    return i.x0 >= o.x0 - 1 and i.x1 <= o.x1 + 1 and i.y0 >= o.y0 - 1 and i.y1 <= o.y1 + 1


def settings(explorer):
    """Yield once per state to check: as built, each slider at either end, each choice of each drop-down."""
    yield "as built"
    controls = _inner_widgets(explorer)
    for control in controls:
        if isinstance(control, (widgets.FloatSlider, widgets.IntSlider)) and not control.disabled:
            start = control.value
            for end in (control.min, control.max):
                control.value = end
                yield f"{control.description or 'slider'} = {end}"
            control.value = start
        elif isinstance(control, (widgets.Dropdown, widgets.ToggleButtons)) and not control.disabled:
            start = control.value
            options = control.options if isinstance(control.options[0], tuple) else [(o, o) for o in control.options]
            for label, value in options:
                control.value = value
                yield f"{control.description or 'choice'} = {label}"
            control.value = start


@pytest.fixture(params=["en", "ja"])
def language(request):
    before = i18n.get_language()
    i18n.set_language(request.param)
    yield request.param
    i18n.set_language(before)


@pytest.mark.parametrize("name", list(explorers.EXPLORERS))
def test_every_text_of_every_explorer_stays_in_the_picture(language, name):
    made = getattr(explorers, name)
    explorer = made(*bplib.random_network([64, 30, 10], seed=0)) if name == "DrawDigitExplorer" else made()
    try:
        found = []
        for state in settings(explorer):
            found += [f"{state}: {problem}" for problem in text_problems(explorer.live.figure)]
        assert found == []
    finally:
        explorer.close()


def test_the_check_sees_a_cut_title_and_a_caption_in_the_next_panel():
    """The check itself can fail: a title pushed past the edge, and a note written across into the next panel."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(4, 2))
    FigureCanvasAgg(figure)
    left, right = figure.add_axes((0.05, 0.1, 0.4, 0.7)), figure.add_axes((0.55, 0.1, 0.4, 0.7))
    for ax in (left, right):
        ax.set_axis_off()  # no ticks: the picture holds only what the test puts in
    assert text_problems(figure) == []
    left.set_title("a title far too long to fit above this small panel, and so cut off")
    left.text(1.6, 0.5, "runs on", transform=left.transAxes, clip_on=False)
    found = text_problems(figure)
    assert any("leaves the picture" in p for p in found) and any("runs into another panel" in p for p in found)
