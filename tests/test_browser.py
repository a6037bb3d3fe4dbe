"""The real-browser test: JupyterLab in headless Chromium, every notebook run as a learner runs it.

For each notebook: Run All in a fresh kernel, no error output and no broken widget; then every explorer's
sliders are moved with the keyboard (the picture and the numbers must change; the ends must not raise), and
every drop-down and toggle is tried. Screenshots and the measured latencies go to tests/screenshots/.
Skips where Chromium is missing, except under CI, where that is a failure.
"""

import json
import os
from pathlib import Path

import pytest

import lab_browser as lb

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
SHOTS = Path(__file__).resolve().parent / "screenshots"

if lb.chromium_path() is None:
    if os.environ.get("CI"):
        pytest.fail("Chromium is missing, and CI must run the browser tests (.ci/run installs it)", pytrace=False)
    pytest.skip(
        "Chromium is not installed (apt-get install chromium), so the browser tests cannot run", allow_module_level=True
    )


@pytest.fixture(scope="module")
def page():
    SHOTS.mkdir(exist_ok=True)
    with lb.jupyter_lab() as (base, token), lb.chromium_page() as page:
        page.lab = (base, token)
        yield page


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
        assert all(lb.drive_choices(page, index).values())
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
