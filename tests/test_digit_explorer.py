"""The draw-a-digit explorer without a browser: its numbers come from plain bplib calls, drawing moves the
picture, Clear clears, and a long drag draws a few pictures, not one per mouse move."""

import re
import warnings

import numpy as np
import pytest
from digit_network import DRAWN, series_network

import bplib
from bplib.datasets import one_hot
from bplib.explore.digits import INK_GAP, PICTURE_GAP, DragThrottle, DrawDigitExplorer, digit_view
from bplib.handwriting import drawing_to_digit
from bplib.input_gradient import input_gradient


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def network():
    weights, biases, _, _ = series_network()
    return weights, biases


def _state(explorer):
    return bytes(explorer.picture.value), explorer.readout.value


def _text(explorer) -> str:
    """The readout as words, without its HTML."""
    return " ".join(re.sub(r"<[^>]+>", " ", explorer.readout.value).split())


def _draw(explorer, strokes):
    for stroke in strokes:
        explorer._pen_down(*stroke[0])
        for point in stroke[1:]:
            explorer._pen_move(*point)
        explorer._pen_up(*stroke[-1])


def test_digit_view_shows_what_bplib_computes(network):
    weights, biases = network
    view = digit_view(weights, biases, DRAWN[7])
    pixels = drawing_to_digit(DRAWN[7])
    outputs = bplib.forward(weights, biases, pixels)[1][-1]
    np.testing.assert_array_equal(view.pixels, pixels)
    np.testing.assert_array_equal(view.outputs, outputs)
    assert view.answer == view.desired == 7
    y = one_hot(np.array([7]))[0]
    assert view.cost == bplib.loss(weights, biases, pixels, y)
    np.testing.assert_array_equal(view.gradient, input_gradient(weights, biases, pixels, y))
    against_3 = digit_view(weights, biases, DRAWN[7], desired=3)
    assert against_3.answer == 7 and against_3.desired == 3
    y3 = one_hot(np.array([3]))[0]
    np.testing.assert_array_equal(against_3.gradient, input_gradient(weights, biases, pixels, y3))


def test_an_empty_drawing_is_a_blank_input(network):
    view = digit_view(*network, [])
    assert np.all(view.pixels == 0) and view.outputs.shape == (10,)


def test_the_throttle_spaces_pictures_by_the_gap_or_by_their_own_time():
    clock = FakeClock()
    throttle = DragThrottle(gap=0.1, clock=clock)
    assert throttle.due()
    clock.now = 0.03  # a 30 ms picture, started at 0
    throttle.drew(started=0.0)
    clock.now = 0.129
    assert not throttle.due()
    clock.now = 0.13
    assert throttle.due()
    clock.now = 1.5  # a slow, 500 ms picture: the next waits as long again
    throttle.drew(started=1.0)
    clock.now = 1.99
    assert not throttle.due()
    clock.now = 2.0
    assert throttle.due()


def test_drawing_moves_the_picture_and_the_numbers(network):
    explorer = DrawDigitExplorer(*network)
    blank = _state(explorer)
    assert "nothing drawn yet" in blank[1]
    _draw(explorer, DRAWN[1])
    assert _state(explorer)[0] != blank[0]
    assert "answer 1 (output" in _text(explorer)
    assert "1 stroke(s)" in _text(explorer) and "(drawing)" not in _text(explorer)


def test_the_explorer_sees_the_strokes_it_was_given(network):
    explorer = DrawDigitExplorer(*network)
    _draw(explorer, DRAWN[4])
    shown = digit_view(*network, [np.array(s) for s in explorer.strokes])
    expected = digit_view(*network, DRAWN[4])
    np.testing.assert_array_equal(shown.pixels, expected.pixels)
    assert len(explorer.strokes) == 2


def test_clear_brings_back_the_blank_picture(network):
    explorer = DrawDigitExplorer(*network)
    blank = _state(explorer)
    _draw(explorer, DRAWN[0])
    assert _state(explorer) != blank
    explorer.clear()
    assert explorer.strokes == [] and _state(explorer) == blank


def test_cost_against_another_digit_changes_the_gradient_picture(network):
    explorer = DrawDigitExplorer(*network)
    _draw(explorer, DRAWN[9])
    before = _state(explorer)
    explorer.desired.value = 4
    assert _state(explorer)[0] != before[0] and "cost against 4" in explorer.readout.value
    for _, value in explorer.desired.options:  # every choice draws without raising
        explorer.desired.value = value


def test_moves_without_the_pen_down_or_too_small_add_nothing(network):
    explorer = DrawDigitExplorer(*network)
    explorer._pen_move(10, 10)
    explorer._pen_up(10, 10)
    assert explorer.strokes == []
    explorer._pen_down(50, 50)
    explorer._pen_move(50.5, 50.5)
    assert explorer.strokes == [[(50.0, 50.0)]]


@pytest.mark.parametrize("x", [10**400, np.float32(40.0), np.int64(40)], ids=["10**400", "float32", "int64"])
def test_a_pen_point_is_a_float_pair_or_nothing(network, x):
    """What reaches the canvas is the point the stroke holds, two floats: a whole number too large for a float is
    no point (as NaN is), and numpy's numbers are taken as their floats, not sent on to fail in JSON."""
    explorer = DrawDigitExplorer(*network)
    explorer._pen_down(x, 50)
    explorer._pen_up(0, 0)
    if type(x) is int:
        assert explorer.strokes == [] and not explorer.drawing
    else:
        assert explorer.strokes == [[(40.0, 50.0)]] and all(type(v) is float for v in explorer.strokes[0][0])


def test_a_long_drag_draws_a_few_pictures_not_one_per_move(network):
    explorer = DrawDigitExplorer(*network)
    clock = FakeClock()
    explorer.throttle = DragThrottle(clock=clock)
    pictures = []
    show = explorer._show_picture

    def counted():
        pictures.append(clock.now)
        show()

    explorer._show_picture = counted
    explorer._pen_down(20, 20)
    moves = 600
    for k in range(moves):  # 600 moves, 5 ms apart: 3 seconds of dragging
        clock.now += 0.005
        explorer._pen_move(20 + 160 * abs(np.sin(k / 40)), 20 + 160 * k / moves)
    during = len(pictures)
    assert during <= 3.0 / PICTURE_GAP + 1  # at most one per gap
    assert during >= 10  # but it keeps up while drawing
    explorer._pen_up(0, 0)
    assert len(pictures) == during + 1  # and one more at the end of the stroke, showing all of it
    assert f"{len(explorer.strokes[0])} points" in explorer.readout.value


def test_a_long_drag_sends_its_ink_in_a_few_messages_and_all_of_it(network):
    explorer = DrawDigitExplorer(*network)
    clock = FakeClock()
    explorer.throttle = DragThrottle(clock=clock)
    explorer.ink_throttle = DragThrottle(INK_GAP, clock)
    sent = []
    explorer.canvas.stroke_lines = lambda points: sent.append(list(points))
    explorer._pen_down(20, 20)
    for k in range(300):  # 300 moves, 5 ms apart
        clock.now += 0.005
        explorer._pen_move(20 + k * 0.5, 20 + k * 0.5)
    explorer._pen_up(0, 0)
    assert len(sent) <= 1.5 / INK_GAP + 2
    inked = [sent[0][0]] + [point for message in sent for point in message[1:]]  # each message starts at the last
    assert inked == explorer.strokes[0]


def test_the_explorer_wants_a_64_to_10_network():
    weights, biases = bplib.random_network([16, 5, 10], seed=0)
    with pytest.raises(ValueError, match="64 pixels in and give 10 outputs, got 16 in and 10 out"):
        DrawDigitExplorer(weights, biases)


def test_a_picture_checks_the_network_once(network, monkeypatch):
    """digit_view checks the network and the pixels once, then runs the kernels (it checked them three times:
    forward, loss and input_gradient's backprop), with the same numbers to the last bit (test above)."""
    import bplib.network

    checks = []
    check_network = bplib.network._check_network
    monkeypatch.setattr(bplib.network, "_check_network", lambda *a: checks.append(1) or check_network(*a))
    explorer = DrawDigitExplorer(*network)
    _draw(explorer, [DRAWN[4][0]])
    checks.clear()
    explorer.desired.value = 3
    assert len(checks) == 1
    with pytest.raises(ValueError, match=r"biases\[1\] must have shape \(30,\), got \(10,\)"):
        digit_view([network[0][0], network[0][0]], network[1], DRAWN[4])


def test_closing_one_explorer_leaves_the_next_one_working(network):
    """All canvases draw through one ipycanvas manager; closing an explorer once closed it too, and the next
    DrawDigitExplorer (a re-run cell) failed to build."""
    DrawDigitExplorer(*network).close()
    explorer = DrawDigitExplorer(*network)
    _draw(explorer, [DRAWN[4][0]])
    assert explorer.canvas.comm is not None
    explorer.close()


# --- what a learner or a browser may hand the explorer -------------------------------------------------------------


@pytest.mark.parametrize(
    "weights, biases, error, message",
    [
        (None, None, TypeError, "weights must be a list with one array per layer"),
        ([], [], ValueError, "weights and biases must have one entry per layer"),
        ("abc", "abc", TypeError, "weights must be a list with one array per layer"),
        ([np.ones((10, 64))], None, TypeError, "biases must be a list with one array per layer"),
        ([np.ones((10, 64))], [np.full(10, np.nan)], ValueError, r"biases\[0\] must be finite"),
        ([np.full((10, 64), 1e307)], [np.zeros(10)], ValueError, r"weights\[0\] are too large"),
    ],
)
def test_bad_weights_are_refused_naming_them(weights, biases, error, message):
    with pytest.raises(error, match=message):
        DrawDigitExplorer(weights, biases)


def _overflowing_slopes():
    """64-30-10 weights whose every weighted input is 0 for the blank drawing, so every sigma'(z) is 1/4 and
    nothing saturates, but whose slopes dC/dx = W0^T delta0 go beyond float64: +-1e200 twice over."""
    w0 = np.zeros((30, 64))
    w0[:, 0], w0[:, 1] = 1e200, -1e200
    w1 = np.zeros((10, 30))
    w1[:, 0::2], w1[:, 1::2] = 1e200, -1e200
    return [w0, w1], [np.zeros(30), np.zeros(10)]


def test_slopes_that_overflow_are_refused_not_warned(network):
    weights, biases = _overflowing_slopes()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match=r"dC/dx overflows float64 .*weights"):
            digit_view(weights, biases, [])
        with pytest.raises(ValueError, match=r"dC/dx overflows float64 .*weights"):
            DrawDigitExplorer(weights, biases)


def test_a_drawing_the_network_cannot_take_is_told_and_the_last_picture_stays(network, monkeypatch):
    import bplib.explore.digits as digits

    explorer = DrawDigitExplorer(*network)
    _draw(explorer, [DRAWN[4][0]])
    picture = bytes(explorer.picture.value)

    def refused(*args):
        raise ValueError("dC/dx overflows float64 (beyond 1.8e308): the weights are too large for this drawing")

    monkeypatch.setattr(digits, "digit_view", refused)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _draw(explorer, [DRAWN[7][0]])  # no exception in the canvas's callbacks
    assert bytes(explorer.picture.value) == picture
    assert "could not be shown" in _text(explorer) and "1.8e308" in _text(explorer)
    monkeypatch.undo()
    explorer.clear()
    assert "could not be shown" not in _text(explorer) and "nothing drawn yet" in _text(explorer)


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -float("inf"), None, "10"])
def test_pen_points_that_are_not_finite_numbers_are_ignored(network, bad):
    explorer = DrawDigitExplorer(*network)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        explorer._pen_down(bad, 10)  # a stroke cannot start nowhere
        assert explorer.strokes == [] and not explorer.drawing
        explorer._pen_down(10, 10)
        explorer._pen_move(100, bad)
        explorer._pen_move(bad, bad)
        explorer._pen_move(100, 120)
        explorer._pen_up(bad, bad)
    assert explorer.strokes == [[(10.0, 10.0), (100.0, 120.0)]]
    assert "1 stroke(s), 2 points" in _text(explorer)


def test_touches_without_a_point_are_ignored(network):
    explorer = DrawDigitExplorer(*network)
    explorer._touch_start([])
    explorer._touch_move([])
    assert explorer.strokes == []
    explorer._touch_start([(10, 10)])
    explorer._touch_move([(50, 60), (1, 1)])  # the first finger draws
    explorer._touch_end([])
    assert explorer.strokes == [[(10.0, 10.0), (50.0, 60.0)]] and not explorer.drawing


@pytest.mark.parametrize(
    "desired, error", [(10, ValueError), (-1, ValueError), (3.7, TypeError), (True, TypeError), ("3", TypeError)]
)
def test_digit_view_names_a_desired_digit_that_is_not_one_of_its_outputs(network, desired, error):
    with pytest.raises(error, match="desired must be a digit, a whole number from 0 to 9"):
        digit_view(*network, DRAWN[7], desired)
