"""The real-browser test: JupyterLab in headless Chromium, every notebook with an explorer run as a learner runs it.

For each such notebook: Run All in a fresh kernel, no error output and no broken widget; then every slider of
every explorer is moved one key press and back (the picture and the numbers must change, and come back), every
drop-down and toggle is tried, and the training view runs to the end and resets. The Japanese edition
(notebooks/ja/) runs the same code in another language, so its check is shorter: Run All with no error, one
slider per explorer, and the training view run to its end in Japanese. The harness reads the explorers through
markers, not words, so the same steps work in both languages.

What the browser does not repeat: nbval runs every notebook, those without an explorer (00, 07) included; the
kernel-side tests (tests/test_explorers.py, tests/test_training_explorer.py) drive every control of every
explorer to both its ends; notebook 08's canvas is drawn on by tests/test_browser_digits.py; Stop is tried here
once, in a scratch notebook where both orders of the Stop click and the end of the run are certain
(test_stop_stops_a_run_and_a_click_after_the_end_changes_nothing). Latencies are timed by benchmarks/.
Screenshots go to tests/screenshots/. Skips where Chromium is missing, except under CI, where that is a failure.
"""

import os
from pathlib import Path

import nbformat
import pytest

import lab_browser as lb
from bplib import i18n

NOTEBOOK_DIR = Path(__file__).resolve().parents[1] / "notebooks"
CANVAS_ONLY = {"DrawDigitExplorer"}  # no sliders: tests/test_browser_digits.py draws on it
NOTEBOOKS = [p for p in sorted(NOTEBOOK_DIR.glob("*.ipynb")) if set(lb.explorer_names(p)) - CANVAS_ONLY]
JAPANESE_NOTEBOOKS = [p for p in sorted((NOTEBOOK_DIR / "ja").glob("*.ipynb")) if lb.explorer_names(p)]
SHOTS = Path(__file__).resolve().parent / "screenshots"

if lb.chromium_path() is None:
    if os.environ.get("CI"):
        pytest.fail("Chromium is missing, and CI must run the browser tests (.ci/run installs it)", pytrace=False)
    pytest.skip(
        "Chromium is not installed (apt-get install chromium), so the browser tests cannot run", allow_module_level=True
    )


@pytest.fixture
def page(lab_page):
    SHOTS.mkdir(exist_ok=True)
    return lab_page


def _opened(page, notebook: str, names: list[str]) -> None:
    """Run All in ``notebook`` (a path under notebooks/): no error on the page, one explorer per explorer call."""
    lb.open_and_run_all(page, *page.lab, notebook)
    shown = lb.wait_for_explorers(page, len(names))
    assert lb.page_problems(page) == []
    assert shown == len(names)


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs_and_its_explorers_respond(page, notebook):
    names = lb.explorer_names(notebook)
    _opened(page, notebook.name, names)
    page.screenshot(path=SHOTS / f"{notebook.stem}.png")
    for index, name in enumerate(names):
        if name in CANVAS_ONLY:
            continue
        reports = lb.drive_sliders(page, index)
        assert reports, "an explorer without sliders"
        for report in reports:
            assert report.picture_changed, f"{report.description}: the picture did not change"
            assert report.readout_changed, f"{report.description}: the numbers did not change"
        assert all(count >= 2 for count in lb.drive_choices(page, index).values())
        if name == "TrainingExplorer":
            report = lb.drive_training(page, index)
            assert report["seconds_to_99"] is not None, report["final_readout"]
        page.locator(f"{lb.PANEL} .bplib-explorer").nth(index).screenshot(
            path=SHOTS / f"{notebook.stem}-explorer{index}.png"
        )
        assert lb.cut_labels(lb.explorer(page, index)) == [], "a label too wide for its box is cut off"
    assert lb.page_problems(page) == []


@pytest.mark.parametrize("notebook", JAPANESE_NOTEBOOKS, ids=[f"ja/{p.name}" for p in JAPANESE_NOTEBOOKS])
def test_japanese_notebook_runs_and_its_explorers_respond(page, notebook):
    names = lb.explorer_names(notebook)
    _opened(page, f"ja/{notebook.name}", names)
    page.screenshot(path=SHOTS / f"ja-{notebook.stem}.png")
    for index, name in enumerate(names):
        if name in CANVAS_ONLY:  # its readout waits for a drawing; its labels are there from the start
            assert lb.cut_labels(page.locator(f"{lb.PANEL} .bplib-explorer").nth(index)) == []
            continue
        (report,) = lb.drive_sliders(page, index, most=1)
        assert report.picture_changed, f"{report.description}: the picture did not change"
        if name == "TrainingExplorer":
            report = lb.drive_training(page, index)
            assert _japanese_done() in report["final_readout"] and report["seconds_to_99"] is not None
        page.locator(f"{lb.PANEL} .bplib-explorer").nth(index).screenshot(
            path=SHOTS / f"ja-{notebook.stem}-explorer{index}.png"
        )
        assert lb.cut_labels(lb.explorer(page, index)) == [], "a label too wide for its box is cut off"
    assert lb.page_problems(page) == []


def _japanese_done() -> str:
    """The Japanese for the "done" that begins a finished run's readout, from bplib's catalogue."""
    language = i18n.get_language()
    i18n.set_language("ja")
    try:
        return i18n._("done: {epochs} epoch").split("{")[0]
    finally:
        i18n.set_language(language)


def test_stop_stops_a_run_and_a_click_after_the_end_changes_nothing(page):
    """The one test of Stop in a browser, on a run of 1 epoch and on one of a million, in a scratch notebook the
    session's JupyterLab serves from a folder of its own: Stop clicked once the short run is done (as on a
    machine fast enough to finish before the click) changes nothing; Stop clicked as soon as the short run
    shows, whichever comes first; and the long run always stopped by it."""
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell("from bplib.explore import TrainingExplorer"),
            nbformat.v4.new_code_cell("TrainingExplorer(max_epochs=1)"),
            nbformat.v4.new_code_cell("TrainingExplorer(max_epochs=1_000_000)"),
        ],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
    )
    with lb.scratch_folder() as (folder, name):
        nbformat.write(notebook, folder / "stop.ipynb")
        try:
            lb.open_and_run_all(page, *page.lab, f"{name}/stop.ipynb")
            assert lb.wait_for_explorers(page, 2) == 2
            readout = page.locator(f"{lb.PANEL} .bplib-readout")
            seconds = lb.start_then_stop(page, 0)
            assert "done: 1 epoch" in readout.nth(0).inner_text() if seconds is None else seconds > 0
            seconds = lb.start_then_stop(page, 1)
            assert seconds is not None and seconds > 0 and "stopped" in readout.nth(1).inner_text()
            # the short run again, Stop once it is done (started while the long one ran out of its way: a Start
            # clicked the moment a run shows "done" can come while its thread is still ending, and is ignored)
            assert lb.start_then_stop(page, 0, stop_when="done") is None
            assert "done: 1 epoch" in readout.nth(0).inner_text()
            assert lb.page_problems(page) == []
        finally:
            page.goto("about:blank")  # JupyterLab left before its file browser loses the folder it is in
