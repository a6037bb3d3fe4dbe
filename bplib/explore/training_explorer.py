"""The live training view: mini-batch SGD on two spirals, drawn while it trains, with Start, Stop and Reset.

Training runs in a background thread so the kernel stays free to hear the Stop button; every widget change
made from that thread goes through one lock, and Stop waits for the thread to end, so nothing keeps running
after it (a kernel restart ends the thread with the process).
"""

from __future__ import annotations

import threading
import time

import ipywidgets as widgets
from matplotlib.figure import Figure

from ..datasets import split, two_spirals
from ..finite_differences import spot_check
from ..network import random_network
from ..training import Trainer
from . import style, views
from .explorers import Explorer

SPIRAL = dict(n_per_class=300, noise=0.05, turns=1.5)  # 600 points; 25 % held out
REDRAW_SECONDS = 0.15  # at most this long between pictures while training: about 6 a second
CHECK_EVERY_EPOCHS = 25
BANDS = [0, 0.1, 0.25, 0.45, 0.55, 0.75, 0.9, 1]  # output levels of the filled contour: white between 0.45 and 0.55


class TrainingExplorer(Explorer):
    """Train a 2 -> width -> width -> 1 network on two spirals and watch the decision boundary and the curves."""

    def __init__(self, max_epochs: int = 150):
        self.max_epochs = max_epochs
        x, y = two_spirals(**SPIRAL, seed=0)
        self.data = split(x, y, held_out=0.25, seed=1)
        self.start_button = widgets.Button(description="Start", button_style="success", icon="play")
        self.stop_button = widgets.Button(description="Stop", button_style="danger", icon="stop", disabled=True)
        self.reset_button = widgets.Button(description="Reset", icon="undo")
        self.activation = widgets.ToggleButtons(
            options=["sigmoid", "tanh", "relu"],
            value="tanh",
            description="hidden units",
            style={"button_width": "80px"},
        )
        self.learning_rate = widgets.FloatLogSlider(
            value=0.3,
            base=10,
            min=-3,
            max=1,
            step=0.1,
            description="learning rate",
            readout_format=".3g",
            style={"description_width": "initial"},
        )
        self.width = widgets.IntSlider(
            value=32, min=2, max=64, description="hidden width", style={"description_width": "initial"}
        )
        self.batch_size = widgets.SelectionSlider(
            options=[1, 2, 4, 8, 16, 32, 64, 128, 256],
            value=16,
            description="batch size",
            style={"description_width": "initial"},
        )
        self.seed = widgets.IntSlider(
            value=0, min=0, max=20, description="seed", style={"description_width": "initial"}
        )
        self.progress = widgets.FloatProgress(value=0, min=0, max=max_epochs, description="epoch 0")
        self.settings = [self.activation, self.learning_rate, self.width, self.batch_size, self.seed]
        buttons = widgets.VBox(
            [widgets.HBox([self.start_button, self.stop_button, self.reset_button]), self.activation, self.progress]
        )
        figure = Figure(figsize=(7.4, 3.2), dpi=90, layout="constrained")
        grid = figure.add_gridspec(2, 2, width_ratios=[1.1, 1])
        self.boundary_axes = figure.add_subplot(grid[:, 0])
        self.loss_axes = figure.add_subplot(grid[0, 1])
        self.accuracy_axes = figure.add_subplot(grid[1, 1], sharex=self.loss_axes)
        super().__init__([buttons, widgets.VBox(self.settings[1:])], figure)
        self._lock = threading.RLock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.checks: list[str] = []
        self._build_artists()
        self.start_button.on_click(lambda _: self.start())
        self.stop_button.on_click(lambda _: self.stop())
        self.reset_button.on_click(lambda _: self.reset())
        for control in self.settings:
            control.observe(lambda _: self.reset(), names="value")
        self.reset()

    # --- building and drawing -------------------------------------------------------------------------
    def _build_artists(self) -> None:
        x_train, y_train, x_held, y_held = self.data
        ax = self.boundary_axes
        # markers as lines, not scatter: Agg stamps one marker shape many times, several times faster
        self.points = []
        for label, colour in ((0, style.BLUE), (1, style.VERMILLION)):
            train, held = y_train[:, 0] == label, y_held[:, 0] == label
            self.points += ax.plot(*x_train[train].T, "o", ms=3, color=colour, mec="white", mew=0.3)
            self.points += ax.plot(*x_held[held].T, "o", ms=4.5, mfc="none", mec=colour, mew=0.9)
        ax.set_xlim(-1.4, 1.4)
        ax.set_ylim(-1.4, 1.4)
        ax.set_aspect("equal")
        ax.set_xlabel("x1")
        ax.set_ylabel("x2")
        self.boundary = []
        la, aa = self.loss_axes, self.accuracy_axes
        (self.train_loss_line,) = la.plot([], [], color=style.BLUE, label="training")
        (self.held_loss_line,) = la.plot([], [], color=style.ORANGE, label="held out")
        (self.train_accuracy_line,) = aa.plot([], [], color=style.BLUE)
        (self.held_accuracy_line,) = aa.plot([], [], color=style.ORANGE)
        la.set_yscale("log")
        la.set_ylim(3e-3, 2)
        la.set_ylabel("loss (cross-entropy)")
        la.legend(fontsize=8, frameon=False, loc="lower left")
        la.tick_params(labelbottom=False)
        aa.set_ylim(0.4, 1.02)
        aa.axhline(0.99, color=style.GREY, lw=0.8, ls=":")
        aa.set_ylabel("accuracy")
        aa.set_xlabel("epoch")
        la.set_xlim(0, self.max_epochs)
        self.live.add_moving(
            *self.points,
            self.train_loss_line,
            self.held_loss_line,
            self.train_accuracy_line,
            self.held_accuracy_line,
            ax.title,
        )

    def _draw(self) -> None:
        """Redraw the numbers, then the picture, from the trainer's current state (callers hold the lock)."""
        trainer = self.trainer
        metrics = trainer.evaluate()
        self.progress.value = min(metrics.epoch, self.max_epochs)
        self.progress.description = f"epoch {metrics.epoch:.0f}"
        self._show_numbers(  # first: they are cheap, and they say at once that training stopped
            [
                ("state", self.state),
                ("settings", self._settings_text()),
                ("epoch / steps", f"{metrics.epoch:.1f} / {metrics.step}"),
                ("training loss, accuracy", f"{metrics.train_loss:.4f}, {metrics.train_accuracy:.1%}"),
                ("held-out loss, accuracy", f"{metrics.held_out_loss:.4f}, {metrics.held_out_accuracy:.1%}"),
                *[("gradient check", line) for line in self.checks[-3:]],
            ]
        )
        if self.state == "training" and self._stop.is_set():
            return  # Stop was pressed: the final draw follows at once, so skip this picture
        xx, yy, outputs = views.decision_grid(trainer.predict, n=32)
        for old in self.boundary:
            self.live.moving.remove(old)
            old.remove()
        # the network's output as filled bands; the white band's middle, output 0.5, is the decision boundary
        self.boundary = [
            self.boundary_axes.contourf(xx, yy, outputs, levels=BANDS, cmap=style.GRADIENT_CMAP, alpha=0.55)
        ]
        for artist in reversed(self.boundary):
            artist.set_animated(True)
            self.live.moving.insert(0, artist)  # drawn first, under the points
        epochs = [m.epoch for m in trainer.history]
        for line, field in (
            (self.train_loss_line, "train_loss"),
            (self.held_loss_line, "held_out_loss"),
            (self.train_accuracy_line, "train_accuracy"),
            (self.held_accuracy_line, "held_out_accuracy"),
        ):
            line.set_data(epochs, [getattr(m, field) for m in trainer.history])
        self.boundary_axes.set_title(self._settings_text(), fontsize=8)
        self._show_picture()

    def _settings_text(self) -> str:
        width = self.width.value
        return (
            f"{self.activation.value} {width}-{width}, rate {self.learning_rate.value:.3g}, "
            f"batch {self.batch_size.value}, seed {self.seed.value}"
        )

    # --- the buttons ---------------------------------------------------------------------------------------
    def reset(self) -> None:
        """Stop any training and start again from a fresh network made with the current settings."""
        self.stop()
        with self._lock:
            x_train, y_train, x_held, y_held = self.data
            width = self.width.value
            weights, biases = random_network([2, width, width, 1], seed=self.seed.value)
            hidden = self.activation.value
            self.trainer = Trainer(
                weights,
                biases,
                x_train,
                y_train,
                learning_rate=self.learning_rate.value,
                batch_size=self.batch_size.value,
                seed=self.seed.value,
                activation=[hidden, hidden, "sigmoid"],
                cost="cross_entropy",
                x_held_out=x_held,
                y_held_out=y_held,
            )
            self.checks = []
            self.state = "ready: press Start"
            self._draw()

    def start(self) -> None:
        """Train in a background thread until ``max_epochs`` or Stop."""
        if self.running:
            return
        if self.trainer.epoch >= self.max_epochs:
            self.reset()
        self._stop.clear()
        self._set_running(True)
        self._thread = threading.Thread(target=self._train, name="bplib-training", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Ask the training thread to stop and wait for it: when this returns, nothing is running."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def close(self) -> None:
        self.stop()
        super().close()

    # --- the training thread -------------------------------------------------------------------------------
    def _train(self) -> None:
        trainer = self.trainer
        self.state = "training"
        next_draw, next_check = 0.0, trainer.epoch + CHECK_EVERY_EPOCHS
        try:
            while not self._stop.is_set() and trainer.epoch < self.max_epochs:
                trainer.step()
                if trainer.epoch >= next_check:
                    self._check_gradients()
                    next_check += CHECK_EVERY_EPOCHS
                now = time.perf_counter()
                if now >= next_draw:
                    next_draw = now + REDRAW_SECONDS  # counted from the start of a draw: a steady rate
                    with self._lock:
                        self._draw()
            self.state = "stopped" if self._stop.is_set() else f"done: {self.max_epochs} epochs"
        except Exception as error:  # shown in the readout, never lost in a thread
            self.state = f"failed: {error!r}"
        finally:
            with self._lock:
                self._draw()
                self._set_running(False)

    def _check_gradients(self) -> None:
        """Backprop against centred nudges of 10 random entries per array, on a few training samples, with the
        weights as they are now."""
        t = self.trainer
        p = t.problem
        check = spot_check(
            t.weights,
            t.biases,
            p.x[:8],
            p.y[:8],
            [a.name for a in p.activations],
            "cross_entropy",
            entries_per_array=10,
            seed=t.steps,
        )
        self.checks.append(
            f"epoch {t.epoch:.0f}: largest relative error {check.max_relative_error:.0e}"
            f" ({'pass' if check.passed else 'FAIL'})"
        )

    def _set_running(self, running: bool) -> None:
        self.start_button.disabled = running
        self.stop_button.disabled = not running
        for control in self.settings:
            control.disabled = running
