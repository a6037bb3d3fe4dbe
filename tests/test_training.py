import numpy as np
import pytest

import bplib


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
