"""A submission's status, decided from facts the sandbox reports (how the run ended, the signal, the
exceptions' types and errno, the cgroup's memory kills), never from the wording of a message."""

from __future__ import annotations

import errno
import signal

import pytest

from autograder.i18n import say
from autograder.judge.status import SEVERITY, Outcome, classify
from autograder.protocol import Answer, CellRun, ErrorFact, Limits

LIMITS = Limits(wall_seconds=30, cpu_seconds=60, memory_mb=1536, processes=32, disk_mb=64, output_kb=256)


def status_of(answer: Answer, cells: int = 3) -> tuple[str, list[str]]:
    outcome = Outcome("s")
    classify(outcome, answer, LIMITS, cells)
    return outcome.status, [message.render("en") for message in outcome.messages]


def ran(*errors: ErrorFact, truncated: bool = False) -> dict[int, CellRun]:
    return {0: CellRun(1, [], list(errors), truncated)}


@pytest.mark.parametrize("answer,status,phrase", [
    (Answer("finished", ran()), "ok", None),
    (Answer("timeout", ran()), "timeout", "longer than 30 s"),
    (Answer("output", ran()), "output", "far more than the output limit"),
    (Answer("crashed", ran(), signal=signal.SIGKILL, oom_kills=1), "memory", "more than 1536 MB"),
    (Answer("crashed", ran(), signal=signal.SIGKILL, oom_kills=None), "memory", "more than 1536 MB"),
    (Answer("crashed", ran(), signal=signal.SIGKILL, oom_kills=0), "crashed", "signal 9"),
    (Answer("crashed", ran(), signal=signal.SIGXCPU), "timeout", "60 s of CPU"),
    (Answer("crashed", ran(), signal=None), "crashed", "after 1 of 3 code cells"),
    (Answer("crashed", {}, fatal="Traceback...\nImportError: no IPython"), "crashed", "ImportError: no IPython"),
    (Answer("finished", ran(ErrorFact("MemoryError"))), "memory", "ran out of memory"),
    (Answer("finished", ran(ErrorFact("BlockingIOError", errno.EAGAIN))), "processes", "more than 32 processes"),
    (Answer("finished", ran(ErrorFact("BlockingIOError", None))), "ok", None),
    (Answer("finished", ran(ErrorFact("OSError", errno.ENOSPC))), "disk", "more than 64 MB"),
    (Answer("finished", ran(ErrorFact("OSError", errno.EFBIG))), "disk", "more than 64 MB"),
    (Answer("finished", ran(ErrorFact("ValueError", errno.ENOSPC))), "disk", "more than 64 MB"),
    (Answer("finished", ran(ErrorFact("RuntimeError", None))), "ok", None),
    (Answer("finished", ran(truncated=True)), "output", "the rest was cut"),
    # A fork bomb also runs out the clock: the limit it hit explains the timeout, so it is named.
    (Answer("timeout", ran(ErrorFact("BlockingIOError", errno.EAGAIN))), "processes", "more than 32 processes"),
])
def test_each_fact_gives_its_status(answer, status, phrase):
    got, messages = status_of(answer)
    assert got == status
    assert phrase is None and messages == [] or any(phrase in m for m in messages)


def test_the_most_serious_status_wins_and_every_message_is_kept():
    outcome = Outcome("s")
    outcome.flag("repaired", "integrity.answer_deleted", cell="a")
    outcome.flag("timeout", "outcome.cpu_time", seconds=60)
    outcome.flag("tampered", "integrity.locked_changed", cell="c")
    outcome.flag("timeout", "outcome.cpu_time", seconds=60)
    assert (outcome.status, [m.keys[0] for m in outcome.messages]) == \
        ("timeout", ["integrity.answer_deleted", "outcome.cpu_time", "integrity.locked_changed"])
    assert SEVERITY[-1] == "ok" and SEVERITY.index("error") < SEVERITY.index("unjudged")


def test_an_outcome_is_written_and_read_back(tmp_path):
    outcome = Outcome("s", "unjudged", [say("outcome.unjudged", function="f")], 1.5,
                      [{"cell": "x-test", "traceback": "T"}],
                      {"x-test": None, "y-test": say("check.wrong_shape", name="y", got=(1, 3), expected=(3, 1)),
                       "z-test": say("verdict.cell_not_run")}, ["z-test"])
    outcome.write(tmp_path)
    (tmp_path / "autograder.json").chmod(0o444)  # nbgrader leaves graded files read-only
    outcome.write(tmp_path)
    assert Outcome.read(tmp_path) == outcome


def test_checks_that_did_not_run_are_not_a_common_mistake():
    """A notebook that stopped early leaves its later cells' checks unrun: the class report's common mistakes
    count only answers that were judged wrong."""
    from autograder.insights import _diagnostics

    stopped = Outcome("a", verdicts={"y-test": say("verdict.cell_not_run")}, not_run=["y-test"])
    wrong = [Outcome(s, verdicts={"y-test": say("check.values_transposed")}) for s in ("b", "c")]
    [diagnostic] = _diagnostics("y-test", [stopped, *wrong], lambda student: "en")
    assert (diagnostic.example, diagnostic.students) == (say("check.values_transposed"), ["b", "c"])
