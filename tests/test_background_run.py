"""The background run with fake steps: how a run ends, what on_end hears, and that no thread outlives stop().

Every wait here waits for a state (an event set by a step, or the thread's end); the generous timeouts only
turn a hang into a failure."""

import threading

import pytest

from bplib.explore.background_run import BackgroundRun, Ending

HANG = 30  # seconds before a wait that should end at once counts as a hang


class Recorder:
    """A fake step that counts its calls and returns False (done) after ``steps`` calls, or raises ``error``
    on its last call; ``on_end`` records the endings in the order they came."""

    def __init__(self, steps: int | None = None, error: BaseException | None = None):
        self.steps, self.error = steps, error
        self.calls, self.endings, self.threads = 0, [], set()
        self.running = threading.Event()  # set once a step has run

    def step(self) -> bool:
        self.calls += 1
        self.threads.add(threading.current_thread().name)
        self.running.set()
        if self.steps is not None and self.calls >= self.steps:
            if self.error is not None:
                raise self.error
            return False
        return True

    def on_end(self, ending: Ending) -> None:
        self.threads.add(threading.current_thread().name)
        self.endings.append(ending)


def _threads(name: str) -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == name]


def test_a_run_that_finishes_by_itself():
    fake = Recorder(steps=5)
    run = BackgroundRun(fake.step, fake.on_end, name="test-finish")
    assert run.start()
    assert run.join(timeout=HANG)
    assert fake.calls == 5 and fake.endings == [Ending("finished")] and run.ending == Ending("finished")
    assert fake.threads == {"test-finish"}  # steps and on_end ran in the run's own thread
    assert not run.running and _threads("test-finish") == []


def test_stop_ends_the_run_before_it_returns():
    fake = Recorder()  # steps forever
    run = BackgroundRun(fake.step, fake.on_end, name="test-stop")
    run.start()
    assert fake.running.wait(HANG)
    assert not run.start()  # a second start while running is refused: still one thread
    assert len(_threads("test-stop")) == 1
    run.stop()
    assert fake.endings == [Ending("stopped")] and not run.running and _threads("test-stop") == []
    assert run.stop_requested
    calls = fake.calls
    run.stop()  # stopping a stopped run changes nothing
    assert fake.calls == calls and len(fake.endings) == 1


@pytest.mark.parametrize(
    "error", [RuntimeError("boom"), ZeroDivisionError("division by zero"), SystemExit(3), KeyboardInterrupt()]
)
def test_an_error_in_a_step_ends_the_run_and_reaches_on_end(error):
    fake = Recorder(steps=3, error=error)
    run = BackgroundRun(fake.step, fake.on_end, name="test-error")
    run.start()
    assert run.join(timeout=HANG)
    assert fake.calls == 3
    assert fake.endings == [Ending("failed", error)] and run.ending.error is error


def test_a_run_starts_again_after_an_error():
    fake = Recorder(steps=2, error=ValueError("bad"))
    run = BackgroundRun(fake.step, fake.on_end, name="test-again")
    run.start()
    assert run.join(timeout=HANG) and run.ending.reason == "failed"
    fake.steps, fake.error = 4, None
    assert run.start()
    assert run.join(timeout=HANG)
    assert fake.calls == 4 and [e.reason for e in fake.endings] == ["failed", "finished"]


def test_an_error_in_on_end_is_kept_as_the_ending():
    error = OSError("cannot draw")

    def on_end(ending):
        raise error

    run = BackgroundRun(Recorder(steps=1).step, on_end, name="test-on-end")
    run.start()
    assert run.join(timeout=HANG)
    assert run.ending == Ending("failed", error)


def test_stop_from_inside_the_run_only_asks():
    holder = {}

    def step():
        holder["run"].stop()  # would deadlock if it waited for its own thread
        return True

    fake = Recorder()
    run = holder["run"] = BackgroundRun(step, fake.on_end, name="test-inside")
    run.start()
    assert run.join(timeout=HANG)
    assert fake.endings == [Ending("stopped")]


def test_join_before_any_start_and_bad_arguments():
    run = BackgroundRun(lambda: False, lambda ending: None)
    assert run.join(timeout=0) and not run.running and run.ending is None
    run.stop()  # nothing to stop: no error
    with pytest.raises(TypeError, match="step and on_end must be callable, got int and function"):
        BackgroundRun(3, lambda ending: None)
