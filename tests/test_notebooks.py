"""The course notebooks: they run, release/ is in sync with source/, nothing secret is released, and every
notebook follows the one pattern of docs/authoring.md (intro, exercise, check, success line)."""

from __future__ import annotations

import ast
import doctest
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import numpy as np
import pytest
from nbclient import NotebookClient

from autograder import catalogue, dataset, reference
from tests.conftest import REPO
from tests.test_grading import hidden_lines

COURSE = catalogue.load(REPO)
IDS = [a.id for a in COURSE.assignments]
ILLUSTRATION = "illustration"


def source_notebook(assignment_id: str):
    return nbformat.read(REPO / "source" / assignment_id / COURSE.get(assignment_id).notebook, as_version=4)


def nbgrader_meta(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


def is_test_cell(cell) -> bool:
    meta = nbgrader_meta(cell)
    return cell.cell_type == "code" and meta.get("grade") and not meta.get("solution")


def is_illustration(cell) -> bool:
    return ILLUSTRATION in cell.metadata.get("tags", [])


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


# --- the one notebook pattern -------------------------------------------------------------------------

# Grader machinery that a student's notebook must not show (it lives in the autograder package).
MACHINERY = ("grading_run", "NBGRADER_EXECUTION", "while grading", "being graded", "BEGIN HIDDEN TESTS",
             "END HIDDEN TESTS", "autograder.hidden", "run_hidden_checks", "FIGURE_DPI", "check_no_loops",
             "numerical_derivative_of", "cannot send a Python function")


@pytest.mark.parametrize("assignment_id", IDS)
def test_no_grader_machinery_in_the_notebooks(assignment_id):
    for folder in ("source", "release"):
        text = (REPO / folder / assignment_id / COURSE.get(assignment_id).notebook).read_text()
        found = [word for word in MACHINERY if word in text]
        assert found == [], f"{folder}/{assignment_id}: {found}"


@pytest.mark.parametrize("assignment_id", IDS)
def test_every_check_cell_ends_with_the_success_line(assignment_id):
    tests = [cell for cell in source_notebook(assignment_id).cells if is_test_cell(cell)]
    assert tests
    for cell in tests:
        assert cell.source.rstrip().splitlines()[-1] == "checks.passed()", nbgrader_meta(cell)["grade_id"]


@pytest.mark.parametrize("assignment_id", IDS)
def test_every_notebook_opens_with_what_you_will_build_the_points_and_how_to_work(assignment_id):
    assignment = COURSE.get(assignment_id)
    markdown = [cell.source for cell in source_notebook(assignment_id).cells if cell.cell_type == "markdown"]
    opening = markdown[0]
    assert opening.startswith("# ") and "**What you will build**" in opening
    assert f"{assignment.points:g} points in all" in opening
    # The table's last column holds the points of each exercise; they add up to the assignment's points.
    table = [line for line in opening.splitlines() if line.startswith("|") and not line.startswith("|---")][1:]
    assert sum(int(line.rstrip(" |").rsplit("|", 1)[1]) for line in table) == assignment.points
    assert markdown[1].startswith("**How to work.**") and "raise NotImplementedError()" in markdown[1]


def graded_functions(nb) -> dict[str, list[str]]:
    """The functions the students write (defined in solution cells): name -> parameter names."""
    found = {}
    for cell in nb.cells:
        if cell.cell_type == "code" and nbgrader_meta(cell).get("solution"):
            for node in ast.parse(cell.source).body:
                if isinstance(node, ast.FunctionDef):
                    found[node.name] = [argument.arg for argument in node.args.args]
    return found


def top_level_names(source: str) -> set[str]:
    """The names a cell binds at its top level to values (assignments, for loops, with ... as)."""
    targets = []
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign):
            targets += node.targets
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign, ast.For)):
            targets.append(node.target)
        elif isinstance(node, ast.With):
            targets += [item.optional_vars for item in node.items if item.optional_vars]
    return {name.id for target in targets for name in ast.walk(target) if isinstance(name, ast.Name)}


@pytest.mark.parametrize("assignment_id", IDS)
def test_the_notebook_calls_a_students_function_by_position(assignment_id):
    """The grader accepts any parameter names, so the notebook's own cells must too: where they call a function
    the student wrote, they pass its arguments by position (checks.call arranges keywords as the grader does)."""
    nb = source_notebook(assignment_id)
    graded = graded_functions(nb)
    found = []
    for cell in nb.cells:
        if cell.cell_type != "code" or nbgrader_meta(cell).get("solution"):
            continue
        for node in ast.walk(ast.parse(cell.source)):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in graded \
                    and node.keywords:
                found.append(ast.unparse(node))
    assert found == []


def course_function_names() -> set[str]:
    """Every function a notebook of the course defines, the students' and the notebooks' own."""
    return {node.name for assignment_id in IDS for cell in source_notebook(assignment_id).cells
            if cell.cell_type == "code" for node in ast.parse(cell.source).body if isinstance(node, ast.FunctionDef)}


@pytest.mark.parametrize("assignment_id", IDS)
def test_the_notebooks_variables_leave_the_students_names_alone(assignment_id):
    """A variable of the notebook never takes the name of a function of the course (a student's helper `cost` or
    `accuracy`, written in an answer cell, would become a number and break a later cell), and a check cell's
    variables are never named like a parameter of the notebook's exercises (a function that reads a global by
    its old parameter name would find the check's input there)."""
    nb = source_notebook(assignment_id)
    parameters = {name for function in graded_functions(nb).values() for name in function}
    functions = course_function_names()
    found = []
    for cell in nb.cells:
        if cell.cell_type != "code" or nbgrader_meta(cell).get("solution"):
            continue
        names = top_level_names(cell.source)
        clashes = names & functions | (names & parameters if is_test_cell(cell) else set())
        if clashes:
            found.append((nbgrader_meta(cell).get("grade_id") or cell.source.splitlines()[0], sorted(clashes)))
    assert found == []


def exercises(assignment_id):
    """(markdown of each exercise, grade id and points of the test cell that follows it)."""
    cells = source_notebook(assignment_id).cells
    found = []
    for index, cell in enumerate(cells):
        if cell.cell_type == "markdown" and cell.source.startswith("### Exercise"):
            test = next(c for c in cells[index:] if is_test_cell(c))
            found.append((cell.source, nbgrader_meta(test)["grade_id"], nbgrader_meta(test)["points"]))
    return found


@pytest.mark.parametrize("assignment_id", IDS)
def test_every_exercise_states_arguments_return_value_expected_output_and_points(assignment_id):
    found = exercises(assignment_id)
    assert len(found) == sum(1 for c in source_notebook(assignment_id).cells if is_test_cell(c))
    for text, grade_id, points in found:
        heading = text.splitlines()[0]
        assert heading.endswith(f"({points:g} point{'s' if points != 1 else ''})"), (grade_id, heading)
        for part in ("**Argument", "**Returns", "**Expected output"):
            assert part in text, (grade_id, part)


@pytest.mark.parametrize("assignment_id", IDS)
def test_expected_outputs_are_what_the_reference_prints(assignment_id, monkeypatch):
    """Each exercise's "Expected output" is a doctest, run against the reference solution."""
    monkeypatch.setenv("CATVNONCAT_DIR", os.environ.get("CATVNONCAT_DIR", str(REPO / "data")))
    namespace = dict(reference.load(REPO / "source" / assignment_id / COURSE.get(assignment_id).notebook))
    parser, runner = doctest.DocTestParser(), doctest.DocTestRunner(
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    examples = 0
    for text, grade_id, _ in exercises(assignment_id):
        expected = text.split("**Expected output", 1)[1]
        blocks = re.findall(r"```python\n(.*?)```", expected, flags=re.S)
        assert blocks, grade_id
        test = parser.get_doctest(blocks[0], namespace, grade_id, None, 0)
        examples += len(test.examples)
        runner.run(test)
    assert runner.failures == 0 and examples > 0


@pytest.mark.parametrize("assignment_id", IDS)
def test_illustration_cells_are_ungraded_code(assignment_id):
    cells = source_notebook(assignment_id).cells
    for cell in cells:
        if is_illustration(cell):
            assert cell.cell_type == "code" and not nbgrader_meta(cell), cell.source[:80]
    first_code = next(c for c in cells if c.cell_type == "code")
    assert not is_illustration(first_code)


@pytest.mark.parametrize("assignment_id", IDS)
def test_graded_cells_do_not_need_the_illustration_cells(assignment_id, tmp_path_factory):
    """The grader skips illustration cells: without them the notebook still runs with no error at all, and
    every check cell prints its success line."""
    from tests.conftest import copy_course

    root = copy_course(tmp_path_factory.mktemp("core"))
    assignment = COURSE.get(assignment_id)
    folder = root / "source" / assignment_id
    nb = nbformat.read(folder / assignment.notebook, as_version=4)
    nb.cells = [cell for cell in nb.cells if not is_illustration(cell)]
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(folder)}}).execute()
    errors = [o.get("evalue") for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs
              if o.output_type == "error"]
    assert errors == []
    for cell in nb.cells:
        if is_test_cell(cell):
            printed = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
            assert printed.startswith("✓ ") and printed.rstrip().endswith(": all public checks passed."), printed


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """Each source notebook run top to bottom in a fresh kernel, from inside a copy of the course, with
    tests/check_inputs.py watching what its public checks pass (its report is the line HELD=... printed after the
    notebook's last cell)."""
    from tests.conftest import copy_course

    root = copy_course(tmp_path_factory.mktemp("run"))
    done = {}
    for assignment in COURSE.assignments:
        folder = root / "source" / assignment.id
        nb = nbformat.read(folder / assignment.notebook, as_version=4)
        parameters = sorted({name for function in graded_functions(nb).values() for name in function})
        nb.cells.insert(0, nbformat.v4.new_code_cell(
            f"import sys\nsys.path.insert(0, {str(REPO)!r})\nfrom tests import check_inputs\n"
            f"check_inputs.install({parameters!r})"))
        nb.cells.append(nbformat.v4.new_code_cell("print('HELD=' + check_inputs.report())"))
        if assignment.id == "05_cat_classifier":
            nb.cells.append(nbformat.v4.new_code_cell(
                "import json\nprint('GOLDEN=' + json.dumps({'costs': [float(c) for c in golden_costs], "
                "'train': float(train_accuracy), 'test': float(test_accuracy)}))"))
        NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(folder)}}).execute()
        done[assignment.id] = nb
    return done


@pytest.mark.parametrize("assignment_id", IDS)
def test_no_global_can_stand_in_for_what_a_check_passes(executed, assignment_id):
    """A function that reads a global instead of its argument (a renamed parameter whose old name stayed in the
    body, a check's own variable kept from debugging) must fail its public check: in no check cell does a global
    hold an argument in every call, neither while the notebook runs nor when the check is run again at the end."""
    nb = executed[assignment_id]
    printed = next(line for line in printed_lines(nb) if line.startswith("HELD="))
    code = [cell for cell in nb.cells if cell.cell_type == "code"][1:]   # counted after the watching cell
    held = [f"{nbgrader_meta(code[row['cell'] - 1]).get('grade_id')}: {row['function']}({row['parameter']}) is held "
            f"by {row['while the cell ran'] or row['at the end']}" for row in json.loads(printed[len("HELD="):])]
    assert held == []


def test_the_watch_on_check_inputs_sees_a_global_that_stands_in():
    """tests/check_inputs.py itself: the inputs of 04's third edition, which a global could stand in for."""
    from tests import check_inputs

    w = np.array([[0.2], [-0.5], [1.0]])
    namespace = {"w": w, "X_test": np.ones((3, 4)), "b": -0.3, "b_seen": -0.3, "np": np, "_": w}
    check_inputs._parameters.update({"w", "b", "X"})
    try:
        assert check_inputs.holders(w.copy(), namespace) == {"w"}
        assert check_inputs.holders(np.ones((3, 4)), namespace) == {"X_test"}
        assert check_inputs.holders(-0.3, namespace) == {"b"}   # a number counts under a parameter's name only
        assert check_inputs.holders({"W1": w}, {"params_test": {"W1": w + 1e-9}, "other": {"W1": w + 1}}) == \
            {"params_test"}
        assert check_inputs.holders(np.zeros((3, 1)), namespace) == set()
    finally:
        check_inputs._parameters.clear()


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


def printed_lines(nb) -> list[str]:
    return [line for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs
            if o.output_type == "stream" for line in o.text.splitlines()]


def cat_prose(executed) -> str:
    return " ".join(c.source.replace("\n", " ") for c in executed["05_cat_classifier"].cells
                    if c.cell_type == "markdown")


def test_the_cat_classifier_takes_its_baseline_from_the_training_set(executed):
    """The constant answer to beat is the training set's majority (no test label chooses it); its test score, as
    the notebook prints it and as its prose quotes it, comes from the data."""
    _, train_y, _, test_y, _ = dataset.load_catvnoncat()
    majority = float(train_y.mean() > 0.5)
    baseline = 100 * float(np.mean(test_y == majority))
    lines = printed_lines(executed["05_cat_classifier"])
    assert 'the training set\'s majority answer: always "non-cat"' in lines
    assert f"on the test set it scores {baseline:.1f} %; the trained model scores 70.0 %" in lines
    assert f'"non-cat" scores {baseline:.0f} % on the test set' in cat_prose(executed)


def test_the_cat_classifier_overfits_as_the_prose_says(executed):
    """With learning rate 0.005 the test cost rises while the training accuracy climbs; the prose quotes the run."""
    found = {}
    for line in printed_lines(executed["05_cat_classifier"]):
        match = re.match(r"after (\d+) iterations: training cost ([\d.]+), test cost ([\d.]+), "
                         r"training accuracy ([\d.]+) %", line)
        if match:
            found[int(match[1])] = tuple(float(x) for x in match.groups()[1:])
    assert sorted(found) == [200, 1000, 3000]
    assert found[200][1] < found[1000][1] < found[3000][1] and found[200][2] < found[1000][2] < found[3000][2]
    prose = cat_prose(executed)
    for iterations, (_, test_cost, _) in found.items():
        assert f"{test_cost:.3f} after {iterations}" in prose


def test_the_cat_classifier_chooses_on_a_validation_set_and_measures_the_test_once(executed):
    lines = printed_lines(executed["05_cat_classifier"])
    chosen = int(next(s for s in lines if s.startswith("the validation cost is lowest after")).split()[6])
    final = next(s for s in lines if s.startswith(f"{chosen} iterations on all 209 training images"))
    test = float(final.rsplit("test accuracy ", 1)[1].split()[0])
    assert f"lowest after {chosen} iterations, and the model trained that long on all 209 images scores {test:.0f} %" \
        in cat_prose(executed)


def test_the_cost_from_z_shows_what_the_nan_hid(executed):
    """With learning rate 0.5 propagate's cost is nan, the weights are not, and cost_from_z gives the numbers
    the prose quotes."""
    lines = printed_lines(executed["05_cat_classifier"])
    assert sum(1 for s in lines if re.match(r"after +\d+ iterations: cost nan, largest", s)) == 10
    costs = [float(s.rsplit(" ", 1)[1]) for s in lines if re.match(r"after +\d+ iterations: cost [\d.]+$", s)]
    assert len(costs) == 10 and all(np.isfinite(costs))
    # Past the first snapshot the leaps amplify rounding, so the prose quotes one figure and a bound: the second
    # was 6.9 on one CPU and 6.6 on another with AVX-512, and a loaded machine gave 113.8 where another gave 14.1
    # for the third.
    assert costs[1] < 10
    assert f"{costs[0]:.1f} after 100 iterations, below 10 after 200, and then up and down again" in cat_prose(executed)


def test_the_loop_timing_compares_the_same_computation(executed):
    """03 times loops against a matrix product only after showing that both compute the same z."""
    line = next(s for s in printed_lines(executed["03_m_example_loop"]) if s.startswith("same z either way"))
    assert float(line.rsplit(" ", 1)[1]) < 1e-9


def test_gradient_checks_in_the_notebooks_pass(executed):
    """Every relative error a notebook prints for a correct gradient is tiny (04 checks db as well as dw)."""
    for assignment_id, expected in (("02_single_example_gd", {"dw1", "dw2", "db"}), ("04_vectorization", {"dw", "db"})):
        errors = dict(re.findall(r"^\s*(\w+):.*relative error (\S+)$",
                                 "\n".join(printed_lines(executed[assignment_id])), flags=re.M))
        assert set(errors) == expected and max(float(e) for e in errors.values()) < 1e-7, (assignment_id, errors)


@pytest.mark.parametrize("assignment_id", IDS)
def test_figures_render(executed, assignment_id):
    images = sum(1 for cell in executed[assignment_id].cells if cell.cell_type == "code"
                 for o in cell.outputs if "image/png" in o.get("data", {}))
    assert images >= 1


@pytest.mark.parametrize("assignment_id", IDS)
def test_release_is_in_sync_with_source(course, assignment_id):
    """release/ as committed equals what nbgrader generates now from source/ (the English notebook, and the Chinese
    one where the assignment has a translation)."""
    for path in sorted((REPO / "release" / assignment_id).glob("*.ipynb")):
        committed = nbformat.read(path, as_version=4)
        generated = nbformat.read(course / "release" / assignment_id / path.name, as_version=4)
        assert [(c.cell_type, c.source, c.metadata.get("nbgrader")) for c in committed.cells] == \
               [(c.cell_type, c.source, c.metadata.get("nbgrader")) for c in generated.cells], path.name
    committed_files = sorted(p.name for p in (REPO / "release" / assignment_id).iterdir())
    assert committed_files == sorted(p.name for p in (course / "release" / assignment_id).iterdir())


@pytest.mark.parametrize("assignment_id", IDS)
def test_release_holds_no_solution_and_no_hidden_test(assignment_id):
    assignment = COURSE.get(assignment_id)
    source = nbformat.read(REPO / "source" / assignment_id / assignment.notebook, as_version=4)
    for path in (REPO / "release" / assignment_id).glob("*.ipynb"):  # in every language
        released = path.read_text()
        for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "run_hidden_checks"):
            assert marker not in released
        for line in hidden_lines(assignment_id, REPO):
            assert line not in released
    assert not any("BEGIN HIDDEN TESTS" in cell.source for cell in source.cells), \
        "hidden checks live in grading.py, never in a test cell"
    assert not (REPO / "release" / assignment_id / "grading.py").exists()
    assert not (REPO / "release" / assignment_id / "zh-CN.toml").exists()


@pytest.fixture(scope="module")
def validated_inverted() -> dict[str, str]:
    """What `nbgrader validate --invert` says of each released notebook: one run for all six (nbgrader's start-up
    once, not six times; each notebook still runs in a fresh kernel of its own). Its log names each notebook before
    what it prints of it (stdout and stderr unbuffered, into one pipe, so their order is kept)."""
    paths = {str(REPO / "release" / a.id / a.notebook): a.id for a in COURSE.assignments}
    done = subprocess.run([sys.executable, "-m", "nbgrader", "validate", "--invert", *paths], cwd=REPO,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=900,
                          env={**os.environ, "PYTHONUNBUFFERED": "1",
                               "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"})
    assert done.returncode == 0, done.stdout
    said: dict[str, str] = {}
    for part in re.split(r"^.*Validating '", done.stdout, flags=re.M)[1:]:
        path, _, rest = part.partition("'")
        said[paths[path]] = rest
    assert sorted(said) == sorted(IDS), done.stdout
    return said


@pytest.mark.parametrize("assignment_id", IDS)
def test_released_notebook_fails_validation_when_unanswered(validated_inverted, assignment_id):
    """`nbgrader validate --invert` passes: the stubs do not pass the tests."""
    assert "Success! The notebook does not pass any tests." in validated_inverted[assignment_id]
