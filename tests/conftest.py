"""Shared fixtures: the article's final layer with the example parameters the notebooks state, a batch, one
JupyterLab server started as ``run.py lab`` starts it, and one headless Chromium, both for the whole session."""

import os
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import settings

sys.path.insert(0, str(Path(__file__).resolve().parent))  # helpers beside the tests: lab_browser

import lab_browser
from bplib import random_network
from bplib.examples import article_final_layer

# Every run draws new examples for the property and hostile-input tests, except under HYPOTHESIS_PROFILE=ci
# (.ci/run): there the same examples each time, so that a verdict of CI can be reproduced.
settings.register_profile("ci", derandomize=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture
def article_layer():
    """A 4 -> 3 sigmoid layer on the article's inputs and desired outputs: (weights, biases, x, y)."""
    return article_final_layer()


@pytest.fixture
def batch_problem():
    """A 4 -> 5 -> 3 network and a batch of 6 samples: (weights, biases, x, y)."""
    rng = np.random.default_rng(7)
    weights, biases = random_network([4, 5, 3], seed=rng)
    return weights, biases, rng.normal(size=(6, 4)), rng.uniform(size=(6, 3))


@pytest.fixture(scope="session")
def lab_server():
    """One JupyterLab for the whole session, started as ``run.py lab`` starts it: ``(base_url, token)``."""
    with lab_browser.jupyter_lab() as server:
        yield server


@pytest.fixture(scope="session")
def lab_page(lab_server):
    """The one page of the session's one headless Chromium, with the session's JupyterLab at
    ``page.lab = (base_url, token)``. Each browser test opens its notebook in it afresh."""
    with lab_browser.chromium_page() as page:
        page.lab = lab_server
        yield page


def pytest_collection_modifyitems(items):
    """A notebook cell run by nbval writes nothing to stderr, even a cell whose output nbval does not compare
    (tagged nbval-ignore-output, as the timings are): a warning there is one a learner would see. (The browser
    test, which fails on any stderr output, opens only the notebooks with an explorer.) Hooked here, where the
    whole session's items pass, because a hook of this folder's conftest does not reach the notebooks' items."""
    for item in items:
        if hasattr(item, "test_outputs"):  # an nbval cell
            item.runtest = _writing_nothing_to_stderr(item, item.runtest)


def _writing_nothing_to_stderr(cell, runtest):
    def run() -> None:
        runtest()
        streams = [o for o in cell.test_outputs or [] if o.get("output_type") == "stream"]
        written = "".join(o.get("text", "") for o in streams if o.get("name") == "stderr")
        if written:
            pytest.fail(f"the cell wrote to stderr:\n{written[:1000]}", pytrace=False)

    return run
