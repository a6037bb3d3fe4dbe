"""Start JupyterLab exactly as `python3 run.py lab` does and check that it wants the token."""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import run  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _status(url: str, headers: dict | None = None) -> int:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture(scope="module")
def lab_server(tmp_path_factory):
    token, port = secrets.token_urlsafe(24), _free_port()
    command = run.lab_command(Path(sys.executable), token, ["--no-browser", f"--port={port}"])
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp_path_factory.mktemp("runtime")))
    server = subprocess.Popen(
        command, cwd=ROOT / "notebooks", env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            _status(f"{base}/api")
            break
        except OSError:
            time.sleep(0.3)
    else:
        server.kill()
        pytest.fail("JupyterLab did not start within 60 s")
    yield base, token
    server.terminate()
    server.wait(timeout=20)


def test_request_without_token_is_refused(lab_server):
    base, _ = lab_server
    assert _status(f"{base}/api/contents") == 403
    assert _status(f"{base}/api/contents?token=wrong-{secrets.token_hex(8)}") == 403


def test_request_with_token_succeeds(lab_server):
    base, token = lab_server
    assert _status(f"{base}/api/contents?token={token}") == 200
    assert _status(f"{base}/api/contents", {"Authorization": f"token {token}"}) == 200


def test_server_listens_on_loopback_only(lab_server):
    base, _ = lab_server
    assert base.startswith("http://127.0.0.1:")
    port = int(base.rsplit(":", 1)[1])
    addresses = {a[4][0] for a in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)} - {"127.0.0.1"}
    for address in addresses:
        with socket.socket() as s:
            s.settimeout(1)
            assert s.connect_ex((address, port)) != 0, f"also reachable on {address}"
