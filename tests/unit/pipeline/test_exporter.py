"""How nbgrader's Autograde reads a submission (SubmissionExporter), on files the test writes: a notebook is read
through judge.integrity with its findings noted, whatever the student wrote under the grader's key is replaced, and
a file that is not a notebook becomes the released notebook, marked refused with the reason."""

from __future__ import annotations

import json

import nbformat

from autograder.i18n import say
from autograder.pipeline.exporter import SubmissionExporter
from tests.unit.fakes import META, configured

A02 = "02_single_example_gd"


def read(path):
    return configured(SubmissionExporter).read(str(path), {"nbgrader": {"assignment": A02, "student": "alice"}})


def test_a_notebook_is_read_with_nothing_to_note(repo_course, tmp_path):
    released = nbformat.read(repo_course.release_notebook(A02), as_version=4)
    released.metadata[META] = {"refused": None, "findings": [["ok", "forged by the student"]]}
    path = tmp_path / "single_example_gd.ipynb"
    nbformat.write(released, path)
    nb, resources = read(path)
    assert nb.metadata[META] == {"findings": [], "refused": None}
    assert [cell.source for cell in nb.cells] == [cell.source for cell in released.cells]
    assert (resources["metadata"]["name"], resources["metadata"]["path"]) == ("single_example_gd", str(tmp_path))
    assert resources["nbgrader"] == {"assignment": A02, "student": "alice"}


def test_an_nbformat_3_file_is_converted_and_noted(tmp_path):
    path = tmp_path / "single_example_gd.ipynb"
    path.write_text(json.dumps({"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "worksheets": [{"metadata": {},
        "cells": [{"cell_type": "code", "input": "x = 1", "language": "python", "outputs": [], "metadata": {}}]}]}))
    nb, _ = read(path)
    assert nb.nbformat == 4
    assert nb.metadata[META] == {"findings": [["repaired", say("integrity.nbformat_3").to_data()]], "refused": None}


def test_a_file_that_is_not_a_notebook_becomes_the_released_one_marked_refused(repo_course, tmp_path):
    path = tmp_path / "single_example_gd.ipynb"
    path.write_text("{not a notebook")
    nb, _ = read(path)
    released = nbformat.read(repo_course.release_notebook(A02), as_version=4)
    assert [cell.source for cell in nb.cells] == [cell.source for cell in released.cells]
    assert nb.metadata[META] == {"findings": [], "refused": [
        "malformed", say("integrity.refused", name="single_example_gd.ipynb",
                         why=say("integrity.not_json", error="JSONDecodeError")).to_data()]}


def test_a_missing_notebook_is_refused_not_an_exception(tmp_path):
    nb, _ = read(tmp_path / "single_example_gd.ipynb")
    assert nb.metadata[META]["refused"] == [
        "malformed", say("integrity.refused", name="single_example_gd.ipynb",
                         why=say("integrity.cannot_open", error="No such file or directory")).to_data()]


def test_the_notebook_is_validated_once_unless_the_instructor_configured_otherwise():
    """nbconvert's optimistic_validation, on by default here; an instructor's setting, on this class or on
    nbconvert's Exporter, wins."""
    from traitlets.config import Config

    assert SubmissionExporter().optimistic_validation is True
    for section in ("SubmissionExporter", "Exporter"):
        config = Config()
        config[section].optimistic_validation = False
        assert SubmissionExporter(config=config).optimistic_validation is False
