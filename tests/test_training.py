import numpy as np
import pytest

import bplib
from bplib.datasets import split, two_spirals
from bplib.training import DivergenceError, Trainer, accuracy


def test_one_step_lowers_the_loss_and_leaves_the_input_alone(batch_problem):
    weights, biases, x, y = batch_problem
    before = [w.copy() for w in weights]
    new_w, new_b = bplib.sgd_step(weights, biases, x, y, learning_rate=0.5)
    assert bplib.loss(new_w, new_b, x, y) < bplib.loss(weights, biases, x, y)
    assert all(np.array_equal(a, b) for a, b in zip(before, weights))


def test_a_step_along_the_flipped_sign_raises_the_loss(article_layer):
    weights, biases, x, y = article_layer
    bias_grads, weight_grads = bplib.backprop(weights, biases, x, y)
    flipped_w = [w + 0.5 * g for w, g in zip(weights, weight_grads)]  # what desired - a gives
    flipped_b = [b + 0.5 * g for b, g in zip(biases, bias_grads)]
    assert bplib.loss(flipped_w, flipped_b, x, y) > bplib.loss(weights, biases, x, y)


def test_train_learns_xor_and_is_reproducible():
    x = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    y = np.array([[0.0], [1.0], [1.0], [0.0]])
    weights, biases = bplib.random_network([2, 8, 1], seed=0)
    kwargs = dict(
        epochs=2000, batch_size=4, learning_rate=2.0, seed=1, activation=["tanh", "sigmoid"], cost="cross_entropy"
    )
    w1, b1, losses = bplib.train(weights, biases, x, y, **kwargs)
    w2, _, _ = bplib.train(weights, biases, x, y, **kwargs)
    assert losses[-1] < 0.05 < losses[0]
    _, acts = bplib.forward(w1, b1, x, ["tanh", "sigmoid"])
    assert (acts[-1] > 0.5).astype(float).tolist() == y.tolist()
    assert np.array_equal(w1[0], w2[0])


def test_callback_sees_each_epoch_and_can_stop(batch_problem):
    weights, biases, x, y = batch_problem
    seen = []

    def callback(progress):
        seen.append((progress.epoch, progress.loss))
        return progress.epoch == 3

    _, _, losses = bplib.train(weights, biases, x, y, epochs=10, batch_size=2, learning_rate=0.1, callback=callback)
    assert [e for e, _ in seen] == [0, 1, 2, 3]  # before training, then after each epoch
    assert losses == [loss for _, loss in seen]
    assert losses[0] == bplib.loss(weights, biases, x, y)
    with pytest.raises(TypeError, match="callback must be callable"):
        bplib.train(weights, biases, x, y, epochs=1, batch_size=2, learning_rate=0.1, callback="print")


def _spirals_network():
    x, y = two_spirals(n_per_class=40, noise=0.05, seed=0)
    weights, biases = bplib.random_network([2, 8, 1], seed=0)
    return weights, biases, x, y


def test_train_stops_and_says_so_when_it_diverges():
    weights, biases, x, y = _spirals_network()
    seen = []
    kwargs = dict(epochs=50, batch_size=10, learning_rate=1e6, activation=["relu", "identity"])
    with pytest.raises(DivergenceError, match="the learning rate may be too large") as caught:
        bplib.train(weights, biases, x, y, callback=lambda p: seen.append(p.loss), **kwargs)
    error = caught.value
    assert isinstance(error, ValueError) and error.learning_rate == 1e6
    assert error.epoch == len(seen)  # the epoch under way when it happened
    assert error.last_loss == seen[-1] and np.isfinite(error.last_loss) and error.steps > 0
    assert f"epoch {error.epoch}" in str(error) and f"{error.last_loss:.6g}" in str(error)


def test_a_trainer_that_diverges_keeps_its_last_finite_parameters():
    weights, biases, x, y = _spirals_network()
    trainer = Trainer(weights, biases, x, y, learning_rate=1e30, batch_size=10, activation=["relu", "identity"])
    with pytest.raises(DivergenceError) as caught:
        for _ in range(100):
            kept = [w.copy() for w in trainer.weights + trainer.biases]
            trainer.step()
    assert all(np.array_equal(a, b) for a, b in zip(kept, trainer.weights + trainer.biases))
    assert all(np.all(np.isfinite(a)) for a in trainer.weights + trainer.biases)
    assert caught.value.steps == trainer.steps and caught.value.epoch == int(trainer.epoch) + 1


def test_sgd_step_that_overflows_raises():
    weights = [np.full((1, 2), 1e300)]
    with pytest.raises(ValueError, match="learning_rate = 1e\\+300 may be too large"):
        bplib.sgd_step(weights, [np.zeros(1)], np.ones(2), np.zeros(1), 1e300, "identity")


def test_callback_returning_numpys_true_stops_and_anything_else_is_refused(batch_problem):
    weights, biases, x, y = batch_problem
    _, _, losses = bplib.train(
        weights, biases, x, y, epochs=5, batch_size=2, learning_rate=0.1, callback=lambda p: np.True_
    )
    assert len(losses) == 1  # told of epoch 0, asked to stop before any training
    with pytest.raises(TypeError, match="callback must return True .stop., False or None .carry on., got str"):
        bplib.train(weights, biases, x, y, epochs=5, batch_size=2, learning_rate=0.1, callback=lambda p: "no")


def test_callback_sees_losses_metrics_and_gradients_on_demand():
    weights, biases, x, y = _spirals_network()
    x_train, y_train, x_held, y_held = split(x, y, held_out=0.25, seed=1)
    seen = []

    def callback(progress):
        seen.append(progress)
        if progress.epoch == 2:
            bias_grads, weight_grads = progress.gradients()
            exact = bplib.backprop(progress.weights, progress.biases, x_train, y_train, cost="cross_entropy")
            assert all(np.array_equal(a, b) for a, b in zip(bias_grads + weight_grads, exact[0] + exact[1]))

    _, _, losses = bplib.train(
        weights,
        biases,
        x_train,
        y_train,
        epochs=3,
        batch_size=8,
        learning_rate=0.5,
        cost="cross_entropy",
        x_held_out=x_held,
        y_held_out=y_held,
        callback=callback,
    )
    assert [p.epoch for p in seen] == [0, 1, 2, 3] and seen[-1].losses == losses and len(losses) == 4
    assert seen[1].losses == losses[:2]
    last = seen[-1]
    assert last.metrics.held_out_loss == bplib.loss(last.weights, last.biases, x_held, y_held, cost="cross_entropy")
    assert last.metrics.held_out_accuracy == accuracy(bplib.predict(last.weights, last.biases, x_held), y_held)


def test_trainer_gradients_is_the_full_batch_on_the_current_parameters(batch_problem):
    weights, biases, x, y = batch_problem
    trainer = Trainer(weights, biases, x, y, learning_rate=0.5, batch_size=2)
    trainer.run_epoch()
    exact = bplib.backprop(trainer.weights, trainer.biases, x, y)
    for grads in (trainer.full_batch_gradients(), trainer.gradients()):
        assert all(np.array_equal(a, b) for a, b in zip(grads[0] + grads[1], exact[0] + exact[1]))
    np.testing.assert_array_equal(trainer.predict(x), bplib.predict(trainer.weights, trainer.biases, x))
    with pytest.raises(
        ValueError, match=r"x must have shape \(6, 4\) \(4 inputs per sample, as the network takes\), got \(6, 3\)"
    ):
        trainer.predict(x[:, :3])


def test_accuracy_for_one_output_and_for_several():
    assert accuracy(np.array([[0.7], [0.2], [0.6]]), np.array([[1.0], [0.0], [0.0]])) == pytest.approx(2 / 3)
    outputs = np.array([[0.1, 0.8, 0.1], [0.5, 0.3, 0.2], [0.2, 0.2, 0.6], [0.3, 0.4, 0.3]])
    one_hot = np.array([[0, 1, 0], [0, 0, 1], [0, 0, 1], [1, 0, 0]], dtype=float)
    assert accuracy(outputs, one_hot) == 0.5  # the largest output is the right class in rows 0 and 2
    assert accuracy(outputs[0], one_hot[0]) == 1.0
    with pytest.raises(ValueError, match=r"y must have shape \(4, 3\)"):
        accuracy(outputs, one_hot[:, :1])


def test_split_keeps_every_sample_once_and_refuses_an_empty_side():
    x = np.arange(20.0).reshape(10, 2)
    y = np.arange(10.0)[:, None]
    x_train, y_train, x_held, y_held = split(x, y, held_out=0.3, seed=2)
    assert len(x_held) == 3 and len(x_train) == 7
    assert sorted(np.concatenate([y_train, y_held]).ravel().tolist()) == y.ravel().tolist()
    assert np.array_equal(x_train[:, 0] / 2, y_train[:, 0])  # rows stay paired
    with pytest.raises(ValueError, match="leaves none to train on"):
        split(x[:1], y[:1])
    with pytest.raises(ValueError, match="leaves none to train on"):
        split(x, y, held_out=0.999)


def test_two_spirals_are_seeded_and_refuse_noise_that_overflows():
    x, y = two_spirals(n_per_class=50, noise=0.0, seed=3)
    assert x.shape == (100, 2) and sorted(set(y.ravel())) == [0.0, 1.0]
    assert np.max(np.hypot(*x.T)) <= 1.0 + 1e-12  # no noise: every point within radius 1
    again, _ = two_spirals(n_per_class=50, noise=0.0, seed=3)
    assert np.array_equal(x, again)
    with pytest.raises(ValueError, match="noise = 1e\\+308 or turns = 1.5 is too large"):
        two_spirals(noise=1e308)
