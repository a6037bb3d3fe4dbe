"""The time limit against code that fights it: however deep the learner nests loops that catch the time limit, and
whatever it does with what it caught, the check ends with a verdict. (The simple hangs are in
tests/test_exercise_answers.py.)"""

import ctypes
import functools
import signal
import sys
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
