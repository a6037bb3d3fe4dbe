"""The live training view without a browser: it learns, Stop stops it, and no thread outlives it."""

import threading

import numpy as np
import pytest

from bplib.datasets import split, two_spirals
from bplib.explore.training_explorer import TrainingExplorer
from bplib.training import Trainer


def _training_threads():
    return [t for t in threading.enumerate() if t.name == "bplib-training"]


def test_defaults_reach_99_percent_held_out_and_pass_every_gradient_check():
    explorer = TrainingExplorer()
    explorer.start()
    assert explorer.start_button.disabled and not explorer.stop_button.disabled
    assert all(control.disabled for control in explorer.settings)
    explorer._thread.join(timeout=60)
    final = explorer.trainer.history[-1]
    assert final.held_out_accuracy >= 0.99
    assert explorer.state.startswith("done")
    assert len(explorer.checks) == 6 and all("(pass)" in line for line in explorer.checks)
    assert not explorer.start_button.disabled and explorer.stop_button.disabled
    assert (
        "held-out loss, accuracy" in explorer.readout.value
        and f"{final.held_out_accuracy:.1%}" in explorer.readout.value
    )
    assert _training_threads() == []


def test_stop_ends_the_thread_before_it_returns():
    explorer = TrainingExplorer(max_epochs=10_000)
    explorer.start()
    explorer.start()  # a second Start while running is ignored, not a second thread
    assert len(_training_threads()) == 1
    explorer.stop()
    assert _training_threads() == [] and explorer.state == "stopped"
    assert explorer.trainer.epoch < 10_000
    explorer.close()


def test_every_setting_resets_the_network_and_the_picture():
    explorer = TrainingExplorer()
    for control, value in [
        (explorer.learning_rate, 1.0),
        (explorer.width, 8),
        (explorer.batch_size, 64),
        (explorer.seed, 3),
        (explorer.activation, "relu"),
    ]:
        before = bytes(explorer.picture.value)
        control.value = value
        assert bytes(explorer.picture.value) != before
        assert explorer.trainer.steps == 0
    assert explorer.trainer.batch_size == 64 and explorer.trainer.learning_rate == 1.0
    assert [w.shape for w in explorer.trainer.weights] == [(8, 2), (8, 8), (1, 8)]
    assert [a.name for a in explorer.trainer.problem.activations] == ["relu", "relu", "sigmoid"]


def test_trainer_steps_match_plain_sgd():
    from bplib import random_network, sgd_step

    x, y = two_spirals(20, 0.05, seed=2)
    weights, biases = random_network([2, 4, 1], seed=0)
    trainer = Trainer(weights, biases, x, y, learning_rate=0.5, batch_size=40, seed=0)
    trainer.step()  # one batch holding every sample, in shuffled order: the same as one full-batch step
    expected_w, expected_b = sgd_step(weights, biases, x, y, 0.5)
    for a, b in zip(trainer.weights + trainer.biases, expected_w + expected_b):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-15)
    assert trainer.epoch == 1.0


def test_two_spirals_and_split():
    x, y = two_spirals(50, noise=0.0, turns=1.0, seed=1)
    assert x.shape == (100, 2) and y.shape == (100, 1) and y.sum() == 50
    assert np.all(np.linalg.norm(x, axis=1) <= 1.0 + 1e-12)
    x_a, y_a, x_b, y_b = split(x, y, held_out=0.2, seed=0)
    assert len(x_b) == 20 and len(x_a) == 80
    assert sorted(map(tuple, np.vstack([x_a, x_b]))) == sorted(map(tuple, x))
    with pytest.raises(ValueError, match="noise must be at least 0"):
        two_spirals(10, noise=-1)
    with pytest.raises(ValueError, match="held_out must be a fraction"):
        split(x, y, held_out=1.5)
