"""Drive JupyterLab in headless Chromium, as a learner would: open a notebook, run every cell, move sliders.

Used by tests/test_browser.py (assertions) and benchmarks/explorer_latency.py (timings). Playwright drives
Debian's Chromium (``/usr/bin/chromium``); it never downloads a browser of its own.

Every wait here is for a state of the page (a prompt, a readout, a picture, a phase), never for a time. The
timeouts (``STATE_WAIT_S``) are safety nets that turn a page that never gets there into a failure with a
message; they are long, so that a machine busy with other work passes as a quiet one does.
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
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
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
try:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
except ImportError:  # the launcher tests use this module's server alone
    PlaywrightTimeout = TimeoutError

PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"
STATE_WAIT_S = 120  # the longest any one wait for a state may take before the test fails (see the docstring)
SCRATCH_PREFIX = "_browser-scratch-"  # scratch folders under notebooks/ (pyproject.toml keeps pytest out)
PAGE_STEPS = 5  # a PageUp/PageDown key moves a noUiSlider handle this many steps
PROBLEM_MARKERS = ("Error displaying widget", "Traceback (most recent call last)", "Model not found")
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
        _write_settings(Path(home, "settings"))
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


def _write_settings(folder: Path) -> None:
    """The user settings of the test's JupyterLab: autosave off (a session longer than JupyterLab's two-minute
    autosave would write into the notebooks); every cell drawn, in or out of view (by default the browser skips
    drawing cells out of view, and the text of a readout it has not drawn can read as empty)."""
    for plugin, settings in (
        ("docmanager-extension/plugin", {"autosave": False}),
        ("notebook-extension/tracker", {"windowingMode": "none"}),
    ):
        path = folder / "@jupyterlab" / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(settings))


@contextmanager
def scratch_folder():
    """A new folder under notebooks/ (served by the session's JupyterLab), removed with what is in it afterwards;
    yields ``(path, name)``, ``name`` relative to notebooks/."""
    path = Path(tempfile.mkdtemp(prefix=SCRATCH_PREFIX, dir=ROOT / "notebooks"))
    try:
        yield path, path.name
    finally:
        shutil.rmtree(path, ignore_errors=True)


def shut_down_kernels(base: str, token: str) -> None:
    """Shut down every kernel the server runs (one per notebook opened so far), so that they do not pile up."""
    headers = {"Authorization": f"token {token}"}
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(urllib.request.Request(f"{base}/api/kernels", headers=headers), timeout=60) as response:
        kernels = json.load(response)
    for kernel in kernels:
        request = urllib.request.Request(f"{base}/api/kernels/{kernel['id']}", headers=headers, method="DELETE")
        opener.open(request, timeout=60).close()


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
        # Playwright's own waits (for an element to be there, visible, enabled) as long as ours, not its 30 s
        context.set_default_timeout(STATE_WAIT_S * 1000)
        try:
            yield context.pages[0] if context.pages else context.new_page()
        finally:
            context.close()


def open_and_run_all(page, base: str, token: str, notebook: str, timeout_s: float = STATE_WAIT_S) -> None:
    """Open ``notebook`` (a path under the server's root) with a fresh kernel, clear the saved outputs, run all
    cells and wait until every code cell has run.

    The first time, the page loads JupyterLab itself, in a fresh workspace; after that, the notebook before is
    closed (its changes discarded: the file stays as it was), its kernel shut down, and the next one opened
    from the File menu, as a learner goes from one notebook to the next, without loading JupyterLab again."""
    # (a dialog still open, left by a test that failed, is a reason to load JupyterLab afresh)
    loaded = page.url.startswith(f"{base}/lab") and page.locator("#jp-main-dock-panel").count()
    if loaded and not page.locator(".jp-Dialog").count():
        close_notebooks(page)
        shut_down_kernels(base, token)
        _menu(page, "File", "filebrowser:open-path")
        dialog = page.locator(".jp-Dialog")
        dialog.locator("input").fill(notebook)
        dialog.locator(".jp-Dialog-button.jp-mod-accept").click()
        dialog.wait_for(state="detached", timeout=STATE_WAIT_S * 1000)
    else:
        shut_down_kernels(base, token)
        page.goto(f"{base}/lab/tree/{notebook}?reset&token={token}")
    page.locator(".lm-TabBar-tab.lm-mod-current .lm-TabBar-tabLabel", has_text=Path(notebook).name).wait_for(
        timeout=STATE_WAIT_S * 1000
    )
    page.wait_for_selector(f"{PANEL} .jp-Notebook", timeout=STATE_WAIT_S * 1000)
    _wait_for_idle_kernel(page)
    _menu(page, "Edit", "editmenu:clear-all")
    _menu(page, "Run", "runmenu:run-all")
    page.wait_for_function(
        """() => { const prompts = [...document.querySelectorAll(
                     '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputArea-prompt')];
                   return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent)); }""",
        timeout=timeout_s * 1000,
    )


def close_notebooks(page) -> None:
    """Close every open notebook, discarding its changes (the files stay as they are on disk)."""
    if not page.locator(".jp-NotebookPanel").count():
        return  # (with no tab open, the menu's Close All is disabled: a click would wait for it)
    _menu(page, "File", "application:close-all")
    while True:
        page.wait_for_function(
            """() => document.querySelector('.jp-NotebookPanel') === null
                     || document.querySelector('.jp-Dialog .jp-Dialog-button.jp-mod-warn') !== null""",
            timeout=STATE_WAIT_S * 1000,
        )
        discard = page.locator(".jp-Dialog .jp-Dialog-button.jp-mod-warn")
        if not discard.count():
            return
        discard.first.click()
        page.locator(".jp-Dialog").wait_for(state="detached", timeout=STATE_WAIT_S * 1000)


def _wait_for_idle_kernel(page, seconds: float = STATE_WAIT_S) -> None:
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
    for marker in PROBLEM_MARKERS:
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


def wait_for_explorers(page, count: int) -> int:
    """Wait until the open notebook shows ``count`` explorers (a widget is drawn a moment after its cell has
    run), or shows an error or a broken widget; return how many explorers it shows then."""
    page.wait_for_function(
        """([count, errors, markers]) => {
             const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
             return panel !== null && (panel.querySelectorAll('.bplib-explorer').length >= count
                    || document.querySelector(errors) !== null || markers.some(m => panel.innerText.includes(m)));
           }""",
        arg=[count, ERROR_OUTPUT, list(PROBLEM_MARKERS)],
        timeout=STATE_WAIT_S * 1000,
    )
    return explorer_count(page)


def explorer(page, index: int):
    """Explorer ``index`` of the open notebook, scrolled into view, once its readout shows numbers."""
    found = page.locator(f"{PANEL} .bplib-explorer").nth(index)
    found.scroll_into_view_if_needed()
    readout_text(page, found)
    return found


_CUT_LABELS = """root => {
    // every piece of text in the explorer's controls and readout that its box cuts off (ellipsis or clip)
    const found = [];
    for (const el of root.querySelectorAll(
        "label, button, select, .widget-label, .widget-readout, .widget-html-content td, .widget-toggle-button")) {
        const style = getComputedStyle(el);
        if (style.display === "none" || style.visibility === "hidden" || !el.offsetParent) continue;
        const text = (el.innerText || el.value || "").trim();
        if (text && el.scrollWidth > el.clientWidth + 1) {
            found.push(`${text} (${el.scrollWidth} px of text in ${el.clientWidth} px)`);
        }
    }
    return found;
}"""


def cut_labels(explorer) -> list[str]:
    """Each label, button, choice or readout cell of ``explorer`` (a locator) whose text is wider than its box."""
    return explorer.evaluate(_CUT_LABELS)


def readout_text(page, explorer, timeout_s: float = STATE_WAIT_S) -> str:
    """The explorer's readout once it shows a table with text in it (a readout read before the widget has drawn
    its first numbers is empty: that is a state to wait for, never one to read)."""
    return page.wait_for_function(
        """(el) => el.querySelector('table') !== null && el.innerText.trim() !== '' && el.innerText""",
        arg=explorer.locator(".bplib-readout").element_handle(),
        timeout=timeout_s * 1000,
    ).json_value()


def wait_for_answer(page, explorer, test: str, text: str, source: str | None = None) -> bool:
    """Wait until the readout's text is (``test="same"``) or is no longer (``"other"``) ``text`` and, if a
    ``source`` is given, the picture's source is no longer that one: the kernel has answered a change with its
    numbers and its picture (some explorers send one first, some the other). False if that did not happen
    within ``STATE_WAIT_S`` (a safety net for a failing test, not a wait)."""
    try:
        page.wait_for_function(
            """([el, img, test, text, source]) => el.querySelector('table') !== null && el.innerText.trim() !== ''
                 && ((el.innerText === text) === (test === 'same'))
                 && (source === null || img.getAttribute('src') !== source)""",
            arg=[
                explorer.locator(".bplib-readout").element_handle(),
                explorer.locator("img.bplib-picture").element_handle(),
                test,
                text,
                source,
            ],
            timeout=STATE_WAIT_S * 1000,
        )
    except PlaywrightTimeout:
        return False
    return True


def picture_source(explorer) -> str | None:
    """The picture's source now: a new one for each picture the kernel sends."""
    return explorer.locator("img.bplib-picture").get_attribute("src")


def picture_digest(page, explorer) -> str:
    """A SHA-256 of the PNG the explorer's picture shows now (a screenshot would depend on the scroll position)."""
    return explorer.locator("img.bplib-picture").evaluate(
        """async (img) => {
          const bytes = await (await fetch(img.src)).arrayBuffer();
          const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
          return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
        }"""
    )


def drive_sliders(page, index: int, most: int | None = None) -> list[SliderReport]:
    """Move every slider of explorer ``index`` (or its first ``most``) one key press away from where it is, wait
    for the kernel's answer, then one press back. Returns what each slider did.

    One press a direction is enough here: tests/test_explorers.py and tests/test_training_explorer.py drive
    every control of every explorer to both its ends in the kernel, where it costs milliseconds."""
    found = explorer(page, index)
    reports = []
    count = found.locator(".widget-slider").count()
    for s in range(count if most is None else min(most, count)):
        slider = found.locator(".widget-slider").nth(s)
        report = SliderReport(slider.locator(".widget-label").first.inner_text().strip())
        text, picture, source = readout_text(page, found), picture_digest(page, found), picture_source(found)
        original = _position(slider)[0]
        handle = slider.locator(".noUi-handle")
        handle.focus()
        handle.press("ArrowLeft" if _at_end(slider, "ArrowRight") else "ArrowRight")
        wait_for_answer(page, found, "other", text, source)  # if not, what did not come shows below
        report.readout_changed = readout_text(page, found) != text
        report.picture_changed = picture_digest(page, found) != picture
        _move_back(page, slider, original, found, text, report.description)
        reports.append(report)
    return reports


def time_sliders(page, index: int, presses: int) -> list[list[float]]:
    """For benchmarks: press an arrow key ``presses`` times on each slider of explorer ``index``, one at a time,
    turning round at an end (so that every press moves the handle); the milliseconds from each keydown to the
    new picture decoded in the page, a list per slider. Each slider is put back where it was."""
    found = explorer(page, index)
    page.evaluate(_WATCH, index)
    timings = []
    for s in range(found.locator(".widget-slider").count()):
        slider = found.locator(".widget-slider").nth(s)
        text, original = readout_text(page, found), _position(slider)[0]
        handle = slider.locator(".noUi-handle")
        handle.focus()
        key, times = "ArrowRight", []
        for _ in range(presses):
            if _at_end(slider, key):
                key = "ArrowLeft" if key == "ArrowRight" else "ArrowRight"
                if _at_end(slider, key):
                    break  # a slider with one position: nothing to time
            times.append(_press_and_time(page, handle, key))
        _move_back(page, slider, original, found, text, "benchmark")
        timings.append(times)
    return timings


def _at_end(slider, key: str) -> bool:
    """Whether ``key`` (ArrowLeft or ArrowRight) cannot move the slider: it is at that end already. Read from
    noUiSlider itself; the handle's aria-valuenow is rounded."""
    now, low, high = slider.locator(".noUi-target").evaluate(
        "el => [Number(el.noUiSlider.get()), Number(el.noUiSlider.options.range.min),"
        " Number(el.noUiSlider.options.range.max)]"
    )
    return now >= high if key == "ArrowRight" else now <= low


def _move_back(page, slider, value: float, explorer, text: str, what: str) -> None:
    """Arrow-key the slider back to ``value`` (its ``_position`` before the moves), then wait until the
    explorer's readout shows ``text`` again and a new picture has come: the kernel has handled the last change
    and answered. A start value off the slider's step grid, which a learner could not reach again either,
    fails."""
    moves = abs(_position(slider)[0] - value) > 1e-9  # (a benchmark's presses may have ended where they began)
    source = picture_source(explorer) if moves else None
    now = _arrow_to(slider, value)
    if abs(now - value) > 1e-9:
        raise AssertionError(f"{what}: the slider cannot come back to its start {value}: the arrow keys give {now}")
    if not wait_for_answer(page, explorer, "same", text, source):
        raise AssertionError(
            f"{what}: moved back to {value}, the numbers did not come back: {readout_text(page, explorer)!r}, "
            f"expected {text!r}"
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
    """Pick another option of each drop-down and toggle-button group of explorer ``index``, then the one chosen
    before; each pick must bring a new picture. Returns, for each control, how many pictures came. (Every
    option of every control is tried in the kernel by tests/test_explorers.py and
    tests/test_training_explorer.py; here the browser shows that a pick reaches the kernel and comes back.)"""
    found = explorer(page, index)
    picture = found.locator("img.bplib-picture")
    pictures = {}
    for s in range(found.locator("select").count()):
        select = found.locator("select").nth(s)
        options = select.locator("option").all_inner_texts()
        chosen = select.evaluate("el => el.options[el.selectedIndex].text")
        pictures[f"select {s}"] = 0
        for option in [next(o for o in options if o != chosen), chosen]:
            before = picture.get_attribute("src")
            select.select_option(label=option)
            _wait_for_new_picture(page, picture, before, f"select {s} = {option!r}")
            pictures[f"select {s}"] += 1
    for t in range(found.locator(".widget-toggle-buttons").count()):
        buttons = found.locator(".widget-toggle-buttons").nth(t).locator("button")
        pressed = next(
            b for b in range(buttons.count()) if "mod-active" in (buttons.nth(b).get_attribute("class") or "")
        )
        pictures[f"toggle {t}"] = 0
        for b in [next(b for b in range(buttons.count()) if b != pressed), pressed]:
            before = picture.get_attribute("src")
            buttons.nth(b).click()
            _wait_for_new_picture(page, picture, before, f"toggle {t}, button {b}")
            pictures[f"toggle {t}"] += 1
    return pictures


def _wait_for_new_picture(page, picture, before: str, what: str) -> None:
    """Wait until the picture's source is no longer ``before``: a new picture has arrived (each is a new blob
    URL)."""
    try:
        page.wait_for_function(
            "([img, before]) => img.getAttribute('src') !== before",
            arg=[picture.element_handle(), before],
            timeout=STATE_WAIT_S * 1000,
        )
    except PlaywrightTimeout as error:
        raise AssertionError(f"{what}: the picture did not change") from error


def _press_and_time(page, handle, key: str) -> float:
    """Press ``key`` (the caller has made sure it moves the handle) and wait for the picture it brings: the
    milliseconds from the keydown to that picture decoded, measured in the page."""
    count = page.evaluate("() => window.__bplib.latencies.length")
    handle.press(key)
    page.wait_for_function(f"() => window.__bplib.latencies.length > {count}", timeout=STATE_WAIT_S * 1000)
    return page.evaluate("() => window.__bplib.latencies[window.__bplib.latencies.length - 1]")


def summary(latencies: list[float]) -> tuple[float, float]:
    """(median, 95th percentile) of the finite latencies, in ms."""
    values = sorted(v for v in latencies if v == v)
    if not values:
        return float("nan"), float("nan")
    p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
    return statistics.median(values), p95


def drive_training(page, index: int, timeout_s: float = STATE_WAIT_S) -> dict:
    """Press Start on a training explorer and watch until the run ends, then press Reset and wait until it is
    ready again. Returns the seconds from the click to the first picture whose readout shows >= 99 % held-out
    accuracy (None if none did), the pictures per second while training, and the final readout.

    The readout is read through its markers, not its words, so this works in every language: the table's
    ``data-phase`` (ready, training, stopped, failed, done) and ``data-held-out-accuracy`` (percent), and the
    buttons' classes ``bplib-start``, ``bplib-stop`` and ``bplib-reset``. Stop is tried by
    tests/test_browser.py's scratch notebook (``start_then_stop``), where both orders of Stop and the run's end
    are certain."""
    found = explorer(page, index)
    page.evaluate(_WATCH_TRAINING, index)
    found.locator("button.bplib-start").click()
    final = _wait_for_state(page, "done|stopped|failed", timeout_s)
    if final != "done":
        raise AssertionError(f"the run did not end as done but {final}: {_readout(found)!r}")
    frames = page.evaluate("() => window.__bplibTraining.frames")
    start = page.evaluate("() => window.__bplibTraining.clicked")
    hit = next((f["t"] - start for f in frames if f["held"] is not None and f["held"] >= 99.0), None)
    training = [f for f in frames if f["state"] == "training"]
    span = (training[-1]["t"] - training[0]["t"]) / 1000 if len(training) > 1 else float("nan")
    report = {
        "seconds_to_99": None if hit is None else hit / 1000,
        "pictures_per_second": (len(training) - 1) / span if span == span and span > 0 else float("nan"),
        "final_readout": _readout(found),
    }
    found.locator("button.bplib-reset").click()
    _wait_for_state(page, "ready", timeout_s)
    return report


def start_then_stop(
    page, index: int, timeout_s: float = STATE_WAIT_S, stop_when: str = "training|done"
) -> float | None:
    """Start training explorer ``index``, then click Stop as soon as the readout's phase matches ``stop_when``
    (by default: once the run shows): seconds from the Stop click to the readout saying stopped. A fast machine
    (or a short run) may end the whole run before the click lands: then the readout says done, Stop is
    disabled and the click does nothing, there is no stop to time, and this returns None. A run that ends in
    an error (phase failed, "stopped: ..." in English) fails."""
    found = explorer(page, index)
    page.evaluate(_WATCH_TRAINING, index)  # from here on, only this run's readouts count
    found.locator("button.bplib-start").click()
    _wait_for_state(page, stop_when, timeout_s)
    # forced: no wait for the button to be enabled, which it never is again once the run has ended
    found.locator("button.bplib-stop").click(force=True)
    final = _wait_for_state(page, "stopped|done|failed", timeout_s)
    if final == "failed":
        raise AssertionError(f"the run ended in an error: {_readout(found)!r}")
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
