"""Run a command while other processes keep the machine's cores busy, as on a busy CI machine.

    python3 tests/under_load.py                      # python3 run.py test, with two cores kept busy
    python3 tests/under_load.py --busy 2 -- .venv/bin/python -m pytest tests/test_browser.py

Starts ``--busy`` processes (default 2) that do nothing but spin (``while True: pass``), runs the command, then
stops them, whatever happened: the command passed, failed, or was stopped with Ctrl-C (which reaches the
command alone, so that ``run.py`` stops its tests its own way). Prints the command's time, how much CPU the busy
processes took meanwhile, and the command's exit status, which is also this script's. Standard library only.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPIN = "while True: pass"


def start_busy(count: int) -> list[subprocess.Popen]:
    """``count`` spinning processes, each in a session of its own (a Ctrl-C in the terminal does not reach
    them: they are stopped by this script, quietly)."""
    return [
        subprocess.Popen(
            [sys.executable, "-c", SPIN],
            start_new_session=os.name != "nt",
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(count)
    ]


def cpu_seconds(process: subprocess.Popen) -> float | None:
    """The CPU time ``process`` has used so far (Linux's /proc), or None where that cannot be read."""
    try:
        fields = Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def stop_busy(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            process.kill()
    for process in processes:
        process.wait()


def run_command(command: list[str]) -> int:
    """Run ``command`` to its end and return its exit status (128 + N if a signal N ended it). A Ctrl-C goes to
    the command (it is in the terminal's foreground group); this script only waits. SIGTERM to this script is
    passed on to the command."""
    child = subprocess.Popen(command, cwd=ROOT)
    previous = {
        signal.SIGINT: signal.signal(signal.SIGINT, lambda number, frame: None),  # the command has it too
        signal.SIGTERM: signal.signal(signal.SIGTERM, lambda number, frame: child.terminate()),
    }
    try:
        code = child.wait()
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
    return 128 - code if code < 0 else code


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--busy", type=int, default=2, help="how many spinning processes (default 2)")
    parser.add_argument("command", nargs="*", help="the command to run (default: python3 run.py test)")
    args = parser.parse_args(argv)
    if args.busy < 0:
        parser.error(f"--busy takes a number of processes, 0 or more, not {args.busy}")
    command = args.command or [sys.executable, str(ROOT / "run.py"), "test"]
    busy = start_busy(args.busy)
    started = time.monotonic()
    try:
        print(f"under_load.py: {len(busy)} busy processes ({', '.join(str(p.pid) for p in busy)}) spin meanwhile")
        code = run_command(command)
        used = [cpu_seconds(process) for process in busy]
    finally:
        stop_busy(busy)
    seconds = time.monotonic() - started
    took = ", ".join("?" if u is None else f"{u:.0f}" for u in used)
    print(f"under_load.py: {' '.join(command)} took {seconds:.0f} s; the busy processes took {took} CPU-seconds")
    print(f"under_load.py: exit status {code}")
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
