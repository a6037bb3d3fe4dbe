"""Drive JupyterLab in headless Chromium, as a learner would: open a notebook, run every cell, move sliders.

Used by tests/test_browser.py (assertions) and benchmarks/explorer_latency.py (timings). Playwright drives
Debian's Chromium (``/usr/bin/chromium``); it never downloads a browser of its own.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import run  # noqa: E402

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"
PAGE_STEPS = 5  # a PageUp/PageDown key moves a noUiSlider handle this many steps
ERROR_OUTPUT = f'{PANEL} .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _free_port() -> int:
    """A port nothing listens on now, chosen by the system (so parallel tests do not pick the same one)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def jupyter_lab(extra: tuple[str, ...] = (), root: Path = ROOT):
    """Start JupyterLab exactly as ``run.py lab`` does (loopback, a random token, no port retries, its own
    session), serving ``root/notebooks``, and wait until it answers with that token, as ``run.py`` does; yield
    ``(base_url, token)``. ``extra`` goes on to ``jupyter lab``. If it does not serve, the error shows the end of
    its log."""
    token, port = secrets.token_urlsafe(24), _free_port()
    command = run.lab_command(
        Path(sys.executable),
        token,
        ["--no-browser", f"--port={port}", "--ServerApp.port_retries=0", *extra],
        root=root,
    )
    with tempfile.TemporaryDirectory() as home, open(f"{home}/lab.log", "wb") as log:
        # autosave off: a run longer than JupyterLab's two-minute autosave would write into the notebooks
        settings = Path(home, "settings", "@jupyterlab", "docmanager-extension")
        settings.mkdir(parents=True)
        (settings / "plugin.jupyterlab-settings").write_text(json.dumps({"autosave": False}))
        env = dict(
            os.environ,
            JUPYTER_RUNTIME_DIR=f"{home}/runtime",
            JUPYTERLAB_WORKSPACES_DIR=f"{home}/ws",
            JUPYTERLAB_SETTINGS_DIR=f"{home}/settings",
        )
        env.pop("MPLBACKEND", None)  # would leak into kernels and turn inline figures off
        server = subprocess.Popen(
            command, cwd=root / "notebooks", env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        base = f"http://127.0.0.1:{port}"
        try:
            if not run.wait_until_serving(server, base, token, timeout_s=180):
                tail = Path(log.name).read_text(errors="replace")[-2000:]
                raise RuntimeError(f"JupyterLab did not serve at {base} (exit code {server.poll()}):\n{tail}")
            yield base, token
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


@contextmanager
def chromium_page():
    """A fresh headless Chromium (its own empty profile) and one page of it."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as profile, sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            profile,
            executable_path=chromium_path(),
            headless=True,
            args=CHROMIUM_FLAGS,
            viewport={"width": 1280, "height": 1000},
        )
        try:
            yield context.pages[0] if context.pages else context.new_page()
        finally:
            context.close()


def open_and_run_all(page, base: str, token: str, notebook: str, timeout_s: float = 120) -> None:
    """Open ``notebook`` in a fresh JupyterLab workspace, wait for its kernel, clear the saved outputs, run all
    cells and wait until every code cell has run."""
    page.goto(f"{base}/lab/tree/{notebook}?reset&token={token}")
    page.wait_for_selector(f"{PANEL} .jp-Notebook", timeout=60_000)
    _wait_for_idle_kernel(page)
    _menu(page, "Edit", "editmenu:clear-all")
    _menu(page, "Run", "runmenu:run-all")
    page.wait_for_function(
        """() => { const prompts = [...document.querySelectorAll(
                     '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputArea-prompt')];
                   return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent)); }""",
        timeout=timeout_s * 1000,
    )


def _wait_for_idle_kernel(page, seconds: float = 60) -> None:
    """Wait until the status bar says the kernel is idle; accept a kernel-selection dialog if one appears."""
    deadline = time.monotonic() + seconds
    while True:
        page.wait_for_function(
            """() => /Idle/.test(document.querySelector('.jp-StatusBar-Widget')?.innerText ?? '')
                     || document.querySelector('.jp-Dialog .jp-Dialog-button.jp-mod-accept') !== null""",
            timeout=max(deadline - time.monotonic(), 0.001) * 1000,
        )
        accept = page.locator(".jp-Dialog .jp-Dialog-button.jp-mod-accept")
        if not accept.count():
            return
        accept.first.click()


def _menu(page, menu: str, command: str) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text=menu).first.click()
    page.locator(f'li.lm-Menu-item[data-command="{command}"]').click()


def page_problems(page) -> list[str]:
    """Error outputs and broken widgets visible in the open notebook."""
    problems = [f"error output: {t[:300]}" for t in page.locator(ERROR_OUTPUT).all_inner_texts()]
    text = page.locator(PANEL).inner_text()
    for marker in ("Error displaying widget", "Traceback (most recent call last)", "Model not found"):
        if marker in text:
            problems.append(f"the page shows {marker!r}")
    return problems


_WATCH = """(index) => {
  const root = document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .bplib-explorer')[index];
  const img = root.querySelector('img.bplib-picture');
  const w = window.__bplib = {pressed: null, latencies: [], renders: 0};
  document.addEventListener('keydown', () => { w.pressed = performance.now(); }, true);
  new MutationObserver(() => {
    const started = w.pressed;
    img.decode().catch(() => null).then(() => {
      w.renders += 1;
      if (started !== null) { w.latencies.push(performance.now() - started); w.pressed = null; }
    });
  }).observe(img, {attributes: true, attributeFilter: ['src']});
}"""


@dataclass
class SliderReport:
    description: str
    latencies_ms: list[float] = field(default_factory=list)
    picture_changed: bool = False
    readout_changed: bool = False


def explorer_names(notebook: Path) -> list[str]:
    """The explorer classes a notebook shows, in the order of its cells (read from its code)."""
    names = []
    for cell in json.loads(notebook.read_text())["cells"]:
        if cell["cell_type"] == "code":
            names += re.findall(r"(\w+Explorer)\(", "".join(cell["source"]))
    return names


def explorer_count(page) -> int:
    return page.locator(f"{PANEL} .bplib-explorer").count()


def drive_sliders(page, index: int, presses: int = 8, most: int | None = None) -> list[SliderReport]:
    """Move every slider of explorer ``index`` (or its first ``most``) with the keyboard: ``presses`` arrow keys
    timed one by one, then End and Home, then back to where it was. Returns what each slider did."""
    explorer = page.locator(f"{PANEL} .bplib-explorer").nth(index)
    explorer.scroll_into_view_if_needed()
    page.evaluate(_WATCH, index)
    picture = explorer.locator("img.bplib-picture")
    readout = explorer.locator(".bplib-readout")
    reports = []
    count = explorer.locator(".widget-slider").count()
    for s in range(count if most is None else min(most, count)):
        slider = explorer.locator(".widget-slider").nth(s)
        report = SliderReport(slider.locator(".widget-label").first.inner_text().strip())
        before = (picture.screenshot(), readout.inner_text())
        handle = slider.locator(".noUi-handle")
        original = _position(slider)[0]
        handle.focus()
        key = (
            "ArrowLeft"
            if handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
            else "ArrowRight"
        )
        for _ in range(presses):
            report.latencies_ms.append(_press_and_time(page, handle, key))
        report.picture_changed = picture.screenshot() != before[0]
        report.readout_changed = readout.inner_text() != before[1]
        for key in ("End", "Home"):
            _press_and_time(page, handle, key)
        _move_back(page, slider, original, readout, before[1], report.description)
        reports.append(report)
    return reports


def _move_back(page, slider, value: float, readout, text: str, what: str, attempts: int = 4) -> None:
    """Arrow-key the slider back to ``value`` (its ``_position`` before the moves), then wait until the
    explorer's ``readout`` shows ``text`` again: the kernel has handled the last change and answered.

    The front end merges a burst of key presses; if the numbers have not come back, the handle is moved a
    step away and back again (at most ``attempts`` times). A start value off the slider's step grid, which a
    learner could not reach again either, fails."""
    handle = slider.locator(".noUi-handle")
    for attempt in range(attempts):
        if attempt:  # one step away first, so that even a handle already in place sends its value again
            at_min = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemin")
            handle.press("ArrowRight" if at_min else "ArrowLeft")
        now = _arrow_to(slider, value)
        if abs(now - value) > 1e-9:
            raise AssertionError(f"{what}: the slider cannot come back to its start {value}: the arrow keys give {now}")
        try:
            page.wait_for_function(
                "([el, text]) => el.innerText === text", arg=[readout.element_handle(), text], timeout=5_000
            )
            return
        except Exception:
            pass  # not back yet: send the value again
    raise AssertionError(
        f"{what}: moved back to {value}, the numbers did not come back: {readout.inner_text()!r}, expected {text!r}"
    )


def _position(slider) -> tuple[float, float]:
    """Where the slider's handle is, exactly (aria-valuenow is rounded: it says 0.3 for 0.25), and its step."""
    return tuple(
        slider.locator(".noUi-target").evaluate("el => [Number(el.noUiSlider.get()), el.noUiSlider.options.step]")
    )


def _arrow_to(slider, value: float, most_rounds: int = 20) -> float:
    """Press keys until the handle reaches ``value`` or steps over it; return where it is. The first round
    covers most of the way with PageUp/PageDown (5 steps each in noUiSlider), later ones with arrow keys, as
    many as the steps still to go, looking again after each round."""
    handle = slider.locator(".noUi-handle")
    for round_ in range(most_rounds):
        now, step = _position(slider)
        if abs(now - value) <= 1e-9:
            break
        up = now < value
        steps = max(1, round(abs(value - now) / step)) if step else 1
        pages, steps = divmod(steps, PAGE_STEPS) if round_ == 0 else (0, steps)
        for key, count in (("PageUp" if up else "PageDown", pages), ("ArrowRight" if up else "ArrowLeft", steps)):
            for _ in range(count):
                handle.press(key)
        after, _ = _position(slider)
        if (after - value) * (now - value) < 0:  # stepped over it: the value is off the grid
            return after
    return _position(slider)[0]


def drive_choices(page, index: int) -> dict[str, int]:
    """Pick every other option of each drop-down and toggle-button group of explorer ``index``, then the one
    chosen before; each pick must bring a new picture. Returns, for each control, how many pictures came."""
    explorer = page.locator(f"{PANEL} .bplib-explorer").nth(index)
    picture = explorer.locator("img.bplib-picture")
    pictures = {}
    for s in range(explorer.locator("select").count()):
        select = explorer.locator("select").nth(s)
        options = select.locator("option").all_inner_texts()
        chosen = select.evaluate("el => el.options[el.selectedIndex].text")
        pictures[f"select {s}"] = 0
        for option in [o for o in options if o != chosen] + [chosen]:
            before = picture.get_attribute("src")
            select.select_option(label=option)
            _wait_for_new_picture(page, picture, before)
            pictures[f"select {s}"] += 1
    for t in range(explorer.locator(".widget-toggle-buttons").count()):
        buttons = explorer.locator(".widget-toggle-buttons").nth(t).locator("button")
        pressed = next(
            b for b in range(buttons.count()) if "mod-active" in (buttons.nth(b).get_attribute("class") or "")
        )
        pictures[f"toggle {t}"] = 0
        for b in [b for b in range(buttons.count()) if b != pressed] + [pressed]:
            before = picture.get_attribute("src")
            buttons.nth(b).click()
            _wait_for_new_picture(page, picture, before)
            pictures[f"toggle {t}"] += 1
    return pictures


def _wait_for_new_picture(page, picture, before: str, timeout_ms: int = 10_000) -> None:
    """Wait until the picture's source is no longer ``before``: a new picture has arrived."""
    try:
        page.wait_for_function(
            "([img, before]) => img.getAttribute('src') !== before",
            arg=[picture.element_handle(), before],
            timeout=timeout_ms,
        )
    except Exception as error:
        raise AssertionError("the picture did not change") from error


def _press_and_time(page, handle, key: str) -> float:
    count = page.evaluate("() => window.__bplib.latencies.length")
    value = handle.get_attribute("aria-valuenow")
    handle.press(key)
    try:
        page.wait_for_function(f"() => window.__bplib.latencies.length > {count}", timeout=10_000)
    except Exception:
        if handle.get_attribute("aria-valuenow") == value:  # already at that end: nothing to redraw
            return float("nan")
        raise
    return page.evaluate("() => window.__bplib.latencies[window.__bplib.latencies.length - 1]")


def summary(latencies: list[float]) -> tuple[float, float]:
    """(median, 95th percentile) of the finite latencies, in ms."""
    values = sorted(v for v in latencies if v == v)
    if not values:
        return float("nan"), float("nan")
    p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
    return statistics.median(values), p95


def drive_training(page, index: int, timeout_s: float = 60) -> dict:
    """Press Start on a training explorer and watch until the run ends: seconds from the click to the first
    picture whose readout shows >= 99 % held-out accuracy, pictures per second while training, and the final
    readout. Then Reset, and ``start_then_stop``: the seconds from the Stop click to the readout saying
    stopped (None if the run ended before the click could land).

    The readout is read through its markers, not its words, so this works in every language: the table's
    ``data-phase`` (ready, training, stopped, failed, done) and ``data-held-out-accuracy`` (percent), and the
    buttons' classes ``bplib-start``, ``bplib-stop`` and ``bplib-reset``."""
    explorer = page.locator(f"{PANEL} .bplib-explorer").nth(index)
    explorer.scroll_into_view_if_needed()
    page.evaluate(_WATCH_TRAINING, index)
    explorer.locator("button.bplib-start").click()
    final = _wait_for_state(page, "done|stopped|failed", timeout_s)
    if final != "done":
        raise AssertionError(f"the run did not end as done but {final}: {_readout(explorer)!r}")
    frames = page.evaluate("() => window.__bplibTraining.frames")
    start = page.evaluate("() => window.__bplibTraining.clicked")
    hit = next((f["t"] - start for f in frames if f["held"] is not None and f["held"] >= 99.0), None)
    training = [f for f in frames if f["state"] == "training"]
    span = (training[-1]["t"] - training[0]["t"]) / 1000 if len(training) > 1 else float("nan")
    report = {
        "seconds_to_99": None if hit is None else hit / 1000,
        "pictures_per_second": (len(training) - 1) / span if span == span and span > 0 else float("nan"),
        "final_readout": _readout(explorer),
    }
    explorer.locator("button.bplib-reset").click()
    _wait_for_state(page, "ready", 10)
    report["stop_seconds"] = start_then_stop(page, index, timeout_s)
    return report


def start_then_stop(page, index: int, timeout_s: float = 60, stop_when: str = "training|done") -> float | None:
    """Start training explorer ``index``, then click Stop as soon as the readout's phase matches ``stop_when``
    (by default: once the run shows): seconds from the Stop click to the readout saying stopped. A fast machine
    (or a short run) may end the whole run before the click lands: then the readout says done, Stop is
    disabled and the click does nothing, there is no stop to time, and this returns None. A run that ends in
    an error (phase failed, "stopped: ..." in English) fails."""
    explorer = page.locator(f"{PANEL} .bplib-explorer").nth(index)
    explorer.scroll_into_view_if_needed()
    page.evaluate(_WATCH_TRAINING, index)  # from here on, only this run's readouts count
    explorer.locator("button.bplib-start").click()
    _wait_for_state(page, stop_when, timeout_s)
    # forced: no wait for the button to be enabled, which it never is again once the run has ended
    explorer.locator("button.bplib-stop").click(force=True)
    final = _wait_for_state(page, "stopped|done|failed", timeout_s)
    if final == "failed":
        raise AssertionError(f"the run ended in an error: {_readout(explorer)!r}")
    if final == "done":
        return None
    return page.evaluate("() => (window.__bplibTraining.stoppedAt - window.__bplibTraining.stopClicked) / 1000")


def _readout(explorer) -> str:
    return explorer.locator(".bplib-readout").inner_text()


def _wait_for_state(page, states: str, timeout_s: float) -> str:
    """Wait until a readout seen since the watcher started has a phase matching the regex ``states`` (whole);
    return that phase."""
    found = page.wait_for_function(
        """(states) => window.__bplibTraining.frames.map(f => f.state)
                             .find(s => new RegExp(`^(${states})$`).test(s))""",
        arg=states,
        timeout=timeout_s * 1000,
    )
    return found.json_value()


_WATCH_TRAINING = """(index) => {
  const root = document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .bplib-explorer')[index];
  const img = root.querySelector('img.bplib-picture');
  const w = window.__bplibTraining = {frames: [], clicked: null, stopClicked: null, stoppedAt: null};
  root.addEventListener('click', (e) => {  // the moment the browser gets the click, not when Playwright sends it
    const button = e.target.closest('button');
    if (button?.classList.contains('bplib-start') && w.clicked === null) { w.clicked = performance.now(); }
    if (button?.classList.contains('bplib-stop')) { w.stopClicked = performance.now(); w.stoppedAt = null; }
  }, true);
  new MutationObserver(() => {
    // the readout's markers (data-phase, data-held-out-accuracy), the same in every language
    const table = root.querySelector('.bplib-readout table');
    const state = table?.dataset.phase ?? '';
    const held = table?.dataset.heldOutAccuracy;
    w.frames.push({t: performance.now(), held: held === undefined ? null : parseFloat(held), state});
    if (w.stopClicked !== null && w.stoppedAt === null && /^(stopped|failed)$/.test(state)) {
      w.stoppedAt = performance.now();
    }
  }).observe(root.querySelector('.bplib-readout'), {subtree: true, childList: true, characterData: true});
}"""
