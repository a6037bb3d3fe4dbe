"""How fast is backprop, one sample at a time (the article's way) against a whole batch of matrices?

Run:  .venv/bin/python benchmarks/backprop_speed.py   (after `python3 run.py test` or `lab` made .venv)

Everything is measured in this one run, so the ratios compare like with like on whatever the machine is
doing at the moment; absolute numbers vary between runs and machines, ratios much less. Each timing is
timeit's: ``Timer.autorange`` finds how many calls last at least 0.2 s, and the fastest of several such groups
counts (the least disturbed by other work).
"""

from __future__ import annotations

import timeit

import numpy as np

import bplib
from bplib import article


def seconds_per_call(fn, *args, repeats: int = 5) -> float:
    """Seconds per call of ``fn(*args)``, the fastest of ``repeats`` groups of calls sized by ``autorange``."""
    timer = timeit.Timer(lambda: fn(*args))
    calls, _ = timer.autorange()
    return min(timer.repeat(repeats, calls)) / calls


def backprop_flops(sizes: list[int], m: int) -> int:
    """Floating-point operations of the matrix products in one batched backprop (2 per multiply-add)."""
    pairs = list(zip(sizes, sizes[1:]))
    forward = sum(2 * m * n_in * n_out for n_in, n_out in pairs)
    weight_grads = forward
    deltas = sum(2 * m * n_in * n_out for n_in, n_out in pairs[1:])  # no delta is sent back to the input
    return forward + weight_grads + deltas


def matmul_gflops(m: int, k: int, n: int, rng) -> float:
    a, b = rng.normal(size=(m, k)), rng.normal(size=(k, n))
    return 2 * m * k * n / seconds_per_call(lambda: a @ b) / 1e9


def bare_products_time(weights: list[np.ndarray], x: np.ndarray, rng) -> float:
    """Seconds for exactly the matrix products of one batched backprop, with nothing else around them."""
    acts = [x] + [rng.uniform(size=(len(x), w.shape[0])) for w in weights]
    deltas = [rng.normal(size=a.shape) for a in acts[1:]]

    def products():
        for l, w in enumerate(weights):
            acts[l] @ w.T  # forward
            deltas[l].T @ acts[l]  # weight gradients
            if l > 0:
                deltas[l] @ w  # deltas sent back

    return seconds_per_call(products)


def loop_against_batch(rng) -> None:
    print("Backprop, samples per second: one sample at a time (loop) against the whole batch (matrices).")
    print("GFLOP/s: the batched backprop's matrix arithmetic per second, and the same products timed alone.")
    print(f"{'network':<12}{'batch':>6}{'loop':>10}{'batched':>10}{'ratio':>8}{'backprop':>10}{'alone':>8}{'share':>7}")
    for sizes in ([784, 30, 10], [784, 100, 10]):
        weights, biases = bplib.random_network(sizes, seed=rng)
        for m in (10, 128):
            x, y = rng.uniform(size=(m, sizes[0])), rng.uniform(size=(m, sizes[-1]))
            loop = seconds_per_call(bplib.backprop_sample_by_sample, weights, biases, x, y)
            batched = seconds_per_call(bplib.backprop, weights, biases, x, y)
            bare = bare_products_time(weights, x, rng)
            flops = backprop_flops(sizes, m) / 1e9
            print(
                f"{'-'.join(map(str, sizes)):<12}{m:>6}{m / loop:>10,.0f}{m / batched:>10,.0f}"
                f"{loop / batched:>7.1f}x{flops / batched:>10.1f}{flops / bare:>8.1f}{bare / batched:>7.0%}"
            )


def lists_against_numpy(rng) -> None:
    weights, biases = bplib.random_network([4, 3], seed=rng)
    x, y = np.array([0.3, 0.2, 0.0, 0.5]), np.array([1.0, 0.0, 0.0])
    flat, b, xs, ys = article.to_column_major(weights[0]), biases[0].tolist(), x.tolist(), y.tolist()

    def with_lists():
        outputs = article.vec_add(article.mat_mul(flat, xs), b)
        activated = article.activate(outputs)
        grads = article.output_bias_grads(outputs, ys, activated)
        return grads, article.weight_grads(grads, xs)

    lists = seconds_per_call(with_lists)
    numpy_time = seconds_per_call(bplib.backprop, weights, biases, x, y)
    print("\nThe article's final layer (4 inputs, 3 outputs), one sample, gradients of all 15 parameters:")
    print(f"  list helpers   {lists * 1e6:8.1f} us")
    print(f"  numpy backprop {numpy_time * 1e6:8.1f} us   (list helpers / numpy = {lists / numpy_time:.2f})")
    print("  At this size both are dominated by per-call overhead, not arithmetic.")


def checked_against_kernel(rng) -> None:
    """Notebook 08's training loop calls the public ``backprop`` once per mini-batch, and each call checks its
    arguments (shapes, finite numbers, names). ``Trainer`` checks once and then calls the kernel alone."""
    from bplib.network import _finite_gradients, _prepare

    weights, biases = bplib.random_network([64, 30, 10], seed=rng)
    x, y = rng.uniform(size=(10, 64)), np.eye(10)[rng.integers(0, 10, size=10)]
    checked = _prepare(weights, biases, x, y, "sigmoid", "quadratic")
    rounds = [  # taken in turn, so both see the same moments of a busy machine
        (
            seconds_per_call(bplib.backprop, weights, biases, x, y, repeats=2),
            seconds_per_call(_finite_gradients, checked, repeats=2),
        )
        for _ in range(4)
    ]
    public, kernel = (min(times) for times in zip(*rounds))
    steps = 30 * -(-1348 // 10)  # notebook 07: 30 epochs of 1,348 training digits in mini-batches of 10
    print("\nNotebook 08's mini-batch (64-30-10, 10 digits), one backprop:")
    print(f"  public backprop (checks, then computes) {public * 1e6:7.1f} us")
    print(f"  kernel alone (checked once, as Trainer) {kernel * 1e6:7.1f} us   (checks take {1 - kernel / public:.0%})")
    print(f"  30 epochs = {steps:,} calls: {steps * public:.2f} s in backprop (the notebook adds the updates)")


def main() -> None:
    rng = np.random.default_rng(0)
    peak = matmul_gflops(512, 512, 512, rng)
    print(f"float64 matrix multiply, 512 x 512 x 512: {peak:.1f} GFLOP/s on this machine, now\n")
    loop_against_batch(rng)
    lists_against_numpy(rng)
    checked_against_kernel(rng)


if __name__ == "__main__":
    main()
