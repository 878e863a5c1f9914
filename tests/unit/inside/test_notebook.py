"""The hidden calls as the notebook's process makes them, called here without a sandbox: each case's value, error or
changed argument as plain data, the results refused past their size limit, and the other graded functions standing
in as the reference while one is judged."""

from __future__ import annotations

import pytest

from autograder import plaindata
from autograder.inside import notebook
from autograder.inside.notebook import StandIn, call_on_cases, hidden_results
from autograder.protocol import HiddenCall


def call(function: str, *cases: dict, unchanged=(), stand_ins=(), parameters=("x",)) -> HiddenCall:
    return HiddenCall("t-test", 3, function, plaindata.dumps(list(cases)), tuple(unchanged), tuple(stand_ins),
                      tuple(parameters), ())


def results(text: str) -> list:
    return plaindata.loads(text)


def test_each_case_gives_its_value_or_the_error_it_raised():
    def inverse(x):
        return 1 / x

    text, size = hidden_results(call("inverse", {"x": 2.0}, {"x": 0.0}), {"inverse": inverse}, channel=None)
    assert results(text) == [{"value": 0.5}, {"error": "ZeroDivisionError: float division by zero"}]
    assert size == len(text)


def test_an_argument_changed_in_place_is_named():
    def update(params):
        params["w"] -= 1
        return params

    hidden = call("update", {"params": {"w": 1.0}}, unchanged=("params",), parameters=("params",))
    assert [plaindata.loads(text) for text in call_on_cases(update, hidden, {})] == \
        [{"value": {"w": 0.0}, "changed": ["params"]}]


def test_cases_are_passed_by_the_references_parameter_names_whatever_the_student_named_them():
    text, _ = hidden_results(call("f", {"x": 3}, parameters=("x",)), {"f": lambda value: value + 1}, channel=None)
    assert results(text) == [{"value": 4}]


def test_results_past_the_limit_are_not_sent_only_their_size(monkeypatch):
    monkeypatch.setattr(notebook, "RESULTS_BYTES", 50)
    text, size = hidden_results(call("f", *[{"x": i} for i in range(10)]), {"f": lambda x: "y" * 20}, channel=None)
    assert text is None and size > 50


class FakeChannel:
    """The runner's side of the stand-ins, answering from `replies` and keeping what it was asked."""

    def __init__(self, *replies: dict):
        self.replies, self.asked = list(replies), []

    def ask(self, message: dict) -> dict:
        self.asked.append(message)
        return self.replies.pop(0)


def test_a_stand_in_asks_the_reference_and_returns_its_answer():
    channel = FakeChannel({"value": plaindata.dumps(0.25)})
    assert StandIn("sigmoid", None, channel, {})(1.0) == 0.25
    assert channel.asked == [{"call": "sigmoid", "args": plaindata.dumps([[1.0], {}, {}])}]


def test_a_stand_in_raises_the_references_error_as_its_own_type():
    with pytest.raises(ValueError, match="bad shape"):
        StandIn("f", None, FakeChannel({"error": "bad shape", "type": "ValueError"}), {})()
    with pytest.raises(RuntimeError, match="odd"):  # a type that is not a built-in exception
        StandIn("f", None, FakeChannel({"error": "odd", "type": "SystemExit"}), {})()


def test_a_refused_stand_in_calls_the_students_own_function_or_is_undefined():
    assert StandIn("f", lambda x: x * 10, FakeChannel({"refused": True}), {})(2) == 20
    with pytest.raises(NameError, match="name 'f' is not defined"):
        StandIn("f", None, FakeChannel({"refused": True}), {})(2)


def test_the_other_graded_functions_stand_in_during_the_calls_and_the_students_own_are_back_after():
    def own(x):
        return x

    def judged(x):
        return namespace["f"](x) + namespace["g"](x)

    namespace = {"f": own, "judged": judged}
    channel = FakeChannel({"value": plaindata.dumps(5)}, {"value": plaindata.dumps(7)})
    text, _ = hidden_results(call("judged", {"x": 1}, stand_ins=("f", "g")), namespace, channel)
    assert results(text) == [{"value": 12}]
    assert [asked["call"] for asked in channel.asked] == ["f", "g"]
    assert namespace == {"f": own, "judged": judged}


def test_a_process_past_its_cpu_limit_is_stopped_by_sigxcpu_which_reads_as_a_timeout():
    """SIGXCPU, not the SIGKILL that Linux sends when the soft and hard limits are equal (which reads as a crash)."""
    import signal
    import subprocess
    import sys

    from autograder.judge.status import Outcome, classify
    from autograder.protocol import Answer, Limits

    limits = Limits(wall_seconds=30, cpu_seconds=1, memory_mb=512, processes=8, disk_mb=1, output_kb=64)
    done = subprocess.run([sys.executable, "-c", "from autograder.inside.notebook import set_limits\n"
                           "from autograder.protocol import Limits\n"
                           f"set_limits(Limits(**{limits.__dict__!r}))\nwhile True:\n    pass\n"], timeout=60)
    assert done.returncode == -signal.SIGXCPU
    outcome = Outcome("alice")
    classify(outcome, Answer("crashed", {}, signal=signal.SIGXCPU, oom_kills=0), limits, 1)
    assert (outcome.status, [m.render("en") for m in outcome.messages]) == \
        ("timeout", ["the notebook used more than 1 s of CPU"])
