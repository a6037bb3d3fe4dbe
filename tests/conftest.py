"""Shared fixtures: the article's final layer with the example parameters the notebooks state."""

import numpy as np
import pytest

ARTICLE_INPUTS = np.array([0.3, 0.2, 0.0, 0.5])
ARTICLE_DESIRED = np.array([1.0, 0.0, 0.0])


@pytest.fixture
def article_layer():
    """A 4 -> 3 sigmoid layer on the article's inputs and desired outputs."""
    weights = [np.array([[0.2, -0.4, 0.1, 0.6], [-0.3, 0.8, 0.5, -0.1], [0.7, 0.1, -0.6, 0.3]])]
    biases = [np.array([0.1, -0.2, 0.05])]
    return weights, biases, ARTICLE_INPUTS.copy(), ARTICLE_DESIRED.copy()


@pytest.fixture
def batch_problem():
    """A 4 -> 5 -> 3 network and a batch of 6 samples."""
    rng = np.random.default_rng(7)
    from bplib import random_network

    weights, biases = random_network([4, 5, 3], seed=rng)
    return weights, biases, rng.normal(size=(6, 4)), rng.uniform(size=(6, 3))
