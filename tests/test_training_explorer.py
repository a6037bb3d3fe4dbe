"""The live training view without a browser: it learns, Stop stops it, an error ends a run in words, no setting
raises, and nothing (thread or widget) outlives it. The thread logic itself is tested in test_background_run."""

import gc
import sys
import threading
import warnings
import weakref

import numpy as np
import pytest

import bplib
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

    def broken(view, history, title):
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


def test_start_clicked_as_a_run_shows_done_starts_a_new_run():
    """The buttons come back (and "done" is drawn) in the run's last moments, while its thread still lives: a
    Start clicked then must wait for that thread and start anew, not be ignored."""
    explorer = TrainingExplorer(max_epochs=2)
    shown_done, release, endings = threading.Event(), threading.Event(), []
    end_the_run = explorer.run.on_end

    def end_and_linger(ending):
        end_the_run(ending)
        endings.append(ending.reason)
        shown_done.set()
        release.wait(HANG)  # the thread lives on after "done" is shown, until the test lets it go

    explorer.run.on_end = end_and_linger
    explorer.start()
    assert shown_done.wait(HANG) and explorer.state == "done: 2 epochs" and explorer.run.running
    clicked = threading.Thread(target=explorer.start)  # Start waits for the lingering thread
    clicked.start()
    release.set()
    clicked.join(HANG)
    assert not clicked.is_alive()
    assert explorer.run.join(timeout=HANG) and explorer.state == "done: 2 epochs"
    assert endings == ["finished", "finished"]  # the click started a second run (from a fresh network)
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


def _values(control) -> list:
    """A choice's values (a toggle's options may be (label, value) pairs), or a slider's two ends."""
    if hasattr(control, "options"):
        return [option[1] if isinstance(option, tuple) else option for option in control.options]
    return [control.max, control.min]


@pytest.mark.parametrize("output", ["sigmoid", "softmax"])
def test_every_setting_to_both_ends_resets_and_trains_without_an_error(output):
    """With either output layer, each setting at its ends (a learning rate of 10, batches of 1, 2 units, the
    other output layer ...) gives a network that trains for an epoch and ends "done", never "stopped: ..."."""
    explorer = TrainingExplorer(max_epochs=1)
    if explorer.output.value != output:
        assert _drive_setting(explorer, explorer.output, output)
    for control in explorer.settings:
        ends = _values(control)
        original = control.value
        for value in [v for v in ends if v != original] + [original]:
            assert _drive_setting(explorer, control, value), f"{control.description} = {value}"
            explorer.start()
            assert explorer.run.join(timeout=HANG)
            assert explorer.state == "done: 1 epoch", f"{control.description} = {value}: {explorer.state}"
            assert np.isfinite(explorer.trainer.history[-1].train_loss)
            n_outputs = {"sigmoid": 1, "softmax": 2}[explorer.output.value]
            assert explorer.trainer.weights[-1].shape[0] == n_outputs, f"{control.description} = {value}"
    assert explorer.output.value == output
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


# --- the output layer: one sigmoid with the cross-entropy, or a softmax with the categorical cross-entropy -------


def test_the_output_layer_is_given_to_the_trainer_with_its_cost_targets_and_weights():
    """Softmax: two outputs, one-hot y, the categorical cross-entropy, He weights under ReLU; back to sigmoid:
    everything as before the choice existed (one output, the labels, the cross-entropy, Xavier weights)."""
    from bplib import random_network

    explorer = TrainingExplorer()
    assert explorer.output.value == "sigmoid"  # today's default stays
    labels_train, labels_held = explorer.data[1], explorer.data[3]
    for control, value in [(explorer.activation, "relu"), (explorer.output, "softmax"), (explorer.seed, 3)]:
        assert _drive_setting(explorer, control, value)
    t = explorer.trainer
    assert [w.shape for w in t.weights] == [(32, 2), (32, 32), (2, 32)]
    assert [a.name for a in t.problem.activations] == ["relu", "relu", "softmax"]
    assert t.problem.cost.name == "categorical_cross_entropy"
    np.testing.assert_array_equal(t.problem.y, np.hstack([1 - labels_train, labels_train]))
    np.testing.assert_array_equal(t.held_out.y, np.hstack([1 - labels_held, labels_held]))
    he, _ = random_network([2, 32, 32, 2], seed=3, init="he")
    for w, expected in zip(t.weights, he):
        np.testing.assert_array_equal(w, expected)
    assert "categorical cross-entropy" in explorer.readout.value and "32-32-softmax" in explorer.readout.value
    assert explorer.drawing.axes["loss"].get_title() == "categorical cross-entropy"  # the picture names it too

    assert _drive_setting(explorer, explorer.output, "sigmoid")
    t = explorer.trainer
    assert [a.name for a in t.problem.activations] == ["relu", "relu", "sigmoid"]
    assert t.problem.cost.name == "cross_entropy"
    np.testing.assert_array_equal(t.problem.y, labels_train)
    xavier, _ = random_network([2, 32, 32, 1], seed=3)
    for w, expected in zip(t.weights, xavier):
        np.testing.assert_array_equal(w, expected)
    assert "categorical" not in explorer.readout.value and "cross-entropy" in explorer.readout.value
    assert explorer.drawing.axes["loss"].get_title() == "cross-entropy"
    explorer.close()


def test_the_output_layer_speaks_japanese():
    import bplib

    bplib.set_language("ja")
    try:
        explorer = TrainingExplorer(max_epochs=1)
        labels = [option[0] for option in explorer.output.options]
        assert labels == ["シグモイド関数 + 交差エントロピー誤差", "ソフトマックス関数 + 交差エントロピー誤差"]
        assert explorer.output.description == "出力層"
        before = bytes(explorer.picture.value)
        explorer.output.value = "softmax"
        assert bytes(explorer.picture.value) != before and explorer.state == "準備完了: 「開始」を押してください"
        assert explorer.drawing.axes["loss"].get_title() == "カテゴリカル交差エントロピー誤差"
        assert "カテゴリカル交差エントロピー誤差" in explorer.readout.value
        explorer.close()
    finally:
        bplib.set_language("en")


def test_start_stop_reset_with_the_softmax_output_trains_well_above_chance():
    """Two balanced classes: chance is 50 %. The run ends by itself (a state), far above it."""
    explorer = TrainingExplorer(max_epochs=10_000)
    explorer.output.value = "softmax"
    explorer.start()
    explorer.stop()
    assert explorer.state == "stopped" and _buttons(explorer) == (True, False, True) and _training_threads() == []
    explorer.reset_button.click()
    assert explorer.state == "ready: press Start" and explorer.trainer.steps == 0
    assert explorer.trainer.problem.cost.name == "categorical_cross_entropy"  # Reset keeps the choice
    explorer.close()

    explorer = TrainingExplorer(max_epochs=100)
    explorer.output.value = "softmax"
    before = explorer.trainer.evaluate().held_out_accuracy
    explorer.start_button.click()
    assert explorer.run.join(timeout=HANG), "training did not end"
    assert explorer.state == "done: 100 epochs" and explorer.run.ending.reason == "finished"
    final = explorer.trainer.history[-1]
    assert before < 0.75 and final.held_out_accuracy >= 0.95, (before, final.held_out_accuracy)
    assert explorer.checks and all(passed for _, _, passed in explorer.checks)  # tanh: smooth, every check passes
    explorer.close()


@pytest.mark.parametrize("output", ["sigmoid", "softmax"])
def test_the_numbers_shown_are_the_views_numbers(output):
    """The readout's losses and accuracies are ``views.training_view``'s, which are those of plain bplib calls;
    the plane shows the probability of class 1: the sigmoid's output, the softmax's second column."""
    from bplib import forward
    from bplib.explore import views
    from bplib.training import accuracy

    explorer = TrainingExplorer(max_epochs=20)
    explorer.output.value = output
    explorer.start()
    assert explorer.run.join(timeout=HANG) and explorer.state == "done: 20 epochs"
    t = explorer.trainer
    view = views.training_view(t, output, n=5)  # the weights have not moved since the last picture
    m = view.metrics
    shown = explorer.readout.value
    assert f"{m.train_loss:.4f}, {m.train_accuracy:.1%}" in shown
    assert f"{m.held_out_loss:.4f}, {m.held_out_accuracy:.1%}" in shown
    assert f"data-held-out-accuracy='{100 * m.held_out_accuracy:.1f}'" in shown
    x_held, y_held = explorer.data[2], t.held_out.y
    assert m.held_out_accuracy == accuracy(t.predict(x_held), y_held)
    points = np.column_stack([view.xx.ravel(), view.yy.ravel()])
    outputs = forward(t.weights, t.biases, points, [a.name for a in t.problem.activations])[1][-1]
    np.testing.assert_allclose(view.class_one.ravel(), outputs[:, -1], rtol=1e-12)
    if output == "softmax":  # the softmax's second column is one minus its first: a probability, like the sigmoid's
        np.testing.assert_allclose(view.class_one.ravel(), 1 - outputs[:, 0], atol=1e-12)
    explorer.close()


@pytest.mark.parametrize("hidden", ["tanh", "relu", "sigmoid"])
def test_the_softmax_networks_gradients_agree_with_nudging_at_the_start(hidden):
    from bplib import gradient_check

    explorer = TrainingExplorer()
    explorer.output.value, explorer.activation.value = "softmax", hidden
    t = explorer.trainer
    names = [a.name for a in t.problem.activations]
    assert names[-1] == "softmax" and t.problem.cost.name == "categorical_cross_entropy"
    check = gradient_check(t.weights, t.biases, t.problem.x[:16], t.problem.y[:16], names, t.problem.cost.name)
    assert check.passed, check
    explorer._check_gradients()  # the readout's own spot check says the same
    assert explorer.checks[-1][2]
    explorer.close()


def test_the_training_views_refuse_what_they_cannot_show():
    from bplib.explore import views

    labels = np.array([[0.0], [1.0]])
    setup = views.training_setup(labels, labels, "softmax", "tanh", 4)
    assert setup.sizes == [2, 4, 4, 2] and setup.init == "xavier"
    assert views.training_setup(labels, labels, "softmax", "relu", 4).init == "he"
    assert views.training_setup(labels, labels, "sigmoid", "relu", 4).init == "xavier"
    with pytest.raises(ValueError, match="output must be one of"):
        views.training_setup(labels, labels, "tanh", "tanh", 4)
    with pytest.raises(ValueError, match="hidden must be one of"):
        views.training_setup(labels, labels, "softmax", "softmax", 4)
    with pytest.raises(ValueError, match=r"labels_train must be a column \(m, 1\)"):
        views.training_setup(np.ones((2, 2)), labels, "softmax", "tanh", 4)
    with pytest.raises(ValueError, match=r"labels_held must hold only the labels 0 and 1, got \[0.5\]"):
        views.training_setup(labels, labels / 2, "softmax", "tanh", 4)
    with pytest.raises(ValueError, match=r"outputs must have 2 column\(s\) for the softmax output"):
        views.class_one_probability(np.ones((3, 1)), "softmax")
    np.testing.assert_array_equal(views.class_one_probability([[0.3, 0.7]], "softmax"), [0.7])
    np.testing.assert_array_equal(views.class_one_probability([[0.3]], "sigmoid"), [0.3])
    with pytest.raises(TypeError, match="trainer must be a bplib.training.Trainer"):
        views.training_view("trainer", "softmax")


@pytest.mark.parametrize(
    "outputs, output, message",
    [
        ([[0.5, 2.0]], "softmax", r"outputs must be probabilities, from 0 to 1, got 2 at outputs\[0, 1\]"),
        ([[1.5]], "sigmoid", r"outputs must be probabilities, from 0 to 1, got 1.5 at outputs\[0, 0\]"),
        ([[0.2], [-0.1]], "sigmoid", r"outputs must be probabilities, from 0 to 1, got -0.1 at outputs\[1, 0\]"),
        ([[0.3, 0.7], [0.3, 0.3]], "softmax", r"outputs must be a softmax's probabilities, each row summing to 1, "
         r"got 0.6 in row 1"),
    ],
)  # fmt: skip
def test_class_one_probability_refuses_what_are_not_probabilities(outputs, output, message):
    from bplib.explore import views

    with pytest.raises(ValueError, match=message):
        views.class_one_probability(outputs, output)


@pytest.mark.parametrize(
    "limit, n, message",
    [(-1.0, 32, "limit must be a positive"), (1.0, 0, "n must be at least 1"), (1.0, 10**9, "n must be at most")],
)
def test_training_view_checks_its_arguments_before_it_measures_the_trainer(limit, n, message):
    from bplib.explore import views

    x, labels = two_spirals(n_per_class=10, noise=0.05, turns=1.0, seed=0)
    weights, biases = bplib.random_network([2, 3, 1], seed=0)
    trainer = Trainer(weights, biases, x, labels, learning_rate=0.1, batch_size=4, seed=0, cost="cross_entropy")
    with pytest.raises(ValueError, match=message):
        views.training_view(trainer, "sigmoid", limit=limit, n=n)
    assert trainer.history == []  # nothing measured, nothing added to the curves
    assert views.training_view(trainer, "sigmoid", n=4).class_one.shape == (4, 4) and len(trainer.history) == 1
