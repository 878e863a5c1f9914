"""The runner's channel to a process of the job, over a real pipe pair and without a sandbox: frames out whole
however the pipe takes them, frames in however they arrive, a closed pipe seen, and nothing ever blocking."""

from __future__ import annotations

import os

import pytest

from autograder.inside.runner import JobChannel
from autograder.protocol import ProtocolError, frame_bytes


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
