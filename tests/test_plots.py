"""The drawing pieces explorers share: slope bars and cell grids move as they are told."""

import io
import warnings

import numpy as np
import pytest
from matplotlib.figure import Figure

from bplib.explore import style
from bplib.explore.digit_pictures import plot_confusion_matrix, plot_gallery, show_digit, show_gradient
from bplib.explore.plots import SlopeBars, cell_grid, plot_step_errors, plot_storage_order


def test_slope_bars_take_heights_and_colour_the_computed_ones():
    ax = Figure().subplots()
    bars = SlopeBars(ax, 3, "computed", "nudged")
    bars.update([0.1, -0.2, 0.0], [0.09, -0.21, 0.01], limit=0.2)
    assert [b.get_height() for b in bars.computed] == [0.1, -0.2, 0.0]
    assert [b.get_height() for b in bars.nudged] == [0.09, -0.21, 0.01]
    colours = [b.get_facecolor() for b in bars.computed]
    assert np.allclose(colours, style.gradient_colours([0.1, -0.2, 0.0], 0.2))
    assert colours[1][2] > colours[1][0] and np.allclose(colours[2][:3], colours[2][0], atol=0.03)  # blue; white
    assert [t.get_text() for t in bars.legend.get_texts()] == ["computed", "nudged"]
    assert len(bars.artists) == 6


def test_cell_grid_puts_row_zero_at_the_top_and_colours_on_the_gradient_map():
    ax = Figure().subplots()
    mesh = cell_grid(ax, 2, 3, limit=6)
    values = np.arange(6.0).reshape(2, 3) - 3
    mesh.set_array(values.ravel())
    assert ax.get_ylim() == (1.5, -0.5) and ax.get_xlim() == (-0.5, 2.5)
    assert np.allclose(mesh.to_rgba(mesh.get_array()), style.gradient_colours(values.ravel(), 6))


def _rendered(figure) -> None:
    figure.savefig(io.BytesIO(), format="png")


def test_digit_pictures_refuse_a_scale_beyond_float64_instead_of_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        figure = Figure()
        ax = figure.subplots()
        with pytest.raises(ValueError, match="limit must be at most 8.99e\\+307"):
            show_gradient(ax, np.full(64, 1e308), 1e308)
        for bad in (0.0, -1.0, float("nan"), float("inf")):
            with pytest.raises(ValueError, match="limit must be a positive finite number"):
                show_gradient(ax, np.zeros(64), bad)
        show_gradient(ax, np.full(64, 1e307), 8e307)  # the largest scales still draw
        _rendered(figure)


@pytest.mark.parametrize("draw", [show_digit, lambda ax, image: show_gradient(ax, image, 1.0)])
def test_digit_pictures_name_an_image_that_is_not_64_finite_values(draw):
    ax = Figure().subplots()
    name = "image" if draw is show_digit else "gradient"
    with pytest.raises(ValueError, match=rf"{name} must hold 64 values \(8 x 8\), got shape \(10,\)"):
        draw(ax, np.zeros(10))
    with pytest.raises(ValueError, match=rf"{name} must be finite"):
        draw(ax, np.full(64, np.nan))


@pytest.mark.parametrize(
    "draw, error, message",
    [
        (lambda ax: plot_step_errors(ax, [], [], []), ValueError, "steps must hold at least one step"),
        (lambda ax: plot_step_errors(ax, [1e-3, 1e-2], [1e-3], [1e-6, 1e-5]), ValueError,
         r"forward_errors must hold one error per step, 2, got shape \(1,\)"),
        (lambda ax: plot_step_errors(ax, [0.0, 1e-2], [1e-3, 1e-2], [1e-6, 1e-5]), ValueError,
         "steps must all be positive"),
        (lambda ax: plot_step_errors(ax, [1e-3], [np.nan], [1e-6]), ValueError, "forward_errors must be finite"),
        (lambda ax: cell_grid(ax, 0, 0, 0), ValueError, "n_rows must be at least 1"),
        (lambda ax: cell_grid(ax, 2, 0, 1.0), ValueError, "n_cols must be at least 1"),
        (lambda ax: cell_grid(ax, 2, 3, 0.0), ValueError, "limit must be a positive finite number"),
        (lambda ax: cell_grid(ax, 10**29, 2, 1.0), ValueError, "n_rows x n_cols is too large"),
        (lambda ax: cell_grid(ax, 2, 3, 1e308), ValueError, "limit must be at most"),
        (lambda ax: style.gradient_colours([0.5], float("inf")), ValueError, "limit must be a positive finite"),
        (lambda ax: style.gradient_colours([0.5], None), TypeError, "limit must be a positive number"),
        (lambda ax: style.gradient_colours([10**400], 1.0), ValueError, "values must be finite"),
        (lambda ax: SlopeBars(ax, 0, "a", "b"), ValueError, "n must be at least 1"),
        (lambda ax: plot_confusion_matrix(ax, np.zeros((0, 0))), ValueError, "matrix must hold at least one count"),
        (lambda ax: plot_confusion_matrix(ax, []), ValueError, "matrix must be 2-D"),
        (lambda ax: plot_confusion_matrix(ax, np.ones((2, 3))), ValueError, r"matrix must be square.* \(2, 3\)"),
        (lambda ax: plot_confusion_matrix(ax, [[1, -1], [0, 2]]), ValueError, "matrix must hold counts"),
        (lambda ax: plot_storage_order(ax, ax, np.zeros((0, 2))), ValueError, "matrix must hold at least one number"),
        (lambda ax: plot_storage_order(ax, ax, [[1.0]], order="K"), ValueError, "order must be one of"),
        (lambda ax: plot_step_errors(ax, [1e-3], [1e308], [1e-6]), ValueError, "forward_errors must lie within"),
        (lambda ax: plot_step_errors(ax, [1e-3], [1e-3], [1e-6], floor=1e308), ValueError, "floor must lie within"),
        (lambda ax: plot_step_errors(ax, [1e-300], [1e-3], [1e-6]), ValueError, "steps must lie within"),
        (lambda ax: plot_gallery(None, np.zeros((1, 64)), ["0"]), TypeError, "axes must be matplotlib Axes"),
        (lambda ax: plot_gallery([ax], None, ["0"]), TypeError, "images must be numbers"),
        (lambda ax: plot_gallery([ax], np.zeros(64), ["0"]), ValueError, "images must be 2-D or 3-D"),
        (lambda ax: plot_gallery([ax], np.zeros((1, 10)), ["0"]), ValueError, r"images\[0\] must hold 64 values"),
        (lambda ax: plot_gallery([ax], np.zeros((1, 64)), None), TypeError, "titles must be a list of texts"),
        (lambda ax: plot_gallery([ax], np.zeros((1, 64)), ["0", "1"]), ValueError, "images and axes must hold one"),
        (lambda ax: plot_gallery([ax], np.zeros((1, 64)), ["0"], "red"), TypeError, "colours must be a list"),
    ],
)  # fmt: skip
def test_plot_helpers_refuse_empty_or_unfit_input_naming_it(draw, error, message):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(error, match=message):
            draw(Figure().subplots())


def test_step_errors_below_the_guides_range_draw_without_guides():
    """The h and h^2 guides are anchored on steps of at least 1e-4; without any, the errors are drawn alone."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        figure = Figure()
        ax = plot_step_errors(figure.subplots(), [1e-8, 1e-6], [1e-3, 1e-5], [1e-5, 1e-9])
        assert len(ax.get_lines()) == 2
        _rendered(figure)
        ax = plot_step_errors(Figure().subplots(), [1e-6, 1e-3], [1e-5, 1e-3], [1e-9, 1e-6])
        assert len(ax.get_lines()) == 4


@pytest.mark.parametrize("titles", [np.array(["1", "2"]), [1, 2], ("1", "2")], ids=["array", "numbers", "tuple"])
def test_a_gallery_takes_titles_as_any_sequence_of_texts_or_numbers(titles):
    axes = Figure().subplots(1, 2)
    plot_gallery(axes, np.zeros((2, 64)), titles)
    assert [ax.get_title() for ax in axes] == ["1", "2"]


def test_step_errors_far_below_one_are_drawn():
    """Steps and a floor down to 1e-250 (a log axis's margins stay inside float64 there)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        figure = Figure()
        steps = np.logspace(-200, -1, 12)
        plot_step_errors(figure.subplots(), steps, steps, steps**2, floor=1e-240)
        _rendered(figure)


def test_gradient_colours_saturate_without_warnings_at_float64s_ends():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        colours = style.gradient_colours([1e308, -1e308, 0.0], 5e-324)
        assert np.allclose(colours[0], style.GRADIENT_CMAP(1.0)) and np.allclose(colours[1], style.GRADIENT_CMAP(0.0))
        assert np.allclose(style.gradient_colours([1.0], style.LARGEST_LIMIT)[0], style.GRADIENT_CMAP(0.5), atol=1e-2)


def test_a_confusion_matrix_is_drawn_as_before():
    ax = plot_confusion_matrix(Figure().subplots(), np.array([[5, 1], [0, 7]]))
    assert sorted(t.get_text() for t in ax.texts) == ["1", "5", "7"]
