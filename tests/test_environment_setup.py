"""What run.py does before it starts anything: it names what is wrong with pyproject.toml in one line, finds a
broken .venv (no pip, a package or an installed file missing, bplib installed from elsewhere) and rebuilds it,
and writes this project's JupyterLab settings (no news toast) and kernel config into the environment."""

import json
import subprocess
import sys
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import lab_browser  # noqa: E402
import run  # noqa: E402

VALID_PYPROJECT = "[project]\nname = 'demo'\n[project.optional-dependencies]\ntest = ['pytest']\n"
has_toml_parser = run.toml_parser() is not None


# ---- pyproject.toml -----------------------------------------------------------------------------------------


@pytest.mark.skipif(not has_toml_parser, reason="no TOML parser (3.10 without tomli or pip): pip reports")
@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("[project\nname = 'demo'\n", "is not valid TOML: Expected ']' at the end of a table declaration (at line 1"),
        ("[tool.demo]\nsetting = 1\n", "has no [project] table with a name"),
        ("[project]\nname = 'demo'\n", "has no test list under [project.optional-dependencies]"),
    ],
)
def test_a_broken_pyproject_is_named_in_one_line_before_the_venv_is_touched(tmp_path, text, says):
    (tmp_path / "pyproject.toml").write_text(text)
    with pytest.raises(run.LaunchError) as caught:
        run.ensure_environment(venv=tmp_path / ".venv", root=tmp_path)
    assert says in str(caught.value) and "\n" not in str(caught.value)
    assert not (tmp_path / ".venv").exists()


def test_the_projects_own_pyproject_passes():
    run.check_pyproject(ROOT)


# ---- the environment check, run inside a real venv ----------------------------------------------------------


@pytest.fixture(scope="module")
def bare_venv(tmp_path_factory) -> Path:
    """A real venv without pip or any package (what an interrupted first run leaves), holding one installed
    distribution whose recorded file is gone."""
    venv = tmp_path_factory.mktemp("bare") / ".venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    purelib = subprocess.run(
        [run.venv_python(venv), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    info = Path(purelib) / "gone-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: gone\nVersion: 1.0\n")
    (info / "RECORD").write_text("gone/__init__.py,sha256=x,10\ngone-1.0.dist-info/METADATA,,\n")
    return venv


def test_the_check_finds_no_pip_missing_packages_and_a_deleted_file(bare_venv):
    problems = run.environment_problems_of(run.venv_python(bare_venv), ROOT)
    assert problems == [
        "gone misses 1 installed file(s), e.g. gone/__init__.py",
        "import pip fails: ModuleNotFoundError: No module named 'pip'",
        "import numpy fails: ModuleNotFoundError: No module named 'numpy'",
        "import bplib fails: ModuleNotFoundError: No module named 'bplib'",
    ]
    assert not run.pip_runs(run.venv_python(bare_venv))


def test_a_healthy_environment_passes_the_check():
    """No false alarm: the environment running these tests would otherwise be rebuilt on every start."""
    installed_from = subprocess.run(
        [sys.executable, "-I", "-c", "import bplib; print(bplib.__file__)"], capture_output=True, text=True
    ).stdout.strip()
    assert run.environment_problems_of(Path(sys.executable), Path(installed_from).parents[1]) == []


def test_bplib_installed_from_another_folder_is_a_problem(tmp_path):
    problems = run.environment_problems_of(Path(sys.executable), tmp_path)
    assert any(p.startswith("bplib is installed from ") and p.endswith(f", not from {tmp_path}") for p in problems)


def test_a_required_package_that_is_not_installed_is_named(tmp_path, monkeypatch):
    info = tmp_path / "demo_project-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: demo-project\nVersion: 1.0\n"
        "Requires-Dist: numpy>=1\n"
        'Requires-Dist: surely-absent-package; extra == "test"\n'
        'Requires-Dist: absent-docs-package; extra == "docs"\n'
        'Requires-Dist: absent-ancient-package; python_version < "3"\n'
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    assert run.unmet_requirements("demo-project") == ["surely-absent-package is not installed"]
    assert run.unmet_requirements("no-such-project-here") == ["no-such-project-here is not installed"]


# ---- what ensure_environment decides --------------------------------------------------------------------------


@pytest.fixture
def setup(tmp_path, monkeypatch):
    """A project and a venv whose python exists, with the slow steps replaced by recorders."""
    root, venv = tmp_path / "project", tmp_path / ".venv"
    root.mkdir()
    (root / "pyproject.toml").write_text(VALID_PYPROJECT)
    run.venv_python(venv).parent.mkdir(parents=True)
    run.venv_python(venv).write_text("")
    state = SimpleNamespace(root=root, venv=venv, calls=[], problems=[], pip=True)

    def install(python, venv, root):
        state.calls.append("install")
        (venv / run.STAMP_NAME).write_text(run.install_fingerprint(root))

    def check(python, root):
        state.calls.append("check")
        return state.problems

    monkeypatch.setattr(run, "install", install)
    monkeypatch.setattr(run, "pip_runs", lambda python: state.pip)
    monkeypatch.setattr(run, "environment_problems_of", check)
    monkeypatch.setattr(run, "rebuild", lambda venv, root: state.calls.append("rebuild") or run.venv_python(venv))
    monkeypatch.setattr(run, "configure_jupyter", lambda prefix: state.calls.append("configure"))
    return state


@pytest.mark.parametrize(
    ("installed", "pip", "problems", "calls", "says"),
    [
        (True, True, [], ["check", "configure"], ""),
        (True, True, ["numpy misses 1 installed file(s), e.g. numpy/version.py"], ["check", "rebuild"], "is broken"),
        (True, False, ["import pip fails: ModuleNotFoundError"], ["check", "rebuild"], "is broken"),
        (False, True, [], ["install", "check", "configure"], ""),
        (False, True, ["ruff is not installed"], ["install", "check", "rebuild"], "is broken (ruff is not installed)"),
        (False, False, [], ["rebuild"], "has no working pip (an interrupted first run?)"),
    ],
    ids=["healthy", "file-deleted", "pip-deleted", "pyproject-changed", "still-broken", "first-run-interrupted"],
)
def test_the_environment_is_repaired_only_when_needed(setup, capsys, installed, pip, problems, calls, says):
    if installed:
        (setup.venv / run.STAMP_NAME).write_text(run.install_fingerprint(setup.root))
    setup.pip, setup.problems = pip, problems
    assert run.ensure_environment(setup.venv, setup.root) == run.venv_python(setup.venv)
    assert setup.calls == calls
    assert says in capsys.readouterr().out


def test_a_venv_without_its_python_is_rebuilt(setup):
    run.venv_python(setup.venv).unlink()
    run.ensure_environment(setup.venv, setup.root)
    assert setup.calls == ["rebuild"]


def test_a_folder_that_is_no_venv_is_never_cleared(tmp_path):
    (tmp_path / ".venv").mkdir()
    (tmp_path / ".venv" / "notes.txt").write_text("mine")
    with pytest.raises(run.LaunchError, match=r"is not a virtual environment; move it away or delete it"):
        run.rebuild(tmp_path / ".venv", ROOT)
    assert (tmp_path / ".venv" / "notes.txt").read_text() == "mine"


# ---- JupyterLab settings and kernel config, inside the environment ------------------------------------------------


def test_the_lab_settings_fit_jupyterlabs_own_schema(tmp_path):
    run.configure_jupyter(tmp_path)
    settings = json.loads((tmp_path / run.LAB_SETTINGS_FILE).read_text())["@jupyterlab/apputils-extension:notification"]
    schema = Path(sys.prefix) / "share/jupyter/lab/schemas/@jupyterlab/apputils-extension/notification.json"
    properties = json.loads(schema.read_text())["properties"]
    assert settings["fetchNews"] == "false"
    assert "false" in {option["const"] for option in properties["fetchNews"]["oneOf"]}
    assert settings["checkForUpdates"] is False and properties["checkForUpdates"]["type"] == "boolean"


def test_a_lab_with_these_settings_never_asks_about_news(tmp_path):
    run.configure_jupyter(tmp_path)
    extra = (
        f"--LabApp.app_settings_dir={tmp_path / 'share/jupyter/lab/settings'}",  # where a lab in tmp_path looks
        f"--LabApp.user_settings_dir={tmp_path / 'user-settings'}",  # no answer the user gave before
    )
    with lab_browser.jupyter_lab(extra) as (base, token):
        url = f"{base}/lab/api/settings/@jupyterlab/apputils-extension:notification?token={token}"
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(url, timeout=30) as response:
            reply = json.load(response)
    assert reply["schema"]["properties"]["fetchNews"]["default"] == "false"  # without it "none": ask, with a toast
    assert reply["settings"] == {}  # nothing the user chose overrides it


def test_the_kernel_config_is_written_once_and_a_foreign_one_left_alone(tmp_path, capsys):
    run.configure_jupyter(tmp_path)
    config = tmp_path / run.KERNEL_CONFIG_FILE
    assert config.read_text() == run.KERNEL_CONFIG
    config.write_text("c.InteractiveShell.colors = 'nocolor'\n")
    run.configure_jupyter(tmp_path)
    assert config.read_text() == "c.InteractiveShell.colors = 'nocolor'\n"
    assert "was not written by run.py; left as it is" in capsys.readouterr().out
