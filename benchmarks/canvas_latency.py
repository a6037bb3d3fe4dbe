"""How fast does the draw-a-digit explorer answer a stroke? From the mouse-up to the new picture, in a real browser.

Run:  .venv/bin/python benchmarks/canvas_latency.py [strokes, default 30]

Starts JupyterLab as `run.py lab` does, opens notebook 08 in headless Chromium and runs all cells, then draws
strokes on the canvas with the mouse at a hand's pace, 60 moves a second (the digits of tests/digit_network.py,
over and over, Clear between digits), timing in the page from each mouse-up until the readout shows the finished
stroke and its picture is decoded. Then one long drag of 600 mouse moves as fast as the browser takes them: how
many pictures the kernel drew while it lasted, and how long the picture took after it. Last, the kernel's share:
one picture computed and encoded with no browser. Needs Debian's chromium (apt-get install chromium).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
import lab_canvas as lc  # noqa: E402
from digit_network import DRAWN, series_network  # noqa: E402

import lab_browser as lb  # noqa: E402
from bplib.explore.digits import DrawDigitExplorer  # noqa: E402

NOTEBOOK = "08_handwritten_digits.ipynb"
HAND = 60  # mouse moves a second while a stroke is drawn, as a hand on a mouse gives them


def kernel_share(repeats: int = 30) -> float:
    """Median milliseconds the explorer itself takes for one picture (recompute, redraw, encode), no browser."""
    explorer = DrawDigitExplorer(*series_network()[:2])
    for stroke in DRAWN[5]:
        explorer._pen_down(*stroke[0])
        for point in stroke[1:]:
            explorer._pen_move(*point)
        explorer._pen_up(*stroke[-1])
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        explorer._redraw()
        times.append(1000 * (time.perf_counter() - started))
    return statistics.median(times)


def main(strokes: int) -> None:
    if lb.chromium_path() is None:
        sys.exit("Chromium is not installed: apt-get install chromium")
    with lc.notebook_kept(NOTEBOOK), lb.jupyter_lab() as (base, token), lb.chromium_page() as page:
        lb.open_and_run_all(page, base, token, NOTEBOOK)
        explorer, _ = lc.digit_explorer(page)
        drawn = 0
        while drawn < strokes:
            for digit in sorted(DRAWN):
                lc.clear(page, explorer)
                lc.draw(page, explorer, DRAWN[digit][: strokes - drawn], moves_per_second=HAND)
                drawn += len(DRAWN[digit])
                if drawn >= strokes:
                    break
        times = lc.latencies(page)
        lc.clear(page, explorer)
        before, started = lc.redraws(page), time.perf_counter()
        lc.draw(page, explorer, [lc.zigzag(600)], pixels_per_move=1e9)
        seconds = time.perf_counter() - started
        pictures = lc.redraws(page) - before - 1  # the last one answers the mouse-up
        after_drag = lc.latencies(page)[-1]
    median, p95 = lb.summary(times)
    print(f"in the kernel alone, one picture: {kernel_share():.0f} ms (median of 30)")
    print(
        f"mouse-up -> picture, {len(times)} strokes: median {median:.0f} ms, 95th percentile {p95:.0f} ms, "
        f"max {max(times):.0f} ms (mean {statistics.mean(times):.0f})"
    )
    print(
        f"a long drag, 600 mouse moves in {seconds:.1f} s: {pictures} pictures while drawing "
        f"({pictures / seconds:.1f} a second); the last picture {after_drag:.0f} ms after the mouse-up"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
