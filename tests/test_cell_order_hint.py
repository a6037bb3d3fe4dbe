"""The cell-order hint: a NameError from a notebook's own code gets one line saying to run the cells above first,
in a real kernel configured with the very config run.py writes; the error itself is shown unchanged, the cell
still fails (so Run All still stops there), and other errors get no hint."""

import os
import sys
from pathlib import Path

import pytest

from bplib.explore.cell_order_hint import HINT, hint_for

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import run  # noqa: E402


def _raised(code: str, namespace: dict):
    try:
        exec(code, namespace)
    except Exception as error:
        return error, error.__traceback__
    raise AssertionError(f"{code!r} raised nothing")


def test_a_name_missing_from_the_notebook_gets_the_hint():
    notebook = {}
    error, tb = _raised("exercises.check_output_delta(None)", notebook)
    assert hint_for(error, tb, notebook) == HINT.format(name="exercises")


def test_a_function_a_cell_defined_gets_it_too():
    notebook = {}
    exec("def total():\n    return weights.sum()\n", notebook)
    error, tb = _raised("total()", notebook)
    assert hint_for(error, tb, notebook) == HINT.format(name="weights")


@pytest.mark.parametrize(
    "code",
    ["library_helper()", "def g():\n    y = y + 1\ng()", "{}['weights']"],
    ids=["NameError inside a library", "UnboundLocalError", "KeyError"],
)
def test_other_errors_get_no_hint(code):
    library = {}
    exec("def library_helper():\n    return undefined_in_library\n", library)
    notebook = {"library_helper": library["library_helper"]}
    error, tb = _raised(code, notebook)
    assert hint_for(error, tb, notebook) is None


@pytest.fixture(scope="module")
def kernel(tmp_path_factory):
    """An IPython kernel whose profile holds run.py's kernel config (run.py puts it in the environment's
    etc/ipython, which IPython reads the same way)."""
    from jupyter_client.manager import start_new_kernel

    ipython_dir = tmp_path_factory.mktemp("ipython")
    (ipython_dir / "profile_default").mkdir()
    (ipython_dir / "profile_default" / "ipython_kernel_config.py").write_text(run.KERNEL_CONFIG)
    manager, client = start_new_kernel(kernel_name="python3", env=dict(os.environ, IPYTHONDIR=str(ipython_dir)))
    yield client
    client.stop_channels()
    manager.shutdown_kernel(now=True)


def _execute(client, code: str) -> tuple[str, list[dict]]:
    """Run ``code`` like a notebook cell: the reply's status, and the error and stream messages it produced."""
    messages = []
    reply = client.execute_interactive(code, output_hook=messages.append, timeout=120)
    shown = [m for m in messages if m["msg_type"] in ("error", "stream")]
    return reply["content"]["status"], [{"type": m["msg_type"], **m["content"]} for m in shown]


def test_the_kernel_shows_the_name_error_unchanged_then_the_hint(kernel):
    status, shown = _execute(kernel, "exercises.check_output_delta(None)")
    assert status == "error"
    error, *hint = shown
    assert (error["type"], error["ename"], error["evalue"]) == ("error", "NameError", "name 'exercises' is not defined")
    assert "NameError" in error["traceback"][-1]
    assert {m["name"] for m in hint} == {"stderr"}
    assert "".join(m["text"] for m in hint) == HINT.format(name="exercises") + "\n"


def test_the_kernel_gives_other_errors_no_hint_and_goes_on(kernel):
    for code, ename in [("def g():\n    y = y + 1\ng()", "UnboundLocalError"), ("{}['weights']", "KeyError")]:
        status, shown = _execute(kernel, code)
        assert status == "error" and [(m["type"], m.get("ename")) for m in shown] == [("error", ename)]
    assert _execute(kernel, "weights = 1") == ("ok", [])
