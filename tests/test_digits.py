"""Notebook 08's math: the UCI digits, a drawing reduced to 8 x 8 the UCI way, the slope of the cost with respect to
the inputs (against nudging), and the series' network reaching its floor on held-out digits."""

import gzip
import re
import warnings

import numpy as np
import pytest
from digit_network import DRAWN, series_network

import bplib
import bplib.digits
from bplib.datasets import load_digits, one_hot
from bplib.handwriting import BITMAP, PEN, block_counts, drawing_to_digit, rasterize
from bplib.input_gradient import input_gradient, nudged_input_gradient

# --- the data -------------------------------------------------------------------------------------------------


def test_load_digits_gives_the_uci_counts_scaled_to_one():
    images, labels = load_digits()
    assert images.shape == (1797, 64) and images.dtype == np.float64
    assert labels.shape == (1797,) and set(labels) == set(range(10))
    counts = images * 16
    np.testing.assert_array_equal(counts, np.round(counts))  # counts of pixels, 0..16
    assert counts.min() == 0 and counts.max() == 16


def test_load_digits_reads_what_scikit_learn_gives():
    from sklearn.datasets import load_digits as sklearn_digits

    data = sklearn_digits()
    images, labels = load_digits()
    np.testing.assert_array_equal(images, data.data / 16)
    np.testing.assert_array_equal(labels, data.target)


def test_one_hot():
    np.testing.assert_array_equal(one_hot(np.array([2, 0])), [[0, 0, 1, 0, 0, 0, 0, 0, 0, 0], [1] + [0] * 9])
    with pytest.raises(ValueError, match=r"labels must lie in 0..9, got values from 0 to 10"):
        one_hot(np.array([0, 10]))
    with pytest.raises(ValueError, match="whole numbers"):
        one_hot(np.array([0.5]))


def _a_digits_row(label: int) -> str:
    return ",".join(["16"] * 64 + [str(label)])


DAMAGED_CSVS = {
    "cut off": (lambda rows: gzip.compress(rows.encode())[:-20], r"not a readable digits CSV.*: cut off in line \d"),
    "cut off in a row": (
        lambda rows: gzip.compress(rows[:-40].encode()),
        r"not a readable .*: line 2 holds 52 comma-separated values, not 65",
    ),
    "not numbers": (
        lambda rows: gzip.compress(rows.replace("16", "x", 1).encode()),
        r"not a readable digits CSV.*: line 1, column 1 holds 'x', not a whole number",
    ),
    "a fraction": (
        lambda rows: gzip.compress(rows.replace("4", "4.5").encode()),
        r"not a readable .*: line 2, column 65 holds '4.5', not a whole number",
    ),
    "a column short": (
        lambda rows: gzip.compress("\n".join(row[3:] for row in rows.split("\n")).encode()),
        r"not a readable .*: line 1 holds 64 comma-separated values, not 65",
    ),
    "a column too many": (
        lambda rows: gzip.compress("\n".join("16," + row for row in rows.split("\n")).encode()),
        r"not a readable .*: line 1 holds 66 comma-separated values, not 65",
    ),
    "the second row a column short": (
        lambda rows: gzip.compress(rows.replace("16,4", "4").encode()),
        r"not a readable .*: line 2 holds 64 comma-separated values, not 65",
    ),
    "no rows": (lambda rows: gzip.compress(b""), r"not a readable digits CSV.*: no rows"),
    "not text": (lambda rows: gzip.compress(b"\xff\xfe" + rows.encode()), r"not a readable .*: line 1 is not text"),
    "a count of 17": (
        lambda rows: gzip.compress(rows.replace("16", "17", 1).encode()),
        r"pixel counts must lie in 0..16",
    ),
    "a label of 10": (
        lambda rows: gzip.compress(rows[:-1].encode() + b"10"),
        r"labels must lie in 0..9, found 3 to 10",
    ),
    "a count too large for int64": (
        lambda rows: gzip.compress(rows.replace(",4", ",99999999999999999999", 1).encode()),
        r"not a readable .*: line 2, column 65 holds a 20-digit number, not a count",
    ),
    "a count too long for int()": (
        lambda rows: gzip.compress(rows.replace(",4", "," + "9" * 5000, 1).encode()),
        r"not a readable .*: line 2, column 65 holds a 5000-digit number, not a count",
    ),
}


@pytest.mark.parametrize("damage", list(DAMAGED_CSVS))
def test_a_damaged_digits_csv_is_a_value_error_naming_the_file(tmp_path, monkeypatch, damage):
    make, message = DAMAGED_CSVS[damage]
    path = tmp_path / "digits.csv.gz"
    path.write_bytes(make(f"{_a_digits_row(3)}\n{_a_digits_row(4)}"))
    monkeypatch.setattr(bplib.digits, "_shipped_digits_file", lambda: path)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match=f"^{re.escape(str(path))}: {message}"):
            load_digits()


def test_a_digits_csv_that_cannot_be_opened_is_named(tmp_path, monkeypatch):
    for path, why in ((tmp_path / "missing.csv.gz", "no such file"), (tmp_path, "a folder, not a file")):
        monkeypatch.setattr(bplib.digits, "_shipped_digits_file", lambda path=path: path)
        with pytest.raises(ValueError, match=f"^{re.escape(str(path))}: {why}$"):
            load_digits()


def test_a_digits_csv_gzipped_in_several_members_is_read_whole(tmp_path, monkeypatch):
    """``cat a.gz b.gz`` makes one valid gzip file of two members: every row of both is read, as gzip reads it."""
    path = tmp_path / "digits.csv.gz"
    path.write_bytes(gzip.compress(f"{_a_digits_row(3)}\n".encode()) + gzip.compress(_a_digits_row(4).encode()))
    monkeypatch.setattr(bplib.digits, "_shipped_digits_file", lambda: path)
    assert len(gzip.decompress(path.read_bytes()).splitlines()) == 2
    np.testing.assert_array_equal(load_digits()[1], [3, 4])


def test_a_sound_digits_csv_of_one_row_is_read(tmp_path, monkeypatch):
    path = tmp_path / "digits.csv.gz"
    path.write_bytes(gzip.compress(_a_digits_row(7).encode()))
    monkeypatch.setattr(bplib.digits, "_shipped_digits_file", lambda: path)
    images, labels = load_digits()
    np.testing.assert_array_equal(images, np.ones((1, 64)))
    np.testing.assert_array_equal(labels, [7])


@pytest.mark.parametrize(
    ("n_classes", "error", "message"),
    [
        (2.5, TypeError, "n_classes must be a whole number"),
        ("10", TypeError, "n_classes must be a whole number"),
        (0, ValueError, "n_classes must be at least 1"),
        (10**12, ValueError, "n_classes is too large: .* GiB, more than"),
        (True, TypeError, "n_classes must be a whole number"),
        (np.float64(3.0), TypeError, "n_classes must be a whole number"),
    ],
)
def test_one_hot_names_a_bad_class_count(n_classes, error, message):
    with pytest.raises(error, match=message):
        one_hot(np.array([0, 1]), n_classes)


def test_one_hot_refuses_a_class_count_too_large_for_one_array_before_allocating(monkeypatch):
    """3 labels of 10**9 classes are 24 GB: refused on any machine, even one that says it has a petabyte of
    memory (numpy would hand out the zeros lazily, and the first use would stop the kernel)."""
    monkeypatch.setattr(bplib.validation, "_memory_bytes", lambda: 2**50)
    monkeypatch.setattr(np, "zeros", lambda *args, **kwargs: pytest.fail("allocated before checking"))
    with pytest.raises(
        ValueError, match=r"^n_classes is too large: 3 desired outputs of 1000000000 classes .* 22.4 GiB"
    ):
        one_hot(np.array([0, 1, 2]), 10**9)


def test_one_hot_names_labels_out_of_range():
    for labels in ([0, 4], [-1, 2]):
        with pytest.raises(ValueError, match=r"^labels must lie in 0..3, got values from -?\d to \d"):
            one_hot(np.array(labels), 4)


# --- a drawing reduced to 8 x 8 ------------------------------------------------------------------------------


def test_block_counts_count_the_on_pixels_of_each_4x4_block():
    bitmap = np.zeros((32, 32), dtype=bool)
    bitmap[0:4, 0:4] = True  # a full block: 16
    bitmap[5, 9:12] = True  # three pixels of block (1, 2)
    bitmap[31, 31] = True  # one pixel of the last block
    counts = block_counts(bitmap)
    expected = np.zeros((8, 8), dtype=int)
    expected[0, 0], expected[1, 2], expected[7, 7] = 16, 3, 1
    np.testing.assert_array_equal(counts, expected)


def test_block_counts_equal_a_loop_over_the_blocks():
    bitmap = np.random.default_rng(0).uniform(size=(32, 32)) < 0.3
    loop = [[bitmap[4 * i : 4 * i + 4, 4 * j : 4 * j + 4].sum() for j in range(8)] for i in range(8)]
    np.testing.assert_array_equal(block_counts(bitmap), loop)


def test_block_counts_want_a_square_divisible_bitmap():
    with pytest.raises(ValueError, match="square with a side divisible by 4"):
        block_counts(np.zeros((30, 30)))


def test_a_drawing_is_scaled_to_fill_the_bitmap_keeping_its_shape():
    tall = rasterize([np.array([[50.0, 10], [50, 90]])])  # a vertical line, 80 long
    rows, cols = np.flatnonzero(tall.any(axis=1)), np.flatnonzero(tall.any(axis=0))
    assert rows[0] == 0 and rows[-1] == BITMAP - 1  # fills the height...
    assert len(cols) <= np.ceil(PEN) + 1  # ...and stays one pen wide
    assert abs((cols[0] + cols[-1]) / 2 - (BITMAP - 1) / 2) <= 0.5  # centred


def test_where_and_how_large_a_digit_is_drawn_does_not_matter():
    drawing = DRAWN[4]
    moved = [s * 0.4 + np.array([300.0, -20]) for s in drawing]
    np.testing.assert_array_equal(rasterize(moved), rasterize(drawing))


def test_a_dot_is_a_disk_of_the_pen_in_the_middle():
    dot = rasterize([np.array([[7.0, 7.0]])])
    centre = (BITMAP - 1) / 2
    rows, cols = np.nonzero(dot)
    assert np.all(np.hypot(rows - centre, cols - centre) <= PEN / 2)
    assert dot.sum() == np.sum(np.hypot(*np.mgrid[:BITMAP, :BITMAP] - centre) <= PEN / 2)


def test_segments_are_measured_a_chunk_at_a_time_with_the_same_result():
    from bplib.handwriting import _distance_to_segments

    rng = np.random.default_rng(1)
    starts, ends = rng.uniform(0, 32, size=(2, 300, 2))
    in_one_go = _distance_to_segments(starts, ends, 32, chunk=1000)
    np.testing.assert_array_equal(_distance_to_segments(starts, ends, 32, chunk=7), in_one_go)
    brute = [[np.hypot(*_nearest_offsets(x + 0.5, y + 0.5, starts, ends)).min() for x in range(32)] for y in range(32)]
    np.testing.assert_allclose(in_one_go, brute, rtol=1e-12)


def _nearest_offsets(x, y, starts, ends):
    """Offsets from (x, y) to the nearest point of each segment, one segment at a time, by projection."""
    offsets = []
    for (ax, ay), (bx, by) in zip(starts, ends):
        t = np.clip(((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2), 0, 1)
        offsets.append((x - ax - t * (bx - ax), y - ay - t * (by - ay)))
    return np.array(offsets).T


def test_the_network_input_is_counts_over_16():
    assert np.all(drawing_to_digit([]) == 0)
    digit = drawing_to_digit(DRAWN[5])
    assert digit.shape == (64,) and digit.min() >= 0 and digit.max() <= 1
    np.testing.assert_array_equal(digit * 16, block_counts(rasterize(DRAWN[5])).ravel())


@pytest.mark.parametrize(
    ("strokes", "error", "message"),
    [
        ("123", TypeError, "strokes must be a list"),
        ([np.zeros((0, 2))], ValueError, r"strokes\[0\] must hold at least one"),
        ([[[1, 2, 3]]], ValueError, r"strokes\[0\] must hold at least one \(x, y\) point, shape \(k, 2\)"),
        ([[[1, 2]], [[np.nan, 2]]], ValueError, r"strokes\[1\] must be finite"),
    ],
)
def test_bad_strokes_are_named(strokes, error, message):
    with pytest.raises(error, match=message):
        rasterize(strokes)


# --- backprop one layer further ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sizes", "activation", "cost"),
    [
        ([64, 30, 10], "sigmoid", "quadratic"),
        ([64, 30, 10], "sigmoid", "cross_entropy"),
        ([5, 4], "sigmoid", "quadratic"),
        ([6, 5, 4, 3], ["tanh", "relu", "sigmoid"], "quadratic"),
    ],
)
def test_the_input_gradient_equals_nudged_inputs(sizes, activation, cost):
    rng = np.random.default_rng(len(sizes))
    weights, biases = bplib.random_network(sizes, seed=rng)
    x, y = rng.uniform(size=(3, sizes[0])), rng.uniform(size=(3, sizes[-1]))
    formula = input_gradient(weights, biases, x, y, activation, cost)
    nudged = nudged_input_gradient(weights, biases, x, y, 1e-5, activation, cost)
    assert formula.shape == x.shape
    assert bplib.relative_error(formula, nudged) < 1e-7


def test_the_input_gradient_is_w1_transposed_times_delta1():
    weights, biases = bplib.random_network([4, 3, 2], seed=5)
    x, y = np.array([0.1, 0.9, 0.4, 0.0]), np.array([1.0, 0.0])
    zs, activations = bplib.forward(weights, biases, x)
    delta2 = (activations[2] - y) * activations[2] * (1 - activations[2])
    delta1 = (weights[1].T @ delta2) * activations[1] * (1 - activations[1])
    np.testing.assert_allclose(input_gradient(weights, biases, x, y), weights[0].T @ delta1, rtol=1e-12)


def test_a_batch_gives_each_samples_own_gradient():
    weights, biases = bplib.random_network([4, 3, 2], seed=6)
    rng = np.random.default_rng(6)
    x, y = rng.uniform(size=(5, 4)), rng.uniform(size=(5, 2))
    rows = [input_gradient(weights, biases, xi, yi) for xi, yi in zip(x, y)]
    np.testing.assert_array_equal(input_gradient(weights, biases, x, y), rows)
    with pytest.raises(ValueError, match=r"y must have one row per sample of x, shape \(5, n_out\)"):
        input_gradient(weights, biases, x, y[0])


@pytest.mark.parametrize("slopes", [input_gradient, nudged_input_gradient])
def test_input_slopes_of_an_empty_batch_have_a_row_per_sample_none(slopes):
    weights, biases = bplib.random_network([4, 3, 2], seed=7)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = slopes(weights, biases, np.zeros((0, 4)), np.zeros((0, 2)))
    assert result.shape == (0, 4) and result.dtype == np.float64
    with pytest.raises(ValueError, match=r"x must have shape \(0, 4\)"):
        slopes(weights, biases, np.zeros((0, 5)), np.zeros((0, 2)))
    with pytest.raises(ValueError, match=r"y must have shape \(0, 2\)"):
        slopes(weights, biases, np.zeros((0, 4)), np.zeros((0, 3)))


@pytest.mark.parametrize("batch", [False, True])
def test_input_slopes_that_overflow_are_refused_naming_what_is_too_large(batch):
    """W = 1e300 and x = 1e-290: z, the cost and the bias slope are ordinary numbers, but W^T delta is 1e310."""
    weights, biases = [np.array([[1e300]])], [np.array([0.0])]
    x, y = np.array([1e-290]), np.array([0.0])
    x, y = (x[None], y[None]) if batch else (x, y)
    for slopes, options in ((input_gradient, {}), (nudged_input_gradient, {"step": 1e-295})):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            with pytest.raises(ValueError, match=r"overflows float64.*\bx\b.*weights") as caught:
                slopes(weights, biases, x, y, activation="identity", **options)
        assert "f changes" not in str(caught.value)


def test_the_input_gradient_of_trained_digits_equals_nudged_pixels():
    weights, biases, x_held, labels_held = series_network()
    x, y = x_held[:4], one_hot(labels_held[:4])
    formula = input_gradient(weights, biases, x, y)
    nudged = nudged_input_gradient(weights, biases, x, y)
    for row_formula, row_nudged in zip(formula, nudged):  # each digit against its own scale
        assert bplib.relative_error(row_formula, row_nudged) < 1e-7


# --- the series' network on 8 x 8 digits --------------------------------------------------------------------


def test_the_series_network_reads_97_percent_of_held_out_digits():
    weights, biases, x_held, labels_held = series_network()
    answers = np.argmax(bplib.forward(weights, biases, x_held)[1][-1], axis=1)
    assert len(x_held) == 449
    assert np.mean(answers == labels_held) >= 0.97


@pytest.mark.parametrize("digit", sorted(DRAWN))
def test_it_reads_digits_drawn_as_strokes(digit):
    """The reduction matches the data well enough for the network to read plainly drawn digits."""
    weights, biases, _, _ = series_network()
    outputs = bplib.forward(weights, biases, drawing_to_digit(DRAWN[digit]))[1][-1]
    assert np.argmax(outputs) == digit


@pytest.mark.parametrize("slopes", [input_gradient, nudged_input_gradient])
def test_input_slopes_of_a_batch_refuse_fewer_desired_outputs_than_samples(slopes):
    """(An empty batch is no such case: its slopes are an empty (0, n_in), test above.)"""
    weights, biases = bplib.random_network([4, 3, 2], seed=6)
    with pytest.raises(ValueError, match=r"y must have one row per sample of x, shape \(3, n_out\), got \(2, 2\)"):
        slopes(weights, biases, np.zeros((3, 4)), np.zeros((2, 2)))


@pytest.mark.parametrize("scale", [5e-324, 1e-300, 1e300, 1.7e308], ids=repr)
def test_a_drawing_at_any_finite_scale_is_drawn_as_at_scale_one(scale):
    at_one = rasterize([np.array([[-1.0, 0.0], [1.0, 1.0]]), np.array([[0.0, -1.0]])])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        scaled = rasterize([np.array([[-1.0, 0.0], [1.0, 1.0]]) * scale, np.array([[0.0, -1.0]]) * scale])
    assert at_one.sum() > 50  # a line and a dot, not a blank bitmap
    np.testing.assert_array_equal(scaled, at_one)


@pytest.mark.parametrize("at", [2.0, 1e300, -1e308], ids=repr)
def test_a_stroke_is_drawn_alike_wherever_it_sits(at):
    """A stroke 5e-324 long is drawn the same (a line across the bitmap, its longer side) at 0.5 and far away."""
    stroke = np.array([[0.5, 0.0], [0.5, 5e-324]])
    here = rasterize([stroke], size=8, pen=1.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        there = rasterize([stroke + [at - 0.5, 0.0]], size=8, pen=1.0)
    assert here[:, 3:5].all()
    np.testing.assert_array_equal(there, here)


@pytest.mark.parametrize("pen", [BITMAP, BITMAP + 0.5, 3 * BITMAP])
def test_a_pen_as_wide_as_the_bitmap_is_refused_instead_of_mirroring_the_drawing(pen):
    with pytest.raises(ValueError, match=rf"pen must be narrower than the bitmap \(size = {BITMAP} pixels\)"):
        rasterize(DRAWN[4], pen=pen)
    with pytest.raises(ValueError, match="pen must be narrower"):
        drawing_to_digit(DRAWN[4], pen=pen)


@pytest.mark.parametrize(
    ("strokes", "size"),
    [
        ([[[0.0, 0.0], [0.0, 0.0]]], 12),  # one point, repeated: placed in the middle, between pixel centres
        ([[[3.0, 3.0]]], 32),
        ([[[0.0, 0.0], [5e-324, 0.0]]], 12),  # points closer than any two floats but the smallest step
        ([[[0.0, 0.0], [1.0, 0.0]]], 12),  # a level line, drawn between two rows of pixel centres
        ([[[-1e308, 0.0], [1e308, 0.0]]], 12),
    ],
    ids=["a repeated point", "a dot", "5e-324 apart", "a level line", "a level line at +-1e308"],
)
@pytest.mark.parametrize("pen", [1.0, 0.5, 1e-300])
def test_a_pen_thinner_than_a_pixel_still_draws_every_pixel_the_strokes_pass_through(strokes, size, pen):
    """A pen narrower than a pixel's diagonal used to leave a drawing blank (no pixel centre near enough),
    silently: now each pixel a stroke passes through is on, with its neighbours near enough (a pixel's half
    diagonal)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        bitmap = rasterize(strokes, size, pen)
    middle = slice(size // 2 - 1, size // 2 + 1)  # the four pixels that meet at the bitmap's centre
    if strokes[0][-1][0] != strokes[0][0][0]:  # a level line across, on the border of the middle two rows
        expected = np.zeros((size, size), dtype=bool)
        expected[middle, :] = True
    else:  # a dot at the centre
        expected = np.zeros((size, size), dtype=bool)
        expected[middle, middle] = True
    np.testing.assert_array_equal(bitmap, expected)
