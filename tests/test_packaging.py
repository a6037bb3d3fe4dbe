"""The two ways in (pip via run.py, conda/Binder via environment.yml) install the same packages, and run.py's
set-up logic does what it promises."""

import json
import os
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import run  # noqa: E402

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

CONDA_ONLY = {"python", "pip"}


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~;\[ ]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _conda_names(text: str) -> set[str]:
    names, in_dependencies = set(), False
    for line in text.splitlines():
        if line.startswith("dependencies:"):
            in_dependencies = True
        elif in_dependencies and re.match(r"^\s+-\s+\S", line) and not line.strip().endswith(":"):
            names.add(_name(line.split("-", 1)[1]))  # conda packages, and those of the "- pip:" list
        elif in_dependencies and line.strip() and not line.startswith(" "):
            in_dependencies = False
    return names - CONDA_ONLY


def test_environment_yml_names_the_same_packages_as_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pip_side = {
        _name(r)
        for r in project["dependencies"] + project["optional-dependencies"]["test"]
        if "python_version" not in r
    }
    conda_side = _conda_names((ROOT / "environment.yml").read_text())
    assert conda_side == pip_side
    assert {"numpy", "matplotlib", "ipywidgets", "jupyterlab", "nbval"} <= conda_side


# Binder's pip, standing in a scratch environment: it notes where it ran and with what, and installs nothing
FAKE_PIP = '#!/bin/sh\necho "$PWD $*" >> "$(dirname "$0")/pip-calls.txt"\n'


@pytest.mark.skipif(shutil.which("bash") is None, reason="postBuild is a bash script")
def test_binder_installs_bplib_and_writes_run_pys_settings_into_its_environment(tmp_path):
    """postBuild run as Binder runs it (from the repository, its environment's python and pip first on PATH),
    in a scratch environment: it installs bplib itself from the repository, editable, without pulling
    dependencies (environment.yml has them), and writes into that environment what run.py writes into .venv."""
    env = tmp_path / "binder-env"
    venv.create(env, with_pip=False)
    bin_dir = env / ("Scripts" if os.name == "nt" else "bin")
    (bin_dir / "pip").write_text(FAKE_PIP)
    (bin_dir / "pip").chmod(0o755)
    path = os.pathsep.join([str(bin_dir), os.environ.get("PATH", "")])
    result = subprocess.run(
        ["bash", str(ROOT / "postBuild")], cwd=ROOT, env=dict(os.environ, PATH=path), capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert (bin_dir / "pip-calls.txt").read_text().splitlines() == [f"{ROOT} install --no-deps -e ."]
    assert json.loads((env / run.LAB_SETTINGS_FILE).read_text()) == run.LAB_SETTINGS
    assert (env / run.KERNEL_CONFIG_FILE).read_text() == run.KERNEL_CONFIG


@pytest.mark.parametrize(("os_name", "parts"), [("nt", ("Scripts", "python.exe")), ("posix", ("bin", "python"))])
def test_venv_python_follows_each_platforms_layout(os_name, parts):
    assert run.venv_python(Path("venv"), os_name).parts[-2:] == parts


def test_install_is_skipped_until_pyproject_changes(tmp_path):
    root, venv = tmp_path / "project", tmp_path / "venv"
    root.mkdir()
    venv.mkdir()
    (root / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    assert run.needs_install(venv, root)
    (venv / run.STAMP_NAME).write_text(run.install_fingerprint(root))
    assert not run.needs_install(venv, root)
    (root / "pyproject.toml").write_text("[project]\nname = 'y'\n")
    assert run.needs_install(venv, root)


def test_lab_command_keeps_jupyters_security():
    command = run.lab_command(Path("python"), "t" * 32, ["--no-browser"])
    joined = " ".join(command)
    assert "--ServerApp.ip=127.0.0.1" in command and f"--IdentityProvider.token={'t' * 32}" in command
    for unsafe in ("0.0.0.0", "disable_check_xsrf", "allow_origin", "token=''", 'token=""'):
        assert unsafe not in joined
    assert command[-1] == "--no-browser"
    with pytest.raises(ValueError, match="token"):
        run.lab_command(Path("python"), "", [])


def test_run_py_uses_the_standard_library_only():
    imports = re.findall(r"^(?:from|import) (\w+)", (ROOT / "run.py").read_text(), re.M)
    assert set(imports) <= set(sys.stdlib_module_names) | {"__future__"}


@pytest.mark.parametrize(
    ("extra", "port"),
    [
        ([], None),
        (["--port=9000"], 9000),
        (["--no-browser", "--port", "9001"], 9001),
        (["--ServerApp.port=9002"], 9002),
    ],
)
def test_lab_finds_the_port_the_user_asked_for(extra, port):
    assert run.chosen_port(extra) == port


def test_lab_opens_the_japanese_index_with_ja():
    assert run.chosen_index(["--ja", "--no-browser"]) == (run.JAPANESE_INDEX, ["--no-browser"])
    assert run.chosen_index(["--no-browser"]) == (run.INDEX_NOTEBOOK, ["--no-browser"])
    command = run.lab_command(Path("python"), "t" * 32, [], index=run.JAPANESE_INDEX)
    assert command[-1] == run.JAPANESE_INDEX  # the Japanese edition's index exists
