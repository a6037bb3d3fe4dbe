"""The launcher, tried for real: JupyterLab as ``run.py lab`` starts it wants the token and listens on 127.0.0.1
only; ``run.py lab`` prints the address once the server answers there, stops the server on SIGTERM and Ctrl-C,
and explains a bad or busy port, an unknown command or an old Python in one line. ``run.py test``'s two pytest
runs end in one line and one exit status, and Ctrl-C stops both; ``tests/under_load.py`` leaves nothing
spinning."""

import ast
import json
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import lab_browser  # noqa: E402
import run  # noqa: E402

# run.py's own main() on this test's python: only the environment step is replaced (a test never builds .venv)
LAUNCH = (
    "import pathlib, sys, run; run.ensure_environment = lambda: pathlib.Path(sys.executable); "
    "sys.exit(run.main(sys.argv[1:]))"
)
READY = r"serving at (http://127\.0\.0\.1:(\d+))/lab/\S*\?token=(\S+)"
DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))
posix_only = pytest.mark.skipif(os.name == "nt", reason="POSIX signals and sessions")


def _status(url: str, headers: dict | None = None) -> int:
    try:
        with DIRECT.open(urllib.request.Request(url, headers=headers or {}), timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _port(base_url: str) -> int:
    return int(base_url.rsplit(":", 1)[1])


def _must_not_run(*args, **kwargs):
    raise AssertionError("run.py went on after an error it should have stopped at")


# ---- the server, as run.py starts it ----------------------------------------------------------------------


def test_the_server_refuses_requests_without_the_token(lab_server):
    base, _ = lab_server
    assert _status(f"{base}/api/contents") == 403
    assert _status(f"{base}/api/contents?token=wrong-{'x' * 24}") == 403


def test_the_server_accepts_its_token(lab_server):
    base, token = lab_server
    assert _status(f"{base}/api/contents?token={token}") == 200
    assert _status(f"{base}/api/contents", {"Authorization": f"token {token}"}) == 200


def _other_local_addresses() -> set[str]:
    """This machine's own addresses besides 127.0.0.1: its host name's, the one it would use to reach the outside,
    and ::1; each kept only if a socket can really bind to it here."""
    found = set()
    for family, outside in ((socket.AF_INET, "192.0.2.1"), (socket.AF_INET6, "2001:db8::1")):
        try:
            found |= {info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None, family)}
        except OSError:
            pass
        try:
            with socket.socket(family, socket.SOCK_DGRAM) as probe:
                probe.connect((outside, 9))  # UDP: picks a route, sends nothing
                found.add(probe.getsockname()[0])
        except OSError:
            pass
    found.add("::1")
    return {address for address in found - {"127.0.0.1"} if "%" not in address and _bindable(address)}


def _bindable(address: str) -> bool:
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    try:
        with socket.socket(family) as probe:
            probe.bind((address, 0))
    except OSError:
        return False
    return True


def _connects(address: str, port: int) -> bool:
    try:
        socket.create_connection((address, port), timeout=3).close()
    except OSError:
        return False
    return True


def test_the_server_listens_on_127_0_0_1_only(lab_server):
    base, token = lab_server
    port = _port(base)
    assert _connects("127.0.0.1", port) and _status(f"{base}/api/status?token={token}") == 200
    others = _other_local_addresses()
    if not others:
        pytest.skip("this machine has no address besides 127.0.0.1 to try the server on")
    assert [address for address in sorted(others) if _connects(address, port)] == []


# ---- run.py lab in a process of its own ---------------------------------------------------------------------


class Launcher:
    """``run.py`` in a subprocess leading its own session, as a terminal runs it; its output lines collected."""

    def __init__(self, tmp_path: Path, *args: str):
        self.runtime_dir = tmp_path / "runtime"
        self.stderr_path = tmp_path / "run_py_stderr.txt"
        env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(self.runtime_dir), JUPYTERLAB_WORKSPACES_DIR=str(tmp_path))
        with open(self.stderr_path, "w") as stderr:
            self.process = subprocess.Popen(
                [sys.executable, "-c", LAUNCH, *args],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=stderr,
                text=True,
                start_new_session=True,
            )
        self.output: list[str] = []
        self._lines: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self._lines.put(line)
        self._lines.put(None)

    def wait_for(self, pattern: str, timeout_s: float = 300) -> re.Match:
        """The first line of run.py's output matching ``pattern``; fails if the output ends first."""
        while True:
            try:
                line = self._lines.get(timeout=timeout_s)  # a safety net only: the test waits for a line
            except queue.Empty:
                pytest.fail(f"run.py printed nothing for {timeout_s} s:\n{''.join(self.output)}{self.stderr()}")
            if line is None:
                pytest.fail(f"run.py ended without printing {pattern!r}:\n{''.join(self.output)}{self.stderr()}")
            self.output.append(line)
            match = re.search(pattern, line)
            if match:
                return match

    def stderr(self) -> str:
        return self.stderr_path.read_text()

    def server_pid(self) -> int:
        (info,) = self.runtime_dir.glob("jpserver-*.json")
        return json.loads(info.read_text())["pid"]

    def close(self) -> None:
        """Stop run.py as a user would (so it stops its server), killing it only if it does not end."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()


def _alive(pid: int) -> bool:
    """Whether ``pid`` is a running process (a zombie waiting to be collected by its new parent is not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().rsplit(")", 1)[1].split()[0] == "Z")


def _started_lab(tmp_path: Path) -> tuple[Launcher, str, str, int]:
    """``run.py lab`` started and serving: (launcher, base_url, token, the server's pid)."""
    launcher = Launcher(tmp_path, "lab", "--no-browser", f"--port={lab_browser._free_port()}")
    ready = launcher.wait_for(READY)
    base, token = ready.group(1), ready.group(3)
    assert _status(f"{base}/api/contents?token={token}") == 200  # it serves, with this token, once it says so
    return launcher, base, token, launcher.server_pid()


@posix_only
@pytest.mark.parametrize("how", ["SIGTERM to run.py", "Ctrl-C in its terminal"])
def test_stopping_run_py_stops_the_server_and_exits_cleanly(tmp_path, how):
    launcher, base, _, server = _started_lab(tmp_path)
    try:
        if how == "SIGTERM to run.py":
            launcher.process.send_signal(signal.SIGTERM)
        else:
            os.killpg(launcher.process.pid, signal.SIGINT)  # a terminal sends Ctrl-C to its foreground group
        assert launcher.process.wait(timeout=120) == 0
    finally:
        launcher.close()
    assert not _alive(server), "the JupyterLab server outlived run.py"
    assert not _connects("127.0.0.1", _port(base))
    assert "Traceback" not in launcher.stderr()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux's parent-death signal")
def test_even_kill_9_of_run_py_leaves_no_server(tmp_path):
    launcher, base, _, server = _started_lab(tmp_path)
    try:
        launcher.process.kill()
        assert launcher.process.wait(timeout=60) == -signal.SIGKILL
    finally:
        launcher.close()
    deadline = time.monotonic() + 120  # a safety net: the loop waits for the server to be gone
    while _alive(server) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(server), "the JupyterLab server outlived run.py"
    assert not _connects("127.0.0.1", _port(base))


@posix_only
def test_a_server_that_cannot_start_gets_no_address(tmp_path):
    broken = f"--ServerApp.root_dir={tmp_path / 'no-such-folder'}"  # Jupyter stops at start-up on this
    launcher = Launcher(tmp_path, "lab", "--no-browser", f"--port={lab_browser._free_port()}", broken)
    try:
        ended = launcher.wait_for(r"ended before it was serving \(exit code (\d+)\)")
        assert launcher.process.wait(timeout=60) == int(ended.group(1)) != 0
    finally:
        launcher.close()
    assert not any("serving at" in line for line in launcher.output)


def test_a_port_in_use_is_refused_before_a_server_starts(lab_server, monkeypatch, capsys):
    port = _port(lab_server[0])  # a real JupyterLab holds it
    monkeypatch.setattr(run, "ensure_environment", lambda: Path(sys.executable))
    monkeypatch.setattr(run, "start", _must_not_run)
    assert run.main(["lab", "--no-browser", "--port", str(port)]) == 2
    out, err = capsys.readouterr()
    assert f"port {port} is already in use on 127.0.0.1" in err and len(err.strip().splitlines()) == 1
    assert "token" not in out + err


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--port=abc"], "--port takes a port number from 1 to 65535, not 'abc'"),
        (["--port=99999"], "--port takes a port number from 1 to 65535, not '99999'"),
        (["--port", "0"], "--port takes a port number from 1 to 65535, not '0'"),
        (["--ServerApp.port=-5"], "--ServerApp.port takes a port number from 1 to 65535, not '-5'"),
        (["--no-browser", "--port"], "--port needs a port number after it"),
    ],
)
def test_a_bad_port_is_one_line_before_any_set_up(args, named, monkeypatch, capsys):
    monkeypatch.setattr(run, "ensure_environment", _must_not_run)
    assert run.main(["lab", *args]) == 2
    assert capsys.readouterr().err == f"run.py: {named}\n"


def test_the_first_free_port_is_one_nothing_listens_on():
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        busy = other.getsockname()[1]
        assert not run.port_is_free(busy)
        chosen = run.free_port(busy)
        assert chosen > busy and run.port_is_free(chosen)


# ---- the command line ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "code", "stream", "says"),
    [
        ([], 2, "err", "run.py: no command given; the commands are lab and test"),
        (["foo"], 2, "err", "run.py: unknown command 'foo'; the commands are lab and test"),
        (["-h"], 0, "out", "Set up and run"),
        (["--help"], 0, "out", "Set up and run"),
    ],
)
def test_the_command_line_says_what_commands_exist(argv, code, stream, says, capsys):
    assert run.main(argv) == code
    text = getattr(capsys.readouterr(), stream)
    assert text.startswith(says)
    assert "python3 run.py lab" in text and "python3 run.py test" in text


def test_an_old_python_is_told_it_needs_3_10(monkeypatch, capsys):
    monkeypatch.setattr(sys, "version_info", (3, 9, 18, "final", 0))
    monkeypatch.setattr(sys, "version", "3.9.18 (an old one)")
    assert run.main(["lab"]) == 2
    assert capsys.readouterr().err == "run.py needs Python 3.10 or newer, this is 3.9.18\n"


def test_run_py_parses_on_python_3_7_so_it_can_say_so():
    ast.parse((ROOT / "run.py").read_text(), feature_version=(3, 7))


# ---- run.py test: the suite as two pytest processes, one summary ----------------------------------------------

SOME_TESTS = """
import os, pathlib, time, pytest

def test_one(): pass
def test_two(): pass
def test_three(): assert os.environ.get("FAIL_ONE") != "yes"
@pytest.mark.skip(reason="shows in the count of skipped tests")
def test_skipped(): pass
"""

WAITS_FOR_CTRL_C = """
import os, pathlib, time

def test_waits_for_ctrl_c():
    pathlib.Path(os.environ["STARTED"], str(os.getpid())).touch()  # the launcher test waits for this
    time.sleep(3600)  # until Ctrl-C
"""

# run.py's side-by-side runner alone, on the runs given as JSON in the first argument
SIDE_BY_SIDE = "import json, sys, run; sys.exit(run.run_side_by_side(json.loads(sys.argv[1])))"


# the stand-in runs need none of the installed pytest plugins (nbval, hypothesis ...): they start faster without
QUICK_PYTEST = {"PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}


def _pytest_on(path: Path, *extra: str) -> list[str]:
    """A real pytest on ``path`` alone (its folder has no configuration: none of this project's options)."""
    return [sys.executable, "-m", "pytest", str(path), "-p", "no:cacheprovider", "--rootdir", str(path.parent), *extra]


@pytest.mark.parametrize(
    ("fail_one", "code", "last_line"), [("no", 0, "4 passed, 0 failed"), ("yes", 1, "3 passed, 1 failed")]
)
def test_two_pytest_runs_end_in_one_line_and_one_exit_status(tmp_path, monkeypatch, capfd, fail_one, code, last_line):
    for name in ("first", "second"):
        (tmp_path / name).mkdir()
        (tmp_path / name / f"test_{name}.py").write_text(SOME_TESTS)
    monkeypatch.setenv("FAIL_ONE", fail_one)
    for name, value in QUICK_PYTEST.items():
        monkeypatch.setenv(name, value)
    runs = {"the first": _pytest_on(tmp_path / "first" / "test_first.py", "-k", "not two")}
    runs["the second"] = _pytest_on(tmp_path / "second" / "test_second.py", "-k", "not three")
    assert run.run_side_by_side(runs) == code
    out = capfd.readouterr().out
    assert out.splitlines()[-1] == last_line
    assert "run.py: 2 skipped" in out
    assert out.index("---- the second ----") > out.index("test_first.py")  # the second's output after the first's


@posix_only
def test_ctrl_c_stops_both_runs_and_still_ends_in_one_line(tmp_path):
    started = tmp_path / "started"
    started.mkdir()
    for name in ("first", "second"):
        (tmp_path / name).mkdir()
        (tmp_path / name / f"test_{name}.py").write_text(WAITS_FOR_CTRL_C)
    runs = {name: _pytest_on(tmp_path / name / f"test_{name}.py") for name in ("first", "second")}
    process = subprocess.Popen(
        [sys.executable, "-c", SIDE_BY_SIDE, json.dumps(runs)],
        cwd=ROOT,
        env=dict(os.environ, STARTED=str(started), **QUICK_PYTEST),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 300  # a safety net: the loop waits for both tests to be running
        while len(list(started.iterdir())) < 2 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        pids = [int(path.name) for path in started.iterdir()]
        assert len(pids) == 2, "the two pytest runs did not both start"
        os.killpg(process.pid, signal.SIGINT)  # a terminal sends Ctrl-C to its foreground group
        out, err = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert process.returncode == 2  # pytest's status for an interrupted run
    assert out.splitlines()[-1] == "0 passed, 0 failed (interrupted)"
    assert "Ctrl-C received" in out and "Traceback" not in err
    assert not any(_alive(pid) for pid in pids), "a pytest run outlived run.py"


def test_under_load_passes_the_exit_status_on_and_leaves_no_busy_process():
    result = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "under_load.py"), "--busy", "2", "--"]
        + [sys.executable, "-c", "import sys; sys.exit(3)"],
        capture_output=True,
        text=True,
        timeout=120,  # a safety net: the script ends with its command
    )
    assert result.returncode == 3, result.stdout + result.stderr
    pids = [int(pid) for pid in re.search(r"\(([\d, ]+)\) spin", result.stdout).group(1).split(", ")]
    left = [pid for pid in pids if _alive(pid)]
    for pid in left:  # a failing script's leftovers, stopped here so that they do not spin on
        os.kill(pid, signal.SIGKILL)
    assert len(pids) == 2 and left == []
    assert result.stdout.splitlines()[-1] == "under_load.py: exit status 3"
