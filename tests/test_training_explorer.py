"""The live training view without a browser: it learns, Stop stops it, an error ends a run in words, no setting
raises, and nothing (thread or widget) outlives it. The thread logic itself is tested in test_background_run."""

import gc
import sys
import threading
import warnings
import weakref

import numpy as np
import pytest

from bplib.datasets import split, two_spirals
from bplib.explore.training_explorer import TrainingExplorer
from bplib.training import Trainer

HANG = 120  # seconds before a run that should end counts as hung (the defaults take about 2 s)


def _training_threads():
    return [t for t in threading.enumerate() if t.name == "bplib-training"]


def _buttons(explorer):
    """(Start enabled, Stop enabled, settings enabled)."""
    settings = {not control.disabled for control in explorer.settings}
    assert len(settings) == 1
    return (not explorer.start_button.disabled, not explorer.stop_button.disabled, settings.pop())


def test_defaults_reach_99_percent_held_out_and_pass_every_gradient_check():
    explorer = TrainingExplorer()
    explorer.start()
    assert _buttons(explorer) == (False, True, False)
    assert explorer.run.join(timeout=HANG), "training did not end"
    final = explorer.trainer.history[-1]
    assert final.held_out_accuracy >= 0.99
    assert explorer.state == "done: 150 epochs" and explorer.run.ending.reason == "finished"
    assert len(explorer.checks) == 6 and all(passed for _, _, passed in explorer.checks)
    assert "(pass)" in explorer.readout.value and "(FAIL)" not in explorer.readout.value
    assert _buttons(explorer) == (True, False, True)
    assert f"{final.held_out_accuracy:.1%}" in explorer.readout.value
    assert _training_threads() == []
    explorer.close()


def test_stop_ends_the_thread_before_it_returns():
    explorer = TrainingExplorer(max_epochs=10_000)
    explorer.start()
    explorer.start()  # a second Start while running is ignored, not a second thread
    assert len(_training_threads()) == 1
    explorer.stop()
    assert _training_threads() == [] and explorer.state == "stopped"
    assert explorer.trainer.epoch < 10_000 and "stopped" in explorer.readout.value
    assert _buttons(explorer) == (True, False, True)
    steps = explorer.trainer.steps
    explorer.start()  # Start after Stop goes on from where it stopped
    explorer.stop()
    assert explorer.trainer.steps > steps
    explorer.close()


class Diverged(ArithmeticError):
    """Stands in for whatever a Trainer raises when training diverges: the explorer must not depend on it."""


@pytest.mark.parametrize(
    "error, shown",
    [
        (Diverged("the loss is no longer finite at epoch 3; the learning rate may be too large"), "Diverged: the loss"),
        (ZeroDivisionError("division by zero"), "ZeroDivisionError: division by zero"),
        (SystemExit(), "SystemExit"),
    ],
)
def test_an_error_in_a_step_is_shown_ends_the_run_and_reset_starts_afresh(monkeypatch, error, shown):
    explorer = TrainingExplorer(max_epochs=2)

    def failing_step():
        raise error

    monkeypatch.setattr(explorer.trainer, "step", failing_step)
    explorer.start()
    assert explorer.run.join(timeout=HANG)
    assert explorer.state.startswith(f"stopped: {shown}") and shown in explorer.readout.value
    assert _buttons(explorer) == (True, False, True) and _training_threads() == []
    explorer.reset()  # a fresh trainer, whose step works
    assert explorer.state == "ready: press Start" and explorer.trainer.steps == 0
    explorer.start()
    assert explorer.run.join(timeout=HANG) and explorer.state == "done: 2 epochs"
    explorer.close()


def test_an_error_while_drawing_is_shown_and_start_begins_afresh(monkeypatch):
    explorer = TrainingExplorer(max_epochs=2)

    def broken(trainer, title):
        raise ValueError("cannot draw this")

    monkeypatch.setattr(explorer.drawing, "update", broken)
    explorer.start()
    assert explorer.run.join(timeout=HANG)
    assert explorer.state == "stopped: ValueError: cannot draw this"
    assert "cannot draw this" in explorer.readout.value and _buttons(explorer) == (True, False, True)
    monkeypatch.undo()
    explorer.start()  # after an error, Start resets first: a fresh network, then a whole run
    assert explorer.run.join(timeout=HANG) and explorer.state == "done: 2 epochs"
    assert explorer.trainer.epoch == 2
    explorer.close()


@pytest.mark.parametrize(
    "max_epochs, error, message",
    [
        (-5, ValueError, "max_epochs must be at least 1, got -5"),
        (0, ValueError, "max_epochs must be at least 1, got 0"),
        ("a", TypeError, "max_epochs must be a whole number, got str 'a'"),
        (None, TypeError, "max_epochs must be a whole number, got NoneType None"),
        (True, TypeError, "max_epochs must be a whole number, got bool True"),
        (2.5, TypeError, "max_epochs must be a whole number, got float 2.5"),
        (10**7, ValueError, "max_epochs must be at most 1,000,000, got 10,000,000"),
        (10**400, ValueError, "max_epochs must be at most 1,000,000, got 10,000,000,000,000,000,000..."),
    ],
    ids=["-5", "0", "'a'", "None", "True", "2.5", "10**7", "10**400"],
)
def test_bad_max_epochs_raise_one_clear_error(monkeypatch, max_epochs, error, message):
    unraisable = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)  # what a failing __del__ would report
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(error) as raised:
            TrainingExplorer(max_epochs=max_epochs)
        gc.collect()
    assert message in str(raised.value)
    assert unraisable == []


def test_the_buttons_in_any_order_never_raise():
    explorer = TrainingExplorer(max_epochs=10_000)
    explorer.stop_button.click()  # Stop with nothing running
    explorer.start_button.click()
    explorer.reset_button.click()  # Reset while training: stops, then a fresh network
    assert not explorer.running and explorer.state == "ready: press Start" and explorer.trainer.steps == 0
    explorer.start_button.click()
    explorer.start_button.click()
    explorer.stop_button.click()
    explorer.stop_button.click()
    assert explorer.state == "stopped" and _buttons(explorer) == (True, False, True) and _training_threads() == []
    explorer.close()


def test_a_closed_explorer_is_collected_even_while_it_trains():
    explorer = TrainingExplorer(max_epochs=10_000)
    explorer.start()
    alive = weakref.ref(explorer)
    picture = weakref.ref(explorer.drawing.live.figure)
    explorer.close()
    del explorer
    gc.collect()
    assert alive() is None and picture() is None


def _drive_setting(explorer, control, value):
    before = bytes(explorer.picture.value)
    control.value = value
    assert explorer.trainer.steps == 0 and explorer.state == "ready: press Start"
    return bytes(explorer.picture.value) != before


def test_every_setting_to_both_ends_resets_and_trains_without_an_error():
    """Each setting at its ends (a learning rate of 10, batches of 1, 2 units ...) gives a network that trains
    for an epoch and ends "done", never "stopped: ..."."""
    explorer = TrainingExplorer(max_epochs=1)
    for control in explorer.settings:
        ends = list(control.options) if hasattr(control, "options") else [control.max, control.min]
        original = control.value
        for value in [v for v in ends if v != original] + [original]:
            assert _drive_setting(explorer, control, value), f"{control.description} = {value}"
            explorer.start()
            assert explorer.run.join(timeout=HANG)
            assert explorer.state == "done: 1 epoch", f"{control.description} = {value}: {explorer.state}"
            assert np.isfinite(explorer.trainer.history[-1].train_loss)
    explorer.close()


def test_every_setting_is_given_to_the_trainer():
    explorer = TrainingExplorer()
    for control, value in [
        (explorer.learning_rate, 1),
        (explorer.width, 8),
        (explorer.batch_size, 64),
        (explorer.seed, 3),
        (explorer.activation, "relu"),
    ]:
        assert _drive_setting(explorer, control, value)
    assert explorer.trainer.batch_size == 64 and explorer.trainer.learning_rate == 1.0
    assert [w.shape for w in explorer.trainer.weights] == [(8, 2), (8, 8), (1, 8)]
    assert [a.name for a in explorer.trainer.problem.activations] == ["relu", "relu", "sigmoid"]
    explorer.close()


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
