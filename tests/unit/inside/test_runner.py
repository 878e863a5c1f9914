"""The runner's channel to a process of the job, over a real pipe pair and without a sandbox: frames out whole
however the pipe takes them, frames in however they arrive, a closed pipe seen, and nothing ever blocking. And the
reference's answers the runner keeps from one job to the next."""

from __future__ import annotations

import os

import pytest

from autograder import plaindata
from autograder.inside import runner
from autograder.inside.runner import JobChannel
from autograder.protocol import FrameBuffer, HiddenCall, Job, Limits, ProtocolError, frame_bytes


@pytest.fixture
def pipes():
    """(the runner's channel, the other process's read end, the other process's write end)."""
    to_runner_r, to_runner_w = os.pipe()
    from_runner_r, from_runner_w = os.pipe()
    channel = JobChannel(to_runner_r, from_runner_w, limit=1 << 20)
    yield channel, from_runner_r, to_runner_w
    channel.close()
    for fd in (from_runner_r, to_runner_w):
        try:
            os.close(fd)
        except OSError:
            pass


def test_sent_frames_wait_until_flushed_and_arrive_whole(pipes):
    channel, theirs, _ = pipes
    channel.send({"job": 1})
    channel.send({"job": 2})
    os.set_blocking(theirs, False)
    with pytest.raises(BlockingIOError):
        os.read(theirs, 100)
    channel.flush()
    assert os.read(theirs, 1000) == frame_bytes({"job": 1}) + frame_bytes({"job": 2})
    assert channel.pending == bytearray()


def test_a_full_pipe_keeps_the_rest_for_the_next_flush_instead_of_blocking(pipes):
    channel, theirs, _ = pipes
    channel.send({"data": "x" * (1 << 20)})  # more than a pipe holds
    channel.flush()
    assert 0 < len(channel.pending) < len(frame_bytes({"data": "x" * (1 << 20)}))
    received = bytearray()
    while channel.pending:
        received += os.read(theirs, 1 << 16)
        channel.flush()
    os.set_blocking(theirs, False)
    try:
        while chunk := os.read(theirs, 1 << 16):
            received += chunk
    except BlockingIOError:
        pass
    assert bytes(received) == frame_bytes({"data": "x" * (1 << 20)})


def test_frames_are_received_however_they_are_cut_and_counted(pipes):
    channel, _, theirs = pipes
    assert channel.receive() == []  # nothing yet: not blocked
    data = frame_bytes({"cell": 1}) + frame_bytes({"cell": 2})
    os.write(theirs, data[:7])
    assert channel.receive() == []
    os.write(theirs, data[7:])
    assert channel.receive() == [{"cell": 1}, {"cell": 2}]
    assert (channel.received, channel.closed) == (len(data), False)


def test_the_end_of_the_pipe_closes_the_channel_and_nothing_is_sent_after(pipes):
    channel, theirs_read, theirs_write = pipes
    os.close(theirs_write)
    assert channel.receive() == []
    assert channel.closed
    channel.send({"late": True})
    channel.flush()
    os.set_blocking(theirs_read, False)
    with pytest.raises(BlockingIOError):
        os.read(theirs_read, 100)


def test_a_process_that_writes_past_the_frame_limit_is_a_protocol_error():
    to_runner_r, to_runner_w = os.pipe()
    from_runner_r, from_runner_w = os.pipe()
    channel = JobChannel(to_runner_r, from_runner_w, limit=10)
    try:
        os.write(to_runner_w, frame_bytes({"x": "more than ten bytes"}))
        with pytest.raises(ProtocolError, match="bad frame header"):
            channel.receive()
    finally:
        channel.close()
        os.close(to_runner_w)
        os.close(from_runner_r)


def test_a_broken_pipe_drops_what_was_pending(pipes):
    channel, theirs_read, _ = pipes
    os.close(theirs_read)
    channel.send({"x": 1})
    channel.flush()  # EPIPE: the process is gone, and so is what it was to read
    assert channel.pending == bytearray()


# --- the reference's answers kept across jobs ------------------------------------------------------------

class Zygote:
    """Stands for the runner's zygote: each process it would fork is a pipe pair the test holds the far ends of."""

    def __init__(self):
        self.ends: dict[str, tuple[int, int]] = {}

    def spawn(self, kind: str, fds: list[int]) -> int:
        self.ends[kind] = (os.dup(fds[0]), os.dup(fds[1]))  # (what the runner sends it, where it answers)
        return 0

    def received(self, kind: str) -> list[dict]:
        os.set_blocking(self.ends[kind][0], False)
        frames = FrameBuffer(1 << 20)
        try:
            return frames.feed(os.read(self.ends[kind][0], 1 << 20))
        except BlockingIOError:
            return []

    def close(self) -> None:
        for ends in self.ends.values():
            for fd in ends:
                os.close(fd)


def job(reference: str = "def double(x):\n    return 2 * x\n") -> dict:
    call = HiddenCall("use-test", 1, "use", plaindata.dumps([{"x": 1}]), stand_ins=("double",))
    return Job((), (call,), Limits(wall_seconds=5, cpu_seconds=5, memory_mb=256, processes=4, disk_mb=1,
                                   output_kb=64), reference=(reference,)).to_wire()


def asked(reference: str, args: str, answer: dict | None) -> tuple[list[dict], list[dict]]:
    """One job's call of the stand-in `double` with `args`, answered (by the stand-in, if it is asked) with
    `answer`: (what the stand-in was asked, what the notebook was told)."""
    zygote = Zygote()
    run = runner.JobRun(job(reference), zygote)
    try:
        run.checks_of = {}  # `double` has no checks of its own in this job: the stand-in may answer at once
        run.on_call("double", args)
        run.standin.flush()
        to_standin = [frame for frame in zygote.received("standin") if "call" in frame]
        if to_standin and answer is not None:
            run.on_standin(answer)
        run.notebook.flush()
        told = [frame["reply"] for frame in zygote.received("notebook") if "reply" in frame]
        return to_standin, told
    finally:
        run.notebook.close()
        run.standin.close()
        zygote.close()


@pytest.fixture
def kept(monkeypatch):
    answers = runner.KeptAnswers(1 << 20)
    monkeypatch.setattr(runner, "KEPT", answers)
    return answers


def test_the_same_question_of_the_same_reference_is_answered_from_what_was_kept(kept):
    args = plaindata.dumps([[21], {}, {}])
    first = asked("def double(x):\n    return 2 * x\n", args, {"value": "42"})
    assert first == ([{"call": "double", "args": args}], [{"value": "42"}])
    # The next student's job asks the same: answered without the stand-in.
    assert asked("def double(x):\n    return 2 * x\n", args, None) == ([], [{"value": "42"}])
    # Other arguments, or another reference, are asked of the stand-in.
    other = plaindata.dumps([[22], {}, {}])
    assert asked("def double(x):\n    return 2 * x\n", other, {"value": "44"})[0] == [{"call": "double", "args": other}]
    assert asked("def double(x):\n    return x + x\n", args, {"value": "42"})[0] == [{"call": "double", "args": args}]


def test_an_error_is_never_kept(kept):
    args = plaindata.dumps([[21], {}, {}])
    error = {"error": "out of memory", "type": "MemoryError"}
    assert asked("def double(x):\n    return 2 * x\n", args, error)[1] == [error]
    assert asked("def double(x):\n    return 2 * x\n", args, {"value": "42"}) == \
        ([{"call": "double", "args": args}], [{"value": "42"}])


def test_kept_answers_stay_within_their_bytes_the_oldest_used_dropped_first():
    answers = runner.KeptAnswers(100)
    for number in range(4):
        answers.put(bytes([number]), {"value": "x" * 25})
    assert answers.get(bytes([0])) is not None  # used again: the next one dropped is the oldest used, 1
    answers.put(bytes([9]), {"value": "y" * 25})
    assert [answers.get(bytes([n])) is not None for n in (0, 1, 2, 3, 9)] == [True, False, True, True, True]
    assert answers.held == 100
    answers.put(bytes([10]), {"value": "z" * 26})  # over a quarter of the bytes: never kept
    assert answers.get(bytes([10])) is None
    answers.put(bytes([11]), {"value": "1", "other": 2})  # anything but a bare value: never kept
    assert answers.get(bytes([11])) is None
