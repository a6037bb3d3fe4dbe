"""The draw-a-digit explorer in a real browser: notebook 08 run as a learner runs it (its one run in a browser:
tests/test_browser.py leaves it here), then digits drawn on the canvas with the mouse. The bars and the answer
must follow the drawing, Clear must clear the canvas and the picture, and a long drag must not be answered with
a picture per mouse move. Skips where Chromium is missing, except under CI. Screenshots go to
tests/screenshots/; benchmarks/canvas_latency.py times the strokes."""

import os
import time
from pathlib import Path

import lab_canvas as lc
import pytest
from digit_network import DRAWN

import lab_browser as lb
from bplib.explore.digits import PICTURE_GAP

NOTEBOOK = "08_handwritten_digits.ipynb"
SHOTS = Path(__file__).resolve().parent / "screenshots"

if lb.chromium_path() is None:
    if os.environ.get("CI"):
        pytest.fail("Chromium is missing, and CI must run the browser tests (.ci/run installs it)", pytrace=False)
    pytest.skip("Chromium is not installed (apt-get install chromium)", allow_module_level=True)


@pytest.fixture(scope="module")
def explorer_page(lab_page):
    SHOTS.mkdir(exist_ok=True)
    page = lab_page
    with lc.notebook_kept(NOTEBOOK):
        lb.open_and_run_all(page, *page.lab, NOTEBOOK)
        expected = len(lb.explorer_names(Path(lb.ROOT, "notebooks", NOTEBOOK)))
        shown = lb.wait_for_explorers(page, expected)
        assert lb.page_problems(page) == []
        assert shown == expected
        page.screenshot(path=SHOTS / "08_handwritten_digits.png")
        explorer, index = lc.digit_explorer(page)
        yield page, explorer, index


def test_the_answer_follows_the_drawing_and_clear_clears(explorer_page):
    page, explorer, index = explorer_page
    lc.wait_for_words(explorer, "nothing drawn yet")  # the first reading waits for the explorer's first numbers
    assert lc.ink(page, index) == 0
    blank_picture, blank_outputs = lc.picture_digest(page, index), lc.outputs(explorer)

    lc.draw(page, explorer, DRAWN[1])
    assert lc.ink(page, index) > 0
    assert lc.answer(explorer) == 1, lc.readout(explorer)
    assert lc.outputs(explorer) != blank_outputs and lc.picture_digest(page, index) != blank_picture
    page.locator(lc.EXPLORERS).nth(index).screenshot(path=SHOTS / "08-draw-a-digit-1.png")

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
    lc.wait_for_words(explorer, "cost against 3")
    assert lc.picture_digest(page, index) != before
    page.locator(lc.EXPLORERS).nth(index).screenshot(path=SHOTS / "08-draw-a-digit-7-against-3.png")
    assert lb.cut_labels(explorer) == [], "a label too wide for its box is cut off"
    explorer.locator("select").select_option(label="its answer")
    lc.wait_for_words(explorer, "cost against 7")


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
