"""A matplotlib figure that re-renders to PNG bytes in milliseconds, for the explorers' live pictures.

A full draw of a figure with axes, ticks and labels takes 100 ms or more; an explorer's slider should answer
faster than that. So the static parts (axes, ticks, fixed curves) are drawn once into a background, and each
update only restores that background and draws the few artists that move ("blitting").
"""

from __future__ import annotations

import io

import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image


class LiveFigure:
    """Wrap ``figure``: ``moving`` artists are redrawn on every ``png()``, the rest after ``invalidate()``."""

    def __init__(self, figure: Figure, moving: list[Artist] | None = None):
        self.figure = figure
        self.canvas = FigureCanvasAgg(figure)
        self.moving: list[Artist] = []
        self._background = None
        self._layout_done = False
        self.add_moving(*(moving or []))

    def add_moving(self, *artists: Artist) -> None:
        for artist in artists:
            artist.set_animated(True)  # left out of full draws, so the background holds only static parts
            self.moving.append(artist)

    def swap_moving(self, old: Artist, new: Artist) -> None:
        """Put ``new`` where ``old`` was among the moving artists (so it is drawn in the same order) and take
        ``old`` off the figure: for a picture rebuilt whole on every update, such as a filled contour."""
        if not any(artist is old for artist in self.moving):
            raise ValueError(f"old must be one of the moving artists, got {old!r}")
        position = next(i for i, artist in enumerate(self.moving) if artist is old)
        new.set_animated(True)
        self.moving[position] = new
        old.remove()

    def invalidate(self) -> None:
        """Call after changing anything static (limits, fixed curves): the next ``png()`` redraws it all."""
        self._background = None

    def png(self) -> bytes:
        """The figure as PNG bytes, as it is now."""
        if self._background is None:
            self.canvas.draw()
            if not self._layout_done:  # lay out once, then keep the axes still (layout costs ~100 ms a draw)
                self.figure.set_layout_engine("none")
                self._layout_done = True
            self._background = self.canvas.copy_from_bbox(self.figure.bbox)
        self.canvas.restore_region(self._background)
        for artist in self.moving:
            if artist.get_visible():
                self.figure.draw_artist(artist)
        rgb = Image.fromarray(np.asarray(self.canvas.buffer_rgba())[..., :3])
        # a 256-colour palette looks the same on these flat plots, and halves both the encoding time and the size
        buffer = io.BytesIO()
        rgb.quantize(256, method=Image.Quantize.FASTOCTREE).save(buffer, format="png", compress_level=1)
        return buffer.getvalue()
