#!/usr/bin/env python3
"""Set up and run "Backprop, step by step" with nothing but Python >= 3.10.

    python3 run.py lab    # JupyterLab on the notebooks (extra arguments go on to `jupyter lab`)
    python3 run.py test   # every check: ruff, the unit and property tests, the notebooks, the browser tests

Both first make `.venv` (if missing) and install the project into it, editable with its test extra, but
only when pyproject.toml changed since the last install. Standard library only.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP_NAME = "bplib-installed.sha256"
INDEX_NOTEBOOK = "00_index.ipynb"


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


def ensure_environment(venv: Path = VENV, root: Path = ROOT) -> Path:
    """Create the venv and install the project when needed; return the venv's python."""
    python = venv_python(venv)
    if not python.exists():
        print(f"run.py: creating {venv}", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    if needs_install(venv, root):
        print("run.py: installing bplib with its test extra (pyproject.toml changed or first run)", flush=True)
        subprocess.run([str(python), "-m", "pip", "install", "--upgrade", "pip"], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-e", f"{root}[test]"], check=True)
        (venv / STAMP_NAME).write_text(install_fingerprint(root) + "\n")
    return python


def running_as_root() -> bool:
    return getattr(os, "geteuid", lambda: -1)() == 0


def lab_command(python: Path, token: str, extra: list[str], root: Path = ROOT) -> list[str]:
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
    if (root / "notebooks" / INDEX_NOTEBOOK).exists():
        command.append(INDEX_NOTEBOOK)
    return command + extra


def chosen_port(extra: list[str]) -> int | None:
    """The port asked for with --port=N, --port N or --ServerApp.port=N among the extra arguments, if any."""
    for i, arg in enumerate(extra):
        for flag in ("--port", "--ServerApp.port"):
            if arg.startswith(flag + "="):
                return int(arg.split("=", 1)[1])
            if arg == flag and i + 1 < len(extra):
                return int(extra[i + 1])
    return None


def free_port(start: int = 8888) -> int:
    for port in range(start, start + 100):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError(f"no free port between {start} and {start + 99}")


def lab(extra: list[str]) -> int:
    python = ensure_environment()
    token = secrets.token_urlsafe(24)
    port = chosen_port(extra)
    if port is None:
        port = free_port()
        extra = [f"--port={port}", *extra]
    # Jupyter hides a token it did not make itself ("token=..."), so say the full address here
    index = f"tree/{INDEX_NOTEBOOK}" if (ROOT / "notebooks" / INDEX_NOTEBOOK).exists() else ""
    print(f"run.py: JupyterLab at http://127.0.0.1:{port}/lab/{index}?token={token}", flush=True)
    command = lab_command(python, token, ["--ServerApp.port_retries=0", *extra])
    return subprocess.call(command, cwd=ROOT / "notebooks")


def test(extra: list[str]) -> int:
    python = ensure_environment()
    steps = [
        [str(python), "-m", "ruff", "check", "."],
        [str(python), "-m", "pytest", *extra],
    ]
    for step in steps:
        print("run.py:", " ".join(step[1:]), flush=True)
        code = subprocess.call(step, cwd=ROOT)
        if code != 0:
            return code
    return 0


def main(argv: list[str]) -> int:
    if len(argv) < 1 or argv[0] not in ("lab", "test"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    if sys.version_info < (3, 10):  # noqa: UP036 (this file must also run on an old python3 to say so)
        print(f"run.py needs Python 3.10 or newer, this is {sys.version.split()[0]}", file=sys.stderr)
        return 2
    return lab(argv[1:]) if argv[0] == "lab" else test(argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
