"""Does the series' second program learn the digits, and how well do correct gradients do? (issue 22)

Run:  .venv/bin/python benchmarks/relu_softmax_digits.py   (about 30 s of CPU)

The series' ``deep_learning_relu_softmax.pl`` trains ReLU hidden layers and a softmax output from He initial
weights and zero biases, learning rate 0.5, mini-batches of 10. Here it is scaled to the 8 x 8 digits,
64-30-50-10, 10 epochs, a quarter of the digits held out. The series' story averages five starts; here each
seed (the split, the weights and the shuffling) is one start, and 30 of them are run, so that the spread of
five-start means shows too. Three ways to train, the same starts for each:

- the script's gradients (output delta relu'(z) (p - y) / 10: slips S12 and S13) at its rate 0.5;
- correct gradients (softmax with the categorical cross-entropy: delta = p - y) at 0.5;
- correct gradients at 0.05, the script's effective rate (S13 divides every step by 10).

Also printed: how many output deltas the script's ReLU factor zeroes (z <= 0 at an output unit), at the start
and at the end, how often the right class's is among them, and how many output units end with z <= 0 on every
training digit (they never get a delta again).
A measurement, not a test: it prints numbers for the notebook's author to compare with the series' story.
(One difference from the script: its last mini-batch of each epoch is divided by 10 whatever its size, S11;
here every step is the mean over the samples it holds.)
"""

from __future__ import annotations

import time

import numpy as np

import bplib
from bplib import article
from bplib.datasets import load_digits, one_hot, split
from bplib.training import DivergenceError, Trainer

SIZES = [64, 30, 50, 10]
ACTIVATION = ["relu", "relu", "softmax"]
EPOCHS, BATCH_SIZE = 10, 10
SEEDS = range(30)
GROUP = 5  # starts per mean, as in the series' story
RUNS = {  # name: (cost, learning rate)
    "script, rate 0.5": (article.SERIES_SOFTMAX_AS_WRITTEN, 0.5),
    "correct, rate 0.5": ("categorical_cross_entropy", 0.5),
    "correct, rate 0.05": ("categorical_cross_entropy", 0.05),
}


def start(seed: int):
    """He initial weights and zero biases, as the script draws them."""
    weights, biases = bplib.random_network(SIZES, seed=seed, init="he")
    return weights, [np.zeros_like(b) for b in biases]


def output_z(weights, biases, x) -> np.ndarray:
    return bplib.forward(weights, biases, x, ACTIVATION)[0][-1]


def train(seed: int, cost, rate: float, x, y, x_held, y_held):
    """The held-out accuracy after EPOCHS epochs (None if training diverged), and the trained output z."""
    weights, biases = start(seed)
    trainer = Trainer(
        weights,
        biases,
        x,
        y,
        learning_rate=rate,
        batch_size=BATCH_SIZE,
        seed=seed,
        activation=ACTIVATION,
        cost=cost,
        x_held_out=x_held,
        y_held_out=y_held,
    )
    try:
        for _ in range(EPOCHS):
            trainer.run_epoch()
        accuracy = trainer.evaluate().held_out_accuracy
    except DivergenceError:
        return None, None
    return accuracy, output_z(trainer.weights, trainer.biases, x)


def main() -> None:
    images, labels = load_digits()
    results = {name: [] for name in RUNS}
    zeroed = {"start": [], "end": [], "right class, start": [], "right class, end": []}
    dead_units = []
    began = time.process_time()
    for seed in SEEDS:
        x, y, x_held, y_held = split(images, one_hot(labels), held_out=0.25, seed=seed)
        z_start = output_z(*start(seed), x)
        zeroed["start"].append(np.mean(z_start <= 0))
        zeroed["right class, start"].append(np.mean(z_start[y == 1] <= 0))
        for name, (cost, rate) in RUNS.items():
            accuracy, z_end = train(seed, cost, rate, x, y, x_held, y_held)
            results[name].append(np.nan if accuracy is None else accuracy)
            if name.startswith("script") and z_end is not None:
                zeroed["end"].append(np.mean(z_end <= 0))
                zeroed["right class, end"].append(np.mean(z_end[y == 1] <= 0))
                dead_units.append(int(np.sum(np.all(z_end <= 0, axis=0))))
    report(results, zeroed, dead_units)
    print(f"CPU time: {time.process_time() - began:.1f} s")


def report(results: dict, zeroed: dict, dead_units: list[int]) -> None:
    groups = [list(SEEDS)[i : i + GROUP] for i in range(0, len(SEEDS), GROUP)]
    print(f"64-30-50-10 on the digits, {EPOCHS} epochs, batches of {BATCH_SIZE}, He weights, zero biases")
    print(f"\nheld-out accuracy, seeds 0-{GROUP - 1} (the story's five starts)")
    print(f"{'':<20}" + "".join(f"{'seed ' + str(s):>9}" for s in groups[0]) + f"{'mean':>9}")
    for name, accuracies in results.items():
        first = accuracies[:GROUP]
        print(f"{name:<20}" + "".join(_percent(a) for a in first) + _percent(np.nanmean(first)))
    print(f"\nmeans of five starts, seeds {groups[0][0]}-{groups[-1][-1]} in groups of {GROUP}; then all {len(SEEDS)}")
    for name, accuracies in results.items():
        means = "".join(_percent(np.nanmean(accuracies[g[0] : g[-1] + 1])) for g in groups)
        diverged = int(np.sum(np.isnan(accuracies)))
        spread = f"  all: {np.nanmean(accuracies):.1%} (sd {np.nanstd(accuracies):.1%}, {diverged} diverged)"
        print(f"{name:<20}{means}{spread}")
    print("\noutput deltas the script's relu'(z) zeroes (z <= 0), mean over the seeds:")
    print("  " + ", ".join(f"{where} {np.mean(values):.0%}" for where, values in zeroed.items()))
    print(f"output units with z <= 0 on every training digit after the script's training, per seed: {dead_units}")


def _percent(value: float) -> str:
    return f"{'diverged':>9}" if np.isnan(value) else f"{value:>9.1%}"


if __name__ == "__main__":
    main()
