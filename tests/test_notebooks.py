"""The course notebooks: they run, release/ is in sync with source/, nothing secret is released."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from autograder import catalogue
from tests.conftest import REPO
from tests.test_grading import hidden_lines

COURSE = catalogue.load(REPO)
IDS = [a.id for a in COURSE.assignments]


def test_every_catalogued_assignment_has_its_notebook_and_checks():
    for assignment in COURSE.assignments:
        assert (REPO / "source" / assignment.id / assignment.notebook).is_file(), assignment.id
        assert (REPO / "source" / assignment.id / "grading.py").is_file(), assignment.id
        assert (REPO / "release" / assignment.id / assignment.notebook).is_file(), assignment.id


@pytest.mark.parametrize("assignment_id", IDS)
def test_catalogue_points_are_the_notebook_points(assignment_id):
    assignment = COURSE.get(assignment_id)
    nb = nbformat.read(REPO / "source" / assignment_id / assignment.notebook, as_version=4)
    meta = [cell.metadata.get("nbgrader", {}) for cell in nb.cells]
    assert sum(float(m.get("points", 0)) for m in meta if m.get("grade")) == assignment.points


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """Each source notebook run top to bottom in a fresh kernel, from inside a copy of the course."""
    from tests.conftest import copy_course

    root = copy_course(tmp_path_factory.mktemp("run"))
    done = {}
    for assignment in COURSE.assignments:
        folder = root / "source" / assignment.id
        nb = nbformat.read(folder / assignment.notebook, as_version=4)
        if assignment.id == "05_cat_classifier":
            nb.cells.append(nbformat.v4.new_code_cell(
                "import json\nprint('GOLDEN=' + json.dumps({'costs': [float(c) for c in golden_costs], "
                "'train': float(train_accuracy), 'test': float(test_accuracy)}))"))
        NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(folder)}}).execute()
        done[assignment.id] = nb
    return done


@pytest.mark.parametrize("assignment_id", IDS)
def test_source_notebook_runs_with_every_test_passing(executed, assignment_id):
    nb = executed[assignment_id]
    errors = [(cell.metadata.get("nbgrader", {}).get("grade_id"), o.get("ename"), o.get("evalue"))
              for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs if o.output_type == "error"]
    assert errors == []
    stderr = [cell.metadata["nbgrader"]["grade_id"] for cell in nb.cells
              if cell.metadata.get("nbgrader", {}).get("grade") and cell.cell_type == "code"
              for o in cell.outputs if o.output_type == "stream" and o.name == "stderr"]
    assert stderr == [], "a test cell writes to stderr, which nbgrader scores as 0"


def test_golden_run_of_the_cat_classifier(executed):
    """lr 0.005, 2000 iterations from zeros: the costs and accuracies of REFERENCE.md §2."""
    printed = executed["05_cat_classifier"].cells[-1].outputs[0]["text"]
    golden = json.loads(printed.split("GOLDEN=", 1)[1])
    expected_costs = [0.693147, 0.584508, 0.466949, 0.376007, 0.331463, 0.303273, 0.279880, 0.260042, 0.242941,
                      0.228004, 0.214820, 0.203078, 0.192544, 0.183033, 0.174399, 0.166521, 0.159305, 0.152667,
                      0.146542, 0.140872]
    assert [round(c, 6) for c in golden["costs"]] == expected_costs
    assert golden["train"] == 99.04306220095694
    assert golden["test"] == 70.0


@pytest.mark.parametrize("assignment_id", IDS)
def test_figures_render(executed, assignment_id):
    images = sum(1 for cell in executed[assignment_id].cells if cell.cell_type == "code"
                 for o in cell.outputs if "image/png" in o.get("data", {}))
    assert images >= 1


@pytest.mark.parametrize("assignment_id", IDS)
def test_release_is_in_sync_with_source(course, assignment_id):
    """release/ as committed equals what nbgrader generates now from source/."""
    assignment = COURSE.get(assignment_id)
    committed = nbformat.read(REPO / "release" / assignment_id / assignment.notebook, as_version=4)
    generated = nbformat.read(course / "release" / assignment_id / assignment.notebook, as_version=4)
    assert [(c.cell_type, c.source, c.metadata.get("nbgrader")) for c in committed.cells] == \
           [(c.cell_type, c.source, c.metadata.get("nbgrader")) for c in generated.cells]
    committed_files = sorted(p.name for p in (REPO / "release" / assignment_id).iterdir())
    assert committed_files == sorted(p.name for p in (course / "release" / assignment_id).iterdir())


@pytest.mark.parametrize("assignment_id", IDS)
def test_release_holds_no_solution_and_no_hidden_test(assignment_id):
    assignment = COURSE.get(assignment_id)
    released = (REPO / "release" / assignment_id / assignment.notebook).read_text()
    source = nbformat.read(REPO / "source" / assignment_id / assignment.notebook, as_version=4)
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "run_hidden_checks"):
        assert marker not in released
    for line in hidden_lines(assignment_id, REPO):
        assert line not in released
    assert not any("BEGIN HIDDEN TESTS" in cell.source for cell in source.cells), \
        "hidden checks live in grading.py, never in a test cell"
    assert not (REPO / "release" / assignment_id / "grading.py").exists()


@pytest.mark.parametrize("assignment_id", IDS)
def test_released_notebook_fails_validation_when_unanswered(assignment_id):
    """`nbgrader validate --invert` passes: the stubs do not pass the tests."""
    assignment = COURSE.get(assignment_id)
    done = subprocess.run([sys.executable, "-m", "nbgrader", "validate", "--invert",
                           str(REPO / "release" / assignment_id / assignment.notebook)],
                          cwd=REPO, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"})
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Success! The notebook does not pass any tests." in done.stdout
