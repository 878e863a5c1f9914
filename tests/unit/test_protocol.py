"""The messages across the sandbox boundary, checked where they arrive: whatever the sandbox sends, the
trusted side gets a well-formed Answer or a ProtocolError, and nothing a notebook may not hold."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nbformat.validator import isvalid

from autograder.catalogue import Limits
from autograder.protocol import (COMPILE_ERRORS, Answer, CodeCell, CompileError, FrameBuffer, HiddenCall, Job,
                                 ProtocolError, frame_bytes, valid_output)

LIMITS = Limits(wall_seconds=1, cpu_seconds=1, memory_mb=1, processes=1, disk_mb=1, output_kb=1)
JOB = Job(cells=(CodeCell(0, "x = 1"), CodeCell(3, "y = 2")), calls=(HiddenCall("f-test", 3, "f", "[]"),),
          limits=LIMITS)

JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
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
                            "unparsed": {"ename": "IndentationError", "line": 2, "message": "unexpected \ud800 indent"}},
                      "0": {"execution_count": 1, "outputs": [], "unparsed": {"ename": "os.system", "line": -4}}}}
    answer = Answer.from_wire(wire, JOB)
    assert answer.undefined == ("f-test",)
    assert answer.cells[3].unparsed == CompileError("IndentationError", 2, "unexpected \ufffd indent")
    assert answer.cells[0].unparsed == CompileError("SyntaxError", None, "")
    assert Answer.from_wire(json.loads(json.dumps(answer.to_wire())), JOB) == answer
