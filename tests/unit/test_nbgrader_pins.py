"""The nbgrader source that autograder.pipeline.autograde relies on, pinned: an upgrade that changes it fails here,
and whoever upgrades reads the function again before changing its hash.

ParallelAutograde runs nbgrader's own Autograde.convert_single_notebook for each student, on threads that take
turns; it depends on what these functions do, beyond their public signatures."""

import hashlib
import inspect

import pytest
from nbgrader import utils
from nbgrader.converters import Autograde
from nbgrader.converters.base import BaseConverter

PINS = {
    # equip() makes the writer and the exporter as start() does; start() converts from the course root
    BaseConverter.start: "10d6830579cdca63",
    # ParallelAutograde._convert takes each student through the steps of this loop, in its order
    BaseConverter.convert_notebooks: "9f4d7a770217effe",
    # private names called: where a student's submission is read from and graded into
    BaseConverter._format_source: "740a3471a323b5c4",
    BaseConverter._format_dest: "968c9fe7dc3967cf",
    # SubmissionAutograde extends the resources of each pass, and takes the outcome from the written one
    BaseConverter.init_single_notebook_resources: "fb0abcdb270601c6",
    BaseConverter.write_single_notebook: "90d9ce9843d8ef97",
    # the two passes, NBGRADER_EXECUTION set (and deleted) around the second: the baton switches it per thread
    Autograde.convert_single_notebook: "d46973a12f2e4e75",
    # new preprocessor instances for each pass, whose parent is the exporter (autograder.pipeline.parents)
    Autograde._init_preprocessors: "44b51d96b8fae43a",
    # deletes the variable on leaving, whatever it was before
    utils.setenv: "195ceeb0310d2ffa",
}


@pytest.mark.parametrize("function", PINS, ids=lambda f: f.__qualname__)
def test_nbgrader_source_is_the_one_relied_on(function):
    assert hashlib.sha256(inspect.getsource(function).encode()).hexdigest()[:16] == PINS[function]
