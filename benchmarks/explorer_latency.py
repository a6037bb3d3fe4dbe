"""How fast does each explorer answer a slider? From the key press to the new picture, in a real browser.

Run:  .venv/bin/python benchmarks/explorer_latency.py [presses per slider, default 20] [notebook name part]

Starts JupyterLab as `run.py lab` does, opens each notebook in headless Chromium, runs all cells, then
presses arrow keys on every slider of every explorer, one key at a time (turning round at an end, so that every
press moves the handle), timing in the page from the keydown to the moment the new picture has been decoded.
Prints the median and 95th percentile per explorer; for the training explorer, how soon a run with the defaults
shows 99 % held-out accuracy, its pictures a second, and how soon Stop stops a run. The tests (tests/test_browser.py)
check the same pages without timing them. Needs Debian's chromium (apt-get install chromium).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
import lab_browser as lb  # noqa: E402

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))


def main(presses: int, only: str = "") -> None:
    if lb.chromium_path() is None:
        sys.exit("Chromium is not installed: apt-get install chromium")
    print(f"key press -> new picture, {presses} presses per slider, ms")
    print(f"{'explorer':<28}{'sliders':>8}{'median':>9}{'95th pct':>10}{'max':>8}")
    trained = []
    with lb.jupyter_lab() as (base, token), lb.chromium_page() as page:
        for notebook in [n for n in NOTEBOOKS if only in n.name]:
            lb.open_and_run_all(page, base, token, notebook.name)
            for index in range(lb.explorer_count(page)):
                per_slider = lb.time_sliders(page, index, presses)
                times = [t for slider in per_slider for t in slider]
                name = f"{notebook.stem[:2]} {lb.explorer_names(notebook)[index]}"
                if not times:  # the draw-a-digit canvas has no slider: benchmarks/canvas_latency.py times it
                    print(f"{name:<28}{len(per_slider):>8}   no slider (canvas_latency.py times it)")
                    continue
                median, p95 = lb.summary(times)
                print(f"{name:<28}{len(per_slider):>8}{median:>9.0f}{p95:>10.0f}{max(times):>8.0f}")
                if name.endswith("TrainingExplorer"):
                    report = lb.drive_training(page, index)
                    report["stop_seconds"] = lb.start_then_stop(page, index)
                    trained.append((name, report))
    for name, report in trained:
        print(f"\n{name}, Start with the defaults:")
        print(f"  held-out accuracy >= 99 % shown {report['seconds_to_99']:.2f} s after the click")
        print(f"  {report['pictures_per_second']:.1f} pictures a second while training")
        if report["stop_seconds"] is None:
            print("  Stop: the second run ended before the Stop click could land; nothing to time")
        else:
            print(f"  Stop: {report['stop_seconds'] * 1000:.0f} ms from the click to the readout saying stopped")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20, sys.argv[2] if len(sys.argv) > 2 else "")
