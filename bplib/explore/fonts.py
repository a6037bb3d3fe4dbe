"""Fonts that can draw the current language: Japanese text in figures without missing glyphs.

Matplotlib's default font (DejaVu Sans) has no kana or kanji. In Japanese, figures draw with DejaVu Sans first
(so numbers and symbols such as σ′ and Δ look as in the English edition) and fall back to IPAexGothic, which
the ``matplotlib-fontja`` package ships, for every Japanese character. Nothing changes in English.
"""

from __future__ import annotations

import logging

import matplotlib
from matplotlib import font_manager

from ..i18n import on_language_change

JAPANESE_FONT = "IPAexGothic"
_ENGLISH_FAMILY = list(matplotlib.rcParams["font.family"])
_ENGLISH_HINTING = matplotlib.rcParams["text.hinting"]


class _NoBoldFallbackNotice(logging.Filter):
    """IPAexGothic has one weight: bold Japanese text is drawn at its regular weight, which is fine, so the
    font manager's notice of it ("Failed to find font weight bold for IPAexGothic") is not shown to learners."""

    def filter(self, record: logging.LogRecord) -> bool:
        return JAPANESE_FONT not in record.getMessage()


def use_fonts_for(language: str) -> None:
    """Set matplotlib's font family for ``language`` (called at every ``bplib.set_language``)."""
    if language == "ja":
        from matplotlib_fontja import get_font_ttf_path  # its import registers IPAexGothic (and sets it alone)

        font_manager.fontManager.addfont(get_font_ttf_path())
        logging.getLogger("matplotlib.font_manager").addFilter(_NO_BOLD_NOTICE)
        matplotlib.rcParams["font.family"] = ["DejaVu Sans", JAPANESE_FONT]
        # Hinting snaps strokes to whole pixels: at 8 pt a dense kanji such as 層 becomes a black block.
        matplotlib.rcParams["text.hinting"] = "no_hinting"
    else:
        matplotlib.rcParams["font.family"] = _ENGLISH_FAMILY
        matplotlib.rcParams["text.hinting"] = _ENGLISH_HINTING


_NO_BOLD_NOTICE = _NoBoldFallbackNotice()
on_language_change(use_fonts_for)
