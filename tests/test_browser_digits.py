"""The draw-a-digit explorer in a real browser: notebook 07 run as a learner runs it, then digits drawn on the
canvas with the mouse. The bars and the answer must follow the drawing, Clear must clear the canvas and the
picture, and a long drag must not be answered with a picture per mouse move. Skips where Chromium is missing,
except under CI. Screenshots and the measured latencies go to tests/screenshots/."""

import json
import os
import time
from pathlib import Path

import lab_canvas as lc
import pytest
from digit_network import DRAWN

import lab_browser as lb
from bplib.explore.digits import PICTURE_GAP

NOTEBOOK = "07_handwritten_digits.ipynb"
SHOTS = Path(__file__).resolve().parent / "screenshots"

if lb.chromium_path() is None:
    if os.environ.get("CI"):
        pytest.fail("Chromium is missing, and CI must run the browser tests (.ci/run installs it)", pytrace=False)
    pytest.skip("Chromium is not installed (apt-get install chromium)", allow_module_level=True)


@pytest.fixture(scope="module")
def explorer_page():
    SHOTS.mkdir(exist_ok=True)
    with lc.notebook_kept(NOTEBOOK), lb.jupyter_lab() as (base, token), lb.chromium_page() as page:
        lb.open_and_run_all(page, base, token, NOTEBOOK)
        assert lb.page_problems(page) == []
        explorer, index = lc.digit_explorer(page)
        yield page, explorer, index


def test_the_answer_follows_the_drawing_and_clear_clears(explorer_page):
    page, explorer, index = explorer_page
    blank_picture, blank_outputs = lc.picture_digest(page, index), lc.outputs(explorer)
    assert "nothing drawn yet" in lc.readout(explorer) and lc.ink(page, index) == 0

    lc.draw(page, explorer, DRAWN[1])
    assert lc.ink(page, index) > 0
    assert lc.answer(explorer) == 1, lc.readout(explorer)
    assert lc.outputs(explorer) != blank_outputs and lc.picture_digest(page, index) != blank_picture
    page.locator(lc.EXPLORERS).nth(index).screenshot(path=SHOTS / "07-draw-a-digit-1.png")

    lc.clear(page, explorer)
    assert lc.ink(page, index) == 0
    assert lc.outputs(explorer) == blank_outputs and lc.picture_digest(page, index) == blank_picture

    lc.draw(page, explorer, DRAWN[0])
    assert lc.answer(explorer) == 0, lc.readout(explorer)  # the prediction changed with the drawing
    zero = lc.outputs(explorer)
    lc.draw(page, explorer, [[(100, 30), (100, 170)]])  # a second stroke, through the middle
    assert lc.strokes_shown(explorer) == 2 and lc.outputs(explorer) != zero
    assert lb.page_problems(page) == []


def test_cost_against_another_digit_redraws_the_slopes(explorer_page):
    page, explorer, index = explorer_page
    lc.clear(page, explorer)
    lc.draw(page, explorer, DRAWN[7])
    before = lc.picture_digest(page, index)
    explorer.locator("select").select_option(label="3")
    explorer.locator(".bplib-readout", has_text="cost against 3").wait_for(timeout=10_000)
    assert lc.picture_digest(page, index) != before
    page.locator(lc.EXPLORERS).nth(index).screenshot(path=SHOTS / "07-draw-a-digit-7-against-3.png")
    explorer.locator("select").select_option(label="its answer")
    explorer.locator(".bplib-readout", has_text="cost against 7").wait_for(timeout=10_000)


def test_a_long_drag_is_answered_by_a_few_pictures_not_one_per_move(explorer_page):
    page, explorer, index = explorer_page
    lc.clear(page, explorer)
    stroke = lc.zigzag(400)
    before, started = lc.redraws(page), time.perf_counter()
    lc.draw(page, explorer, [stroke], pixels_per_move=1e9)  # one mouse move per point
    drawn, seconds = lc.redraws(page) - before, time.perf_counter() - started
    points = int(lc.readout(explorer).split(" points")[0].split()[-1])
    assert points > 200  # the kernel heard the drag...
    # ...and drew fewer pictures than it heard moves: at most one per PICTURE_GAP while the drag lasted, and one
    # at its end, however fast or slow this machine delivers the moves
    assert drawn < points and drawn <= seconds / PICTURE_GAP + 2
    record = SHOTS / "latency.json"
    previous = json.loads(record.read_text()) if record.exists() else {}
    record.write_text(json.dumps(previous | {"07 draw a digit: stroke end -> picture": lc.latencies(page)}, indent=1))
