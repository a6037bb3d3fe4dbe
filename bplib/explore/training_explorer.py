"""The live training view: mini-batch SGD on two spirals, drawn while it trains, with Start, Stop and Reset.

The output layer is a choice: one sigmoid output with the cross-entropy (the default, as in notebook 06), or two
softmax outputs with the categorical cross-entropy (the series' second program's output, notebook 09's topic).
Either way the plane shows the probability of class 1, so the two pictures compare directly;
``views.training_setup`` says what each choice gives the network.

Training runs in a ``BackgroundRun`` so the kernel stays free to hear the Stop button; every widget change
made from that thread goes through one lock, and Stop waits for the thread to end, so nothing keeps running
after it (a kernel restart ends the thread with the process). Whatever ends a run, the readout says so: done,
stopped, or "stopped: " and the error, and Reset (or Start) begins afresh.

The readout speaks the learner's language; its table also carries the run's ``phase`` (ready, training, stopped,
failed, done) and the held-out accuracy as ``data-`` attributes, and the buttons carry the classes
``bplib-start``, ``bplib-stop`` and ``bplib-reset``, so that a browser test reads them in any language.
"""

from __future__ import annotations

import threading
import time

import ipywidgets as widgets

from ..datasets import split, two_spirals
from ..finite_differences import spot_check
from ..i18n import N_, _
from ..network import random_network
from ..training import Trainer
from ..validation import as_positive_int
from .background_run import BackgroundRun, Ending
from .explorer_base import Explorer
from .training_picture import GRID_POINTS, PLANE_LIMIT, TrainingPicture, cost_name
from .views import OUTPUT_LAYERS, training_setup, training_view

SPIRAL = dict(n_per_class=300, noise=0.05, turns=1.5)  # 600 points; 25 % held out
# each output layer with the cost that pairs with it: the output delta is a - y (or p - y), no vanishing sigma'(z)
OUTPUT_CHOICES = [(N_("sigmoid + cross-entropy"), "sigmoid"), (N_("softmax + categorical cross-entropy"), "softmax")]
OUTPUT_TIPS = {
    "sigmoid": N_("one sigmoid output, the probability of class 1, with the cross-entropy"),
    "softmax": N_("two softmax outputs, the probabilities of classes 0 and 1, with the categorical cross-entropy"),
}
MOST_EPOCHS = 1_000_000  # a bound on max_epochs, far beyond any run one would watch
LEARNING_RATES = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10]  # steps of about x3: each one a round number
REDRAW_SECONDS = 0.15  # at most this long between pictures while training: about 6 a second
CHECK_EVERY_EPOCHS = 25
CHECKED_SAMPLES = 8  # the gradient check nudges the loss on this many training samples
READY = N_("ready: press Start")
PHASE_TEXTS = {"training": N_("training"), "stopped": N_("stopped"), "failed": N_("stopped: {error}")}
DONE: tuple[str, str] = (N_("done: {epochs} epoch"), N_("done: {epochs} epochs"))


class TrainingExplorer(Explorer):
    """Train a 2 -> width -> width -> 1 network (sigmoid output) or 2 -> width -> width -> 2 (softmax output) on
    two spirals for up to ``max_epochs`` epochs (a whole number, 1 to 1,000,000) and watch the decision boundary
    and the curves."""

    def __init__(self, max_epochs: int = 150):
        self.max_epochs = as_positive_int(max_epochs, "max_epochs")  # checked before any widget exists
        if self.max_epochs > MOST_EPOCHS:
            got = f"{self.max_epochs:,}"
            raise ValueError(
                f"max_epochs must be at most {MOST_EPOCHS:,}, got {got if len(got) < 30 else got[:26] + '...'}"
            )
        x, labels = two_spirals(**SPIRAL, seed=0)
        self.data = split(x, labels, held_out=0.25, seed=1)  # labels 0/1 in a column; y follows the output layer
        self.start_button = widgets.Button(description=_("Start"), button_style="success", icon="play")
        self.stop_button = widgets.Button(description=_("Stop"), button_style="danger", icon="stop", disabled=True)
        self.reset_button = widgets.Button(description=_("Reset"), icon="undo")
        for button, name in ((self.start_button, "start"), (self.stop_button, "stop"), (self.reset_button, "reset")):
            button.add_class(f"bplib-{name}")
        self.progress = widgets.FloatProgress(value=0, min=0, max=self.max_epochs, description=_epoch_text(0))
        self.settings = _settings()
        self.activation, self.output, self.learning_rate, self.width, self.batch_size, self.seed = self.settings
        buttons = widgets.VBox(
            [widgets.HBox([self.start_button, self.stop_button, self.reset_button]), self.activation, self.progress]
        )
        # the output layer's row spans both columns below them: its two long names, in either language, fit
        # there whole, and the columns above keep the widths they had before the choice existed
        controls = widgets.VBox([widgets.HBox([buttons, widgets.VBox(self.settings[2:])]), self.output])
        self.drawing = TrainingPicture(self.data, self.max_epochs, OUTPUT_LAYERS[self.output.value].cost)
        super().__init__([controls], self.drawing.live)
        self._lock = threading.RLock()
        self.run = BackgroundRun(self._advance, self._on_end, name="bplib-training")
        self.checks: list[tuple[float, float, bool]] = []  # (epoch, largest relative error, passed)
        self.phase, self.error = "ready", ""
        self.start_button.on_click(lambda _button: self.start())
        self.stop_button.on_click(lambda _button: self.stop())
        self.reset_button.on_click(lambda _button: self.reset())
        self.follow(self.settings, lambda _change: self.reset())
        self.reset()

    # --- the buttons -------------------------------------------------------------------------------------
    def reset(self) -> None:
        """Stop any training and start again from a fresh network made with the current settings."""
        self.run.stop()
        with self._lock:
            x_train, labels_train, x_held, labels_held = self.data
            setup = training_setup(
                labels_train, labels_held, self.output.value, self.activation.value, self.width.value
            )
            weights, biases = random_network(setup.sizes, seed=self.seed.value, init=setup.init)
            self.trainer = Trainer(
                weights,
                biases,
                x_train,
                setup.y_train,
                learning_rate=self.learning_rate.value,
                batch_size=self.batch_size.value,
                seed=self.seed.value,
                activation=setup.activation,
                cost=setup.cost,
                x_held_out=x_held,
                y_held_out=setup.y_held,
            )
            self.drawing.show_cost(setup.cost)
            self.checks = []
            self.phase = "ready"
            self._draw()

    def start(self) -> None:
        """Train in the background until ``max_epochs``, Stop, or an error."""
        if self.run.running:
            if self.run.ending is None:
                return  # a run is under way (its Start button is disabled: a stray click)
            self.run.join()  # the run has ended and shown it, but its thread is still finishing: wait, then go on
        if self.trainer.epoch >= self.max_epochs or self.phase == "failed":
            self.reset()  # nothing left to train, or a network an error left behind: begin afresh
        with self._lock:
            self.phase = "training"
            self._next_draw, self._next_check = 0.0, self.trainer.epoch + CHECK_EVERY_EPOCHS
            self._set_running(True)
        self.run.start()

    def stop(self) -> None:
        """Stop training and wait for it: when this returns, nothing is running and the picture is final."""
        self.run.stop()

    @property
    def running(self) -> bool:
        return self.run.running

    @property
    def state(self) -> str:
        """What the readout's first line says, in the current language: ready, training, stopped, done, or
        "stopped: " and the error that ended the run."""
        if self.phase == "ready":
            return _(READY)
        if self.phase == "done":
            return _(DONE[0] if self.max_epochs == 1 else DONE[1]).format(epochs=self.max_epochs)
        return _(PHASE_TEXTS[self.phase]).format(error=self.error)

    def close(self) -> None:
        if hasattr(self, "run"):  # a half-built explorer has no run to stop
            self.run.stop()
        super().close()

    # --- the training thread -----------------------------------------------------------------------------
    def _advance(self) -> bool:
        """One SGD step, a gradient check every 25 epochs, a picture now and then; False when done."""
        trainer = self.trainer
        trainer.step()
        if trainer.epoch >= self._next_check:
            self._check_gradients()
            self._next_check += CHECK_EVERY_EPOCHS
        now = time.perf_counter()
        if now >= self._next_draw:
            self._next_draw = now + REDRAW_SECONDS  # counted from the start of a draw: a steady rate
            with self._lock:
                self._draw()
        return trainer.epoch < self.max_epochs

    def _on_end(self, ending: Ending) -> None:
        with self._lock:
            self._set_running(False)  # first: whatever fails below, the buttons work again
            if ending.reason == "failed":
                self.phase, self.error = "failed", _describe(ending.error)
            else:
                self.phase = "stopped" if ending.reason == "stopped" else "done"
            try:
                self._draw()
            except Exception as error:  # the picture cannot be drawn: say why, in words
                self.phase, self.error = "failed", _describe(error)
                self._show_numbers(
                    [(_("state"), self.state), (_("settings"), self._settings_text())], {"phase": self.phase}
                )

    def _check_gradients(self) -> None:
        """Backprop against centred nudges of 10 random entries per array, on a few training samples, with the
        weights as they are now, for the trainer's own activations and cost."""
        t = self.trainer
        p = t.problem
        check = spot_check(
            t.weights,
            t.biases,
            p.x[:CHECKED_SAMPLES],
            p.y[:CHECKED_SAMPLES],
            [a.name for a in p.activations],
            p.cost.name,
            entries_per_array=10,
            seed=t.steps,
        )
        self.checks.append((t.epoch, check.max_relative_error, check.passed))

    # --- drawing -------------------------------------------------------------------------------------------
    def _draw(self) -> None:
        """Redraw the numbers, then the picture, from the trainer's current state (callers hold the lock)."""
        view = training_view(self.trainer, self.output.value, limit=PLANE_LIMIT, n=GRID_POINTS)
        metrics = view.metrics
        self.progress.value = min(metrics.epoch, self.max_epochs)
        self.progress.description = _epoch_text(metrics.epoch)
        self._show_numbers(  # first: they are cheap, and they say at once that training stopped
            [
                (_("state"), self.state),
                (_("settings"), self._settings_text()),
                (_("cost"), cost_name(OUTPUT_LAYERS[self.output.value].cost)),
                (_("epoch / steps"), f"{metrics.epoch:.1f} / {metrics.step}"),
                (_("training loss, accuracy"), f"{metrics.train_loss:.4f}, {metrics.train_accuracy:.1%}"),
                (_("held-out loss, accuracy"), f"{metrics.held_out_loss:.4f}, {metrics.held_out_accuracy:.1%}"),
                *[(_("gradient check"), _check_text(*check)) for check in self.checks[-3:]],
            ],
            {"phase": self.phase, "held-out-accuracy": f"{100 * metrics.held_out_accuracy:.1f}"},
        )
        if self.phase == "training" and self.run.stop_requested:
            return  # Stop was pressed: the final draw follows at once, so skip this picture
        self.drawing.update(view, self.trainer.history, self._settings_text())
        self._show_picture()

    def _settings_text(self) -> str:
        width = self.width.value
        # the layers as the picture's title shows them, short: "tanh 32-32-softmax"; the cost has its own row
        return _("{activation} {width}-{width}-{output}, rate {rate}, batch {batch}, seed {seed}").format(
            activation=self.activation.value,
            width=width,
            output=self.output.value,
            rate=f"{self.learning_rate.value:.3g}",
            batch=self.batch_size.value,
            seed=self.seed.value,
        )

    def _set_running(self, running: bool) -> None:
        self.start_button.disabled = running
        self.stop_button.disabled = not running
        for control in self.settings:
            control.disabled = running


def _settings() -> list[widgets.Widget]:
    """The controls that define a run: hidden units, output layer, learning rate, width, batch size, seed."""
    wide = {"description_width": "initial"}
    return [
        widgets.ToggleButtons(
            options=["sigmoid", "tanh", "relu"],
            value="tanh",
            description=_("hidden units"),
            style={"button_width": "80px"},
        ),
        widgets.ToggleButtons(
            options=[(_(label), value) for label, value in OUTPUT_CHOICES],
            value="sigmoid",
            description=_("output layer"),
            tooltips=[_(OUTPUT_TIPS[value]) for _label, value in OUTPUT_CHOICES],
            # each button as wide as its words (in any language): a fixed width would cut the longer ones off
            style={"button_width": "auto", "description_width": "initial"},
        ),
        widgets.SelectionSlider(options=LEARNING_RATES, value=0.3, description=_("learning rate"), style=wide),
        widgets.IntSlider(value=32, min=2, max=64, description=_("hidden width"), style=wide),
        widgets.SelectionSlider(
            options=[1, 2, 4, 8, 16, 32, 64, 128, 256], value=16, description=_("batch size"), style=wide
        ),
        widgets.IntSlider(value=0, min=0, max=20, description=_("seed"), style=wide),
    ]


def _epoch_text(epoch: float) -> str:
    """The progress bar's label."""
    return _("epoch {epoch}").format(epoch=f"{epoch:.0f}")


def _check_text(epoch: float, error: float, passed: bool) -> str:
    """One gradient check, as the readout shows it."""
    message = (
        _("epoch {epoch}: largest relative error {error} (pass)")
        if passed
        else _("epoch {epoch}: largest relative error {error} (FAIL)")
    )
    return message.format(epoch=f"{epoch:.0f}", error=f"{error:.0e}")


def _describe(error: BaseException | None) -> str:
    """An exception in one line: its class and its message."""
    message = str(error).strip()
    return f"{type(error).__name__}: {message}" if message else type(error).__name__
