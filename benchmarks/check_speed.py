"""How long does a checker take to judge a right answer, and what does running the answer in a forked copy of the
kernel (the time limit) cost against running it in the kernel itself (what happens where there is no fork)?

Run:  .venv/bin/python benchmarks/check_speed.py   (after `python3 run.py test` or `lab` made .venv)

Measured twice: in this plain Python process, and in a real Jupyter kernel (started as a notebook starts one, with
its threads and the libraries a notebook imports), where a fork copies a larger process. Everything is measured in
this one run, so the ratios compare like with like; each timing is the fastest of several groups of calls
(timeit's ``autorange`` sizes them), the least disturbed by other work on the machine.
"""

from __future__ import annotations

import json
import sys

from jupyter_client.manager import start_new_kernel

# Run in both places: the milliseconds per check of a right answer, forked and not.
MEASURE = r"""
import json, os, timeit
from bplib import exercises as ex
from bplib.exercises import solutions

CHECKS = {
    "hidden_delta": (ex.check_hidden_delta, solutions.hidden_delta),
    "backprop_two_layers": (ex.check_backprop_two_layers, solutions.backprop_two_layers),
    "batch_gradients": (ex.check_batch_gradients, solutions.batch_gradients),
    "sgd_step": (ex.check_sgd_step, solutions.sgd_step),
}


def milliseconds(check, answer):
    timer = timeit.Timer(lambda: check(answer))
    calls, _ = timer.autorange()
    return min(timer.repeat(5, calls)) / calls * 1e3


def both():
    forked = {name: milliseconds(*pair) for name, pair in CHECKS.items()}
    fork = os.fork
    del os.fork  # as on Windows: the cases run in this process
    try:
        in_process = {name: milliseconds(*pair) for name, pair in CHECKS.items()}
    finally:
        os.fork = fork
    return {name: (forked[name], in_process[name]) for name in CHECKS}
"""


def in_kernel() -> dict[str, tuple[float, float]]:
    """The same measurement, run in a Jupyter kernel; the kernel also imports what notebook 01 imports."""
    manager, client = start_new_kernel(kernel_name="python3")
    try:
        code = "import matplotlib.pyplot, ipywidgets, bplib, bplib.explore\n" + MEASURE + "\nprint(json.dumps(both()))"
        printed = []
        reply = client.execute_interactive(code, timeout=600, output_hook=lambda message: printed.append(message))
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"the kernel raised: {reply['content'].get('evalue')}")
        text = "".join(m["content"]["text"] for m in printed if m["msg_type"] == "stream")
        return json.loads(text.strip().splitlines()[-1])
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def main() -> None:
    here: dict = {}
    exec(MEASURE, here)  # noqa: S102 - the same code as the kernel runs, measured here
    for where, results in (("this process", here["both"]()), ("a Jupyter kernel", in_kernel())):
        print(f"\nIn {where}: milliseconds per check of a right answer")
        print(f"{'checker':<22}{'forked':>9}{'in process':>12}{'ratio':>8}")
        for name, (forked, in_process) in results.items():
            print(f"{name:<22}{forked:>9.1f}{in_process:>12.1f}{forked / in_process:>8.2f}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
