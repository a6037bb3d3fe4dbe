"""The time limit against code that fights it: however deep the learner nests loops that catch the time limit, and
whatever it does with what it caught, the check ends with a verdict. (The simple hangs are in
tests/test_exercise_answers.py.)"""

import cProfile
import ctypes
import functools
import signal
import sys
import threading
import time

import pytest

from bplib import exercises as ex
from bplib.exercises.checking import TimeLimit, TimeUp

LIMIT = 0.5  # seconds: the tests wait for the verdict, whenever it comes
pytestmark = pytest.mark.skipif(TimeLimit(1).seconds is None, reason="no SIGALRM time limit here")


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


def test_a_time_limit_raised_by_the_learner_itself_is_a_verdict():
    def raises_the_limit(**case):
        raise TimeUp  # the engine's own signal, before any time is up

    verdict = ex.check_hidden_delta(raises_the_limit, time_limit=LIMIT)
    assert (verdict.status, verdict.kind) == ("error", "timeout"), str(verdict)


# The alarm turned off where the engine's watch on calls cannot see it: the watchdog thread stops these.
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
    ctypes.CDLL(None).alarm(0)  # below Python: no call the engine can refuse
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
    named = learner is stops_the_alarm_as_its_answer_is_read or (  # the watch, on as the answer is read, sees it
        learner is stops_the_watch_then_the_alarm and checker is ex.check_backprop_two_layers)  # its watch is off
    assert (verdict.kind, verdict.mistake if named else verdict.case) == (
        ("mistake", "forbidden call") if named else ("timeout", 1)), str(verdict)
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


def starves_the_watchdog(**case):
    sys.setswitchinterval(1e6)
    while True:
        pass


def test_an_answer_may_not_starve_the_watchdog():
    interval = sys.getswitchinterval()
    verdict = ex.check_hidden_delta(starves_the_watchdog, time_limit=LIMIT)
    assert verdict.mistake == "forbidden call" and "sys.setswitchinterval" in verdict.message, str(verdict)
    assert sys.getswitchinterval() == interval
