"""Draw on the draw-a-digit explorer's canvas in JupyterLab with the mouse, as a learner would, and watch the
pictures that follow each stroke.

Used by tests/test_browser_digits.py (assertions) and benchmarks/canvas_latency.py (timings), on top of
tests/lab_browser.py (which starts JupyterLab and Chromium and runs a notebook). Points are canvas pixels,
(0, 0) at the canvas's top left, y pointing down.
"""

from __future__ import annotations

import math
import re
import time
from contextlib import contextmanager

from lab_browser import PANEL, ROOT, STATE_WAIT_S, readout_text

EXPLORERS = f"{PANEL} .bplib-explorer"

# In the page: the time from each mouse-up on the canvas until the explorer shows the finished stroke, that is,
# until its readout no longer says "(drawing)" and its picture is decoded (the explorer sends the picture before
# the readout, and sends no picture when it has not changed); and how many times the readout changed, one per
# picture the kernel drew.
_WATCH = """(index) => {
  const root = document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .bplib-explorer')[index];
  const img = root.querySelector('img.bplib-picture');
  const readout = root.querySelector('.bplib-readout');
  const w = window.__bplibCanvas = {upAt: null, latencies: [], redraws: 0};
  root.querySelector('canvas').addEventListener('mouseup', () => { w.upAt = performance.now(); }, true);
  new MutationObserver(() => {
    w.redraws += 1;
    const started = w.upAt;
    if (started === null || /\\(drawing\\)/.test(readout.innerText)) { return; }
    w.upAt = null;
    img.decode().catch(() => null).then(() => { w.latencies.push(performance.now() - started); });
  }).observe(readout, {subtree: true, childList: true, characterData: true});
}"""


@contextmanager
def notebook_kept(name: str):
    """Put ``notebooks/name`` back as it was afterwards: JupyterLab autosaves an open notebook every two minutes,
    which would write a browser session's outputs (and widget views) into the repository's copy."""
    path = ROOT / "notebooks" / name
    saved = path.read_bytes()
    try:
        yield
    finally:
        if path.read_bytes() != saved:
            path.write_bytes(saved)


def digit_explorer(page):
    """``(locator, index)`` of the first explorer with a canvas in the open notebook, scrolled into view, with the
    page watching its pictures."""
    roots = page.locator(EXPLORERS)
    for index in range(roots.count()):
        if roots.nth(index).locator("canvas").count():
            explorer = roots.nth(index)
            explorer.locator("canvas").scroll_into_view_if_needed()
            readout_text(page, explorer)  # the explorer has shown its first numbers
            page.evaluate(_WATCH, index)
            return explorer, index
    raise AssertionError("no explorer with a canvas in the notebook")


def readout(explorer) -> str:
    """The readout's text, once it shows any (see lab_browser.readout_text)."""
    return readout_text(explorer.page, explorer)


def wait_for_words(explorer, words: str) -> str:
    """Wait until the readout says ``words``; return all it says then."""
    explorer.locator(".bplib-readout", has_text=words).wait_for(timeout=STATE_WAIT_S * 1000)
    return readout(explorer)


def answer(explorer) -> int:
    return int(re.search(r"answer\s+(\d)", readout(explorer)).group(1))


def outputs(explorer) -> list[float]:
    """The ten output activations the readout shows."""
    line = re.search(r"outputs\s+(.*)", readout(explorer)).group(1)
    return [float(v) for v in re.findall(r"\d: ([\d.]+)", line)]


def strokes_shown(explorer) -> int:
    found = re.search(r"(\d+) stroke\(s\)", readout(explorer))
    return int(found.group(1)) if found else 0


def picture_digest(page, index: int) -> str:
    """A SHA-256 of the PNG the explorer's picture shows now (a screenshot would depend on the scroll position)."""
    return page.evaluate(
        """async (index) => {
          const root = document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .bplib-explorer')[index];
          const bytes = await (await fetch(root.querySelector('img.bplib-picture').src)).arrayBuffer();
          const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
          return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
        }""",
        index,
    )


def latencies(page) -> list[float]:
    return page.evaluate("() => window.__bplibCanvas.latencies")


def redraws(page) -> int:
    """How many times the explorer has redrawn since the page began watching (its readout changes each time)."""
    return page.evaluate("() => window.__bplibCanvas.redraws")


def draw(page, explorer, strokes, pixels_per_move: float = 6.0, moves_per_second: float | None = None) -> None:
    """Draw each stroke (a sequence of canvas points) with the mouse held down, moving in steps of about
    ``pixels_per_move`` between its points, as fast as the browser takes them or ``moves_per_second`` (a hand
    on a mouse gives about 60); after each stroke, wait until the picture shows it."""
    box = _canvas_on_screen(page, explorer)
    for stroke in strokes:
        count, expected = len(latencies(page)), strokes_shown(explorer) + 1
        page.mouse.move(box["x"] + stroke[0][0], box["y"] + stroke[0][1])
        page.mouse.down()
        started = time.perf_counter()
        for k, (x, y) in enumerate(_path(stroke, pixels_per_move), start=1):
            if moves_per_second:  # the pace of a hand, not a wait for a state
                time.sleep(max(0.0, started + k / moves_per_second - time.perf_counter()))
            page.mouse.move(box["x"] + x, box["y"] + y)
        page.mouse.up()
        page.wait_for_function(f"() => window.__bplibCanvas.latencies.length > {count}", timeout=STATE_WAIT_S * 1000)
        assert strokes_shown(explorer) == expected, readout(explorer)


def _canvas_on_screen(page, explorer, tries: int = 1000) -> dict:
    """Scroll the canvas into view and return its bounding box once it is on screen and has stopped moving (the
    mouse reaches only what is on screen, and JupyterLab may still be scrolling to the last cell run)."""
    canvas = explorer.locator("canvas")
    previous = None
    for _ in range(tries):
        canvas.evaluate("c => c.scrollIntoView({block: 'center'})")
        box = canvas.bounding_box()
        height = page.viewport_size["height"]
        if box == previous and box["y"] >= 0 and box["y"] + box["height"] <= height:
            return box
        previous = box
        page.wait_for_timeout(100)  # a poll interval: the loop ends on a state, not on a time
    raise AssertionError(f"the canvas did not come to rest on screen: {box}")


def _path(stroke, pixels_per_move: float) -> list[tuple[float, float]]:
    """The points a mouse passes through along ``stroke``, about ``pixels_per_move`` apart (its first point left
    out: the mouse is there already)."""
    path = []
    for (xa, ya), (xb, yb) in zip(stroke, stroke[1:]):
        steps = max(1, math.ceil(math.hypot(xb - xa, yb - ya) / pixels_per_move))
        path += [(xa + (xb - xa) * i / steps, ya + (yb - ya) * i / steps) for i in range(1, steps + 1)]
    return path


def clear(page, explorer) -> None:
    """Press Clear and wait until the readout says nothing is drawn."""
    explorer.locator("button", has_text="Clear").click()
    wait_for_words(explorer, "nothing drawn yet")


def ink(page, index: int) -> int:
    """How many of the canvas's pixels are dark (ink), read from the canvas element itself."""
    return page.evaluate(
        """(index) => {
          const root = document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .bplib-explorer')[index];
          const canvas = root.querySelector('canvas');
          const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
          let dark = 0;
          for (let i = 0; i < data.length; i += 4) { if (data[i + 3] > 0 && data[i] < 128) { dark += 1; } }
          return dark;
        }""",
        index,
    )


def zigzag(moves: int, size: float = 200.0) -> list[tuple[float, float]]:
    """A long stroke of ``moves`` points zigzagging down the canvas, each a few pixels from the last."""
    margin = 0.1 * size
    return [
        (margin + (size - 2 * margin) * abs(math.sin(k / 12)), margin + (size - 2 * margin) * k / moves)
        for k in range(moves + 1)
    ]
