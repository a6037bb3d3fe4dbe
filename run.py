#!/usr/bin/env python3
"""Set up and run "Backprop, step by step" with nothing but Python >= 3.10.

    python3 run.py lab    # JupyterLab on the notebooks (extra arguments go on to `jupyter lab`)
    python3 run.py lab --ja   # the same, opening the Japanese edition (日本語版)
    python3 run.py test   # every check: ruff, the unit and property tests, the notebooks, the browser tests
    python3 run.py test -k article   # with arguments: ruff, then one pytest with those arguments
    python3 run.py --help # this text

Both first make `.venv` (if missing) and install the project into it, editable with its test extra, but
only when pyproject.toml changed since the last install; a broken `.venv` is rebuilt. `test` without arguments
runs the browser tests and the rest as two pytest processes side by side, and ends with one line for both,
"N passed, N failed". Ctrl-C stops the server or the tests and waits for them. Standard library only.
"""

from __future__ import annotations

import csv
import hashlib
import importlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import xml.etree.ElementTree as ElementTree
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP_NAME = "bplib-installed.sha256"
INDEX_NOTEBOOK = "00_index.ipynb"
JAPANESE_INDEX = "ja/00_index.ipynb"
PORT_FLAGS = ("--port", "--ServerApp.port")
STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))
STOP_GRACE_S = 30  # how long a stopped child may take to shut down before its process group is killed
POLL_S = 0.2  # between two looks at whether the server answers yet
BROWSER_TESTS = "tests/test_browser*.py"  # run beside the rest by `run.py test` (most of the suite's time)

# Written into the environment (the venv here, the conda env on Binder): JupyterLab's own settings
# directory takes package overrides, IPython reads kernel config from {prefix}/etc/ipython.
LAB_SETTINGS_FILE = Path("share/jupyter/lab/settings/overrides.d/backprop-step-by-step.json")
LAB_SETTINGS = {"@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False}}
KERNEL_CONFIG_FILE = Path("etc/ipython/ipython_kernel_config.py")
KERNEL_CONFIG_MARK = "# Written by run.py (Backprop, step by step)"
KERNEL_CONFIG = (
    f"{KERNEL_CONFIG_MARK}: a NameError from a notebook run out of order gets a hint.\n"
    'c.InteractiveShellApp.extensions.append("bplib.explore.cell_order_hint")\n'
)

# The environment check runs inside the venv's own python (isolated: no PYTHONPATH, no user site).
CHECK_SNIPPET = (
    "import sys; sys.path.insert(0, sys.argv[1]); import run; del sys.path[0]; run.report_environment(sys.argv[2])"
)
KEY_IMPORTS = ("pip", "numpy", "bplib")


class LaunchError(Exception):
    """A problem run.py explains in one line, without a traceback."""

    exit_code = 1


class UsageError(LaunchError):
    exit_code = 2


def say(message: str) -> None:
    print(f"run.py: {message}", flush=True)


# ---- the environment -------------------------------------------------------------------------------------


def venv_python(venv: Path, os_name: str = os.name) -> Path:
    """The venv's interpreter: Scripts\\python.exe on Windows, bin/python elsewhere."""
    return venv / "Scripts" / "python.exe" if os_name == "nt" else venv / "bin" / "python"


def install_fingerprint(root: Path = ROOT) -> str:
    """What an install depends on: pyproject.toml's bytes and the Python that runs it."""
    digest = hashlib.sha256((root / "pyproject.toml").read_bytes())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def needs_install(venv: Path, root: Path = ROOT) -> bool:
    stamp = venv / STAMP_NAME
    return not stamp.exists() or stamp.read_text().strip() != install_fingerprint(root)


def check_pyproject(root: Path = ROOT) -> None:
    """Raise a one-line LaunchError if pyproject.toml cannot be read, is not TOML, or lacks what run.py installs.

    Needs a TOML parser: tomllib (3.11+); on 3.10 tomli or pip's copy of it, if there; else pip reports."""
    path = root / "pyproject.toml"
    toml = toml_parser()
    if toml is None:
        return
    try:
        project = toml.loads(path.read_text(encoding="utf-8")).get("project")
    except OSError as error:
        raise LaunchError(f"cannot read {path}: {error.strerror}") from None
    except UnicodeDecodeError:
        raise LaunchError(f"{path} is not UTF-8 text") from None
    except ValueError as error:  # tomllib.TOMLDecodeError
        raise LaunchError(f"{path} is not valid TOML: {error}") from None
    if not isinstance(project, dict) or not project.get("name"):
        raise LaunchError(f"{path} has no [project] table with a name")
    if "test" not in (project.get("optional-dependencies") or {}):
        raise LaunchError(f"{path} has no test list under [project.optional-dependencies] (run.py installs it)")


def toml_parser():
    for name in ("tomllib", "tomli", "pip._vendor.tomli"):
        try:
            return importlib.import_module(name)
        except ImportError:
            pass
    return None


def ensure_environment(venv: Path = VENV, root: Path = ROOT) -> Path:
    """Make the venv usable and return its python: create it, install when pyproject.toml changed, and rebuild
    it from scratch when a quick check finds it broken (no pip, a missing package or file, bplib elsewhere)."""
    check_pyproject(root)
    python = venv_python(venv)
    if not python.exists():
        if venv.exists():
            say(f"{venv} has no python (an interrupted first run?); rebuilding it")
        return rebuild(venv, root)
    if needs_install(venv, root):
        if not pip_runs(python):
            say(f"{venv} has no working pip (an interrupted first run?); rebuilding it, which takes a few minutes")
            return rebuild(venv, root)
        install(python, venv, root)
    problems = environment_problems_of(python, root)
    if problems:
        say(f"{venv} is broken ({summary(problems)}); rebuilding it, which takes a few minutes")
        return rebuild(venv, root)
    configure_jupyter(venv)
    return python


def rebuild(venv: Path, root: Path) -> Path:
    """Create the venv afresh (clearing what is there), install, check; return its python."""
    if venv.exists() and not (venv / "pyvenv.cfg").exists():
        raise LaunchError(f"{venv} is not a virtual environment; move it away or delete it, then run again")
    say(f"creating {venv}")
    if subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)]).returncode != 0:
        raise LaunchError(f"could not create {venv} (see the message above); delete it, then run again")
    python = venv_python(venv)
    install(python, venv, root)
    problems = environment_problems_of(python, root)
    if problems:
        raise LaunchError(f"{venv} is still broken after a rebuild ({summary(problems)}); delete it and run again")
    configure_jupyter(venv)
    return python


def install(python: Path, venv: Path, root: Path) -> None:
    say("installing bplib with its test extra (pyproject.toml changed or first run)")
    subprocess.run([str(python), "-m", "pip", "install", "--upgrade", "pip"])  # an old pip still works
    if subprocess.run([str(python), "-m", "pip", "install", "-e", f"{root}[test]"]).returncode != 0:
        raise LaunchError(f"pip could not install the project from {root / 'pyproject.toml'} (its message is above)")
    (venv / STAMP_NAME).write_text(install_fingerprint(root) + "\n")


def pip_runs(python: Path) -> bool:
    return subprocess.run([str(python), "-m", "pip", "--version"], capture_output=True).returncode == 0


def environment_problems_of(python: Path, root: Path = ROOT) -> list[str]:
    """Run the environment check inside ``python`` (isolated mode) and return what it found."""
    here = str(Path(__file__).resolve().parent)
    result = subprocess.run([str(python), "-I", "-c", CHECK_SNIPPET, here, str(root)], capture_output=True, text=True)
    try:
        problems = json.loads(result.stdout)
    except ValueError:
        last = (result.stderr.strip().splitlines() or ["no message"])[-1]
        return [f"its python cannot run the check (exit code {result.returncode}: {last})"]
    return [str(p) for p in problems] if isinstance(problems, list) else [f"the check said {problems!r}"]


def summary(problems: list[str]) -> str:
    more = len(problems) - 1
    return problems[0] + (f"; and {more} more problem{'s' * (more > 1)}" if more else "")


def report_environment(root: str) -> None:
    """Print environment_problems() as JSON (this runs inside the venv, called by environment_problems_of)."""
    print(json.dumps(environment_problems(Path(root))))


def environment_problems(root: Path = ROOT) -> list[str]:
    """What is wrong with the running Python's environment for this project, one phrase each; [] if nothing.

    Imports the light key packages, checks that bplib is installed from ``root`` with everything its test
    extra requires, and that every file an installed distribution recorded is still there."""
    failed_imports = [problem for problem in map(import_problem, KEY_IMPORTS) if problem]
    problems = missing_files() + unmet_requirements() + failed_imports  # the plainest first
    if not failed_imports:
        bplib_dir = Path(sys.modules["bplib"].__file__).resolve().parent
        if bplib_dir != (root / "bplib").resolve():
            problems.append(f"bplib is installed from {bplib_dir.parent}, not from {root}")
    return problems


def import_problem(name: str) -> str | None:
    try:
        importlib.import_module(name)
    except Exception as error:
        return f"import {name} fails: {type(error).__name__}: {error}"
    return None


def unmet_requirements(project: str = "bplib", extra: str = "test") -> list[str]:
    """The distributions ``project`` (with ``extra``) requires that are not installed."""
    from importlib import metadata

    try:
        from pip._vendor.packaging.requirements import Requirement
    except ImportError:
        return []  # no pip: import_problem says so
    try:
        requirements = [Requirement(text) for text in metadata.requires(project) or []]
    except metadata.PackageNotFoundError:
        return [f"{project} is not installed"]
    missing = []
    for requirement in requirements:
        if requirement.marker is None or requirement.marker.evaluate({"extra": extra}):
            try:
                metadata.distribution(requirement.name)
            except metadata.PackageNotFoundError:
                missing.append(f"{requirement.name} is not installed")
    return missing


def missing_files() -> list[str]:
    """Installed distributions whose recorded files (byte-code caches aside) are no longer all there."""
    from importlib import metadata

    problems = []
    for distribution in metadata.distributions():
        base = str(distribution.locate_file(""))
        rows = csv.reader((distribution.read_text("RECORD") or "").splitlines())
        gone = [
            row[0]
            for row in rows
            if row and "__pycache__" not in row[0] and not os.path.exists(os.path.join(base, row[0]))
        ]
        if gone:
            problems.append(f"{distribution.metadata['Name']} misses {len(gone)} installed file(s), e.g. {gone[0]}")
    return problems


def configure_jupyter(prefix: Path) -> None:
    """Switch off JupyterLab's news toast and load the cell-order hint into kernels, for the environment at
    ``prefix`` only (never the user's home). Leaves alone a kernel config that run.py did not write."""
    write_if_changed(Path(prefix) / LAB_SETTINGS_FILE, json.dumps(LAB_SETTINGS, indent=2) + "\n")
    kernel_config = Path(prefix) / KERNEL_CONFIG_FILE
    if kernel_config.exists() and not kernel_config.read_text(encoding="utf-8").startswith(KERNEL_CONFIG_MARK):
        say(f"{kernel_config} was not written by run.py; left as it is (no cell-order hint in notebooks)")
    else:
        write_if_changed(kernel_config, KERNEL_CONFIG)


def write_if_changed(path: Path, text: str) -> None:
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


# ---- running a child until it ends, passing stop signals on ----------------------------------------------


def start(command: list[str], cwd: Path, stop_with: int, stdout=None) -> subprocess.Popen:
    """Start ``command`` in its own session: Ctrl-C reaches run.py alone, which stops the child its own way.
    On Linux the child also gets ``stop_with`` if run.py itself is killed outright (kill -9)."""
    return subprocess.Popen(
        command,
        cwd=cwd,
        stdout=stdout,
        stderr=None if stdout is None else subprocess.STDOUT,
        start_new_session=os.name != "nt",
        preexec_fn=stop_on_parent_death(stop_with),
    )


def stop_on_parent_death(number: int):
    """A preexec_fn asking Linux to send ``number`` to the child when run.py dies (None elsewhere)."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    prctl, parent = ctypes.CDLL(None, use_errno=True).prctl, os.getpid()

    def arm() -> None:
        prctl(1, number)  # PR_SET_PDEATHSIG
        if os.getppid() != parent:  # run.py died before that call
            os.kill(os.getpid(), number)

    return arm


class Supervised:
    """``commands`` run as children side by side (see start) for the length of a with-block; ``outputs`` says,
    for each, where its output goes (None: this terminal). Meanwhile SIGINT, SIGTERM and SIGHUP to run.py stop
    the children instead of run.py: the first sends each ``stop_with`` (and kills the process groups still there
    after STOP_GRACE_S), a second kills them at once. The handlers are in place before the children start, and
    a child still running at the end of the block is killed: run.py never leaves one behind."""

    def __init__(self, commands: list[list[str]], cwd: Path, stop_with: int, outputs: list | None = None):
        self.commands, self.cwd, self.stop_with = commands, cwd, stop_with
        self.outputs = outputs or [None] * len(commands)
        self.children: list[subprocess.Popen] = []
        self.requested = False
        self._timer = threading.Timer(STOP_GRACE_S, self.kill)
        self._timer.daemon = True

    @property
    def child(self) -> subprocess.Popen:
        return self.children[0]

    def __enter__(self) -> Supervised:
        self._previous = {number: signal.signal(number, self._on_signal) for number in STOP_SIGNALS}
        try:
            for command, output in zip(self.commands, self.outputs):
                self.children.append(start(command, self.cwd, self.stop_with, output))
        except BaseException:
            self.kill()
            self._restore_handlers()
            raise
        if self.requested:  # a signal came while they were starting
            self._stop()
        return self

    def __exit__(self, *exc_info) -> None:
        self._timer.cancel()
        self.kill()
        for child in self.children:
            child.wait()
        self._restore_handlers()

    def wait(self) -> list[int]:
        """Wait for every child; their exit statuses, as a shell reports them."""
        return [exit_status(child.wait()) for child in self.children]

    def _restore_handlers(self) -> None:
        for number, handler in self._previous.items():
            signal.signal(number, handler)

    def _on_signal(self, number: int, frame) -> None:
        if self.requested:
            self.kill()
            return
        self.requested = True
        name = "Ctrl-C" if number == signal.SIGINT else signal.Signals(number).name
        print(f"\nrun.py: {name} received, stopping and waiting for it", flush=True)
        if self.children:
            self._stop()

    def _stop(self) -> None:
        running = [child for child in self.children if child.poll() is None]
        for child in running:
            child.send_signal(self.stop_with)
        if running:
            self._timer.start()

    def kill(self) -> None:
        """Kill every child still running, with its process group (each leads its own: its helpers go too)."""
        for child in self.children:
            if child.poll() is not None:
                continue
            if hasattr(os, "killpg"):
                try:
                    os.killpg(child.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            else:
                child.kill()


def exit_status(code: int) -> int:
    """A child's return code as a shell would report it (killed by signal N -> 128 + N)."""
    return 128 - code if code < 0 else code


def run_child(command: list[str], cwd: Path, stop_with: int) -> int:
    with Supervised([command], cwd, stop_with) as supervised:
        return supervised.wait()[0]


# ---- the lab ---------------------------------------------------------------------------------------------


def lab_command(
    python: Path, token: str, extra: list[str], root: Path = ROOT, index: str = INDEX_NOTEBOOK
) -> list[str]:
    """The `jupyter lab` command line: loopback only, token authentication on, opening the index notebook.

    Jupyter's own protections stay on: no empty token, no 0.0.0.0, XSRF checks and same-origin rules intact.
    """
    if len(token) < 16:
        raise ValueError("token must be at least 16 characters")
    command = [
        str(python),
        "-m",
        "jupyter",
        "lab",
        "--ServerApp.ip=127.0.0.1",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root / 'notebooks'}",
        "--LabApp.news_url=None",
    ]
    if running_as_root():  # Jupyter refuses to start as root without it (containers, CI)
        command.append("--allow-root")
    if (root / "notebooks" / index).exists():
        command.append(index)
    return command + extra


def running_as_root() -> bool:
    return getattr(os, "geteuid", lambda: -1)() == 0


def chosen_port(extra: list[str]) -> int | None:
    """The port asked for with --port=N, --port N or --ServerApp.port=N among the extra arguments (the last one,
    as Jupyter reads them), or None. Raises UsageError for anything but a whole number from 1 to 65535."""
    port = None
    for i, arg in enumerate(extra):
        for flag in PORT_FLAGS:
            if arg.startswith(flag + "="):
                port = valid_port(arg.split("=", 1)[1], flag)
            elif arg == flag:
                if i + 1 >= len(extra):
                    raise UsageError(f"{flag} needs a port number after it")
                port = valid_port(extra[i + 1], flag)
    return port


def valid_port(text: str, flag: str = "--port") -> int:
    port = int(text) if text.isascii() and text.isdigit() else -1
    if not 1 <= port <= 65535:
        raise UsageError(f"{flag} takes a port number from 1 to 65535, not {text!r}")
    return port


def port_is_free(port: int) -> bool:
    """Whether Jupyter could listen on 127.0.0.1:port (binding as it does: a port left in TIME_WAIT is free)."""
    with socket.socket() as probe:
        if os.name != "nt":
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port(start: int = 8888) -> int:
    for port in range(start, start + 100):
        if port_is_free(port):
            return port
    raise LaunchError(f"no free port between {start} and {start + 99}; choose one with --port N")


_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # 127.0.0.1 never goes through a proxy


def answers(base_url: str, token: str) -> bool:
    """Whether the server at ``base_url`` is up and is ours: it accepts our token (another server says 403)."""
    request = urllib.request.Request(f"{base_url}/api/status", headers={"Authorization": f"token {token}"})
    try:
        with _DIRECT.open(request, timeout=5) as response:
            return response.status == 200
    except (OSError, ValueError):  # refused, reset, HTTP errors, a half-started server
        return False


def wait_until_serving(server: subprocess.Popen, base_url: str, token: str, timeout_s: float | None = None) -> bool:
    """Poll until the server answers with our token (True), or its process ends or ``timeout_s`` passes (False)."""
    deadline = None if timeout_s is None else time.monotonic() + timeout_s
    while server.poll() is None:
        if answers(base_url, token):
            return True
        if deadline is not None and time.monotonic() > deadline:
            return False
        try:
            server.wait(timeout=POLL_S)
        except subprocess.TimeoutExpired:
            pass
    return False


def chosen_index(extra: list[str]) -> tuple[str, list[str]]:
    """The index notebook to open (``--ja``: the Japanese edition's) and the arguments left for jupyter lab."""
    rest = [arg for arg in extra if arg != "--ja"]
    return (JAPANESE_INDEX if len(rest) < len(extra) else INDEX_NOTEBOOK), rest


def lab(extra: list[str]) -> int:
    index_notebook, extra = chosen_index(extra)
    port = chosen_port(extra)  # a bad port is a usage error, before any slow set-up
    python = ensure_environment()
    if port is None:
        port = free_port()
        extra = [f"--port={port}", *extra]
    elif not port_is_free(port):
        raise UsageError(
            f"port {port} is already in use on 127.0.0.1 (another JupyterLab?); "
            "choose another with --port N, or leave --port out to take a free one"
        )
    token = secrets.token_urlsafe(24)
    command = lab_command(python, token, ["--ServerApp.port_retries=0", *extra], index=index_notebook)
    with Supervised([command], ROOT / "notebooks", signal.SIGTERM) as supervised:  # SIGTERM: no "y/n?" from Jupyter
        server, base_url = supervised.child, f"http://127.0.0.1:{port}"
        if wait_until_serving(server, base_url, token):
            # Jupyter hides a token it did not make itself ("token=..."), so say the full address here
            index = f"tree/{index_notebook}" if (ROOT / "notebooks" / index_notebook).exists() else ""
            say(f"JupyterLab is serving at {base_url}/lab/{index}?token={token}")
            say("Ctrl-C stops it (and its kernels)")
        elif not supervised.requested:
            say(f"JupyterLab ended before it was serving (exit code {server.returncode}); its messages are above")
        return exit_status(server.wait())


def test(extra: list[str]) -> int:
    """ruff, then pytest: with ``extra`` arguments one pytest with them; without, the whole suite in two."""
    python = ensure_environment()
    say("ruff check .")
    code = run_child([str(python), "-m", "ruff", "check", "."], ROOT, signal.SIGINT)
    if code != 0:
        return code
    if extra:
        say(" ".join(["pytest", *extra]))
        return run_child([str(python), "-m", "pytest", *extra], ROOT, signal.SIGINT)
    return run_side_by_side(pytest_runs(python))


def pytest_runs(python: Path) -> dict[str, list[str]]:
    """The whole suite as two pytest runs that share no test: the browser tests (most of the suite's time, spent
    waiting on JupyterLab's kernels and Chromium) and the rest."""
    browser = sorted(str(path.relative_to(ROOT)) for path in ROOT.glob(BROWSER_TESTS))
    pytest = [str(python), "-m", "pytest"]
    return {"the rest": [*pytest, f"--ignore-glob={BROWSER_TESTS}"], "the browser tests": [*pytest, *browser]}


def run_side_by_side(runs: dict[str, list[str]]) -> int:
    """Run the pytest ``runs`` at once (a machine has two cores or more), the first one's output on this
    terminal, the others' printed after it ends; then one line for all: "N passed, N failed". The exit status
    is the first non-zero one of the runs (0 if all passed). SIGINT stops them all (pytest reports what ran)."""
    names, started = list(runs), time.monotonic()
    say(f"pytest, as {len(names)} processes side by side: {names[0]} here, then " + ", ".join(names[1:]))
    with tempfile.TemporaryDirectory() as folder:
        reports = [Path(folder, f"run{i}.xml") for i in range(len(names))]
        logs = [None] + [open(Path(folder, f"run{i}.log"), "wb") for i in range(1, len(names))]
        commands = [[*runs[name], f"--junitxml={report}"] for name, report in zip(names, reports)]
        try:
            with Supervised(commands, ROOT, signal.SIGINT, outputs=logs) as supervised:
                codes, interrupted = supervised.wait(), supervised.requested
        finally:
            for log in logs[1:]:
                log.close()
        for name, log in zip(names[1:], logs[1:]):
            print(f"\n---- {name} ----", flush=True)
            sys.stdout.buffer.write(Path(log.name).read_bytes())
            sys.stdout.flush()
        counts = [junit_counts(report) for report in reports]
    for name, count, code in zip(names, counts, codes):
        say(f"{name}: " + (f"{count_text(count)}, exit status {code}" if count else f"no report (exit status {code})"))
    passed = sum(count["passed"] for count in counts if count)
    failed = sum(count["failed"] for count in counts if count) + sum(1 for count in counts if count is None)
    skipped = sum(count["skipped"] for count in counts if count)
    say(f"{skipped} skipped, in {time.monotonic() - started:.0f} s in all")
    code = next((code for code in codes if code != 0), 0)
    # the last line, for CI and for people; a run that ended badly with no test failed says how it ended
    ending = " (interrupted)" if interrupted else f" (exit status {code})" if code and not failed else ""
    print(f"{passed} passed, {failed} failed{ending}", flush=True)
    return code


def junit_counts(path: Path) -> dict[str, int] | None:
    """Passed, failed (errors included) and skipped tests in a pytest JUnit XML report; None if it has none."""
    try:
        root = ElementTree.parse(path).getroot()
    except (OSError, ElementTree.ParseError):
        return None
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    total = {
        name: sum(int(suite.get(name, 0)) for suite in suites) for name in ("tests", "failures", "errors", "skipped")
    }
    failed = total["failures"] + total["errors"]
    return {"passed": total["tests"] - failed - total["skipped"], "failed": failed, "skipped": total["skipped"]}


def count_text(count: dict[str, int]) -> str:
    return ", ".join(f"{number} {what}" for what, number in count.items())


COMMANDS = {"lab": lab, "test": test}


def main(argv: list[str]) -> int:
    if sys.version_info < (3, 10):  # noqa: UP036 (this file must also run on an old python3 to say so)
        print(f"run.py needs Python 3.10 or newer, this is {sys.version.split()[0]}", file=sys.stderr)
        return 2
    usage = __doc__.strip()
    if argv[:1] in (["-h"], ["--help"], ["help"]):
        print(usage)
        return 0
    if not argv or argv[0] not in COMMANDS:
        wrong = f"unknown command {argv[0]!r}" if argv else "no command given"
        print(f"run.py: {wrong}; the commands are {' and '.join(COMMANDS)}\n\n{usage}", file=sys.stderr)
        return 2
    # outside a child's run (creating the venv, pip), SIGTERM and SIGHUP stop run.py as Ctrl-C does
    previous = {number: signal.signal(number, signal.default_int_handler) for number in STOP_SIGNALS}
    try:
        return COMMANDS[argv[0]](argv[1:])
    except LaunchError as error:
        print(f"run.py: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("\nrun.py: interrupted", file=sys.stderr)
        return 130
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
