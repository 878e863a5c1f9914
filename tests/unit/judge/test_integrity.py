"""Reading a submission (never a link, a pipe or an oversized file; nbformat 3 converted; lone surrogates replaced)
and putting its nbgrader structure back in order, on files and notebooks made by the test."""

from __future__ import annotations

import json
import os

import nbformat
import pytest

from autograder.i18n import say
from autograder.judge import integrity
from autograder.judge.integrity import grade_id_of

A02 = "02_single_example_gd"


def written(tmp_path, data: bytes):
    path = tmp_path / "single_example_gd.ipynb"
    path.write_bytes(data)
    return path


def notebook(*sources: str) -> bytes:
    return nbformat.writes(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])).encode()


def refusal(path) -> tuple:
    with pytest.raises(integrity.NotANotebook) as refused:
        integrity.load(path)
    return refused.value.message.key, dict(refused.value.message.values)


def raw_v4(cells) -> bytes:
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells}).encode()


@pytest.mark.parametrize("data,key,values", [
    (b"{not json", "integrity.not_json", {"error": "JSONDecodeError"}),
    (b"\xff\xfe", "integrity.not_json", {"error": "UnicodeDecodeError"}),
    (b"[1]", "integrity.json_kind", {"kind": "list"}),
    (b'{"nbformat": 5}', "integrity.nbformat", {"version": "5"}),
    (b'{"nbformat": "4"}', "integrity.nbformat", {"version": "4"}),  # the version as text is not nbformat 4
    (raw_v4([{"cell_type": "code"}] * 2001), "integrity.too_many_cells", {"count": 2001, "limit": 2000}),
    (raw_v4([{"cell_type": "bogus"}]), "integrity.invalid",
     {"error": "ValidationError", "detail": "The notebook is invalid and is missing an expected key: metadata"}),
    (nbformat.writes(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("x")])).encode(),
     "integrity.no_code", {}),
])
def test_a_file_that_is_not_a_notebook_is_refused_with_the_reason(tmp_path, data, key, values):
    assert refusal(written(tmp_path, data)) == (key, values)


def test_links_folders_pipes_and_missing_files_are_refused_without_being_opened(tmp_path):
    (tmp_path / "real.ipynb").write_bytes(notebook("x = 1"))
    (tmp_path / "link.ipynb").symlink_to(tmp_path / "real.ipynb")
    (tmp_path / "folder.ipynb").mkdir()
    os.mkfifo(tmp_path / "pipe.ipynb")  # opened for reading without O_NONBLOCK, it would stall the grader
    (tmp_path / "linked").symlink_to(tmp_path, target_is_directory=True)
    assert [refusal(tmp_path / name) for name in ("link.ipynb", "folder.ipynb", "pipe.ipynb", "missing.ipynb")] == [
        ("integrity.link", {"name": "link.ipynb"}), ("integrity.folder", {"name": "folder.ipynb"}),
        ("integrity.not_a_file", {"name": "pipe.ipynb"}),
        ("integrity.cannot_open", {"error": "No such file or directory"})]
    assert refusal(tmp_path / "linked" / "real.ipynb") == ("integrity.link", {"name": "real.ipynb"})


def test_a_notebook_over_the_size_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(integrity, "MAX_NOTEBOOK_MB", 0)
    assert refusal(written(tmp_path, notebook("x = 1"))) == \
        ("integrity.too_large", {"mb": pytest.approx(len(notebook("x = 1")) / (1 << 20)), "limit": 0})


def test_nbformat_3_is_read_as_4_and_said(tmp_path):
    v3 = {"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "worksheets": [{"metadata": {}, "cells": [
        {"cell_type": "code", "input": "x = 1", "language": "python", "outputs": [], "metadata": {}}]}]}
    nb, found = integrity.load(written(tmp_path, json.dumps(v3).encode()))
    assert (nb.nbformat, [cell.source for cell in nb.cells]) == (4, ["x = 1"])
    assert found == [("repaired", say("integrity.nbformat_3"))]


def test_a_lone_surrogate_is_replaced_so_that_the_notebook_can_be_stored(tmp_path):
    cell = {"cell_type": "code", "id": "c1", "source": "s = '\ud800'", "metadata": {}, "outputs": [],
            "execution_count": None}
    nb, found = integrity.load(written(tmp_path, raw_v4([cell])))  # JSON escapes it: \ud800 on disk
    assert ([cell.source for cell in nb.cells], found) == (["s = '\ufffd'"], [])


# --- the structure put back ----------------------------------------------------------------------------

@pytest.fixture
def released(repo_course):
    return repo_course.released_cells(A02)


@pytest.fixture
def nb(repo_course):
    return nbformat.read(repo_course.release_notebook(A02), as_version=4)


def at(nb, grade_id: str) -> int:
    [index] = [i for i, cell in enumerate(nb.cells) if grade_id_of(cell) == grade_id]
    return index


def test_the_released_notebook_needs_no_repair(nb, released):
    assert integrity.repair(nb, released) == []


def test_an_answer_cell_that_lost_its_id_gets_it_back_from_the_function_it_defines(nb, released):
    answer = nb.cells[at(nb, "sgd-update-code")]
    del answer.metadata["nbgrader"]
    answer.source = "def update(params, grads, alpha):\n    return dict(params)\n"
    assert integrity.repair(nb, released) == [("repaired", say("integrity.lost_id", cell="sgd-update-code",
                                                                  function="update"))]
    assert nb.cells[at(nb, "sgd-update-code")].source == "def update(params, grads, alpha):\n    return dict(params)\n"


def test_an_answer_written_inside_another_answer_cell_gets_an_empty_cell_after_it(nb, released):
    forward = nb.cells[at(nb, "sgd-forward-code")]
    del nb.cells[at(nb, "sgd-update-code")]
    forward.source += "\n\ndef update(params, grads, alpha):\n    return dict(params)\n"
    assert integrity.repair(nb, released) == [("repaired", say("integrity.answer_elsewhere", cell="sgd-update-code",
                                                                  function="update"))]
    # An empty stand-in right after it, so that nbgrader does not put the blank original back after the student's.
    stand_in = at(nb, "sgd-update-code")
    assert (stand_in, nb.cells[stand_in].source) == (at(nb, "sgd-forward-code") + 1, "")


def test_a_cell_pasted_twice_keeps_its_last_copy_an_answer_repaired_a_test_cell_tampered(nb, released):
    for grade_id in ("sgd-forward-code", "sgd-forward-test"):
        nb.cells.insert(at(nb, grade_id), nbformat.from_dict(nb.cells[at(nb, grade_id)]))
    assert integrity.repair(nb, released) == [
        ("repaired", say("integrity.answer_twice", cell="sgd-forward-code", count=2)),
        ("tampered", say("integrity.cell_twice", cell="sgd-forward-test", count=2))]
    assert [grade_id_of(cell) for cell in nb.cells].count("sgd-forward-test") == 1


def test_a_deleted_answer_and_a_deleted_test_cell_are_told_apart(nb, released):
    del nb.cells[at(nb, "sgd-update-code")]
    del nb.cells[at(nb, "sgd-squared-test")]
    assert integrity.repair(nb, released) == [("repaired", say("integrity.answer_deleted", cell="sgd-update-code")),
                                              ("tampered", say("integrity.cell_missing", cell="sgd-squared-test"))]


def test_cells_of_no_grade_id_of_this_assignment_run_as_ordinary_cells(nb, released):
    graded = nbformat.v4.new_code_cell("x = 1", metadata={"nbgrader": {"grade": True, "grade_id": "mine", "points": 9}})
    plain = nbformat.v4.new_code_cell("y = 2", metadata={"nbgrader": "not a mapping"})
    nb.cells += [graded, plain]
    assert integrity.repair(nb, released) == [("tampered", say("integrity.foreign_graded", cell="mine")),
                                              ("repaired", say("integrity.foreign_cell", cell=say("integrity.no_id")))]
    assert ("nbgrader" in graded.metadata, "nbgrader" in plain.metadata) == (False, False)


def test_a_changed_locked_cell_and_changed_settings_are_tampering_and_the_settings_go_back(nb, released):
    locked = next(cell for cell in nb.cells if cell.cell_type == "code" and integrity.settings_of(cell).get("locked")
                  and not integrity.settings_of(cell).get("grade"))
    locked.source += "\nprint('changed')"
    test_cell = nb.cells[at(nb, "sgd-backward-test")]
    test_cell.metadata.nbgrader["grade"] = False
    assert integrity.repair(nb, released) == [
        ("tampered", say("integrity.locked_changed", cell=grade_id_of(locked))),
        ("tampered", say("integrity.settings_changed", cell="sgd-backward-test", settings="grade"))]
    assert test_cell.metadata.nbgrader == released["sgd-backward-test"].meta


def test_a_released_cell_as_the_chinese_notebook_has_it_is_graded_as_the_english_one(repo_course, released):
    chinese = nbformat.read(repo_course.release_notebook(A02).with_name("single_example_gd.zh-CN.ipynb"),
                            as_version=4)
    english = nbformat.read(repo_course.release_notebook(A02), as_version=4)
    assert integrity.repair(chinese, released) == []
    assert [cell.source for cell in chinese.cells if grade_id_of(cell)] == \
        [cell.source for cell in english.cells if grade_id_of(cell)]
