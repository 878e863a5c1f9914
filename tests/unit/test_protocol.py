"""The messages across the sandbox boundary, checked where they arrive: whatever the sandbox sends, the
trusted side gets a well-formed Answer or a ProtocolError, and nothing a notebook may not hold."""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nbformat.validator import isvalid

from autograder.protocol import (
    COMPILE_ERRORS,
    Answer,
    CellRun,
    CodeCell,
    CompileError,
    ErrorFact,
    FrameBuffer,
    HiddenCall,
    Job,
    Limits,
    ProtocolError,
    frame_bytes,
    read_frame,
    valid_output,
    write_frame,
)

LIMITS = Limits(wall_seconds=1, cpu_seconds=1, memory_mb=1, processes=1, disk_mb=1, output_kb=1)
JOB = Job(cells=(CodeCell(0, "x = 1"), CodeCell(3, "y = 2")), calls=(HiddenCall("f-test", 3, "f", "[]"),),
          limits=LIMITS)

JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
                    lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.text(max_size=10), inner, max_size=4),
                    max_leaves=30)
OUTPUT = st.fixed_dictionaries({"output_type": st.sampled_from(["stream", "display_data", "execute_result", "error",
                                                                "other"])},
                               optional={"name": JSON, "text": JSON, "data": JSON, "metadata": JSON,
                                         "ename": JSON, "evalue": JSON, "traceback": JSON, "execution_count": JSON})
WIRE = st.fixed_dictionaries(
    {"ending": st.sampled_from(["finished", "timeout", "output", "crashed"])},
    optional={"cells": st.dictionaries(st.sampled_from(["0", "1", "3", "x", "-1"]),
                                       st.fixed_dictionaries({}, optional={"execution_count": JSON,
                                                                           "outputs": st.lists(OUTPUT, max_size=3),
                                                                           "errors": JSON, "truncated": JSON,
                                                                           "unparsed": JSON})),
              "results": JSON, "oversized": JSON, "undefined": JSON, "signal": JSON, "fatal": JSON, "seconds": JSON,
              "spent": JSON})


@settings(max_examples=300, deadline=None)
@given(st.one_of(WIRE, JSON))
def test_any_answer_is_checked_where_it_arrives(wire):
    try:
        answer = Answer.from_wire(wire, JOB)
    except ProtocolError:
        return
    assert set(answer.cells) <= {0, 3}
    for run in answer.cells.values():
        assert all(isvalid(output, ref="output", version=4, version_minor=5) for output in run.outputs)
        assert isinstance(run.execution_count, int)
    assert set(answer.results) <= {"f-test"} and all(isinstance(t, str) for t in answer.results.values())
    assert set(answer.undefined) <= {"f-test"}
    for run in answer.cells.values():
        if run.unparsed is not None:
            assert run.unparsed.ename in COMPILE_ERRORS and isinstance(run.unparsed.message, str)
            assert run.unparsed.line is None or run.unparsed.line > 0
    assert answer.signal is None or 0 < answer.signal < 128
    json.dumps(answer.to_wire())  # it can be stored


def test_an_output_nbformat_would_refuse_becomes_a_note():
    assert valid_output({"output_type": "display_data", "data": {"text/plain": 3}, "metadata": 7})["text"] == \
        "[an output of this cell could not be shown]\n"
    kept = valid_output({"output_type": "stream", "name": "stdout", "text": "lone \ud800 surrogate"})
    assert kept["text"] == "lone \ufffd surrogate"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.binary(max_size=40), max_size=6))
def test_frames_from_any_bytes_are_frames_or_a_protocol_error(pieces):
    buffer = FrameBuffer(limit=1000)
    try:
        for piece in pieces:
            for frame in buffer.feed(piece):
                assert isinstance(frame, dict)
    except ProtocolError:
        pass


def test_frames_arrive_whole_however_they_are_cut():
    data = frame_bytes({"a": 1}) + frame_bytes({"b": [2, 3]})
    buffer = FrameBuffer()
    frames = []
    for byte in data:
        frames += buffer.feed(bytes([byte]))
    assert frames == [{"a": 1}, {"b": [2, 3]}]
    with pytest.raises(ProtocolError):
        FrameBuffer(limit=10).feed(b"0000000099\n{}")


def test_a_job_survives_its_trip():
    assert Job.from_wire(json.loads(json.dumps(JOB.to_wire()))) == JOB


def test_a_cell_that_did_not_compile_and_an_undefined_function_arrive_as_facts():
    wire = {"ending": "finished", "undefined": ["f-test", "other-test", 3],
            "cells": {"3": {"execution_count": 2, "outputs": [],
                            "unparsed": {"ename": "IndentationError", "line": 2,
                                         "message": "unexpected \ud800 indent"}},
                      "0": {"execution_count": 1, "outputs": [], "unparsed": {"ename": "os.system", "line": -4}}}}
    answer = Answer.from_wire(wire, JOB)
    assert answer.undefined == ("f-test",)
    assert answer.cells[3].unparsed == CompileError("IndentationError", 2, "unexpected \ufffd indent")
    assert answer.cells[0].unparsed == CompileError("SyntaxError", None, "")
    assert Answer.from_wire(json.loads(json.dumps(answer.to_wire())), JOB) == answer


TEXT = st.text(max_size=12).filter(lambda text: not any(0xD800 <= ord(c) <= 0xDFFF for c in text))
NAMES = st.lists(TEXT, max_size=3).map(tuple)
JOBS = st.builds(
    Job,
    cells=st.lists(st.builds(CodeCell, st.integers(0, 50), TEXT), max_size=4).map(tuple),
    calls=st.lists(st.builds(HiddenCall, TEXT, st.integers(0, 50), TEXT, TEXT, NAMES, NAMES, NAMES, NAMES),
                   max_size=3).map(tuple),
    limits=st.builds(Limits, st.floats(0.5, 1e4), st.integers(1, 10**4), st.integers(1, 10**5), st.integers(1, 512),
                     st.integers(1, 10**4), st.integers(1, 10**4)),
    env=st.dictionaries(TEXT, TEXT, max_size=3), reference=NAMES)


@settings(max_examples=100, deadline=None)
@given(JOBS)
def test_any_job_survives_its_trip(job):
    assert Job.from_wire(json.loads(json.dumps(job.to_wire()))) == job


STREAM = st.builds(lambda name, text: {"output_type": "stream", "name": name, "text": text},
                   st.sampled_from(["stdout", "stderr"]), TEXT)
RUNS = st.builds(CellRun, st.integers(0, 1000), st.lists(STREAM, max_size=2),
                 st.lists(st.builds(ErrorFact, TEXT.filter(bool), st.none() | st.integers(0, 200)), max_size=2),
                 st.booleans(),
                 st.none() | st.builds(CompileError, st.sampled_from(COMPILE_ERRORS), st.none() | st.integers(1, 99),
                                       TEXT))


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_any_answer_the_sandbox_can_give_survives_its_trip(data):
    """What the sandbox sends arrives as it was sent: the trusted side's own fields (the cgroup's memory kills) are
    not on the wire."""
    grade_ids = sorted({call.grade_id for call in JOB.calls})
    answer = Answer(
        ending=data.draw(st.sampled_from(["finished", "timeout", "output", "crashed"])),
        cells=data.draw(st.dictionaries(st.sampled_from([0, 3]), RUNS)),
        results=data.draw(st.dictionaries(st.sampled_from(grade_ids), TEXT)),
        oversized=data.draw(st.dictionaries(st.sampled_from(grade_ids), st.integers(0, 1 << 40))),
        undefined=tuple(data.draw(st.lists(st.sampled_from(grade_ids), unique=True))),
        signal=data.draw(st.none() | st.integers(1, 127)), fatal=data.draw(st.none() | TEXT),
        seconds=data.draw(st.floats(0, 1e6)))
    assert Answer.from_wire(json.loads(json.dumps(answer.to_wire())), JOB) == answer


@settings(max_examples=100, deadline=None)
@given(st.lists(st.dictionaries(TEXT, JSON, max_size=3), max_size=4), st.lists(st.integers(1, 30), max_size=20))
def test_frames_written_are_the_frames_read_whatever_the_pipe_cuts(messages, cuts):
    messages = [json.loads(json.dumps(message)) for message in messages]  # as JSON gives them back (no NaN identity)
    data = b"".join(frame_bytes(message) for message in messages)
    buffer, received, start = FrameBuffer(), [], 0
    for size in [*cuts, len(data)]:
        received += buffer.feed(data[start:start + size])
        start += size
    assert received == messages
    stream = io.BytesIO()
    for message in messages:
        write_frame(stream, message)
    stream.seek(0)
    assert [read_frame(stream) for _ in messages] + [read_frame(stream)] == [*messages, None]


def test_limits_are_positive_numbers_of_their_kind_on_both_sides_of_the_boundary():
    assert Limits.of({"wall_seconds": 0.5, "cpu_seconds": 1, "memory_mb": 2, "processes": 3, "disk_mb": 4,
                      "output_kb": 5}) == Limits(0.5, 1, 2, 3, 4, 5)
    assert Job.from_wire(JOB.to_wire()).limits == LIMITS
    with pytest.raises(ProtocolError, match=r"^cpu_seconds must be a positive whole number, not -1$"):
        Limits(1, -1, 1, 1, 1, 1)
    with pytest.raises(ProtocolError, match=r"^wall_seconds must be a positive number, not inf$"):
        Limits(float("inf"), 1, 1, 1, 1, 1)
    wire = {**JOB.to_wire(), "limits": {"wall_seconds": 1, "cpu_seconds": 1}}
    with pytest.raises(ProtocolError, match=r"^missing limit\(s\) memory_mb, processes, disk_mb, output_kb \(the "):
        Job.from_wire(wire)
