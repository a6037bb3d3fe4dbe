"""A matplotlib figure that re-renders to PNG bytes in milliseconds, for the explorers' live pictures.

A full draw of a figure with axes, ticks and labels takes 100 ms or more; an explorer's slider should answer
faster than that. So the static parts (axes, ticks, fixed curves) are drawn once into a background, and each
update only restores that background and draws the few artists that move ("blitting").

Text is the dearest thing to draw (each glyph is rendered on every draw, about a millisecond per ten characters),
so a picture with many numbers may keep a second, "steady" layer: artists that change with some controls but
not with others (the numbers of a graph, which a step control leaves alone). They are drawn once onto the
background after each ``refresh_steady()``, and the moving artists go on top of that.
"""

from __future__ import annotations

import io

import matplotlib
import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from PIL import Image


class LiveFigure:
    """Wrap ``figure``: ``moving`` artists are redrawn on every ``png()``, the rest after ``invalidate()``."""

    def __init__(self, figure: Figure, moving: list[Artist] | None = None):
        self.figure = figure
        self.canvas = FigureCanvasAgg(figure)
        self.moving: list[Artist] = []
        self.steady: list[Artist] = []
        self._background = None
        self._steady_background = None
        self._layout_done = False
        self._engine = figure.get_layout_engine()  # laid out with it once, then with none (see png)
        self._fonts = list(matplotlib.rcParams["font.family"])  # those of the language the figure was built in
        self.add_moving(*(moving or []))

    def add_moving(self, *artists: Artist) -> None:
        for artist in artists:
            artist.set_animated(True)  # left out of full draws, so the background holds only static parts
            self.moving.append(artist)

    def add_steady(self, *artists: Artist) -> None:
        """Artists drawn over the static parts and kept until ``refresh_steady()``; moving artists go on top."""
        for artist in artists:
            artist.set_animated(True)
            self.steady.append(artist)

    def refresh_steady(self) -> None:
        """Call after changing a steady artist: the next ``png()`` draws the steady layer again."""
        self._steady_background = None

    def swap_moving(self, old: Artist, new: Artist) -> None:
        """Put ``new`` where ``old`` was among the moving artists (so it is drawn in the same order) and take
        ``old`` off the figure: for a picture rebuilt whole on every update, such as a filled contour."""
        if not any(artist is old for artist in self.moving):
            raise ValueError(f"old must be one of the moving artists, got {old!r}")
        position = next(i for i, artist in enumerate(self.moving) if artist is old)
        new.set_animated(True)
        self.moving[position] = new
        old.remove()

    def invalidate(self, relayout: bool = False) -> None:
        """Call after changing anything static (limits, fixed curves): the next ``png()`` redraws it all.

        ``relayout=True`` also lays the axes out again, for a change that widens what sits beside them (tick labels
        with more digits, a longer title), which would otherwise push a label past the picture's edge.
        """
        self._background = None
        self._steady_background = None
        if relayout and self._layout_done and self._engine is not None:
            self.figure.set_layout_engine(self._engine)
            self._layout_done = False

    def png(self) -> bytes:
        """The figure as PNG bytes, as it is now."""
        self._follow_the_language()
        if self._background is None:
            self.canvas.draw()
            if not self._layout_done:  # lay out once, then keep the axes still (layout costs ~100 ms a draw)
                self.figure.set_layout_engine("none")
                self._layout_done = True
            self._background = self.canvas.copy_from_bbox(self.figure.bbox)
        if self._steady_background is None and not self.steady:
            self._steady_background = self._background
        elif self._steady_background is None:
            self.canvas.restore_region(self._background)
            self._draw(self.steady)
            self._steady_background = self.canvas.copy_from_bbox(self.figure.bbox)
        self.canvas.restore_region(self._steady_background)
        self._draw(self.moving)
        rgb = Image.fromarray(np.asarray(self.canvas.buffer_rgba())[..., :3])
        # a 256-colour palette looks the same on these flat plots, and halves both the encoding time and the size
        buffer = io.BytesIO()
        rgb.quantize(256, method=Image.Quantize.FASTOCTREE).save(buffer, format="png", compress_level=1)
        return buffer.getvalue()

    def _follow_the_language(self) -> None:
        """After ``bplib.set_language``, give every text of the figure the new language's fonts: a text keeps the
        fonts it was made with, so one made in English would draw Japanese words as empty boxes."""
        fonts = list(matplotlib.rcParams["font.family"])
        if fonts != self._fonts:
            for text in self.figure.findobj(Text):
                if list(text.get_fontfamily()) == self._fonts:  # the language's fonts, not ones chosen for this text
                    text.set_fontfamily(fonts)
            self._fonts = fonts
            self.invalidate(relayout=True)  # the words of the new language take another width

    def _draw(self, artists: list[Artist]) -> None:
        for artist in artists:
            if artist.get_visible():
                self.figure.draw_artist(artist)
