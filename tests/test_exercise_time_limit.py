"""The time limit against code that fights it: the learner's function runs in a forked copy of the kernel, stopped
when its time is up, so however deep it nests loops that catch exceptions, whatever it does to signals, timers and
the interpreter, and even if it ends its process, the check ends with a verdict and the kernel is as it was. (The
simple hangs are in tests/test_exercise_answers.py.)"""

import contextlib
import cProfile
import ctypes
import functools
import os
import pickle
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from bplib import exercises as ex
from bplib.exercises import checking, hidden_exercises

LIMIT = 0.5  # seconds: the tests wait for the verdict, whenever it comes
pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork, so no time limit here")
needs_proc = pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="no /proc to find the pipes in")


def two_loops_that_pass(**case):
    while True:
        try:
            while True:
                try:
                    time.sleep(10)
                except BaseException:
                    pass
        except BaseException:
            pass


def two_loops_that_continue(**case):
    for _ in iter(int, 1):
        try:
            for _ in iter(int, 1):
                try:
                    time.sleep(10)
                except BaseException:
                    continue
        except BaseException:
            continue


def two_loops_that_sleep_in_the_handlers(**case):
    while True:
        try:
            while True:
                try:
                    time.sleep(10)
                except BaseException:
                    time.sleep(0.01)
        except BaseException:
            time.sleep(0.01)


def three_loops_that_keep_what_they_caught(**case):
    caught = []
    while True:
        try:
            while True:
                try:
                    while True:
                        try:
                            time.sleep(10)
                        except BaseException as error:
                            caught.append(error)
                except BaseException as error:
                    caught.append(error)
        except BaseException as error:
            caught.append(error)


def catches_in_a_helper(**case):
    def sleep_on():
        while True:
            try:
                time.sleep(10)
            except BaseException:
                pass

    while True:
        try:
            sleep_on()
        except BaseException:
            pass


@pytest.mark.parametrize(
    "learner",
    [
        two_loops_that_pass,
        two_loops_that_continue,
        two_loops_that_sleep_in_the_handlers,
        three_loops_that_keep_what_they_caught,
        catches_in_a_helper,
    ],
)
@pytest.mark.parametrize("checker", [ex.check_hidden_delta, ex.check_batched_backprop], ids=["plain", "watched"])
def test_loops_within_loops_that_catch_the_limit_still_get_a_verdict(learner, checker):
    """Also where the engine watches what the answer calls (its profile hook in place when the limit strikes)."""
    before = (sys.gettrace(), sys.getprofile(), signal.getsignal(signal.SIGALRM))
    verdict = checker(learner, time_limit=LIMIT)
    assert (verdict.kind, verdict.case) == ("timeout", 1), str(verdict)
    assert (sys.gettrace(), sys.getprofile(), signal.getsignal(signal.SIGALRM)) == before  # all given back


# The alarm turned off, in every way: the time limit does not run on it.
def stops_the_alarm_through_partial(**case):
    functools.partial(signal.setitimer, signal.ITIMER_REAL, 0)()
    while True:
        pass


def stops_the_watch_then_the_alarm(**case):
    sys.setprofile(None)
    signal.setitimer(signal.ITIMER_REAL, 0)
    while True:
        try:
            while True:
                pass
        except BaseException:
            pass


def stops_the_alarm_from_c(**case):
    ctypes.CDLL(None).alarm(0)  # below Python
    while True:
        try:
            while True:
                sys.settrace(None)
        except BaseException:
            pass


def stops_the_alarm_as_its_answer_is_read(**case):
    class Later:
        def __array__(self, dtype=None, copy=None):
            signal.setitimer(signal.ITIMER_REAL, 0)
            while True:
                pass

    return Later()


@pytest.mark.parametrize(
    "learner",
    [stops_the_alarm_through_partial, stops_the_watch_then_the_alarm, stops_the_alarm_from_c,
     stops_the_alarm_as_its_answer_is_read],
)
@pytest.mark.parametrize("checker", [ex.check_hidden_delta, ex.check_backprop_two_layers], ids=["plain", "watched"])
def test_code_that_turns_the_alarm_off_is_stopped_all_the_same(learner, checker):
    if learner is stops_the_alarm_from_c and not hasattr(ctypes.CDLL(None), "alarm"):
        pytest.skip("no C library alarm() here")
    before = (sys.gettrace(), sys.getprofile(), signal.getsignal(signal.SIGALRM), signal.getitimer(signal.ITIMER_REAL))
    verdict = checker(learner, time_limit=LIMIT)
    assert (verdict.kind, verdict.case) == ("timeout", 1), str(verdict)
    after = (sys.gettrace(), sys.getprofile(), signal.getsignal(signal.SIGALRM), signal.getitimer(signal.ITIMER_REAL))
    assert after == before
    assert ex.check_hidden_delta(ex.solutions.hidden_delta).passed  # and the next check runs as it should


def after_the_check():
    return None


def check_then_go_on(checker, learner, **options):
    verdict = checker(learner, **options)
    after_the_check()
    return verdict


def test_a_check_runs_under_cprofile_and_gives_it_back():
    """What IPython's %prun does: the C profiler, which sys.setprofile cannot take back, is enabled again."""
    profile = cProfile.Profile()
    assert profile.runcall(check_then_go_on, ex.check_hidden_delta, ex.solutions.hidden_delta).passed
    timed_out = profile.runcall(check_then_go_on, ex.check_backprop_two_layers, never_ends, time_limit=LIMIT)
    assert timed_out.kind == "timeout", str(timed_out)
    calls = {stat.code.co_name: stat.callcount for stat in profile.getstats() if not isinstance(stat.code, str)}
    assert calls.get("after_the_check") == 2  # it kept profiling after both checks
    assert sys.getprofile() is None


def test_a_check_in_the_kernel_itself_gives_cprofile_back(monkeypatch):
    """Without fork the watch on calls runs in the kernel, where it takes the profiler's place for a while."""
    monkeypatch.delattr(os, "fork")
    profile = cProfile.Profile()
    assert profile.runcall(check_then_go_on, ex.check_backprop_two_layers, ex.solutions.backprop_two_layers).passed
    calls = {stat.code.co_name: stat.callcount for stat in profile.getstats() if not isinstance(stat.code, str)}
    assert calls.get("after_the_check") == 1
    assert sys.getprofile() is None


def never_ends(**case):
    while True:
        pass


def changes_the_interpreter_and_answers(delta_next, weights_next, z):
    sys.setrecursionlimit(200)
    sys.setprofile(lambda *args: None)
    threading.setprofile(lambda *args: None)
    return ex.solutions.hidden_delta(delta_next, weights_next, z)


def interpreter_state():
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, [])
    return sys.getrecursionlimit(), sys.getprofile(), threading.getprofile(), mask


def test_what_an_answer_changes_in_the_interpreter_is_given_back():
    """Its recursion limit and profilers; and a timeout in a watched check leaves no watch on later threads."""
    before = interpreter_state()
    assert ex.check_hidden_delta(changes_the_interpreter_and_answers).passed
    assert interpreter_state() == before
    assert ex.check_backprop_two_layers(never_ends, time_limit=LIMIT).kind == "timeout"
    assert interpreter_state() == before


def starves_other_threads(**case):
    sys.setswitchinterval(1e6)
    while True:
        pass


def test_an_answer_that_changes_the_switch_interval_is_stopped_and_leaves_the_kernel_as_it_was():
    interval = sys.getswitchinterval()
    verdict = ex.check_hidden_delta(starves_other_threads, time_limit=LIMIT)
    assert (verdict.kind, verdict.case) == ("timeout", 1), str(verdict)
    assert sys.getswitchinterval() == interval


def exits(**case):
    os._exit(3)


def crashes(**case):
    ctypes.string_at(0)  # reads address 0: a segmentation fault


@pytest.mark.parametrize("learner", [exits, crashes])
def test_an_answer_that_ends_its_process_is_told_so_and_the_kernel_lives_on(learner):
    verdict = ex.check_hidden_delta(learner)
    assert (verdict.status, verdict.kind, verdict.case) == ("error", "ended", 1), str(verdict)
    assert "ended the process" in verdict.message
    assert ex.check_hidden_delta(ex.solutions.hidden_delta).passed


def prints_as_it_answers(delta_next, weights_next, z):
    print("delta_next has", len(delta_next), "numbers")
    thread = threading.Thread(target=print, args=("and a thread says so too",), kwargs={"file": sys.stderr})
    thread.start()
    thread.join()
    return ex.solutions.hidden_delta(delta_next, weights_next, z)


def test_what_the_answer_prints_is_shown_in_the_kernel(capsys):
    assert ex.check_hidden_delta(prints_as_it_answers).passed
    out, err = capsys.readouterr()
    cases = len(hidden_exercises.SIGMOID_HIDDEN.make_cases(0))
    assert out.count("delta_next has") == cases and "delta_next has 2 numbers\n" in out
    assert err.count("and a thread says so too\n") == cases


def leaves_a_thread_that_prints(delta_next, weights_next, z):
    def chatter():
        while True:
            print("still here")
            time.sleep(0.001)

    threading.Thread(target=chatter, daemon=True).start()
    return ex.solutions.hidden_delta(delta_next, weights_next, z)


def test_the_threads_an_answer_leaves_end_with_its_check(capsys):
    assert ex.check_hidden_delta(leaves_a_thread_that_prints).passed
    capsys.readouterr()
    assert ex.check_hidden_delta(ex.solutions.hidden_delta).passed  # a later check: time for any chatter to come
    assert "still here" not in capsys.readouterr().out


def test_the_limit_holds_in_a_check_run_from_another_thread():
    verdicts = []
    thread = threading.Thread(target=lambda: verdicts.append(ex.check_hidden_delta(never_ends, time_limit=LIMIT)))
    thread.start()
    thread.join()
    assert (verdicts[0].kind, verdicts[0].case) == ("timeout", 1), str(verdicts[0])


def test_the_kernels_stop_button_ends_the_check_and_its_copy(tmp_path):
    """The interrupt reaches the kernel while its copy runs the answer; the copy goes with the check."""
    started = tmp_path / "pid"

    def runs_until_stopped(**case):
        Path(started).write_text(str(os.getpid()))
        while True:
            pass

    def press_stop():
        while not started.exists() or not started.read_text():  # a state, not a time
            time.sleep(0.01)
        os.kill(os.getpid(), signal.SIGINT)

    threading.Thread(target=press_stop, daemon=True).start()
    with pytest.raises(KeyboardInterrupt):
        ex.check_hidden_delta(runs_until_stopped, time_limit=None)
    with pytest.raises(ProcessLookupError):  # ended, and reaped
        os.kill(int(started.read_text()), 0)


def test_without_fork_the_cases_run_in_the_kernel(monkeypatch, capsys):
    """As on Windows: the same verdicts, with no time limit."""
    monkeypatch.delattr(os, "fork")
    assert ex.check_hidden_delta(prints_as_it_answers).passed
    assert "delta_next has" in capsys.readouterr().out
    wrong = ex.check_hidden_delta(lambda delta_next, weights_next, z: weights_next.T @ delta_next)
    assert wrong.mistake == "missing factor", str(wrong)
    assert not checking._checking.now


# What the copy sends is the learner's to forge: the kernel reads it within the time, and runs none of it.
def pipes_of_this_process():
    return [int(fd) for fd in os.listdir("/proc/self/fd")
            if os.path.exists(f"/proc/self/fd/{fd}") and os.readlink(f"/proc/self/fd/{fd}").startswith("pipe:")]


def writes_half_a_message(**case):
    for fd in pipes_of_this_process():
        with contextlib.suppress(OSError):
            os.write(fd, b"r\x00\x10\x00\x00xx")  # a message of 1 MB, which never comes
    while True:
        pass


def writes_garbage(**case):
    for fd in pipes_of_this_process():
        with contextlib.suppress(OSError):
            os.write(fd, b"r\x00\x00\x00\x05garba")
    return ex.solutions.hidden_delta(**case)


class MakesADirectory:
    """Pickled, a call of os.mkdir: a reader that runs what it unpickles leaves the directory behind."""

    def __reduce__(self):
        return os.mkdir, (os.environ["MADE_HERE"],)


def sends_code_to_run(**case):
    sys.stdout.buffer.send(b"r", pickle.dumps(MakesADirectory()))
    return ex.solutions.hidden_delta(**case)


def sends_an_outcome_with_the_wrong_fields(**case):
    sys.stdout.buffer.send(b"r", pickle.dumps(checking.Outcome(wrong={"status": "no such status"})))
    return ex.solutions.hidden_delta(**case)


def stops_itself_while_printing(**case):
    threading.Thread(target=lambda: print("x" * 10**6), daemon=True).start()
    os.kill(os.getpid(), signal.SIGSTOP)


@needs_proc
@pytest.mark.parametrize(
    ("learner", "kind"),
    [(writes_half_a_message, "timeout"), (writes_garbage, "ended"), (sends_code_to_run, "ended"),
     (sends_an_outcome_with_the_wrong_fields, "ended"), (stops_itself_while_printing, "timeout")],
)
def test_what_the_copy_sends_cannot_hang_or_break_the_check(learner, kind, tmp_path, monkeypatch):
    monkeypatch.setenv("MADE_HERE", str(tmp_path / "made"))
    verdict = ex.check_hidden_delta(learner, time_limit=LIMIT)
    assert (verdict.kind, verdict.case) == (kind, 1), str(verdict)
    assert not (tmp_path / "made").exists()  # what the copy sent ran no code in the kernel


def test_the_copys_streams_are_real_text_streams(capsys):
    def prints_as_a_program_would(delta_next, weights_next, z):
        print(sys.stdout.encoding, sys.stdout.isatty(), end=" ", flush=True)
        sys.stdout.buffer.write("bytes, é\n".encode())
        return ex.solutions.hidden_delta(delta_next, weights_next, z)

    assert ex.check_hidden_delta(prints_as_a_program_would).passed
    assert "utf-8 False bytes, é\n" in capsys.readouterr().out


def test_checks_in_several_threads_at_once_each_get_their_verdict():
    verdicts = []
    threads = [threading.Thread(target=lambda: verdicts.append(ex.check_hidden_delta(ex.solutions.hidden_delta)))
               for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [v.passed for v in verdicts] == [True] * 4, "\n".join(map(str, verdicts))


def starts_a_process_that_stays(**case):
    started = Path(os.environ["STARTED_HERE"])
    child = os.fork()
    if child == 0:
        (started / str(os.getpid())).touch()
        time.sleep(600)
        os._exit(0)
    while not (started / str(child)).exists():  # the process has started, and said so
        time.sleep(0.01)
    return ex.solutions.hidden_delta(**case)


@needs_proc
def test_the_processes_an_answer_starts_end_with_its_check_even_where_sigchld_is_ignored(tmp_path, monkeypatch):
    """The copy's process group is stopped; a kernel whose children the system reaps (SIGCHLD ignored) is fine."""
    monkeypatch.setenv("STARTED_HERE", str(tmp_path))
    previous = signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    try:
        verdict = ex.check_hidden_delta(starts_a_process_that_stays)
    finally:
        signal.signal(signal.SIGCHLD, previous)
    assert verdict.passed, str(verdict)
    started = [int(path.name) for path in tmp_path.iterdir()]
    assert started and not still_running(started)


def still_running(pids: list[int]) -> list[int]:
    """Those of ``pids`` still running once each has had its chance to end: SIGKILL is sent at once, and a process
    ends when it is next scheduled (on a busy machine, later). Any left are killed, so that none outlives the test."""
    gone = time.monotonic() + 60
    while any(map(alive, pids)) and time.monotonic() < gone:
        time.sleep(0.01)
    left = [pid for pid in pids if alive(pid)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    return left


def alive(pid: int) -> bool:
    """Whether process ``pid`` is running (not gone, not a zombie waiting to be reaped)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def prints_on_and_on(**case):
    while True:
        print("y" * 100)


def test_the_limit_holds_while_the_answer_prints_on_and_on(capsys):
    verdict = ex.check_hidden_delta(prints_on_and_on, time_limit=LIMIT)
    assert (verdict.kind, verdict.case) == ("timeout", 1), str(verdict)
    assert capsys.readouterr().out.startswith("y" * 100 + "\n")


def test_a_right_answer_may_print_what_utf_8_cannot_encode(capsys):
    def prints_a_lone_surrogate(delta_next, weights_next, z):
        print("half a pair: \ud800")
        return ex.solutions.hidden_delta(delta_next, weights_next, z)

    assert ex.check_hidden_delta(prints_a_lone_surrogate).passed
    assert "half a pair: \\ud800" in capsys.readouterr().out


def sends(outcome):
    def learner(**case):
        sys.stdout.buffer.send(b"r", pickle.dumps(outcome))
        os._exit(0)

    return learner


nested = (None,)
for _ in range(60):
    nested = (nested, nested)  # 2**60 parts, if each shared part were walked again


@pytest.mark.parametrize(
    "outcome",
    [checking.Outcome(wrong={"status": "correct", "kind": "correct", "message": "forged"}),
     checking.Outcome(reading=checking.Problem("", checking.text.TOO_DEEP, {"where": "x"})),
     checking.Outcome(reading=checking.Problem("", checking.text.NOT_NUMBERS_ARRAY, {})),
     checking.Outcome(reading=nested)],
    ids=["a status of correct", "its own where", "a parameter missing", "parts shared 2**60 times"],
)
def test_an_outcome_forged_in_the_copy_is_refused_at_once(outcome):
    verdict = ex.check_hidden_delta(sends(outcome), time_limit=LIMIT)
    assert (verdict.status, verdict.kind, verdict.case) == ("error", "ended", 1), str(verdict)


KERNEL_THAT_CHECKS = """
import os, sys
from pathlib import Path
from bplib import exercises as ex

def runs_on(**case):
    Path(sys.argv[1]).write_text(str(os.getpid()))
    while True:
        pass

ex.check_hidden_delta(runs_on, time_limit=None)
"""


@needs_proc
def test_the_copy_ends_when_its_kernel_does(tmp_path):
    """A kernel restarted (killed) while a check runs leaves no copy running the learner's loop."""
    started = tmp_path / "pid"
    kernel = subprocess.Popen([sys.executable, "-c", KERNEL_THAT_CHECKS, str(started)])
    try:
        while not (started.exists() and started.read_text()):  # the copy runs the answer
            assert kernel.poll() is None, "the kernel ended before its copy started"
            time.sleep(0.01)
    finally:
        kernel.kill()
        kernel.wait()
    assert not still_running([int(started.read_text())]), "the copy outlived its kernel"
