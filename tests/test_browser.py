"""The real-browser test: JupyterLab in headless Chromium, every notebook run as a learner runs it.

For each notebook: Run All in a fresh kernel, no error output and no broken widget; then every explorer's
sliders are moved with the keyboard (the picture and the numbers must change; the ends must not raise), and
every drop-down and toggle is tried. Screenshots and the measured latencies go to tests/screenshots/.
The Japanese edition (notebooks/ja/) runs the same code in another language, so its check is shorter: Run All
with no error, one slider per explorer moves the picture, and the training view starts and stops; the harness
reads the explorers through markers, not words, so the same steps work in both languages.
Skips where Chromium is missing, except under CI, where that is a failure.
"""

import json
import os
from pathlib import Path

import nbformat
import pytest

import lab_browser as lb

NOTEBOOK_DIR = Path(__file__).resolve().parents[1] / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
JAPANESE_NOTEBOOKS = sorted((NOTEBOOK_DIR / "ja").glob("*.ipynb"))
SHOTS = Path(__file__).resolve().parent / "screenshots"

if lb.chromium_path() is None:
    if os.environ.get("CI"):
        pytest.fail("Chromium is missing, and CI must run the browser tests (.ci/run installs it)", pytrace=False)
    pytest.skip(
        "Chromium is not installed (apt-get install chromium), so the browser tests cannot run", allow_module_level=True
    )


@pytest.fixture(scope="module")
def browser_page():
    """One headless Chromium for the module (Playwright's sync API allows one at a time), and its first page."""
    with lb.chromium_page() as page:
        yield page


@pytest.fixture(scope="module")
def page(browser_page):
    """The browser's page, with JupyterLab serving the course's notebooks at ``page.lab = (base, token)``."""
    SHOTS.mkdir(exist_ok=True)
    with lb.jupyter_lab() as (base, token):
        browser_page.lab = (base, token)
        yield browser_page


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs_and_its_explorers_respond(page, notebook):
    lb.open_and_run_all(page, *page.lab, notebook.name)
    assert lb.page_problems(page) == []
    page.screenshot(path=SHOTS / f"{notebook.stem}.png")
    names = lb.explorer_names(notebook)
    assert lb.explorer_count(page) == len(names)
    latencies = {}
    for index, name in enumerate(names):
        if name == "DrawDigitExplorer":  # a canvas, no sliders: tests/test_browser_digits.py draws on it
            continue
        reports = lb.drive_sliders(page, index)
        assert reports, "an explorer without sliders"
        for report in reports:
            assert report.picture_changed, f"{report.description}: the picture did not change"
            assert report.readout_changed, f"{report.description}: the numbers did not change"
            latencies[f"{notebook.stem} explorer {index}: {report.description}"] = report.latencies_ms
        assert all(count >= 2 for count in lb.drive_choices(page, index).values())
        if name == "TrainingExplorer":
            report = lb.drive_training(page, index)
            assert report["seconds_to_99"] is not None, report["final_readout"]
            latencies[f"{notebook.stem} training"] = report
        page.locator(f"{lb.PANEL} .bplib-explorer").nth(index).screenshot(
            path=SHOTS / f"{notebook.stem}-explorer{index}.png"
        )
    assert lb.page_problems(page) == []
    record = SHOTS / "latency.json"
    previous = json.loads(record.read_text()) if record.exists() else {}
    record.write_text(json.dumps(previous | latencies, indent=1))


@pytest.mark.parametrize("notebook", JAPANESE_NOTEBOOKS, ids=[f"ja/{p.name}" for p in JAPANESE_NOTEBOOKS])
def test_japanese_notebook_runs_and_its_explorers_respond(page, notebook):
    lb.open_and_run_all(page, *page.lab, f"ja/{notebook.name}")
    assert lb.page_problems(page) == []
    page.screenshot(path=SHOTS / f"ja-{notebook.stem}.png")
    names = lb.explorer_names(notebook)
    assert lb.explorer_count(page) == len(names)
    for index, name in enumerate(names):
        if name == "DrawDigitExplorer":  # a canvas, no sliders: tests/test_browser_digits.py draws on it
            continue
        (report,) = lb.drive_sliders(page, index, presses=2, most=1)
        assert report.picture_changed, f"{report.description}: the picture did not change"
        if name == "TrainingExplorer":
            assert lb.start_then_stop(page, index) is None or "停止しました" in _readout(page, index)
        page.locator(f"{lb.PANEL} .bplib-explorer").nth(index).screenshot(
            path=SHOTS / f"ja-{notebook.stem}-explorer{index}.png"
        )
    assert lb.page_problems(page) == []


def _readout(page, index: int) -> str:
    return page.locator(f"{lb.PANEL} .bplib-readout").nth(index).inner_text()


def test_the_stop_step_passes_whether_training_ends_before_or_after_the_click(browser_page, tmp_path):
    """The training step's Start-then-Stop on a run of 1 epoch and on one of a million, in a scratch notebook
    served on its own: Stop clicked once the short run is done (as on a machine fast enough to finish before
    the click), Stop clicked as soon as the short run shows (either way), and the long run always stopped."""
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell("from bplib.explore import TrainingExplorer"),
            nbformat.v4.new_code_cell("TrainingExplorer(max_epochs=1)"),
            nbformat.v4.new_code_cell("TrainingExplorer(max_epochs=1_000_000)"),
        ],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
    )
    (tmp_path / "notebooks").mkdir()
    nbformat.write(notebook, tmp_path / "notebooks" / "stop.ipynb")
    page = browser_page.context.new_page()  # a tab of its own, for a server of its own
    with lb.jupyter_lab(root=tmp_path) as (base, token):
        try:
            lb.open_and_run_all(page, base, token, "stop.ipynb")
            assert lb.explorer_count(page) == 2
            readout = page.locator(f"{lb.PANEL} .bplib-readout")
            assert lb.start_then_stop(page, 0, stop_when="done") is None
            assert "done: 1 epoch" in readout.nth(0).inner_text()
            seconds = lb.start_then_stop(page, 0)
            assert "done: 1 epoch" in readout.nth(0).inner_text() if seconds is None else seconds > 0
            seconds = lb.start_then_stop(page, 1)
            assert seconds is not None and seconds > 0 and "stopped" in readout.nth(1).inner_text()
            assert lb.page_problems(page) == []
        finally:
            page.close()  # before its server stops
